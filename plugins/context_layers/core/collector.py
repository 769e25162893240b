"""Python's cyclic garbage collector, paused while the engine makes many objects at once.

Loading thousands of notes, or anchoring and weaving a page, allocates a great many objects
and makes no reference cycles; each allocation burst still sets off the collector, whose passes
over a growing heap took a fifth of the time (measured with `bench/run.py`). Reference
counting frees everything as usual, and the collector resumes, with whatever it was doing,
when the work is done.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside the block (nested blocks keep it paused; the outermost resumes it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def set_aside() -> None:
    """Leave every object alive now out of the collector's later passes (`gc.freeze`), until
    `bring_back`. For a host, once the notes are loaded: thousands of long-lived objects that
    every full collection during the build would otherwise walk again. Reference counting still
    frees them; only reference cycles among them wait for `bring_back`."""
    gc.freeze()


def bring_back() -> None:
    """Undo `set_aside`: the collector sees every object again."""
    gc.unfreeze()
