"""The classroom edition: one command, a folder and a zip, nothing loaded from the network."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from context_layers.publish.offline import external_loads
from helpers import REPO, classroom, copy_project, mkdocs_build, page_html


@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("classroom"))
    result = classroom(project)
    assert result.returncode == 0, result.stderr
    assert "1/3 building the site" in result.stderr and "done: classroom/" in result.stderr
    return project


def test_the_command_makes_a_folder_and_a_zip_of_it(edition):
    folder, archive = edition / "classroom", edition / "classroom.zip"
    assert (folder / "index.html").is_file() and (folder / "world/idlib-raid.html").is_file()
    with zipfile.ZipFile(archive) as zipped:
        names = sorted(n for n in zipped.namelist())
        assert names == sorted(
            f"classroom/{p.relative_to(folder).as_posix()}" for p in folder.rglob("*") if p.is_file()
        )
        assert zipped.read("classroom/index.html") == (folder / "index.html").read_bytes()
    assert not (folder / "sitemap.xml").exists()


def test_nothing_in_the_edition_loads_from_the_network(edition):
    assert external_loads(edition / "classroom") == []
    page = (edition / "classroom/world/idlib-raid.html").read_text()
    assert 'src="../assets/context-layers/vendor/iframe-worker-shim.js"' in page
    assert "fonts.googleapis.com" not in page


def test_the_questions_layer_is_only_in_the_classroom_edition(edition):
    questions = len(
        re.findall(
            r'class="cl-note" data-cl-color="\d" data-layer="questions"',
            (edition / "classroom/world/idlib-raid.html").read_text(),
        )
    )
    notes = sum(
        1 for line in (REPO / "classroom-notes/idlib-raid.yml").read_text().splitlines() if line.startswith("  - id: ")
    )
    assert questions == notes >= 10
    page = (edition / "classroom/world/idlib-raid.html").read_text()
    assert (
        page.count('<details class="cl-body-fold"><summary>Answer for teachers</summary><div class="cl-body">')
        == questions
    )
    result = mkdocs_build(edition, "--strict", "-d", str(edition / "site"))
    assert result.returncode == 0, result.stderr
    assert 'data-layer="questions"' not in page_html(edition / "site", "world/idlib-raid.md")


def test_two_builds_give_identical_zips(edition, tmp_path):
    first = (edition / "classroom.zip").read_bytes()
    again = copy_project(tmp_path)
    assert classroom(again).returncode == 0
    assert (again / "classroom.zip").read_bytes() == first


def test_a_broken_edition_changes_nothing(edition, tmp_path):
    project = copy_project(tmp_path)
    assert classroom(project).returncode == 0
    before = (project / "classroom.zip").read_bytes()
    notes = project / "classroom-notes/idlib-raid.yml"
    notes.write_text(notes.read_text().replace("layer: questions", "layer: qestions", 1))
    result = classroom(project)
    assert result.returncode == 1
    assert "classroom-notes/idlib-raid.yml:" in result.stderr and "unknown layer 'qestions'" in result.stderr
    assert "the classroom edition did not build; nothing was changed" in result.stderr
    assert (project / "classroom.zip").read_bytes() == before and (project / "classroom/index.html").is_file()


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
