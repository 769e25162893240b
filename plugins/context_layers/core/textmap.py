"""The text of a page as a reader sees it, with a map back to the element tree.

A treeprocessor sees text that is not yet what the browser shows: entities and
inline HTML are stash placeholders (`\\x02wzxhzdk:N\\x03`), backslash escapes are
`\\x02NN\\x03`, and code text keeps `&lt;`-style entities. This module turns each
block of the tree into one visible string, remembers for every visible character
the text slot (an element's `text` or `tail`) and the offset it came from, and
normalises the string for matching (whitespace collapsed; curly and straight
quotes, apostrophes and dashes made equal; Arabic vowel marks and tatweel set aside)
with a second map back.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from markdown import Markdown

# Elements that start a new block; everything else is inline content of its block.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption dd details dialog div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section summary table tbody td tfoot th thead "
    "tr ul".split()
)
SKIP_TAGS = frozenset({"script", "style", "template", "math", "svg"})

# Block separator inside a unit's visible text (a block nested in a list item),
# and unit separator in a page's normalised text: neither survives in a quote.
BLOCK_SEP = "\x1f"
UNIT_SEP = "\x1e"

_PLACEHOLDER = re.compile(
    r"\x02wzxhzdk:(\d+)\x03|\x02(\d+)\x03|\x02[^\x02\x03]*\x03|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);"
)
_ENTITY = re.compile(r"^&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);$")

TEXT, ATOM, BARRIER = 0, 1, 2


@dataclass(slots=True)
class Slot:
    """A piece of tree text: `element.text` (tail=False) or `element.tail`."""

    element: Element
    tail: bool
    parent: Element | None  # for a tail: the element that holds `element`

    def get(self) -> str:
        return (self.element.tail if self.tail else self.element.text) or ""


@dataclass(slots=True)  # slots: a 100,000-word page has tens of thousands of pieces (half the memory)
class Piece:
    """A run of visible text taken from one slot.

    TEXT pieces can be cut anywhere; an ATOM (an entity or escape) is taken whole;
    a BARRIER (inline raw HTML) has no visible text and a mark never spans it.
    """

    vis_start: int
    vis_end: int
    slot: int
    raw_start: int
    raw_end: int
    kind: int


@dataclass(slots=True)
class Unit:
    """One block of the page (paragraph, heading, list item, cell...)."""

    element: Element
    ancestors: tuple[Element, ...]
    slots: list[Slot] = field(default_factory=list)
    pieces: list[Piece] = field(default_factory=list)
    visible: str = ""
    normal: str = ""
    # (norm_start, vis_start, vis_end, verbatim) per normalisation segment
    _segments: list[tuple[int, int, int, bool]] = field(default_factory=list)
    _seg_starts: list[int] = field(default_factory=list)
    _piece_starts: list[int] = field(default_factory=list)

    def vis_span(self, start: int, end: int) -> tuple[int, int]:
        """Visible [start, end) for a normalised [start, end) (end > start)."""
        return self._to_vis(start, False), self._to_vis(end - 1, True)

    def _to_vis(self, index: int, end: bool) -> int:
        seg = self._segments[bisect_right(self._seg_starts, index) - 1]
        norm_start, vis_start, vis_end, verbatim = seg
        if verbatim:
            return vis_start + (index - norm_start) + (1 if end else 0)
        return vis_end if end else vis_start

    def pieces_in(self, start: int, end: int) -> Iterator[Piece]:
        first = max(bisect_right(self._piece_starts, start) - 1, 0)
        for piece in self.pieces[first:]:
            if piece.vis_start >= end and piece.vis_end > piece.vis_start:
                break
            yield piece


def _visible_of_stash(md: Markdown, index: int) -> tuple[str, int]:
    blocks = md.htmlStash.rawHtmlBlocks
    if 0 <= index < len(blocks):
        raw = blocks[index]
        if isinstance(raw, str) and _ENTITY.match(raw.strip()):
            return html.unescape(raw.strip()), ATOM
    return "", BARRIER


def _scan_slot(md: Markdown, text: str, slot_index: int, unit: Unit, out: list[str], pos: int) -> int:
    last = 0
    for match in _PLACEHOLDER.finditer(text):
        if match.start() > last:
            chunk = text[last : match.start()]
            out.append(chunk)
            unit.pieces.append(Piece(pos, pos + len(chunk), slot_index, last, match.start(), TEXT))
            pos += len(chunk)
        token = match.group(0)
        if match.group(1) is not None:
            visible, kind = _visible_of_stash(md, int(match.group(1)))
        elif match.group(2) is not None:
            visible, kind = chr(int(match.group(2))), ATOM
        elif token.startswith("&"):
            visible, kind = html.unescape(token), ATOM
        else:
            visible, kind = "", BARRIER
        out.append(visible)
        unit.pieces.append(Piece(pos, pos + len(visible), slot_index, match.start(), match.end(), kind))
        pos += len(visible)
        last = match.end()
    if last < len(text):
        chunk = text[last:]
        out.append(chunk)
        unit.pieces.append(Piece(pos, pos + len(chunk), slot_index, last, len(text), TEXT))
        pos += len(chunk)
    return pos


def collect_units(md: Markdown, root: Element) -> list[Unit]:
    """Every block of the tree that holds inline text, in document order."""
    units: list[Unit] = []

    def walk(element: Element, ancestors: tuple[Element, ...]) -> None:
        unit = Unit(element, ancestors)
        out: list[str] = []
        pos = 0
        block_children: list[Element] = []

        def add(slot: Slot) -> None:
            nonlocal pos
            text = slot.get()
            if text:
                unit.slots.append(slot)
                pos = _scan_slot(md, text, len(unit.slots) - 1, unit, out, pos)

        def inline(node: Element) -> None:
            nonlocal pos
            for child in node:
                if not isinstance(child.tag, str) or child.tag in SKIP_TAGS:
                    pass
                elif child.tag in BLOCK_TAGS:
                    block_children.append(child)
                    out.append(BLOCK_SEP)
                    pos += 1
                else:
                    add(Slot(child, False, node))
                    inline(child)
                add(Slot(child, True, node))

        add(Slot(element, False, None))
        inline(element)
        unit.visible = "".join(out)
        if unit.visible.strip(" \t\n\r" + BLOCK_SEP):
            _normalise(unit)
            unit._piece_starts = [p.vis_start for p in unit.pieces]
            units.append(unit)
        for child in block_children:
            walk(child, ancestors + (element,))

    for child in root:
        if isinstance(child.tag, str) and child.tag not in SKIP_TAGS:
            walk(child, (root,))
    return units


# Characters that differ between what a contributor types and what a page shows.
_SPACES = "\t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Arabic vowel marks (tashkeel) and tatweel: optional in writing, so a quote matches with or
# without them. Not maddah and hamza (U+0653-U+0655), which are parts of letters.
_ARABIC_MARKS = "\u0640\u064b-\u0652\u0656-\u065f\u0670"
_ARABIC_LETTERS = (
    "\u0621-\u063f\u0641-\u064a\u0653-\u0655\u0671-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc"
)
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SQUOTES = "\u2018\u2019\u201a\u201b\u2032\u02bc`\u00b4"
_DQUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# Every character a replacement can start with, looked ahead for first: most characters start
# none, and one class test rejects them (four times faster than trying each choice in turn).
_STARTS = f" {_SPACES}\\-{_DASHES}{_SQUOTES}{_DQUOTES}.\u2026{_INVISIBLE}{_ARABIC_LETTERS}{_ARABIC_MARKS}"
_CHOICES = (
    rf"(?P<space>[ {_SPACES}]{{2,}}|[{_SPACES}])"
    rf"|(?P<dash>[-{_DASHES}]{{2,}}|[{_DASHES}])"
    rf"|(?P<squote>[{_SQUOTES}])"
    rf"|(?P<dquote>[{_DQUOTES}])"
    r"|(?P<ellipsis>\.\.\.|\u2026)"
    rf"|(?P<invisible>[{_INVISIBLE}])"
    rf"|(?P<marked>[{_ARABIC_LETTERS}][{_ARABIC_MARKS}]+)"
    rf"|(?P<marks>[{_ARABIC_MARKS}]+)"
)
_NORMALISE = re.compile(rf"(?=[{_STARTS}])(?:{_CHOICES})")
_REPLACEMENT = {
    "space": " ", "dash": "-", "squote": "'", "dquote": '"', "ellipsis": "\u2026", "invisible": "", "marks": "",
}  # fmt: skip


def _replacement(match: re.Match[str]) -> str:
    # A letter keeps its marks in the map (one segment), so a mark never splits a letter from its vowels.
    return match.group()[0] if match.lastgroup == "marked" else _REPLACEMENT[match.lastgroup or "space"]


def matching_rules() -> dict[str, object]:
    """How text is matched, for a script that must agree with the engine (the proposal form):
    the tags that end a block, and the normalisation as a JavaScript pattern whose named groups
    become `as[group]` (null: the match's first character, a letter without its marks)."""
    return {
        "blocks": sorted(BLOCK_TAGS),
        # ASCII only (every character outside it as \uXXXX), so no HTML or JSON step can change it
        "pattern": re.sub(r"[^ -~]", lambda c: f"\\u{ord(c[0]):04x}", _NORMALISE.pattern).replace("(?P<", "(?<"),
        "as": {**_REPLACEMENT, "marked": None},
    }


def normalise(text: str) -> str:
    """The matching form of a string, without a map (for quotes, prefixes, suffixes)."""
    return _NORMALISE.sub(_replacement, text)


def _normalise(unit: Unit) -> None:
    text = unit.visible
    parts: list[str] = []
    segments: list[tuple[int, int, int, bool]] = []
    norm = 0
    last = 0
    for match in _NORMALISE.finditer(text):
        if match.start() > last:
            segments.append((norm, last, match.start(), True))
            parts.append(text[last : match.start()])
            norm += match.start() - last
        replacement = _replacement(match)
        if replacement:
            segments.append((norm, match.start(), match.end(), False))
            parts.append(replacement)
            norm += len(replacement)
        last = match.end()
    if last < len(text):
        segments.append((norm, last, len(text), True))
        parts.append(text[last:])
        norm += len(text) - last
    segments.append((norm, len(text), len(text), False))  # sentinel for end positions
    unit.normal = "".join(parts)
    unit._segments = segments
    unit._seg_starts = [s[0] for s in segments]
