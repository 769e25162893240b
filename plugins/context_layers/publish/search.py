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
"""

from __future__ import annotations

import html
import json
import re
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


def add_to_search_index(site_dir: Path, entries: list[dict[str, str]]) -> bool:
    """Append the notes' entries to the index the search plugin wrote (and to its offline copy).
    False when the site has no search index (no search plugin): nothing to do."""
    index = site_dir / INDEX
    if not entries or not index.is_file():
        return False
    data = json.loads(index.read_text(encoding="utf-8"))
    known = {doc.get("location") for doc in data.get("docs", [])}
    data.setdefault("docs", []).extend(entry for entry in entries if entry["location"] not in known)
    text = json.dumps(data, separators=(",", ":"))
    index.write_text(text, encoding="utf-8")
    offline = site_dir / OFFLINE_INDEX
    if offline.is_file():
        offline.write_text(OFFLINE_PREFIX + text, encoding="utf-8")
    return True
