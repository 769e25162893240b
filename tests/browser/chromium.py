"""Which Chromium the browser tests drive: the one CHROMIUM names, else Debian's, else Playwright's own
(fetched earlier by `playwright install chromium`; the tests never fetch a browser).

Run as a script it prints the executable found, or says what to install and exits 1:
`scripts/test` asks it before installing Debian's Chromium.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DEBIAN = (Path("/usr/bin/chromium"), Path("/usr/lib/chromium/chromium"))
INSTALL = (
    "install Debian's Chromium (apt-get install chromium), set CHROMIUM to a Chromium or Chrome executable, "
    "or let Playwright fetch its own (python -m playwright install chromium)"
)


def find(playwright_executable: str | None) -> tuple[Path | None, str]:
    """The executable, or None and why there is none; `playwright_executable` is Playwright's own browser."""
    named = os.environ.get("CHROMIUM")
    if named:
        path = Path(named).expanduser()
        if path.is_file() and os.access(path, os.X_OK):
            return path, ""
        return None, f"CHROMIUM={named} is not an executable file"
    for path in DEBIAN:
        if path.exists():
            return path, ""
    if playwright_executable and Path(playwright_executable).is_file():
        return Path(playwright_executable), ""
    return None, f"no Chromium at {' or '.join(map(str, DEBIAN))}, none named by CHROMIUM, none of Playwright's"


def _playwright_executable() -> str | None:
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            return playwright.chromium.executable_path
    except Exception:  # no Playwright, or its driver cannot start: then it has no browser to offer either
        return None


if __name__ == "__main__":
    found, why = find(_playwright_executable())
    if found is None:
        sys.exit(f"{why}: {INSTALL}")
    print(found)
