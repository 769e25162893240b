"""Checking a project without building it: load every file, then anchor every note.

Hosts use this to report all problems at once, anchoring included, before they
write anything: the MkDocs plugin when a file has errors, command-line tools always.
Pages are rendered with the site's own Markdown extensions, so quotes are matched
against the same text a build would produce; nothing is woven or written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor

from . import frontmatter
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
    results = []
    for page in sorted(catalog.notes):
        try:
            text = (docs_dir / page).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # a missing page is reported by the loader
        results.append(anchorer.page(page, text, catalog.notes[page]))
    return results


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
