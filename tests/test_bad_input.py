"""Every kind of bad input fails `mkdocs build` with a `file:line:col` message and no traceback.

Each case is a real build in a separate process, as a contributor would run it.
"""

from __future__ import annotations

import pytest

ARTICLE = """\
# The article

The UN said six children and four women were among 13 people killed as a result of the raid.

Officials said the raid was a success. Officials said the raid was planned for months.
"""

GOOD_NOTE = """\
page: index.md
notes:
  - id: casualties
    layer: background
    quote: "six children and four women"
    title: Who was killed
"""

SOURCES = """\
sources:
  un-report:
    title: UN report
    url: https://example.org/un
    publisher: United Nations
    date: 2022-02-04
"""

# (annotation file text, expected "line:col: error: message" fragment, expected hint fragment)
CASES = {
    "yaml-syntax-error": (
        GOOD_NOTE + "    body: Who: counted\n",
        "7:14: error: YAML syntax error: this line has a `: ` (colon and space) that YAML reads as a new key",
        "put the whole value in quotes",
    ),
    "unknown-key": (
        GOOD_NOTE + "    boddy: text\n",
        "7:5: error: unknown key 'boddy'",
        "did you mean 'body'?",
    ),
    "wrong-type": (
        GOOD_NOTE + "    sources: https://example.org/un\n",
        "7:14: error: 'sources' must be a list, not the text 'https://example.org/un'",
        "start each item on its own line",
    ),
    "missing-required-key": (
        "page: index.md\nnotes:\n  - id: casualties\n    layer: background\n",
        "3:5: error: missing required key 'quote'",
        "add `quote: ...` here",
    ),
    "unknown-layer": (
        GOOD_NOTE.replace("layer: background", "layer: backgorund"),
        "4:12: error: unknown layer 'backgorund'",
        "did you mean 'background'? Allowed: background, counter, disputed",
    ),
    "duplicate-id": (
        GOOD_NOTE
        + '  - id: casualties\n    layer: background\n    quote: "Officials said the raid was a success"\n    title: '
        "T\n",
        "7:9: error: duplicate note id 'casualties' on page index.md",
        "first used at annotations/notes.yml:3",
    ),
    "page-does-not-exist": (
        GOOD_NOTE.replace("page: index.md", "page: indx.md"),
        "1:7: error: page 'indx.md' does not exist under docs/",
        "did you mean 'index.md'?",
    ),
    "quote-not-found": (
        GOOD_NOTE.replace("six children and four women", "the minister resigned after the vote"),
        "5:12: error: the quote was not found in index.md",
        "check `page:`",
    ),
    "quote-ambiguous": (
        GOOD_NOTE.replace("six children and four women", "Officials said the raid was"),
        "5:12: error: the quote occurs 2 times in index.md",
        "[Officials said the raid was] a success",
    ),
    "unknown-source-ref": (
        GOOD_NOTE + "    sources:\n      - ref: un-reprot\n",
        "8:14: error: unknown source 'un-reprot'",
        "did you mean 'un-report'?",
    ),
    "missing-required-source": (
        GOOD_NOTE.replace("layer: background", "layer: disputed"),
        "3:5: error: note 'casualties' is in the 'disputed' layer, which requires at least one source",
        "add `sources:`",
    ),
    "url-not-http": (
        GOOD_NOTE + "    sources:\n      - title: A page\n        url: javascript:alert(1)\n",
        "9:14: error: 'url' must be an absolute http:// or https:// URL",
        "starting with https://",
    ),
    "file-over-1-mb": (
        GOOD_NOTE + "    body: |\n" + ("      " + "x" * 70 + "\n") * 15000,
        "1:1: error: the file is 1.2 MB; the limit is 1 MB",
        "split the notes into several files",
    ),
    "yaml-alias": (
        'page: index.md\nnotes:\n  - &first\n    id: a\n    layer: background\n    quote: "six children"\n  - *first\n',
        "3:5: error: YAML anchors and aliases are not allowed",
        "write the value out in full",
    ),
    "yaml-billion-laughs": (
        'a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n',
        "1:4: error: YAML anchors and aliases are not allowed",
        "write the value out in full",
    ),
    "yaml-custom-tag": (
        GOOD_NOTE + "    title: !!python/object:os.system echo\n",
        "7:12: error: the YAML tag '!!python/object:os.system' is not allowed",
        "remove the tag",
    ),
    "yaml-duplicate-key": (
        GOOD_NOTE + "    layer: counter\n",
        "7:5: error: duplicate key 'layer' (first defined at line 4)",
        "keep only one of them",
    ),
    "bad-verdict": (
        GOOD_NOTE + "    verdict: fals\n",
        "7:14: error: unknown verdict 'fals'",
        "did you mean 'false'?",
    ),
    "verdict-false-unquoted": (
        GOOD_NOTE + "    verdict: false\n",
        "7:14: error: unknown verdict false",
        'write `verdict: "false"` in quotes',
    ),
    "bad-id": (
        GOOD_NOTE.replace("id: casualties", "id: Raid Casualties"),
        "3:9: error: id 'Raid Casualties' may use only lowercase letters, digits and hyphens",
        "for example 'raid-casualties'",
    ),
    "unknown-stance": (
        GOOD_NOTE + "    sources:\n      - ref: un-report\n        stance: support\n",
        "9:17: error: unknown stance 'support'",
        "did you mean 'supports'?",
    ),
    "verdict-breaks-its-rule": (
        GOOD_NOTE + "    verdict: accurate\n    sources:\n      - ref: un-report\n        stance: contradicts\n",
        "7:14: error: verdict 'accurate' needs no source against the claim, but 1 cited source contradicts it",
        "where reliable sources disagree, the verdict is 'disputed'",
    ),
    "url-entity-artefact": (
        GOOD_NOTE + "    sources:\n      - title: A page\n        url: https://example.org/a&gt\n",
        "9:35: error: the address contains '&gt', an HTML entity left by copying it from a page",
        "probably https://example.org/a; open it to check",
    ),
    "impossible-date": (
        GOOD_NOTE + "    updated: 2022-02-31\n",
        "7:14: error: cannot read the value '2022-02-31'",
        "check the date: year-month-day",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_input_fails_the_build_with_its_position(project, case):
    text, expected, hint = CASES[case]
    project.write("docs/index.md", ARTICLE)
    project.write("annotations/sources.yml", SOURCES + ("" if "un-re" in text else ""))
    project.write("annotations/notes.yml", text)
    if "un-re" not in text:  # keep the shared source cited, so it adds no warning
        project.write(
            "annotations/cites.yml",
            "page: index.md\nnotes:\n  - id: cites\n    layer: counter\n"
            '    quote: "planned for months"\n    title: Planning\n    sources:\n      - ref: un-report\n',
        )
    result = project.build()
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert f"annotations/notes.yml:{expected}" in output, output
    assert hint in output, output
    assert "Traceback" not in output, output
    assert not (project.root / "site" / "index.html").exists(), "a page was published despite the error"


def test_all_problems_are_reported_at_once(project):
    project.write("docs/index.md", ARTICLE)
    project.write(
        "annotations/notes.yml",
        """\
        page: index.md
        notes:
          - id: one
            layer: backgorund
            quote: "six children"
          - id: two
            layer: background
            quote: "a passage that is nowhere"
            title: Two
            body: A body.
          - id: three
            layer: background
            quote: "Officials said"
            boddy: typo
        """,
    )
    result = project.build()
    output = result.stderr
    assert result.returncode == 1
    assert "annotations/notes.yml:4:12: error: unknown layer" in output
    assert "annotations/notes.yml:8:12: error: the quote was not found" in output
    assert "annotations/notes.yml:14:5: error: unknown key 'boddy'" in output
    assert "3 errors, 0 warnings" in output


def test_a_failed_build_keeps_the_previous_site(project):
    project.write("docs/index.md", ARTICLE)
    project.write("annotations/notes.yml", GOOD_NOTE)
    project.built()
    project.write("annotations/notes.yml", GOOD_NOTE.replace("layer: background", "layer: nope"))
    assert project.build().returncode == 1
    assert "note-casualties" in project.html(), "the last good site was removed by a failed build"


def test_a_near_match_is_placed_with_a_warning_and_fails_strict(project):
    project.write("docs/index.md", ARTICLE)
    project.write(
        "annotations/notes.yml", GOOD_NOTE.replace("six children and four women", "six children and four woman")
    )
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert "annotations/notes.yml:5:12: warning: the quote was not found exactly" in result.stderr
    assert "the page now reads: 'six children and four women'" in result.stderr
    assert 'data-note="casualties" id="cl-m-casualties">six children and four women</mark>' in project.article()
    strict = project.build("--strict")
    assert strict.returncode == 1
    assert "warnings count as errors with --strict" in strict.stderr


def test_a_quote_that_cannot_be_placed_leaves_the_last_good_site(project):
    """Problems found while placing notes (after every page is rendered) cost no published page."""
    project.write("docs/index.md", ARTICLE)
    project.write("annotations/notes.yml", GOOD_NOTE)
    project.built()
    published = (project.root / "site" / "index.html").read_text(encoding="utf-8")
    (project.root / "site" / ".git").mkdir()  # e.g. a gh-pages worktree: hidden entries stay, as MkDocs keeps them
    project.write("annotations/notes.yml", GOOD_NOTE.replace("six children and four women", "nowhere on the page"))
    result = project.build()
    assert result.returncode == 1 and "the quote was not found in index.md" in result.stderr
    assert (project.root / "site" / "index.html").read_text(encoding="utf-8") == published
    assert not list(project.root.glob(".site.*")), "the staging folder was left behind"
    project.write("annotations/notes.yml", GOOD_NOTE.replace("Who was killed", "Who died"))
    project.built()
    assert "Who died" in (project.root / "site" / "index.html").read_text(encoding="utf-8")
    assert (project.root / "site" / ".git").is_dir()
