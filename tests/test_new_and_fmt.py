"""`new` and `fmt`, as a contributor meets them: argument mistakes named at the argument, notes
separated as in a hand-written file, short ids, and `fmt --check` showing what it would change."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from context_layers.core.model import ID_PATTERN, unique_id
from context_layers.tools.cli import format_changes
from context_layers.tools.edit import append_notes, format_text
from context_layers.tools.project import load_project
from helpers import run_cli
from test_bad_input import ARTICLE, GOOD_NOTE, SOURCES


def run(capsys, *args: str) -> tuple[int, str, str]:
    return run_cli(capsys, *args)


@pytest.fixture
def site(project):
    project.write("docs/index.md", ARTICLE)
    project.write("docs/other.md", "# Other\n\nA quoted passage here.\n")
    project.write("annotations/sources.yml", format_text(SOURCES, sources_file=True))
    project.write("annotations/notes.yml", GOOD_NOTE)
    return project


def new(capsys, site, *args: str) -> tuple[int, str, str]:
    return run(capsys, "new", *args, "--project", str(site.root))


# --- `new`: a mistyped argument is reported at the argument ------------------------------------


def test_an_unknown_layer_is_reported_at_the_argument_with_the_nearest_layer(site, capsys):
    code, out, err = new(capsys, site, "index.md", "--quote", "planned for months", "--layer", "backgound")
    assert (code, out) == (2, "")
    hint = "did you mean 'background'? Allowed: background, counter, disputed"
    assert err == f"--layer: unknown layer 'backgound'\n  hint: {hint}\n"
    assert "index.md:1:1" not in err
    assert (site.root / "annotations/notes.yml").read_text() == GOOD_NOTE


def test_import_names_its_arguments_too(site, capsys, tmp_path):
    exported = tmp_path / "notes.jsonld"
    exported.write_text('{"type": "AnnotationPage", "items": []}')
    code, out, err = run(capsys, "import", str(exported), "--page", "index.md", "--layer", "backgound",
                         "--project", str(site.root))  # fmt: skip
    assert (code, out) == (2, "") and err.startswith("--layer: unknown layer 'backgound'\n")
    code, _, err = run(capsys, "import", str(exported), "--page", "indx.md", "--layer", "background",
                       "--project", str(site.root))  # fmt: skip
    assert code == 2 and err.startswith("--page: page 'indx.md' does not exist under docs/\n")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["indx.md", "--layer", "background"], "PAGE: page 'indx.md' does not exist under docs/\n  hint: did you mean"),
        (["index.md", "--layer", "background", "--id", "casualties"], "--id: the id 'casualties' is already used on"),
        (["index.md", "--layer", "background", "--id", "Bad Id"], "--id: 'Bad Id' is not an id: use lowercase"),
        (["index.md", "--layer", "background", "--file", "notes.yml"], "--file: notes.yml is not a YAML file in"),
        (
            ["index.md", "--layer", "background", "--file", "annotations/sources.yml"],
            "--file: annotations/sources.yml holds the shared sources, not notes",
        ),
        (
            ["other.md", "--layer", "background", "--file", "annotations/notes.yml"],
            "--file: annotations/notes.yml holds the notes of 'index.md', not of 'other.md'",
        ),
    ],
    ids=["page", "id-taken", "id-invalid", "file-outside", "file-sources", "file-other-page"],
)
def test_every_argument_mistake_names_the_argument(site, capsys, args, expected):
    quote = "A quoted passage" if args[0] == "other.md" else "planned for months"
    code, out, err = new(capsys, site, *args, "--quote", quote)
    assert (code, out) == (2, "")
    assert err.startswith(expected), err
    assert ":1:1:" not in err
    assert (site.root / "annotations/notes.yml").read_text() == GOOD_NOTE


def test_an_empty_quote_is_reported_at_the_quote(site, capsys):
    code, _, err = new(capsys, site, "index.md", "--quote", "  ", "--layer", "background")
    assert code == 2 and err.startswith("--quote: must not be empty")


def test_a_quote_that_does_not_anchor_is_reported_at_the_quote(site, capsys):
    code, _, err = new(capsys, site, "index.md", "--quote", "planned for years", "--layer", "background")
    assert code == 1 and err.startswith("--quote: the quote does not anchor on index.md")


# --- notes appended are separated from the note before by one blank line ------------------------


def test_new_leaves_one_blank_line_before_the_note_it_appends(site, capsys):
    assert new(capsys, site, "index.md", "--quote", "planned for months", "--layer", "background")[0] == 0
    text = (site.root / "annotations/notes.yml").read_text()
    assert text.startswith(GOOD_NOTE + "\n  - id: planned-for-months\n"), text
    # Where a blank line is there already, no second one is added.
    assert new(capsys, site, "index.md", "--quote", "success", "--layer", "background")[0] == 0
    text = (site.root / "annotations/notes.yml").read_text()
    assert "updated: " in text and "\n\n  - id: success\n" in text and "\n\n\n" not in text
    assert text.count("\n\n  - id: ") == 2


def test_a_file_that_ends_with_a_blank_line_keeps_exactly_one(site, capsys):
    site.write("annotations/notes.yml", GOOD_NOTE + "\n")
    assert new(capsys, site, "index.md", "--quote", "planned for months", "--layer", "background")[0] == 0
    text = (site.root / "annotations/notes.yml").read_text()
    assert text.startswith(GOOD_NOTE + "\n  - id: planned-for-months\n") and "\n\n\n" not in text


def test_the_first_note_of_a_new_file_has_no_blank_line_and_the_next_ones_have_one(site):
    project = load_project(site.root)
    notes = [
        {"id": "first", "layer": "background", "quote": "A quoted passage"},
        {"id": "second", "layer": "background", "quote": "passage here", "updated": dt.date(2026, 1, 2)},
    ]
    path = append_notes(project, "other.md", notes)
    assert path.read_text() == (
        "page: other.md\nnotes:\n"
        '  - id: first\n    layer: background\n    quote: "A quoted passage"\n'
        "\n"
        '  - id: second\n    layer: background\n    quote: "passage here"\n    updated: 2026-01-02\n'
    )
    assert format_text(path.read_text(), sources_file=False) == path.read_text()  # as `fmt` would write it


def test_the_flagship_file_separates_its_notes_by_one_blank_line():
    from helpers import REPO

    text = (REPO / "annotations/idlib-raid.yml").read_text()
    starts = [m.start() for m in re.finditer(r"^  - id: ", text, re.M)]
    assert len(starts) > 2
    assert all(text[:start].endswith("\n\n") and not text[:start].endswith("\n\n\n") for start in starts[1:])


# --- default ids ------------------------------------------------------------------------------


def test_default_ids_are_at_most_four_words_and_32_characters():
    assert unique_id("within walking distance of Turkey", set()) == "within-walking-distance"
    assert unique_id("six children and four women were among 13 people killed", set()) == "six-children-and-four"
    assert unique_id("Supercalifragilisticexpialidocious is long", set()) == "supercalifragilisticexpialidocio"
    assert unique_id("!!!", set()) == "note"
    taken = {"within-walking-distance", "within-walking-distance-2"}
    assert unique_id("within walking distance of Turkey", taken) == "within-walking-distance-3"


@given(st.text(max_size=200), st.sets(st.text(alphabet="abc-", max_size=6), max_size=5))
def test_default_ids_are_short_valid_and_unique(text, taken):
    note_id = unique_id(text, taken)
    assert note_id not in taken
    assert re.fullmatch(ID_PATTERN.strip("^$"), note_id)
    assert len(note_id) <= 32 and len(note_id.split("-")) <= 5  # four words, and a number when taken


def test_unique_id_stays_short_when_many_are_taken():
    taken: set[str] = set()
    for _ in range(12):
        taken.add(unique_id("Supercalifragilisticexpialidocious is long", taken))
    assert len(taken) == 12 and max(map(len, taken)) <= 32


# --- `fmt --check` shows what it would change ----------------------------------------------------

UNFORMATTED = """\
page: index.md
notes:
  - id: casualties
    layer: background
    quote: "six children and four women"
    title: Who was killed
    body: |
      A body.

  - id: planned
    layer: background
    quote: "planned for months"
    title: "Planned"
    body: |
      Another body,
      on three lines,
      to keep the two changes apart.
    updated: 2026-01-02
    sources:
      - ref: un-report
