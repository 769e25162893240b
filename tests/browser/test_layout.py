"""Where notes stand: in the margin on wide screens, folded under their paragraph on
phones, readable without JavaScript; never over the text or each other."""

from __future__ import annotations

import pytest

from .browsing import HOME, NARROW, WIDE, geometry, overlaps, shoot, tap

GAP = 10  # context-layers.js: space between stacked margin notes


def _no_overlaps(notes: list[dict], text: list[dict]) -> None:
    shown = [n for n in notes if n["seen"]]
    for i, a in enumerate(shown):
        for b in shown[i + 1 :]:
            assert not overlaps(a, b), f"notes {a['id']} and {b['id']} overlap"
        for block in text:
            assert not overlaps(a, block), f"note {a['id']} covers text at y={block['top']:.0f}"


def _in_margin(geo: dict) -> None:
    """Every note to the right of the text, level with its mark or stacked below the note before it."""
    previous_bottom = None
    for note in geo["notes"]:
        assert note["seen"], f"note {note['id']} is not shown"
        assert note["left"] >= geo["textRight"] + 16, f"note {note['id']} is not in the margin"
        assert note["right"] <= geo["clientWidth"], f"note {note['id']} runs off the screen"
        level = abs(note["top"] - note["lineTop"]) <= 2
        stacked = previous_bottom is not None and abs(note["top"] - (previous_bottom + GAP)) <= 2
        assert note["top"] >= note["lineTop"] - 2, f"note {note['id']} stands above its mark"
        assert level or stacked, (
            f"note {note['id']} at y={note['top']:.0f}: neither level with its mark ({note['lineTop']:.0f}) "
            f"nor just below the note before it ({previous_bottom})"
        )
        previous_bottom = note["bottom"]
    _no_overlaps(geo["notes"], geo["text"])


def _under_paragraphs(geo: dict) -> None:
    """Every note in the text column, right after the block holding its quote, folded to its header
    (the whole title, on at most three lines)."""
    for note in geo["notes"]:
        assert note["seen"], f"note {note['id']} is not shown"
        assert note["left"] >= 0 and note["right"] <= geo["clientWidth"], f"note {note['id']} is wider than the screen"
        assert note["top"] >= note["holder"]["bottom"] - 1, f"note {note['id']} is not under its {note['holderTag']}"
        between = [
            b
            for b in geo["text"]
            if note["holder"]["bottom"] - 1 < b["top"] < note["top"] and b["left"] <= note["left"]
        ]
        assert not between, f"text stands between note {note['id']} and its {note['holderTag']}"
        assert not note["open"], f"note {note['id']} is not folded"
        assert note["headerHeight"] <= note["lineHeight"] * 3.5, f"folded note {note['id']} takes more than 3 lines"
    _no_overlaps(geo["notes"], geo["text"])
    assert geo["scrollWidth"] <= geo["clientWidth"], "the page scrolls sideways"


def test_wide_screens_put_notes_in_the_margin_level_with_their_marks(open_page):
    page = open_page(size=WIDE)
    geo = geometry(page)
    assert len(geo["notes"]) == 55
    _in_margin(geo)
    assert geo["scrollWidth"] <= geo["clientWidth"], "the page scrolls sideways"
    levelled = sum(abs(n["top"] - n["lineTop"]) <= 2 for n in geo["notes"])
    assert levelled >= len(geo["notes"]) // 3, f"only {levelled} notes are level with their mark"


def test_wide_text_keeps_a_comfortable_measure(open_page):
    page = open_page(size=WIDE)
    per_line = page.evaluate(
        """() => {
          const counts = [];
          for (const p of document.querySelectorAll('.md-content p')) {
            if (p.closest('.cl-note') || p.textContent.length < 400) continue;
            const lines = Math.round(p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight));
            counts.push(p.textContent.length / lines);
          }
          return counts.reduce((a, b) => a + b, 0) / counts.length;
        }"""
    )
    print(f"{per_line:.0f} characters per line")
    assert 55 <= per_line <= 80, f"{per_line:.0f} characters per line"


def _others(geo: dict, opened: str = "global-research") -> list[tuple]:
    return [(n["id"], n["top"], n["left"]) for n in geo["notes"] if n["id"] != opened]


