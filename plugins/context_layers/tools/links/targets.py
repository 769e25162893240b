"""Every distinct source address of a project, where it is written, and which notes cite it.

The files are read again here, with positions, rather than taken from the loaded catalog:
the catalog keeps only valid notes and no position for a source's `url`, while a dead link
is worth reporting even in a note that has another problem. A file that cannot be read is
skipped; `context-layers check` reports why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...core import yamlread
from ...core.files import SOURCES_FILE_NAMES, annotation_files
from ...core.options import Layer

FIELDS = ("url", "archive_url")


@dataclass(frozen=True)
class Place:
    """Where an address is written: the 1-based line and column of its value."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass
class Target:
    """One address to check, however many entries write it."""

    url: str
    field: str  # `url` or `archive_url` (of its first entry)
    places: list[Place] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # ids of the notes citing it, in file order
    archive_url: str | None = None  # the archived copy an entry with this `url` gives
    needs_archive: bool = False  # cited by a note of a layer that requires sources, with no archived copy

    @property
    def place(self) -> Place:
        return self.places[0]


@dataclass
class _Entry:
    """A source entry as written: shared (with an id) or inline under one note."""

    values: dict[str, Any]
    places: dict[str, Place]
    notes: list[tuple[str, str]] = field(default_factory=list)  # (note id, layer)


class _Reader:
    def __init__(self, root: Path, layers: tuple[Layer, ...]) -> None:
        self.root = root
        self.requiring = {layer.key for layer in layers if layer.requires_sources}
        self.shared: dict[str, _Entry] = {}
        self.entries: list[_Entry] = []  # every entry, shared ones included, in file order
        self.refs: list[tuple[str, str, str]] = []  # (ref, note id, layer)

    def display(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def read(self, path: Path, shared: bool) -> None:
        try:
            tree = yamlread.parse(path.read_bytes().decode("utf-8-sig"))
        except (OSError, UnicodeDecodeError, yamlread.YamlError):
            return
        data = yamlread.to_python(tree)
        if not isinstance(data, dict):
            return
        file = self.display(path)
        if shared and isinstance(data.get("sources"), dict):
            for source_id, values in data["sources"].items():
                self._entry(file, tree, values, ("sources", source_id), shared_id=str(source_id))
        notes = data.get("notes") if isinstance(data.get("notes"), list) else []
        for index, note in enumerate(notes):
            if isinstance(note, dict):
                self._note(file, tree, note, ("notes", index))

    def _note(self, file: str, tree: yamlread.Node, note: dict[str, Any], loc: tuple[Any, ...]) -> None:
        note_id, layer = str(note.get("id", f"#{loc[-1] + 1}")), str(note.get("layer", ""))
        sources = note.get("sources") if isinstance(note.get("sources"), list) else []
        for index, source in enumerate(sources):
            if not isinstance(source, dict):
                continue
            if isinstance(source.get("ref"), str):
                self.refs.append((source["ref"], note_id, layer))
            else:
                self._entry(file, tree, source, (*loc, "sources", index), cited_by=(note_id, layer))

    def _entry(
        self,
        file: str,
        tree: yamlread.Node,
        values: Any,
        loc: tuple[Any, ...],
        shared_id: str | None = None,
        cited_by: tuple[str, str] | None = None,
    ) -> None:
        if not isinstance(values, dict):
            return
        places = {key: Place(file, *yamlread.locate(tree, (*loc, key))) for key in FIELDS if key in values}
        entry = _Entry(values, places, [cited_by] if cited_by else [])
        self.entries.append(entry)
        if shared_id is not None:
            self.shared.setdefault(shared_id, entry)

    def targets(self) -> list[Target]:
        for ref, note_id, layer in self.refs:
            if ref in self.shared:
                self.shared[ref].notes.append((note_id, layer))
        found: dict[str, Target] = {}
        for entry in self.entries:
            archive = entry.values.get("archive_url")
            for key, place in entry.places.items():
                url = entry.values[key]
                if not isinstance(url, str) or not url.lower().startswith(("http://", "https://")):
                    continue  # `check` reports addresses that are not http(s)
                target = found.setdefault(url, Target(url, key))
                target.places.append(place)
                target.notes += [note for note, _ in entry.notes if note not in target.notes]
                if key == "url" and isinstance(archive, str):
                    target.archive_url = target.archive_url or archive
                elif key == "url" and any(layer in self.requiring for _, layer in entry.notes):
                    target.needs_archive = True
        for target in found.values():
            target.needs_archive = target.needs_archive and target.archive_url is None
        return list(found.values())


def find_targets(annotations_dirs: list[Path], layers: tuple[Layer, ...], root: Path) -> list[Target]:
    """The addresses of every source entry under the folders, each once, in the order they are written
    (shared sources first, as the loader reads them)."""
    reader = _Reader(root, layers)
    shared_files, note_files = [], []
    for folder in annotations_dirs:
        for path in annotation_files([folder]):
            is_shared = path.parent == folder and path.name in SOURCES_FILE_NAMES
            (shared_files if is_shared else note_files).append(path)
    for path in shared_files:
        reader.read(path, shared=True)
    for path in note_files:
        reader.read(path, shared=False)
    return reader.targets()
