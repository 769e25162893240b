"""What the browser tests share beyond tests/helpers.py: where things are, and small helpers that read a page."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from helpers import REPO

ARTIFACTS = REPO / "tests" / "artifacts"
ARTICLE = "world/idlib-raid/"
HOME = ""
WIDE = {"width": 1440, "height": 900}
NARROW = {"width": 390, "height": 844}


def ready(page: Page) -> None:
    """Wait until context-layers.js has set up the page (and placed notes on wide screens)."""
    page.wait_for_selector("[data-cl-ready]", state="attached")
    page.wait_for_function("() => !matchMedia('(min-width: 76.25em)').matches || document.querySelector('.cl-placed')")
    page.evaluate("() => document.fonts.ready")
    page.wait_for_timeout(50)


def shoot(page: Page, name: str, **options: object) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), **options)
    return path


# Geometry of what a reader sees, in page coordinates (CSS pixels from the page's top).
_GEOMETRY = """
() => {
  const box = document.querySelector('.cl-layers').parentElement;
  const rect = (el) => {
    const r = el.getBoundingClientRect();
    return {top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right,
            height: r.height, width: r.width};
  };
  const seen = (el) => {
    const style = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return style.display !== 'none' && style.visibility !== 'hidden' && r.width > 0 && r.height > 0;
  };
  const TEXT = 'p, h1, h2, h3, h4, h5, h6, li, blockquote, table, dl, pre';
  const text = [...box.querySelectorAll(TEXT)].filter((el) => !el.closest('.cl-note, .cl-layers') && seen(el));
  const notes = [...box.querySelectorAll('.cl-note')].map((note) => {
    const id = note.id.slice(5);
    const marks = [...box.querySelectorAll(`.cl-mark[data-note="${id}"]`)];
    const line = marks[0].getClientRects()[0];
    const holder = marks[0].closest('blockquote, table, dl') || marks[0].closest(TEXT);
    const header = note.querySelector('.cl-note-header');
    const body = note.querySelector('.cl-body, .cl-sources');
    return {
      id, layer: note.dataset.layer, seen: seen(note), ...rect(note),
      lineTop: line.top + scrollY, lineBottom: line.bottom + scrollY,
      holder: rect(holder), holderTag: holder.tagName,
      headerHeight: header.getBoundingClientRect().height,
      lineHeight: parseFloat(getComputedStyle(header).lineHeight),
      open: body ? seen(body) : null,
      position: getComputedStyle(note).position, float: getComputedStyle(note).float,
    };
  });
  return {notes, text: text.map(rect), textRight: Math.max(...text.map((el) => el.getBoundingClientRect().right)),
          scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth};
}
"""


def geometry(page: Page) -> dict:
    return page.evaluate(_GEOMETRY)


def overlaps(a: dict, b: dict, slack: float = 0.5) -> bool:
    return (
        a["left"] < b["right"] - slack
        and b["left"] < a["right"] - slack
        and a["top"] < b["bottom"] - slack
        and b["top"] < a["bottom"] - slack
    )


def visible(page: Page, selector: str) -> bool:
    return page.locator(selector).first.is_visible()


def off_in_storage(page: Page) -> list[str]:
    """The layers turned off, as context-layers.js stored them."""
    return page.evaluate(
        "() => JSON.parse(Object.entries(localStorage).find(([k]) => k.startsWith('context-layers:'))?.[1] || '[]')"
    )


def tap(page: Page, selector: str) -> None:
    """Click the middle of what a reader sees there, whatever element lies on top."""
    target = page.locator(selector).first
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    assert box, f"{selector} is not shown"
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
