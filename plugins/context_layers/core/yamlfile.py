"""One annotation file, read and validated, its problems reported where they are in the file.

`YamlFile.read()` gives plain data (or `FAILED`, the reason reported); `validate()`
checks data against a model and explains each error in a contributor's words at the
line and column of the value (or key) concerned; `check_urls()` reports source
addresses that are not the document they claim to be.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import yamlread
from .diagnostics import Diagnostics
from .explain import explain, without_tags
from .schemas import ValidationError, validate
from .urls import url_problems

FAILED = object()  # `read()` could not produce data; the reason is already reported


class YamlFile:
    """One annotation file: read, validated against the model, its problems reported at their positions."""

    def __init__(self, path: Path, display: str, diagnostics: Diagnostics) -> None:
        self.path, self.display, self.diagnostics = path, display, diagnostics
        self.root: yamlread.Node | None = None

    def read(self) -> Any:
        try:
            size = self.path.stat().st_size
            if size > yamlread.MAX_BYTES:
                self.error(
                    1,
                    1,
                    f"the file is {size / 1_000_000:.1f} MB; the limit is 1 MB",
                    "split the notes into several files",
                )
                return FAILED
            text = self.path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            self.error(1, 1, f"the file is not UTF-8 text (byte {exc.start})", "save the file with UTF-8 encoding")
            return FAILED
        except OSError as exc:
            self.error(
                1, 1, f"cannot read the file: {exc.strerror or exc}", "check that the file exists and is readable"
            )
            return FAILED
        try:
            self.root = yamlread.parse(text)
        except yamlread.YamlError as problem:
            self.error(problem.line, problem.col, problem.message, problem.hint)
            return FAILED
        return yamlread.to_python(self.root)

    def error(self, line: int, col: int, message: str, hint: str = "") -> None:
        self.diagnostics.error(self.display, line, col, message, hint)

    def warning(self, line: int, col: int, message: str, hint: str = "") -> None:
        self.diagnostics.warning(self.display, line, col, message, hint)

    def at(self, path: tuple[Any, ...], key: bool = False, offset: int = 0) -> tuple[int, int]:
        return yamlread.locate(self.root, path, key=key, offset=offset)

    def positions(self, path: tuple[Any, ...], keys: Iterable[str]) -> dict[str, tuple[int, int]]:
        """Where the value of each key of the mapping at `path` is (as `at(path + (key,))`, found once)."""
        node = yamlread.node_at(self.root, path)
        if not isinstance(node, yamlread.Mapping):
            return {key: self.at(path + (key,)) for key in keys}
        items = node.items
        return {
            key: (items[key][1].line, items[key][1].col) if key in items else self.at(path + (key,)) for key in keys
        }

    def check_urls(self, entry: Any, loc: tuple[Any, ...]) -> bool:
        """Report addresses that are not the document they claim to be; True if one is an error."""
        failed = False
        for key in ("url", "archive_url"):
            url = entry.get(key) if isinstance(entry, dict) else None
            if not isinstance(url, str):
                continue
            for problem in url_problems(url):
                where = self.at(loc + (key,), offset=problem.offset)
                (self.error if problem.error else self.warning)(*where, problem.message, problem.hint)
                failed = failed or problem.error
        return failed

    def validate(self, record: type, data: Any, base: tuple[Any, ...] = ()) -> Any:
        try:
            return validate(record, data)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                self._report(record, base + tuple(error["loc"]), error)
            return None

    def _report(self, model: type, loc: tuple[Any, ...], error: Any) -> None:
        explanation = explain(model, loc, error)
        self.error(*self.at(without_tags(loc), key=explanation.at_key), explanation.message, explanation.hint)
