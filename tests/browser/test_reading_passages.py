"""Reading as people do it: notes that stay by their passages, marks that open their notes,
links that land on the passage and lead back to it, titles that fit on a phone."""

from __future__ import annotations

import pytest

from .browsing import ARTICLE, NARROW, WIDE, geometry, ready, shoot, tap

SIZES = pytest.mark.parametrize("size", [WIDE, NARROW], ids=["wide", "narrow"])

# Where a reader sees an element: its box in the viewport, the header's bottom, the viewport's height.
_IN_VIEW = """(selector) => {
  const box = document.querySelector(selector).getClientRects()[0];
  const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
  return {top: box.top, bottom: box.bottom, left: box.left, right: box.right, header, height: innerHeight};
}"""


def _in_view(page, selector: str) -> dict:
    return page.evaluate(_IN_VIEW, selector)


def _below_the_header(view: dict, what: str) -> None:
    assert view["header"] <= view["top"] and view["bottom"] <= view["height"], f"{what} is not in view: {view}"


def _tops(page) -> dict[str, float]:
    return {note["id"]: note["top"] for note in geometry(page)["notes"]}


def test_opening_a_note_on_a_phone_moves_nothing_above_it(open_page):
    page = open_page(size=NARROW)
    before = _tops(page)
    tap(page, "#note-raid-atmeh .cl-note-header")
    after = _tops(page)
    ids = list(before)
    above = ids[: ids.index("raid-atmeh") + 1]
    assert {i: after[i] for i in above} == {i: before[i] for i in above}


@SIZES
def test_a_click_on_a_mark_opens_and_focuses_its_note(open_page, size):
    page = open_page(size=size)
    before = _tops(page)
    mark = page.locator('mark.cl-mark[data-note="raid-atmeh"]').first
    mark.scroll_into_view_if_needed()
    mark.click()
    page.wait_for_function("document.activeElement.id === 'note-raid-atmeh'")
    assert page.locator("#note-raid-atmeh .cl-body").is_visible()
    page.wait_for_timeout(400)  # a smooth scroll, when motion is welcome
    view = _in_view(page, "#note-raid-atmeh")
    assert view["top"] < view["height"] and view["bottom"] > view["header"], "the opened note is out of view"
    if size is WIDE:
        assert _tops(page) == before, "opening a note moved another"


@SIZES
def test_markers_are_targets_of_at_least_24_px(open_page, size):
    page = open_page(size=size)
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('a.cl-ref')].map((ref) => {
             const box = ref.getBoundingClientRect();
             return {href: ref.getAttribute('href'), width: box.width, height: box.height};
           })"""
    )
    small = [b for b in boxes if b["width"] < 24 or b["height"] < 24]
    assert len(boxes) == 55 and not small, small[:3]
    page.locator('a.cl-ref[href="#note-hts"]').click()
    page.wait_for_function("document.activeElement.id === 'note-hts'")


@SIZES
def test_a_link_to_a_note_shows_its_passage_below_the_header(open_page, size):
    for note in ("food-prices", "human-shields"):
        page = open_page(f"{ARTICLE}#note-{note}", size=size)
        page.wait_for_timeout(100)
        mark = _in_view(page, f'mark.cl-mark[data-note="{note}"]')
        _below_the_header(mark, f"the passage of {note}")
        header = _in_view(page, f"#note-{note} .cl-note-header")
        assert header["top"] < header["height"], f"the note {note} is below the screen"
        if size is WIDE:  # the note beside its passage
            assert header["left"] > mark["right"] and header["top"] - mark["top"] < size["height"] / 2


@SIZES
def test_back_to_the_passage_returns_to_the_mark(open_page, size):
    page = open_page(f"{ARTICLE}#note-casualty-counts", size=size)
    page.evaluate("scrollBy(0, 2000)")
    back = page.locator("#note-casualty-counts .cl-back")
    assert back.inner_text() == "Back to the passage"
    back.click()
    page.wait_for_timeout(100)
    _below_the_header(_in_view(page, 'mark.cl-mark[data-note="casualty-counts"]'), "the passage")
    assert page.evaluate("document.querySelector(':target')?.dataset.note") == "casualty-counts"
    page.keyboard.press("Tab")  # and reading goes on from the passage
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#note-casualty-counts"


@SIZES
def test_every_note_closes_from_its_end_as_from_its_top(open_page, size):
    page = open_page(size=size)
    assert page.locator(".cl-note .cl-actions .cl-close").count() == 55
    tap(page, "#note-global-research .cl-note-header")
    close = page.get_by_role("button", name="Close note 2")
    close.click()
    assert not page.locator("#note-global-research .cl-body").is_visible()
    assert page.evaluate("document.activeElement.matches('#note-global-research > .cl-fold')")
    page.keyboard.press("Space")
    assert page.locator("#note-global-research .cl-body").is_visible()


def test_an_open_margin_note_is_a_card_that_scrolls_on_its_own(open_page):
    page = open_page(size=WIDE)
    tap(page, "#note-global-research .cl-note-header")
    card = page.evaluate(
        """() => { const note = document.querySelector('#note-global-research'), style = getComputedStyle(note);
                   return {height: note.offsetHeight, scrolls: note.scrollHeight > note.clientHeight,
                           overflow: style.overflowY, shadow: style.boxShadow}; }"""
    )
    assert card["height"] <= 900 * 0.7 + 1 and card["scrolls"] and card["overflow"] == "auto", card
    assert card["shadow"] != "none"


def test_folded_headers_on_phones_show_the_whole_title(open_page):
    page = open_page(size=NARROW)
    headers = page.evaluate(
        """() => [...document.querySelectorAll('.cl-note-header')].map((header) => {
             const style = getComputedStyle(header), title = header.querySelector('.cl-title');
             const box = header.getBoundingClientRect(), words = title && title.getBoundingClientRect();
             return {id: header.id, overflow: style.textOverflow, space: style.whiteSpace,
                     fits: header.scrollWidth <= header.clientWidth && (!words || words.bottom <= box.bottom + 1),
                     lines: box.height / parseFloat(style.lineHeight),
                     layer: header.querySelector('.cl-layer').textContent,
                     shown: header.querySelector('.cl-layer').getBoundingClientRect().width};
           })"""
    )
    for header in headers:
        assert header["overflow"] == "clip" and header["space"] == "normal" and header["fits"], header
        assert header["lines"] < 3.5, header
        assert header["layer"] and header["shown"] < 2, f"{header['id']}: the layer is a word, not a badge"
    # The layer still has its name for screen readers, in the marker's description.
    ref = page.locator('a.cl-ref[href="#note-global-research"]')
    assert ref.get_attribute("aria-label") == "Note 2"
    description = page.evaluate(
        "document.getElementById(document.querySelector('a.cl-ref[href=\"#note-global-research\"]')"
        ".getAttribute('aria-describedby')).textContent"
    )
    assert description.startswith("2 Background")
    for scheme in ("light", "dark"):
        shoot(open_page(size=NARROW, scheme=scheme), f"reading-390-{scheme}-folded", full_page=False)


def test_two_open_notes_on_a_wide_screen_for_review(open_page):
    """Saved for a person to look at: tests/artifacts/reading-1440-two-open.png."""
    page = open_page(size=WIDE)
    page.locator('mark.cl-mark[data-note="raid-atmeh"]').first.click()
    page.locator('mark.cl-mark[data-note="al-qurayshi"]').first.click()
    page.evaluate("scrollTo(0, document.querySelector('#note-raid-atmeh').getBoundingClientRect().top + scrollY - 120)")
    ready(page)
    shoot(page, "reading-1440-two-open")
