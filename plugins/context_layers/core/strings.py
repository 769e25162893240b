"""Every string a reader sees, in the reader's language.

    strings = reader_strings("fr-CA", {"bar_label": "Notes de contexte"})
    strings["note_link"]            # "Lien vers cette note"
    strings.text("note_marker", n=3) # "Note 3"
    strings.date(dt.date(2022, 2, 4))  # "4 février 2022"

A catalogue is a flat mapping of key to text. English (`EN`, here) is the reference:
every other catalogue (`core/translations/<code>.py`, a module-level `STRINGS`) has
exactly its keys, which a test checks, and uses the same `{placeholders}`. Keys are
grouped by prefix: `note_` (a note's controls), `source_` and `stance_` (its sources),
`verdict_` and `definition_` (labels and their one-line meaning; the verdict keys in
YAML stay English), `bar_` (the layer switches), `script_` (what context-layers.js
and claims.js show, handed to them through data attributes), `print_`, `claims_`,
`feed_`, `sources_`, `classroom_`, `propose_` (the proposal form) and `date_`
(how dates read: `date_months` is twelve names separated by commas).

A language is chosen by its code as themes write it (`fr`, `fr-CA`, `pt_BR`): the base
language is used when the region has no catalogue, English when the language has none.
A site overrides any string with the `strings` option; an unknown key is refused, with
the nearest known key as a suggestion (`unknown_keys`).

To add a language: copy `translations/fr.py` to `translations/<code>.py`, translate every
value (keep the placeholders), and add the code to `LANGUAGES` (and to `RIGHT_TO_LEFT` if
the script runs right to left).
"""

from __future__ import annotations

import datetime as dt
import difflib
import importlib
import string
from collections.abc import Iterator, Mapping

from .model import STANCES, VERDICT_DEFINITIONS, VERDICTS

LANGUAGES = ("en", "fr", "de", "es", "ar")
RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ku"})

