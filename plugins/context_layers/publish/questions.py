"""The pages of a classroom edition: its home, the list of questions, and a question sheet to print.

The questions are the notes of one layer (`questions` in `mkdocs.classroom.yml`),
numbered Q1, Q2… within that layer in reading order: pages in the order of the
navigation, notes in the order of their passages on the page. In a teachers' edition
the answers (the layer's folded bodies) are folded under each question; in a
students' edition they are not written anywhere, on these pages or on the articles.

Every page is Markdown generated from the catalog, and every string from YAML is
escaped before it goes in, as on the bibliography page.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from html import escape as html_escape
from pathlib import Path
from typing import Any

from ..core.catalog import Catalog, LoadedNote
from ..core.model import note_anchor
from ..core.options import Layer
from ..core.pages import anchor_page
from ..core.render import render_body
from ..core.strings import ENGLISH, ReaderStrings
from .bibliography import escape

EDITIONS = ("teachers", "students")
WRITING_LINES = 5  # ruled lines under each question of the sheet


@dataclass(frozen=True)
class Question:
    """One question of the edition: Qn, its note, and the title of the page it is on."""

    number: int
    loaded: LoadedNote
    page_title: str

    @property
    def label(self) -> str:
        return f"Q{self.number}"

    @property
    def text(self) -> str:
        return self.loaded.note.title or self.loaded.note.id


@dataclass(frozen=True)
class Edition:
    """What the generated pages need to know about the edition."""

    name: str  # "teachers" or "students"
    layer: Layer  # the layer of questions
    questions_page: str
    sheet_page: str
    strings: ReaderStrings = ENGLISH  # the reader's language

    @property
    def answers(self) -> bool:
        return self.name == "teachers" and bool(self.layer.fold_body)

    @property
    def questions_title(self) -> str:
        return self.strings["classroom_for_teachers" if self.name == "teachers" else "classroom_questions"]


def number_questions(
    catalog: Catalog,
    layer: str,
    page_order: Iterable[str],
    docs_dir: Path,
    titles: Mapping[str, str],
    extensions: Iterable[Any] = (),
    extension_configs: dict[str, dict[str, Any]] | None = None,
) -> list[Question]:
    """The notes of `layer`, numbered in reading order.

    Pages come in `page_order` (the navigation), then any others by path; on a page, notes
    come in the order of their passages, as the site's own Markdown renders it (a note whose
    passage is not found goes last: the build reports it).
    """
    ordered = [page for page in dict.fromkeys([*page_order, *sorted(catalog.notes)]) if page in catalog.notes]
    extensions = list(extensions)
    found: list[Question] = []
    for page in ordered:
        notes = [loaded for loaded in catalog.notes[page] if loaded.note.layer == layer]
        if not notes:
            continue
        try:
            text = (docs_dir / page).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            text = ""
        placed = anchor_page(page, text, notes, extensions, extension_configs).placements if text else []
        where = {id(p.note): (p.unit_index, p.start) for p in placed}
        last = (len(text) + 1, 0)
        for loaded in sorted(notes, key=lambda n: (where.get(id(n), last), n.order)):
            found.append(Question(len(found) + 1, loaded, titles.get(page, page)))
    return found


def label_questions(questions: Iterable[Question]) -> None:
    """Put Qn before each question's title, so the number a class uses shows beside the passage too."""
    for question in questions:
        note = question.loaded.note
        question.loaded.note = replace(note, title=f"{question.label}. {question.text}")


def leave_out_answers(catalog: Catalog, layer: Layer) -> None:
    """A students' edition: the layer's folded bodies (the answers) taken out of the notes themselves,
    so that nothing built from them (pages, search, print, open data) can show them."""
    if not layer.fold_body:
        return
    for notes in catalog.notes.values():
        for loaded in notes:
            if loaded.note.layer == layer.key:
                loaded.note = replace(loaded.note, body="")


def _link(here: str, question: Question, text: str) -> str:
    target = posixpath.relpath(question.loaded.page, posixpath.dirname(here) or ".")
    return f"[{text}]({target}#{note_anchor(question.loaded.note.id)})"


def _passage(question: Question, here: str) -> list[str]:
    article = posixpath.relpath(question.loaded.page, posixpath.dirname(here) or ".")
    return [
        f"> “{escape(question.loaded.note.quote)}”  ",
        f"> — [{escape(question.page_title)}]({article})",
        "",
    ]