def test_opening_a_margin_note_moves_no_other_note(open_page):
    """Open, a margin note is a card over the notes below it; they keep their places beside their
    passages, and closing it gives back the page as it was."""
    page = open_page(size=WIDE)
    before = geometry(page)
    page.click("#note-global-research .cl-fold")
    page.wait_for_timeout(100)
    after = geometry(page)
    opened = next(n for n in after["notes"] if n["id"] == "global-research")
    assert opened["open"] and opened["height"] > 200
    assert opened["top"] == before["notes"][1]["top"] and opened["left"] == before["notes"][1]["left"]
    assert _others(after) == _others(before), "opening a note moved another"
    on_top = page.evaluate(
        """() => { const box = document.querySelector('#note-raid-atmeh').getBoundingClientRect();
                   const el = document.elementFromPoint(box.left + 20, box.top + 10);
                   return el.closest('.cl-note')?.id; }"""
    )
    assert on_top == "note-global-research", "the open note is not over the notes below it"
    page.click("#note-global-research .cl-fold")
    page.wait_for_timeout(100)
    assert geometry(page) == before


def test_phones_fold_each_note_under_its_paragraph(open_page):
    page = open_page(size=NARROW)
    geo = geometry(page)
    assert len(geo["notes"]) == 55
    _under_paragraphs(geo)
    note = page.locator("#note-global-research")
    folded = note.bounding_box()["height"]
    tap(page, "#note-global-research .cl-note-header")  # a tap anywhere on the folded line opens it
    assert note.locator(".cl-body").is_visible()
    assert note.bounding_box()["height"] > folded * 3
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    note.locator(".cl-fold").click()  # the corner control folds it again
    assert not note.locator(".cl-body").is_visible()


@pytest.mark.parametrize("width", [601, 768, 1024, 1219, 1220, 1600, 1920])
def test_every_width_is_one_layout_or_the_other(open_page, width):
    page = open_page(size={"width": width, "height": 900})
    geo = geometry(page)
    if width >= 1220:
        _in_margin(geo)
    else:
        assert all(n["position"] != "absolute" and n["float"] == "none" for n in geo["notes"]), (
            "a note is taken out of the text"
        )
        _under_paragraphs(geo)


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["wide", "narrow"])
def test_without_javascript_every_note_is_readable_in_place(open_page, size):
    page = open_page(size=size, js=False)
    geo = geometry(page)
    assert all(n["seen"] for n in geo["notes"]), "a note is hidden without JavaScript"
    _no_overlaps(geo["notes"], geo["text"])
    assert not page.locator(".cl-layers").is_visible(), "switches that cannot work are shown"
    if size is WIDE:
        assert all(n["left"] >= geo["textRight"] + 16 for n in geo["notes"])
    else:
        _under_paragraphs(geo)
    # Folded notes open with a click, and links to notes open them (CSS :target).
    note = page.locator("#note-raid-atmeh")
    tap(page, "#note-raid-atmeh .cl-note-header")
    assert note.locator(".cl-body").is_visible()
    page.click('a.cl-ref[href="#note-al-qurayshi"]')
    assert page.evaluate("location.hash") == "#note-al-qurayshi"
    assert page.locator("#note-al-qurayshi .cl-body").is_visible()
    shoot(page, f"no-js-{size['width']}")


def test_without_javascript_every_link_leads_somewhere(open_page):
    page = open_page(js=False)
    broken = page.evaluate(
        """() => [...document.querySelectorAll('.md-content a[href]')]
             .map((a) => a.getAttribute('href'))
             .filter((href) => href.startsWith('#') ? !document.getElementById(decodeURIComponent(href.slice(1)))
                                                     : !/^(https?:|\\.\\.?\\/|[a-z])/.test(href))"""
    )
    assert broken == []


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["wide", "narrow"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_for_review(open_page, size, scheme):
    """Saved for a person to look at: tests/artifacts/{article,home}-WIDTH-SCHEME*.png."""
    page = open_page(size=size, scheme=scheme)
    name = f"article-{size['width']}-{scheme}"
    shoot(page, name)
    page.click("#note-global-research .cl-fold")
    page.hover("mark[data-note=raid-atmeh]")
    page.wait_for_timeout(200)
    shoot(page, f"{name}-open")
    page.locator("#note-human-shields").scroll_into_view_if_needed()
    shoot(page, f"{name}-later")
    home = open_page(HOME, size=size, scheme=scheme)
    assert shoot(home, f"home-{size['width']}-{scheme}").stat().st_size > 10_000
