"""What CONTRIBUTING.md and the pull-request workflow promise is what the tools do."""

from __future__ import annotations

import re

import yaml

from context_layers.tools.cli import main
from helpers import REPO, Project, copy_project


def _code_blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, re.S)


def test_the_workflow_runs_the_commands_the_readme_lists():
    workflow = yaml.safe_load((REPO / ".github/workflows/site.yml").read_text())
    steps = workflow["jobs"]["check"]["steps"]
    commands = [step["run"].strip() for step in steps if "run" in step]
    readme_lines = {
        line.strip() for block in _code_blocks((REPO / "README.md").read_text(), "sh") for line in block.splitlines()
    }
    assert commands, "the workflow runs nothing"
    for command in commands:
        assert command in readme_lines, f"the workflow runs {command!r}, which the README does not list"
    for required in (
        "context-layers check --strict --format github",
        "context-layers fmt --check --format github",
        "python3 -m pytest",
        "mkdocs build --strict",
    ):
        assert required in commands
    # The notes first: the first check after installing is the strict check, before lint and tests.
    assert commands[0].startswith("python3 -m pip install")
    assert commands[1] == "context-layers check --strict --format github"
    assert commands.index(commands[1]) < commands.index("ruff check .") < commands.index("python3 -m pytest")
    uses = [step.get("uses", "") for step in steps]
    assert any(u.startswith("actions/upload-artifact") for u in uses)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "check" and "refs/heads/main" in deploy["if"]
    assert deploy["steps"][-1]["uses"].startswith("actions/deploy-pages")
    assert set(workflow[True]) == {"pull_request", "push"}  # YAML 1.1 reads the key `on` as true


def test_a_contributor_following_contributing_md_adds_a_correct_note(tmp_path, capsys):
    project = Project(tmp_path)
    copy_project(tmp_path)
    guide = (REPO / "CONTRIBUTING.md").read_text()
    command = next(b for b in _code_blocks(guide, "sh") if "context-layers new" in b)
    new_line = re.search(r"context-layers new (\S+) --layer (\S+) \\\n\s+--quote \"([^\"]+)\"", command)
    page, layer, quote = new_line.groups()
    assert main(["new", page, "--layer", layer, "--quote", quote, "--project", str(tmp_path)]) == 0
    # The skeleton needs writing: check says so, at the note (and a strict build would fail).
    assert main(["check", str(tmp_path), "--strict"]) == 1
    assert "annotations/idlib-raid.yml:" in (out := capsys.readouterr().out)
    assert "note 'within-walking-distance' has" in out
    # Replace the skeleton with the guide's worked example.
    (example,) = [b for b in _code_blocks(guide, "yaml") if "atmeh-location" in b]
    path = tmp_path / "annotations/idlib-raid.yml"
    text = path.read_text()
    skeleton_start = text.index("  - id: within-walking-distance\n")
    assert text[:skeleton_start].endswith("\n\n")  # one blank line after the note before it
    path.write_text(text[:skeleton_start] + example)
    assert main(["check", str(tmp_path), "--strict"]) == 0, capsys.readouterr()
    assert main(["fmt", "--check", str(tmp_path)]) == 0
    project.built("--strict")
    html = project.article("world/idlib-raid.md")
    assert 'id="note-atmeh-location"' in html and 'id="cl-m-atmeh-location">within walking distance of Turkey' in html


def test_the_pull_request_template_asks_for_the_strict_check():
    template = (REPO / ".github/pull_request_template.md").read_text()
    assert "`context-layers check --strict`" in template and "`context-layers fmt --check`" in template


# --- the YAML examples of the documentation are what `fmt` writes ------------------------------

DOCUMENTS = ("README.md", "CONTRIBUTING.md", "docs/about/editorial-standards.md")
WRAPPER = "page: index.md\nnotes:\n"  # a notes-list fragment is pasted under this


