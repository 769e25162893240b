"""What the proposal tests share: selecting passages as a reader does, filling the form, and a
copy of this project on a forge (repo_url set) to save proposals in and build."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page

# The nth occurrence of `text` in the article's own text (notes, controls and permalinks left out), selected.
SELECT_TEXT = """([text, nth]) => {
  const box = document.querySelector('.cl-layers').parentElement;
  const ours = '.cl-note, .cl-layers, .cl-propose, [data-cl-propose], .cl-propose-across, .headerlink';
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT,
    {acceptNode: (node) => node.parentElement.closest(ours) ? 2 : 1});
  const nodes = [];
  let all = '';
  while (walker.nextNode()) { nodes.push([walker.currentNode, all.length]); all += walker.currentNode.data; }
  let at = -1;
  for (let i = 0; i < nth; i++) { at = all.indexOf(text, at + 1); if (at < 0) return false; }
  const find = (position, end) => {
    for (const [node, start] of nodes) {
      if (position < start + node.length || (end && position === start + node.length)) return [node, position - start];
    }
  };
  const range = document.createRange();
  range.setStart(...find(at));
  range.setEnd(...find(at + text.length, true));
  getSelection().removeAllRanges();
  getSelection().addRange(range);
  return true;
}"""

# The page's blocks as core/textmap.py walks them (an oracle written apart from propose.js): their texts,
# or, given [block, start, end], that block's visible characters start..end selected.
BLOCKS = """(pick) => {
  const BLOCK = new Set(('address article aside blockquote body caption dd details dialog div dl dt fieldset ' +
    'figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section summary ' +
    'table tbody td tfoot th thead tr ul').split(' '));
  // Our elements are left out, but not a mark, whatever state class the script gives it (`cl-active` when lit).
  const skip = (el) => ['script', 'style', 'template', 'math', 'svg'].includes(el.localName)
    || (!el.classList.contains('cl-mark') && [...el.classList].some((c) => c.startsWith('cl-')))
    || el.classList.contains('headerlink');
  const box = document.querySelector('.cl-layers').parentElement;
  const units = [];
  const walk = (el) => {
    const unit = {text: '', nodes: []};
    const later = [];
    const inline = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === 3) { unit.nodes.push([child, unit.text.length]); unit.text += child.data; }
        else if (child.nodeType !== 1 || skip(child)) continue;
        else if (BLOCK.has(child.localName)) { later.push(child); unit.text += '\\x1f'; }
        else inline(child);
      }
    };
    inline(el);
    if (unit.text.replace(/[ \\t\\n\\r\\x1f]/g, '')) units.push(unit);
    later.forEach(walk);
  };
  for (const child of box.children) if (!skip(child)) walk(child);
  if (!pick) return units.map((unit) => unit.text);
  const [index, start, end] = pick;
  const find = (position, last) => {
    for (const [node, at] of units[index].nodes) {
      if (position < at + node.length || (last && position === at + node.length)) return [node, position - at];
    }
  };
  const range = document.createRange();
  range.setStart(...find(start));
  range.setEnd(...find(end, true));
  getSelection().removeAllRanges();
  getSelection().addRange(range);
}"""


def clear(page: Page) -> None:
    """No selection, and neither the button nor the explanation left from the one before.

    The page follows its selection on a short timer: once the selection is gone, a longer timer,
    set when the page hears of it, runs after the page's own (which may still be due from before)."""
    page.evaluate("""() => new Promise((done) => {
      const settle = () => setTimeout(done, 60);
      if (!getSelection().rangeCount) return settle();
      document.addEventListener('selectionchange', settle, { once: true });
      setTimeout(done, 1000);  // should the event not come
      getSelection().removeAllRanges();
    })""")
    page.wait_for_function(
        "() => ['button[data-cl-propose]', '.cl-propose-across']"
        ".every((selector) => !document.querySelector(selector)?.checkVisibility())"
    )


def select_passage(page: Page, block: int, start: int, end: int) -> None:
    """Select visible characters start..end of a block (as `BLOCKS` counts them), and wait until the page has
    followed the new selection: a timer set when the page hears of it runs after the page's own."""
    page.evaluate(
        f"""(pick) => new Promise((done) => {{
          document.addEventListener('selectionchange', () => setTimeout(done, 60), {{ once: true }});
          setTimeout(done, 1000);  // should the event not come
          ({BLOCKS})(pick);
        }})""",
        [block, start, end],
    )


def select_text(page: Page, text: str, nth: int = 1) -> None:
    clear(page)
    assert page.evaluate(SELECT_TEXT, [text, nth]), f"{text!r} does not occur {nth} time(s) in the article"
    page.wait_for_timeout(120)


def open_form(page: Page) -> None:
    button = page.locator("button[data-cl-propose]")
    button.wait_for(state="visible")
    button.click()
    page.locator("dialog.cl-propose[open]").wait_for()


def fill(page: Page, values: dict[str, str]) -> None:
    """Fill the open form: selects by value, fields by typing, in the order given."""
    for name, value in values.items():
        field = page.locator(f"dialog.cl-propose [name={name}]")
        if field.evaluate("(el) => el.localName") == "select":
            field.select_option(value)
        else:
            field.fill(value)


def close_form(page: Page) -> None:
    """Escape, and wait until the dialog's `close` event has put focus and the selection back on the passage.

    The event is a task of its own, in no fixed order with timers: a listener added now runs after the
    page's own handler, and says when it has."""
    page.evaluate(
        "() => { window.clClosed = false; document.querySelector('dialog.cl-propose')"
        ".addEventListener('close', () => (window.clClosed = true), { once: true }); }"
    )
    page.keyboard.press("Escape")
    page.wait_for_function("() => window.clClosed")


def drag_over(page: Page, text: str) -> None:
    """Select `text` (its first occurrence) with the mouse, from its first character to its last."""
    select_text(page, text)
    ends = page.evaluate("""() => {
      const rects = getSelection().getRangeAt(0).getClientRects();
      const [first, last] = [rects[0], rects[rects.length - 1]];
      return [first.left + 1, (first.top + first.bottom) / 2, last.right - 1, (last.top + last.bottom) / 2];
    }""")
    clear(page)
    page.mouse.move(ends[0], ends[1])
    page.mouse.down()
    page.mouse.move(ends[2], ends[3], steps=8)
    page.mouse.up()
    page.wait_for_timeout(150)


def the_file(page: Page) -> str:
    return page.input_value("dialog.cl-propose textarea[name=yaml]")


def save(project: Path, page: Page) -> Path:
    """Save the file as the pull request would: under the proposals folder, named after the page and the id."""
    pr = page.get_attribute("a[data-cl-propose-pr]", "href")
    name = parse_qs(urlsplit(pr).query)["filename"][0]
    path = project / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(the_file(page), encoding="utf-8")
    return path
