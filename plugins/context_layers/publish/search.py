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
import re
import secrets
from collections.abc import Iterable, Mapping
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
_NOTE = re.compile(r'<aside\s[^>]*\bclass="cl-note[" ][^>]*>.*?</aside>', re.S)
_MARK = r'(<mark class="cl-mark"[^>]*>)((?:[^<]|<!--{token}\d+-->)*)</mark>'
_MARKER = re.compile(r'<a [^>]*\bclass="cl-ref"[^>]*></a>')


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
        self._pages: dict[object, list[str]] = {}  # page -> the pieces its copy stands in for
        self._token = f"cl-{secrets.token_hex(4)}-"  # no page's own comment looks like ours
        self._mark = re.compile(_MARK.format(token=self._token))
        self._stand_in = re.compile(f"<!--{self._token}(\\d+)-->")

    def hide(self, page: object, content: str, tail: str = "") -> str:
        """The copy of `content` the search plugin reads; each note comes back with `exclude_notes`'
        attribute, and `tail` (the page's structured data) after the content, without another copy."""
        pieces: list[str] = []

        def stand_in(piece: str) -> str:
            pieces.append(piece)
            return f"<!--{self._token}{len(pieces) - 1}-->"

        copy = _NOTE.sub(lambda match: stand_in(exclude_notes(match.group())), content)
        if not pieces:
            return content + tail
        copy = _MARKER.sub(lambda match: stand_in(match.group()), copy)
        while True:  # innermost first: the marks of overlapping quotes nest
            copy, count = self._mark.subn(
                lambda match: stand_in(match.group(1)) + match.group(2) + stand_in("</mark>"), copy
            )
            if not count:
                break
        self._pages[page] = pieces  # the pieces only: every page's copy and pieces are held until it is written
        return copy + (stand_in(tail) if tail else "")

    def restore(self, page: object, content: str) -> str:
        pieces = self._pages.pop(page, None)
        if pieces is None:
            return content
        return self._stand_in.sub(lambda match: pieces[int(match.group(1))], content)

    def clear(self) -> None:
        self._pages.clear()


def add_to_search_index(site_dir: Path, entries: list[dict[str, str]]) -> bool:
    """Append the notes' entries to the index the search plugin wrote (and to its offline copy).
    False when the site has no search index (no search plugin): nothing to do."""
    index = site_dir / INDEX
    if not entries or not index.is_file():
        return False
    offline = site_dir / OFFLINE_INDEX
    known = _locations(index)
    if known is None:  # another layout: parsed whole and written again
        data = json.loads(index.read_text(encoding="utf-8"))
        there = {doc.get("location") for doc in data.get("docs", [])}
        data["docs"] = data.get("docs", []) + [entry for entry in entries if entry["location"] not in there]
        text = json.dumps(data, separators=(",", ":"))
        index.write_text(text, encoding="utf-8")
        if offline.is_file():
            offline.write_text(OFFLINE_PREFIX + text, encoding="utf-8")
        return True
    added = [entry for entry in entries if json.dumps(entry["location"]).encode() not in known]
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


def _append_to_docs(path: Path, entries: list[dict[str, str]]) -> None:
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
            file.write(comma + json.dumps(entry, separators=(",", ":")).encode("utf-8"))
        file.write(tail[at:])
