"""The Zensical host: the same notes in a site built with `zensical build`.

Zensical runs Python-Markdown extensions but no MkDocs plugins, so this module does
for it, from inside the extension, what plugin.py does for MkDocs. What Zensical
0.0.x gives an extension, and what follows from it:

- A new `Markdown`, and a new instance of this extension, for every page. Its
  rendering context (`zensical.extensions.context.ContextPreprocessor`) holds the
  page (`page.path`: the source path under docs_dir) and the site configuration.
  Other extensions may render fragments with the same extensions and the same
  context (Zensical forwards it on purpose); only the page's own `Markdown`, the
  first one built for that page, gets notes.
- No build events, and under `zensical serve` the same configuration object for
  every rebuild. The notes are loaded when the first page is rendered, and again
  whenever an annotation file has changed since.
- An exception stops nothing at once: Zensical renders every page, then prints a
  traceback of the exception and exits with status 1, writing no page that raised.
  So problems are printed to stderr as soon as they are found (they come first).
  An error in the annotation files makes every page raise; a quote that cannot be
  placed makes its page raise.
- Under `zensical serve` an exception ends the server, and nothing tells an
  extension it runs there but the command line: there, problems are printed and the
  pages show the notes that have none, as `mkdocs serve` does.
- Zensical caches rendered pages and renders them again only when their text, the
  extensions' options or a file under `watch` changes: the configuration must
  watch the annotations folder, or edited notes are not published.

    [project]
    watch = ["annotations"]
    [project.markdown_extensions."context_layers.zensical"]
    annotations = "annotations"

Options are the extension's own. `root` defaults to the folder of zensical.toml (or
mkdocs.yml), `docs_dir` to Zensical's docs_dir and `language` to the theme's. `python -m context_layers.zensical
DEST` copies the reading interface's stylesheets and scripts into DEST.
"""

from __future__ import annotations

import sys
import threading
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown import Markdown
from zensical.extensions.context import ContextPreprocessor

from .core.catalog import Catalog
from .core.diagnostics import ContextLayersError, Diagnostic, Diagnostics
from .core.extension import ContextLayersExtension
from .core.files import annotation_files, markdown_pages
from .core.load import load_catalog
from .core.options import OptionError, parse_folders
from .core.strings import reader_strings
from .publish.assets import every_asset, served


@dataclass
class _Notes:
    """The notes as loaded for a Zensical build, shared by every page's extension."""

    config: dict[str, Any]
    files: tuple[tuple[str, int, int], ...]  # annotation files: path, mtime, size
    catalog: Catalog
    strict: bool
    serving: bool  # `zensical serve`: print problems, raise nothing
    failures: list[Diagnostic] = field(default_factory=list)


_lock = threading.Lock()
_current: _Notes | None = None
# The page's own Markdown (by id) for each page being rendered; pages are weakly held.
_owners: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()


