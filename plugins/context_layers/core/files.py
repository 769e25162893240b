"""The files a project is made of: its Markdown pages under docs/ and its annotation files."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

SUFFIXES = (".yml", ".yaml")
SOURCES_FILE_NAMES = ("sources.yml", "sources.yaml")  # shared sources, at the top of an annotations folder


def markdown_pages(docs_dir: Path) -> list[str]:
    """Every page under `docs_dir`, as its path from there (`world/article.md`), sorted; none if it is missing."""
    if not docs_dir.is_dir():
        return []
    return sorted(path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*.md") if path.is_file())


def annotation_files(folders: Iterable[Path]) -> list[Path]:
    """Every YAML file under the folders (missing folders have none), sorted within each folder."""
    return [
        path
        for folder in folders
        if folder.is_dir()
        for path in sorted(folder.rglob("*"))
        if path.suffix in SUFFIXES and path.is_file()
    ]
