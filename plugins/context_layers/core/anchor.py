"""Anchoring: find where each note's quote stands in a page.

The page's units (blocks) are normalised and joined with a separator no quote can
contain, so a quote never crosses a block boundary. Matching is exact first, with
`prefix` and `suffix` choosing among repeats. A quote that is not found exactly is
placed with a warning only on a near match that covers about the same words: one
block's passage from a whole word to a whole word, NEAR_LENGTH of the quote's length
or more (and at most its inverse), NEAR_MATCH % similar or more, CLEAR_MARGIN points
ahead of any other passage, and in a heading only if no other block reaches
NEAR_MATCH. Anything else is an error that lists the closest passages and where they
are: a note never lands silently on other words (tests/test_near_matches.py holds the
measurements behind the numbers).

Cost is linear in the length of the page: one word index is built per page (of the
words the quotes look up), and each quote is checked only where its rarest inner word
occurs. A quote that is not found is compared word window by word window with the few
blocks that resemble it.
"""

from __future__ import annotations

import math
import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from .catalog import LoadedNote
from .diagnostics import Diagnostics
from .textmap import BLOCK_SEP, UNIT_SEP, Unit, normalise

# A near match (README, "Anchoring"; the measurements are in tests/test_near_matches.py):
INDEX_ABOVE = 5_000_000  # notes x characters of the page beyond which quotes are found through a word index
NEAR_MATCH = 85.0  # % similarity (fuzz.ratio) of the quote and the passage, both normalised
NEAR_LENGTH = 0.8  # the passage is 80 % to 125 % (1 / 0.8) of the quote's length, in characters
CLEAR_MARGIN = 4.0  # every other passage must be at least this much less similar
RESEMBLES = 60.0  # below this similarity a passage is not worth showing
SHOWN = 3  # closest passages listed in an error
_WORD = re.compile(r"[^ \x1e\x1f]+")
_TOKEN = re.compile(r"[^ ]+")
_WORD_CORE = re.compile(r"[^\W_](?:.*[^\W_])?")  # from a token's first letter or digit to its last
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_KINDS = {"p": "paragraph", "li": "list item", "td": "table cell", "th": "table cell", "dt": "term", "dd": "definition"}


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

    def __init__(self, units: Sequence[Unit], quotes: Iterable[str] | None = None) -> None:
        self.units = units
        self.text = UNIT_SEP.join(unit.normal for unit in units)
        self.starts: list[int] = []
        offset = 0
        for unit in units:
            self.starts.append(offset)
            offset += len(unit.normal) + 1
        # The words the index holds: those inside the given (normalised) quotes; every word without them.
        self._wanted = None if quotes is None else {word for quote in quotes for word in _inner_words(quote)}
        self._index: dict[str, array[int]] | None = None

    @property
    def index(self) -> dict[str, array[int]]:
        """Where each word starts (of the words wanted). A big page has 100,000 words: the positions
        are kept in arrays (4 bytes each, not a 36-byte number in a list)."""
        if self._index is None:
            index: dict[str, array[int]] = {}
            wanted = self._wanted
            for match in _WORD.finditer(self.text):
                word = match.group()
                if wanted is None or word in wanted:
                    positions = index.get(word)
                    if positions is None:
                        positions = index[word] = array("I")
                    positions.append(match.start())
            self._index = index
        return self._index

    def locate(self, offset: int) -> tuple[int, int]:
        """(unit index, offset in that unit's normalised text) for a page offset."""
        unit = bisect_right(self.starts, offset) - 1
        return unit, offset - self.starts[unit]

    def find_all(self, quote: str, indexed: bool = True) -> list[int]:
        """Every page offset where `quote` (normalised) starts, in order; through the word index, or
        (`indexed=False`) by scanning the text, which is faster while the page is short or the quotes few."""
        words = list(_WORD.finditer(quote)) if indexed else []
        wanted = self._wanted
        if len(words) >= 3 and (wanted is None or all(word.group() in wanted for word in words[1:-1])):
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