EN: dict[str, str] = {
    # A note's controls (core/controls.py, core/render.py).
    "note_marker": "Note {n}",
    "note_show_all": "Show all of note {n}",
    "note_back": "Back to the passage",
    "note_link": "Link to this note",
    "note_report": "Report a problem with this note",
    "note_close": "Close",
    "note_close_label": "Close note {n}",
    "note_updated": "Updated",
    # A note's sources.
    "source_via": "via",
    "source_copy": "copy",
    "source_later": "published later",
    "source_later_title": "published after the article",
    "source_archive": "archived copy",
    "source_separator": ", ",
    **{f"stance_{key}": label for key, label in STANCES.items()},
    "stance_other": "Other sources",
    **{f"verdict_{key}": label for key, label in VERDICTS.items()},
    **{f"definition_{key}": text[:1].upper() + text[1:] for key, text in VERDICT_DEFINITIONS.items()},
    # The layer bar.
    "bar_label": "Context notes",
    "bar_note": "note",
    "bar_notes": "notes",
    "bar_guide": "How to read these notes",
    # What the scripts show.
    "script_link_copied": "Link copied",
    "script_link_in_address_bar": "Link in the address bar",
    "script_claims_filter": "Show claims by verdict",
    "script_claims_all": "All verdicts",
    # Print: the heading of the endnotes.
    "print_notes": "Notes",
    # The claims index and its feed (publish/claims.py).
    "claims_title": "Claims checked",
    "claims_intro": "Every claim on this site that a note assesses ({total} in all), grouped by verdict and by "
    "article. Each links to its note, where the evidence and sources are.",
    "claims_filter": "Show one verdict:",
    "claims_none": "No note on this site gives a verdict yet.",
    "feed_title": "{site}: changes to the notes",
    "feed_on": "On {page}: “{quote}”",
    # The sources page (publish/bibliography.py).
    "sources_title": "Sources",
    "sources_intro": "Every source cited by a note on this site ({total} in all), with links to the notes that "
    "cite it. Sources are listed by publisher, under the publisher's initial.",
    "sources_other": "Other",
    "sources_cited_in": "Cited in:",
    # The proposal form (assets/context-layers/propose/propose.js).
    "propose_button": "Propose a note",
    "propose_across": "A note's passage lies within one paragraph, list item or cell: select a shorter passage.",
    "propose_ambiguous": "These words occur elsewhere on the page with the same words around them: "
    "select a longer passage.",
    "propose_heading": "Propose a note on this passage",
    "propose_intro": "Nothing is sent from this page: copy the file, or open it as a pull request or an "
    "issue, where editors review it.",
    "propose_layer": "Layer",
    "propose_title": "Title",
    "propose_body": "Note (Markdown)",
    "propose_source_url": "Source address (URL)",
    "propose_source_title": "Source title",
    "propose_source_publisher": "Source publisher",
    "propose_source_date": "Source date (YYYY-MM-DD, or YYYY-MM, YYYY)",
    "propose_stance": "What the source says about the passage",
    "propose_verdict": "Verdict",
    "propose_none": "None",
    "propose_mismatch": "This verdict does not fit what the source says about the passage.",
    "propose_yaml": "The note, as an annotation file",
    "propose_copy": "Copy",
    "propose_copied": "Copied",
    "propose_copy_by_hand": "Selected: press Ctrl+C to copy",
    "propose_pr": "Open a pull request",
    "propose_issue": "Open an issue",
    "propose_issue_title": "Proposed note on {page}",
    "propose_close": "Close",
    # The classroom edition (publish/questions.py, edition.py).
    "classroom_site_teachers": "{site}, for teachers",
    "classroom_site_students": "{site}, for students",
    "classroom_for_teachers": "For teachers",
    "classroom_questions": "Questions",
    "classroom_sheet": "Question sheet",
    "classroom_in_class": "In class",
    "classroom_articles": "Articles",
    "classroom_how_to_read": "How to read a page",
    "classroom_span_none": "no questions",
    "classroom_span_one": "one question (Q1)",
    "classroom_span": "{n} questions (Q1–Q{n})",
    "classroom_about_answers": "Each links to the question beside its passage, where the answer for teachers is "
    "folded under it (“{fold}”); the answers are folded here too.",
    "classroom_about": "Each links to the question beside its passage in the article.",
    "classroom_questions_intro": "The {layer} of this edition: {span}, numbered in reading order.",
    "classroom_sheet_link": "The [question sheet]({sheet}) prints them with space to write.",
    "classroom_sheet_intro": "{span} for discussion. Read each passage in the article, then write your answer in "
    "the space under the question. Print this page from the browser.",
    "classroom_name_date": "Name: ______________________________ Date: ______________",
    "classroom_teachers": "This is the **teachers' edition**: every question for discussion has an answer for "
    "teachers, folded under it (“{fold}”).",
    "classroom_students": "This is the **students' edition**: it has the questions for discussion, without the "
    "answers.",
    "classroom_numbers": "no,one,two,three,four,five,six,seven,eight,nine,ten",
    "classroom_layers_one": "Notes come in {number} layer. Read them together, or switch a layer off at the top "
    "of an article:",
    "classroom_layers": "Notes come in {number} layers. Read them together, or switch a layer off at the top of "
    "an article:",
    "classroom_list": "the {span}, each with its passage and a link to it.",
    "classroom_sheet_about": "the questions to print, with space to write.",
    # Dates: ISO in English, so an English page reads as it always has.
    "date_day": "{iso}",
    "date_month": "{iso}",
    "date_months": "January,February,March,April,May,June,July,August,September,October,November,December",
}

_CATALOGUES: dict[str, dict[str, str]] = {"en": EN}


def catalogue(language: str) -> dict[str, str]:
    """The full catalogue of one of `LANGUAGES`, as shipped (no overrides)."""
    if language not in _CATALOGUES:
        module = importlib.import_module(f"{__package__}.translations.{language}")
        _CATALOGUES[language] = module.STRINGS
    return _CATALOGUES[language]


def base_language(code: str | None) -> str:
    """The catalogue for a theme's language code: `fr-CA` and `pt_BR` fall back to their base
    language, a language without a catalogue to English."""
    code = (code or "en").strip().replace("_", "-").lower()
    if code in LANGUAGES:
        return code
    base = code.split("-", 1)[0]
    return base if base in LANGUAGES else "en"


