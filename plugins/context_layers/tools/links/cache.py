"""What earlier runs found, kept in a small JSON file so that a site is not asked again too soon.

An entry is fresh while it is younger than `max_age` and the site really answered (see
`Outcome.answered`): a timeout or a 503 is asked again on the next run. The file is rewritten
whole, through a temporary file, so an interrupted run never leaves half of it; an unreadable
file is treated as empty (it is only a cache).
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

from .outcome import Outcome

DEFAULT_PATH = ".cache/context-layers/links.json"
VERSION = 1
_AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.I)
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "": 86400}


def parse_age(text: str) -> float:
    """Seconds from `7d`, `12h`, `90m`, `30s` or a bare number of days."""
    match = _AGE.match(text)
    if not match:
        raise ValueError(f"not an age: {text!r} (write e.g. 7d, 12h, 90m or 0)")
    return float(match.group(1)) * _UNITS[match.group(2).lower()]


class Cache:
    """Outcomes by address, with the time each was checked."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: dict[str, Outcome] = {}
        self.unreadable = ""
        if path is not None and path.is_file():
            self._read(path)

    def _read(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != VERSION:
                return  # another layout: start afresh rather than misread it
            self.entries = {url: Outcome.from_dict(entry) for url, entry in data["links"].items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as problem:
            self.unreadable = f"{path}: {problem}"
            self.entries = {}

    def fresh(self, url: str, max_age: float, now: float | None = None) -> Outcome | None:
        """The remembered outcome of `url`, if it is recent enough to trust."""
        outcome = self.entries.get(url)
        now = time.time() if now is None else now
        if outcome is None or not outcome.answered or now - outcome.checked_at >= max_age:
            return None
        return outcome

    def remember(self, outcome: Outcome) -> None:
        self.entries[outcome.url] = outcome

    def save(self, keep: set[str] | None = None) -> None:
        """Write the file; with `keep`, only those addresses (the project's own, so removed ones go)."""
        if self.path is None:
            return
        entries = {url: o for url, o in sorted(self.entries.items()) if keep is None or url in keep}
        data = {"version": VERSION, "links": {url: outcome.to_dict() for url, outcome in entries.items()}}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(temporary, self.path)
