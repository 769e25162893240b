"""Near matches that never mislead (core/anchor.py; README, "Anchoring").

A quote that is not found exactly is placed, with a warning, on a passage that
- lies inside one block (never across blocks, nor across a block nested in a list item),
- starts and ends at word boundaries (punctuation around the first or last word may be left out),
- is 80 % to 125 % of the quote's length, in characters of the normalised text,
- is at least 85 % similar to the quote (rapidfuzz's `fuzz.ratio`: twice the characters the two have
  in common, in order, over both lengths added; one word changed in ten is about 92 %),
- is at least 4 points more similar than any other passage of the page,
- is in a heading only if no passage of any other block reaches 85 %.
Anything else is an error that lists the closest passages, each with its block and section.

Why 85 %, measured on the flagship (docs/world/idlib-raid.md and its 55 notes): each kind of edit made
to the ARTICLE's text at every word of every quote's passage (2,258 edited articles), and the article
anchored again. "Placed" is the share of the edits that no longer matched exactly; "misplaced" counts
placements in another block, beside the edited passage, or on less than 80 % of the quote. "Before" is
the matcher this rule replaced (90 %, no length rule), which put notes on the heading "Idlib", as the
issue reported, and on other fragments.

    edit of the passage           edits  similarity     placed at            misplaced
                                         min / median   80 % / 85 % / 90 %   now / before
    one word changed                509    72 / 92      96 % / 94 % / 80 %    0 / 82
      in quotes of 4-7 words         76    72 / 87      86 % / 68 % / 42 %    0 / 2
      in quotes of 8-10 words       209    84 / 92      97 % / 97 % / 78 %    0 / 38
      in quotes of 11-14 words      224    86 / 93     100 % / 100 % / 94 %   0 / 42
    a word removed                  510    75 / 95      93 % / 93 % / 90 %    0 / 77
    a word added                    454    78 / 94      98 % / 98 % / 97 %    0 / 78
    a typo (two letters swapped)    273    96 / 98     100 % / 100 % / 100 %  0 / 0
    two words swapped               455    71 / 93      96 % / 95 % / 84 %    0 / 79

With each quote's passage deleted from the article, the most similar passage left on the page is 74 %
similar (and at most 67 % on the site's other pages, leaving out the sentences they quote from it): that
is the noise a near match must stay above. 85 % keeps eleven points over it and still places 93-100 % of the single
edits; 90 % would refuse one in five one-word changes (in quotes of 8-10 words too); 80 % gains only short
quotes, six points from the noise. Short quotes are where one edit weighs most: a changed word in a quote
of 4-7 words is an error one time in three, which is the safe side. The tests below run the real edits
of REAL_EDITS and, for speed, the generated edits at the first, middle and last word of every quote
(`pytest tests/test_near_matches.py -s` prints their table).
"""

from __future__ import annotations

import ast
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from context_layers.core.anchor import NEAR_LENGTH, NEAR_MATCH, PageText, anchor_notes, near_candidates
from context_layers.core.frontmatter import FRONT_MATTER
from context_layers.core.pages import PageResult, anchor_page
from context_layers.core.textmap import BLOCK_SEP, normalise
from helpers import ARTICLE
from helpers import flagship as flagship_site
from test_anchor import note, units_of

HINT = re.compile(r"the page now reads: (.+)\npaste that as the quote", re.S)


@cache
def flagship():
    """(markdown extensions and their configs, the article's notes by id, the article's text)."""
    config, catalog = flagship_site()
    notes = {loaded.note.id: loaded for loaded in catalog.for_page(ARTICLE)}
    text = (Path(config.docs_dir) / ARTICLE).read_text(encoding="utf-8")
    return (config.markdown_extensions, config.mdx_configs), notes, text


@cache
def home_blocks() -> dict[str, int]:
    """The block each note of the unedited article is placed in."""
    extensions, notes, text = flagship()
    result = anchor_page(ARTICLE, text, list(notes.values()), *extensions)
    assert not result.diagnostics.sorted(), "the flagship must anchor exactly before it is edited"
    return {placement.note.note.id: placement.unit_index for placement in result.placements}


def edit_article(note_id: str, passage: str) -> tuple[PageResult, str]:
    """The flagship anchored with the note's passage in the article replaced by `passage` (the note unchanged)."""
    extensions, notes, text = flagship()
    quote = notes[note_id].note.quote
    at = text.index(quote, FRONT_MATTER.match(text).end())  # the body's passage, not the title in front matter
    edited = text[:at] + passage + text[at + len(quote) :]
    return anchor_page(ARTICLE, edited, [notes[note_id]], *extensions), quote


