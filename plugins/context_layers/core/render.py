"""Rendering notes: the `<aside>` of each note, and note bodies made safe.

Every string from YAML is untrusted. Plain strings become element text (the
serializer escapes them); Markdown bodies are rendered by a bare Python-Markdown
instance and then sanitised with nh3's allow-list before they reach the page.

The HTML produced here is a public contract for theme authors (see docs/hooks.md):
`aside.cl-note#note-ID[data-layer]`, `.cl-layer`, `.cl-title`,
`span.cl-verdict[data-verdict]`, `.cl-body`, `ul.cl-sources > li.cl-source`; where
citations have stances, one `p.cl-sources-heading` + `ul.cl-sources` per stance, and
`li.cl-source[data-stance]`, `[data-later]`, `.cl-via`, `.cl-later`.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable, Sequence
from xml.etree.ElementTree import Element, SubElement

import markdown
import nh3

from .catalog import Citation, LoadedNote
from .model import STANCES, SourceEntry, note_anchor, published_after
from .options import Layer
from .strings import ENGLISH, ReaderStrings

ALLOWED_TAGS = {
    "p", "br", "em", "strong", "b", "i", "a", "ul", "ol", "li", "code", "pre", "blockquote", "q",
    "cite", "abbr", "sub", "sup", "s", "del", "ins", "small", "span", "mark", "dl", "dt", "dd", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}, "q": {"cite"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Dropped with their content, not just unwrapped.
REMOVED_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "template",
    "svg",
    "math",
    "noscript",
    "textarea",
    "select",
}
LINK_REL = "noopener noreferrer"
EXTERNAL_CLASS = "cl-external"


def _body_markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=["sane_lists"], output_format="html")


_BODY_MARKDOWN: list[markdown.Markdown] = []
# Rendered bodies, by their Markdown: the page, the open-data files and the feed show
# the same bodies, and `mkdocs serve` rebuilds with mostly unchanged notes.
_RENDERED: dict[str, str] = {}
_CACHE_LIMIT = 20_000
# Bodies that could reach across a batch: link reference definitions, fences, raw HTML.
_NOT_BATCHED = re.compile(r"^ {0,3}(?:\[[^\]]+\]:|```|~~~|<)", re.M)


def _convert(text: str) -> str:
    if not _BODY_MARKDOWN:
        _BODY_MARKDOWN.append(_body_markdown())
    md = _BODY_MARKDOWN[0]
    md.reset()
    return md.convert(text)


def _remember(text: str, html: str) -> str:
    if len(_RENDERED) >= _CACHE_LIMIT:
        _RENDERED.clear()
    _RENDERED[text] = html
    return html


def render_body(text: str) -> str:
    """A note body as safe HTML (Markdown rendered, then sanitised)."""
    found = _RENDERED.get(text)
    return found if found is not None else _remember(text, sanitise(_convert(text)))


def forget_bodies(texts: Iterable[str]) -> None:
    """Let these bodies' renderings go: a build that has written their page shows them no more
    (a server keeps them, for its next rebuild; anything asked again is rendered again)."""
    for text in texts:
        _RENDERED.pop(text, None)


def let_go() -> None:
    """A Markdown instance keeps its last document (lines, tree, a map of it) until the next one:
    the bodies' instance is given a one-word document instead."""
    if _BODY_MARKDOWN:
        _convert(".")


def render_bodies(texts: Iterable[str]) -> None:
    """Render many bodies in one Markdown pass (a page's worth), ready for `render_body`.

    Each Markdown call has a fixed cost, larger than a short body's own. Bodies are
    joined with a comment that no body can contain (a fresh random token) and the
    output is cut there again; if anything could carry over from one body to the next,
    or the cut does not give one piece per body, each is rendered on its own.
    """
    todo = [t for t in dict.fromkeys(texts) if t.strip() and t not in _RENDERED and not _NOT_BATCHED.search(t)]
    if len(todo) < 2:
        return
    token = f"<!--cl-{secrets.token_hex(8)}-->"
    pieces = _convert("".join(f"{text}\n\n{token}\n\n" for text in todo)).split(token)
    let_go()
    if len(pieces) != len(todo) + 1:
        return
    for text, piece in zip(todo, pieces[:-1], strict=True):
        _remember(text, sanitise(piece))


def sanitise(html: str) -> str:
    """Keep only harmless markup: no scripts, styles, frames, handlers or images."""
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=REMOVED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        set_tag_attribute_values={"a": {"class": EXTERNAL_CLASS}},
        strip_comments=True,
    )
    return clean.strip()


def format_date(value: dt.date | str | None) -> str:
    return value.isoformat() if isinstance(value, dt.date) else (value or "")


