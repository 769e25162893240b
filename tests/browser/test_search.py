"""Search lands on notes: each note is an entry of the site's search index, and choosing it opens
the article at the note, open and in view; online, with Material's instant navigation, and from
the classroom edition's folder."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.request import urlopen

import pytest
import yaml
from playwright.sync_api import Browser, Page

from context_layers.core.load import load_catalog
from context_layers.core.options import parse_layers
from context_layers.publish.search import add_to_search_index, encoded, exclude_notes, note_entries
from helpers import REPO, classroom, copy_project

from .browsing import ARTICLE, HOME, NARROW, WIDE, ready, shoot

NOTES = yaml.safe_load((REPO / "annotations/idlib-raid.yml").read_text(encoding="utf-8"))["notes"]
NOTE = next(note for note in NOTES if note["id"] == "casualty-counts")  # "Who counted the dead"

LANDED = """(id) => {
  const note = document.getElementById('note-' + id);
  const box = note.getBoundingClientRect();
  const body = note.querySelector('.cl-body');
  const mark = document.querySelector(`.cl-mark[data-note="${id}"]`).getClientRects()[0];
  return {top: box.top, bottom: box.bottom, height: innerHeight, current: note.classList.contains('cl-current'),
          mark: mark.top,
          open: !!body && body.getBoundingClientRect().height > 0 && getComputedStyle(body).display !== 'none'};
}"""


def search(page: Page, words: str, size: dict) -> None:
    """Type into Material's search box as a reader does (its results follow key presses)."""
    if size["width"] < 1220:  # Material's search is behind a button on narrower screens
        page.click('label.md-header__button[for="__search"]')
    page.click("input[data-md-component=search-query]")
    page.keyboard.type(words)


def choose(page: Page, note_id: str) -> None:
    result = page.locator(f'.md-search-result__list a.md-search-result__link[href$="#note-{note_id}"]').first
    result.wait_for(timeout=10_000)
    assert result.is_visible(), "the note is not among the first results"
    result.click()
    page.wait_for_url(f"**#note-{note_id}")
    ready(page)
    page.wait_for_timeout(300)  # smooth scrolling, if any, has ended


def assert_landed(page: Page, note_id: str) -> None:
    landed = page.evaluate(LANDED, note_id)
    assert landed["current"] and landed["open"], f"the note is not open and marked: {landed}"
    # In view: the note's top on screen with room below it, and its passage on screen too.
    assert 0 <= landed["top"] <= landed["height"] - 60, f"the note is not in view: {landed}"
    assert 0 <= landed["mark"] < landed["height"], f"the passage is not in view: {landed}"


def test_every_note_has_its_own_entry_and_sections_keep_to_their_text(site):
    docs = json.loads(urlopen(site + "search/search_index.json").read())["docs"]
    entries = {doc["location"]: doc for doc in docs}
    for note in NOTES:
        entry = entries.get(f"{ARTICLE}#note-{note['id']}")
        assert entry, f"note {note['id']} has no entry"
        assert entry["text"] and html.unescape(entry["title"]) == note.get("title", html.unescape(entry["title"]))
    assert NOTE["title"] in entries[f"{ARTICLE}#note-casualty-counts"]["title"]
    assert "UNICEF" in entries[f"{ARTICLE}#note-casualty-counts"]["text"]
    body_words = " ".join(NOTE["body"].split()[:8])
    sections = [doc for doc in docs if doc["location"].startswith(ARTICLE) and "#note-" not in doc["location"]]
    assert sections and not [doc["location"] for doc in sections if body_words in doc["text"]], "notes in sections"
    # The Sources page is split into sections, each its own entry, none of them the whole list.
    sources = [doc for doc in docs if doc["location"].startswith("about/sources/")]
    assert len(sources) >= 10
    assert max(len(doc["text"]) for doc in sources) < sum(len(doc["text"]) for doc in sources) / 4


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["wide", "narrow"])
def test_a_search_for_a_notes_title_lands_on_the_open_note(open_page, size):
    page = open_page(HOME, size=size)
    search(page, NOTE["title"], size)
    choose(page, NOTE["id"])
    assert_landed(page, NOTE["id"])
    shoot(page, f"search-landing-{size['width']}")


