"""The annotation format, version 1: one pydantic model that validates YAML,
generates the JSON Schema editors use, and maps onto the W3C Web Annotation model
(`quote`, `prefix` and `suffix` are a TextQuoteSelector's `exact`, `prefix`, `suffix`).

This is a public contract. Fields may be added; none may be removed or change meaning.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    RootModel,
    Tag,
)

FORMAT_VERSION = 1

ID_PATTERN = r"^[a-z0-9-]+$"
VERDICTS: dict[str, str] = {
    "accurate": "Accurate",
    "lacks-context": "Lacks context",
    "misleading": "Misleading",
    "disputed": "Disputed",
    "unsupported": "Unsupported",
    "false": "False",
    "opinion": "Opinion",
}
# One line each, shown with every verdict label (its accessible description). "How to read the
# notes" (docs/about/how-to-read.md, list item `{#verdict-KEY}`) opens each definition with it.
VERDICT_DEFINITIONS: dict[str, str] = {
    "accurate": "the sources support the claim as stated.",
    "lacks-context": "the claim is broadly right, but it leaves out something a reader needs to know.",
    "misleading": "the claim is partly right, but what it leaves out or gets wrong changes its meaning.",
    "disputed": "the claim uses a contested legal or political label, or reliable sources disagree with each other.",
    "unsupported": "no public source for the claim was found.",
    "false": "direct, strong sources contradict the claim.",
    "opinion": "the passage is the author's view or characterisation, not a checkable statement of fact.",
}
VERDICT_ANCHOR = "verdict-"  # a verdict's definition is at #verdict-KEY on the how-to-read page
Verdict = Literal["accurate", "lacks-context", "misleading", "disputed", "unsupported", "false", "opinion"]
# What a cited source says about the quoted claim, in the order notes list them.
STANCES: dict[str, str] = {
    "supports": "Supports the claim",
    "contradicts": "Contradicts the claim",
    "context": "Context",
}
Stance = Literal["supports", "contradicts", "context"]

# C0 control characters other than tab and newline have no place in prose, and the
# two Python-Markdown uses as placeholders (STX, ETX) could smuggle markup through.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


NOTE_ANCHOR = "note-"  # a note's element id and URL fragment: note-ID (the script reads the same prefix)


def note_anchor(note_id: str) -> str:
    """The id of a note's element, and the fragment of its address: `note-ID`."""
    return NOTE_ANCHOR + note_id


def slugify(text: str, words: int | None = None, limit: int | None = None) -> str:
    """An id made of the text's letters and digits: `Who counted the dead?` -> `who-counted-the-dead`."""
    parts = re.findall(r"[a-z0-9]+", text.lower().replace("'", "").replace("\u2019", ""))
    return "-".join(parts[:words])[:limit].strip("-")


def unique_id(text: str, taken: set[str]) -> str:
    """A short id made of the text's first words, not among `taken`: at most 4 words and 32 characters,
    without a dangling short word at the end (`within walking distance of Turkey` -> `within-walking-distance`).
    """
    words, limit = 4, 32
    dangling = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"}
    parts = slugify(text).split("-")
    kept = [parts[0][:limit]] if parts[0] else []
    for part in parts[1:words]:
        if len("-".join([*kept, part])) > limit:
            break
        kept.append(part)
    while len(kept) > 1 and kept[-1] in dangling:
        kept.pop()
    base = "-".join(kept) or "note"
    candidate, n = base, 2
    while candidate in taken:
        suffix = f"-{n}"
        candidate, n = base[: limit - len(suffix)].rstrip("-") + suffix, n + 1
    return candidate


def _clean(value: str) -> str:
    return _CONTROL.sub("", value)


def _non_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    # Spaces, entities and stray punctuation are reported by the loader (`urls`), with a position and a fix.
    if parts.scheme not in ("http", "https") or not parts.netloc.strip():
        raise ValueError("must be an absolute http:// or https:// URL")
    return value


def _partial_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str) and not _PARTIAL_DATE.match(value.strip()):
        raise ValueError("must be a date written YYYY-MM-DD, YYYY-MM or YYYY")
    return value.strip() if isinstance(value, str) else value


