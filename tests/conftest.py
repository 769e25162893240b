"""Shared fixtures: temporary MkDocs projects built for real."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.register_assert_rewrite("helpers")  # its asserts report as a test's do

from helpers import MKDOCS_YML, Project  # noqa: E402


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    project = Project(tmp_path)
    project.write("mkdocs.yml", MKDOCS_YML)
    (tmp_path / "docs").mkdir()
    (tmp_path / "annotations").mkdir()
    return project


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/*/output.html")
