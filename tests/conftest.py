"""Shared fixtures: temporary MkDocs projects built for real."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

REPO = Path(__file__).resolve().parent.parent

MKDOCS_YML = """\
site_name: Test site
theme:
  name: material
markdown_extensions:
  - smarty
  - tables
  - attr_list
plugins:
  - search
  - context-layers
"""


PROJECT_FILES = ("mkdocs.yml", "mkdocs.classroom.yml", "docs", "annotations", "classroom-notes", "overrides", "schema")


def copy_project(target: Path) -> Path:
    """A copy of this repository's site sources (configuration, pages, notes) in `target`."""
    for name in PROJECT_FILES:
        source = REPO / name
        if source.exists():
            (shutil.copytree if source.is_dir() else shutil.copy)(source, target / name)
    return target


@dataclass
class Project:
    """A temporary MkDocs project: write files, build it, read what it built."""

    root: Path

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def build(self, *args: str) -> subprocess.CompletedProcess[str]:
        """`mkdocs build` as a user runs it, in a separate process."""
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", *args],
            cwd=self.root, env=env, capture_output=True, text=True, timeout=120,
        )

    def built(self, *args: str) -> subprocess.CompletedProcess[str]:
        result = self.build(*args)
        assert result.returncode == 0, f"build failed:\n{result.stderr}"
        return result

    def html(self, page: str = "index.md") -> str:
        name = page[:-3]
        path = self.root / "site" / ("index.html" if name == "index" else (name[:-6] if name.endswith("/index") else name + "/") + "index.html")
        return path.read_text(encoding="utf-8")

    def article(self, page: str = "index.md") -> str:
        """The page's content, without the theme around it."""
        match = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', self.html(page), re.S)
        assert match, "no <article> in page"
        return match.group(1)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    project = Project(tmp_path)
    project.write("mkdocs.yml", MKDOCS_YML)
    (tmp_path / "docs").mkdir()
    (tmp_path / "annotations").mkdir()
    return project


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/*/output.html")
