"""The HTML the reading interface stands on, from the bare Python-Markdown extension (no browser)."""

from __future__ import annotations

import re
import textwrap

import markdown


def _render(tmp_path, text: str, notes: str, layers: dict | None = None) -> str:
    (tmp_path / "page.md").write_text(text, encoding="utf-8")
    (tmp_path / "notes.yml").write_text(textwrap.dedent(notes), encoding="utf-8")
    config = {"root": str(tmp_path), "annotations": ".", "docs_dir": ".", "page": "page.md"}
    if layers:
        config["layers"] = layers
    return markdown.markdown(text, extensions=["context_layers"], extension_configs={"context_layers": config})


NOTES = """\
page: page.md
notes:
  - {id: emphasis, layer: background, quote: "an emphasised passage", title: One, body: B}
  - {id: inside-link, layer: background, quote: "words of a link", title: Two, body: B}
  - {id: title, layer: background, quote: "A title", title: Three, body: B}
"""


def test_markers_follow_the_quote_outside_emphasis_and_links(tmp_path):
    html = _render(
        tmp_path,
        "# A title\n\nHere is *an emphasised passage*, then [the words of a link](https://example.org) end.\n",
        NOTES,
    )
    assert (
        '<em><mark class="cl-mark" data-cl-color="1" data-layer="background" data-note="emphasis" '
        'id="cl-m-emphasis">an emphasised passage</mark></em><a ' in html
    )
    # Never a link inside a link: the marker goes after the whole link.
    assert re.search(r'words of a link</mark></a><a [^>]*class="cl-ref"[^>]*href="#note-inside-link"></a> end', html)
    assert html.count('class="cl-ref"') == 3


def test_notes_are_numbered_in_reading_order_and_the_bar_follows_the_title(tmp_path):
    html = _render(tmp_path, "# A title\n\nHere is *an emphasised passage*, and the words of a link.\n", NOTES)
    numbers = re.findall(
        r'<aside class="cl-note" data-cl-color="1" data-layer="background" id="note-([\w-]+)">.*?<span '
        r'class="cl-num"[^>]*>(\d+)</span>',
        html,
    )
    assert numbers == [("title", "1"), ("emphasis", "2"), ("inside-link", "3")]
    order = [m.group(0) for m in re.finditer(r'<h1|<aside class="cl-note"|<div [^>]*class="cl-layers"|<p>Here', html)]
    assert order[:4] == [
        "<h1",
        '<aside class="cl-note"',
        '<div aria-labelledby="cl-layers-label" class="cl-layers"',
        "<p>Here",
    ]
    assert re.search(
        r'data-cl-layer-toggle="background"[^>]*><span class="cl-switch-name">Background</span> <span '
        r'class="cl-count">3<',
        html,
    )
    # Only the layers with notes on the page have a switch.
    assert re.findall(r'data-cl-layer-toggle="(\w+)"', html) == ["background"]


def test_any_number_of_layers_gets_a_colour_by_position(tmp_path):
    layers = {f"layer-{i}": {"title": f"Layer {i}"} for i in range(1, 9)}
    notes = "page: page.md\nnotes:\n" + "".join(
        f'  - {{id: n{i}, layer: layer-{i}, quote: "word{i}", title: T, body: B}}\n' for i in range(1, 9)
    )
    html = _render(tmp_path, " ".join(f"word{i}" for i in range(1, 9)) + "\n", notes, layers)
    colours = re.findall(r'data-cl-color="(\d)" data-cl-layer-toggle="(layer-\d)"', html)
    assert colours == [("1", "layer-1"), ("2", "layer-2"), ("3", "layer-3"), ("4", "layer-4"),
                       ("5", "layer-5"), ("6", "layer-6"), ("1", "layer-7"), ("2", "layer-8")]  # fmt: skip
    assert 'class="cl-ref" data-cl-color="2" data-cl-n="8" data-layer="layer-8"' in html


def test_every_note_can_fold_and_link_to_itself_without_script(tmp_path):
    html = _render(
        tmp_path,
        "Here is *an emphasised passage*.\n",
        NOTES.replace("  - {id: inside-link", "#").replace("  - {id: title", "#"),
    )
    aside = re.search(r'<aside class="cl-note".*?</aside>', html, re.S).group(0)
    assert aside.index('class="cl-fold" type="checkbox"') < aside.index('class="cl-note-header"')
    assert 'aria-label="Show all of note 1"' in aside
    assert '<a class="cl-link" href="#note-emphasis">Link to this note</a>' in aside
    assert 'id="cl-h-emphasis"' in aside and 'aria-describedby="cl-h-emphasis"' in html
    assert "style=" not in html and "<script" not in html
