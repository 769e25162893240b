"""The rules the editorial standards state, checked: warnings (errors under --strict) at the key concerned,
and one mistake giving one message, not a cascade."""

from __future__ import annotations

from pathlib import Path

from context_layers.core.options import parse_layers
from context_layers.tools.cli import main
from helpers import copy_project
from test_load import load, messages

LAYERS = parse_layers({
    "background": {"title": "Background", "allows_verdict": False},
    "disputed": {"title": "Disputed", "requires_sources": True, "requires_verdict": True},
})  # fmt: skip
SOURCES = "sources:\n  s:\n    title: S\n    url: https://example.org/s\n    publisher: P\n    date: 2022-02-04\n"


def _notes(*notes: str) -> str:
    return "page: index.md\nnotes:\n" + "".join(notes)


def test_a_disputed_note_needs_a_verdict_at_its_layer(tmp_path):
    note = "  - id: n\n    layer: disputed\n    quote: q\n    title: T\n    body: B\n    sources:\n      - ref: s\n"
    catalog = load(tmp_path, {"sources.yml": SOURCES, "a.yml": _notes(note)}, layers=LAYERS)
    assert messages(catalog) == [
        "annotations/a.yml:4:12: warning: note 'n' is in the 'disputed' layer, which needs a verdict",
    ]
    assert 'as defined on the site\'s "How to read the notes" page' in catalog.diagnostics[0].hint
    with_verdict = note.replace("    body: B\n", "    verdict: opinion\n    body: B\n")
    assert messages(load(tmp_path, {"sources.yml": SOURCES, "a.yml": _notes(with_verdict)}, layers=LAYERS)) == []


def test_a_background_note_gives_no_verdict(tmp_path):
    note = "  - id: n\n    layer: background\n    quote: q\n    title: T\n    verdict: opinion\n    body: B\n"
    catalog = load(tmp_path, {"a.yml": _notes(note)}, layers=LAYERS)
    assert messages(catalog) == [
        "annotations/a.yml:7:14: warning: note 'n' is in the 'background' layer, which gives no verdicts",
    ]
    assert messages(load(tmp_path, {"a.yml": _notes(note.replace("    verdict: opinion\n", ""))}, layers=LAYERS)) == []


def test_a_note_with_a_title_only_is_not_a_note_yet(tmp_path):
    """What `new --title` leaves: a note needs a body or sources before it says anything."""
    catalog = load(tmp_path, {"a.yml": _notes("  - id: n\n    layer: background\n    quote: q\n    title: T\n")})
    assert messages(catalog) == ["annotations/a.yml:3:5: warning: note 'n' has neither a body nor sources"]
    with_body = _notes("  - id: n\n    layer: background\n    quote: q\n    title: T\n    body: B\n")
    assert messages(load(tmp_path, {"a.yml": with_body})) == []


def test_a_source_says_who_published_it_and_when_or_that_the_document_does_not(tmp_path):
    shared = "sources:\n  s:\n    title: S\n    url: https://example.org/s\n    publisher: P\n"
    inline = "      - {title: I, url: 'https://example.org/i', date: 2022-02-04}\n"
    note = "  - id: n\n    layer: background\n    quote: q\n    title: T\n    body: B\n    sources:\n      - ref: s\n"
    catalog = load(tmp_path, {"sources.yml": shared, "a.yml": _notes(note + inline)})
    assert messages(catalog) == [
        "annotations/a.yml:10:9: warning: the source 'I' has no `publisher`",
        "annotations/sources.yml:2:3: warning: source 's' has no `date`",
    ]
    assert catalog.diagnostics[1].hint.endswith("if the document does not show it, write `date: null`")
    stated = {
        "sources.yml": shared + "    date: null\n",
        "a.yml": _notes(note + inline.replace("date:", "publisher: ~, date:")),
    }
    assert messages(load(tmp_path, stated)) == []


def _copy_with(tmp_path: Path, file: str, change) -> Path:
    project = copy_project(tmp_path / "site")
    path = project / file
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return project


def _lines(capsys, project: Path) -> list[str]:
    assert main(["check", str(project)]) == 1
    out = capsys.readouterr().out
    return [line for line in out.splitlines() if not line.startswith("  hint:")]


def test_a_tab_in_the_notes_file_gives_one_error_and_one_line_on_what_was_skipped(tmp_path, capsys):
    project = _copy_with(
        tmp_path, "annotations/idlib-raid.yml", lambda t: t.replace("    layer: disputed", "\tlayer: disputed", 1)
    )
    lines = _lines(capsys, project)
    assert [line.split(": ")[1] for line in lines] == ["error", "notice"], lines
    assert lines[0].startswith("annotations/idlib-raid.yml:") and "a tab character" in lines[0]
    assert lines[1].startswith("annotations/sources.yml:1:1: notice: not checked whether the ")
    assert "annotations/idlib-raid.yml could not be read" in lines[1]


def test_a_broken_sources_file_gives_one_error_not_one_per_citation(tmp_path, capsys):
    project = _copy_with(tmp_path, "annotations/sources.yml", lambda t: t.replace("    title:", "\ttitle:", 1))
    lines = _lines(capsys, project)
    (error,) = [line for line in lines if ": error: " in line]
    (notice,) = [line for line in lines if ": notice: " in line]
    assert len(lines) == 2, lines
    assert error.startswith("annotations/sources.yml:") and "a character YAML cannot read here" in error
    assert notice.startswith("annotations/sources.yml:1:1: notice: not checked: ")
    assert "references to shared sources in notes, because this file could not be read" in notice