"""


def test_fmt_check_prints_a_unified_diff_per_file(site, capsys):
    site.write("annotations/notes.yml", UNFORMATTED)
    code, out, _ = run(capsys, "fmt", "--check", str(site.root))
    assert code == 1
    lines = out.splitlines()
    assert lines[:2] == ["--- a/annotations/notes.yml", "+++ b/annotations/notes.yml"]
    assert "-    title: Who was killed" in lines and '+    title: "Who was killed"' in lines
    assert lines.index("-    title: Who was killed") + 1 == lines.index('+    title: "Who was killed"')
    hunks = [line for line in lines if line.startswith("@@")]
    assert hunks == ["@@ -3,7 +3,7 @@", "@@ -15,6 +15,6 @@"]
    assert "-    updated: 2026-01-02" in lines and "+    updated: 2026-01-02" in lines
    assert lines[-1] == "would reformat annotations/notes.yml"
    assert (site.root / "annotations/notes.yml").read_text() == UNFORMATTED  # nothing written


def test_fmt_check_github_puts_an_annotation_on_the_first_changed_line_of_each_block(site, capsys):
    site.write("annotations/notes.yml", UNFORMATTED)
    code, out, _ = run(capsys, "fmt", "--check", "--format", "github", str(site.root))
    assert code == 1
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    assert [a.split("::")[1] for a in annotations] == [
        "error file=annotations/notes.yml,line=6",
        "error file=annotations/notes.yml,line=18",
    ]
    assert all("run `context-layers fmt`" in a for a in annotations)
    assert '-    title: Who was killed%0A+    title: "Who was killed"' in annotations[0]
    assert "--- a/annotations/notes.yml" in out  # the diff is in the log too
    site.write("annotations/notes.yml", GOOD_NOTE.replace("Who was killed", '"Who was killed"'))
    assert run(capsys, "fmt", "--check", "--format", "github", str(site.root))[:2] == (0, "")


def test_fmt_check_github_marks_a_file_it_cannot_read(site, capsys):
    site.write("annotations/notes.yml", GOOD_NOTE + "    body: Who: counted\n")
    code, out, err = run(capsys, "fmt", "--check", "--format", "github", str(site.root))
    assert code == 1
    assert out.startswith("::error file=annotations/notes.yml::cannot be formatted")
    assert "annotations/notes.yml: cannot be formatted" in err


def test_a_change_at_the_end_of_a_file_without_a_final_newline():
    before, after = "a: 1\nb: x", 'a: 1\nb: "x"\n'
    text = format_changes("f.yml", before, after, "github")
    assert '-b: x\n\\ No newline at end of file\n+b: "x"\n' in text
    assert text.splitlines()[-1].startswith("::error file=f.yml,line=2::")
    assert (
        format_changes("f.yml", "a: 1\n", "a: 1\nb: 2\n", "github")
        .splitlines()[-1]
        .startswith("::error file=f.yml,line=1::")
    )
    assert format_changes("f.yml", "same\n", "same\n", "github") == ""
