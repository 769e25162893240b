"""Open data: each annotated page's notes as a W3C Web Annotation collection.

Everything here is a projection of the annotation model, computed from a page's
rendered content; no MkDocs in it. Positions are counted in the page's *text*:
the text content of the rendered content without the notes and the reader's
controls (every element with a `cl-` class other than `cl-mark`), that is, the
article as published, from its first visible character.

Ids and target sources are IRIs only when the site's address is known (`site_url`): the
model requires IRIs, so a build without one is warned (an error under `--strict`), and
falls back on references relative to the collection, which only a reader of the site
resolves.

References: Web Annotation Data Model, W3C Recommendation 23 February 2017
(https://www.w3.org/TR/annotation-model/). Reading Web Annotations back into notes is
`tools.importer`'s work.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from collections.abc import Iterable, Mapping
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
GENERATOR = {"type": "Software", "name": "context-layers"}
NO_SITE_URL = (
    "web_annotations: no `site_url`, so the ids of the Web Annotations are relative, which the Web Annotation "
    'model does not allow; set `site_url` (e.g. `site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]`) or '
    "`web_annotations: false`"
)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class ArticleText:
    """The article's text and, per note, where its marked passage starts and ends in it."""

    text: str
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)


_CLASSED = re.compile(r"""<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?\sclass=["']([^"']*\bcl-[^"']*)["'][^>]*>""")
# `<` first, outside the choice: the engine then skips from one `<` to the next.
_MARK = re.compile(r"<(?:mark\b[^>]*|/mark\s*)>")
_STRIP = re.compile(r"<(?:!--.*?--|[^>]*)>", re.S)
_NOTE = re.compile(r"""\sdata-note=["']([^"']*)["']""")


@functools.lru_cache(maxsize=64)
def _same_tag(tag: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){tag}\b[^>]*>", re.I)


def _without_ours(content_html: str) -> str:
    """The HTML less every element with a `cl-` class other than `cl-mark` (notes, markers, switches)."""
    kept: list[str] = []
    position = scan = 0
    # Each search starts after the last element found: the inside of an element cut is not searched.
    while (match := _CLASSED.search(content_html, scan)) is not None:
        scan = match.end()
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
        scan = position
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


@dataclass(frozen=True)
class Site:
    """Who publishes the notes (the annotations' creator) and the language they are written in."""

    name: str
    url: str | None = None
    language: str = "en"

    @property
    def creator(self) -> dict[str, str]:
        return {"type": "Organization", "name": self.name, **({"homepage": self.url} if self.url else {})}


def site_of(site_name: str, site_url: str | None, theme: Mapping[str, Any] | None) -> Site:
    """The site as a host's configuration gives it; the language is the theme's (Material's `theme.language`)."""
    language = (theme or {}).get("language") or "en"
    return Site(site_name, site_url or None, str(language))


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


def _textual(purpose: str, value: str, media_type: str, language: str | None = None, **more: str) -> dict[str, Any]:
    body = {"type": "TextualBody", "purpose": purpose, "value": value, "format": media_type}
    return {**body, **({"language": language} if language else {}), **more}


def _bodies(loaded: LoadedNote, layer: Layer, language: str) -> list[dict[str, Any]]:
    """The layer and the verdict are keys (their labels in `schema:name`); the title and the body are prose,
    in the site's language."""
    note = loaded.note
    bodies = [_textual("classifying", layer.key, "text/plain", **{"schema:name": layer.title})]
    if note.title:
        bodies.append(_textual("describing", note.title, "text/plain", language))
    if note.body.strip():
        bodies.append(_textual("commenting", render_body(note.body), "text/html", language))
        bodies.append(_textual("commenting", note.body, "text/markdown", language))
    if note.verdict:
        bodies.append(_textual("assessing", note.verdict, "text/plain", **{"schema:name": VERDICTS[note.verdict]}))
    bodies.extend(_source_body(citation) for citation in loaded.citations)
    return bodies


def annotation(
    loaded: LoadedNote, page_url: str, text: ArticleText, layer: Layer, site: Site | None = None
) -> dict[str, Any]:
    note = loaded.note
    site = site or Site("")
    start, end = text.spans.get(note.id, (0, 0))
    exact = text.text[start:end]
    item: dict[str, Any] = {
        "id": f"{page_url}#{note_anchor(note.id)}",
        "type": "Annotation",
        "motivation": "assessing"
        if note.verdict
        else ("linking" if loaded.sources and not note.body.strip() else "commenting"),
        "body": _bodies(loaded, layer, site.language),
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
    if site.name:
        item["creator"] = site.creator
    item["generator"] = GENERATOR
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
    site: Site | None = None,
) -> dict[str, Any]:
    """An AnnotationCollection (§5.1) holding one AnnotationPage (§5.2) with every note of the page."""
    text = page_text(content_html)
    by_key = {layer.key: layer for layer in layers}
    items = [annotation(n, page_url, text, by_key[n.note.layer], site) for n in notes if n.note.id in text.spans]
    return {
        "@context": [ANNO_CONTEXT, SCHEMA_CONTEXT],
        "id": collection_url,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {"id": f"{collection_url}#page1", "type": "AnnotationPage", "startIndex": 0, "items": items},
    }
