"""The classroom edition opened from a folder (file://) with every network request blocked."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from pypdf import PdfReader

from helpers import classroom, copy_project

from .browsing import ARTIFACTS, WIDE, ready


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


def test_search_works_from_a_folder(edition, offline):
    page = offline.open(edition / "classroom/index.html")
    page.click(".md-search__input")
    page.keyboard.type("Sahiounie")  # Material searches on key presses
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=10_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.md-search-result__item a')]"
        ".some(a => a.getAttribute('href').includes('world/idlib-raid.html'))",
        timeout=10_000,
    )


def test_the_unzipped_copy_opens_too(edition, offline, tmp_path):
    with zipfile.ZipFile(edition / "classroom.zip") as archive:
        archive.extractall(tmp_path)
    page = offline.open(tmp_path / "classroom/world/idlib-raid.html")
    assert page.locator('.cl-note[data-layer="questions"]').count() >= 10


def test_the_printed_handout_has_notes_questions_and_source_urls(edition, offline):
    page = offline.open(edition / "classroom/world/idlib-raid.html")
    for size in ("A4", "Letter"):
        pdf = page.pdf(format=size, print_background=False)
        (ARTIFACTS / f"classroom-handout-{size.lower()}.pdf").write_bytes(pdf)
        text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
        assert "Two passages joined into one quotation" in text  # a note
        assert "Who counted the dead in Atmeh, what did each of them count" in text  # a question
        assert "https://www.defense.gov/News/Transcripts/Transcript/Article/2922998/" in text.replace(
            " ", ""
        )  # a source URL
