"""Golden tests: Markdown + YAML in, HTML out, through the bare Python-Markdown extension.

Each folder of tests/golden holds `input.md`, `notes.yml`, `extensions.txt` (one
Python-Markdown extension per line) and `output.html`, which was read by eye when
it was first written. Regenerate after an intended change with
`pytest tests/test_golden.py --update-golden`, then review the diff.
"""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from helpers import GOLDEN

CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())


def render(case: Path) -> str:
    extensions = [line.strip() for line in (case / "extensions.txt").read_text().splitlines() if line.strip()]
    config = {"root": str(case), "annotations": ".", "docs_dir": ".", "page": "input.md"}
    html = markdown.markdown(
        (case / "input.md").read_text(encoding="utf-8"),
        extensions=[*extensions, "context_layers"],
        extension_configs={"context_layers": config},
    )
    return html + "\n"


@pytest.mark.parametrize("name", CASES)
def test_golden(name: str, request: pytest.FixtureRequest) -> None:
    case = GOLDEN / name
    actual = render(case)
    expected_path = case / "output.html"
    if request.config.getoption("--update-golden") or not expected_path.exists():
        expected_path.write_text(actual, encoding="utf-8")
        pytest.skip("golden file written; review it by eye")
    assert actual == expected_path.read_text(encoding="utf-8")
