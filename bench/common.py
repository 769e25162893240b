"""What every part of the build benchmark shares: the variants, the error, the progress lines, the commands."""

from __future__ import annotations

import compileall
import importlib.util
import os
import sys
from pathlib import Path

VARIANTS = ("admonitions", "plugin", "bare")
SITE_URL = "https://example.org/bench/"


class BenchError(Exception):
    """A build failed or its output is not what the benchmark expects."""


def compile_package() -> None:
    """Byte-compile the plugin's package once, as pip does when it installs one and as a user's first
    build does by itself: else an editable install, where `PYTHONDONTWRITEBYTECODE` is set, would
    compile every module again in every build measured, which no user's build does."""
    spec = importlib.util.find_spec("context_layers")
    if spec is None or not spec.submodule_search_locations:
        raise BenchError("context_layers is not installed: pip install -e .")
    for folder in spec.submodule_search_locations:
        compileall.compile_dir(folder, quiet=1)


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
