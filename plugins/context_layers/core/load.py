"""Load every annotation file of a project into a `Catalog`, collecting diagnostics.

Reading goes through `yamlread` (positions kept, unsafe YAML refused), validation
through the pydantic model, and then the checks that need the whole project:
known layers, unique ids, existing pages, resolvable source references.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from pydantic import BaseModel, ValidationError

from . import yamlread
from .options import Layer
from .diagnostics import Diagnostics, did_you_mean, nearest
from .explain import describe, explain, without_tags
from .model import AnnotationFile, Note, SourceEntry, SourceRef, SourcesFile, Stance
from .rules import STANCE_HINT, verdict_problems
from .urls import url_problems
from .files import SOURCES_FILE_NAMES, annotation_files

FAILED = object()  # `read()` could not produce data; the reason is already reported


@dataclass(frozen=True)
class Citation:
    """One source as a note cites it: the entry (shared or inline) and what it says about the claim."""

    source: SourceEntry
    stance: Stance | None = None
    ref: str | None = None  # the id in annotations/sources.yml, for a shared source


@dataclass
class LoadedNote:
    """A valid note, its resolved citations, and where it was written."""

    note: Note
    page: str
    file: str
    line: int
    col: int
    positions: dict[str, tuple[int, int]]
    citations: list[Citation]
    order: int

    @classmethod
    def trial(cls, note: Note, page: str, file: str) -> LoadedNote:
        """A note not (yet) in any file, to try anchoring it: what `new` and `import` check first."""
        return cls(note, page, file, 1, 1, {}, [], 0)

    @property
    def sources(self) -> list[SourceEntry]:
        return [citation.source for citation in self.citations]

    def at(self, key: str) -> tuple[int, int]:
        return self.positions.get(key, (self.line, self.col))


@dataclass
class Catalog:
    """Everything the annotations of a project say, ready for anchoring."""

    layers: tuple[Layer, ...]
    notes: dict[str, list[LoadedNote]] = field(default_factory=dict)
    sources: dict[str, SourceEntry] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)

    def layer(self, key: str) -> Layer:
        return next(layer for layer in self.layers if layer.key == key)

    def for_page(self, page: str) -> list[LoadedNote]:
        return self.notes.get(normalise_page(page), [])


def normalise_page(page: str) -> str:
    page = page.replace("\\", "/").strip()
    return posixpath.normpath(page).lstrip("/") if page else page


class _FileReader:
    """Reads and validates one file; records problems with positions."""

    def __init__(self, path: Path, display: str, diagnostics: Diagnostics) -> None:
        self.path, self.display, self.diagnostics = path, display, diagnostics
        self.root: yamlread.Node | None = None

    def read(self) -> Any:
        try:
            size = self.path.stat().st_size
            if size > yamlread.MAX_BYTES:
                self.error(1, 1, f"the file is {size / 1_000_000:.1f} MB; the limit is 1 MB", "split the notes into several files")
                return FAILED
            text = self.path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            self.error(1, 1, f"the file is not UTF-8 text (byte {exc.start})", "save the file with UTF-8 encoding")
            return FAILED
        except OSError as exc:
            self.error(1, 1, f"cannot read the file: {exc.strerror or exc}", "check that the file exists and is readable")
            return FAILED
        try:
            self.root = yamlread.parse(text)
        except yamlread.YamlProblem as problem:
            self.error(problem.line, problem.col, problem.message, problem.hint)
            return FAILED
        return yamlread.to_python(self.root)

    def error(self, line: int, col: int, message: str, hint: str = "") -> None:
        self.diagnostics.error(self.display, line, col, message, hint)

    def warning(self, line: int, col: int, message: str, hint: str = "") -> None:
        self.diagnostics.warning(self.display, line, col, message, hint)

    def at(self, path: tuple[Any, ...], key: bool = False, offset: int = 0) -> tuple[int, int]:
        return yamlread.locate(self.root, path, key=key, offset=offset)

    def check_urls(self, entry: Any, loc: tuple[Any, ...]) -> bool:
        """Report addresses that are not the document they claim to be; True if one is an error."""
        failed = False
        for key in ("url", "archive_url"):
            url = entry.get(key) if isinstance(entry, dict) else None
            if not isinstance(url, str):
                continue
            for problem in url_problems(url):
                where = self.at(loc + (key,), offset=problem.offset)
                (self.error if problem.error else self.warning)(*where, problem.message, problem.hint)
                failed = failed or problem.error
        return failed

    def validate(self, model: type[BaseModel], data: Any, base: tuple[Any, ...] = ()) -> Any:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                self._report(model, base + tuple(error["loc"]), error)
            return None

    def _report(self, model: type[BaseModel], loc: tuple[Any, ...], error: Any) -> None:
        explanation = explain(model, loc, error)
        self.error(*self.at(without_tags(loc), key=explanation.at_key), explanation.message, explanation.hint)


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
    root = root or Path.cwd()
    catalog = Catalog(layers=layers)
    diagnostics = catalog.diagnostics

    def display(path: Path) -> str:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    folders = [annotations_dir] if isinstance(annotations_dir, Path) else list(annotations_dir)
    paths: list[Path] = []
    sources_paths: list[Path] = []
    for folder in folders:
        if not folder.is_dir():
            diagnostics.warning(
                display(folder), 1, 1, "the annotations folder does not exist; no notes are published from it",
                "create it, or set the `annotations` option to the folder(s) that hold the YAML files",
            )
            continue
        found = annotation_files([folder])
        paths += found
        sources_paths += [p for p in found if p.parent == folder and p.name in SOURCES_FILE_NAMES]
    note_paths = [p for p in paths if p not in sources_paths]
    catalog.files = [display(p) for p in paths]

    # Shared sources first: notes refer to them.
    source_origin: dict[str, tuple[str, int, int]] = {}
    for path in sources_paths:
        reader = _FileReader(path, display(path), diagnostics)
        data = reader.read()
        if data is FAILED:
            continue
        # The file's shape first, then each entry alone: one bad entry must not
        # hide the others (every note citing them would fail too).
        entries = data.get("sources") if isinstance(data, dict) else None
        shape = {k: v for k, v in data.items() if k != "sources"} if isinstance(data, dict) else data
        if reader.validate(SourcesFile, shape if shape is not None else {}) is None:
            continue
        if entries is not None and not isinstance(entries, dict):
            reader.error(*reader.at(("sources",)), f"'sources' must be a mapping of ids to entries, not {describe(entries)}",
                         "write each source as `id:` followed by its indented title, url, publisher and date")
            continue
        for source_id, raw_entry in (entries or {}).items():
            line, col = reader.at(("sources", source_id), key=True)
            valid = reader.validate(SourcesFile, {"sources": {source_id: raw_entry}})
            reader.check_urls(raw_entry, ("sources", source_id))
            if valid is None:
                continue
            if source_id in catalog.sources:
                first = source_origin[source_id]
                reader.error(line, col, f"duplicate source id {source_id!r}", f"first defined at {first[0]}:{first[1]}")
                continue
            catalog.sources[source_id] = valid.sources[source_id]
            source_origin[source_id] = (reader.display, line, col)

    known_pages = {normalise_page(p) for p in pages} if pages is not None else None
    layer_keys = [layer.key for layer in layers]
    cited: set[str] = set()
    seen_ids: dict[tuple[str, str], tuple[str, int]] = {}
    order = 0

    for path in note_paths:
        reader = _FileReader(path, display(path), diagnostics)
        data = reader.read()
        if data is FAILED:
            continue
        if data is None:
            reader.error(1, 1, "the file is empty", "start it with `page: path/of/article.md` and a `notes:` list")
            continue
        if not isinstance(data, dict):
            reader.error(1, 1, f"the file must be a mapping with `page` and `notes`, not {describe(data)}", "start it with `page: path/of/article.md`")
            continue
        if "sources" in data and "page" not in data:
            reader.error(*reader.at(("sources",), key=True), "shared sources belong in annotations/sources.yml", "move this `sources:` mapping into annotations/sources.yml")
            continue
        notes_raw = data.get("notes")
        header = reader.validate(AnnotationFile, {k: v for k, v in data.items() if k != "notes"} | {"notes": []})
        if not isinstance(notes_raw, (list, type(None))):
            reader.error(*reader.at(("notes",)), f"'notes' must be a list, not {describe(notes_raw)}", "start each note on its own line with `- id: ...`")
            notes_raw = []
        page = normalise_page(header.page) if header else None
        if header is not None:
            if not page.endswith(".md"):
                reader.error(*reader.at(("page",)), f"page {header.page!r} is not a Markdown file", "give the path of the article under docs/, ending in .md")
            elif known_pages is not None and page not in known_pages:
                guess = nearest(page, known_pages)
                reader.error(
                    *reader.at(("page",)), f"page {header.page!r} does not exist under docs/",
                    f"did you mean {guess!r}?" if guess else "give the path of the article relative to docs/",
                )
        for index, raw_note in enumerate(notes_raw or []):
            loc = ("notes", index)
            note: Note | None = reader.validate(Note, raw_note, loc)
            if not isinstance(raw_note, dict):
                continue
            # Checks on the raw values run even when the model rejected another
            # field, so one run reports every problem of the note.
            line, col = reader.at(loc)
            positions = {key: reader.at(loc + (key,)) for key in raw_note}
            problems = note is None
            layer = raw_note.get("layer")
            if isinstance(layer, str) and layer not in layer_keys:
                reader.error(*positions["layer"], f"unknown layer {layer!r}", did_you_mean(layer, layer_keys))
                problems = True
            note_id = raw_note.get("id")
            if isinstance(note_id, str):
                first = seen_ids.setdefault((page or "", note_id), (reader.display, positions["id"][0]))
                if first != (reader.display, positions["id"][0]):
                    reader.error(
                        *positions["id"], f"duplicate note id {note_id!r} on page {page}",
                        f"first used at {first[0]}:{first[1]}; ids must be unique within a page",
                    )
                    problems = True
            raw_sources = raw_note.get("sources")
            layer_options = next((l for l in layers if l.key == layer), None)
            for s_index, source in enumerate(raw_sources if isinstance(raw_sources, list) else []):
                if not isinstance(source, dict):
                    continue
                problems = reader.check_urls(source, loc + ("sources", s_index)) or problems
                if layer_options and layer_options.requires_stance and source.get("stance") is None:
                    reader.error(
                        *reader.at(loc + ("sources", s_index)),
                        f"note {note_id!r} is in the {layer!r} layer, which requires a stance on every citation",
                        f"{STANCE_HINT.replace('each citation under `sources:`', 'this citation')}: "
                        "what the source says about the quoted claim",
                    )
                    problems = True
                ref = source.get("ref")
                if isinstance(ref, str) and ref not in catalog.sources:
                    guess = nearest(ref, catalog.sources)
                    reader.error(
                        *reader.at(loc + ("sources", s_index, "ref")), f"unknown source {ref!r}",
                        f"did you mean {guess!r}?" if guess else
                        "add it to annotations/sources.yml, or write the source out in full (title, url, publisher, date)",
                    )
                    problems = True
                elif isinstance(ref, str):
                    cited.add(ref)
            if layer_options and layer_options.requires_sources and not raw_sources:
                reader.error(
                    line, col, f"note {note_id!r} is in the {layer!r} layer, which requires at least one source",
                    "add `sources:` with a `- ref: ID` from annotations/sources.yml or a full entry (title, url)",
                )
                problems = True
            if note is not None and verdict_rules:
                for broken in verdict_problems(note.verdict, (source.stance for source in note.sources)):
                    if broken.unstated and not (layer_options and layer_options.requires_stance):
                        reader.warning(*positions["verdict"], f"{broken.message} (rule: {broken.rule})", broken.hint)
                        continue
                    reader.error(*positions["verdict"], f"{broken.message} (rule: {broken.rule})", broken.hint)
                    problems = True
            if problems or note is None or header is None:
                continue
            if not (note.title or "").strip() and not note.body.strip():
                reader.warning(line, col, f"note {note.id!r} has no title and no body",
                               "write what a reader should know in `body`, with a short `title`")
            citations = [
                Citation(catalog.sources[s.ref], s.stance, s.ref) if isinstance(s, SourceRef) else Citation(s, s.stance)
                for s in note.sources
            ]
            catalog.notes.setdefault(page, []).append(
                LoadedNote(note, page, reader.display, line, col, positions, citations, order)
            )
            order += 1

    for source_id, (file, line, col) in source_origin.items():
        if source_id not in cited:
            diagnostics.warning(file, line, col, f"source {source_id!r} is not cited by any note", "cite it with `- ref: " + source_id + "` or remove it")
    diagnostics[:] = diagnostics.sorted()
    return catalog
