"""Real `mkdocs build`s of temporary projects with the Material theme."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import unquote, urlsplit

import pytest
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
        stance: context
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
    project.write(
        "docs/index.md", "# Home\n\nA home page without notes, with *emphasis* and a [link](world/article.md).\n"
    )
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
    order = list(blocks)
    assert order[:2] == ["h1", "p"] and order.count("aside") == 2
    first_p = html.index("First paragraph")
    second_p = html.index("Second paragraph")
    third_p = html.index("Third paragraph")
    assert first_p < html.index('id="note-first"') < second_p
    assert third_p < html.index('id="note-third"')
    assert (
        '<em><mark class="cl-mark" data-cl-color="1" data-layer="background" data-note="first" id="cl-m-first">'
        "a quoted passage</mark></em>" in html
    )
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
    assert "serve/problems.css" not in project.html("world/article.md")  # the banner's style: while serving only


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


def test_a_verdicts_link_to_its_definition_is_resolved_and_checked_by_mkdocs(project):
    """A note's inside is written out before MkDocs resolves links; the verdict's link to the
    how-to-read page is resolved and checked by MkDocs all the same, like any other link."""
    _write_site(project)
    project.write("mkdocs.yml", (project.root / "mkdocs.yml").read_text() + "validation:\n  anchors: warn\n")
    project.write("docs/about/how-to-read.md", "# How to read\n\n- Unsupported: no source.\n")
    result = project.build("--strict")
    assert result.returncode == 1 and "about/how-to-read.md#verdict-unsupported" in result.stderr
    anchored = "# How to read\n\n- Unsupported: no source.\n  {: #verdict-unsupported }\n"
    project.write("docs/about/how-to-read.md", anchored)
    project.built("--strict")
    assert 'href="../../about/how-to-read/#verdict-unsupported"' in project.article("world/article.md")


def test_custom_layers_from_mkdocs_yml(project):
    project.write(
        "mkdocs.yml",
        """\
        site_name: Test
        site_url: https://example.org/
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
    project.write(
        "notes/home.yml",
        'page: index.md\nnotes:\n  - {id: q1, layer: questions, quote: "Who is quoted here", title: Q1, body: B}\n',
    )
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
    assert (
        "Plugin 'context-layers' option 'layers': layer key 'Background' may use only lowercase letters"
        in result.stderr
    )
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


STANCE_NOTES = """\
page: world/article.md
notes:
  - id: third
    layer: disputed
    quote: "with a link inside a quoted sentence"
    verdict: misleading
    title: Both sides
    body: Sources disagree.
    sources:
      - ref: context
        stance: context
      - ref: report
        stance: contradicts
      - title: A copy of the wire story
        url: https://copies.example.net/wire
        publisher: Example Wire
        via: Copies Daily
        date: 2022-02-03
        stance: supports
      - ref: later
        stance: contradicts
"""

STANCE_SOURCES = (
    SOURCES
    + """\
  context:
    title: Background paper
    url: https://example.org/context
    publisher: Example Institute
    date: "2022"
  later:
    title: A later review
    url: https://example.org/later
    publisher: Example Review
    date: "2022-03"
"""
)


def test_sources_are_grouped_by_stance_with_copies_and_later_sources_labelled(project):
    _write_site(project, STANCE_NOTES)
    project.write("annotations/sources.yml", STANCE_SOURCES)
    project.write("docs/world/article.md", "---\noriginal:\n  title: An article\n  date: 2022-02-07\n---\n\n" + ARTICLE)
    project.built("--strict")
    html = project.article("world/article.md")
    note = html[html.index('id="note-third"') : html.index("</aside>", html.index('id="note-third"'))]
    # Supports, then contradicts, then context; a heading for each group present.
    headings = re.findall(r'<p class="cl-sources-heading" data-stance="(\w+)">([^<]+)</p>', note)
    assert headings == [
        ("supports", "Supports the claim"),
        ("contradicts", "Contradicts the claim"),
        ("context", "Context"),
    ]
    lists = re.findall(r'<ul class="cl-sources" data-stance="(\w+)">(.*?)</ul>', note, re.S)
    assert [(stance, re.findall(r'href="([^"]+)"', items)) for stance, items in lists] == [
        ("supports", ["https://copies.example.net/wire"]),
        ("contradicts", ["https://example.org/report", "https://example.org/later"]),
        ("context", ["https://example.org/context"]),
    ]
    assert re.findall(r'<li class="cl-source"[^>]* data-stance="(\w+)"', note) == [
        "supports",
        "contradicts",
        "contradicts",
        "context",
    ]
    # The copy names the original publisher and the site it was found on.
    assert (
        '>A copy of the wire story</a> — Example Wire, via <span class="cl-via">Copies Daily</span> (copy), '
        '<time datetime="2022-02-03">2022-02-03</time>'
    ) in note
    # Only a source certainly published after the article (7 Feb 2022) is labelled; "2022" may be before it.
    later = re.findall(r'<li class="cl-source"[^>]*data-later[^>]*>(.*?)</li>', note, re.S)
    assert len(later) == 1 and "A later review" in later[0]
    assert '<span class="cl-later" title="published after the article">published later</span>' in later[0]
    assert note.count("data-later") == 1


