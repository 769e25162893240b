"""A page's YAML front matter, as MkDocs and Zensical read it, for hosts that have no reader.

Only what the notes need: the front matter stripped (to render the page as the site
does) and `original.date`, the publication date of the article a page reproduces.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import yaml

FRONT_MATTER = re.compile(r"\A-{3}\s*\n(.*?\n)?(?:-{3}|\.{3})\s*\n", re.S)


def strip(text: str) -> str:
    """The page's Markdown without its front matter."""
    return FRONT_MATTER.sub("", text, count=1)


def read(text: str) -> dict[str, Any]:
    """The front matter as data (empty when there is none, or it is not a YAML mapping)."""
    found = FRONT_MATTER.match(text)
    if not found or not found.group(1):
        return {}
    try:
        data = yaml.safe_load(found.group(1))
    except yaml.YAMLError:
        return {}  # the host reports a broken front matter; notes just go without the date
    return data if isinstance(data, dict) else {}


def original_date(meta: Mapping[str, Any] | None) -> dt.date | str | None:
    """`original: {date: ...}`: when the article the page reproduces was first published."""
    original = (meta or {}).get("original")
    date = original.get("date") if isinstance(original, Mapping) else None
    if isinstance(date, dt.datetime):
        return date.date()
    return date if isinstance(date, (dt.date, str)) and str(date).strip() else None
