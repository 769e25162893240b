"""A French and an Arabic site in the browser: the reader's chrome in the site's language, and
right to left the margin column on the left, at 1440 and 390 px. Screenshots land in
tests/artifacts/ (french-wide.png, arabic-wide.png, arabic-phone.png)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from context_layers.core.strings import EN, catalogue
from helpers import REPO, copy_project

from .browsing import ARTICLE, NARROW, overlaps, shoot, tap
from .conftest import _build, _serve
from .test_access import _violations

HERE = Path(__file__).parent / "arabic"
ARABIC = "ar/article/"
LAYER_TITLES = {
    "fr": {"background": "Contexte", "counter": "Contre-sources", "disputed": "Affirmations contestées"},
    "ar": {"background": "خلفية", "counter": "مصادر مخالفة", "disputed": "ادعاءات موضع خلاف"},
}


def _language_site(factory: pytest.TempPathFactory, language: str) -> Iterator[str]:
    """This repository's site with `theme.language` set (and its layers titled in that language);
    the Arabic one also has a short Arabic article with notes (tests/browser/arabic/)."""
    project = copy_project(factory.mktemp(f"site-{language}"))
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    config["theme"].update(language=language, font=False)
    plugin = next(p["context-layers"] for p in config["plugins"] if isinstance(p, dict) and "context-layers" in p)
    for key, title in LAYER_TITLES[language].items():
        plugin["layers"][key].update(title=title, description=title)
    if language == "ar":
        (project / "docs/ar").mkdir()
        shutil.copy(HERE / "article.md", project / "docs/ar/article.md")
        shutil.copy(HERE / "notes.yml", project / "annotations/ar-article.yml")
        config["nav"].insert(1, {"مقال": "ar/article.md"})
    out = factory.mktemp(f"built-{language}")
    for url in _serve(out):
        config["site_url"] = url
        (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), "utf-8")
        _build(project / "mkdocs.yml", out)
        yield url


@pytest.fixture(scope="module")
def french_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _language_site(tmp_path_factory, "fr")


@pytest.fixture(scope="module")
def arabic_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _language_site(tmp_path_factory, "ar")


# Everything the reader's interface says on a page, less the notes' own words and the sources' titles.
_CHROME = """
() => {
  const said = [];
  const text = (selector) => document.querySelectorAll(selector).forEach((el) => said.push(el.textContent));
  const attr = (selector, name) =>
    document.querySelectorAll(selector).forEach((el) => said.push(el.getAttribute(name)));
  text('.cl-layers-label, .cl-guide, .cl-sr, .cl-verdict, .cl-sources-heading, .cl-later, .cl-archive, .cl-actions');
  attr('.cl-ref', 'aria-label'); attr('.cl-fold', 'aria-label'); attr('.cl-close', 'aria-label');
  attr('.cl-verdict-link', 'title'); attr('.cl-later', 'title'); attr('.cl-layers', 'data-cl-print');
  const bar = document.querySelector('.cl-layers');
  said.push(...Object.values(JSON.parse(bar.dataset.clStrings)));
  document.querySelectorAll('.cl-updated').forEach((el) => said.push(el.firstChild.textContent));
  document.querySelectorAll('.cl-source').forEach((el) => {
    for (const node of el.childNodes) if (node.nodeType === Node.TEXT_NODE) said.push(node.textContent);
  });
  return said.filter(Boolean);
}
"""

# Boxes in page coordinates: notes, the article's own text blocks, and what scrolls.
_BOXES = """
() => {
  const rect = (el) => { const r = el.getBoundingClientRect();
    return {top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right}; };
  const box = document.querySelector('.cl-layers').parentElement;
  const text = [...box.querySelectorAll('p, h1, h2, li, blockquote, table')]
    .filter((el) => !el.closest('.cl-note, .cl-layers') && el.getBoundingClientRect().height > 0);
  const notes = [...box.querySelectorAll('.cl-note')].map((note) => {
    const mark = document.getElementById('cl-m-' + note.id.slice(5));
    const style = getComputedStyle(note);
    return {id: note.id, ...rect(note), line: mark.getClientRects()[0].top + scrollY,
            holder: rect(mark.closest('p, li, h1, h2')),
            start: parseFloat(style.borderRightWidth) - parseFloat(style.borderLeftWidth)};
  });
  return {notes, text: text.map(rect), dir: getComputedStyle(document.querySelector('.cl-note')).direction,
          scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth};
}
"""


def _english_in(said: list[str], language: str) -> list[str]:
    theirs = catalogue(language)
    english = [EN[k] for k in EN if theirs[k] != EN[k] and not k.startswith(("date_", "propose_", "definition_"))]
    english += [EN[k] for k in EN if k.startswith("definition_")]
    text = "\n".join(said)
    found = []
    for words in english:
        pattern = re.escape(words).replace(r"\{n\}", r"\d+")
        if re.search(rf"(?<![\w-]){pattern}(?![\w-])", text):
            found.append(words)
    return found


def test_a_french_site_speaks_french_in_the_reader_s_chrome(open_page, french_site):
    page = open_page(ARTICLE, base=french_site)
    said = page.evaluate(_CHROME)
    assert not _english_in(said, "fr"), f"English on the French page: {_english_in(said, 'fr')}"
    assert page.locator(".cl-layers-label").inner_text() == "Notes de contexte"
    assert page.locator(".cl-guide").inner_text() == "Comment lire ces notes"
    assert page.locator(".cl-ref").first.get_attribute("aria-label") == "Note 1"
    assert page.locator(".cl-verdict").first.inner_text() in {"Trompeur", "Manque de contexte", "Contesté", "Faux"}
    dates = page.locator(".cl-updated time").all()
    assert dates and all(re.fullmatch(r"\d{1,2} [a-zéû]+ \d{4}", d.inner_text()) for d in dates)
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d.get_attribute("datetime")) for d in dates)
    link = page.locator("#note-isis-headquarters .cl-link")
    tap(page, "#note-isis-headquarters .cl-num")
    link.click()
    assert link.inner_text() in {"Lien copié", "Lien dans la barre d’adresse"}


def test_a_french_site_keeps_its_notes_in_the_right_margin_and_passes_axe(open_page, french_site):
    page = open_page(ARTICLE, base=french_site)
    boxes = page.evaluate(_BOXES)
    text_right = max(box["right"] for box in boxes["text"])
    assert all(note["left"] >= text_right - 1 for note in boxes["notes"]), "a note stands in the text"
    assert boxes["scrollWidth"] <= boxes["clientWidth"]
    shoot(page, "french-wide")
    assert _violations(page) == []


def test_arabic_reads_right_to_left_with_the_margin_column_on_the_left(open_page, arabic_site):
    page = open_page(ARABIC, base=arabic_site)
    boxes = page.evaluate(_BOXES)
    assert boxes["dir"] == "rtl"
    assert len(boxes["notes"]) == 5
    text_left = min(box["left"] for box in boxes["text"])
    for note in boxes["notes"]:
        assert note["right"] <= text_left + 1, f"{note['id']} stands in the text or on its right"
        assert note["left"] >= 0, f"{note['id']} leaves the window"
        assert note["start"] > 0, f"{note['id']}: its coloured border is not on the right (where lines start)"
        assert note["top"] >= note["line"] - 1, f"{note['id']} stands above its passage"
        assert not any(overlaps(note, block) for block in boxes["text"])
    for first, second in zip(boxes["notes"], boxes["notes"][1:], strict=False):
        assert not overlaps(first, second), f"{first['id']} and {second['id']} overlap"
    assert boxes["scrollWidth"] <= boxes["clientWidth"], "the page scrolls sideways"
    chevron = "() => getComputedStyle(document.querySelector('.cl-note-header'), '::after').scale"
    assert page.evaluate(chevron) == "-1 1", "the fold chevron does not point the way the line reads"
    said = page.evaluate(_CHROME)
    assert not _english_in(said, "ar"), f"English on the Arabic page: {_english_in(said, 'ar')}"
    # The quotes have no vowel marks or tatweel; the marks cover the page's words with theirs.
    marked = page.evaluate("(id) => document.getElementById('cl-m-' + id).textContent", "collection")
    assert marked == "نحو عشرين ألفَ كتابٍ"
    assert page.locator('.cl-mark[data-note="card"]').inner_text() == "بطاقة الـمكتبة"
    assert page.locator("#note-collection .cl-updated time").inner_text() == "12 مارس 2024"
    page.evaluate("() => document.getElementById('note-opening-hours').querySelector('.cl-fold').click()")
    page.wait_for_timeout(200)
    shoot(page, "arabic-wide")
    assert _violations(page) == []


def test_arabic_on_a_phone_keeps_each_note_under_its_paragraph(open_page, arabic_site):
    page = open_page(ARABIC, base=arabic_site, size=NARROW)
    boxes = page.evaluate(_BOXES)
    for note in boxes["notes"]:
        assert 0 <= note["left"] and note["right"] <= NARROW["width"], f"{note['id']} leaves the screen"
        # Under its paragraph; inside a list item, under the item's text
        assert note["top"] >= min(note["holder"]["bottom"] - 1, note["line"] + 10), (
            f"{note['id']} is not under its text"
        )
        assert note["start"] > 0
    assert boxes["scrollWidth"] <= boxes["clientWidth"], "the page scrolls sideways"
    tap(page, "#note-opening-hours .cl-note-header")
    assert page.locator("#note-opening-hours .cl-body").is_visible()
    page.locator(".cl-mark").first.scroll_into_view_if_needed()
    page.evaluate("() => scrollTo(0, document.querySelector('.cl-layers').getBoundingClientRect().top + scrollY - 80)")
    shoot(page, "arabic-phone")
    assert page.evaluate(_BOXES)["scrollWidth"] <= NARROW["width"]
    assert _violations(page) == []


def test_an_arabic_page_prints_its_endnotes_under_an_arabic_heading(open_page, arabic_site):
    page = open_page(ARABIC, base=arabic_site)
    page.emulate_media(media="print")
    heading = page.evaluate("() => getComputedStyle(document.querySelector('.cl-layers'), '::before').content")
    assert heading == '"الملاحظات"'
    assert page.locator(".cl-switch").first.is_hidden()
