"""The flagship article's notes meet the site's editorial standard.

These tests read the real files in docs/ and annotations/. They fail when a note stops
anchoring, loses its sources, or is deleted from a paragraph that needs it.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

from context_layers.core.load import Catalog
from context_layers.core.model import SourceRef
from context_layers.core.pages import anchor_page, check_catalog
from helpers import ARTICLE, REPO, flagship, mkdocs_build

# Blocks of the article body that need no note, by their first words, with the reason.
WITHOUT_NOTE = {
    "Transcribed from the publisher": "our transcription note, not the article",
    "Idlib": "section heading",  # exact-or-prefix match: the heading is the whole block
    "The US killed Baghdadi in Idlib": "section heading",
    "White Helmets": "section heading",
    "The Russian-Turkish deal on Idlib": "section heading",
    "This article was originally published": "publication line; the author note attaches to the bio below it",
}

# Deleting a note must fail a test: these are the least the article keeps per layer.
MINIMUM_NOTES = {"background": 21, "counter": 6, "disputed": 28}


@cache
def site():
    return flagship()


def catalog() -> Catalog:
    return site()[1]


def notes():
    return catalog().for_page(ARTICLE)


def test_the_site_builds_strictly(tmp_path):
    result = mkdocs_build(REPO, "--strict", "-d", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr


def test_every_note_anchors_without_warnings():
    config, loaded = site()
    problems = check_catalog(loaded, Path(config.docs_dir), config.markdown_extensions, config.mdx_configs)
    assert [p.format() for p in problems] == []


def test_counter_and_disputed_notes_cite_sources_and_disputed_notes_have_verdicts():
    for loaded in notes():
        if loaded.note.layer in ("counter", "disputed"):
            assert loaded.sources, f"{loaded.note.id} cites no source"
        if loaded.note.layer == "disputed":
            assert loaded.note.verdict, f"{loaded.note.id} has no verdict"


def test_every_shared_source_is_http_and_cited():
    cited = {s.ref for loaded in notes() for s in loaded.note.sources if isinstance(s, SourceRef)}
    for source_id, source in catalog().sources.items():
        assert source.url.startswith(("https://", "http://")), source_id
        assert source_id in cited, f"source {source_id} is cited by no note"


def test_note_counts_per_layer_do_not_drop():
    counts = Counter(loaded.note.layer for loaded in notes())
    for layer, minimum in MINIMUM_NOTES.items():
        assert counts[layer] >= minimum, f"{layer}: {counts[layer]} notes, expected at least {minimum}"


def _blocks_and_notes() -> list[tuple[str, list[str]]]:
    config, loaded = site()
    text = (Path(config.docs_dir) / ARTICLE).read_text(encoding="utf-8")
    result = anchor_page(ARTICLE, text, loaded.for_page(ARTICLE), config.markdown_extensions, config.mdx_configs)
    by_unit: dict[int, list[str]] = {}
    for placement in result.placements:
        by_unit.setdefault(placement.unit_index, []).append(placement.note.note.id)
    return [(" ".join(unit.visible.split()), by_unit.get(i, [])) for i, unit in enumerate(result.units)]


def _is(text: str, start: str) -> bool:
    # A heading is matched whole; a paragraph by its first words.
    return text == start or (len(start) > 20 and text.startswith(start))


def test_every_paragraph_of_the_article_has_a_note():
    missing = []
    for text, note_ids in _blocks_and_notes():
        if not note_ids and not any(_is(text, start) for start in WITHOUT_NOTE):
            missing.append(text[:70])
    assert missing == [], "paragraphs without a note:\n" + "\n".join(missing)


def test_the_exceptions_are_still_real():
    texts = [text for text, _ in _blocks_and_notes()]
    for start in WITHOUT_NOTE:
        assert any(_is(text, start) for text in texts), f"no block starts with {start!r}: update WITHOUT_NOTE"
