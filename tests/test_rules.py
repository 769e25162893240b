"""Stances on citations, and the verdict scale's rules checked against them when loading."""

from __future__ import annotations

import pytest

from context_layers.core.options import parse_layers
from context_layers.core.rules import verdict_problems
from test_load import load, messages

# verdict, the stances of its citations, and the rules it breaks (empty: it passes).
CASES = [
    ("opinion", [], []),
    ("opinion", [None], []),
    ("disputed", ["supports", "contradicts"], []),
    ("disputed", [None, None], ["a verdict rests on evidence"]),
    ("unsupported", ["context"], []),
    ("unsupported", ["contradicts", "context"], []),
    ("unsupported", ["supports", "context"], ["unsupported: no source supports the claim"]),
    ("false", ["contradicts"], []),
    ("false", ["contradicts", "context", None], []),
    ("false", ["context"], ["false: a source contradicts the claim"]),
    ("false", ["contradicts", "supports"], ["false: no source supports the claim"]),
    ("false", ["supports"], ["false: a source contradicts the claim", "false: no source supports the claim"]),
    ("accurate", ["supports", "context"], []),
    ("accurate", ["context"], ["accurate: a source supports the claim"]),
    ("accurate", ["supports", "contradicts"], ["accurate: no source contradicts the claim"]),
    ("misleading", ["supports", "contradicts"], []),
    ("misleading", ["context"], []),
    ("misleading", ["supports"], ["misleading: a source contradicts the claim or gives the missing context"]),
    ("lacks-context", ["supports", "context"], []),
    (
        "lacks-context",
        ["supports", None],
        ["lacks-context: a source contradicts the claim or gives the missing context"],
    ),
    ("lacks-context", [], ["a verdict rests on evidence"]),
]


@pytest.mark.parametrize(("verdict", "stances", "broken"), CASES)
def test_each_verdict_asks_for_the_evidence_its_definition_names(verdict, stances, broken):
    assert [rule.rule for rule in verdict_problems(verdict, stances)] == broken


def _note(verdict: str, *stances: str | None, layer: str = "disputed") -> str:
    citations = "".join(
        f"      - ref: s{i}\n" + (f"        stance: {stance}\n" if stance else "") for i, stance in enumerate(stances)
    )
    return (
        f"page: index.md\nnotes:\n  - id: claim\n    layer: {layer}\n    quote: x\n    title: T\n"
        f'    verdict: "{verdict}"\n    sources:\n{citations}'
    )


SOURCES = "sources:\n" + "".join(
    f"  s{i}: {{title: S{i}, url: 'https://example.org/{i}', publisher: P, date: '2022'}}\n" for i in range(3)
)


def test_a_broken_rule_is_an_error_at_the_verdict_naming_the_rule_and_the_fix(tmp_path):
    catalog = load(tmp_path, {"sources.yml": SOURCES, "a.yml": _note("false", "contradicts", "supports", "context")})
    (error,) = catalog.diagnostics
    assert f"{error.file}:{error.line}:{error.col}" == "annotations/a.yml:7:14"
    assert error.is_error and error.message == (
        "verdict 'false' needs direct, strong sources against the claim and none for it, but 1 cited source supports "
        "it "
        "(rule: false: no source supports the claim)"
    )
    assert "'misleading' or 'disputed'" in error.hint
    assert catalog.for_page("index.md") == []  # nothing is published from a note that breaks a rule


def test_a_note_that_follows_the_rules_keeps_its_stances_per_citation(tmp_path):
    catalog = load(tmp_path, {"sources.yml": SOURCES, "a.yml": _note("misleading", "supports", "contradicts", None)})
    assert messages(catalog) == []
    (note,) = catalog.for_page("index.md")
    assert [(c.ref, c.stance, c.source.title) for c in note.citations] == [
        ("s0", "supports", "S0"),
        ("s1", "contradicts", "S1"),
        ("s2", None, "S2"),
    ]


def test_one_shared_source_can_support_one_claim_and_contradict_another(tmp_path):
    notes = _note("accurate", "supports") + _note("false", "contradicts").replace(
        "page: index.md\nnotes:\n", ""
    ).replace("id: claim", "id: other")
    catalog = load(tmp_path, {"sources.yml": SOURCES, "a.yml": notes})
    assert [d for d in catalog.diagnostics if "not cited" not in d.message] == []
    assert [n.citations[0].stance for n in catalog.for_page("index.md")] == ["supports", "contradicts"]


def test_a_stance_on_a_shared_source_is_refused_with_where_it_belongs(tmp_path):
    sources = (
        SOURCES + "  s3: {title: S3, url: 'https://example.org/3', publisher: P, date: '2022', stance: supports}\n"
    )
    catalog = load(tmp_path, {"sources.yml": sources, "a.yml": _note("false", "contradicts")})
    errors = [d for d in catalog.diagnostics if d.is_error]
    assert [(d.line, d.message) for d in errors] == [
        (5, "a shared source has no stance: one source can support one claim and contradict another"),
    ]
    assert "write `stance:` under each `- ref: ...`" in errors[0].hint


def test_a_mistyped_stance_gets_the_likely_one(tmp_path):
    catalog = load(tmp_path, {"sources.yml": SOURCES, "a.yml": _note("false", "contradict")})
    assert messages(catalog)[0] == "annotations/a.yml:10:17: error: unknown stance 'contradict'"
    assert catalog.diagnostics[0].hint.startswith("did you mean 'contradicts'?")


def test_a_layer_that_requires_stances_points_at_each_citation_without_one(tmp_path):
    layers = parse_layers({"disputed": {"title": "Disputed", "requires_sources": True, "requires_stance": True}})
    catalog = load(
        tmp_path, {"sources.yml": SOURCES, "a.yml": _note("misleading", "context", None, None)}, layers=layers
    )
    assert messages(catalog) == [
        "annotations/a.yml:11:9: error: note 'claim' is in the 'disputed' layer, which requires a stance on every "
        "citation",
        "annotations/a.yml:12:9: error: note 'claim' is in the 'disputed' layer, which requires a stance on every "
        "citation",
    ]
    assert (
        "add `stance: supports`, `stance: contradicts` or `stance: context` to this citation"
        in catalog.diagnostics[0].hint
    )


def test_notes_written_before_stances_existed_still_load_with_a_warning(tmp_path):
    catalog = load(tmp_path, {"sources.yml": SOURCES, "a.yml": _note("unsupported", None)})
    assert messages(catalog) == [
        "annotations/a.yml:7:14: warning: verdict 'unsupported' rests on no citation with a stance "
        "(rule: a verdict rests on evidence)",
        "annotations/sources.yml:3:3: warning: source 's1' is not cited by any note",
        "annotations/sources.yml:4:3: warning: source 's2' is not cited by any note",
    ]
    assert [n.note.id for n in catalog.for_page("index.md")] == ["claim"]


def test_the_rules_can_be_turned_off(tmp_path):
    files = {"sources.yml": SOURCES, "a.yml": _note("accurate", "contradicts")}
    assert "rule: accurate" in messages(load(tmp_path, files))[0]
    catalog = load(tmp_path, files, verdict_rules=False)
    assert [d for d in catalog.diagnostics if d.is_error] == []
    assert [n.note.id for n in catalog.for_page("index.md")] == ["claim"]
