"""Propose a note: select a passage of the flagship, fill the form, save the file it writes, check and build.

The forge site is a copy of this project whose mkdocs.yml names a GitHub repository, so the form offers a
pull request and an issue; proposals are saved into that copy, never into the repository itself.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe

from context_layers.core.model import AnnotationFile
from context_layers.core.schemas import validate
from context_layers.publish.webannotations import page_text
from helpers import ARTICLE as ARTICLE_MD
from helpers import article_html, copy_project, mkdocs_build, page_html

from .browsing import ARTICLE, NARROW, shoot
from .conftest import _build, _serve
from .proposing import close_form, drag_over, fill, open_form, save, select_text, the_file

REPO_URL = "https://github.com/example-org/context-layers"

# What a reader might type: quotes, colons, #, backslashes, markup, line breaks, emoji, right-to-left text.
TITLE = "Who said \"this\": #1 <script>alert('x')</script> \\ back"
BODY = (
    'Line one: value # not a comment\n\n  - indented "quoted" \\ back\n<script>alert(1)</script> 😀 '
    "مرحبا بالعالم\n--- \n... done\twith a tab"
)
SOURCE_TITLE = 'Report: "quoted" # 1 \\ 😀 تقرير'
SOURCE_URL = "https://example.org/reports/2022?id=7"
SOURCE = {
    "source-url": SOURCE_URL,
    "source-title": SOURCE_TITLE,
    "source-publisher": 'Ex: "News" #2',
    "source-date": "2022-02",
}

# The passages: [selected text, occurrence, form values]
PASSAGES = [
    # from inside a mark, over its marker (an inline link), to the text after it
    ("Hashimi al-Qurayshi in Idlib", 1, {"layer": "disputed", "verdict": "false", "stance": "contradicts"}),
    # inside emphasis, into a mark
    ("Steven Sahiounie · Global Research", 1, {"layer": "background"}),
    # into a link, inside emphasis
    ("listed under Editorial changes", 1, {"layer": "counter", "stance": "context"}),
    # a phrase the page has ten times: the third
    ("White Helmets", 3, {"layer": "disputed", "verdict": "misleading", "stance": "context"}),
]


@pytest.fixture(scope="module")
def forge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A copy of the project on GitHub (repo_url, edit_uri on the branch `trunk`), built and served."""
    project = copy_project(tmp_path_factory.mktemp("forge"), whole_repository=True)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + f"repo_url: {REPO_URL}\nedit_uri: edit/trunk/docs/\n")
    out = tmp_path_factory.mktemp("forge-site")
    _build(config, out)
    for url in _serve(out):
        yield url, project


def _propose(page, text: str, nth: int, values: dict[str, str], title: str) -> str:
    select_text(page, text, nth)
    open_form(page)
    fill(page, {**values, "title": title, "body": BODY, **SOURCE})
    return the_file(page)


