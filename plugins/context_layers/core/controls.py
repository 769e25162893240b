"""The reader's controls, added to a page once its notes are woven in.

- Notes are numbered in reading order: `span.cl-num` starts each note's header.
- After the last mark of each note, a marker `a.cl-ref[href="#note-ID"]` shows the
  number (through CSS, so it stays out of heading ids and the search index) and
  names the note for screen readers.
- Each note gets a fold switch (`input.cl-fold`, a checkbox that folds the note to
  its header without JavaScript), a link back to its passage (`a.cl-back`, to the id
  `cl-m-ID` of the note's first mark), a link to itself (`a.cl-link`), where the site
  names where to report problems a prefilled report (`a.cl-report`), and a close
  button at its end (`button.cl-close`, for the script).
- Where the site has a "How to read the notes" page (`guide`), each verdict label links
  to its definition there and carries it as its description (`title`).
- Marks and notes carry their layer's colour slot (`data-cl-color`).
- At the top of the page, after its title, a bar with one switch per layer that has
  notes on the page (`button[data-cl-layer-toggle]`), the number of notes in it, and a
  link to the how-to-read page (`a.cl-guide`). The switches need
  context-layers.js; the stylesheet hides the bar when scripting is off.

Everything is plain HTML: no inline script, no `style=`, so a strict
Content-Security-Policy holds. Colours are chosen by the layer's position in the
configuration (`data-cl-color`, 1 to PALETTE_SIZE), so any layer has one.
"""

from __future__ import annotations

import json
import posixpath
from collections import Counter
from collections.abc import Callable, Sequence
from xml.etree.ElementTree import Element, SubElement

from .model import NOTE_ANCHOR, VERDICT_ANCHOR, VERDICT_DEFINITIONS, note_anchor
from .options import Layer
from .strings import ENGLISH, ReaderStrings
from .textmap import BLOCK_TAGS

PALETTE_SIZE = 6


def colour_of(layers: Sequence[Layer], key: str) -> str:
    """The palette slot of a layer: its position in the configuration, cycling."""
    position = next((i for i, layer in enumerate(layers) if layer.key == key), 0)
    return str(position % PALETTE_SIZE + 1)


def header_id(note_id: str) -> str:
    # Not `note-…`: that prefix belongs to note ids, so this can never collide with one.
    return f"cl-h-{note_id}"


def mark_id(note_id: str) -> str:
    """The id of a note's first mark: where "Back to the passage" leads."""
    return f"cl-m-{note_id}"


def guide_href(page: str, guide: str, *, markdown_links: bool = False, directory_urls: bool = True) -> str:
    """The address of the how-to-read page `guide` from `page` (both paths under docs/).

    With `markdown_links` (MkDocs: it turns links to .md files into page addresses,
    whatever `use_directory_urls` says, and checks their anchors), the path from one
    source file to the other; otherwise the relative address of the built page.
    """
    if markdown_links:
        return posixpath.relpath(guide, posixpath.dirname(page) or ".")
    target = _page_url(guide, directory_urls)
    base = _page_url(page, directory_urls).rpartition("/")[0]
    relative = posixpath.relpath(target or ".", base or ".")
    return relative + "/" if target.endswith("/") or not target else relative


def _page_url(path: str, directory_urls: bool) -> str:
    stem = path[:-3] if path.endswith(".md") else path
    head, name = posixpath.split(stem)
    if name in ("index", "README"):
        return f"{head}/" if head else ""
    return f"{stem}/" if directory_urls else f"{stem}.html"


