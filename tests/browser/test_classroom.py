"""The classroom editions opened from a folder (file://) with every network request blocked."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page
from pypdf import PdfReader

from helpers import REPO, classroom, copy_project

from .browsing import ARTIFACTS, WIDE, ready

EDITIONS = ("classroom", "classroom-students")
QUESTIONS = yaml.safe_load((REPO / "classroom-notes/idlib-raid.yml").read_text())["notes"]


def answer_phrases() -> list[str]:
    """From every answer for teachers, its longest run of plain words."""
    runs = [re.findall(r"[A-Za-z ,]+", " ".join(note["body"].split())) for note in QUESTIONS]
    return [max(found, key=len).strip(" ,") for found in runs]


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("classroom-project"))
    result = classroom(project)
    assert result.returncode == 0, result.stderr
    return project


class Offline:
    """A browser context that may read files but records and blocks every network request."""

    def __init__(self, browser: Browser) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport=WIDE)
        self.context.route("**/*", self._route)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def open(self, path: Path) -> Page:
        page = self.context.new_page()
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.goto(path.as_uri() if "#" not in str(path) else "file://" + str(path))
        if page.query_selector(".cl-layers"):
            ready(page)
        return page


@pytest.fixture
def offline(browser: Browser) -> Iterator[Offline]:
    session = Offline(browser)
    yield session
    session.context.close()
    assert session.requests == [], f"the edition tried to reach the network: {session.requests}"
    assert session.errors == [], f"errors in the page: {session.errors}"


def test_the_article_its_layers_and_questions_work_from_a_folder(edition, offline):
    page = offline.open(edition / "classroom/world/idlib-raid.html")
    questions = page.locator('.cl-note[data-layer="questions"]')
    assert questions.count() >= 10 and questions.first.is_visible()
    answer = questions.first.locator("details.cl-body-fold")
    assert answer.get_attribute("open") is None  # answers for teachers start folded
    background = page.locator('.cl-note[data-layer="background"]').first
    assert background.is_visible()
    page.click('button[data-cl-layer-toggle="background"]')
    assert page.get_attribute('button[data-cl-layer-toggle="background"]', "aria-pressed") == "false"
    assert not background.is_visible()
    page.screenshot(path=str(ARTIFACTS / "classroom-article-1440.png"))


def test_a_link_to_a_note_works_from_a_folder(edition, offline):
    page = offline.open(Path(str(edition / "classroom/world/idlib-raid.html") + "#note-casualty-counts"))
    note = page.locator("#note-casualty-counts")
    assert "cl-current" in (note.get_attribute("class") or "")
    assert note.is_visible() and note.bounding_box()["y"] < WIDE["height"]


@pytest.mark.parametrize("name", EDITIONS)
def test_search_works_from_a_folder(edition, offline, name):
    page = offline.open(edition / name / "index.html")
    page.click(".md-search__input")
    page.keyboard.type("Sahiounie")  # Material searches on key presses
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=10_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.md-search-result__item a')]"
        ".some(a => a.getAttribute('href').includes('world/idlib-raid.html'))",
        timeout=10_000,
    )


@pytest.mark.parametrize("name", EDITIONS)
def test_the_unzipped_copy_opens_too(edition, offline, tmp_path, name):
    with zipfile.ZipFile(edition / f"{name}.zip") as archive:
        archive.extractall(tmp_path)
    page = offline.open(tmp_path / name / "world/idlib-raid.html")
    assert page.locator('.cl-note[data-layer="questions"]').count() >= 10


def test_the_printed_handout_has_notes_questions_and_source_urls(edition, offline):
    page = offline.open(edition / "classroom/world/idlib-raid.html")
    for size in ("A4", "Letter"):
        pdf = page.pdf(format=size, print_background=False)
        (ARTIFACTS / f"classroom-handout-{size.lower()}.pdf").write_bytes(pdf)
        text = pdf_text(pdf)
        assert "Two passages joined into one quotation" in text  # a note
        assert "Who counted the dead in Atmeh, what did each of them count" in text  # a question
        assert "https://www.defense.gov/News/Transcripts/Transcript/Article/2922998/" in text.replace(
            " ", ""
        )  # a source URL


def test_the_students_edition_has_the_questions_without_the_answers(edition, offline):
    page = offline.open(edition / "classroom-students/world/idlib-raid.html")
    questions = page.locator('.cl-note[data-layer="questions"]')
    assert questions.count() == len(QUESTIONS) and questions.first.is_visible()
    assert page.locator("details.cl-body-fold").count() == 0
    assert questions.first.locator(".cl-title").inner_text().startswith("Q1. ")
    text = " ".join(page.locator("body").inner_text().split())
    assert [phrase for phrase in answer_phrases() if phrase in text] == []
    page.screenshot(path=str(ARTIFACTS / "classroom-students-article-1440.png"))
    pdf = page.pdf(format="A4", print_background=False)
    (ARTIFACTS / "classroom-students-handout-a4.pdf").write_bytes(pdf)
    printed = pdf_text(pdf)
    assert "Who counted the dead in Atmeh, what did each of them count" in printed  # the question prints
    assert [phrase for phrase in answer_phrases() if phrase in printed] == []  # its answer does not


@pytest.mark.parametrize(("name", "title"), [("classroom", "For teachers"), ("classroom-students", "Questions")])
def test_the_questions_page_links_to_every_question(edition, offline, name, title):
    page = offline.open(edition / name / "questions.html")
    assert page.locator("h1").inner_text() == title
    assert page.locator("h2").all_inner_texts()[: len(QUESTIONS)] == [f"Q{n}" for n in range(1, len(QUESTIONS) + 1)]
    links = page.locator('a[href*="idlib-raid.html#note-"]')
    assert links.count() == len(QUESTIONS)
    assert page.locator("details.cl-body-fold").count() == (len(QUESTIONS) if name == "classroom" else 0)
    third = links.nth(2)
    target = third.get_attribute("href").split("#")[1]
    third.click()
    page.wait_for_url(f"**/world/idlib-raid.html#{target}")
    ready(page)
    note = page.locator(f"#{target}")
    assert "cl-current" in (note.get_attribute("class") or "")
    assert note.is_visible() and note.locator(".cl-title").inner_text().startswith("Q3. ")


@pytest.mark.parametrize("name", EDITIONS)
def test_the_question_sheet_prints_every_question_with_space_to_write(edition, offline, name):
    page = offline.open(edition / name / "question-sheet.html")
    pdf = page.pdf(format="A4", print_background=False)
    path = ARTIFACTS / f"{name}-question-sheet-a4.pdf"
    path.write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    text = pdf_text(pdf)
    for number, question in enumerate(_reading_order(page), start=1):
        assert f"Q{number}. {' '.join(question.split()[:8])}" in text
    assert "Name:" in text and [phrase for phrase in answer_phrases() if phrase in text] == []
    assert len(reader.pages) >= len(QUESTIONS) // 4  # room to write: a few questions a page
    if shutil.which("pdftoppm"):  # a picture of the first page, for a person to look at
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(path), str(path.with_suffix(""))])


def _reading_order(page: Page) -> list[str]:
    """The questions as the sheet lists them (the titles, without their numbers)."""
    texts = page.locator(".cl-sheet-question > p:first-child").all_inner_texts()
    assert len(texts) == len(QUESTIONS)
    assert sorted(t.split(". ", 1)[1] for t in texts) == sorted(note["title"] for note in QUESTIONS)
    return [t.split(". ", 1)[1] for t in texts]