def outcome(result: PageResult, note_id: str, quote: str, passage: str) -> str:
    """The outcome of an edit, "exact", "error" or "placed", after checking every guarantee of a placement."""
    diagnostics = result.diagnostics.sorted()
    if not diagnostics:
        return "exact"
    (diagnostic,) = diagnostics
    if diagnostic.severity.value == "error":
        assert not result.placements
        return "error"
    (placement,) = result.placements
    text = result.units[placement.unit_index].normal
    placed = text[placement.start : placement.end]
    size = len(normalise(quote).strip())
    assert placement.unit_index == home_blocks()[note_id], f"{quote!r} placed in another block: {placed!r}"
    assert NEAR_LENGTH * size <= len(placed) <= size / NEAR_LENGTH, f"{quote!r} placed on {placed!r}"
    assert BLOCK_SEP not in placed
    assert ast.literal_eval(HINT.search(diagnostic.hint).group(1)) == placed, "the hint is not the whole passage"
    assert not (placement.start > 0 and text[placement.start - 1].isalnum() and placed[0].isalnum()), placed
    assert not (placement.end < len(text) and text[placement.end].isalnum() and placed[-1].isalnum()), placed
    edited = text.find(normalise(passage))
    assert edited != -1 and placement.start < edited + len(normalise(passage)) and edited < placement.end, (
        f"{quote!r} placed beside its edited passage: {placed!r}"
    )
    return "placed"


# Real edits of the flagship's text: (kind, the note's quote, words before, words after, similarity %, outcome).
REAL_EDITS = [
    ("one word changed", "continuing their operations in Idlib with backing from the US and Europeans",
     "operations", "work", 93.1, "placed"),
    ("one word changed", "food prices double in a year", "double", "triple", 85.7, "placed"),
    ("one word changed", "won the Alternative Nobel Prize in 2016", "Alternative", "so-called", 78.9, "error"),
    ("a word added", "six children and four women were among 13 people killed", "among", "among the", 96.5,
     "placed"),
    ("a word added", "which Turkey backs the terrorists", "Turkey", "Turkey openly", 90.4, "placed"),
    ("a word removed", "the deaths of more than 1,000 civilians over the last decade", "last ", "", 95.7,
     "placed"),
    ("a word removed", "is a two-time award-winning journalist", "two-time ", "", 86.6, "error"),
    ("a typo", "Vanessa Beeley said in an interview in 2020", "Beeley", "Beely", 98.8, "placed"),
    ("a typo", "says Nur (not his real name)", "real", "rael", 96.4, "placed"),
    ("two words swapped", "leaving most of Idlib under the control of Al Qaeda", "most of Idlib", "of Idlib most",
     90.2, "placed"),
    ("two words swapped", "won the Alternative Nobel Prize in 2016", "Alternative Nobel", "Nobel Alternative", 84.6,
     "error"),
    ("a phrase reworded", "The group stole the name from the real group of the same name", "stole the name from the",
     "took its name from a", 89.1, "placed"),
    ("a heading's word changed", "Proves It Is an ISIS Headquarters", "Proves", "Shows", 89.2, "placed"),
]  # fmt: skip


def id_of(quote: str) -> str:
    (found,) = [i for i, loaded in flagship()[1].items() if loaded.note.quote == quote]
    return found


@pytest.mark.parametrize(("kind", "quote", "before", "after", "similarity", "expected"), REAL_EDITS)
def test_real_edits_of_the_flagship(kind, quote, before, after, similarity, expected):
    passage = quote.replace(before, after, 1)
    result, _ = edit_article(id_of(quote), passage)
    assert fuzz.ratio(quote, passage) == pytest.approx(similarity, abs=0.05)
    assert outcome(result, id_of(quote), quote, passage) == expected
    if expected == "placed":
        placement = result.placements[0]
        assert result.units[placement.unit_index].normal[placement.start : placement.end] == passage


def test_the_issue_case_is_placed_on_the_whole_edited_passage():
    quote = "continuing their operations in Idlib with backing from the US and Europeans"
    result, _ = edit_article(id_of(quote), quote.replace("operations", "work"))
    (warning,) = result.diagnostics.sorted()
    assert warning.severity.value == "warning" and "(93% similar)" in warning.message
    assert warning.hint.startswith(
        "the page now reads: 'continuing their work in Idlib with backing from the US and Europeans'\n"
    )


def test_a_deleted_passage_is_an_error_and_never_lands_on_a_heading():
    for note_id in flagship()[1]:
        result, quote = edit_article(note_id, "")
        assert outcome(result, note_id, quote, "") == "error", quote