def date_span(value: dt.date | str | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day a partial date can mean: `2022-02` is 1 to 28 February 2022."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value, value
    if not isinstance(value, str) or not _PARTIAL_DATE.match(value.strip()):
        return None
    parts = [int(part) for part in value.strip().split("-")]
    try:
        if len(parts) == 3:
            day = dt.date(*parts)
            return day, day
        if len(parts) == 2:
            first = dt.date(parts[0], parts[1], 1)
            following = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            return first, following - dt.timedelta(days=1)
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    except ValueError:  # a month 13 or a 31 February
        return None


def published_after(source_date: dt.date | str | None, original: dt.date | str | None) -> bool:
    """Whether a source certainly came out after the article (a partial date that may overlap does not)."""
    source, article = date_span(source_date), date_span(original)
    return bool(source and article and source[0] > article[1])


Text = Annotated[str, AfterValidator(_clean)]
RequiredText = Annotated[str, AfterValidator(_clean), AfterValidator(_non_blank)]
Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=100)]
Url = Annotated[str, AfterValidator(_http_url)]
PartialDate = Annotated[
    dt.date | str,
    BeforeValidator(_partial_date),
    Field(description="YYYY-MM-DD, or YYYY-MM / YYYY when only that is known"),
]


class _Strict(BaseModel):
    # Unknown keys are mistakes (a typo in a key silently loses data otherwise).
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class SourceEntry(_Strict):
    """A source written out in full."""

    title: RequiredText = Field(description="Title of the document, as published")
    url: Url = Field(description="Where to read it: an http(s) URL")
    publisher: Text | None = Field(None, description="Who published it (the original publisher, for a copy)")
    via: Text | None = Field(
        None,
        description="Where this copy, mirror, repost or translation was found, when `url` is not the original "
        "publisher's; `publisher` then names the original publisher",
    )
    date: PartialDate | None = Field(None, description="Publication date")
    quote: Text | None = Field(None, description="Optional short quotation from the source")
    archive_url: Url | None = Field(None, description="Optional archived copy")


_STANCE_DESCRIPTION = "What this source says about the quoted claim: supports, contradicts or context"


class CitedEntry(SourceEntry):
    """A source written out in full in a note, with what it says about the claim."""

    stance: Stance | None = Field(None, description=_STANCE_DESCRIPTION)


class SourceRef(_Strict):
    """A reference to an entry of `annotations/sources.yml`."""

    ref: Id = Field(description="An id from annotations/sources.yml")
    stance: Stance | None = Field(None, description=_STANCE_DESCRIPTION)


def _source_kind(value: Any) -> str:
    if isinstance(value, dict) and "ref" in value:
        return "ref"
    if isinstance(value, (SourceRef,)):
        return "ref"
    return "entry"


Source = Annotated[
    Annotated[SourceRef, Tag("ref")] | Annotated[CitedEntry, Tag("entry")],
    Discriminator(_source_kind),
]


class Note(_Strict):
    """One context note, attached to a quoted passage of a page."""

    id: Id = Field(description="Unique within the page; the note's URL is #note-ID")
    layer: Id = Field(description="A layer configured in mkdocs.yml (e.g. background, counter, disputed)")
    quote: RequiredText = Field(description="The passage as a reader sees it, within one block")
    prefix: Text | None = Field(None, description="Text just before the quote, to pick one occurrence")
    suffix: Text | None = Field(None, description="Text just after the quote, to pick one occurrence")
    title: Text | None = Field(None, description="Short plain-text title")
    verdict: Verdict | None = Field(None, description="Assessment of the quoted claim")
    body: Text = Field("", description="Markdown: emphasis, links, lists")
    sources: list[Source] = Field(default_factory=list, description="References or full entries")
    updated: dt.date | None = Field(None, description="Date of the last substantive change")


class AnnotationFile(_Strict):
    """A file of notes about one page."""

    page: RequiredText = Field(description="Path of the article under docs/, e.g. world/article.md")
    notes: list[Note] = Field(default_factory=list)


class SourcesFile(_Strict):
    """`annotations/sources.yml`: shared source entries, by id."""

    sources: dict[Id, SourceEntry] = Field(default_factory=dict)


class AnyFile(RootModel[AnnotationFile | SourcesFile]):
    """Either kind of annotation file; used only to generate the JSON Schema."""


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the format, as committed in `schema/annotations.schema.json`."""
    schema = AnyFile.model_json_schema()
    schema.update(
        title="context-layers annotation file (format v1)",
        description="A page's notes (page + notes) or the shared sources file (sources).",
    )
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
