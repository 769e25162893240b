"""Diagnostics: every problem found in annotations, as data.

Loading and anchoring never raise on bad input. They collect `Diagnostic`s, each
with a file, a line, a column, a severity, a message and a hint, so that one run
reports every problem at once. Front ends (the MkDocs plugin, the Python-Markdown
extension, command-line tools) decide what an error means for them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"  # nothing is published
    WARNING = "warning"  # published, but fails a strict build
    NOTICE = "notice"  # for information: what was not checked, and why (never fails a build)


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one annotation file, at a 1-based line and column."""

    file: str
    line: int
    col: int
    severity: Severity
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def is_warning(self) -> bool:
        return self.severity is Severity.WARNING

    def format(self) -> str:
        """`file:line:col: severity: message`, and the hint on its own indented line."""
        text = f"{self.file}:{self.line}:{self.col}: {self.severity.value}: {self.message}"
        if self.hint:
            hint = self.hint.replace("\n", "\n        ")
            text += f"\n  hint: {hint}"
        return text

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


class Diagnostics(list[Diagnostic]):
    """An ordered collection of diagnostics with helpers to add and summarise them."""

    def error(self, file: str, line: int, col: int, message: str, hint: str = "") -> None:
        self.append(Diagnostic(file, line, col, Severity.ERROR, message, hint))

    def warning(self, file: str, line: int, col: int, message: str, hint: str = "") -> None:
        self.append(Diagnostic(file, line, col, Severity.WARNING, message, hint))

    def notice(self, file: str, line: int, col: int, message: str, hint: str = "") -> None:
        self.append(Diagnostic(file, line, col, Severity.NOTICE, message, hint))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self if d.is_warning]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self, key=lambda d: (d.file, d.line, d.col, d.message))

    def summary(self) -> str:
        errors, warnings = len(self.errors), len(self.warnings)
        return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def format_all(diagnostics: Iterable[Diagnostic]) -> str:
    return "\n".join(d.format() for d in diagnostics)


def failure(file: str, message: str, hint: str = "", line: int = 1, col: int = 1) -> ContextLayersError:
    """One error, ready to raise: for problems found outside annotation files (a command's arguments, a config)."""
    return ContextLayersError([Diagnostic(file, line, col, Severity.ERROR, message, hint)])


class ContextLayersError(Exception):
    """The one exception type of the package: annotations that cannot be published.

    It carries the diagnostics that caused it; `str()` is their formatted text.
    """

    def __init__(self, diagnostics: Iterable[Diagnostic], summary: str = "") -> None:
        self.diagnostics = list(diagnostics)
        text = format_all(self.diagnostics)
        super().__init__(f"{summary}\n{text}" if summary else text)


def nearest(word: str, choices: Iterable[str], cutoff: float = 60) -> str | None:
    """The choice closest to a mistyped word, if any is close enough."""
    from rapidfuzz import fuzz, process  # only once something is mistyped: a build without problems never loads it

    found = process.extractOne(word, list(choices), scorer=fuzz.ratio, score_cutoff=cutoff)
    return found[0] if found else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint for an unknown name: the likely intended one, and what is allowed."""
    choices = list(choices)
    guess = nearest(word, choices)
    listed = ", ".join(choices)
    return f"did you mean {guess!r}? Allowed: {listed}" if guess else f"allowed: {listed}"
