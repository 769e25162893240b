"""Anchoring: find where each note's quote stands in a page.

The page's units (blocks) are normalised and joined with a separator no quote can
contain, so a quote never crosses a block boundary. Matching is exact first, with
`prefix` and `suffix` choosing among repeats; a quote that is not found exactly
but has one clear near match is placed there with a warning; otherwise it is an
error that shows the closest passage.

Cost is linear in the length of the page: one word index is built per page, and
each quote is checked only where its rarest inner word occurs.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .diagnostics import Diagnostics
from .load import LoadedNote
from .textmap import UNIT_SEP, Unit, normalise

NEAR_MATCH = 90.0  # % similarity for a quote that was edited but is still recognisable
CLEAR_MARGIN = 4.0  # the next candidate must be at least this much worse
_WORD = re.compile(r"[^ \x1e\x1f]+")


@dataclass
class Placement:
    """A note placed on one unit, at normalised [start, end) of the unit's text."""

    note: LoadedNote
    unit_index: int
    start: int
    end: int


@dataclass
class Problem:
    """An anchoring problem for one note (becomes a diagnostic at its quote)."""

    note: LoadedNote
    error: bool
    message: str
    hint: str


class PageText:
    """The normalised text of a page, indexed for fast quote lookup."""

    def __init__(self, units: Sequence[Unit]) -> None:
        self.units = units
        self.text = UNIT_SEP.join(unit.normal for unit in units)
        self.starts: list[int] = []
        offset = 0
        for unit in units:
            self.starts.append(offset)
            offset += len(unit.normal) + 1
        self._index: dict[str, list[int]] | None = None

    @property
    def index(self) -> dict[str, list[int]]:
        if self._index is None:
            index: dict[str, list[int]] = defaultdict(list)
            for match in _WORD.finditer(self.text):
                index[match.group()].append(match.start())
            self._index = index
        return self._index

    def locate(self, offset: int) -> tuple[int, int]:
        """(unit index, offset in that unit's normalised text) for a page offset."""
        unit = bisect_right(self.starts, offset) - 1
        return unit, offset - self.starts[unit]

    def find_all(self, quote: str) -> list[int]:
        """Every page offset where `quote` (normalised) starts, in order."""
        words = list(_WORD.finditer(quote))
        if len(words) >= 3:
            # Inner words are whole words of the page wherever the quote occurs.
            index = self.index
            best = min(words[1:-1], key=lambda w: len(index.get(w.group(), ())))
            found = []
            for position in index.get(best.group(), ()):
                start = position - best.start()
                if start >= 0 and self.text.startswith(quote, start):
                    found.append(start)
            return found
        found, start = [], self.text.find(quote)
        while start != -1:
            found.append(start)
            start = self.text.find(quote, start + 1)
        return found

    def context(self, offset: int, length: int, width: int = 40) -> str:
        """The quote in its surroundings, for messages: «…before [quote] after…»."""
        unit_index, local = self.locate(offset)
        text = self.units[unit_index].normal
        before = text[max(0, local - width) : local]
        after = text[local + length : local + length + width]
        return f"…{before.lstrip()}[{text[local : local + length]}]{after.rstrip()}…".replace("\x1f", " ")


def _matches_context(page: PageText, start: int, end: int, prefix: str, suffix: str) -> bool:
    if prefix:
        window = page.text[max(0, start - len(prefix) - 4) : start].rstrip()
        if not window.endswith(prefix.strip()):
            return False
    if suffix:
        window = page.text[end : end + len(suffix) + 4].lstrip()
        if not window.startswith(suffix.strip()):
            return False
    return True


