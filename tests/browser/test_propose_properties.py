"""Property: any passage of one block of the flagship, selected in the browser, becomes a file that reads
back as a valid note and anchors on exactly that passage (checked with the engine, page by page)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from context_layers.core.extension import ContextLayersExtension
from context_layers.core.load import load_catalog
from context_layers.core.pages import anchor_page
from context_layers.core.textmap import BLOCK_SEP, normalise
from helpers import ARTICLE as ARTICLE_MD
from helpers import flagship, markdown_source

from .browsing import ARTICLE, WIDE, ready
from .proposing import BLOCKS, clear, close_form, fill, open_form, select_passage, the_file

# Which the selection shows: the button, or the reason it cannot be a quote.
SHOWN = (
    "() => ['button[data-cl-propose]', '.cl-propose-across'].find((s) => document.querySelector(s).checkVisibility())"
)


@pytest.fixture(scope="module")
def engine() -> tuple[list, list, dict]:
    """The flagship's blocks as the engine sees them, and the site's own Markdown extensions."""
    config, _ = flagship()
    extensions = [e for e in config.markdown_extensions if not isinstance(e, ContextLayersExtension)]
    units = anchor_page(ARTICLE_MD, markdown_source(ARTICLE_MD), [], extensions, config.mdx_configs).units
    return units, extensions, config.mdx_configs


@pytest.fixture(scope="module")
def article(browser, site) -> Iterator:
    context = browser.new_context(viewport=WIDE)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(site + ARTICLE)
    ready(page)
    yield page
    context.close()


def test_the_page_shows_the_blocks_the_engine_matches(article, engine):
    units = engine[0]
    assert article.evaluate(BLOCKS, None) == [unit.visible for unit in units]


@st.composite
def passages(draw, units):
    index = draw(st.integers(0, len(units) - 1))
    text = units[index].visible
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, min(len(text), start + 120)))
    return index, start, end


def _anchored(tmp: Path, written: str, engine) -> tuple:
    units, extensions, configs = engine
    folder = tmp / "annotations"
    folder.mkdir(exist_ok=True)
    (folder / "proposal.yml").write_text(written, encoding="utf-8")
    catalog = load_catalog(
        [folder], flagship()[0].plugins["context-layers"].config.layers, root=tmp, pages=[ARTICLE_MD]
    )
    assert not catalog.diagnostics.errors, catalog.diagnostics.sorted()
    result = anchor_page(ARTICLE_MD, markdown_source(ARTICLE_MD), catalog.for_page(ARTICLE_MD), extensions, configs)
    assert [d.message for d in result.diagnostics] == []
    return result.placements[0], result.units


def test_any_passage_of_one_block_anchors_where_it_was_selected(article, engine, tmp_path_factory):
    units = engine[0]
    tmp = tmp_path_factory.mktemp("proposals")

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(passages(units))
    def check(passage):
        index, start, end = passage
        selected = units[index].visible[start:end]
        if BLOCK_SEP in selected or not normalise(selected).strip():
            return
        clear(article)
        select_passage(article, index, start, end)
        shown = article.wait_for_function(SHOWN, timeout=5000).json_value()
        assert not article.errors, article.errors
        if shown == ".cl-propose-across":  # these words, with all the words around them in reach, occur twice or more
            assert article.text_content(".cl-propose-across").startswith("These words occur elsewhere")
            quote = normalise(selected).strip()
            assert sum(unit.normal.count(quote) for unit in units) > 1, selected
            return
        at_click = article.evaluate("() => getSelection().toString()")
        open_form(article)
        assert article.text_content("dialog.cl-propose blockquote") == normalise(selected).strip(), at_click
        fill(article, {"layer": "background", "body": "A note."})
        written = the_file(article)
        close_form(article)
        note = yaml.safe_load(written)["notes"][0]
        placement, anchored = _anchored(tmp, written, engine)
        unit = anchored[placement.unit_index]
        assert placement.unit_index == index, (note, selected)
        shown_start, shown_end = unit.vis_span(placement.start, placement.end)
        # The mark covers the selection, less the spaces at its ends, and at most completes a "..." or a dash.
        assert start - 3 <= shown_start and shown_end <= end + 3, (note, selected, unit.visible[shown_start:shown_end])
        assert normalise(unit.visible[shown_start:shown_end]).strip() == note["quote"]

    check()