def add_reader_controls(
    root: Element,
    layers: Sequence[Layer],
    report: Callable[[str], str] | None = None,
    guide: str = "",
    strings: ReaderStrings = ENGLISH,
    furnished: Callable[[Element], None] | None = None,
) -> None:
    """Number the notes, add markers, fold switches, links and the layer bar.

    `report(note_id)`, if given, is the address of a prefilled problem report for the note;
    `guide`, if given, the address of the page that explains layers and verdicts; `strings`,
    the reader's language; `furnished(aside)`, if given, is told of each note once it is complete.
    """
    parents = _parents(root)
    notes = [el for el in root.iter("aside") if _has_class(el, "cl-note")]
    last_mark: dict[str, Element] = {}
    for mark in root.iter("mark"):
        if _has_class(mark, "cl-mark"):
            note_id = mark.get("data-note", "")
            if note_id not in last_mark:
                mark.set("id", mark_id(note_id))
            last_mark[note_id] = mark
            # In the HTML, so marks keep their layer's colour without JavaScript.
            mark.set("data-cl-color", colour_of(layers, mark.get("data-layer", "")))
    after: dict[int, Element] = {}  # node -> the last marker already put after it
    for number, aside in enumerate(notes, start=1):
        note_id = aside.get("id", "")[len(NOTE_ANCHOR) :]
        colour = colour_of(layers, aside.get("data-layer", ""))
        aside.set("data-cl-color", colour)
        _furnish_note(aside, note_id, number, colour, report(note_id) if report else None, guide, strings)
        if furnished:
            furnished(aside)
        if note_id in last_mark:
            node = _marker_anchor(last_mark[note_id], parents)
            node = after.get(id(node), node)
            marker = _marker(note_id, aside.get("data-layer", ""), number, colour, strings)
            parent = parents[node]
            parent.insert(_index(parent, node) + 1, marker)
            marker.tail, node.tail = node.tail, None
            parents[marker] = parent
            after[id(node)] = after[id(marker)] = marker
    counts = Counter(aside.get("data-layer") for aside in notes)
    bar = layer_bar(layers, counts, guide, strings)
    # After the page's title and the title's own notes, so reading order stays natural.
    position = 0
    if len(root) and root[0].tag == "h1":
        position = 1
        while position < len(root) and _has_class(root[position], "cl-note"):
            position += 1
    bar.tail = "\n"
    root.insert(position, bar)


def _parents(root: Element) -> dict[Element, Element]:
    """Each element's parent, except inside notes: no mark or marker is ever there."""
    parents: dict[Element, Element] = {}
    todo = [root]
    while todo:
        parent = todo.pop()
        for child in parent:
            parents[child] = parent
            if child.tag != "aside" or not _has_class(child, "cl-note"):
                todo.append(child)
    return parents


def _has_class(element: Element, name: str) -> bool:
    return name in (element.get("class") or "").split()


def _index(parent: Element, child: Element) -> int:
    return next(i for i, candidate in enumerate(parent) if candidate is child)


def _marker_anchor(mark: Element, parents: dict[Element, Element]) -> Element:
    """The element after which a note's marker goes.

    Right after the note's last mark, but outside an inline element that the mark
    ends (`*quoted*¹`, not `*quoted¹*`), and always outside a link: a link in a link
    is invalid. Marks of other notes are not left, so the highlight stays whole.
    """
    node = mark
    while True:
        parent = parents.get(node)
        if parent is None or parent.tag in BLOCK_TAGS or parent not in parents:
            break
        ends_parent = parent[-1] is node and not node.tail
        if parent.tag == "a" or (ends_parent and not _has_class(parent, "cl-mark")):
            node = parent
        else:
            break
    link = node
    while (parent := parents.get(link)) is not None and parent.tag not in BLOCK_TAGS:
        link = parent
        if link.tag == "a":
            node = link
    return node


def _marker(note_id: str, layer: str, number: int, colour: str, strings: ReaderStrings) -> Element:
    return Element("a", {
        "class": "cl-ref", "href": f"#{note_anchor(note_id)}", "data-layer": layer,
        "data-cl-n": str(number), "data-cl-color": colour,
        "aria-label": strings.text("note_marker", n=number), "aria-describedby": header_id(note_id),
    })  # fmt: skip


