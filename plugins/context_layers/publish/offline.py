"""The offline edition: a site that opens from a folder, with no network at all.

Material's `offline` plugin makes links and search work from `file://`, but it loads
one helper script (iframe-worker) from a CDN, and the theme loads web fonts unless
`theme.font: false`. With the plugin's `offline: true`, the helper ships with the site
instead, and after the build every page, stylesheet and script is checked for
anything it would load from the network. Links that a reader follows (sources) are
fine: they are only fetched when clicked.
"""

from __future__ import annotations

import re
from pathlib import Path

VENDOR = Path(__file__).parent.parent / "vendor"
SHIM = "assets/context-layers/vendor/iframe-worker-shim.js"
SHIM_SOURCE = VENDOR / "iframe-worker" / "shim.js"

# Ways a page or stylesheet makes the browser fetch something by itself.
_HTML_LOADS = [
    re.compile(r"<(?:script|img|iframe|source|audio|video|embed|track|input)\b[^>]*?\ssrc=[\"']?(https?:)?//", re.I),
    re.compile(r"<(?:img|source)\b[^>]*?\ssrcset=[\"'][^\"']*(https?:)?//", re.I),
    re.compile(r"<object\b[^>]*?\sdata=[\"']?(https?:)?//", re.I),
    re.compile(
        r"<link\b(?=[^>]*\srel=[\"']?(?:stylesheet|preload|modulepreload|prefetch|preconnect|dns-prefetch|icon|"
        r"shortcut icon|apple-touch-icon|manifest)[\"'\s>])[^>]*\shref=[\"']?(https?:)?//",
        re.I,
    ),
]
_CSS_LOADS = re.compile(r"(?:url\(\s*[\"']?|@import\s+[\"']?)(https?:)?//", re.I)
_JS_LOADS = re.compile(r"(?:importScripts\(|import\(|\bfrom\s+)[\"'](https?:)?//", re.I)


def external_loads(site_dir: Path) -> list[str]:
    """Every place in the built site that would fetch a resource from the network."""
    found = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix not in (".html", ".css", ".js") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        patterns = _HTML_LOADS if path.suffix == ".html" else [_CSS_LOADS] if path.suffix == ".css" else [_JS_LOADS]
        starts = sorted({match.start() for pattern in patterns for match in pattern.finditer(text)})
        for start in starts:
            line = text.count("\n", 0, start) + 1
            snippet = " ".join(text[start : start + 120].split())
            found.append(f"{path.relative_to(site_dir).as_posix()}:{line}: {snippet}")
    return found