def test_a_search_lands_on_the_note_with_instant_navigation(open_page, other_site):
    page = open_page(ARTICLE, base=other_site)  # on the article itself: the note is further down
    page.evaluate("scrollTo(0, 0)")
    search(page, NOTE["title"], WIDE)
    choose(page, NOTE["id"])
    assert_landed(page, NOTE["id"])
    page = open_page(HOME, base=other_site)  # from another page: Material swaps the page in place
    search(page, NOTE["title"], WIDE)
    choose(page, NOTE["id"])
    assert_landed(page, NOTE["id"])
    shoot(page, "search-landing-instant-1440")


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("classroom-search"))
    result = classroom(project)
    assert result.returncode == 0, result.stderr
    return project / "classroom"


@pytest.fixture
def offline_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=WIDE)
    reached: list[str] = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else (
        reached.append(route.request.url), route.abort()))  # fmt: skip
    yield context.new_page()
    context.close()
    assert reached == [], f"the edition tried to reach the network: {reached}"


def test_the_classroom_editions_search_finds_notes_from_a_folder(edition, offline_page):
    index = (edition / "search/search_index.js").read_text(encoding="utf-8")
    assert f"idlib-raid.html#note-{NOTE['id']}" in index  # the offline copy of the index has the notes too
    page = offline_page
    page.goto((edition / "index.html").as_uri())
    search(page, NOTE["title"], WIDE)
    page.locator(f'.md-search-result__list a[href$="#note-{NOTE["id"]}"]').first.wait_for(state="attached")
    first = page.locator('.md-search-result__list a.md-search-result__link[href*="#note-"]').first
    note_id = first.get_attribute("href").split("#note-")[1]  # the best match: a question may share the words
    choose(page, note_id)
    assert_landed(page, note_id)
    shoot(page, "search-landing-classroom-1440")


def test_the_index_gets_each_note_once_and_its_offline_copy_too(tmp_path):
    annotations = tmp_path / "annotations"
    annotations.mkdir()
    (annotations / "a.yml").write_text(
        "page: a.md\nnotes:\n"
        "  - {id: one, layer: background, quote: a quoted passage of many more words than twelve to be cut short"
        " here, body: 'A *body* with <b>markup</b> & more', sources: [{title: 'The <report>', url: 'https://e.org/r',"
        " publisher: P, date: 2022-02-04}]}\n"
        "  - {id: two, layer: background, quote: q, title: Its own title, body: B}\n"
    )
    catalog = load_catalog(annotations, parse_layers(None), root=tmp_path)
    notes = catalog.for_page("a.md")
    entries = note_entries(notes, catalog.layers, "a/")
    assert entries[0] == {
        "location": "a/#note-one",
        "title": "Background: “a quoted passage of many more words than twelve to be cut …”",
        "text": "A body with markup &amp; more Sources: The &lt;report&gt;",
    }
    assert entries[1]["title"] == "Its own title" and entries[1]["location"] == "a/#note-two"
    assert note_entries(notes, catalog.layers, "a/", {"search": {"exclude": True}}) == []

    site = tmp_path / "site"
    assert not add_to_search_index(site, encoded(entries))  # no search plugin, no index: nothing to do
    (site / "search").mkdir(parents=True)
    (site / "search/search_index.json").write_text('{"config": {"lang": ["en"]}, "docs": [{"location": "a/"}]}')
    (site / "search/search_index.js").write_text('var __index = {"docs": []}')
    ours = encoded(entries)
    assert add_to_search_index(site, ours) and add_to_search_index(site, ours)  # twice: no duplicates
    index = json.loads((site / "search/search_index.json").read_text())
    assert index["config"] == {"lang": ["en"]}
    assert [doc["location"] for doc in index["docs"]] == ["a/", "a/#note-one", "a/#note-two"]
    script = (site / "search/search_index.js").read_text()
    assert script.startswith("var __index = ") and json.loads(script.removeprefix("var __index = ")) == index


def test_notes_are_left_out_of_the_sections_of_their_page():
    content = '<p>Text</p>\n<aside class="cl-note" id="note-a"><p>Note</p></aside><aside class="other">x</aside>'
    assert exclude_notes(content) == (
        '<p>Text</p>\n<aside class="cl-note" id="note-a" data-search-exclude><p>Note</p></aside>'
        '<aside class="other">x</aside>'
    )
