"""What every part of the build benchmark shares: the variants, the error, the progress lines."""

from __future__ import annotations

import sys

VARIANTS = ("admonitions", "plugin", "bare")


class BenchError(Exception):
    """A build failed or its output is not what the benchmark expects."""


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
