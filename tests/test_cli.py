"""The `context-layers` command line: check, new, fmt, stats."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from helpers import GOLDEN, run_cli
from test_bad_input import ARTICLE, CASES, GOOD_NOTE, SOURCES

CITES = (
    'page: index.md\nnotes:\n  - id: cites\n    layer: counter\n    quote: "planned for months"\n    title: '
    "Planning\n    sources:\n      - ref: un-report\n"
)

WITH_BODY = GOOD_NOTE + "    body: |\n      A note without sources says what a reader should know.\n"  # no warning


def run(capsys, *args: str) -> tuple[int, str, str]:
    return run_cli(capsys, *args)


@pytest.fixture
def site(project):
    project.write("docs/index.md", ARTICLE)
    project.write("annotations/sources.yml", SOURCES)
    project.write("annotations/cites.yml", CITES)
    project.write("annotations/notes.yml", GOOD_NOTE)
    return project


def test_check_passes_a_good_project(site, capsys):
    site.write("annotations/notes.yml", WITH_BODY)
    code, out, err = run(capsys, "check", str(site.root), "--strict")
    assert (code, out) == (0, "")
    assert err.strip() == "3 files, 2 notes: 0 errors, 0 warnings"


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_check_reports_each_bad_input_like_the_build(site, capsys, case):
    text, expected, hint = CASES[case]
    site.write("annotations/notes.yml", text)
    code, out, _ = run(capsys, "check", str(site.root))
    assert code == 1
    assert f"annotations/notes.yml:{expected}" in out and hint in out
    line, col = expected.split(":")[:2]
    code, out, _ = run(capsys, "check", str(site.root), "--format", "github")
    assert code == 1
    assert f"::error file=annotations/notes.yml,line={line},col={col},title=context-layers::" in out


def test_check_json_is_a_stable_list_of_objects(site, capsys):
    site.write("annotations/notes.yml", GOOD_NOTE.replace("layer: background", "layer: nope"))
    code, out, _ = run(capsys, "check", str(site.root), "--format", "json")
    assert code == 1
    assert json.loads(out) == [
        {
            "file": "annotations/notes.yml",
            "line": 4,
            "col": 12,
            "severity": "error",
            "message": "unknown layer 'nope'",
            "hint": "allowed: background, counter, disputed",
        }
    ]


def test_check_strict_counts_warnings(site, capsys):
    site.write("annotations/notes.yml", GOOD_NOTE.replace("four women", "four woman"))
    assert run(capsys, "check", str(site.root))[0] == 0
    code, out, _ = run(capsys, "check", str(site.root), "--strict")
    assert code == 1 and "warning: the quote was not found exactly" in out


def test_github_format_escapes_newlines_and_commas():
    from context_layers.core.diagnostics import Diagnostic, Severity
    from context_layers.tools.cli import format_diagnostics

    line = format_diagnostics([Diagnostic("a,b.yml", 2, 3, Severity.WARNING, "50% done", "one\ntwo")], "github")
    assert line == "::warning file=a%2Cb.yml,line=2,col=3,title=context-layers::50%25 done%0Ahint: one%0Atwo"


def test_usage_errors_exit_2_and_help_works():
    for args in ([], ["check", "--format", "xml"], ["new", "index.md"], ["nonsense"]):
        assert subprocess.run([sys.executable, "-m", "context_layers", *args], capture_output=True).returncode == 2
    for command in ("check", "new", "fmt", "stats"):
        result = subprocess.run(
            [sys.executable, "-m", "context_layers", command, "--help"], capture_output=True, text=True
        )
        assert result.returncode == 0 and "usage: context-layers " + command in result.stdout


def test_a_missing_project_is_a_clear_error(tmp_path, capsys):
    code, _, err = run(capsys, "check", str(tmp_path))
    assert code == 1 and "error: no MkDocs configuration found" in err


COMMENTED = """\
# Notes for the home page.   (a comment on top)
page: index.md   # trailing comment
notes:
  # The first note.
  - id: casualties            # aligned comment
    layer: background
    quote: 'six children and four women'   # single quotes kept
    body: |
      A body with
      two lines.

  - {id: flow, layer: background, quote: "Officials said the raid was a success"}