def _print(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _fingerprint(folders: list[Path]) -> tuple[tuple[str, int, int], ...]:
    """Each annotation file with its modification time and size: what changes when one is edited."""
    paths = annotation_files(folders)
    return tuple((str(path), stat.st_mtime_ns, stat.st_size) for path, stat in ((p, p.stat()) for p in paths))


class ZensicalContextLayersExtension(ContextLayersExtension):
    """`ContextLayersExtension` that reads the page and the paths from Zensical."""

    def __init__(self, **kwargs: Any) -> None:
        self._given = set(kwargs)
        try:
            super().__init__(**kwargs)
        except ContextLayersError as exc:  # a bad option: Zensical would print it last
            _print(str(exc))
            raise
        self._context: ContextPreprocessor | None = None
        self._notes: _Notes | None = None
        self._failures = Diagnostics()  # this page's

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API
        super().extendMarkdown(md)
        context = ContextPreprocessor.from_markdown(md)
        if context is not None:
            _owners.setdefault(context.page, id(md))
            self.page_source = lambda: self._page_of(md)

    def _page_of(self, md: Markdown) -> str | None:
        context = ContextPreprocessor.from_markdown(md)
        if context is None or _owners.get(context.page) != id(md):
            return None  # a fragment rendered by another extension, not the page
        self._context = context
        self.meta_source = lambda: context.page.meta
        return context.page.path

    def get_catalog(self) -> Catalog:
        if self._context is None:
            return super().get_catalog()
        if self._notes is None:
            self._notes = self._load(self._context.config)
            self.use_catalog(self._notes.catalog)
            self.reporter = self._print_page_problems
            if "language" not in self._given:  # the reader's language is the theme's, as under MkDocs
                language = (self._context.config.get("theme") or {}).get("language")
                self.strings = reader_strings(language, self.getConfig("strings") or None)
        return self._notes.catalog

    def _print_page_problems(self, fresh: list[Diagnostic]) -> None:
        assert self._notes is not None
        for diagnostic in fresh:
            _print(diagnostic.format())
            if diagnostic.is_error or (self._notes.strict and diagnostic.is_warning):
                self._failures.append(diagnostic)

    def report(self, diagnostics: list[Diagnostic]) -> None:
        super().report(diagnostics)
        if self._notes is not None and not self._notes.serving and (self._notes.failures or self._failures):
            failures = Diagnostics([*self._notes.failures, *self._failures])
            raise ContextLayersError(failures.sorted(), f"context-layers: {failures.summary()} in annotations")

    # -- the build -----------------------------------------------------------
    def _paths(self, config: dict[str, Any]) -> tuple[Path, Path, list[Path]]:
        project = Path(config["root_dir"])
        root = project / self.getConfig("root")
        docs = root / self.getConfig("docs_dir") if "docs_dir" in self._given else project / config["docs_dir"]
        try:
            folders = [root / folder for folder in parse_folders(self.getConfig("annotations"))]
        except OptionError as exc:
            _print(f"context_layers: {exc}")
            raise ContextLayersError([], f"context_layers: {exc}") from None
        return root, docs, folders

    def _load(self, config: dict[str, Any]) -> _Notes:
        """The notes, loaded (and their problems printed) by the first page that needs them."""
        global _current
        root, docs, folders = self._paths(config)
        files = _fingerprint(folders)
        with _lock:
            if _current is not None and _current.config is config and _current.files == files:
                return _current
            pages = markdown_pages(docs) if docs.is_dir() else None
            catalog = load_catalog(
                folders, self.layers, root=root, pages=pages, verdict_rules=bool(self.getConfig("verdict_rules"))
            )
            serving = sys.argv[1:2] == ["serve"]  # the subcommand of Zensical's command line
            _current = _Notes(config, files, catalog, strict=bool(config.get("strict")), serving=serving)
            for folder in folders:
                self._warn_if_not_watched(config, root, folder)
            for diagnostic in catalog.diagnostics.sorted():
                _print(diagnostic.format())
                if diagnostic.is_error or (_current.strict and diagnostic.is_warning):
                    _current.failures.append(diagnostic)
            if serving and _current.failures:
                _print("context-layers: the pages are served without the notes that have errors")
            return _current

    @staticmethod
    def _warn_if_not_watched(config: dict[str, Any], root: Path, folder: Path) -> None:
        project = Path(config["root_dir"])
        watched = [(project / path).resolve() for path in config.get("watch", [])]
        folder = folder.resolve()
        if not any(folder == path or path in folder.parents for path in watched):
            shown = (
                folder.relative_to(root.resolve()).as_posix() if folder.is_relative_to(root.resolve()) else str(folder)
            )
            _print(
                f'context-layers: warning: add watch = ["{shown}"] to [project] in zensical.toml (or watch: '
                f"in mkdocs.yml): Zensical renders a page again only when a watched file changes, so edited "
                f"notes would not be published"
            )


def makeExtension(**kwargs: Any) -> ZensicalContextLayersExtension:  # noqa: N802 - Python-Markdown's API
    return ZensicalContextLayersExtension(**kwargs)


def copy_assets(destination: Path) -> list[Path]:
    """Copy the reading interface (every stylesheet and script) into `destination`."""
    destination.mkdir(parents=True, exist_ok=True)
    copied = []
    # Folders too: propose/ and claims/ are loaded from beside context-layers.js when first needed.
    for name in every_asset():
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(served(name), encoding="utf-8")
        copied.append(target)
    return copied


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1].startswith("-"):
        _print("usage: python -m context_layers.zensical DEST   (copies the stylesheets and scripts into DEST)")
        sys.exit(2)
    for copied in copy_assets(Path(sys.argv[1])):
        print(copied)