def _furnish_note(
    aside: Element, note_id: str, number: int, colour: str, report: str | None, guide: str, strings: ReaderStrings
) -> None:
    header = aside.find("p")
    assert header is not None and _has_class(header, "cl-note-header")
    header.set("id", header_id(note_id))
    num = Element("span", {"class": "cl-num", "data-cl-color": colour})
    num.text = str(number)
    num.tail = " "
    header.insert(0, num)
    verdict = next((el for el in header if _has_class(el, "cl-verdict")), None)
    if guide and verdict is not None and verdict.get("data-verdict") in VERDICT_DEFINITIONS:
        _link_verdict(verdict, guide, strings)
    show_all = strings.text("note_show_all", n=number)
    fold = Element("input", {"type": "checkbox", "class": "cl-fold", "aria-label": show_all})
    aside.insert(0, fold)
    actions = SubElement(aside, "p", {"class": "cl-actions"})
    back = SubElement(actions, "a", {"class": "cl-back", "href": f"#{mark_id(note_id)}"})
    back.text = strings["note_back"]
    back.tail = " · "
    link = SubElement(actions, "a", {"class": "cl-link", "href": f"#{note_anchor(note_id)}"})
    link.text = strings["note_link"]
    last = link
    if report:
        link.tail = " · "
        last = SubElement(actions, "a", {"class": "cl-report", "href": report, "rel": "noopener noreferrer"})
        last.text = strings["note_report"]
    last.tail = " "
    close_label = strings.text("note_close_label", n=number)
    close = SubElement(actions, "button", {"type": "button", "class": "cl-close", "aria-label": close_label})
    close.text = strings["note_close"]


def _link_verdict(verdict: Element, guide: str, strings: ReaderStrings) -> None:
    """The verdict's label becomes a link to its definition, which it carries as its description."""
    key = verdict.get("data-verdict", "")
    link = SubElement(verdict, "a", {
        "class": "cl-verdict-link", "href": f"{guide}#{VERDICT_ANCHOR}{key}", "title": strings[f"definition_{key}"],
    })  # fmt: skip
    link.text, verdict.text = verdict.text, None


def layer_bar(layers: Sequence[Layer], counts: Counter, guide: str = "", strings: ReaderStrings = ENGLISH) -> Element:
    """One switch per layer with notes on the page, in configuration order, with its note count;
    then a link to the page that explains the notes (`guide`), if there is one.

    The bar also carries what the script and print need to say, in the reader's language:
    `data-cl-strings` (JSON, from the catalogue's `script_` keys) and `data-cl-print`.
    """
    bar = Element("div", {
        "class": "cl-layers", "role": "group", "aria-labelledby": "cl-layers-label",
        "data-cl-strings": json.dumps(strings.script_strings("link"), ensure_ascii=False, separators=(",", ":")),
        "data-cl-print": strings["print_notes"],
    })  # fmt: skip
    bar.text = "\n"
    label = SubElement(bar, "span", {"class": "cl-layers-label", "id": "cl-layers-label"})
    label.text = strings["bar_label"]
    label.tail = "\n"
    for position, layer in enumerate(layers):
        if not counts.get(layer.key):
            continue
        attributes = {
            "type": "button", "class": "cl-switch", "aria-pressed": "true",
            "data-cl-layer-toggle": layer.key, "data-cl-color": str(position % PALETTE_SIZE + 1),
        }  # fmt: skip
        if layer.description:
            attributes["title"] = layer.description
        button = SubElement(bar, "button", attributes)
        name = SubElement(button, "span", {"class": "cl-switch-name"})
        name.text = layer.title
        name.tail = " "
        count = SubElement(button, "span", {"class": "cl-count"})
        count.text = str(counts[layer.key])
        hidden = SubElement(count, "span", {"class": "cl-sr"})
        hidden.text = " " + strings["bar_note" if counts[layer.key] == 1 else "bar_notes"]
        button.tail = "\n"
    if guide:
        link = SubElement(bar, "a", {"class": "cl-guide", "href": guide})
        link.text, link.tail = strings["bar_guide"], "\n"
    return bar