def _span(questions: list[Question], strings: ReaderStrings = ENGLISH) -> str:
    if not questions:
        return strings["classroom_span_none"]
    return strings["classroom_span_one"] if len(questions) == 1 else strings.text("classroom_span", n=len(questions))


def questions_markdown(questions: list[Question], edition: Edition) -> str:
    """The page that lists every question with its passage and a link to it."""
    here = edition.questions_page
    sheet = posixpath.relpath(edition.sheet_page, posixpath.dirname(here) or ".")
    strings = edition.strings
    if edition.answers:
        about = strings.text("classroom_about_answers", fold=escape(edition.layer.fold_body))
    else:
        about = strings["classroom_about"]
    intro = strings.text(
        "classroom_questions_intro", layer=escape(edition.layer.title.lower()), span=_span(questions, strings)
    )
    lines = [
        f"# {edition.questions_title}",
        "",
        f"{intro} {about} " + strings.text("classroom_sheet_link", sheet=sheet),
        "",
    ]
    for question in questions:
        lines += [f"## {question.label}", "", f"**{_link(here, question, escape(question.text))}**", ""]
        lines += _passage(question, here)
        body = question.loaded.note.body
        if edition.answers and body.strip():
            lines += [
                f'<details class="cl-body-fold"><summary>{html_escape(edition.layer.fold_body)}</summary>'
                f'<div class="cl-body">{render_body(body)}</div></details>',
                "",
            ]
    return "\n".join(lines)


def sheet_markdown(questions: list[Question], strings: ReaderStrings = ENGLISH) -> str:
    """A sheet to print: each question with its passage, and ruled space to write the answer.

    Each question is one block of HTML, kept on one printed page (`break-inside: avoid`).
    """
    ruled = '<div class="cl-sheet-line" style="border-bottom: 1px solid #777; height: 2.2em"></div>'
    span = _span(questions, strings)
    lines = [
        f"# {strings['classroom_sheet']}",
        "",
        strings.text("classroom_sheet_intro", span=span[:1].upper() + span[1:]),
        "",
        strings["classroom_name_date"],
        "",
    ]
    for question in questions:
        lines += [
            f'<div class="cl-sheet-question" id="{question.label.lower()}" style="break-inside: avoid; '
            'page-break-inside: avoid; margin-bottom: 1.5em">'
            f"<p><strong>{question.label}.</strong> {html_escape(question.text)}</p>"
            f"<blockquote><p>“{html_escape(question.loaded.note.quote)}”<br>"
            f"— {html_escape(question.page_title)}</p></blockquote>"
            f"{ruled * WRITING_LINES}</div>",
            "",
        ]
    return "\n".join(lines)


def home_markdown(
    site_name: str,
    description: str,
    layers: tuple[Layer, ...],
    articles: list[tuple[str, str]],
    questions: list[Question],
    edition: Edition,
) -> str:
    """The edition's home page: what it holds, its layers as configured, and where the questions are."""
    strings = edition.strings
    count = strings["classroom_numbers"].split(",")
    number = count[len(layers)].strip() if len(layers) < len(count) else str(len(layers))
    if edition.answers:
        which = strings.text("classroom_teachers", fold=escape(edition.layer.fold_body))
    else:
        which = strings["classroom_students"]
    lines = [f"# {escape(site_name)}", ""]
    lines += [escape(description), ""] if description else []
    lines += [which, "", f"## {strings['classroom_articles']}", ""]
    lines += [f"- [**{escape(title)}**]({page})" for page, title in articles] + [""]
    layers_text = strings.text("classroom_layers_one" if len(layers) == 1 else "classroom_layers", number=number)
    lines += [f"## {strings['classroom_how_to_read']}", "", layers_text, ""]
    for layer in layers:
        lines.append(f"- **{escape(layer.title)}**" + (f": {escape(layer.description)}" if layer.description else ""))
    span = _span(questions, strings)
    lines += [
        "",
        f"## {strings['classroom_in_class']}",
        "",
        f"- [{edition.questions_title}]({edition.questions_page}): " + strings.text("classroom_list", span=span),
        f"- [{strings['classroom_sheet']}]({edition.sheet_page}): {strings['classroom_sheet_about']}",
        "",
    ]
    return "\n".join(lines)
