"""The classroom editions: one command, for teachers and for students, each a folder and a zip,
nothing loaded from the network."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
import yaml

from context_layers.publish.offline import external_loads
from helpers import REPO, classroom, copy_project, mkdocs_build, page_html

EDITIONS = ("classroom", "classroom-students")
ARTICLE = "world/idlib-raid.html"


def questions() -> list[dict]:
    return yaml.safe_load((REPO / "classroom-notes/idlib-raid.yml").read_text())["notes"]


def answer_phrases() -> list[str]:
    """From every answer, its longest run of plain words: text that can only come from the answer."""
    phrases = []
    for note in questions():
        runs = re.findall(r"[A-Za-z ,]+", " ".join(note["body"].split()))
        phrases.append(max(runs, key=len).strip(" ,"))
    assert all(len(phrase) > 30 for phrase in phrases)
    return phrases


def flat(text: str) -> str:
    return " ".join(text.split())


def search_text(folder: Path) -> dict[str, str]:
    """Both search indexes the edition ships (the .js one is what works from file://), as text."""
    index = json.loads((folder / "search/search_index.json").read_text())
    script = (folder / "search/search_index.js").read_text()
    assert script.startswith("var __index = ")
    from_script = json.loads(script.removeprefix("var __index = ").rstrip().rstrip(";"))
    return {
        name: flat(" ".join(re.sub(r"<[^>]+>", " ", d["title"] + " " + d["text"]) for d in data["docs"]))
        for name, data in (("json", index), ("js", from_script))
    }


@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("classroom"))
    result = classroom(project)
    assert result.returncode == 0, result.stderr
    assert "1/3 building the teachers' edition" in result.stderr
    assert "2/3 building the students' edition" in result.stderr
    assert "done: classroom/" in result.stderr and "done: classroom-students/" in result.stderr
    return project


@pytest.mark.parametrize("name", EDITIONS)
def test_the_command_makes_a_folder_and_a_zip_of_each_edition(edition, name):
    folder, archive = edition / name, edition / f"{name}.zip"
    assert (folder / "index.html").is_file() and (folder / ARTICLE).is_file()
    with zipfile.ZipFile(archive) as zipped:
        names = sorted(n for n in zipped.namelist())
        assert names == sorted(f"{name}/{p.relative_to(folder).as_posix()}" for p in folder.rglob("*") if p.is_file())
        assert zipped.read(f"{name}/index.html") == (folder / "index.html").read_bytes()
    assert not (folder / "sitemap.xml").exists()


@pytest.mark.parametrize("name", EDITIONS)
def test_nothing_in_the_edition_loads_from_the_network(edition, name):
    assert external_loads(edition / name) == []
    page = (edition / name / ARTICLE).read_text()
    assert 'src="../assets/context-layers/vendor/iframe-worker-shim.js"' in page
    assert "fonts.googleapis.com" not in page


def test_the_questions_layer_is_only_in_the_classroom_editions(edition):
    count = len(questions())
    assert count >= 10
    for name in EDITIONS:
        page = (edition / name / ARTICLE).read_text()
        assert len(re.findall(r'class="cl-note" data-cl-color="\d" data-layer="questions"', page)) == count
    result = mkdocs_build(edition, "--strict", "-d", str(edition / "site"))
    assert result.returncode == 0, result.stderr
    assert 'data-layer="questions"' not in page_html(edition / "site", "world/idlib-raid.md")


def test_the_teachers_edition_folds_the_answers_under_the_questions(edition):
    page = (edition / "classroom" / ARTICLE).read_text()
    folded = '<details class="cl-body-fold"><summary>Answer for teachers</summary><div class="cl-body">'
    assert page.count(folded) == len(questions())
    text, index = flat(page), search_text(edition / "classroom")
    for phrase in answer_phrases():
        assert phrase in text and phrase in index["json"] and phrase in index["js"]


def test_the_students_edition_has_no_answers_anywhere(edition):
    """Not hidden: absent, from every page, both search indexes and every other file."""
    folder = edition / "classroom-students"
    page = (folder / ARTICLE).read_text()
    assert "cl-body-fold" not in page and "Answer for teachers" not in page
    files = {p.relative_to(folder).as_posix(): flat(p.read_text(errors="replace")) for p in folder.rglob("*")
             if p.is_file() and p.suffix in (".html", ".js", ".json", ".xml", ".txt")}  # fmt: skip
    index = search_text(folder)
    for phrase in answer_phrases():
        assert [name for name, text in files.items() if phrase in text] == []
        assert phrase not in index["json"] and phrase not in index["js"]
    for note in questions():  # the questions themselves are there, numbered
        assert note["title"].replace("'", "&#x27;") in page or note["title"] in page
    assert ">Q1. " in page and f">Q{len(questions())}. " in page


