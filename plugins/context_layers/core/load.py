"""Load every annotation file of a project into a `Catalog`, collecting diagnostics.

Each file is read by `yamlfile` (positions kept, unsafe YAML refused, validated by the
format's schema); `_Loader` then adds what needs the whole project, in steps: the shared
sources first (notes refer to them), then each notes file, each raw note checked on its
own (known layer, unique id, resolvable sources, stances, the verdict rules), and last
a warning for every shared source no note cites.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from . import collector
from .catalog import LATER, Catalog, Citation, LoadedNote, normalise_page
from .diagnostics import did_you_mean, nearest
from .explain import describe
from .files import SOURCES_FILE_NAMES, annotation_files
from .model import AnnotationFile, Note, SourceRef, SourcesFile
from .options import Layer
from .rules import STANCE_HINT, verdict_problems
from .standards import check_entry, check_stated_rules
from .yamlfile import FAILED, YamlFile


def load_catalog(
    annotations_dir: Path | Sequence[Path],
    layers: tuple[Layer, ...],
    *,
    root: Path | None = None,
    pages: Iterable[str] | None = None,
    verdict_rules: bool = True,
) -> Catalog:
    """Read every `*.yml`/`*.yaml` file under `annotations_dir` (one folder or several).

    A `sources.yml` at the top of any of the folders holds shared sources.

    `root` is the folder paths are shown relative to (the project folder).
    `pages` are the known page paths under docs/; when given, a note file whose
    `page` is not among them is an error. `verdict_rules` checks each verdict against
    the stances of its citations (see `rules`).
    """
    loader = _Loader(layers, root or Path.cwd(), pages, verdict_rules)
    folders = [annotations_dir] if isinstance(annotations_dir, Path) else list(annotations_dir)
    sources_paths, note_paths = loader.find_files(folders)
    with collector.paused():
        for path in sources_paths:  # shared sources first: notes refer to them
            loader.add_sources_file(path)
        for path in note_paths:
            loader.add_notes_file(path)
    loader.warn_uncited_sources()
    loader.note_unchecked_references()
    loader.diagnostics[:] = loader.diagnostics.sorted()
    return loader.catalog


class _Loader:
    """A catalog being built, file by file, and what the checks across files remember."""

    def __init__(self, layers: tuple[Layer, ...], root: Path, pages: Iterable[str] | None, verdict_rules: bool) -> None:
        self.catalog = Catalog(layers=layers)
        self.diagnostics = self.catalog.diagnostics
        self.root = root
        self.known_pages = {normalise_page(p) for p in pages} if pages is not None else None
        self.layers = {layer.key: layer for layer in layers}
        self.verdict_rules = verdict_rules
        self.source_origin: dict[str, tuple[str, int, int]] = {}  # shared source id -> where it is defined
        self.cited: set[str] = set()
        self.seen_ids: dict[tuple[str, str], tuple[str, int]] = {}  # (page, note id) -> (file, line)
        self.order = 0
        # Files that could not be read: what depends on them is not checked (one mistake, one message).
        self.unread_sources: list[str] = []
        self.unread_notes: list[str] = []
        self.unchecked_refs = 0

    def display(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def find_files(self, folders: list[Path]) -> tuple[list[Path], list[Path]]:
        """The shared sources files and the notes files of the folders; a missing folder is a warning."""
        paths: list[Path] = []
        sources_paths: list[Path] = []
        for folder in folders:
            if not folder.is_dir():
                self.diagnostics.warning(
                    self.display(folder),
                    1,
                    1,
                    "the annotations folder does not exist; no notes are published from it",
                    "create it, or set the `annotations` option to the folder(s) that hold the YAML files",
                )
                continue
            found = annotation_files([folder])
            paths += found
            sources_paths += [p for p in found if p.parent == folder and p.name in SOURCES_FILE_NAMES]
        self.catalog.files = [self.display(p) for p in paths]
        return sources_paths, [p for p in paths if p not in sources_paths]

    # -- shared sources --------------------------------------------------------
    def add_sources_file(self, path: Path) -> None:
        """The file's shape first, then each entry alone: one bad entry must not hide
        the others (every note citing them would fail too)."""
        file = YamlFile(path, self.display(path), self.diagnostics)
        data = file.read()
        entries = data.get("sources") if isinstance(data, dict) else None
        shape = {k: v for k, v in data.items() if k != "sources"} if isinstance(data, dict) else data
        if data is FAILED or file.validate(SourcesFile, shape if shape is not None else {}) is None:
            self.unread_sources.append(file.display)
            return
        if entries is not None and not isinstance(entries, dict):
            file.error(
                *file.at(("sources",)),
                f"'sources' must be a mapping of ids to entries, not {describe(entries)}",
                "write each source as `id:` followed by its indented title, url, publisher and date",
            )
            self.unread_sources.append(file.display)
            return
        for source_id, raw_entry in (entries or {}).items():
            self._add_source(file, source_id, raw_entry)

    def _add_source(self, file: YamlFile, source_id: Any, raw_entry: Any) -> None:
        line, col = file.at(("sources", source_id), key=True)
        valid = file.validate(SourcesFile, {"sources": {source_id: raw_entry}})
        file.check_urls(raw_entry, ("sources", source_id))
        if valid is None:
            return
        if source_id in self.catalog.sources:
            first = self.source_origin[source_id]
            file.error(line, col, f"duplicate source id {source_id!r}", f"first defined at {first[0]}:{first[1]}")
            return
        self.catalog.sources[source_id] = valid.sources[source_id]
        self.source_origin[source_id] = (file.display, line, col)
        check_entry(file, raw_entry, ("sources", source_id), f"source {source_id!r}")

    def warn_uncited_sources(self) -> None:
        if self.unread_notes and self.source_origin:
            file = next(iter(self.source_origin.values()))[0]
            self.diagnostics.notice(
                file,
                1,
                1,
                f"not checked whether the {len(self.source_origin)} shared sources here are cited: "
                f"{', '.join(self.unread_notes)} could not be read",
                "fix the error in that file first",
            )
            return
        for source_id, (file, line, col) in self.source_origin.items():
            if source_id not in self.cited:
                self.diagnostics.warning(
                    file,
                    line,
                    col,
                    f"source {source_id!r} is not cited by any note",
                    "cite it with `- ref: " + source_id + "` or remove it",
                )

    def note_unchecked_references(self) -> None:
        if self.unchecked_refs:
            self.diagnostics.notice(
                self.unread_sources[0],
                1,
                1,
                f"not checked: {self.unchecked_refs} references to shared sources in notes, "
                "because this file could not be read",
                "fix the error in this file first",
            )

    # -- notes -------------------------------------------------------------------
    def add_notes_file(self, path: Path) -> None:
        file = YamlFile(path, self.display(path), self.diagnostics)
        data = file.read()
        if data is FAILED or not self._is_notes_file(file, data):
            self.unread_notes.append(file.display)
            return
        notes_raw = data.get("notes")
        header = file.validate(AnnotationFile, {k: v for k, v in data.items() if k != "notes"} | {"notes": []})
        if not isinstance(notes_raw, (list, type(None))):
            file.error(
                *file.at(("notes",)),
                f"'notes' must be a list, not {describe(notes_raw)}",
                "start each note on its own line with `- id: ...`",
            )
            notes_raw = []
        page = normalise_page(header.page) if header else None
        if header is not None:
            self._check_page(file, header.page, page)
        for index, raw_note in enumerate(notes_raw or []):
            loaded = self.check_note(file, index, raw_note, page if header is not None else None)
            if loaded is not None:
                self.catalog.notes.setdefault(loaded.page, []).append(loaded)
                self.order += 1

    @staticmethod
    def _is_notes_file(file: YamlFile, data: Any) -> bool:
        if data is None:
            file.error(1, 1, "the file is empty", "start it with `page: path/of/article.md` and a `notes:` list")
        elif not isinstance(data, dict):
            file.error(
                1,
                1,
                f"the file must be a mapping with `page` and `notes`, not {describe(data)}",
                "start it with `page: path/of/article.md`",
            )
        elif "sources" in data and "page" not in data:
            file.error(
                *file.at(("sources",), key=True),
                "shared sources belong in annotations/sources.yml",
                "move this `sources:` mapping into annotations/sources.yml",
            )
        else:
            return True
        return False

    def _check_page(self, file: YamlFile, written: str, page: str) -> None:
        if not page.endswith(".md"):
            file.error(
                *file.at(("page",)),
                f"page {written!r} is not a Markdown file",
                "give the path of the article under docs/, ending in .md",
            )
        elif self.known_pages is not None and page not in self.known_pages:
            guess = nearest(page, self.known_pages)
            file.error(
                *file.at(("page",)),
                f"page {written!r} does not exist under docs/",
                f"did you mean {guess!r}?" if guess else "give the path of the article relative to docs/",
            )

    def check_note(self, file: YamlFile, index: int, raw_note: Any, page: str | None) -> LoadedNote | None:
        """One raw note, every check on it; the loaded note if it has no error (and its file a valid page).

        Checks on the raw values run even when the model rejected another field, so one
        run reports every problem of the note.
        """
        loc = ("notes", index)
        note: Note | None = file.validate(Note, raw_note, loc)
        if not isinstance(raw_note, dict):
            return None
        line, col = file.at(loc)
        positions = file.positions(loc, raw_note)
        key = raw_note.get("layer")
        layer = self.layers.get(key) if isinstance(key, str) else None
        checks = [
            self._check_layer(file, raw_note, positions),
            self._check_id(file, raw_note, positions, page),
            self._check_citations(file, raw_note, loc, layer),
            self._check_verdict(file, note, positions, layer),
        ]
        if layer and layer.requires_sources and not raw_note.get("sources"):
            file.error(
                line,
                col,
                f"note {raw_note.get('id')!r} is in the {layer.key!r} layer, which requires at least one source",
                "add `sources:` with a `- ref: ID` from annotations/sources.yml or a full entry (title, url)",
            )
            checks.append(False)
        if note is None or page is None or not all(checks):
            return None
        check_stated_rules(file, note, positions, layer, (line, col))
        citations = tuple(
            Citation(self.catalog.sources[s.ref], s.stance, s.ref)
            if isinstance(s, SourceRef)
            else Citation(s, s.stance)
            for s in note.sources
        )
        kept = tuple(positions.get(key) for key in LATER)
        return LoadedNote(note, page, file.display, line, col, kept, citations, self.order)

    def _check_layer(self, file: YamlFile, raw_note: dict[str, Any], positions: dict[str, tuple[int, int]]) -> bool:
        layer = raw_note.get("layer")
        if isinstance(layer, str) and layer not in self.layers:
            file.error(*positions["layer"], f"unknown layer {layer!r}", did_you_mean(layer, list(self.layers)))
            return False
        return True

    def _check_id(
        self, file: YamlFile, raw_note: dict[str, Any], positions: dict[str, tuple[int, int]], page: str | None
    ) -> bool:
        note_id = raw_note.get("id")
        if not isinstance(note_id, str):
            return True
        here = (file.display, positions["id"][0])
        first = self.seen_ids.setdefault((page or "", note_id), here)
        if first != here:
            file.error(
                *positions["id"],
                f"duplicate note id {note_id!r} on page {page}",
                f"first used at {first[0]}:{first[1]}; ids must be unique within a page",
            )
            return False
        return True

    def _check_citations(
        self, file: YamlFile, raw_note: dict[str, Any], loc: tuple[Any, ...], layer: Layer | None
    ) -> bool:
        """Each citation: its addresses, its stance where the layer requires one, its `ref`."""
        ok = True
        raw_sources = raw_note.get("sources")
        for s_index, source in enumerate(raw_sources if isinstance(raw_sources, list) else []):
            if not isinstance(source, dict):
                continue
            at = loc + ("sources", s_index)
            ok = not file.check_urls(source, at) and ok
            if layer and layer.requires_stance and source.get("stance") is None:
                file.error(
                    *file.at(at),
                    f"note {raw_note.get('id')!r} is in the {layer.key!r} layer, which requires a "
                    "stance on every citation",
                    f"{STANCE_HINT.replace('each citation under `sources:`', 'this citation')}: "
                    "what the source says about the quoted claim",
                )
                ok = False
            ref = source.get("ref")
            if ref is None:
                check_entry(file, source, at, f"the source {source.get('title')!r}")
            if isinstance(ref, str) and ref not in self.catalog.sources and self.unread_sources:
                self.unchecked_refs += 1  # the shared sources could not be read: one message says so
                ok = False
            elif isinstance(ref, str) and ref not in self.catalog.sources:
                guess = nearest(ref, self.catalog.sources)
                file.error(
                    *file.at(at + ("ref",)),
                    f"unknown source {ref!r}",
                    f"did you mean {guess!r}?"
                    if guess
                    else "add it to annotations/sources.yml, or write the source out in full (title, url, publisher, "
                    "date)",
                )
                ok = False
            elif isinstance(ref, str):
                self.cited.add(ref)
        return ok

    def _check_verdict(
        self, file: YamlFile, note: Note | None, positions: dict[str, tuple[int, int]], layer: Layer | None
    ) -> bool:
        """The verdict scale's rules. A verdict on citations without any stance only warns
        where stances are optional."""
        if note is None or not self.verdict_rules:
            return True
        ok = True
        for broken in verdict_problems(note.verdict, (source.stance for source in note.sources)):
            message = f"{broken.message} (rule: {broken.rule})"
            if broken.unstated and not (layer and layer.requires_stance):
                file.warning(*positions["verdict"], message, broken.hint)
            else:
                file.error(*positions["verdict"], message, broken.hint)
                ok = False
        return ok