def anchor_notes(units: Sequence[Unit], notes: Sequence[LoadedNote]) -> tuple[list[Placement], list[Problem]]:
    """Place every note on the page, or explain why it cannot be placed."""
    page = PageText(units)
    placements: list[Placement] = []
    problems: list[Problem] = []
    for loaded in notes:
        note = loaded.note
        quote = normalise(note.quote).strip()
        prefix = normalise(note.prefix or "")
        suffix = normalise(note.suffix or "")
        found = page.find_all(quote)
        chosen = [s for s in found if _matches_context(page, s, s + len(quote), prefix, suffix)]
        if len(chosen) == 1:
            unit_index, local = page.locate(chosen[0])
            placements.append(Placement(loaded, unit_index, local, local + len(quote)))
        elif len(chosen) > 1:
            listing = "\n".join(f"{i}. {page.context(s, len(quote))}" for i, s in enumerate(chosen, 1))
            problems.append(
                Problem(
                    loaded,
                    True,
                    f"the quote occurs {len(chosen)} times in {loaded.page}",
                    f"add a `prefix:` (text just before) or `suffix:` (text just after) to pick one:\n{listing}",
                )
            )
        elif found:
            listing = "\n".join(f"{i}. {page.context(s, len(quote))}" for i, s in enumerate(found, 1))
            problems.append(
                Problem(
                    loaded,
                    True,
                    f"the quote occurs {len(found)} time{'s' * (len(found) > 1)} in {loaded.page}, but never with "
                    "this prefix/suffix",
                    f"fix `prefix`/`suffix` to the text around one of these:\n{listing}",
                )
            )
        else:
            outcome = _near_match(page, loaded, quote)
            if isinstance(outcome, Placement):
                placements.append(outcome)
                unit = units[outcome.unit_index]
                current = unit.normal[outcome.start : outcome.end]
                problems.append(
                    Problem(
                        loaded,
                        False,
                        f"the quote was not found exactly in {loaded.page}; the note is placed on the closest passage",
                        f"the page now reads: {current!r}\npaste that as the quote if it is the passage you mean",
                    )
                )
            else:
                problems.append(outcome)
    return placements, problems


def _near_match(page: PageText, loaded: LoadedNote, quote: str) -> Placement | Problem:
    units = page.units
    if not units:
        return Problem(
            loaded, True, f"the quote was not found: {loaded.page} has no text", "check the `page` of this file"
        )
    across = page.text.replace(UNIT_SEP, " ").replace("\x1f", " ").find(quote)
    if across != -1:
        unit_index, local = page.locate(across)
        return Problem(
            loaded,
            True,
            f"the quote crosses a block boundary in {loaded.page} (two paragraphs, list items or cells)",
            "a note attaches to one block: shorten the quote to a part of "
            f"{units[unit_index].normal[local:].strip()[:80]!r}",
        )
    candidates = process.extract(
        quote, [unit.normal for unit in units], scorer=fuzz.partial_ratio, limit=3, score_cutoff=50
    )
    if not candidates:
        candidates = [(None, 0.0, 0)]
    aligned = [(0.0, 0, 0, 0)]
    for _, _, unit_index in candidates:
        alignment = fuzz.partial_ratio_alignment(quote, units[unit_index].normal)
        if alignment is not None:
            aligned.append((alignment.score, unit_index, alignment.dest_start, alignment.dest_end))
    aligned.sort(key=lambda a: -a[0])
    score, unit_index, start, end = aligned[0]
    text = units[unit_index].normal
    start, end = _widen_to_words(text, start, end)
    clear = len(aligned) == 1 or aligned[1][0] <= score - CLEAR_MARGIN
    if score >= NEAR_MATCH and clear and end > start:
        return Placement(loaded, unit_index, start, end)
    if score < 60:
        return Problem(
            loaded,
            True,
            f"the quote was not found in {loaded.page}, and nothing on the page resembles it",
            "check `page:` at the top of the file, and copy the passage from the page as a reader sees it",
        )
    closest = text[start:end].replace("\x1f", " ")
    why = " (several passages are equally close)" if score >= NEAR_MATCH else ""
    return Problem(
        loaded,
        True,
        f"the quote was not found in {loaded.page}{why}",
        f"the closest passage ({score:.0f}% similar) is: {closest!r}\ncopy the passage from the page as a reader "
        "sees it",
    )


def _widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and end > 0 and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    while start < end and text[start] in " \x1f":
        start += 1
    while end > start and text[end - 1] in " \x1f":
        end -= 1
    return start, end


def problem_diagnostics(problems: Sequence[Problem]) -> Diagnostics:
    """Anchoring problems as diagnostics at each note's `quote`."""
    diagnostics = Diagnostics()
    for problem in problems:
        line, col = problem.note.at("quote")
        add = diagnostics.error if problem.error else diagnostics.warning
        add(problem.note.file, line, col, problem.message, problem.hint)
    return diagnostics