def test_selected_passages_become_notes_that_check_and_build(open_page, forge):
    base, project = forge
    page = open_page(ARTICLE, base=base)
    saved = []
    for number, (text, nth, values) in enumerate(PASSAGES, start=1):
        title = f"{number} {TITLE}"
        written = _propose(page, text, nth, values, title)
        data = yaml.safe_load(written)  # reads back exactly what was typed
        note = data["notes"][0]
        assert (note["title"], note["body"]) == (title, BODY)
        source = {"title": SOURCE_TITLE, "url": SOURCE_URL, "publisher": 'Ex: "News" #2', "date": "2022-02"}
        assert note["sources"] == [{**source, **{k: v for k, v in values.items() if k == "stance"}}]
        assert note["layer"] == values["layer"] and note.get("verdict") == values.get("verdict")
        assert ("prefix" in note or "suffix" in note) == (nth > 1), note
        validate(AnnotationFile, data)
        _check_links(page, written, note["id"])
        if number == 1:
            shoot(page, "propose-form-wide")
        saved.append((save(project, page), text, nth, note["id"]))
        close_form(page)
    checked = subprocess.run(
        [sys.executable, "-m", "context_layers", "check", "--strict", str(project)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    fmt = subprocess.run(
        [sys.executable, "-m", "context_layers", "fmt", "--check", str(project)], capture_output=True, text=True
    )
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr
    built = mkdocs_build(project, "-d", str(project / "built"))
    assert built.returncode == 0, built.stderr
    article = page_text(article_html(page_html(project / "built", ARTICLE_MD)))
    for path, text, nth, note_id in saved:
        start, end = article.spans[note_id]
        assert article.text[start:end] == text, f"{path.name}: the mark holds {article.text[start:end]!r}"
        assert article.text[:start].count(text) == nth - 1, f"{path.name}: not on occurrence {nth}"


def _check_links(page, written: str, note_id: str) -> None:
    pr = urlsplit(page.get_attribute("a[data-cl-propose-pr]", "href"))
    assert (pr.scheme, pr.netloc, pr.path) == ("https", "github.com", "/example-org/context-layers/new/trunk")
    query = parse_qs(pr.query)
    assert query["filename"] == [f"annotations/proposals/world-idlib-raid-{note_id}.yml"]
    assert query["value"] == [written]
    issue = urlsplit(page.get_attribute("a[data-cl-propose-issue]", "href"))
    assert (issue.netloc, issue.path) == ("github.com", "/example-org/context-layers/issues/new")
    query = parse_qs(issue.query)
    assert query["title"] == [f"Proposed note on {ARTICLE_MD}"]
    assert query["body"] == [f"```yaml\n{written}```\n"]
    for kind in ("pr", "issue"):
        assert page.get_attribute(f"a[data-cl-propose-{kind}]", "target") == "_blank"


def test_a_selection_across_blocks_is_explained_and_a_note_offers_nothing(open_page):
    page = open_page()
    page.evaluate("""() => {
      const text = (start) => [...document.querySelectorAll('.md-content p')]
        .find((p) => p.textContent.startsWith(start)).firstChild;
      getSelection().setBaseAndExtent(text('Obama killed'), 6, text('President Biden said'), 9);
    }""")
    page.wait_for_timeout(150)
    across = page.locator(".cl-propose-across")
    assert across.is_visible() and "one paragraph" in across.text_content()
    assert page.locator("button[data-cl-propose]").is_hidden()
    page.evaluate("""() => {
      const body = document.querySelector('#note-global-research .cl-body p');
      getSelection().setBaseAndExtent(body.firstChild, 0, body.firstChild, 20);
    }""")
    page.wait_for_timeout(150)
    assert page.locator("button[data-cl-propose]").is_hidden() and across.is_hidden()


def test_without_a_forge_the_form_only_copies(open_page):
    page = open_page(permissions=["clipboard-read", "clipboard-write"])
    select_text(page, "within walking distance of Turkey")
    open_form(page)
    fill(page, {"layer": "background", "body": "Atmeh is a town in Idlib province."})
    assert page.locator("dialog.cl-propose a").count() == 0
    page.click("button[data-cl-propose-copy]")
    page.wait_for_timeout(150)
    assert page.evaluate("navigator.clipboard.readText()") == the_file(page)
    note = yaml.safe_load(the_file(page))["notes"][0]
    assert note["quote"] == "within walking distance of Turkey" and "prefix" not in note
    assert note["id"] == "within-walking-distance"  # no title: the id comes from the quote


def test_the_open_form_passes_axe_and_closing_returns_to_the_passage(open_page):
    for scheme in ("light", "dark"):
        page = open_page(scheme=scheme)
        select_text(page, "within walking distance of Turkey")
        open_form(page)
        fill(page, {"layer": "disputed"})
        results = Axe().run(page)
        assert [v["id"] for v in results.response["violations"]] == []
        close_form(page)
        focused = page.evaluate("document.activeElement.textContent")
        assert "within walking distance of Turkey" in focused
        assert page.evaluate("String(getSelection())") == "within walking distance of Turkey"


def test_after_a_selection_tab_reaches_the_button(open_page):
    page = open_page()
    drag_over(page, "within walking distance of Turkey")
    assert page.evaluate("String(getSelection())") == "within walking distance of Turkey"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('button[data-cl-propose]')")
    page.keyboard.press("Enter")
    assert page.locator("dialog.cl-propose").evaluate("(d) => d.open")


def test_touch_selection_on_a_phone(browser, site):
    context = browser.new_context(viewport=NARROW, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(site + ARTICLE)
        page.wait_for_selector("[data-cl-ready]", state="attached")
        select_text(page, "Idlib wasn't much of a hiding place")
        button = page.locator("button[data-cl-propose]")
        button.wait_for(state="visible")
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= NARROW["width"], box
        assert box["height"] >= 24
        button.scroll_into_view_if_needed()
        shoot(page, "propose-button-narrow")
        button.tap()
        page.locator("dialog.cl-propose[open]").wait_for()
        dialog = page.locator("dialog.cl-propose").bounding_box()
        assert dialog["x"] >= 0 and dialog["x"] + dialog["width"] <= NARROW["width"]
        fill(page, {"layer": "background", "title": "Atmeh", "body": "A town."})
        assert yaml.safe_load(the_file(page))["notes"][0]["quote"] == "Idlib wasn't much of a hiding place"
        shoot(page, "propose-form-narrow")
    finally:
        context.close()


def test_a_passage_in_a_lit_mark_is_proposed_as_selected(open_page):
    """A reader's pointer on a mark lights it (`cl-active`): a selection inside it, or from it to the text
    after it, is still the passage the reader selected."""
    page = open_page()
    lit = """() => [...document.querySelectorAll('.cl-mark[data-note="al-qurayshi"]')]
      .every((mark) => mark.classList.contains('cl-active'))"""
    for text in ("Ibrahim al-Hashimi", "Hashimi al-Qurayshi in Idlib"):
        page.mouse.move(5, 500)
        page.hover('.cl-mark[data-note="al-qurayshi"]')
        assert page.evaluate(lit)
        select_text(page, text)
        assert page.evaluate(lit)
        open_form(page)
        assert page.text_content("dialog.cl-propose blockquote") == text
        close_form(page)
