"""What loading produces: the notes of a project, each with its citations and where it was written.

`Catalog` is the one object the rest of the package reads: hosts anchor its notes, `publish`
projects it into open data, the command line counts it.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from .diagnostics import Diagnostics
from .model import Note, SourceEntry, Stance
from .options import Layer


@dataclass(frozen=True, slots=True)  # slots: thousands are held for a whole build
class Citation:
    """One source as a note cites it: the entry (shared or inline) and what it says about the claim."""

    source: SourceEntry
    stance: Stance | None = None
    ref: str | None = None  # the id in annotations/sources.yml, for a shared source


# The keys whose position a loaded note keeps: anchoring reports at its quote. Every other check
# runs while the file is read, with every key's position at hand.
LATER = ("quote",)


@dataclass(slots=True)
class LoadedNote:
    """A valid note, its resolved citations, and where it was written (the note's own line and
    column, and those of the keys whose problems can only be found later: see `LATER`)."""

    note: Note
    page: str
    file: str
    line: int
    col: int
    # (line, column) of each key of `LATER`, in its order; None where the note does not have it.
    # A tuple, not a dict: a third of the memory, and thousands are held for a whole build.
    positions: tuple[tuple[int, int] | None, ...]
    citations: tuple[Citation, ...]  # a tuple: a note without sources holds no list of its own
    order: int

    @classmethod
    def trial(cls, note: Note, page: str, file: str) -> LoadedNote:
        """A note not (yet) in any file, to try anchoring it: what `new` and `import` check first."""
        return cls(note, page, file, 1, 1, (), (), 0)

    @property
    def sources(self) -> list[SourceEntry]:
        return [citation.source for citation in self.citations]

    def at(self, key: str) -> tuple[int, int]:
        """Where `key` was written (a key of `LATER`), else the note itself."""
        index = LATER.index(key) if key in LATER else None
        found = self.positions[index] if index is not None and index < len(self.positions) else None
        return found or (self.line, self.col)


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

    def release(self, page: str) -> None:
        """Let a page's notes go once the page is published: a site's notes then never sit in
        memory all at once with every page built from them (site-wide views are made before)."""
        self.notes.pop(normalise_page(page), None)


def normalise_page(page: str) -> str:
    page = page.replace("\\", "/").strip()
    return posixpath.normpath(page).lstrip("/") if page else page
