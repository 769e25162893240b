"""What a reader does: switch layers, follow and share links to notes, see where notes attach."""

from __future__ import annotations

import itertools
import re

import pytest

from .browsing import ARTICLE, HOME, NARROW, WIDE, geometry, off_in_storage, tap


def _layer_state(page, layer: str) -> dict:
    return page.evaluate(
        """(layer) => {
          const seen = (el) => el.checkVisibility({visibilityProperty: true});
          const notes = [...document.querySelectorAll(`.cl-note[data-layer="${layer}"]`)];
          const refs = [...document.querySelectorAll(`.cl-ref[data-layer="${layer}"]`)];
          const marks = [...document.querySelectorAll(`.cl-mark[data-layer="${layer}"]`)];
          const button = document.querySelector(`[data-cl-layer-toggle="${layer}"]`);
          return {
            pressed: button.getAttribute('aria-pressed'),
            notes: notes.filter(seen).length, refs: refs.filter(seen).length, total: notes.length,
            highlighted: marks.filter((m) => {
              const s = getComputedStyle(m);
              return s.backgroundColor !== 'rgba(0, 0, 0, 0)' || s.boxShadow !== 'none';
            }).length,
            marks: marks.length,
          };
        }""",
        layer,
    )


def _assert_on(page, layer: str) -> None:
    page.wait_for_timeout(250)  # colours glide for 0.15 s when motion is welcome
    state = _layer_state(page, layer)
    assert state["pressed"] == "true", f"{layer}: switch not pressed"
    assert state["notes"] == state["total"] > 0, f"{layer}: {state['notes']} of {state['total']} notes shown"
    assert state["refs"] == state["total"], f"{layer}: markers missing"
    assert state["highlighted"] == state["marks"], f"{layer}: marks not highlighted"


def _assert_off(page, layer: str) -> None:
    page.wait_for_timeout(250)
    state = _layer_state(page, layer)
    assert state["pressed"] == "false", f"{layer}: switch still pressed"
    assert state["notes"] == 0 and state["refs"] == 0, f"{layer}: notes or markers still shown"
    # A mark nested in another layer's mark keeps that layer's highlight; count our own only.
    assert state["highlighted"] == 0 or page.evaluate(
        """(layer) => [...document.querySelectorAll(`.cl-mark[data-layer="${layer}"]`)]
             .every((m) => getComputedStyle(m).backgroundColor === 'rgba(0, 0, 0, 0)')""",
        layer,
    ), f"{layer}: marks still highlighted"


def test_the_switches_name_each_configured_layer_with_its_colour_and_count(open_page):
    page = open_page()
    switches = page.evaluate(
        """() => [...document.querySelectorAll('[data-cl-layer-toggle]')].map((b) => ({
              key: b.dataset.clLayerToggle, tag: b.tagName, text: b.textContent.trim(),
              colour: getComputedStyle(b).borderTopColor, pressed: b.getAttribute('aria-pressed'),
              count: document.querySelectorAll(`.cl-note[data-layer="${b.dataset.clLayerToggle}"]`).length}))"""
    )
    assert [s["key"] for s in switches] == ["background", "counter", "disputed"]
    assert all(s["tag"] == "BUTTON" and s["pressed"] == "true" for s in switches)
    for switch in switches:
        assert re.fullmatch(rf"\D+ {switch['count']} notes?", switch["text"]), switch["text"]
    assert len({s["colour"] for s in switches}) == 3, "two layers share a colour"
    note_colours = page.evaluate(
        """() => ['background', 'counter', 'disputed'].map((l) =>
             getComputedStyle(document.querySelector(`.cl-note[data-layer="${l}"]`)).borderLeftColor)"""
    )
    assert note_colours == [s["colour"] for s in switches], "notes and switches disagree on colours"


def test_a_layer_switched_off_stays_off_across_reload_and_pages(open_page):
    page = open_page()
    for layer in ("background", "counter", "disputed"):
        _assert_on(page, layer)
    page.click('[data-cl-layer-toggle="counter"]')
    _assert_off(page, "counter")
    _assert_on(page, "background")
    _assert_on(page, "disputed")
    assert off_in_storage(page) == ["counter"]
    geo = geometry(page)  # the margin closes up over the hidden notes
    shown = [n for n in geo["notes"] if n["seen"]]
    assert all(n["layer"] != "counter" for n in shown)
    assert all(b["top"] >= a["bottom"] for a, b in itertools.pairwise(shown))

    page.reload()
    page.wait_for_selector("[data-cl-ready]", state="attached")
    _assert_off(page, "counter")
    _assert_on(page, "disputed")

    page.locator(".md-sidebar--primary").get_by_role("link", name="Home", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))
    page.wait_for_selector("[data-cl-ready]", state="attached")
    # The home page's bar has a switch for its one layer only; the choice made on the article holds.
    assert [b.get_attribute("data-cl-layer-toggle") for b in page.locator("[data-cl-layer-toggle]").all()] == [
        "background"
    ]
    page.click('[data-cl-layer-toggle="background"]')
    assert off_in_storage(page) == ["counter", "background"]
    page.go_back()
    page.wait_for_selector("[data-cl-ready]", state="attached")
    _assert_off(page, "counter")
    _assert_off(page, "background")
    _assert_on(page, "disputed")


