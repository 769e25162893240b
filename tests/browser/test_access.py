"""Keyboard, screen readers, axe-core, motion: everyone reaches every note."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from .browsing import ARTICLE, HOME, NARROW, WIDE

FOCUS = """() => {
  const el = document.activeElement;
  const all = [...document.querySelectorAll('*')];
  const style = getComputedStyle(el);
  return {
    order: all.indexOf(el), tag: el.tagName, cls: el.classList[0] || '',
    text: (el.getAttribute('aria-label') || el.textContent).trim().slice(0, 40),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    inArticle: !!el.closest('.md-content'),
  };
}"""


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["wide", "narrow"])
def test_tab_walks_the_article_in_reading_order_with_visible_focus(open_page, size):
    page = open_page(size=size)
    page.focus("h1 a.cl-ref")
    stops = [page.evaluate(FOCUS)]
    while stops[-1]["inArticle"] and len(stops) < 400:
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUS))
    stops.pop()  # the first stop after the article
    orders = [stop["order"] for stop in stops]
    assert orders == sorted(orders) and len(set(orders)) == len(orders), "Tab jumps backwards"
    kinds = {stop["cls"] for stop in stops}
    assert {"cl-ref", "cl-fold", "cl-switch"} <= kinds
    assert sum(stop["cls"] == "cl-ref" for stop in stops) == 55
    assert sum(stop["cls"] == "cl-fold" for stop in stops) == 55
    # Reading order: the title's marker, its note (its fold switch, then its verdict's link to its definition),
    # the switches and the link to how to read them, then each paragraph's markers before its notes.
    assert [s["cls"] for s in stops[:7]] == [
        "cl-ref", "cl-fold", "cl-verdict-link", "cl-switch", "cl-switch", "cl-switch", "cl-guide",
    ]  # fmt: skip
    unmarked = [s for s in stops if s["cls"].startswith("cl-") and not s["outline"]]
    assert not unmarked, f"no visible focus on {unmarked[:3]}"


def test_keyboard_opens_a_note_and_reaches_its_sources(open_page):
    page = open_page()
    page.focus("#note-global-research .cl-fold")
    page.keyboard.press("Space")
    assert page.locator("#note-global-research .cl-body").is_visible()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('.cl-note')?.id")
    assert focused == "note-global-research", "Tab does not enter the opened note"
    page.focus('[data-cl-layer-toggle="background"]')
    page.keyboard.press("Enter")
    assert page.get_attribute('[data-cl-layer-toggle="background"]', "aria-pressed") == "false"
    page.keyboard.press("Space")
    assert page.get_attribute('[data-cl-layer-toggle="background"]', "aria-pressed") == "true"


def test_screen_readers_hear_marks_as_linked_to_their_notes(open_page):
    page = open_page()
    tree = page.locator("article").aria_snapshot()
    assert '- link "Note 2"' in tree
    assert 'button "Background 21 notes" [pressed]' in tree
    assert 'checkbox "Show all of note 2"' in tree
    described = page.evaluate(
        """() => { const ref = document.querySelector('a.cl-ref[href="#note-global-research"]');
                   return document.getElementById(ref.getAttribute('aria-describedby')).textContent; }"""
    )
    assert described.startswith("2 Background") and "The publisher" in described


def _violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'][:4])}"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [ARTICLE, HOME], ids=["article", "home"])
def test_axe_finds_nothing_folded_or_open(open_page, path, scheme):
    page = open_page(path, scheme=scheme)
    assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
    assert _violations(page) == []
    page.evaluate("document.querySelectorAll('.cl-fold').forEach((box) => box.click())")
    page.hover(".cl-mark")  # a lit mark and note must keep their contrast too
    page.wait_for_timeout(250)
    assert _violations(page) == []


def test_axe_finds_nothing_on_a_phone(open_page):
    page = open_page(size=NARROW)
    page.evaluate("document.querySelectorAll('.cl-fold').forEach((box) => box.click())")
    assert _violations(page) == []


def test_layer_colours_meet_text_contrast_in_both_schemes(open_page):
    """axe checks what is on screen; this names the number for each layer and scheme."""
    for scheme in ("light", "dark"):
        page = open_page(scheme=scheme)
        ratios = page.evaluate(
            """() => {
              const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
              const lum = (c) => { const [r, g, b] = rgb(c).map((v) => {
                v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                                   return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
              const ratio = (a, b) => {
                const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
              const bg = getComputedStyle(document.body).backgroundColor;
              return [...document.querySelectorAll('[data-cl-layer-toggle]')].map((b) => {
                const note = document.querySelector(`.cl-note[data-layer="${b.dataset.clLayerToggle}"] .cl-layer`);
                return [b.dataset.clLayerToggle, ratio(getComputedStyle(note).color, bg)];
              });
            }"""
        )
        for layer, ratio in ratios:
            assert ratio >= 4.5, f"{layer} in {scheme}: {ratio:.2f}:1"


def test_motion_follows_the_readers_preference(open_page):
    calm = open_page(motion="reduce")
    assert calm.evaluate("getComputedStyle(document.querySelector('.cl-note')).transitionDuration") == "0s"
    lively = open_page(motion="no-preference")
    assert lively.evaluate("getComputedStyle(document.querySelector('.cl-note')).transitionDuration") != "0s"
