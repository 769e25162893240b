"""Open data: each annotated page's notes as a W3C Web Annotation collection.

Everything here is a projection of the annotation model, computed from a page's
rendered content; no MkDocs in it. Positions are counted in the page's *text*:
the text content of the rendered content without the notes and the reader's
controls (every element with a `cl-` class other than `cl-mark`), that is, the
article as published, from its first visible character.

References: Web Annotation Data Model, W3C Recommendation 23 February 2017
(https://www.w3.org/TR/annotation-model/). Reading Web Annotations back into notes is
`tools.importer`'s work.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..core.catalog import Citation, LoadedNote
from ..core.model import VERDICTS, note_anchor
from ..core.options import Layer
from ..core.render import format_date, render_body

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# `cl:` terms are this format's own, where neither vocabulary has one: a citation's
# stance (`cl:stance`) and the site that carries a copy (`cl:via`; the publisher stays
# the original's). A URN: a name, not an address to fetch.
SCHEMA_CONTEXT = {"schema": "https://schema.org/", "cl": "urn:context-layers:"}
CONTEXT_CHARS = 32  # prefix/suffix length in TextQuoteSelectors, as annotation clients use
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class ArticleText:
    """The article's text and, per note, where its marked passage starts and ends in it."""

    text: str
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)


_CLASSED = re.compile(r"""<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?\sclass=["']([^"']*\bcl-[^"']*)["'][^>]*>""")
_MARK = re.compile(r"<mark\b[^>]*>|</mark\s*>")
_STRIP = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_NOTE = re.compile(r"""\sdata-note=["']([^"']*)["']""")


@functools.lru_cache(maxsize=64)
def _same_tag(tag: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){tag}\b[^>]*>", re.I)


def _without_ours(content_html: str) -> str:
    """The HTML less every element with a `cl-` class other than `cl-mark` (notes, markers, switches)."""
    kept: list[str] = []
    position = 0
    for match in _CLASSED.finditer(content_html):
        if match.start() < position:
            continue  # inside an element already cut
        if not any(c.startswith("cl-") and c != "cl-mark" for c in match.group(2).split()):
            continue
        kept.append(content_html[position : match.start()])
        tag = match.group(1).lower()
        if tag in _VOID or match.group(0).endswith("/>"):
            position = match.end()
            continue
        depth, position = 1, len(content_html)
        for inner in _same_tag(tag).finditer(content_html, match.end()):
            depth += -1 if inner.group(1) else (0 if inner.group(0).endswith("/>") else 1)
            if depth == 0:
                position = inner.end()
                break
    kept.append(content_html[position:])
    return "".join(kept)


def _text(fragment: str) -> str:
    text = _STRIP.sub("", fragment)
    return html.unescape(text) if "&" in text else text


def _collect(content_html: str) -> tuple[str, dict[str, tuple[int, int]]]:
    """Text and mark spans of HTML as Python-Markdown writes it: our elements cut out first,
    then the text between marks taken a chunk at a time (cost linear in the page)."""
    source = _without_ours(content_html)
    parts: list[str] = []
    length, position = 0, 0
    stack: list[str | None] = []
    spans: dict[str, tuple[int, int]] = {}
    for match in _MARK.finditer(source):
        chunk = _text(source[position : match.start()])
        parts.append(chunk)
        length += len(chunk)
        position = match.end()
        if match.group(0).startswith("</"):
            note = stack.pop() if stack else None
            if note:
                spans[note] = (spans[note][0], length)
            continue
        found = _NOTE.search(match.group(0)) if "cl-mark" in match.group(0) else None
        note = found.group(1) if found else None
        stack.append(note)
        if note:
            start, end = spans.get(note, (length, length))
            spans[note] = (min(start, length), end)
    parts.append(_text(source[position:]))
    return "".join(parts), spans


def page_text(content_html: str) -> ArticleText:
    """The article's text: the content's text without our elements, leading whitespace removed.

    (Themes put different whitespace around the content; without it, positions are
    the same whichever element holding the content a client takes the text of.)
    """
    text, found = _collect(content_html)
    lead = len(text) - len(text.lstrip())
    spans = {note: (start - lead, end - lead) for note, (start, end) in found.items()}
    return ArticleText(text[lead:], spans)


def _date_time(value: dt.date) -> str:
    return f"{value.isoformat()}T00:00:00Z"


def _source_body(citation: Citation) -> dict[str, Any]:
    entry, ref = citation.source, citation.ref
    # §3.2.4/§4: a SpecificResource MUST have exactly one `source`; the rest describes it.
    source: dict[str, Any] = {"id": entry.url, "type": "Text", "schema:name": entry.title}
    if ref:
        source["schema:identifier"] = ref  # the id in annotations/sources.yml
    if entry.publisher:
        source["schema:publisher"] = entry.publisher
    if entry.date:
        source["schema:datePublished"] = format_date(entry.date)
    if entry.quote:
        source["schema:text"] = entry.quote
    if entry.archive_url:
        source["schema:archivedAt"] = entry.archive_url
    if entry.via:
        source["cl:via"] = entry.via
    body: dict[str, Any] = {"type": "SpecificResource", "purpose": "linking", "source": source}
    if citation.stance:
        body["cl:stance"] = citation.stance
    return body


def annotation(loaded: LoadedNote, page_url: str, text: ArticleText, layer: Layer) -> dict[str, Any]:
    note = loaded.note
    start, end = text.spans.get(note.id, (0, 0))
    exact = text.text[start:end]
    bodies: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "classifying", "value": layer.key, "schema:name": layer.title},
    ]
    if note.title:
        bodies.append({"type": "TextualBody", "purpose": "describing", "format": "text/plain", "value": note.title})
    if note.body.strip():
        bodies.append(
            {"type": "TextualBody", "purpose": "commenting", "format": "text/html", "value": render_body(note.body)}
        )
        bodies.append({"type": "TextualBody", "purpose": "commenting", "format": "text/markdown", "value": note.body})
    if note.verdict:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "assessing",
                "value": note.verdict,
                "schema:name": VERDICTS[note.verdict],
            }
        )
    bodies.extend(_source_body(citation) for citation in loaded.citations)
    item: dict[str, Any] = {
        "id": f"{page_url}#{note_anchor(note.id)}",
        "type": "Annotation",
        "motivation": "assessing"
        if note.verdict
        else ("linking" if loaded.sources and not note.body.strip() else "commenting"),
        "body": bodies,
        "target": {
            "source": page_url,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": exact,
                    "prefix": text.text[max(0, start - CONTEXT_CHARS) : start],
                    "suffix": text.text[end : end + CONTEXT_CHARS],
                },
                {"type": "TextPositionSelector", "start": start, "end": end},
            ],
        },
    }
    if note.updated:
        item["modified"] = _date_time(note.updated)
    return item


def annotation_collection(
    notes: Iterable[LoadedNote],
    layers: Iterable[Layer],
    page_url: str,
    collection_url: str,
    label: str,
    content_html: str,
) -> dict[str, Any]:
    """An AnnotationCollection (§5.1) holding one AnnotationPage (§5.2) with every note of the page."""
    text = page_text(content_html)
    by_key = {layer.key: layer for layer in layers}
    items = [annotation(n, page_url, text, by_key[n.note.layer]) for n in notes if n.note.id in text.spans]
    return {
        "@context": [ANNO_CONTEXT, SCHEMA_CONTEXT],
        "id": collection_url,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {"id": f"{collection_url}#page1", "type": "AnnotationPage", "startIndex": 0, "items": items},
    }
