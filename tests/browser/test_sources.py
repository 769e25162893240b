"""Sources grouped by what they say about the claim, as a reader sees them on a laptop and a phone,
and on paper."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from .browsing import ARTIFACTS, NARROW, WIDE, ready, shoot

STANCES = ["supports", "contradicts", "context"]

_GROUPS = """(id) => {
  const note = document.getElementById('note-' + id);
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, left: r.left, right: r.right};
  };
  const shown = (el) => getComputedStyle(el).display !== 'none' && el.getBoundingClientRect().height > 0;
  return {
    note: box(note),
    groups: [...note.querySelectorAll(':scope > .cl-sources-heading')].map((heading) => {
      const list = heading.nextElementSibling;
      const style = getComputedStyle(heading);
      return {
        stance: heading.dataset.stance, text: heading.textContent, shown: shown(heading), heading: box(heading),
        fontSize: parseFloat(style.fontSize), listStance: list.dataset.stance, list: box(list),
        listShown: shown(list), items: [...list.children].map(box),
        itemStances: [...list.children].map((li) => li.dataset.stance),
      };
    }),
    later: [...note.querySelectorAll('.cl-later')].map((el) => ({shown: shown(el), lines: el.getClientRects().length})),
  };
}"""


def _grouped_notes(page) -> list[str]:
    return page.evaluate(
        "() => [...document.querySelectorAll('.cl-note')]"
        ".filter((n) => n.querySelector(':scope > .cl-sources-heading')).map((n) => n.id.slice(5))"
    )


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["wide", "narrow"])
def test_each_group_has_its_heading_right_above_its_sources_inside_the_note(open_page, size):
    page = open_page(size=size)
    ready(page)
    grouped = _grouped_notes(page)
    assert len(grouped) >= 10, f"only {len(grouped)} notes show their sources by stance"
    for note_id in grouped:
        page.locator(f"#note-{note_id} > .cl-fold").check()
        page.locator(f"#note-{note_id}").scroll_into_view_if_needed()
        found = page.evaluate(_GROUPS, note_id)
        stances = [group["stance"] for group in found["groups"]]
        assert stances == [s for s in STANCES if s in stances], f"{note_id}: groups out of order: {stances}"
        note = found["note"]
        for group in found["groups"]:
            where = f"{note_id} ({group['stance']})"
            assert group["shown"] and group["listShown"], f"{where}: an open note hides a group"
            assert group["listStance"] == group["stance"] and set(group["itemStances"]) == {group["stance"]}, where
            assert group["fontSize"] >= 10, f"{where}: heading is {group['fontSize']} px"
            gap = group["list"]["top"] - group["heading"]["bottom"]
            assert -0.5 <= gap <= 8, f"{where}: {gap:.0f} px between a heading and its sources"
            for child in (group["heading"], group["list"], *group["items"]):
                assert note["left"] - 0.5 <= child["left"] and child["right"] <= note["right"] + 0.5, (
                    f"{where}: sticks out"
                )
        for label in found["later"]:
            assert label["shown"] and label["lines"] == 1, f"{note_id}: 'published later' is hidden or broken"
        page.locator(f"#note-{note_id} > .cl-fold").uncheck()  # on wide screens, an open note covers the next
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"], "the page scrolls sideways"
    name = "wide" if size == WIDE else "narrow"
    page.locator(f"#note-{grouped[0]} > .cl-fold").check()
    page.locator(f"#note-{grouped[0]}").scroll_into_view_if_needed()
    shoot(page, f"sources-by-stance-{name}")


def test_the_groups_and_labels_print(open_page):
    page = open_page()
    ready(page)
    note_id = _grouped_notes(page)[0]
    headings = page.evaluate(
        "(id) => [...document.querySelectorAll(`#note-${id} > .cl-sources-heading`)].map((h) => h.textContent)", note_id
    )
    pdf = page.pdf(format="A4")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "sources-by-stance.pdf").write_bytes(pdf)
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages))
    for heading in headings:
        assert re.sub(r"\s+", "", heading).upper() in text.upper(), f"{heading!r} is not printed"
    later = page.locator(".cl-later").count()
    assert later == 0 or "publishedlater" in text.lower(), "'published later' is not printed"
    assert page.locator(".cl-via").count() == 0 or "(copy)" in text, "a copy's site is not printed"
