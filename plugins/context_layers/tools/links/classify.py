"""What an answer means for a note's reader: an error, a warning, a notice, or nothing to say.

Errors are addresses a reader cannot follow to the document (gone, broken, no answer).
Warnings need a person: an address that moved for good (write the new one), a redirect to a
front page or a login page (the document is probably gone: a "soft 404"), a 401 or 403 (often
a site turning away programs, not readers). Notices, shown with `--verbose`, are for information:
temporary redirects, slow answers, and where an archived copy might be found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import urlsplit

from ...core.diagnostics import Diagnostic, Severity
from .outcome import FAILURES, PERMANENT, Outcome
from .targets import Target

WAYBACK = "https://web.archive.org/web/*/{url}"
# A front page: the root, an index or home page, or the root of one language edition (`/en/`, `/fr-ca/`).
_LANGUAGES = "ar|de|en|es|fa|fr|he|hi|it|ja|ko|ku|nl|pl|pt|ru|sv|tr|uk|ur|zh"
_FRONT = re.compile(rf"(?:(?:{_LANGUAGES})(?:[-_][a-z]{{2}})?|home|index\.\w+)?", re.I)
_LOGIN = re.compile(
    r"(?:^|[/._-])(?:log-?in|sign-?in|sign_in|log-?on|sso|auth|authenticate|session/new)(?:$|[/._?-])", re.I
)


@dataclass(frozen=True)
class Options:
    verbose: bool = False
    require_archive: bool = False
    slow: float = 7.5  # seconds: an answer slower than this is worth a notice


def wayback(url: str) -> str:
    """Where the Wayback Machine lists its copies of `url`, as a suggestion to follow by hand."""
    return (
        f"the Wayback Machine lists its copies at {WAYBACK.format(url=url)} (a suggestion: "
        "if one shows the document, add it as `archive_url`)"
    )


def _cited(target: Target) -> str:
    return f"cited by {', '.join(target.notes)}" if target.notes else "cited by no note"


def _status(status: int) -> str:
    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def is_front_page(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.query and _FRONT.fullmatch(parts.path.strip("/")) is not None


def is_login_page(url: str) -> bool:
    parts = urlsplit(url)
    host = parts.hostname or ""
    return host.startswith(("login.", "signin.", "auth.", "accounts.")) or _LOGIN.search(parts.path) is not None


def new_address(outcome: Outcome) -> str:
    """Where the permanent redirects at the start of the chain lead: the address to write instead."""
    address = outcome.url
    for status, target in outcome.redirects:
        if status not in PERMANENT:
            break
        address = target
    return address


def _repair_hint(target: Target, outcome: Outcome | None = None) -> str:
    passing = outcome is not None and not outcome.answered and outcome.failure not in ("loop", "redirects", "invalid")
    first = "the site may only be down for now (it is asked again on the next run); if it stays so, " if passing else ""
    if target.archive_url:
        return (
            first + f"find the document's new address; readers can still open the archived copy ({target.archive_url})"
        )
    if target.field == "archive_url":
        return first + "find another archived copy of the document, or remove `archive_url`"
    return first + f"find the document's new address, or an archived copy: {wayback(target.url)}"


def _failed(target: Target, outcome: Outcome) -> tuple[Severity, str, str] | None:
    """An error or warning for an address that did not lead to the document; None if it did."""
    url, status = target.url, outcome.status
    after = f" (after redirecting to {outcome.final_url})" if outcome.redirects else ""
    if outcome.failure == "loop":
        chain = " → ".join([url, *(hop for _, hop in outcome.redirects)])
        return Severity.ERROR, f"{url} redirects in a loop: {chain}", _repair_hint(target)
    if outcome.failure:
        detail = f" ({outcome.detail})" if outcome.detail and outcome.failure in ("connection", "tls") else ""
        return Severity.ERROR, f"{url} {FAILURES[outcome.failure]}{detail}{after}", _repair_hint(target, outcome)
    assert status is not None
    if status in (401, 403):
        return (
            Severity.WARNING,
            f"{url} answers {_status(status)}{after}: often a site that turns away programs, not readers",
            "check it by hand in a browser; if the document opens there, nothing needs changing",
        )
    if status == 429:
        wait = f", and asked to wait {outcome.retry_after:.0f} s" if outcome.retry_after else ""
        return (
            Severity.WARNING,
            f"{url} answers {_status(status)} after {outcome.attempts} attempts{wait}",
            "the site limits requests: run the check again later, or check the address by hand",
        )
    if status >= 500:
        tries = f" after {outcome.attempts} attempts" if outcome.attempts > 1 else ""
        return Severity.ERROR, f"{url} answers {_status(status)}{tries}{after}", _repair_hint(target, outcome)
    if status >= 400:
        return Severity.ERROR, f"{url} answers {_status(status)}{after}", _repair_hint(target)
    return None


def _redirected(target: Target, outcome: Outcome, options: Options) -> tuple[Severity, str, str] | None:
    if not outcome.redirects:
        return None
    url, final = target.url, outcome.final_url
    if is_login_page(final) and not is_login_page(url):
        message = f"{url} redirects to a login page ({final}): the document may be gone or behind a paywall"
        return Severity.WARNING, message, "check it by hand; " + _repair_hint(target)
    if is_front_page(final) and not is_front_page(url):
        host = urlsplit(final).hostname or final
        message = f"{url} redirects to the front page of {host} ({final}): the document is probably gone (a soft 404)"
        return Severity.WARNING, message, _repair_hint(target)
    first = outcome.redirects[0][0]
    if first in PERMANENT:
        message = f"{url} has moved permanently ({_status(first)}) to {new_address(outcome)}"
        return Severity.WARNING, message, f"write the new address: {new_address(outcome)}"
    if options.verbose:
        message = f"{url} redirects temporarily ({_status(first)}) to {final}"
        return Severity.NOTICE, message, "nothing to change: the site may send readers elsewhere another day"
    return None


def judge(target: Target, outcome: Outcome, options: Options) -> list[Diagnostic]:
    """The diagnostics for one address, at the first place it is written, naming the notes that cite it."""
    found: list[tuple[Severity, str, str]] = []
    verdict = _failed(target, outcome) or _redirected(target, outcome, options)
    if verdict:
        found.append(verdict)
    if options.verbose and outcome.status is not None and outcome.slowest >= options.slow:
        found.append((Severity.NOTICE, f"{target.url} answered slowly ({outcome.slowest:.1f} s)", ""))
    failed = verdict is not None and verdict[0] is not Severity.NOTICE
    dead = verdict is not None and verdict[0] is Severity.ERROR  # its hint already points at archived copies
    if options.require_archive and target.needs_archive and not dead:
        message = f"{target.url} has no `archive_url`, and a note of a layer that requires sources cites it"
        found.append((Severity.WARNING, message, wayback(target.url)))
    elif options.verbose and target.field == "url" and not target.archive_url and not failed:
        found.append((Severity.NOTICE, f"{target.url} has no archived copy (`archive_url`)", wayback(target.url)))
    return [_at(target, severity, message, hint) for severity, message, hint in found]


def _at(target: Target, severity: Severity, message: str, hint: str) -> Diagnostic:
    also = [str(place) for place in target.places[1:]]
    if also:
        hint = (hint + "\n" if hint else "") + f"the same address is also written at {', '.join(also)}"
    place = target.place
    return Diagnostic(place.file, place.line, place.col, severity, f"{message}; {_cited(target)}", hint)


def not_checked(target: Target, why: str) -> Diagnostic:
    return _at(target, Severity.NOTICE, f"{target.url} was not checked: {why}", "run the command again")
