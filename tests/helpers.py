"""What the tests share: where things are, a copy of this project, `mkdocs build` as a user runs it,
and the pages it builds, read back."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from context_layers.core.catalog import Catalog
from context_layers.core.frontmatter import strip

REPO = Path(__file__).resolve().parent.parent
ASSETS = REPO / "plugins" / "context_layers" / "assets"
GOLDEN = REPO / "tests" / "golden"
ARTICLE = "world/idlib-raid.md"  # the flagship article, as a docs path

# MkDocs and Zensical strip a page's front matter before Python-Markdown sees the page.

MKDOCS_YML = """\
site_name: Test site
site_url: https://example.org/
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

# The site's sources MkDocs builds from: configuration, pages, notes.
PROJECT_FILES = ("mkdocs.yml", "mkdocs.classroom.yml", "docs", "annotations", "classroom-notes", "overrides", "schema")
# What a copy of the whole repository leaves out; the package's own code is the installed one.
IGNORED = shutil.ignore_patterns(
    ".git",
    ".cache",
    "site",
    "site-*",
    "tests",
    "bench",
    ".benchmarks",
    ".hypothesis",
    ".venv",
    "venv",
    ".pytest_cache",
    "__pycache__",
    "*.egg-info",
    "*.py",
)


def copy_project(target: Path, *, whole_repository: bool = False) -> Path:
    """A copy of this repository's site sources (PROJECT_FILES) in `target`; with `whole_repository`,
    everything but version control, tests, Python code and build output (zensical.toml included)."""
    if whole_repository:
        shutil.copytree(REPO, target, ignore=IGNORED, dirs_exist_ok=True)
        return target
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = REPO / name
        if source.exists():
            (shutil.copytree if source.is_dir() else shutil.copy)(source, target / name)
    return target


def classroom(project: Path) -> subprocess.CompletedProcess[str]:
    """`context-layers classroom` on `project`, in a separate process."""
    return subprocess.run(
        [sys.executable, "-m", "context_layers", "classroom", str(project)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def markdown_source(page: str, root: Path = REPO) -> str:
    """The Markdown of docs/`page` under `root`, as Python-Markdown gets it (front matter stripped)."""
    return strip((root / "docs" / page).read_text(encoding="utf-8"))


def mkdocs_build(cwd: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` as a user runs it, in a separate process in `cwd`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def page_path(site: Path, page: str) -> Path:
    """Where the docs page `page` ("world/idlib-raid.md") is published in the built `site`, with directory URLs."""
    name = page.removesuffix(".md")
    if name == "index":
        return site / "index.html"
    return site / name.removesuffix("/index") / "index.html"


def page_html(site: Path, page: str) -> str:
    return page_path(site, page).read_text(encoding="utf-8")


def article_html(html: str) -> str:
    """A Material page's content, without the theme around it."""
    match = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S)
    assert match, "no <article> in page"
    return match.group(1)


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
        return mkdocs_build(self.root, *args)

    def built(self, *args: str) -> subprocess.CompletedProcess[str]:
        result = self.build(*args)
        assert result.returncode == 0, f"build failed:\n{result.stderr}"
        return result

    def html(self, page: str = "index.md") -> str:
        return page_html(self.root / "site", page)

    def article(self, page: str = "index.md") -> str:
        """The page's content, without the theme around it."""
        return article_html(self.html(page))


def flagship() -> tuple[Any, Catalog]:
    """The repository's site as a build sees it: its MkDocs configuration and its loaded notes."""
    from mkdocs.config import load_config

    from context_layers.core.files import markdown_pages
    from context_layers.core.load import load_catalog

    config = load_config(str(REPO / "mkdocs.yml"))
    plugin = config.plugins["context-layers"]
    folders = [REPO / folder for folder in plugin.config.annotations]
    pages = markdown_pages(Path(config.docs_dir))
    return config, load_catalog(folders, plugin.config.layers, root=REPO, pages=pages)


def run_cli(capsys: Any, *args: str) -> tuple[int, str, str]:
    """`context-layers ARGS` in this process: the exit code, and what it printed to stdout and stderr."""
    from context_layers.tools.cli import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err
