"""The reading interface's stylesheets and scripts, as a site serves them.

`assets/` holds them readable, with their comments; a site gets them minified
(rjsmin, rcssmin: whitespace and comments only, no renaming), which is what the
reader downloads and what the size budget counts. Where they go:

- at the top of `assets/`: linked from every page (`linked()`);
- in a folder: copied, and loaded by a script only when a page needs them
  (`propose/` on a first selection, `claims/` on the claims index);
- `serve/`: linked only while `mkdocs serve` runs (the problems banner).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

ASSETS = Path(__file__).parent.parent / "assets"
SERVE_ONLY = "serve"


def every_asset() -> list[str]:
    """Every asset, as a path relative to `assets/` with forward slashes, sorted."""
    return sorted(path.relative_to(ASSETS).as_posix() for path in ASSETS.rglob("*") if path.is_file())


def linked(*, serving: bool = False) -> list[str]:
    """What every page links: the top of `assets/`, and `serve/` while serving."""
    return [name for name in every_asset() if "/" not in name or (serving and name.startswith(f"{SERVE_ONLY}/"))]


@cache
def served(name: str) -> str:
    """An asset's text as a site serves it: minified (a stylesheet or script), else as it is."""
    text = (ASSETS / name).read_text(encoding="utf-8")
    if name.endswith(".js"):
        from rjsmin import jsmin  # only a build that writes assets needs it

        # A `/*! ... */` comment stays: the place to name the file and its licence.
        return jsmin(text, keep_bang_comments=True)
    if name.endswith(".css"):
        from rcssmin import cssmin

        return cssmin(text, keep_bang_comments=True)
    return text