def _inner_words(quote: str) -> list[str]:
    """The words of a quote that are whole words of the page wherever it occurs (all but the ends)."""
    words = _WORD.findall(quote)
    return words[1:-1] if len(words) >= 3 else []


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
    page = PageText(units, [normalise(loaded.note.quote).strip() for loaded in notes])
    # Indexing every word costs about as much as scanning the text a few dozen times.
    indexed = len(notes) * len(page.text) > INDEX_ABOVE
    placements: list[Placement] = []
    problems: list[Problem] = []
    for loaded in notes:
        note = loaded.note
        quote = normalise(note.quote).strip()
        prefix = normalise(note.prefix or "")
        suffix = normalise(note.suffix or "")
        found = page.find_all(quote, indexed)
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
            placement, problem = _near_match(page, loaded, quote)
            placements.extend([placement] if placement else [])
            problems.append(problem)
    return placements, problems


@dataclass(frozen=True)
class Candidate:
    """A passage of one block that resembles a quote: normalised [start, end) of the unit's text."""

    # fuzz.ratio: 2 x (characters in common, in order) / (both lengths), in %; shown rounded down,
    # so that a passage shown as 85% similar is one that may be placed
    score: float
    unit_index: int
    start: int
    end: int


def near_candidates(page: PageText, quote: str, limit: int = SHOWN + 1, headings: bool = True) -> list[Candidate]:
    """The passages of the page most similar to `quote`, best first, no two overlapping.

    A passage lies inside one block (a heading only if `headings`), starts and ends at word boundaries
    (punctuation around a word may be left out) and is half to one and a half times the quote's length:
    wider than a near match may be, so that an error can show a passage shortened or lengthened too much.
    """
    from rapidfuzz import fuzz, process  # only for a quote not found as written: most builds never load it

    size = len(quote)
    shortest, longest = max(1, size // 2), size * 3 // 2 + 1
    texts = {
        i: unit.normal
        for i, unit in enumerate(page.units)
        if len(unit.normal) >= shortest and (headings or _kind(unit) != "heading")
    }
    # A cheap first pass keeps the few blocks that resemble the quote at all; only they are searched word by word.
    # partial_ratio scores a quote-length slice, not a passage: ten points of slack keep edited passages in.
    blocks = process.extract(quote, texts, scorer=fuzz.partial_ratio, limit=8, score_cutoff=RESEMBLES - 10)
    found = []
    for _, _, unit_index in blocks:
        text = texts[unit_index]
        for start, end in _windows(text, shortest, longest):
            score = fuzz.ratio(quote, text[start:end], score_cutoff=RESEMBLES)
            if score:
                found.append(Candidate(score, unit_index, start, end))
    # Of overlapping passages, the most similar one stands for its place; then the one nearest the quote's length.
    found.sort(key=lambda c: (-c.score, abs(c.end - c.start - size), c.unit_index, c.start))
    kept: list[Candidate] = []
    for candidate in found:
        if all(
            c.unit_index != candidate.unit_index or c.end <= candidate.start or candidate.end <= c.start for c in kept
        ):
            kept.append(candidate)
            if len(kept) == limit:
                break
    return kept


def _windows(text: str, shortest: int, longest: int) -> Iterator[tuple[int, int]]:
    """Every [start, end) of `text` from the start of a word to the end of a word, within one block
    (a nested block is cut off by BLOCK_SEP), `shortest` to `longest` characters long."""
    offset = 0
    for segment in text.split(BLOCK_SEP):
        starts, ends = set(), set()
        for token in _TOKEN.finditer(segment):
            # `"took` may start at `"` or at `t`, `battlefield."` end after `d` or after `"`: never inside a word.
            word = _WORD_CORE.search(token.group())
            starts.update((token.start(), token.start() + (word.start() if word else 0)))
            ends.update((token.end(), token.start() + (word.end() if word else len(token.group()))))
        ordered = sorted(ends)
        for start in sorted(starts):
            for end in ordered[bisect_left(ordered, start + shortest) : bisect_right(ordered, start + longest)]:
                yield offset + start, offset + end
        offset += len(segment) + 1


def _refusal(page: PageText, quote: str, candidates: Sequence[Candidate]) -> str | None:
    """Why the closest passage may not carry the note, or None when it is one clear near match."""
    best, size = candidates[0], len(quote)
    length = best.end - best.start
    if best.score < NEAR_MATCH:
        return f"the closest passage is {int(best.score)}% similar; a near match needs {NEAR_MATCH:.0f}%"
    if not NEAR_LENGTH * size <= length <= size / NEAR_LENGTH:
        share = 100 * length / size
        shown = math.floor(share) if length < size else math.ceil(share)  # never rounded into the allowed range
        return (
            f"the closest passage is {shown}% of the quote's length; "
            f"a near match is {NEAR_LENGTH:.0%} to {1 / NEAR_LENGTH:.0%} of it"
        )
    if len(candidates) > 1 and candidates[1].score > best.score - CLEAR_MARGIN:
        return "several passages are equally close"
    # A heading is short and repeats words of the text below it: it is used only when no other block reaches
    # the threshold, so a paragraph's quote never lands on a heading while its own paragraph is still close.
    if _kind(page.units[best.unit_index]) == "heading" and any(
        c.score >= NEAR_MATCH for c in near_candidates(page, quote, limit=1, headings=False)
    ):
        return "the closest passage is a heading, and a passage of the text is close too"
    return None


def _near_match(page: PageText, loaded: LoadedNote, quote: str) -> tuple[Placement | None, Problem]:
    """A clear near match (placed, with a warning that gives the passage to paste), or an error."""
    units = page.units
    if not units:
        return None, Problem(
            loaded, True, f"the quote was not found: {loaded.page} has no text", "check the `page` of this file"
        )
    across = page.text.replace(UNIT_SEP, " ").replace(BLOCK_SEP, " ").find(quote)
    if across != -1:
        unit_index, local = page.locate(across)
        return None, Problem(
            loaded,
            True,
            f"the quote crosses a block boundary in {loaded.page} (two paragraphs, list items or cells)",
            "a note attaches to one block: shorten the quote to a part of "
            f"{units[unit_index].normal[local:].strip()[:80]!r}",
        )
    candidates = near_candidates(page, quote)
    if not candidates:
        return None, Problem(
            loaded,
            True,
            f"the quote was not found in {loaded.page}, and nothing on the page resembles it",
            "check `page:` at the top of the file, and copy the passage from the page as a reader sees it",
        )
    refusal = _refusal(page, quote, candidates)
    if refusal is None:
        best = candidates[0]
        current = units[best.unit_index].normal[best.start : best.end]
        return Placement(loaded, best.unit_index, best.start, best.end), Problem(
            loaded,
            False,
            f"the quote was not found exactly in {loaded.page}; the note is placed on the closest passage "
            f"({int(best.score)}% similar)",
            f"the page now reads: {current!r}\npaste that as the quote if it is the passage you mean",
        )
    listing = "\n".join(
        f"{i}. {int(c.score)}% similar, {_where(page, c.unit_index)}: "
        f"{page.context(page.starts[c.unit_index] + c.start, c.end - c.start)}"
        for i, c in enumerate(candidates[:SHOWN], 1)
    )
    return None, Problem(
        loaded,
        True,
        f"the quote was not found in {loaded.page} ({refusal})",
        f"the closest passages:\n{listing}\ncopy the passage you mean from the page as a reader sees it",
    )


def _kind(unit: Unit) -> str:
    tag = unit.element.tag
    return "heading" if tag in _HEADINGS else _KINDS.get(tag, "block")


def _where(page: PageText, unit_index: int) -> str:
    """Where a block is, for a contributor reading an error: `paragraph 12 under 'White Helmets'`."""
    units = page.units
    kind = _kind(units[unit_index])
    number = sum(1 for unit in units[: unit_index + 1] if _kind(unit) == kind)
    section = next((unit for unit in reversed(units[:unit_index]) if _kind(unit) == "heading"), None)
    if section is None or kind == "heading":
        return f"{kind} {number}"
    title = section.normal.replace(BLOCK_SEP, " ")
    return f"{kind} {number} under {title if len(title) <= 40 else title[:39] + '…'!r}"


def problem_diagnostics(problems: Sequence[Problem]) -> Diagnostics:
    """Anchoring problems as diagnostics at each note's `quote`."""
    diagnostics = Diagnostics()
    for problem in problems:
        line, col = problem.note.at("quote")
        add = diagnostics.error if problem.error else diagnostics.warning
        add(problem.note.file, line, col, problem.message, problem.hint)
    return diagnostics
