"""The proposal form as the engine writes it: the forge's addresses, the verdict rules it carries, the form in
the page (only where there are notes), the reader's language, and the MkDocs options (offline, edit_uri)."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import markdown
import pytest

from context_layers.core.propose import forge_addresses, verdict_stances
from test_bad_input import ARTICLE, GOOD_NOTE

GITHUB = "https://github.com/example-org/site"


GITLAB = "https://gitlab.com/group/sub/site"
WWW = "https://www.github.com/example-org/site"
ON_GITHUB = ("{repo}/new/{branch}?filename={{file}}&value={{text}}", "{repo}/issues/new?title={{title}}&body={{body}}")
ON_GITLAB = (
    "{repo}/-/new/{branch}?file_name={{file}}&content={{text}}",
    "{repo}/-/issues/new?issue[title]={{title}}&issue[description]={{body}}",
)


def _on(forge: tuple[str, str], repo: str, branch: str) -> tuple[str, str]:
    return forge[0].format(repo=repo, branch=branch), forge[1].format(repo=repo)


@pytest.mark.parametrize(
    ("repo_url", "edit_uri", "expected"),
    [
        (GITHUB, None, _on(ON_GITHUB, GITHUB, "main")),
        (GITHUB + ".git", "edit/trunk/docs/", _on(ON_GITHUB, GITHUB, "trunk")),
        (WWW + "/", "blob/dev/docs/", _on(ON_GITHUB, WWW, "dev")),
        (GITLAB, "-/edit/release/docs/", _on(ON_GITLAB, GITLAB, "release")),
        ("https://codeberg.org/example/site", None, None),
        ("http://github.com/example-org/site", None, None),
        ("https://github.com/example-org", None, None),
        ("", None, None),
    ],
)  # fmt: skip
def test_new_files_and_issues_go_to_github_or_gitlab_on_the_branch_edit_uri_names(repo_url, edit_uri, expected):
    assert forge_addresses(repo_url, edit_uri) == expected


def test_each_verdict_allows_the_stances_its_rule_allows():
    allowed = verdict_stances()
    assert allowed["accurate"] == ["supports"]
    assert allowed["false"] == ["contradicts"]
    assert allowed["misleading"] == allowed["lacks-context"] == allowed["unsupported"] == ["contradicts", "context"]
    assert allowed["disputed"] == ["supports", "contradicts", "context"]
    assert allowed["opinion"] == ["", "supports", "contradicts", "context"]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text(ARTICLE)
    (tmp_path / "docs/other.md").write_text("# Other\n\nNo notes here.\n")
    (tmp_path / "annotations").mkdir()
    (tmp_path / "annotations/notes.yml").write_text(GOOD_NOTE)
    return tmp_path


def _convert(site: Path, page: str, **options: object) -> str:
    config = {"root": str(site), "page": page, "propose": True, **options}
    text = (site / "docs" / page).read_text()
    return markdown.markdown(text, extensions=["context_layers"], extension_configs={"context_layers": config})


def _proposal(html: str) -> dict:
    return json.loads(unescape(re.search(r'data-cl-proposal="([^"]*)"', html).group(1)))


def test_an_annotated_page_carries_the_form_and_what_its_script_needs(site):
    html = _convert(site, "index.md", repo_url=GITHUB, edit_uri="edit/trunk/docs/", propose_folder="notes/proposed")
    data = _proposal(html)
    assert data["page"] == "index.md" and data["ids"] == ["casualties"]
    assert data["file"] == "notes/proposed/index"
    assert data["new"].startswith(f"{GITHUB}/new/trunk?") and data["issue"].startswith(f"{GITHUB}/issues/new?")
    assert data["rules"]["false"] == ["contradicts"]
    button = re.search(r"<button[^>]*data-cl-propose=[^>]*>", html).group(0)
    assert "hidden" in button and "cl-propose-button" in button
    fields = (
        "select layer, input title, textarea body, input source-url, input source-title, select verdict, select stance"
    )
    for tag, name in (field.split() for field in f"{fields}, textarea yaml".split(", ")):
        control = re.search(rf'<{tag}[^>]*name="{name}"', html)
        assert control, name
    assert 'data-cl-need="sources stance verdict"' not in html  # the default layers ask for no stance or verdict
    assert re.search(r'<option[^>]*data-cl-need="sources"[^>]*value="counter"', html)
    pr = re.search(r"<a[^>]*data-cl-propose-pr[^>]*>", html).group(0)
    assert f'href="{GITHUB}/new/trunk"' in pr and 'target="_blank"' in pr
    assert html.count("data-search-exclude") == 3


def test_without_a_forge_only_copying_is_offered_and_without_notes_nothing(site):
    html = _convert(site, "index.md")
    assert "data-cl-propose-copy" in html and "data-cl-propose-pr" not in html and "data-cl-propose-issue" not in html
    assert _proposal(html)["new"] == ""
    assert "cl-propose" not in _convert(site, "other.md", repo_url=GITHUB)
    assert "cl-propose" not in _convert(site, "index.md", propose=False)


def test_the_form_speaks_the_readers_language(site):
    french = _convert(site, "index.md", language="fr")
    assert "Proposer une note</button>" in french and "Faux</option>" in french
    arabic = _convert(site, "index.md", language="ar")
    assert "اقتراح ملاحظة</button>" in arabic
    assert _proposal(arabic)["issue_title"] == "ملاحظة مقترحة على index.md"
    # Sent in ASCII whatever the language: a page is not held at two bytes a character for the data's sake.
    assert all(re.search(r'data-cl-proposal="([^"]*)"', html).group(1).isascii() for html in (french, arabic))


def _links(project, *extra: str) -> str:
    project.write("mkdocs.yml", project.root.joinpath("mkdocs.yml").read_text() + "".join(extra))
    project.built()
    return project.article()


@pytest.fixture
def annotated(project):
    project.write("docs/index.md", ARTICLE)
    project.write("annotations/notes.yml", GOOD_NOTE)
    return project


def test_the_plugin_sends_proposals_to_the_branch_the_site_names(annotated):
    # MkDocs fills in edit/master/docs/ for GitHub: only an edit_uri the site wrote names the branch.
    assert f'href="{GITHUB}/new/main"' in _links(annotated, f"repo_url: {GITHUB}\n")
    assert f'href="{GITHUB}/new/trunk"' in _links(annotated, "edit_uri: edit/trunk/docs/\n")


def test_an_offline_edition_only_copies(annotated):
    config = (
        annotated.root.joinpath("mkdocs.yml")
        .read_text()
        .replace("  - context-layers\n", "  - context-layers:\n      offline: true\n")
    )
    annotated.write("mkdocs.yml", config + f"repo_url: {GITHUB}\ntheme:\n  name: material\n  font: false\n")
    annotated.built()
    article = annotated.article()
    assert "data-cl-propose-copy" in article and "data-cl-propose-pr" not in article


def test_proposals_can_be_turned_off(annotated):
    config = (
        annotated.root.joinpath("mkdocs.yml")
        .read_text()
        .replace("  - context-layers\n", "  - context-layers:\n      propose: false\n")
    )
    annotated.write("mkdocs.yml", config)
    annotated.built()
    assert "cl-propose" not in annotated.article()


def test_the_page_tells_the_script_how_the_engine_matches_text():
    """The form's script normalises with the engine's own rules, sent as data in ASCII (no HTML or JSON
    step can change them): read back, the pattern gives what `normalise` gives, Arabic marks included."""
    from context_layers.core.textmap import BLOCK_TAGS, matching_rules, normalise

    rules = json.loads(json.dumps(matching_rules()))
    assert rules["pattern"].isascii() and set(rules["blocks"]) == BLOCK_TAGS
    pattern = re.compile(rules["pattern"].replace("(?<", "(?P<"))

    def as_the_script_does(text: str) -> str:
        return pattern.sub(
            lambda m: rules["as"][m.lastgroup] if rules["as"][m.lastgroup] is not None else m[0][0], text
        )

    for text in [
        "It\u2019s \u201cquoted\u201d \u2014 a  dash\u2026 and\u00a0a\u200bgap",
        "em--dash, minus \u2212 and ... dots",
        "\u0645\u064f\u062d\u064e\u0645\u0651\u064e\u062f \u0640\u0640\u0627\u0644",  # tashkeel and tatweel
        "line\nbreak\ttab\u2028separator",
    ]:
        assert as_the_script_does(text) == normalise(text), text
