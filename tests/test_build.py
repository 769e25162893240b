"""Real `mkdocs build`s of temporary projects with the Material theme."""

from __future__ import annotations

import re

from mkdocs.config import load_config

ARTICLE = """\
# An article

First paragraph, where *a quoted passage* stands.

Second paragraph without notes.

Third paragraph, with [a link](https://example.org) inside a quoted sentence.
"""

NOTES = """\
# yaml-language-server: $schema=../schema/annotations.schema.json
page: world/article.md
notes:
  - id: third
    layer: disputed
    quote: "with a link inside a quoted sentence"
    verdict: unsupported
    title: A disputed sentence
    body: No source for this was found.
    sources:
      - ref: report
  - id: first
    layer: background
    quote: "a quoted passage"
    title: Background
    body: Some background.
"""

SOURCES = """\
sources:
  report:
    title: The report
    url: https://example.org/report
    publisher: Example News
    date: 2022-02-04
"""


def _write_site(project, notes: str = NOTES) -> None:
    project.write("docs/index.md", "# Home\n\nA home page without notes, with *emphasis* and a [link](world/article.md).\n")
    project.write("docs/world/article.md", ARTICLE)
    project.write("annotations/article.yml", notes)
    project.write("annotations/sources.yml", SOURCES)


def test_each_note_follows_its_paragraph_with_the_documented_hooks(project):
    _write_site(project)
    project.built("--strict")
    html = project.article("world/article.md")
    blocks = re.findall(r"<(p|aside|h1)\b[^>]*>", html)
    ids = re.findall(r'<aside class="cl-note" data-cl-color="\d" data-layer="(\w+)" id="note-([\w-]+)"', html)
    assert ids == [("background", "first"), ("disputed", "third")]
    # h1, p (first), aside, p (second), p (third), aside
    order = [b for b in blocks]
    assert order[:2] == ["h1", "p"] and order.count("aside") == 2
    first_p = html.index("First paragraph")
    second_p = html.index("Second paragraph")
    third_p = html.index("Third paragraph")
    assert first_p < html.index('id="note-first"') < second_p
    assert third_p < html.index('id="note-third"')
    assert '<em><mark class="cl-mark" data-cl-color="1" data-layer="background" data-note="first">a quoted passage</mark></em>' in html
    assert html.count('data-note="third"') == 3  # split around the link
    assert '<span class="cl-verdict" data-verdict="unsupported">Unsupported</span>' in html
    assert '<span class="cl-layer">Disputed claims</span>' in html
    assert (
        '<a class="cl-external" href="https://example.org/report" rel="noopener noreferrer">The report</a>'
        ' — Example News, <time datetime="2022-02-04">2022-02-04</time>' in html
    )


def test_stylesheet_is_published_and_linked(project):
    _write_site(project)
    project.built()
    assert (project.root / "site/assets/context-layers/context-layers.css").is_file()
    assert 'href="../../assets/context-layers/context-layers.css"' in project.html("world/article.md")


def test_a_page_without_notes_is_exactly_what_plain_mkdocs_produces(project, tmp_path_factory):
    _write_site(project)
    project.built()
    with_plugin = project.article("index.md")
    plain = type(project)(tmp_path_factory.mktemp("plain"))
    plain.write("mkdocs.yml", (project.root / "mkdocs.yml").read_text().replace("  - context-layers\n", ""))
    plain.write("docs/index.md", (project.root / "docs/index.md").read_text())
    plain.write("docs/world/article.md", ARTICLE)
    plain.built()
    assert with_plugin == plain.article("index.md")
    assert "cl-" not in with_plugin


def test_note_ids_are_page_anchors_for_link_validation(project):
    _write_site(project)
    project.write("mkdocs.yml", (project.root / "mkdocs.yml").read_text() + "validation:\n  anchors: warn\n")
    project.write("docs/index.md", "# Home\n\nSee [the note](world/article.md#note-first).\n")
    project.built("--strict")
    project.write("docs/index.md", "# Home\n\nSee [a missing note](world/article.md#note-missing).\n")
    result = project.build("--strict")
    assert result.returncode == 1 and "note-missing" in result.stderr


def test_custom_layers_from_mkdocs_yml(project):
    project.write(
        "mkdocs.yml",
        """\
        site_name: Test
        theme: {name: material}
        plugins:
          - context-layers:
              annotations: notes
              layers:
                questions:
                  title: Questions for discussion
                  description: For the classroom.
                  icon: material/help
        """,
    )
    project.write("docs/index.md", "# Home\n\nWho is quoted here, and how would you check it?\n")
    project.write("notes/home.yml", "page: index.md\nnotes:\n  - {id: q1, layer: questions, quote: \"Who is quoted here\", title: Q1}\n")
    project.built("--strict")
    assert '<span class="cl-layer">Questions for discussion</span>' in project.article()


def test_bad_layer_options_are_rejected_by_the_config_system(project):
    project.write(
        "mkdocs.yml",
        "site_name: T\nplugins:\n  - context-layers:\n      layers:\n        Background: {title: B}\n",
    )
    project.write("docs/index.md", "# Home\n")
    result = project.build()
    assert result.returncode == 1
    assert "Plugin 'context-layers' option 'layers': layer key 'Background' may use only lowercase letters" in result.stderr
    project.write(
        "mkdocs.yml",
        "site_name: T\nplugins:\n  - context-layers:\n      layers:\n        background: {titel: B}\n",
    )
    result = project.build()
    assert result.returncode == 1
    assert "layer 'background': missing option 'title'; unknown option 'titel' (did you mean 'title'?" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_annotations_folder_is_a_warning(project):
    project.write("docs/index.md", "# Home\n")
    (project.root / "annotations").rmdir()
    assert project.build().returncode == 0
    result = project.build("--strict")
    assert result.returncode == 1
    assert "annotations:1:1: warning: the annotations folder does not exist" in result.stderr


def test_the_annotations_folder_is_watched(project):
    _write_site(project)
    config = load_config(str(project.root / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    assert str((project.root / "annotations").resolve()) in config.watch


def test_front_matter_and_nested_pages(project):
    _write_site(project)
    project.write("docs/world/article.md", "---\ntitle: Front matter\n---\n\n" + ARTICLE)
    project.built("--strict")
    assert 'id="note-third"' in project.article("world/article.md")
