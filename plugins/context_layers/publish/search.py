"""Notes in the site's search index: each note an entry of its own, so that a search lands on it.

Material for MkDocs' search plugin writes `search/search_index.json` as
`{"config": ..., "docs": [{"location", "title", "text"}, ...]}`, one entry per section of
each page, `location` relative to the site's root (`world/article/#section`), `title` and
`text` as HTML-escaped text. Its offline plugin copies the same index into
`search/search_index.js` (`var __index = {...}`), which a page opened from a folder reads.
A note's entry follows that format: `page/#note-ID`, the note's title (or its layer and
quote), and its body as plain text followed by its sources' titles.

Note text is kept out of the page's own section entries (`data-search-exclude`, which
Material's search plugin honours), so a word of a note finds the note, not the section.

The search plugin parses each page's HTML again, element by element, after it is rendered.
Notes, marks and markers add nothing to the page's entries (notes are left out, marks and
markers are not among the tags the index keeps), so `SearchCopy` hands the search plugin the
page without them and gives the page its notes back before it is written: the index is the
same, and a build does not pay for parsing the notes' markup twice.
"""

from __future__ import annotations

import html
import json
import os
import re
import zlib
from array import array
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..core.catalog import LoadedNote
from ..core.model import note_anchor
from ..core.options import Layer
from ..core.render import render_body

INDEX = "search/search_index.json"
OFFLINE_INDEX = "search/search_index.js"  # Material's offline plugin: the same index as a script
OFFLINE_PREFIX = "var __index = "
QUOTE_WORDS = 12  # a note without a title is named by its layer and the start of its quote

_TAG = re.compile(r"<[^>]*>")
_NOTE_OPEN = re.compile(r'(<aside\s[^>]*\bclass="cl-note[" ][^>]*)>')
# A note's aside holds no other aside (bodies are sanitised), and a mark holds only text and
# the marks of overlapping quotes: so the first closing tag after an opening one is its own.
# What the search copy leaves out, in one pass: a whole note, a marker, and our marks' tags (a mark's
# closing tag is told from a reader's own `<mark>`'s by the opening tag it closes).
_HIDDEN = re.compile(  # `<` first, outside the choice: the engine then skips to each `<` (three times faster)
    r'<(?:(?P<note>aside\s[^>]*\bclass="cl-note[" ][^>]*>.*?</aside>)'
    r'|a [^>]*\bclass="cl-ref"[^>]*></a>'
    r"|(?P<open>mark\b[^>]*>)"
    r"|(?P<close>/mark>))",
    re.S,
)
_OUR_MARK = '<mark class="cl-mark"'


def plain(body_markdown: str) -> str:
    """A note body as a reader reads it: rendered, without markup, whitespace collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", render_body(body_markdown))).split())


def _short(quote: str) -> str:
    words = quote.split()
    return " ".join(words[:QUOTE_WORDS]) + (" …" if len(words) > QUOTE_WORDS else "")


def note_entry(loaded: LoadedNote, layer: Layer, page_url: str) -> dict[str, str]:
    """The search entry of one note on the page at `page_url` (as the index writes it: `world/a/`)."""
    note = loaded.note
    title = note.title or f"{layer.title}: “{_short(note.quote)}”"
    text = plain(note.body) if note.body else ""
    titles = "; ".join(dict.fromkeys(source.title for source in loaded.sources))
    if titles:
        text = f"{text} Sources: {titles}".strip()
    return {
        "location": f"{page_url}#{note_anchor(note.id)}",
        "title": html.escape(title, quote=False),
        "text": html.escape(text, quote=False),
    }


def note_entries(
    notes: Iterable[LoadedNote], layers: Iterable[Layer], page_url: str, meta: Mapping[str, Any] | None = None
) -> list[dict[str, str]]:
    """The entries of a page's notes; none for a page its front matter leaves out of search."""
    search = (meta or {}).get("search")
    if isinstance(search, Mapping) and search.get("exclude"):
        return []
    by_key = {layer.key: layer for layer in layers}
    return [note_entry(loaded, by_key[loaded.note.layer], page_url) for loaded in notes]


