"""What every part of the build benchmark shares: the variants, the error, the progress lines, the commands."""

from __future__ import annotations

import os
import sys
from pathlib import Path

VARIANTS = ("admonitions", "plugin", "bare")
SITE_URL = "https://example.org/bench/"


class BenchError(Exception):
    """A build failed or its output is not what the benchmark expects."""


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def bench_env() -> dict[str, str]:
    """The environment of every process the benchmark starts."""
    return dict(os.environ, NO_MKDOCS_2_WARNING="1")


def console_script(name: str, module: str) -> list[str]:
    """The command a user types: the console script installed next to this interpreter, else `python -m`."""
    script = Path(sys.executable).parent / name
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", module]


def mkdocs_command(*args: str) -> list[str]:
    return [*console_script("mkdocs", "mkdocs"), *args]


def context_layers_command(*args: str) -> list[str]:
    return [*console_script("context-layers", "context_layers"), *args]