def note_element(
    loaded: LoadedNote,
    layer: Layer,
    body_html_placeholder: str,
    *,
    published: dt.date | str | None = None,
    strings: ReaderStrings = ENGLISH,
) -> Element:
    """The `<aside>` for one note. The body is a stash placeholder for sanitised HTML.

    `published` is when the annotated article came out: sources dated after it are labelled.
    Labels are in the language of `strings`; layer titles stay as configured.
    """
    note = loaded.note
    aside = Element("aside", {"class": "cl-note", "id": note_anchor(note.id), "data-layer": layer.key})
    header = SubElement(aside, "p", {"class": "cl-note-header"})
    layer_name = SubElement(header, "span", {"class": "cl-layer"})
    layer_name.text = layer.title
    if note.verdict:
        layer_name.tail = " "
        verdict = SubElement(header, "span", {"class": "cl-verdict", "data-verdict": note.verdict})
        verdict.text = strings[f"verdict_{note.verdict}"]
    if note.title:
        (verdict if note.verdict else layer_name).tail = " "
        title = SubElement(header, "strong", {"class": "cl-title"})
        title.text = note.title
    if body_html_placeholder:
        holder = aside
        if layer.fold_body:  # e.g. answers for teachers under each question: folded until asked for
            holder = SubElement(aside, "details", {"class": "cl-body-fold"})
            SubElement(holder, "summary").text = layer.fold_body
        body = SubElement(holder, "div", {"class": "cl-body"})
        body.text = body_html_placeholder
    for stance, citations in _stance_groups(loaded.citations):
        stanced = {"data-stance": stance} if stance else {}
        if stance is not None:  # grouped: a heading for every group, the one without a stance last
            heading = SubElement(aside, "p", {"class": "cl-sources-heading", **stanced})
            heading.text = strings[f"stance_{stance or 'other'}"]
        sources = SubElement(aside, "ul", {"class": "cl-sources", **stanced})
        for citation in citations:
            sources.append(
                source_element(
                    citation.source,
                    stance=citation.stance,
                    later=published_after(citation.source.date, published),
                    strings=strings,
                )
            )
    if note.updated:
        updated = SubElement(aside, "p", {"class": "cl-updated"})
        updated.text = strings["note_updated"] + " "
        when = SubElement(updated, "time", {"datetime": note.updated.isoformat()})
        when.text = strings.date(note.updated)
    return aside


def _stance_groups(citations: Sequence[Citation]) -> list[tuple[str | None, Sequence[Citation]]]:
    """Citations by stance, in the order supports, contradicts, context (the ones without last);
    one group, without headings, if none has a stance."""
    if not any(citation.stance for citation in citations):
        return [(None, citations)] if citations else []
    order = [*STANCES, ""]
    groups: dict[str, list[Citation]] = {}
    for citation in citations:
        groups.setdefault(citation.stance or "", []).append(citation)
    return [(stance, groups[stance]) for stance in order if stance in groups]


def source_element(
    entry: SourceEntry, *, stance: str | None = None, later: bool = False, strings: ReaderStrings = ENGLISH
) -> Element:
    """One `li.cl-source`: title link — publisher, via the copy's site, date, quotation, archived copy."""
    attributes = {"class": "cl-source"}
    if stance:
        attributes["data-stance"] = stance
    if later:
        attributes["data-later"] = ""
    item = Element("li", attributes)
    link = SubElement(item, "a", {"href": entry.url, "rel": LINK_REL, "class": EXTERNAL_CLASS})
    link.text = entry.title
    last: Element = link
    if entry.publisher or entry.date or entry.via:
        link.tail = " — " + (entry.publisher or "")
    if entry.via:
        link.tail += (strings["source_separator"] if entry.publisher else "") + f"{strings['source_via']} "
        via = SubElement(item, "span", {"class": "cl-via"})
        via.text = entry.via
        via.tail = f" ({strings['source_copy']})"
        last = via
    if entry.date:
        if entry.publisher or entry.via:
            last.tail = (last.tail or "") + strings["source_separator"]
        when = SubElement(item, "time", {"datetime": format_date(entry.date)})
        when.text = strings.date(entry.date)
        last = when
    if later:
        last.tail = (last.tail or "") + " "
        label = SubElement(item, "span", {"class": "cl-later", "title": strings["source_later_title"]})
        label.text = strings["source_later"]
        last = label
    if entry.quote:
        last.tail = (last.tail or "") + " "
        quote = SubElement(item, "q", {"class": "cl-source-quote"})
        quote.text = entry.quote
        last = quote
    if entry.archive_url:
        last.tail = (last.tail or "") + " ("
        archive = SubElement(
            item, "a", {"href": entry.archive_url, "rel": LINK_REL, "class": f"{EXTERNAL_CLASS} cl-archive"}
        )
        archive.text = strings["source_archive"]
        archive.tail = ")"
    return item