def test_switches_survive_materials_instant_navigation(open_page, other_site):
    page = open_page(HOME, base=other_site)
    page.evaluate("window.__same_document = true")
    page.click('[data-cl-layer-toggle="background"]')
    page.locator(".md-sidebar--primary").get_by_role("link", name="Biden's Strike in Idlib (2022)").click()
    page.wait_for_selector("#note-global-research[data-cl-color]", state="attached")
    page.wait_for_selector(".cl-placed", state="attached")
    assert page.evaluate("window.__same_document"), "the page was reloaded: instant navigation is off"
    _assert_off(page, "background")
    _assert_on(page, "disputed")
    geo = geometry(page)
    assert all(n["left"] >= geo["textRight"] + 16 for n in geo["notes"] if n["seen"])
    page.click('[data-cl-layer-toggle="background"]')
    _assert_on(page, "background")


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["wide", "narrow"])
def test_a_link_to_a_note_opens_it_turns_its_layer_on_and_marks_it_current(open_page, size):
    page = open_page(size=size)
    page.click('[data-cl-layer-toggle="disputed"]')
    _assert_off(page, "disputed")
    page.goto(page.url.split("#")[0] + "#note-human-shields")  # same document: a hash change
    page.wait_for_function("document.querySelector('#note-human-shields').classList.contains('cl-current')")
    _assert_on(page, "disputed")
    _landed(page, "human-shields", size)
    assert page.evaluate("document.activeElement.id") == "note-human-shields"

    page.click('[data-cl-layer-toggle="background"]')  # now load a new page with the hash
    fresh = open_page(ARTICLE + "#note-food-prices", size=size)
    _landed(fresh, "food-prices", size)
    assert fresh.get_attribute('[data-cl-layer-toggle="background"]', "aria-pressed") == "true"


def _landed(page, note_id: str, size: dict) -> None:
    page.wait_for_timeout(600)  # a smooth scroll, when motion is welcome
    note = page.locator(f"#note-{note_id}")
    assert note.get_attribute("aria-current") == "true"
    assert page.locator(".cl-current").count() == 1
    assert note.locator(".cl-body").is_visible(), "the note is still folded"
    box = note.bounding_box()
    header = page.locator(".md-header").bounding_box()
    assert header["height"] - 1 <= box["y"] < size["height"] - 40, f"the note is not in view: y={box['y']}"


def test_following_a_marker_moves_focus_to_its_note(open_page):
    page = open_page()
    page.focus('a.cl-ref[href="#note-population"]')
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'note-population'")
    assert page.locator("#note-population .cl-body").is_visible()


def test_the_link_control_copies_the_notes_address(open_page, site):
    page = open_page(permissions=["clipboard-read", "clipboard-write"])
    tap(page, "#note-hts .cl-note-header")
    link = page.locator("#note-hts .cl-link")
    assert link.is_visible() and link.inner_text() == "Link to this note"
    link.click()
    expected = f"{site}{ARTICLE}#note-hts"
    assert page.evaluate("navigator.clipboard.readText()") == expected
    assert page.url == expected
    assert link.inner_text() == "Link copied"
    assert page.locator("p.cl-sr[role=status]").inner_text() == "Link copied"
    assert page.locator("#note-hts").get_attribute("aria-current") == "true"


def test_every_mark_carries_a_numbered_marker_named_for_its_note(open_page):
    page = open_page()
    markers = page.evaluate(
        """() => [...document.querySelectorAll('.cl-note')].map((note) => {
          const id = note.id.slice(5);
          const refs = document.querySelectorAll(`a.cl-ref[href="#note-${id}"]`);
          const marks = document.querySelectorAll(`.cl-mark[data-note="${id}"]`);
          const last = marks[marks.length - 1].getBoundingClientRect();
          const ref = refs[0];
          const box = ref.getBoundingClientRect();
          const header = document.getElementById(ref.getAttribute('aria-describedby'));
          return {
            id, count: refs.length, number: note.querySelector('.cl-num').textContent,
            shown: getComputedStyle(ref, '::after').content.replaceAll('"', ''),
            label: ref.getAttribute('aria-label'), describes: header && note.contains(header),
            after: (box.left + box.right) / 2 >= last.right || box.top > last.top,
            near: Math.abs(box.bottom - last.bottom) < 20,
            width: box.width,
          };
        })"""
    )
    assert [m["number"] for m in markers] == [str(i) for i in range(1, 56)]
    for marker in markers:
        assert marker["count"] == 1, marker
        assert marker["shown"] == marker["number"] and marker["width"] > 4, marker
        assert marker["label"] == f"Note {marker['number']}", marker
        assert marker["describes"], marker
        assert marker["after"] and marker["near"], marker
    # Announced as a link to the note, with the note's header as its description.
    ref = page.get_by_role("link", name="Note 2", exact=True)
    assert ref.get_attribute("href") == "#note-global-research"


def test_hovering_a_mark_lights_its_note_and_the_reverse(open_page):
    page = open_page()
    page.hover('.cl-mark[data-note="raid-atmeh"]')
    assert "cl-active" in page.get_attribute("#note-raid-atmeh", "class")
    page.hover("#note-al-qurayshi")
    assert "cl-active" not in page.get_attribute("#note-raid-atmeh", "class")
    assert page.evaluate(
        """() => [...document.querySelectorAll('.cl-mark[data-note="al-qurayshi"]')]
             .every((m) => m.classList.contains('cl-active'))"""
    )
    lit = page.evaluate(
        "getComputedStyle(document.querySelector('.cl-mark[data-note=\"al-qurayshi\"]')).backgroundColor"
    )
    page.mouse.move(5, 500)
    plain = page.evaluate(
        "getComputedStyle(document.querySelector('.cl-mark[data-note=\"al-qurayshi\"]')).backgroundColor"
    )
    assert lit != plain, "the lit mark looks the same"
    page.focus('a.cl-ref[href="#note-hts"]')
    assert "cl-active" in page.get_attribute("#note-hts", "class")