KINDS = ("one word changed", "a word removed", "a word added", "a typo", "two words swapped")


def generated_edits(quote: str, vocabulary: list[str]) -> Iterator[tuple[str, str]]:
    """(kind, edited passage): each kind of edit at the first, middle and last word of `quote`."""
    words = quote.split(" ")
    rng = random.Random(quote)  # a str seed: the same substitutes on every run
    for i in sorted({0, len(words) // 2, len(words) - 1}):
        word = words[i]
        substitute = rng.choice([w for w in vocabulary if w != word.lower()])
        yield KINDS[0], " ".join([*words[:i], substitute, *words[i + 1 :]])
        if len(words) > 1:
            yield KINDS[1], " ".join(words[:i] + words[i + 1 :])
        yield KINDS[2], " ".join([*words[:i], rng.choice(vocabulary), *words[i:]])
        if word.isalpha() and len(word) >= 4:
            j = rng.randrange(1, len(word) - 2)
            yield KINDS[3], " ".join([*words[:i], word[:j] + word[j + 1] + word[j] + word[j + 2 :], *words[i + 1 :]])
        if i + 1 < len(words):
            yield KINDS[4], " ".join([*words[:i], words[i + 1], words[i], *words[i + 2 :]])


def test_generated_edits_of_every_flagship_quote_never_mislead():
    """Every edit gives an error or a placement in the quote's own block, on the edited passage, of 80-125 %
    of the quote's length, at word boundaries, whose hint is the whole placed passage (see `outcome`)."""
    _, notes, text = flagship()
    vocabulary = sorted(set(re.findall(r"\b[a-z]{3,}\b", text[FRONT_MATTER.match(text).end() :])))
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    similarity: dict[str, list[float]] = defaultdict(list)
    for note_id, loaded in notes.items():
        quote = loaded.note.quote
        for kind, passage in generated_edits(quote, vocabulary):
            if passage == quote:
                continue
            result, _ = edit_article(note_id, passage)
            tally[kind][outcome(result, note_id, quote, passage)] += 1
            similarity[kind].append(fuzz.ratio(normalise(quote), normalise(passage)))
    print(f"\nnear matches at {NEAR_MATCH:.0f}% on the flagship's edited passages (first, middle and last word):")
    for kind in KINDS:
        counts, scores = tally[kind], sorted(similarity[kind])
        edited = counts["placed"] + counts["error"]
        print(
            f"  {kind:18} {sum(counts.values()):4} edits, similarity {scores[0]:.0f}-{scores[-1]:.0f} %: "
            f"{counts['placed']} placed ({counts['placed'] / edited:.0%}), {counts['error']} errors, "
            f"{counts['exact']} still exact"
        )
    assert all(sum(tally[kind].values()) >= 100 for kind in KINDS if kind != "a typo")
    # One clear edit in a long quote is a warning, as the README promises: most edits must still be placed.
    assert sum(tally[kind]["placed"] for kind in KINDS) >= 0.85 * sum(
        tally[kind]["placed"] + tally[kind]["error"] for kind in KINDS
    )


# Synthetic pages: the guarantees one at a time.


def test_a_paragraph_quote_never_lands_on_a_heading_of_its_words():
    units = units_of("## Idlib\n\nThe White Helmets are continuing their work in Idlib with backing from the US.")
    placements, problems = anchor_notes(units, [note("continuing their operations in Idlib with backing from the US")])
    (placement,) = placements
    assert units[placement.unit_index].element.tag == "p" and not problems[0].error
    assert "'continuing their work in Idlib with backing from the US'" in problems[0].hint


def test_a_heading_is_used_only_when_no_other_block_is_close():
    text = "## The Russian-Turkish deal on Idlib\n\nMoscow and Ankara reached an agreement in September 2018."
    units = units_of(text)
    placements, problems = anchor_notes(units, [note("The Russian-Turkish deal in Idlib")])
    assert units[placements[0].unit_index].element.tag == "h2" and not problems[0].error
    units = units_of("## The raid on Atmeh was a success\n\nOfficials said the raid on Atmeh was not a success.")
    scores = [c.score for c in near_candidates(PageText(units), "The raid in Atmeh was a success")]
    assert scores[0] - scores[1] > 4 and scores[1] >= NEAR_MATCH  # the heading is clearly closer; the text is close
    placements, problems = anchor_notes(units, [note("The raid in Atmeh was a success")])
    assert placements == [] and problems[0].error
    assert "the closest passage is a heading, and a passage of the text is close too" in problems[0].message


def test_a_passage_shorter_than_80_percent_of_the_quote_is_an_error():
    units = units_of("Officials said that the raid was planned for months by the command.")
    quote = "the raid was planned for many long months"
    assert fuzz.ratio(quote, "the raid was planned for months") >= NEAR_MATCH  # similar enough, but too short
    placements, problems = anchor_notes(units, [note(quote)])
    assert placements == [] and problems[0].error
    assert "the closest passage is 75% of the quote's length; a near match is 80% to 125% of it" in problems[0].message
    assert "[the raid was planned for months]" in problems[0].hint


def test_an_error_lists_the_closest_passages_and_where_they_are():
    text = (
        "# Report\n\nIntro text.\n\n## Casualties\n\nThe UN said six children and four women were among the dead."
        "\n\nLater the UN said six children and four men were among the dead."
    )
    units = units_of(text)
    placements, problems = anchor_notes(units, [note("the UN said six children and four girls were among the dead")])
    assert placements == [] and problems[0].error
    assert problems[0].message == "the quote was not found in page.md (several passages are equally close)"
    lines = problems[0].hint.splitlines()
    assert lines[0] == "the closest passages:" and lines[-1].startswith("copy the passage you mean")
    assert re.fullmatch(
        r"1\. \d\d% similar, paragraph 3 under 'Casualties': …Later \[the UN said .* the dead\]\.…", lines[1]
    )
    assert re.fullmatch(r"2\. \d\d% similar, paragraph 2 under 'Casualties': …\[The UN said .* the dead\]\.…", lines[2])


def test_the_hint_never_cuts_a_word_and_gives_the_whole_passage():
    units = units_of('He said the raid "took a major terrorist leader off the battlefield." He added more.')
    placements, problems = anchor_notes(units, [note("took a major terrorist commander off the battlefield")])
    (placement,) = placements
    placed = units[0].normal[placement.start : placement.end]
    assert placed == "took a major terrorist leader off the battlefield"
    assert ast.literal_eval(HINT.search(problems[0].hint).group(1)) == placed


def test_a_near_match_never_crosses_a_block_nested_in_a_list_item():
    units = units_of(
        "- The first item ends with the raid on Atmeh\n\n    The nested paragraph starts here with more.\n"
    )
    text = units[0].normal if BLOCK_SEP in units[0].normal else ""
    for candidate in near_candidates(PageText(units), "the raid on Atmeh The nested paragraph starts"):
        assert BLOCK_SEP not in units[candidate.unit_index].normal[candidate.start : candidate.end], text


WORDS = st.sampled_from("the raid on a town in Idlib was said to be over by night and day".split())


@settings(max_examples=200, deadline=None)
@given(
    blocks=st.lists(
        st.tuples(st.booleans(), st.lists(WORDS, min_size=2, max_size=14).map(" ".join)), min_size=1, max_size=6
    ),
    data=st.data(),
)
def test_any_near_match_keeps_the_guarantees(blocks, data):
    """On random pages of headings and paragraphs: a placement is one block's whole words, 80-125 % of the
    quote, at least NEAR_MATCH similar, and in a heading only when no other block reaches NEAR_MATCH."""
    # A quote of some of a block's words with one word changed (near matches are common), or any words.
    words = data.draw(st.sampled_from(blocks))[1].split()
    start = data.draw(st.integers(0, len(words) - 1))
    taken = words[start : data.draw(st.integers(start + 1, len(words)))]
    taken[data.draw(st.integers(0, len(taken) - 1))] = data.draw(WORDS)
    quote = data.draw(st.one_of(st.just(" ".join(taken)), st.lists(WORDS, min_size=2, max_size=12).map(" ".join)))
    text = "\n\n".join(("## " if heading else "") + line for heading, line in blocks)
    units = units_of(text)
    placements, problems = anchor_notes(units, [note(quote)])
    if not placements or not problems:
        return  # an error, or an exact match
    (placement,) = placements
    unit = units[placement.unit_index]
    placed = unit.normal[placement.start : placement.end]
    assert NEAR_LENGTH * len(quote) <= len(placed) <= len(quote) / NEAR_LENGTH
    assert fuzz.ratio(quote, placed) >= NEAR_MATCH
    assert placement.start == 0 or not unit.normal[placement.start - 1].isalnum()
    assert placement.end == len(unit.normal) or not unit.normal[placement.end].isalnum()
    assert ast.literal_eval(HINT.search(problems[0].hint).group(1)) == placed
    if unit.element.tag == "h2":
        assert all(c.score < NEAR_MATCH for c in near_candidates(PageText(units), quote, 1, headings=False))
