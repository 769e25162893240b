"""Weaving notes into the element tree: `<mark>`s around quotes, `<aside>`s after blocks.

Marks are cut at element boundaries and around inline raw HTML, so they always
nest properly; a quote that crosses `<em>` or `<a>` becomes several marks with
the same `data-note`. Overlapping quotes nest. Each aside goes right after the
block that holds its quote (inside a list item, after a whole table or quotation),
and notes sharing a place keep the order of their quotes.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Sequence
from xml.etree.ElementTree import Element

from markdown.util import AtomicString

from .anchor import Placement
from .textmap import ATOM, BARRIER, BLOCK_TAGS, Slot, Unit

MarkFactory = Callable[[Placement], Element]

# A note on a block inside one of these goes after the whole container.
_WHOLE = ("table", "blockquote", "dl")
# A note on one of these goes inside it, after its own text.
_INSIDE = ("li",)


def _index(parent: Element, child: Element) -> int:
    for i, candidate in enumerate(parent):
        if candidate is child:
            return i
    raise ValueError("child not in parent")  # pragma: no cover - the tree is ours


def _like(original: str, text: str) -> str:
    # Code spans keep AtomicString so later processors leave their text alone.
    return AtomicString(text) if isinstance(original, AtomicString) else text


def _wrap(slot: Slot, start: int, end: int, marks: list[Element]) -> None:
    text = slot.get()
    outer = marks[0]
    inner = outer
    for mark in marks[1:]:
        inner.append(mark)
        inner = mark
    inner.text = _like(text, text[start:end])
    outer.tail = _like(text, text[end:]) or None
    before = _like(text, text[:start]) or None
    if slot.tail:
        assert slot.parent is not None
        slot.element.tail = before
        slot.parent.insert(_index(slot.parent, slot.element) + 1, outer)
    else:
        slot.element.text = before
        slot.element.insert(0, outer)


def mark_unit(unit: Unit, placements: Sequence[Placement], make_mark: MarkFactory) -> None:
    """Wrap the quoted passages of one unit in marks."""
    spans = []
    for placement in placements:
        start, end = unit.vis_span(placement.start, placement.end)
        spans.append((start, end, placement))
    bounds = sorted({b for start, end, _ in spans for b in (start, end)})
    runs: list[list] = []  # [slot, raw start, raw end, covering placements]
    ordered = sorted(spans, key=lambda x: (x[0], -x[1], x[2].note.order))
    for a, b in itertools.pairwise(bounds):
        cover = [p for s, e, p in ordered if s <= a and e >= b]
        if not cover:
            continue
        current: list | None = None
        for piece in unit.pieces_in(a, b):
            if piece.kind == BARRIER:
                if a < piece.vis_start < b:
                    current = None  # a mark never spans inline raw HTML
                continue
            if piece.vis_end <= a or piece.vis_start >= b:
                continue
            if piece.kind == ATOM:
                raw_s, raw_e = piece.raw_start, piece.raw_end
            else:
                raw_s = piece.raw_start + max(a - piece.vis_start, 0)
                raw_e = piece.raw_start + min(b, piece.vis_end) - piece.vis_start
            if current is not None and current[0] == piece.slot and current[2] == raw_s:
                current[2] = raw_e
            else:
                current = [piece.slot, raw_s, raw_e, cover]
                runs.append(current)
    # Right to left within each slot, so earlier offsets stay valid.
    for slot, raw_s, raw_e, cover in sorted(runs, key=lambda r: (r[0], -r[1])):
        if raw_e > raw_s:
            _wrap(unit.slots[slot], raw_s, raw_e, [make_mark(p) for p in cover])


def _insertion_point(unit: Unit) -> tuple[Element, Element, bool]:
    """(container, reference, inside): where the notes of a unit go."""
    chain = unit.ancestors + (unit.element,)
    for depth, element in enumerate(chain[1:], start=1):
        if element.tag in _WHOLE:
            return chain[depth - 1], element, False
    if unit.element.tag in _INSIDE:
        return unit.element, unit.element, True
    return chain[-2], unit.element, False


def place_notes(
    units: Sequence[Unit], placements: Sequence[Placement], make_note: Callable[[Placement], Element]
) -> None:
    """Insert each note's aside after the block that holds its quote."""
    groups: dict[tuple[int, int, bool], list[Placement]] = defaultdict(list)
    where: dict[tuple[int, int, bool], tuple[Element, Element, bool]] = {}
    for placement in placements:
        point = _insertion_point(units[placement.unit_index])
        key = (id(point[0]), id(point[1]), point[2])
        groups[key].append(placement)
        where[key] = point
    for key, group in groups.items():
        container, reference, inside = where[key]
        group.sort(key=lambda p: (p.unit_index, p.start, p.note.order))
        if inside:
            position = next((i for i, child in enumerate(container) if child.tag in BLOCK_TAGS), len(container))
        else:
            position = _index(container, reference) + 1
        for offset, placement in enumerate(group):
            aside = make_note(placement)
            aside.tail = "\n"
            container.insert(position + offset, aside)


def weave(
    units: Sequence[Unit],
    placements: Sequence[Placement],
    make_mark: MarkFactory,
    make_note: Callable[[Placement], Element],
) -> None:
    by_unit: dict[int, list[Placement]] = defaultdict(list)
    for placement in placements:
        by_unit[placement.unit_index].append(placement)
    for unit_index, group in by_unit.items():
        mark_unit(units[unit_index], group, make_mark)
    place_notes(units, placements, make_note)
