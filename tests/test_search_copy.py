"""The search plugin reads each annotated page without its notes, marks and markers, and the page
is written whole: nothing a reader sees is lost, whatever another plugin changes in between."""

from __future__ import annotations

import json
import re

import pytest

from context_layers.publish.search import SearchCopy, exclude_notes
from helpers import Project, mkdocs_build

PAGE = (
    '<h2 id="one">One</h2>\n'
    '<p>Before <mark class="cl-mark" data-note="a" data-layer="background" id="cl-m-a">the '
    '<mark class="cl-mark" data-note="b" data-layer="counter" id="cl-m-b">nested</mark>'
    '<a class="cl-ref" href="#note-b" aria-label="Note 2"></a> quote</mark>'
    '<a class="cl-ref" href="#note-a" aria-label="Note 1"></a>, <mark>a reader\'s own mark</mark>.</p>\n'
    '<aside class="cl-note" id="note-a" data-layer="background"><p>First <em>note</em></p></aside>\n'
    '<aside class="cl-note" id="note-b" data-layer="counter"><p>Second</p></aside>\n'
)


# The page as written: each note with the attribute that keeps it out of its section's search entry.
WHOLE = exclude_notes(PAGE)


def test_the_page_comes_back_whole_with_structured_data_after_it():
    copy = SearchCopy()
    hidden = copy.hide("page", PAGE, '<script type="application/ld+json">{}</script>')
    assert "ld+json" not in hidden  # no text for the index either
    assert copy.restore("page", hidden) == WHOLE + '<script type="application/ld+json">{}</script>'


def test_the_copy_has_the_text_without_notes_marks_or_markers():
    copy = SearchCopy()
    hidden = copy.hide("page", PAGE)
    assert "cl-note" not in hidden and "cl-mark" not in hidden and "cl-ref" not in hidden
    assert "First" not in hidden and "Second" not in hidden
    assert "<mark>a reader's own mark</mark>" in hidden  # not ours: left alone
    assert "<p>Before the nested quote, <mark>" in re.sub(r"<!--.*?-->", "", hidden)  # comments are no text
    assert copy.restore("page", hidden) == WHOLE


def test_notes_in_any_script_come_back_character_for_character():
    """The pieces wait compressed, as UTF-8: letters of every width come back where they were."""
    page = PAGE.replace("First <em>note</em>", "أولى 🙂 <em>Ünïcode</em>").replace("Second", "第二 \u200f")
    copy = SearchCopy()
    hidden = copy.hide("page", page, "<script>“tail” 🙂</script>")
    assert "🙂" not in hidden and "第二" not in hidden
    assert copy.restore("page", hidden) == exclude_notes(page) + "<script>“tail” 🙂</script>"


def test_what_another_plugin_changes_in_between_is_kept():
    copy = SearchCopy()
    hidden = copy.hide("page", PAGE)
    changed = hidden.replace("<h2 ", '<h2 class="added" ').replace("Before", "Avant")
    assert copy.restore("page", changed) == WHOLE.replace("<h2 ", '<h2 class="added" ').replace("Before", "Avant")


def test_a_page_without_notes_is_not_copied_and_a_page_is_restored_once():
    copy = SearchCopy()
    assert copy.hide("plain", "<p>Plain</p>") == "<p>Plain</p>"
    hidden = copy.hide("page", PAGE)
    assert copy.restore("page", hidden) == WHOLE
    assert copy.restore("page", hidden) == hidden  # nothing kept any more: a page's pieces go once it is whole


VOTE = (
    "page: a.md\nnotes:\n  - id: vote\n    layer: background\n    quote: met on Tuesday\n"
    "    body: A word only the note has, zanzibarian.\n"
)


