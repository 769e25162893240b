"""The flagship article rendered by `markdown.markdown(...)` alone: no MkDocs, no Zensical.

Every note of annotations/idlib-raid.yml must come out with the documented HTML hooks
(README, "HTML hooks"), as the MkDocs build gives them.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from xml.etree.ElementTree import Element, TreeBuilder

import markdown
import pytest

from context_layers import ContextLayersError
from context_layers.core.load import load_catalog
from context_layers.core.options import parse_layers
from helpers import ARTICLE, REPO, markdown_source

EXTENSIONS = ["toc", "tables", "attr_list", "admonition", "context_layers"]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def render(root: Path = REPO, **options: object) -> str:
    config = {"root": str(root), "annotations": "annotations", "page": ARTICLE, **options}
    return markdown.markdown(
        markdown_source(ARTICLE, root), extensions=EXTENSIONS, extension_configs={"context_layers": config}
    )


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = TreeBuilder()
        self.builder.start("body", {})

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.builder.start(tag, {name: value or "" for name, value in attrs})
        if tag in VOID:
            self.builder.end(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID:
            self.builder.end(tag)

    def handle_data(self, data: str) -> None:
        self.builder.data(data)


def tree(html: str) -> Element:
    parser = _Tree()
    parser.feed(html)
    parser.close()
    parser.builder.end("body")
    return parser.builder.close()


def having(root: Element, tag: str, css_class: str) -> list[Element]:
    return [el for el in root.iter(tag) if css_class in el.get("class", "").split()]


def visible(text: str) -> str:
    """Text as quotes are matched: whitespace collapsed, quotes, dashes and ellipses made plain."""
    text = unicodedata.normalize("NFKC", text)
    for fancy, plain in (("‘’‚‛", "'"), ("“”„‟", '"'), ("–—", "-")):
        text = re.sub(f"[{fancy}]", plain, text)
    return " ".join(text.replace("…", "...").replace("--", "-").split())


def catalog():
    return load_catalog(REPO / "annotations", parse_layers(None), root=REPO)


@pytest.fixture(scope="module")
def page() -> Element:
    return tree(render())


def test_every_note_of_the_article_is_published_once(page):
    written = catalog().for_page(ARTICLE)
    assert len(written) > 0
    asides = having(page, "aside", "cl-note")
    assert sorted(a.get("id") for a in asides) == sorted(f"note-{loaded.note.id}" for loaded in written)
    layers = {loaded.note.id: loaded.note.layer for loaded in written}
    assert all(a.get("data-layer") == layers[a.get("id")[len("note-") :]] for a in asides)


def test_marks_hold_the_quoted_text_and_name_their_note(page):
    marked: dict[str, str] = {}
    for mark in having(page, "mark", "cl-mark"):
        marked[mark.get("data-note")] = marked.get(mark.get("data-note"), "") + "".join(mark.itertext())
    for loaded in catalog().for_page(ARTICLE):
        note = loaded.note
        assert note.id in marked, f"no mark for {note.id}"
        # Split marks share the text of nested ones; the quote is all there, in order.
        assert visible(note.quote) in visible(marked[note.id]), note.id
    layer_of = {mark.get("data-note"): mark.get("data-layer") for mark in having(page, "mark", "cl-mark")}
    assert all(layer_of[loaded.note.id] == loaded.note.layer for loaded in catalog().for_page(ARTICLE))


def test_each_note_has_the_documented_hooks(page):
    notes = {loaded.note.id: loaded for loaded in catalog().for_page(ARTICLE)}
    for aside in having(page, "aside", "cl-note"):
        loaded = notes[aside.get("id")[len("note-") :]]
        note = loaded.note
        header = [el for el in aside.iter() if "cl-note-header" in el.get("class", "").split()]
        assert header, f"{note.id}: no .cl-note-header"
        assert having(header[0], "span", "cl-layer"), f"{note.id}: no .cl-layer"
        if note.title:
            assert [t for t in having(header[0], "strong", "cl-title") if "".join(t.itertext()).strip() == note.title]
        if note.verdict:
            verdicts = having(header[0], "span", "cl-verdict")
            assert verdicts and verdicts[0].get("data-verdict") == note.verdict, note.id
        if note.body.strip():
            assert having(aside, "div", "cl-body"), f"{note.id}: no div.cl-body"
        if loaded.sources:
            items = [li for ul in having(aside, "ul", "cl-sources") for li in having(ul, "li", "cl-source")]
            assert len(items) == len(loaded.sources), note.id
            for item in items:
                links = having(item, "a", "cl-external")
                assert links and links[0].get("rel") == "noopener noreferrer", note.id
        if note.updated:
            updated = having(aside, "p", "cl-updated")
            assert updated and updated[0].find("time") is not None, note.id


def test_a_broken_annotation_file_raises_with_file_line_and_column(tmp_path):
    shutil.copytree(REPO / "docs", tmp_path / "docs")
    shutil.copytree(REPO / "annotations", tmp_path / "annotations")
    path = tmp_path / "annotations/idlib-raid.yml"
    text = path.read_text(encoding="utf-8").replace("layer: background", "layer: backgorund", 1)
    path.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), start=1) if "layer: backgorund" in row)

    with pytest.raises(ContextLayersError) as raised:
        render(tmp_path)

    assert f"annotations/idlib-raid.yml:{line}:12: error: unknown layer 'backgorund'" in str(raised.value)
    assert [d.line for d in raised.value.diagnostics if d.is_error] == [line]


def test_without_a_page_the_article_is_plain_markdown():
    plain = markdown.markdown(markdown_source(ARTICLE), extensions=EXTENSIONS[:-1])
    assert (
        markdown.markdown(
            markdown_source(ARTICLE), extensions=EXTENSIONS, extension_configs={"context_layers": {"root": str(REPO)}}
        )
        == plain
    )


def test_sources_published_after_the_article_are_labelled_from_the_page_front_matter(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "annotations").mkdir()
    (tmp_path / "docs/a.md").write_text("---\noriginal:\n  date: 2022-02-07\n---\n\nA claim here.\n")
    (tmp_path / "annotations/a.yml").write_text(
        "page: a.md\nnotes:\n  - id: one\n    layer: counter\n    quote: A claim\n    title: T\n    sources:\n"
        "      - {title: Before, url: 'https://example.org/b', date: 2022-02-06, stance: supports}\n"
        "      - {title: Same month, url: 'https://example.org/m', date: 2022-02, stance: supports}\n"
        "      - {title: After, url: 'https://example.org/a', date: 2022-02-08, stance: contradicts}\n"
    )
    config = {"root": str(tmp_path), "annotations": "annotations", "page": "a.md"}
    html = markdown.markdown(
        "A claim here.\n", extensions=["context_layers"], extension_configs={"context_layers": config}
    )
    later = re.findall(r'<li class="cl-source"[^>]*data-later[^>]*><a[^>]*>([^<]+)</a>', html)
    assert later == ["After"]
    (tmp_path / "docs/a.md").write_text("A claim here.\n")  # no original date: nothing is labelled
    html = markdown.markdown(
        "A claim here.\n", extensions=["context_layers"], extension_configs={"context_layers": config}
    )
    assert "data-later" not in html