def exclude_notes(content_html: str) -> str:
    """The page's content with its notes marked for Material's search to leave out of the page's sections."""
    return _NOTE_OPEN.sub(r"\1 data-search-exclude>", content_html)  # last: the hooks' attributes keep their order


class SearchCopy:
    """A page's content as the search plugin needs to read it, and the page given back whole after.

    `hide` runs on the page's final content; `restore` on the page as it is written, after
    the search plugin has read it. Each note, marker and mark tag becomes a comment that stands
    for it (`<!--cl-N-->`; comments are no text to the index), so whatever another plugin
    changes in between is kept, and every piece goes back where it was.
    """

    def __init__(self) -> None:
        # page -> the pieces its copy stands in for: compressed, with where each ends (MkDocs renders every
        # page before it writes one, so every page's notes wait here; compressed, a sixth of the memory)
        self._pages: dict[object, tuple[bytes, array[int]]] = {}
        self._token = f"cl-{os.urandom(4).hex()}-"  # no page's own comment looks like ours
        self._stand_in = re.compile(f"<!--{self._token}(\\d+)-->")

    def hide(self, page: object, content: str, tail: str = "") -> str:
        """The copy of `content` the search plugin reads; each note comes back with `exclude_notes`'
        attribute, and `tail` (the page's structured data) after the content, without another copy."""
        packer = zlib.compressobj(1)  # each piece is compressed as it is found: a big page's notes are never
        packed: list[bytes] = []  # held whole, uncompressed, beside the page
        ends = array("I")  # where each piece ends, in bytes of UTF-8
        ours: list[bool] = []  # the marks open at this point of the page: is each one ours?
        notes = 0

        def stand_in(piece: str) -> str:
            encoded = piece.encode("utf-8")
            packed.append(packer.compress(encoded))
            ends.append((ends[-1] if ends else 0) + len(encoded))
            return f"<!--{self._token}{len(ends) - 1}-->"

        def hidden(match: re.Match[str]) -> str:
            nonlocal notes
            if match.lastgroup == "note":
                notes += 1
                return stand_in(exclude_notes(match.group()))
            if match.lastgroup == "open":
                ours.append(match.group().startswith(_OUR_MARK))
                return stand_in(match.group()) if ours[-1] else match.group()
            if match.lastgroup == "close":
                return stand_in(match.group()) if ours and ours.pop() else match.group()
            return stand_in(match.group())  # a marker

        copy = _HIDDEN.sub(hidden, content)  # one pass: a big page is copied once
        if not notes:
            return content + tail
        copy += stand_in(tail) if tail else ""
        packed.append(packer.flush())
        self._pages[page] = (b"".join(packed), ends)
        return copy

    def restore(self, page: object, content: str, insertions: Iterable[tuple[int, str]] = ()) -> str:
        """The page as it is written: each stand-in replaced by what it stands for, and each
        `(position in content, text)` of `insertions` (a few: the head's links, a banner) put in."""
        kept = self._pages.pop(page, None)
        added = sorted(insertions)
        if kept is None and not added:
            return content
        # Put together in UTF-8, piece by piece, and decoded once: a big page is never held as two strings,
        # nor as a list of its pieces, while MkDocs still holds the copy (the build's peak of memory is here).
        pieces, ends = memoryview(zlib.decompress(kept[0]) if kept else b""), kept[1] if kept else array("I")
        whole = bytearray()
        last = 0

        def text_to(end: int) -> None:  # the page's own text, up to `end`, with what goes in before it
            nonlocal last, whole
            while added and added[0][0] <= end:
                at, text = added.pop(0)
                whole += f"{content[last:at]}{text}".encode("utf-8", "surrogatepass")
                last = at
            whole += content[last:end].encode("utf-8", "surrogatepass")
            last = end

        for match in self._stand_in.finditer(content) if kept else ():
            text_to(match.start())
            number = int(match.group(1))
            whole += pieces[ends[number - 1] if number else 0 : ends[number]]
            last = match.end()
        text_to(len(content))
        del pieces
        return whole.decode("utf-8", "surrogatepass")

    def clear(self) -> None:
        self._pages.clear()