# a comment at the very end
"""


def test_new_appends_a_note_and_keeps_every_other_byte(site, capsys):
    site.write("annotations/notes.yml", COMMENTED)
    code, out, _ = run(
        capsys,
        "new",
        "index.md",
        "--quote",
        "planned for months",
        "--prefix",
        "the raid was ",
        "--layer",
        "disputed",
        "--project",
        str(site.root),
        "--file",
        "annotations/notes.yml",
    )
    assert code == 0, out
    assert "added note 'planned-for-months' to annotations/notes.yml" in out
    today = __import__("datetime").date.today().isoformat()
    assert (site.root / "annotations/notes.yml").read_text() == COMMENTED.replace(
        "# a comment at the very end\n",
        '\n  - id: planned-for-months\n    layer: disputed\n    quote: "planned for months"\n    prefix: "the raid was '
        '"\n'
        f'    title: ""\n    body: ""\n    sources: []\n    updated: {today}\n# a comment at the very end\n',
    )
    assert "its address will be ./#note-planned-for-months" in out
    code, out, _ = run(capsys, "check", str(site.root))
    assert "notes.yml" in out and "requires at least one source" in out  # the skeleton still needs sources


def test_new_creates_the_file_with_the_schema_line(site, capsys):
    (site.root / "schema").mkdir()
    (site.root / "schema/annotations.schema.json").write_text("{}")
    site.write("docs/world/other.md", "# Other\n\nA quoted passage here.\n")
    code, out, _ = run(
        capsys,
        "new",
        "world/other.md",
        "--quote",
        "A quoted passage",
        "--layer",
        "background",
        "--title",
        "About it",
        "--project",
        str(site.root),
    )
    assert code == 0
    text = (site.root / "annotations/world-other.yml").read_text()
    assert text.startswith(
        "# yaml-language-server: $schema=../schema/annotations.schema.json\npage: world/other.md\nnotes:\n"
        '  - id: a-quoted-passage\n    layer: background\n    quote: "A quoted passage"\n    title: "About it"\n'
    )
    assert (
        run(
            capsys,
            "new",
            "world/other.md",
            "--quote",
            "A quoted passage here",
            "--layer",
            "background",
            "--project",
            str(site.root),
        )[0]
        == 0
    )
    assert "id: a-quoted-passage-here" in (site.root / "annotations/world-other.yml").read_text()


def test_new_refuses_a_quote_that_does_not_anchor(site, capsys):
    code, _, err = run(
        capsys,
        "new",
        "index.md",
        "--quote",
        "six children and five women",
        "--layer",
        "background",
        "--project",
        str(site.root),
    )
    assert code == 1
    assert err.startswith("--quote: the quote does not anchor on index.md") and "'six children and four women'" in err
    assert (site.root / "annotations/notes.yml").read_text() == GOOD_NOTE
    code, _, err = run(
        capsys, "new", "index.md", "--quote", "Officials said", "--layer", "background", "--project", str(site.root)
    )
    assert code == 1 and "occurs 2 times" in err
    code, _, err = run(capsys, "new", "indx.md", "--quote", "x", "--layer", "background", "--project", str(site.root))
    assert code == 2 and err.startswith("PAGE: page 'indx.md' does not exist") and "did you mean 'index.md'?" in err


def test_fmt_orders_keys_quotes_text_and_is_idempotent(site, capsys):
    site.write(
        "annotations/notes.yml",
        COMMENTED.replace("    layer: background\n    quote:", "    body2: x\n    quote:").replace(
            "  - id: casualties            # aligned comment\n",
            "  - layer: background\n    id: casualties            # aligned comment\n",
        ),
    )
    code, out, _ = run(capsys, "fmt", "--check", str(site.root))
    assert code == 1 and "would reformat annotations/notes.yml" in out
    assert run(capsys, "fmt", str(site.root))[0] == 0
    once = (site.root / "annotations/notes.yml").read_text()
    assert (
        '  - id: casualties            # aligned comment\n    layer: background\n    quote: "six children and four '
        'women"   # single' in once
    )
    assert "# The first note." in once and "# a comment at the very end" in once
    assert run(capsys, "fmt", str(site.root))[0] == 0
    assert (site.root / "annotations/notes.yml").read_text() == once
    assert run(capsys, "fmt", "--check", str(site.root))[0] == 0


def test_stats_json(site, capsys):
    site.write("annotations/notes.yml", WITH_BODY)
    code, out, _ = run(capsys, "stats", str(site.root), "--format", "json")
    assert code == 0
    (row,) = json.loads(out)
    assert row == {
        "page": "index.md",
        "paragraphs": 3,
        "paragraphs_with_notes": 2,
        "notes": 2,
        "notes_per_layer": {"background": 1, "counter": 1, "disputed": 0},
        "notes_per_verdict": {},
        "sources": 1,
        "notes_without_sources": ["casualties"],
        "warnings": 0,
        "errors": 0,
        "citations_per_stance": {"supports": 0, "contradicts": 0, "context": 0, "none": 1},
        "one_sided_notes": {},
    }


def test_a_broken_mkdocs_yml_is_a_clear_error(site, capsys):
    site.write(
        "mkdocs.yml", "site_name: T\ntheme:\n  name: material\n  custom_dir: nowhere\nplugins:\n  - context-layers\n"
    )
    code, out, err = run(capsys, "check", str(site.root))
    assert code == 1 and "Traceback" not in err
    assert (
        "mkdocs.yml:1:1: error: the configuration is not valid: Config value 'theme': The path set in custom_dir" in err
    )


def test_stats_counts_citations_per_stance_and_names_one_sided_notes(site, capsys):
    site.write("annotations/cites.yml", CITES + "        stance: supports\n")
    site.write(
        "annotations/notes.yml",
        GOOD_NOTE + "    sources:\n      - ref: un-report\n        stance: contradicts\n"
        "      - {title: Other, url: 'https://example.org/o', stance: context}\n",
    )
    code, out, _ = run(capsys, "stats", str(site.root))
    assert code == 0
    assert "  citations by stance    supports 1, contradicts 1, context 1, no stance 0\n" in out
    assert "  one-sided notes        1: cites (supports)\n" in out


DIAGNOSTICS = GOLDEN / "diagnostics.json"


def test_every_bad_input_gets_the_same_diagnostics_as_reviewed(site, capsys, request):
    """The full `check --format json` of every bad-input case, byte for byte as reviewed in
    tests/golden/diagnostics.json: loading may be reorganised, its messages may not drift.
    (`pytest tests/test_cli.py --update-golden` rewrites it; review the diff.)"""
    found = {}
    for case, (text, _, _) in CASES.items():
        site.write("annotations/notes.yml", text)
        code, out, _ = run(capsys, "check", str(site.root), "--format", "json")
        found[case] = {"exit": code, "diagnostics": json.loads(out)}
    text = json.dumps(found, indent=2, ensure_ascii=False) + "\n"
    if request.config.getoption("--update-golden") or not DIAGNOSTICS.exists():
        DIAGNOSTICS.write_text(text, encoding="utf-8")
    assert text == DIAGNOSTICS.read_text(encoding="utf-8")


def test_check_on_several_processes_reports_what_one_process_does(project):
    """`check` anchors pages on one process per processor: every page's problems are reported, as on one."""
    for number in range(1, 25):
        project.write(f"docs/p{number:02d}.md", f"# Page {number}\n\nThe council of town {number} met on Tuesday.\n")
        quote = "met on Tuesday" if number % 3 else "met on Friday"  # every third page: a quote not in it
        project.write(
            f"annotations/p{number:02d}.yml",
            f"page: p{number:02d}.md\nnotes:\n  - id: vote\n    layer: background\n    quote: {quote}\n"
            "    body: A note.\n",
        )

    def check(jobs: str) -> list[dict]:
        command = [sys.executable, "-m", "context_layers", "check", "--format", "json", "--jobs", jobs, "."]
        done = subprocess.run(command, cwd=project.root, capture_output=True, text=True, timeout=120)
        assert done.returncode == 1, done.stderr
        return json.loads(done.stdout)

    alone = check("1")
    assert [d["file"] for d in alone if d["severity"] == "error"] == [
        f"annotations/p{n:02d}.yml" for n in range(3, 25, 3)
    ]
    assert check("2") == alone and check("4") == alone
