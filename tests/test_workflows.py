"""The GitHub workflows pass zizmor's offline audit, and every action they use is pinned to a commit.

An action named by a tag (`actions/checkout@v4`) runs whatever the tag points to on the day the
workflow runs; a full commit SHA cannot be moved. zizmor (a test dependency) checks that and more:
credentials left in the checkout, template injection, excessive permissions.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

from helpers import REPO

WORKFLOWS = REPO / ".github" / "workflows"
PINNED = re.compile(r"[^@\s]+@[0-9a-f]{40}")  # owner/repo[/path]@<full commit SHA>
PINNED_IMAGE = re.compile(r"docker://[^@\s]+@sha256:[0-9a-f]{64}")  # an image by digest, not by tag


def _zizmor() -> str:
    """The zizmor executable installed with this interpreter's packages (it has no `python -m zizmor`)."""
    folders = [Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))]
    for folder in folders:
        found = shutil.which("zizmor", path=str(folder))
        if found:
            return found
    pytest.fail(
        f'zizmor is not installed next to {sys.executable}: install the test dependencies, pip install -e ".[test]"'
    )


def _workflow_files() -> list[Path]:
    return sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])


def _uses(node: object) -> list[str]:
    """Every `uses:` value in a parsed workflow: steps' actions and jobs' reusable workflows."""
    if isinstance(node, dict):
        found = [value for key, value in node.items() if key == "uses" and isinstance(value, str)]
        return found + [u for value in node.values() for u in _uses(value)]
    if isinstance(node, list):
        return [u for item in node for u in _uses(item)]
    return []


def test_there_are_workflows():
    assert _workflow_files(), f"no workflow in {WORKFLOWS}"


def test_zizmor_finds_nothing_offline():
    proc = subprocess.run(
        [_zizmor(), "--offline", str(WORKFLOWS)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, f"zizmor exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"


@pytest.mark.parametrize("workflow", _workflow_files(), ids=lambda path: path.name)
def test_every_action_is_pinned_to_a_commit(workflow: Path):
    uses = _uses(yaml.safe_load(workflow.read_text(encoding="utf-8")))
    unpinned = [u for u in uses if not (u.startswith("./") or PINNED.fullmatch(u) or PINNED_IMAGE.fullmatch(u))]
    assert not unpinned, f"{workflow.name}: pin these to a full 40-character commit SHA: {unpinned}"
