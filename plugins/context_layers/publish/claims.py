"""Site-wide views of the notes: the claims index page and the Atom feed of changes.

Both are generated from the catalog; every string from YAML is escaped (Markdown
entities for the page, the XML serializer for the feed).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree.ElementTree import Element, SubElement, tostring

from ..core.catalog import Catalog, LoadedNote
from ..core.model import VERDICTS, note_anchor
from ..core.render import render_body
from ..core.strings import ENGLISH, ReaderStrings
from .bibliography import escape

ATOM = "http://www.w3.org/2005/Atom"


def filter_hook(strings: ReaderStrings) -> str:
    """Where claims.js puts its verdict buttons, with what they say (`data-cl-strings`)."""
    said = html.escape(json.dumps(strings.script_strings("claims"), ensure_ascii=False, separators=(",", ":")))
    return f'<div class="cl-claims-filter" data-cl-claims-filter data-cl-strings="{said}"></div>'


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def claims_index_markdown(
    catalog: Catalog,
    page: str,
    *,
    title: str = "Claims checked",
    titles: dict[str, str] | None = None,
    strings: ReaderStrings = ENGLISH,
) -> str:
    """Every note with a verdict, grouped by verdict (in the scale's order) and by article."""
    titles = titles or {}
    here = posixpath.dirname(page) or "."
    by_verdict: dict[str, dict[str, list[LoadedNote]]] = defaultdict(lambda: defaultdict(list))
    for article in sorted(catalog.notes):
        for loaded in catalog.notes[article]:
            if loaded.note.verdict:
                by_verdict[loaded.note.verdict][article].append(loaded)
    verdicts = [v for v in VERDICTS if v in by_verdict]
    total = sum(len(n) for v in verdicts for n in by_verdict[v].values())
    lines = [
        f"# {escape(title)}",
        "",
        strings.text("claims_intro", total=total),
        "",
    ]
    if verdicts:
        names = {v: escape(strings[f"verdict_{v}"]) for v in verdicts}
        counts = " · ".join(f"[{names[v]} ({sum(len(n) for n in by_verdict[v].values())})](#{v})" for v in verdicts)
        lines += [f"{strings['claims_filter']} {counts}", "", filter_hook(strings), ""]
    for verdict in verdicts:
        # The verdict's key as the heading's id, as English labels give it: links stay the same in every
        # language (a translated label needs attr_list, which Material sites enable).
        same = names[verdict].lower().replace(" ", "-") == verdict
        lines += [f"## {names[verdict]}" + ("" if same else f" {{: #{verdict} }}"), ""]
        for article, notes in by_verdict[verdict].items():
            target = posixpath.relpath(article, here)
            lines += [f"**{escape(titles.get(article, article))}**", ""]
            for loaded in notes:
                note = loaded.note
                label = f" — {escape(note.title)}" if note.title else ""
                lines.append(f"- [“{escape(_short(note.quote))}”]({target}#{note_anchor(note.id)}){label}")
            lines.append("")
    if not verdicts:
        lines += [strings["claims_none"], ""]
    return "\n".join(lines)


@dataclass(frozen=True)
class FeedEntry:
    """What the feed says of one dated note: taken as its page is built, so the note itself can go."""

    page: str
    note_id: str
    layer: str
    title: str | None
    quote: str
    verdict: str | None
    body: str
    updated: dt.date
    url: str  # absolute, or relative to the feed's folder
    page_title: str

    @classmethod
    def of(cls, loaded: LoadedNote, url: str, page_title: str) -> FeedEntry | None:
        """The entry of a note, or None for a note without `updated` (the feed lists changes)."""
        note = loaded.note
        if note.updated is None:
            return None
        return cls(
            loaded.page, note.id, note.layer, note.title, note.quote, note.verdict, note.body, note.updated,
            url, page_title,
        )  # fmt: skip


def atom_feed(
    entries: Iterable[FeedEntry],
    *,
    site_name: str,
    site_url: str | None,
    feed_url: str,
    strings: ReaderStrings = ENGLISH,
) -> bytes:
    """An Atom feed (RFC 4287) of notes by their `updated` date, newest first.

    Without `site_url` the ids are URNs (Atom requires absolute IRIs) and links are
    relative to the feed. The feed's own `updated` is the newest note's, so two builds
    of the same sources give the same bytes.
    """
    dated = sorted(entries, key=lambda e: (e.updated, e.page, e.note_id), reverse=True)
    feed = Element("feed", {"xmlns": ATOM})
    SubElement(feed, "id").text = site_url + feed_url if site_url else f"urn:context-layers:{_urn(site_name)}:feed"
    SubElement(feed, "title").text = strings.text("feed_title", site=site_name)
    newest = dated[0].updated if dated else dt.date(1970, 1, 1)
    SubElement(feed, "updated").text = f"{newest.isoformat()}T00:00:00Z"
    SubElement(SubElement(feed, "author"), "name").text = site_name
    if site_url:
        SubElement(feed, "link", {"rel": "self", "href": site_url + feed_url})
        SubElement(feed, "link", {"rel": "alternate", "href": site_url})
    for note in dated:
        item = SubElement(feed, "entry")
        absolute = note.url if site_url else None
        SubElement(item, "id").text = (
            absolute or f"urn:context-layers:{_urn(site_name)}:{note.page}:{note_anchor(note.note_id)}"
        )
        SubElement(item, "title").text = note.title or _short(note.quote, 80)
        SubElement(item, "updated").text = f"{note.updated.isoformat()}T00:00:00Z"
        SubElement(item, "link", {"rel": "alternate", "href": note.url})
        SubElement(item, "category", {"term": note.layer})
        if note.verdict:
            label = strings[f"verdict_{note.verdict}"]
            SubElement(item, "category", {"term": f"verdict:{note.verdict}", "label": label})
        on = strings.text("feed_on", page=html.escape(note.page_title), quote=html.escape(_short(note.quote)))
        summary = f"<p>{on}</p>"
        summary += render_body(note.body) if note.body.strip() else ""
        SubElement(item, "summary", {"type": "html"}).text = summary
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(feed, encoding="unicode").encode("utf-8") + b"\n"


def _urn(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-") or "site"