def test_without_an_original_date_no_source_is_labelled_later(project):
    _write_site(project, STANCE_NOTES)
    project.write("annotations/sources.yml", STANCE_SOURCES)
    project.built("--strict")
    assert "data-later" not in project.article("world/article.md")
    assert "cl-later" not in project.article("world/article.md")


def test_notes_without_stances_keep_one_plain_source_list(project):
    _write_site(
        project, NOTES.replace("        stance: context\n", "").replace("verdict: unsupported", "verdict: opinion")
    )
    project.built("--strict")
    html = project.article("world/article.md")
    assert "cl-sources-heading" not in html and "data-stance" not in html
    assert html.count('<ul class="cl-sources">') == 1


def test_each_note_offers_a_prefilled_problem_report_where_the_repository_is_known(project):
    _write_site(project)
    config = (project.root / "mkdocs.yml").read_text()
    project.write("mkdocs.yml", "repo_url: https://github.com/example/site\n" + config)
    project.built("--strict")
    html = project.article("world/article.md")
    reports = re.findall(r'<a class="cl-report" href="([^"]+)" rel="noopener noreferrer">([^<]+)</a>', html)
    assert len(reports) == 2 and {text for _, text in reports} == {"Report a problem with this note"}
    first = unescape(reports[0][0])
    assert first.startswith("https://github.com/example/site/issues/new?title=Problem%20with%20note%20")
    title, body = (unquote(part.split("=", 1)[1]) for part in urlsplit(first).query.split("&"))
    assert title in {"Problem with note first on world/article.md", "Problem with note third on world/article.md"}
    assert body.startswith("Page: world/article.md\nNote: #note-") and "which source shows it" in body
    project.write("mkdocs.yml", "repo_url: https://git.example.org/site\n" + config)  # a forge we cannot address
    project.built("--strict")
    assert "cl-report" not in project.article("world/article.md")
    project.write(
        "mkdocs.yml",
        "repo_url: https://gitlab.com/example/site\n"
        + config.replace("  - context-layers", "  - context-layers:\n      report_url: ''"),
    )
    project.built("--strict")
    assert "cl-report" not in project.article("world/article.md")


def test_report_forms_of_the_known_forges():
    from context_layers.core.reports import report_template

    assert report_template("https://gitlab.com/example/site/") == (
        "https://gitlab.com/example/site/-/issues/new?issue[title]={title}&issue[description]={body}"
    )
    assert report_template("https://codeberg.org/example/site.git") == (
        "https://codeberg.org/example/site/issues/new?title={title}&body={body}"
    )
    assert report_template(None) == "" and report_template("https://example.org/site") == ""


@pytest.mark.parametrize("quote", ["a quoted passage", "words the article does not have"], ids=["built", "failed"])
def test_the_garbage_collector_is_whole_again_after_a_build(project, quote):
    """The build leaves its long-lived objects out of collections while it runs (core/collector.py);
    afterwards, built or failed, the collector sees every object again and runs."""
    import gc

    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, PluginError

    _write_site(project, f"page: world/article.md\nnotes:\n  - id: n\n    layer: background\n    quote: {quote}\n"
                         "    body: A note.\n")  # fmt: skip
    config = load_config(str(project.root / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    except (Abort, PluginError):
        assert quote != "a quoted passage"
    assert gc.get_freeze_count() == 0 and gc.isenabled()  # as `mkdocs serve` waits for the next change
    config.plugins.on_shutdown()
