"""Anchoring quotes on a page's normalised text."""

from __future__ import annotations

import markdown
from markdown.treeprocessors import Treeprocessor

from context_layers.core.anchor import PageText, anchor_notes
from context_layers.core.load import LoadedNote
from context_layers.core.model import Note
from context_layers.core.textmap import collect_units, normalise


def units_of(text: str, extensions=()):
    md = markdown.Markdown(extensions=list(extensions))
    found = {}

    class Capture(Treeprocessor):
        def run(self, root):
            found["units"] = collect_units(self.md, root)

    md.treeprocessors.register(Capture(md), "capture", 5.5)
    md.convert(text)
    return found["units"]


def note(quote: str, **fields) -> LoadedNote:
    return LoadedNote.trial(Note(id="n", layer="background", quote=quote, **fields), "page.md", "a.yml")


def test_normalise_treats_typographic_variants_as_equal():
    assert normalise("council’s “big” plan — 1–2 … done") == normalise('council\'s "big" plan -- 1-2 ... done')
    assert normalise("a \n\t b\u00a0c") == "a b c"
    assert normalise("soft\u00adhyphen") == "softhyphen"


def test_visible_text_resolves_entities_escapes_and_inline_html():
    (unit,) = units_of("AT&amp;T \\*not\\* <b>bold</b> `a < b` &copy;")
    assert unit.visible == "AT&T *not* bold a < b ©"


def test_repeats_are_told_apart_by_prefix_and_suffix():
    units = units_of("The minister said yes. Later the minister said no.")
    placements, problems = anchor_notes(units, [note("the minister said", prefix="Later")])
    assert problems == [] and units[0].normal[placements[0].start - 6 : placements[0].start] == "Later "
    placements, problems = anchor_notes(units, [note("minister said", suffix="yes")])
    assert problems == [] and placements[0].start == 4
    _, problems = anchor_notes(units, [note("minister said")])
    assert problems[0].error and "occurs 2 times" in problems[0].message
    assert "…The [minister said] yes. Later the minister said no.…" in problems[0].hint


def test_an_edited_passage_is_a_near_match_with_a_warning():
    units = units_of("Officials said that thirteen people were killed in the raid on Thursday.")
    placements, problems = anchor_notes(units, [note("thirteen people were killed in a raid on Thursday")])
    assert len(placements) == 1 and not problems[0].error
    assert "'thirteen people were killed in the raid on Thursday'" in problems[0].hint


def test_a_quote_that_no_longer_matches_never_lands_on_a_heading_of_its_words():
    # The issue "Near matches that never mislead": a 13-word quote was placed on the heading "Idlib".
    units = units_of("## Idlib\n\nThe group now works in Idlib with money from Europe.")
    quote = "continuing their operations in Idlib with backing from the US and Europeans"
    placements, problems = anchor_notes(units, [note(quote)])
    assert placements == [] and problems[0].error


def test_two_equally_close_passages_are_an_error_not_a_guess():
    units = units_of("The report was published in May.\n\nThe report was published in June.")
    placements, problems = anchor_notes(units, [note("The report was published in July")])
    assert placements == [] and problems[0].error
    assert "several passages are equally close" in problems[0].message


def test_a_quote_never_crosses_blocks():
    units = units_of("First paragraph ends here.\n\nSecond paragraph starts here.")
    placements, problems = anchor_notes(units, [note("ends here. Second paragraph")])
    assert placements == [] and "crosses a block boundary" in problems[0].message


def test_the_word_index_finds_every_occurrence():
    words = " ".join(f"w{i % 50}" for i in range(5000))
    units = units_of(words)
    page = PageText(units)
    found = page.find_all("w10 w11 w12 w13")
    assert found == [i for i in range(len(page.text)) if page.text.startswith("w10 w11 w12 w13", i)]
    assert len(found) == 100


def test_scanning_and_the_word_index_find_the_same_passages():
    """Short pages are scanned, long ones indexed: both ways give the same offsets."""
    words = " ".join(f"w{i % 37}" for i in range(3000))
    page = PageText(units_of(words))
    for quote in ["w10 w11 w12 w13", "w36 w0", "w5", "w1 w2 w3 w4 w5 w6 w7", "w3 w5", "w36 w0 w1 w2"]:
        assert page.find_all(quote, indexed=False) == page.find_all(quote, indexed=True), quote


def test_an_index_of_the_quotes_words_finds_the_same_passages_for_any_quote():
    """A page indexes only the words its notes' quotes look up; a quote it did not expect is scanned for."""
    words = " ".join(f"w{i % 37}" for i in range(3000))
    everything = PageText(units_of(words))
    page = PageText(units_of(words), ["w10 w11 w12 w13"])
    assert set(page.index) == {"w11", "w12"}
    for quote in ["w10 w11 w12 w13", "w1 w2 w3 w4 w5 w6 w7", "w36 w0 w1 w2", "w9 w10 w11"]:
        assert page.find_all(quote) == everything.find_all(quote) == everything.find_all(quote, indexed=False), quote