@pytest.mark.parametrize(("name", "title"), [("classroom", "For teachers"), ("classroom-students", "Questions")])
def test_the_questions_page_lists_q1_to_qn_with_their_passages_and_links(edition, name, title):
    page = (edition / name / "questions.html").read_text()
    assert "<h1" in page and f">{title}</h1>" in page
    article = (edition / name / ARTICLE).read_text()
    headings = re.findall(r'<h2 id="(q\d+)">', page)
    assert headings == [f"q{n}" for n in range(1, len(questions()) + 1)]
    links = re.findall(r'href="world/idlib-raid\.html#note-([a-z0-9-]+)"', page)
    assert sorted(links) == sorted(note["id"] for note in questions())
    for note_id in links:
        assert f'id="note-{note_id}"' in article
    for number, note_id in enumerate(links, start=1):  # Qn here is Qn beside the passage
        assert re.search(rf'id="note-{note_id}".*?class="cl-title">Q{number}\. ', article, re.S)
    for note in questions():
        assert flat(note["quote"]).replace("'", "&#x27;") in page or flat(note["quote"]) in page
    assert ("cl-body-fold" in page) == (name == "classroom")


@pytest.mark.parametrize("name", EDITIONS)
def test_the_question_sheet_has_every_question_and_space_to_write(edition, name):
    page = (edition / name / "question-sheet.html").read_text()
    blocks = re.findall(r'<div class="cl-sheet-question" id="(q\d+)"', page)
    assert blocks == [f"q{n}" for n in range(1, len(questions()) + 1)]
    assert page.count('class="cl-sheet-line"') == 5 * len(blocks)
    assert "cl-body-fold" not in page


@pytest.mark.parametrize("name", EDITIONS)
def test_pages_marked_classroom_false_leave_the_edition(edition, name):
    assert "classroom: false" in (REPO / "docs/about/without-mkdocs.md").read_text()
    folder = edition / name
    assert not (folder / "about/without-mkdocs.html").exists()
    for page in folder.rglob("*.html"):
        assert "without-mkdocs" not in page.read_text(), page
    home = (folder / "index.html").read_text()
    nav = re.findall(r'<a href="([^"#]+)" class="md-nav__link', home)
    assert "questions.html" in nav and "question-sheet.html" in nav and ARTICLE in nav


@pytest.mark.parametrize("name", EDITIONS)
def test_the_home_page_names_the_layers_the_edition_has(edition, name):
    home = flat(re.sub(r"<[^>]+>", "", (edition / name / "index.html").read_text()))
    layers = yaml.safe_load((REPO / "mkdocs.classroom.yml").read_text().replace("!ENV", ""))["plugins"][2]
    titles = [layer["title"] for layer in layers["context-layers"]["layers"].values()]
    assert len(titles) == 4 and "Notes come in four layers." in home
    assert all(f"{title}:" in home for title in titles)
    assert "three layers" not in home
    assert ("teachers' edition" in home) == (name == "classroom")
    assert ("students' edition" in home) == (name == "classroom-students")


def test_two_builds_give_identical_zips(edition, tmp_path):
    again = copy_project(tmp_path)
    assert classroom(again).returncode == 0
    for name in EDITIONS:
        assert (again / f"{name}.zip").read_bytes() == (edition / f"{name}.zip").read_bytes(), name


def test_a_broken_edition_changes_nothing(edition, tmp_path):
    project = copy_project(tmp_path)
    assert classroom(project).returncode == 0
    before = {name: (project / f"{name}.zip").read_bytes() for name in EDITIONS}
    notes = project / "classroom-notes/idlib-raid.yml"
    notes.write_text(notes.read_text().replace("layer: questions", "layer: qestions", 1))
    result = classroom(project)
    assert result.returncode == 1
    assert "classroom-notes/idlib-raid.yml:" in result.stderr and "unknown layer 'qestions'" in result.stderr
    assert "the classroom edition did not build; nothing was changed" in result.stderr
    for name in EDITIONS:
        assert (project / f"{name}.zip").read_bytes() == before[name] and (project / name / "index.html").is_file()


def test_a_students_edition_with_answers_is_refused(tmp_path):
    """A configuration that does not read the edition from the command would give students the answers."""
    project = copy_project(tmp_path)
    config = project / "mkdocs.classroom.yml"
    config.write_text(config.read_text().replace("!ENV [CONTEXT_LAYERS_EDITION, teachers]", "teachers"))
    result = classroom(project)
    assert result.returncode == 1
    assert "the students' edition still has answers for teachers" in result.stderr
    assert "!ENV [CONTEXT_LAYERS_EDITION, teachers]" in result.stderr
    assert not (project / "classroom").exists() and not (project / "classroom-students.zip").exists()


def test_the_offline_check_finds_what_would_load_from_the_network(tmp_path):
    (tmp_path / "a.html").write_text(
        '<html><head>\n<script src="https://cdn.example/x.js"></script>\n'
        '<link rel="stylesheet" href="//fonts.example/css">\n'
        '<link rel="alternate" href="https://example.org/feed">\n</head>'
        '<body><a href="https://example.org/source">a source</a>'
        '<img alt="" src="https://example.org/i.png"></body></html>'
    )
    (tmp_path / "b.css").write_text("body { background: url('https://example.org/bg.png') }")
    (tmp_path / "c.js").write_text('importScripts("https://example.org/worker.js")')
    found = external_loads(tmp_path)
    assert [f.split(":")[0] + ":" + f.split(":")[1] for f in found] == [
        "a.html:2",
        "a.html:3",
        "a.html:5",
        "b.css:1",
        "c.js:1",
    ]