def encoded(entries: Iterable[Mapping[str, str]]) -> list[bytes]:
    """Entries as the index holds them: JSON, ASCII. A site's notes wait in this form until the index
    is written (a third of the memory of a dict each)."""
    return [json.dumps(entry, separators=(",", ":")).encode("ascii") for entry in entries]


class IndexEntries:
    """A site's note entries, waiting for the index to be written: a page's entries as JSON lines,
    compressed together (a tenth of the memory of a dict each)."""

    def __init__(self) -> None:
        self._pages: list[bytes] = []

    def add(self, entries: Iterable[Mapping[str, str]]) -> None:
        lines = b"\n".join(encoded(entries))  # JSON holds no raw line break
        if lines:
            self._pages.append(zlib.compress(lines, 1))

    def __iter__(self) -> Iterator[bytes]:
        for page in self._pages:
            yield from zlib.decompress(page).split(b"\n")

    def clear(self) -> None:
        self._pages.clear()


def add_to_search_index(site_dir: Path, entries: Iterable[bytes]) -> bool:
    """Append the notes' entries (`encoded`) to the index the search plugin wrote, and to its offline
    copy. False when the site has no search index (no search plugin): nothing to do."""
    entries = list(entries)
    index = site_dir / INDEX
    if not entries or not index.is_file():
        return False
    offline = site_dir / OFFLINE_INDEX
    known = _locations(index)
    if known is None:  # another layout: parsed whole and written again
        data = json.loads(index.read_text(encoding="utf-8"))
        there = {doc.get("location") for doc in data.get("docs", [])}
        mine = [json.loads(entry) for entry in entries]
        data["docs"] = data.get("docs", []) + [entry for entry in mine if entry["location"] not in there]
        text = json.dumps(data, separators=(",", ":"))
        index.write_text(text, encoding="utf-8")
        if offline.is_file():
            offline.write_text(OFFLINE_PREFIX + text, encoding="utf-8")
        return True
    added = [entry for entry in entries if _location(entry) not in known]
    for path in [index, offline] if added else []:
        if path.is_file():
            _append_to_docs(path, added)
    return True


# Material and MkDocs write {"config": ..., "docs": [...]}: "docs" last, so the file ends in `]}`
# (MkDocs' prebuilt index adds "index" after it). Strings escape their quotes, so `"location":"…"`
# in the text is always a key and its value.
_LOCATION = re.compile(rb'"location":("(?:[^"\\]|\\.)*")')
_CHUNK = 1 << 20
_OVERLAP = 1 << 16  # longer than any location


def _locations(index: Path) -> set[bytes] | None:
    """The locations the index has (as JSON strings), read a piece at a time: a big site's
    index is neither parsed nor held in memory whole. None if "docs" is not where it ends."""
    found: set[bytes] = set()
    seen_docs = seen_index = False
    carry = b""
    with index.open("rb") as file:
        while chunk := file.read(_CHUNK):
            piece = carry + chunk
            found.update(_LOCATION.findall(piece))
            seen_docs = seen_docs or b'"docs":[' in piece
            seen_index = seen_index or b'"index":' in piece
            carry = piece[-_OVERLAP:]
    return found if seen_docs and not seen_index and carry.rstrip().endswith(b"]}") else None


def _location(entry: bytes) -> bytes:
    found = _LOCATION.search(entry)
    assert found is not None, entry  # `encoded` writes it first
    return found.group(1)


def _append_to_docs(path: Path, entries: list[bytes]) -> None:
    """Write the entries just before the `]}` that ends the file."""
    with path.open("r+b") as file:
        size = file.seek(0, 2)
        file.seek(max(0, size - 64))
        tail = file.read()
        at = tail.rstrip().rindex(b"]}")
        empty = tail[:at].rstrip().endswith(b"[")
        file.seek(size - len(tail) + at)
        for number, entry in enumerate(entries):
            comma = b"" if empty and number == 0 else b","
            file.write(comma + entry)
        file.write(tail[at:])
