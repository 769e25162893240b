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
        "context-layers check --format github",
        "context-layers fmt --check",
        "python3 -m pytest",
        "mkdocs build --strict",
    ):
        assert required in commands
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
    assert "has no title and no body" in capsys.readouterr().out
    # Replace the skeleton with the guide's worked example.
    (example,) = [b for b in _code_blocks(guide, "yaml") if "atmeh-location" in b]
    path = tmp_path / "annotations/idlib-raid.yml"
    text = path.read_text()
    skeleton_start = text.index("  - id: within-walking-distance-of-turkey")
    path.write_text(text[:skeleton_start] + example)
    assert main(["check", str(tmp_path), "--strict"]) == 0, capsys.readouterr()
    assert main(["fmt", "--check", str(tmp_path)]) == 0
    project.built("--strict")
    html = project.article("world/idlib-raid.md")
    assert 'id="note-atmeh-location"' in html and 'data-note="atmeh-location">within walking distance of Turkey' in html