def is_right_to_left(code: str | None) -> bool:
    return (code or "").strip().replace("_", "-").lower().split("-", 1)[0] in RIGHT_TO_LEFT


# Dates may be written with any of these, whatever English uses.
_DATE_FIELDS = {"date_day": {"iso", "day", "month", "year"}, "date_month": {"iso", "month", "year"}}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def allowed_placeholders(key: str) -> set[str]:
    """The `{fields}` a string may use: English's own, or a date's parts."""
    return _DATE_FIELDS.get(key) or placeholders(EN[key])


def unknown_keys(overrides: Mapping[str, object] | None) -> list[str]:
    """What is wrong with a site's `strings` option, one message each ([] if nothing)."""
    problems = []
    for key, value in (overrides or {}).items():
        if key not in EN:
            near = difflib.get_close_matches(str(key), EN, n=1, cutoff=0.5)
            hint = f"; did you mean {near[0]!r}?" if near else f"; known keys start with {_prefixes()}"
            problems.append(f"unknown string {key!r}{hint}")
        elif not isinstance(value, str):
            problems.append(f"string {key!r} must be text, not {type(value).__name__}")
        elif extra := placeholders(value) - allowed_placeholders(key):
            allowed = ", ".join(f"{{{name}}}" for name in sorted(allowed_placeholders(key))) or "none"
            problems.append(f"string {key!r} uses unknown placeholder(s) {sorted(extra)} (allowed: {allowed})")
    return problems


def _prefixes() -> str:
    return ", ".join(sorted({key.split("_", 1)[0] + "_" for key in EN}))


class ReaderStrings(Mapping[str, str]):
    """One language's strings with a site's overrides: `strings[key]`, `text(key, **fields)`, `date(value)`."""

    def __init__(self, language: str | None = "en", overrides: Mapping[str, str] | None = None) -> None:
        self.code = (language or "en").strip() or "en"
        self.language = base_language(self.code)
        self.right_to_left = is_right_to_left(self.code)
        self._strings = {**EN, **catalogue(self.language), **(overrides or {})}

    def __getitem__(self, key: str) -> str:
        return self._strings[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._strings)

    def __len__(self) -> int:
        return len(self._strings)

    def __hash__(self) -> int:  # never changed once made, so frozen dataclasses may hold one
        return hash(tuple(self._strings.items()))

    def text(self, key: str, **fields: object) -> str:
        return self._strings[key].format(**fields)

    def script_strings(self, *prefixes: str) -> dict[str, str]:
        """The strings a script needs, for a JSON data attribute: the keys that start with
        `script_` + one of `prefixes` (all `script_` keys without any), less `script_`."""
        starts = tuple(f"script_{prefix}" for prefix in prefixes) or ("script_",)
        return {key[len("script_") :]: text for key, text in self._strings.items() if key.startswith(starts)}

    def date(self, value: dt.date | str | None) -> str:
        """A date as the language writes it: a `datetime.date`, or a partial ISO date ("2022", "2022-02")."""
        if value is None or value == "":
            return ""
        iso = value.isoformat() if isinstance(value, dt.date) else str(value)
        parts = iso.split("-")
        if len(parts) == 1 or not all(part.isdigit() for part in parts):
            return iso
        months = [name.strip() for name in self._strings["date_months"].split(",")]
        month = months[int(parts[1]) - 1] if len(months) == 12 and 1 <= int(parts[1]) <= 12 else parts[1]
        key = "date_day" if len(parts) == 3 else "date_month"
        day = str(int(parts[2])) if len(parts) == 3 else ""
        return self._strings[key].format(iso=iso, day=day, month=month, year=parts[0])


ENGLISH = ReaderStrings()


def reader_strings(language: str | None = "en", overrides: Mapping[str, str] | None = None) -> ReaderStrings:
    """The strings for a theme's language code, with a site's overrides (checked by `unknown_keys`)."""
    if not overrides and base_language(language) == "en" and not is_right_to_left(language):
        return ENGLISH
    return ReaderStrings(language, overrides)
