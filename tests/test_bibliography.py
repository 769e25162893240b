"""The generated bibliography page: every source, linked back to the notes that cite it."""

from __future__ import annotations

from html import unescape

import markdown

from context_layers.core.load import load_catalog
from context_layers.core.options import parse_layers
from context_layers.publish.bibliography import bibliography_markdown, escape, page_title


def test_escaped_text_renders_as_written_and_inert():
    hostile = "A <script>alert(1)</script> [link](javascript:x) *em* `code` & ~~x~~ ==y== ^z^ | ok"
    html = markdown.markdown(escape(hostile), extensions=["pymdownx.tilde", "pymdownx.mark", "pymdownx.caret"])
    assert "<script" not in html and "<a" not in html and "<em" not in html and "<code" not in html
    assert "<del" not in html and "<mark" not in html and "<sup" not in html
    assert unescape(html.replace("<p>", "").replace("</p>", "")) == hostile


def test_page_title_from_front_matter_or_heading():
    assert page_title("---\ntitle: 'From front matter'\n---\n# Heading\n", "x") == "From front matter"
    assert page_title("Intro\n\n# The heading #\n", "x") == "The heading"
    assert page_title("No heading\n", "fallback.md") == "fallback.md"


def test_sources_list_their_citing_notes_with_relative_links(tmp_path):
    annotations = tmp_path / "annotations"
    annotations.mkdir()
    (annotations / "sources.yml").write_text(
        "sources:\n  shared:\n    title: Shared report\n    url: https://example.org/shared\n    publisher: Zeta "
        "News\n    date: 2022-02-04\n"
    )
    (annotations / "a.yml").write_text(
        "page: world/a.md\nnotes:\n"
        "  - {id: one, layer: background, quote: q, title: First note, sources: [{ref: shared}]}\n"
        "  - {id: two, layer: background, quote: q, sources: [{ref: shared},"
        " {title: Inline, url: 'https://example.org/i', publisher: Alpha}]}\n"
    )
    (annotations / "b.yml").write_text(
        "page: b.md\nnotes:\n  - {id: three, layer: background, quote: q, sources: [{ref: shared}]}\n"
    )
    catalog = load_catalog(annotations, parse_layers(None), root=tmp_path)
    text = bibliography_markdown(catalog, "about/sources.md", titles={"world/a.md": "Article A", "b.md": "Page B"})
    lines = text.splitlines()
    assert lines[0] == "# Sources" and "(2 in all)" in text
    inline, shared = [i for i, line in enumerate(lines) if line.startswith("- [")]
    assert lines[inline].startswith("- [Inline](https://example.org/i) — Alpha")  # Alpha sorts before Zeta
    assert lines[shared] == "- [Shared report](https://example.org/shared) — Zeta News, 2022-02-04  "
    assert lines[shared + 1] == (
        "  Cited in: [three](../b.md#note-three) (Page B); [First note](../world/a.md#note-one) (Article A); "
        "[two](../world/a.md#note-two) (Article A)"
    )


def test_the_plugin_publishes_the_page_and_its_links_resolve(project):
    project.write(
        "mkdocs.yml",
        (project.root / "mkdocs.yml")
        .read_text()
        .replace("  - context-layers\n", "  - context-layers:\n      bibliography: about/sources.md\n")
        + "validation:\n  anchors: warn\n",
    )
    project.write("docs/index.md", "# Home\n\nA passage with a claim.\n")
    project.write(
        "annotations/sources.yml",
        "sources:\n  s:\n    title: The report\n    url: https://example.org/r\n"
        "    publisher: P\n    date: 2022-02-04\n",
    )
    project.write(
        "annotations/home.yml",
        "page: index.md\nnotes:\n  - {id: claim, layer: counter, quote: a claim, title: Claim, sources: [{ref: s}]}\n",
    )
    project.built("--strict")
    html = project.article("about/sources.md")
    assert '<a href="https://example.org/r">The report</a>' in html
    assert '<a href="../../#note-claim">Claim</a>' in html


def test_a_copy_is_listed_under_its_original_publisher_with_the_site_that_carries_it(tmp_path):
    annotations = tmp_path / "annotations"
    annotations.mkdir()
    (annotations / "a.yml").write_text(
        "page: a.md\nnotes:\n  - id: one\n    layer: background\n    quote: q\n    title: T\n    sources:\n"
        "      - {title: Wire story, url: 'https://copies.example.net/w', publisher: Example Wire, via: Copies Daily,"
        " date: 2022-02-03, stance: supports}\n"
    )
    catalog = load_catalog(annotations, parse_layers(None), root=tmp_path)
    text = bibliography_markdown(catalog, "sources.md")
    assert "- [Wire story](https://copies.example.net/w) — Example Wire, via Copies Daily (copy), 2022-02-03  " in text


def test_sources_are_listed_in_sections_by_the_publishers_initial(tmp_path):
    annotations = tmp_path / "annotations"
    annotations.mkdir()
    publishers = ["Zeta News", "The Alpha Times", "Écho", "Alpha Wire", "Beta", "9 News", "echo daily"]
    sources = ", ".join(
        f"{{title: T{n}, url: 'https://example.org/{n}', publisher: '{name}', date: 2022-02-04}}"
        for n, name in enumerate(publishers)
    )
    (annotations / "a.yml").write_text(
        f"page: a.md\nnotes:\n  - {{id: one, layer: background, quote: q, title: T, sources: [{sources}]}}\n"
    )
    catalog = load_catalog(annotations, parse_layers(None), root=tmp_path)
    lines = bibliography_markdown(catalog, "sources.md").splitlines()
    sections: dict[str, list[str]] = {}
    for line in lines:
        if line.startswith("## "):
            current = sections.setdefault(line[3:], [])
        elif line.startswith("- ["):
            current.append(line.split(" — ")[1].split(",")[0])
    # Each initial once, names that start with a sign or digit first; a leading "The" and accents set aside.
    assert sections == {
        "Other": ["9 News"],
        "A": ["The Alpha Times", "Alpha Wire"],
        "B": ["Beta"],
        "E": ["Écho", "echo daily"],
        "Z": ["Zeta News"],
    }
