"""Checking a project without building it: load every file, then anchor every note.

Hosts use this to report all problems at once, anchoring included, before they
write anything: the MkDocs plugin when a file has errors, command-line tools always.
Pages are rendered with the site's own Markdown extensions, so quotes are matched
against the same text a build would produce; nothing is woven or written.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor

from . import collector, frontmatter
from .anchor import Placement, anchor_notes, problem_diagnostics
from .catalog import Catalog, LoadedNote
from .diagnostics import Diagnostic, Diagnostics
from .extension import PRIORITY, ContextLayersExtension
from .textmap import Unit, collect_units


@dataclass
class PageResult:
    """What anchoring found on one page."""

    page: str
    units: list[Unit] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)


class _Anchored(Exception):  # noqa: N818 - a signal, not an error
    """Raised once a page is anchored: the rest of its conversion would only serialise it."""


class _AnchorOnly(Treeprocessor):
    """Collects the page's blocks where the extension would run, anchors there, and stops."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.notes: list[LoadedNote] = []
        self.result = PageResult("")

    def run(self, root: Element) -> None:
        self.result.units = collect_units(self.md, root)
        self.result.placements, problems = anchor_notes(self.result.units, self.notes)
        self.result.diagnostics = problem_diagnostics(problems)
        raise _Anchored


class _Anchorer:
    """One Markdown instance with the site's extensions, reset for each page (making one per
    page costs more than anchoring a short page)."""

    def __init__(self, extensions: Iterable[Any], extension_configs: dict[str, dict[str, Any]] | None) -> None:
        foreign = [e for e in extensions if not isinstance(e, ContextLayersExtension)]
        self.md = markdown.Markdown(extensions=foreign, extension_configs=extension_configs or {})
        self.anchor = _AnchorOnly(self.md)
        self.md.treeprocessors.register(self.anchor, "context_layers_check", PRIORITY)

    def page(self, page: str, text: str, notes: list[LoadedNote]) -> PageResult:
        self.anchor.notes, self.anchor.result = notes, PageResult(page)
        self.md.reset()
        try:
            with collector.paused():
                self.md.convert(frontmatter.strip(text))
        except _Anchored:
            pass
        return self.anchor.result


def anchor_page(
    page: str,
    text: str,
    notes: list[LoadedNote],
    extensions: Iterable[Any] = (),
    extension_configs: dict[str, dict[str, Any]] | None = None,
) -> PageResult:
    """Anchor `notes` on the Markdown `text` of `page`."""
    return _Anchorer(extensions, extension_configs).page(page, text, notes)


def anchor_catalog(
    catalog: Catalog,
    docs_dir: Path,
    extensions: Iterable[Any] = (),
    extension_configs: dict[str, dict[str, Any]] | None = None,
) -> list[PageResult]:
    """Anchor the notes of every annotated page."""
    anchorer = _Anchorer(extensions, extension_configs)
    return list(_anchor(anchorer, catalog, docs_dir, sorted(catalog.notes)))


def _anchor(anchorer: _Anchorer, catalog: Catalog, docs_dir: Path, pages: list[str]) -> Iterator[PageResult]:
    for page in pages:
        try:
            text = (docs_dir / page).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # a missing page is reported by the loader
        yield anchorer.page(page, text, catalog.notes[page])


def anchor_pages(
    catalog: Catalog,
    docs_dir: Path,
    extensions: Iterable[Any] = (),
    extension_configs: dict[str, dict[str, Any]] | None = None,
) -> Diagnostics:
    """The anchoring problems of every annotated page."""
    found = Diagnostics()
    for result in anchor_catalog(catalog, docs_dir, extensions, extension_configs):
        found.extend(result.diagnostics)
    return found


# The loaded notes and the site's extensions, for the workers `anchoring_problems` forks (inherited, not sent).
_SHARED: tuple[Catalog, Path, list[Any], dict[str, dict[str, Any]] | None] | None = None
MIN_PAGES_PER_JOB = 10  # below that, starting a worker costs more than it saves


def anchoring_problems(
    catalog: Catalog,
    docs_dir: Path,
    extensions: Iterable[Any] = (),
    extension_configs: dict[str, dict[str, Any]] | None = None,
    *,
    jobs: int = 1,
) -> Diagnostics:
    """`anchor_pages` on up to `jobs` processes at once, where the system can fork: each worker
    inherits the loaded notes and anchors every `jobs`-th page. For a process without threads
    (a command line): forking one that has threads is unsafe."""
    global _SHARED
    jobs = min(jobs, len(catalog.notes) // MIN_PAGES_PER_JOB)
    if jobs < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return anchor_pages(catalog, docs_dir, extensions, extension_configs)
    _SHARED = (catalog, docs_dir, list(extensions), extension_configs)
    try:
        with multiprocessing.get_context("fork").Pool(jobs - 1) as pool:
            others = pool.map_async(_anchor_share, [(first, jobs) for first in range(1, jobs)])
            shares = [_anchor_share((0, jobs)), *others.get()]  # this process takes the first share
    finally:
        _SHARED = None
    return Diagnostics(diagnostic for share in shares for diagnostic in share)


def _anchor_share(share: tuple[int, int]) -> list[Diagnostic]:
    assert _SHARED is not None
    catalog, docs_dir, extensions, extension_configs = _SHARED
    first, step = share
    pages = sorted(catalog.notes)[first::step]
    anchorer = _Anchorer(extensions, extension_configs)
    return [d for result in _anchor(anchorer, catalog, docs_dir, pages) for d in result.diagnostics]


def check_catalog(
    catalog: Catalog,
    docs_dir: Path,
    extensions: Iterable[Any] = (),
    extension_configs: dict[str, dict[str, Any]] | None = None,
) -> list[Diagnostic]:
    """Every problem of a loaded project, loading and anchoring, in file order."""
    everything = Diagnostics(catalog.diagnostics)
    everything.extend(anchor_pages(catalog, docs_dir, extensions, extension_configs))
    return everything.sorted()
