"""Source addresses as they often arrive: copied from a page, with what copying left behind.

Text extraction turns `&gt;` into a literal `&gt` inside an address, or eats `&or` in
`&orderby=` and leaves the character `∨`; selecting a link in running text takes the
`)` or `.` after it; shared links carry tracking parameters. Each finding is a
`UrlProblem` with its position in the address and, where one can be made, the
cleaned address as the hint. Pure functions: the loader decides where to report.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit, urlunsplit

# Named entities as text extraction leaves them: `&gt` with or without `;`, but not a
# query parameter that happens to be called `gt` (`&gt=5`).
_ENTITY = re.compile(r"&(?:(?:gt|lt|quot|apos|nbsp)(?:;|(?![=\w]))|amp;|#[0-9]+;?|#x[0-9a-f]+;?)", re.I)
# Characters that a browser makes of `&name` when a query parameter starts with an
# entity's name (`&orderby` → `∨derby`, `&copy=` → `©=`), and the name it ate.
_EATEN = {
    "∨": "or", "∧": "and", "¬": "not", "§": "sect", "¶": "para", "©": "copy", "®": "reg",
    "×": "times", "÷": "divide", "£": "pound", "¢": "cent", "¥": "yen", "¤": "curren",
    "°": "deg", "µ": "micro", "⟨": "lang", "⟩": "rang", "∏": "prod", "∑": "sum", "∫": "int",
}  # fmt: skip
# The same characters percent-encoded (`%E2%88%A8` for `∨`), found in one pass.
_EATEN_BY_ENCODING = {quote(char).upper(): char for char in _EATEN}
_EATEN_ENCODED = re.compile("|".join(re.escape(encoded) for encoded in _EATEN_BY_ENCODING), re.I)
TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|twclid|igshid|mc_cid|mc_eid|"
    r"icid|ocid|ncid|cid|cmpid|_ga|_gl|__twitter_impression|ref_src)$",
    re.I,
)
_CLOSERS = {")": "(", "]": "["}


@dataclass(frozen=True)
class UrlProblem:
    """One finding: an error (the address is not the document) or a warning (it works, but)."""

    error: bool
    offset: int  # 0-based, in the address as written
    message: str
    hint: str = ""


def url_problems(url: str) -> list[UrlProblem]:
    """Everything wrong with `url` as a source address, errors first."""
    found = [*_artefacts(url), *_whitespace(url), *_trailing(url)]
    if not found:  # a cleaned address is worth suggesting only once it is well formed
        found += _host_dot(url) + _tracking(url)
    return sorted(found, key=lambda p: (not p.error, p.offset))


def _artefacts(url: str) -> list[UrlProblem]:
    problems = []
    for match in _ENTITY.finditer(url):
        entity = match.group()
        decoded = html.unescape(entity if entity.endswith(";") else entity + ";")
        # `&amp;` and numeric entities stand for a character the address needs; the
        # rest come from the markup around the link.
        keep = decoded if entity.lower().startswith(("&amp", "&#")) else ""
        cleaned = url[: match.start()] + keep + url[match.end() :]
        problems.append(UrlProblem(
            True, match.start(), f"the address contains {entity!r}, an HTML entity left by copying it from a page",
            f"probably {cleaned}; open it to check",
        ))  # fmt: skip
    seen: set[str] = set()
    for offset, char, written in _eaten_characters(url):
        if char in seen:  # one message a character, however often it occurs
            continue
        seen.add(char)
        name = _EATEN[char]
        cleaned = re.sub(re.escape(quote(char)), "&" + name, url.replace(char, "&" + name), flags=re.I)
        shown = f"{char!r}" + (f" (written {written})" if written != char else "")
        problems.append(UrlProblem(
            True, offset, f"the address contains {shown}, which a browser makes of `&{name}` in copied text "
            f"(`&{name}…` becomes `{char}…`)",
            f"the original was probably {cleaned}; find the page again rather than guess",
        ))  # fmt: skip
    return problems


def _eaten_characters(url: str) -> list[tuple[int, str, str]]:
    """(offset, character, as written) for each entity-eaten character, raw or percent-encoded."""
    found = [(i, c, c) for i, c in enumerate(url) if c in _EATEN]
    if "%" in url:
        for match in _EATEN_ENCODED.finditer(url):
            found.append((match.start(), _EATEN_BY_ENCODING[match.group().upper()], match.group()))
    return sorted(found)


def _whitespace(url: str) -> list[UrlProblem]:
    spaces = [i for i, c in enumerate(url) if c.isspace()]
    if not spaces:
        return []
    cleaned = re.sub(r"\s+", "", url)
    return [
        UrlProblem(True, spaces[0], "the address contains a space or a line break", f"write it on one line: {cleaned}")
    ]


def _trailing(url: str) -> list[UrlProblem]:
    end = len(url)
    while end and (url[end - 1] in ".," or (url[end - 1] in _CLOSERS and _unbalanced(url[:end]))):
        end -= 1
    if end == len(url):
        return []
    tail = url[end:]
    return [UrlProblem(
        True, end, f"the address ends in {tail!r}, most likely the punctuation after the link in the text it was "
                   "copied from",
        f"remove it: {url[:end]}",
    )]  # fmt: skip


def _unbalanced(url: str) -> bool:
    closer = url[-1]
    return url.count(closer) > url.count(_CLOSERS[closer])


def _host_dot(url: str) -> list[UrlProblem]:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host.endswith("."):
        return []
    offset = url.index(parts.netloc) + len(parts.netloc.rstrip("/").split(":")[0].split("@")[-1]) - 1
    cleaned = urlunsplit(parts._replace(netloc=parts.netloc.replace(host, host.rstrip("."), 1)))
    return [
        UrlProblem(
            False,
            offset,
            f"the host {host!r} ends in a dot, which some sites refuse",
            f"write it without the dot: {cleaned}",
        )
    ]


def _tracking(url: str) -> list[UrlProblem]:
    parts = urlsplit(url)
    # The query is cut on `&` as written, so what stays keeps its own spelling.
    fields = parts.query.split("&") if parts.query else []
    tracking = [f for f in fields if TRACKING.match(unquote(f.split("=", 1)[0]))]
    if not tracking:
        return []
    query = "&".join(f for f in fields if f not in tracking)
    cleaned = urlunsplit(parts._replace(query=query))
    offset = url.index(parts.query) + parts.query.index(tracking[0])
    names = ", ".join(dict.fromkeys(f.split("=", 1)[0] for f in tracking))
    return [
        UrlProblem(
            False,
            offset,
            f"the address carries tracking parameters ({names}), which say nothing about the document",
            f"remove them: {cleaned}",
        )
    ]