def _yaml_examples() -> list[tuple[str, str, str]]:
    """(document, kind, text) of every ```yaml block that is a notes file, a sources file or a
    fragment of a `notes:` list (configuration and front matter are neither)."""
    examples = []
    for document in DOCUMENTS:
        fences = re.findall(r"^( *)```yaml\n(.*?)^\1```", (REPO / document).read_text(), re.S | re.M)
        for indent, indented in fences:  # a block inside a list item: its lines, without the item's indent
            block = "".join(line.removeprefix(indent) for line in indented.splitlines(keepends=True))
            first = next(line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#"))
            if first.lstrip().startswith("- id:"):
                examples.append((document, "fragment", block))
                continue
            data = None if block.startswith("---") else yaml.safe_load(block)  # front matter is no notes file
            if isinstance(data, dict) and "notes" in data:
                examples.append((document, "notes", block))
            elif isinstance(data, dict) and set(data) == {"sources"}:
                examples.append((document, "sources", block))
    return examples


def test_the_documentation_has_yaml_examples_to_check():
    kinds = {(document, kind) for document, kind, _ in _yaml_examples()}
    assert ("README.md", "notes") in kinds and ("CONTRIBUTING.md", "fragment") in kinds


def test_every_yaml_example_is_as_fmt_writes_it():
    from context_layers.tools.edit import format_text

    for document, kind, text in _yaml_examples():
        wrapped = WRAPPER + text if kind == "fragment" else text
        formatted = format_text(wrapped, sources_file=kind == "sources")
        assert formatted == wrapped, f"a YAML example of {document} is not as `context-layers fmt` writes it"


def test_every_note_example_can_be_pasted_into_a_notes_file():
    """A fragment is indented as a note is inside `notes:` (two spaces, as in the flagship file), so that
    pasting it at the end of a notes file gives valid YAML with one more note."""
    flagship = (REPO / "annotations/idlib-raid.yml").read_text()
    for document, kind, text in _yaml_examples():
        if kind != "fragment":
            continue
        assert text.startswith("  - id: ") and "\n  - id: " in flagship, f"{document}: indent the example by two"
        pasted = yaml.safe_load(flagship + "\n" + text)
        assert len(pasted["notes"]) == len(yaml.safe_load(flagship)["notes"]) + 1, document


# --- one how-to: CONTRIBUTING.md; the standards page keeps the rules and points to it ------------


def test_the_standards_page_points_to_the_how_to_without_repeating_it():
    standards = (REPO / "docs/about/editorial-standards.md").read_text()
    assert "`CONTRIBUTING.md` in the project's repository" in standards
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text().replace("!!python/name:", "").replace("!ENV", ""))
    if not config.get("repo_url"):  # no address to link to: no invented one either
        assert "CONTRIBUTING.md](" not in standards and "github.com" not in standards
    # The mechanics live in one place only: no file format, no commands on the published page.
    assert "```" not in standards
    assert "mkdocs build" not in standards and "context-layers " not in standards


def test_the_guides_agree_on_the_checks_and_the_python_version():
    project = (REPO / "pyproject.toml").read_text()
    minimum = re.search(r'requires-python = ">=(3\.\d+)"', project).group(1)
    readme, guide = (REPO / "README.md").read_text(), (REPO / "CONTRIBUTING.md").read_text()
    for text in (readme, guide):
        assert f"Python {minimum} or newer" in text
        mentions = re.findall(r"(Zensical, which itself needs )?Python (3\.\d+)", text)
        assert all(version == minimum for zensical, version in mentions if not zensical), mentions
    assert "context-layers check --strict" in guide and "mkdocs build --strict" in guide
    assert "NO_MKDOCS_2_WARNING=1" in readme and "banner about MkDocs\n2.0" not in readme


def test_the_readme_synopsis_lists_every_option_of_every_command():
    from context_layers.tools.cli import build_parser

    readme = (REPO / "README.md").read_text()
    section = readme[readme.index("## The command line") :]
    synopsis = _code_blocks(section, "sh")[0].splitlines()
    commands = build_parser()._subparsers._group_actions[0].choices  # where argparse keeps them
    for name, command in commands.items():
        (line,) = [line for line in synopsis if line.startswith(f"context-layers {name} ")]
        listed = set(re.findall(r"(?<![\w-])--?[a-z][a-z-]*", line))
        for action in command._actions:
            if action.option_strings and "--help" not in action.option_strings:
                assert listed & set(action.option_strings), f"the README's synopsis of {name} lacks {action.dest}"