def test_a_built_site_indexes_the_page_without_its_notes_and_shows_them(project: Project):
    project.write("docs/a.md", "# A\n\n## Section\n\nThe council met on Tuesday and voted.\n")
    project.write("annotations/a.yml", VOTE)
    result = mkdocs_build(project.root, "--strict")
    assert result.returncode == 0, result.stderr
    html = (project.root / "site/a/index.html").read_text(encoding="utf-8")
    assert 'id="note-vote"' in html and "zanzibarian" in html and 'class="cl-mark"' in html
    assert "<!--cl-" not in html  # every stand-in was replaced
    docs = json.loads((project.root / "site/search/search_index.json").read_text(encoding="utf-8"))["docs"]
    section = next(doc for doc in docs if doc["location"] == "a/#section")
    assert section["text"] == "<p>The council met on Tuesday and voted.</p>"
    assert [doc["location"] for doc in docs if "zanzibarian" in doc["text"]] == ["a/#note-vote"]


HELD = """
import json
from context_layers.core import render
pages = []
def on_page_context(context, page, config, nav):
    pages.append(page)
def on_post_build(config):
    held = {page.file.src_uri: page.content for page in pages}
    held["rendered bodies"] = list(render._RENDERED.values())
    with open("held.json", "w", encoding="utf-8") as out:
        json.dump(held, out)
"""


def test_no_page_keeps_its_notes_in_memory_once_it_is_written(project: Project):
    """MkDocs holds every page's content until the build ends: there the notes are not, only in the files."""
    project.write("docs/a.md", "# A\n\nThe council met on Tuesday and voted.\n")
    project.write("annotations/a.yml", VOTE)
    project.write("held.py", HELD)
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nhooks: [held.py]\n", encoding="utf-8")
    result = mkdocs_build(project.root, "--strict")
    assert result.returncode == 0, result.stderr
    assert "zanzibarian" in (project.root / "site/a/index.html").read_text(encoding="utf-8")
    held = json.loads((project.root / "held.json").read_text(encoding="utf-8"))
    assert "met on Tuesday" in held["a.md"] and "zanzibarian" not in held["a.md"] and "<aside" not in held["a.md"]
    assert held["rendered bodies"] == []  # nor its rendered bodies: a build shows them once


@pytest.mark.parametrize("docs", [[{"location": "a/", "title": 'A "quoted" title', "text": "x"}], []])
def test_note_entries_are_appended_to_the_index_as_material_writes_it(tmp_path, docs):
    """Material's compact index gets the entries at the end of "docs", in it and in the offline copy,
    once however often it is done, every other byte kept."""
    from context_layers.publish.search import add_to_search_index, encoded

    (tmp_path / "search").mkdir()
    text = json.dumps({"config": {"lang": ["en"], "separator": "[\\s\\-]+"}, "docs": docs}, separators=(",", ":"))
    (tmp_path / "search/search_index.json").write_text(text)
    (tmp_path / "search/search_index.js").write_text("var __index = " + text)
    entries = [{"location": "a/#note-é", "title": "Background: “x”", "text": 'say "location":"a/"'}]
    assert add_to_search_index(tmp_path, encoded(entries)) and add_to_search_index(tmp_path, encoded(entries))
    written = (tmp_path / "search/search_index.json").read_text()
    assert written.startswith(text[:-2]) and json.loads(written)["docs"] == docs + entries
    offline = (tmp_path / "search/search_index.js").read_text()
    assert offline == "var __index = " + written


def test_entries_wait_compressed_and_come_back_as_the_index_holds_them():
    from context_layers.publish.search import IndexEntries, encoded

    first = [{"location": "a/#note-one", "title": "One", "text": "line\nbreak, “quoted”, عربي"}]
    second = [
        {"location": "b/#note-two", "title": "Two", "text": ""},
        {"location": "b/#note-3", "title": "", "text": "x"},
    ]
    entries = IndexEntries()
    for page in (first, [], second):
        entries.add(page)
    assert list(entries) == encoded(first + second)
    entries.clear()
    assert list(entries) == []
