"""The annotation format, version 1: plain frozen dataclasses that say what each file holds.

pydantic generates from them the JSON Schema editors use and the schema pydantic-core
validates with (both committed, see `schemas`), and they map onto the W3C Web Annotation
model (`quote`, `prefix` and `suffix` are a TextQuoteSelector's `exact`, `prefix`, `suffix`).
This module imports neither: the constraints written here (`Doc`, `Checked`, `Constrained`,
`OneOf`) are hooks that pydantic reads when it generates the schemas, so a build validates
with pydantic-core alone and never pays for importing pydantic.

This is a public contract. Fields may be added; none may be removed or change meaning.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

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


class Doc:
    """What a field or a type holds: its description in the JSON Schema."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __get_pydantic_json_schema__(self, schema: Any, handler: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
        described = handler(schema)
        described["description"] = self.text
        return described


class Checked:
    """A function that checks (and may clean) a value: after the type's own check, or `before` it."""

    def __init__(self, function: Callable[[Any], Any], *, before: bool = False) -> None:
        self.function, self.before = function, before

    def __get_pydantic_core_schema__(self, source: Any, handler: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
        mode = "function-before" if self.before else "function-after"
        return {"type": mode, "function": {"type": "no-info", "function": self.function}, "schema": handler(source)}


class Constrained:
    """Limits on a text: a pattern it matches, its shortest and longest length."""

    def __init__(self, **limits: Any) -> None:
        self.limits = limits  # pydantic-core's names: pattern, min_length, max_length

    def __get_pydantic_core_schema__(self, source: Any, handler: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
        return {**handler(source), **self.limits}


class OneOf:
    """One of several kinds of mapping, the kind told by a function of the raw value (the tag it returns)."""

    def __init__(self, kind: Callable[[Any], str], **choices: type) -> None:
        self.kind, self.choices = kind, choices

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> dict[str, Any]:
        choices = {tag: handler.generate_schema(choice) for tag, choice in self.choices.items()}
        return {"type": "tagged-union", "choices": choices, "discriminator": self.kind}


Text = Annotated[str, Checked(_clean)]
RequiredText = Annotated[str, Checked(_clean), Checked(_non_blank)]
Id = Annotated[str, Constrained(pattern=ID_PATTERN, min_length=1, max_length=100)]
Url = Annotated[str, Checked(_http_url)]
PartialDate = Annotated[
    dt.date | str,
    Checked(_partial_date, before=True),
    Doc("YYYY-MM-DD, or YYYY-MM / YYYY when only that is known"),
]
# Unknown keys are mistakes (a typo in a key silently loses data otherwise).
STRICT: dict[str, Any] = {"extra": "forbid"}
_record = dataclasses.dataclass(frozen=True, slots=True, kw_only=True)


@_record
class SourceEntry:
    """A source written out in full."""

    __pydantic_config__ = STRICT

    title: Annotated[RequiredText, Doc("Title of the document, as published")]
    url: Annotated[Url, Doc("Where to read it: an http(s) URL")]
    publisher: Annotated[Text | None, Doc("Who published it (the original publisher, for a copy)")] = None
    via: Annotated[
        Text | None,
        Doc(
            "Where this copy, mirror, repost or translation was found, when `url` is not the original "
            "publisher's; `publisher` then names the original publisher"
        ),
    ] = None
    date: Annotated[PartialDate | None, Doc("Publication date")] = None
    quote: Annotated[Text | None, Doc("Optional short quotation from the source")] = None
    archive_url: Annotated[Url | None, Doc("Optional archived copy")] = None


_STANCE_DESCRIPTION = "What this source says about the quoted claim: supports, contradicts or context"


@_record
class CitedEntry(SourceEntry):
    """A source written out in full in a note, with what it says about the claim."""

    stance: Annotated[Stance | None, Doc(_STANCE_DESCRIPTION)] = None


@_record
class SourceRef:
    """A reference to an entry of `annotations/sources.yml`."""

    __pydantic_config__ = STRICT

    ref: Annotated[Id, Doc("An id from annotations/sources.yml")]
    stance: Annotated[Stance | None, Doc(_STANCE_DESCRIPTION)] = None


def _source_kind(value: Any) -> str:
    if isinstance(value, dict) and "ref" in value:
        return "ref"
    if isinstance(value, SourceRef):
        return "ref"
    return "entry"


Source = Annotated[SourceRef | CitedEntry, OneOf(_source_kind, ref=SourceRef, entry=CitedEntry)]


@_record
class Note:
    """One context note, attached to a quoted passage of a page."""

    __pydantic_config__ = STRICT

    id: Annotated[Id, Doc("Unique within the page; the note's URL is #note-ID")]
    layer: Annotated[Id, Doc("A layer configured in mkdocs.yml (e.g. background, counter, disputed)")]
    quote: Annotated[RequiredText, Doc("The passage as a reader sees it, within one block")]
    prefix: Annotated[Text | None, Doc("Text just before the quote, to pick one occurrence")] = None
    suffix: Annotated[Text | None, Doc("Text just after the quote, to pick one occurrence")] = None
    title: Annotated[Text | None, Doc("Short plain-text title")] = None
    verdict: Annotated[Verdict | None, Doc("Assessment of the quoted claim")] = None
    body: Annotated[Text, Doc("Markdown: emphasis, links, lists")] = ""
    sources: Annotated[list[Source], Doc("References or full entries")] = dataclasses.field(default_factory=list)
    updated: Annotated[dt.date | None, Doc("Date of the last substantive change")] = None


@_record
class AnnotationFile:
    """A file of notes about one page."""

    __pydantic_config__ = STRICT

    page: Annotated[RequiredText, Doc("Path of the article under docs/, e.g. world/article.md")]
    notes: list[Note] = dataclasses.field(default_factory=list)


@_record
class SourcesFile:
    """`annotations/sources.yml`: shared source entries, by id."""

    __pydantic_config__ = STRICT

    sources: dict[Id, SourceEntry] = dataclasses.field(default_factory=dict)


def field_names(record: type) -> list[str]:
    """The keys a record's mapping may have, in the order the format lists them."""
    return [field.name for field in dataclasses.fields(record)]
