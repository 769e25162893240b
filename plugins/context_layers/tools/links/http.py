"""Asking the web about addresses, politely: few requests per site, a real name, patience when asked.

Each address is asked with HEAD first (no body to send), then with GET when HEAD gets an error
status: many servers refuse or mishandle HEAD (405, 501, even 403 or 404) but serve the page.
Redirects are followed here, one hop at a time, rather than by the client, so that every hop
counts against its own site's limit and the whole chain is known (permanent or temporary,
where it ends, a loop). A site is an origin (scheme, host and port), as browsers count
connections. A 429 or a 5xx is asked again after `Retry-After` or an exponential backoff,
never waiting longer than `max_wait` for one retry.
"""

from __future__ import annotations

import asyncio
import email.utils
import socket
import ssl
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from .outcome import REDIRECTS, Outcome


@dataclass(frozen=True)
class Settings:
    """How hard to try and how gently; the defaults are the command's."""

    concurrency: int = 16  # requests in flight in all
    per_site: int = 2  # requests in flight to one site
    timeout: float = 15.0  # seconds for one request, from sending it to the response's headers
    retries: int = 2  # further attempts after a 429 or a 5xx
    backoff: float = 1.0  # seconds before the first retry when the site gives no `Retry-After`; doubles each time
    max_wait: float = 60.0  # the longest wait for one retry; a longer `Retry-After` ends the retries
    max_redirects: int = 10
    user_agent: str = "context-layers"


@dataclass
class _Answer:
    status: int
    location: str | None
    retry_after: float | None
    attempts: int
    seconds: float = 0.0  # how long the site took to answer
    refused_wait: float | None = None  # the `Retry-After` that was too long to honour


class _NoAnswerError(Exception):
    """A request that got no HTTP answer, with the reason as a key of `FAILURES`."""

    def __init__(self, failure: str, detail: str) -> None:
        super().__init__(detail)
        self.failure, self.detail = failure, detail


def site_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _causes(error: BaseException) -> Iterable[BaseException]:
    """The error and everything behind it: causes, contexts and the members of exception groups."""
    seen: set[int] = set()
    stack = [error]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack += [e for e in (current.__cause__, current.__context__) if e is not None]
        stack += [e for e in getattr(current, "exceptions", ()) if isinstance(e, BaseException)]


def failure_of(error: BaseException) -> tuple[str, str]:
    """Why a request got no answer, as a key of `FAILURES`, and the client's words for it."""
    detail = str(error) or type(error).__name__
    causes = list(_causes(error))
    if any(isinstance(e, (httpx.TimeoutException, asyncio.TimeoutError, TimeoutError)) for e in causes):
        return "timeout", detail
    if any(isinstance(e, (httpx.InvalidURL, httpx.UnsupportedProtocol)) for e in causes):
        return "invalid", detail
    if any(isinstance(e, socket.gaierror) for e in causes):
        return "dns", detail
    if any(isinstance(e, ssl.SSLError) for e in causes):
        return "tls", detail
    if any(isinstance(e, ConnectionRefusedError) for e in causes):
        return "refused", detail
    return "connection", detail


class Checker:
    """Checks addresses with one client, within the settings' limits."""

    def __init__(self, client: httpx.AsyncClient, settings: Settings) -> None:
        self.client, self.settings = client, settings
        self.everywhere = asyncio.Semaphore(settings.concurrency)
        self.sites: dict[str, asyncio.Semaphore] = {}

    async def check(self, url: str) -> Outcome:
        started = time.monotonic()
        outcome = await self._follow(url, "HEAD")
        if outcome.status is not None and outcome.status >= 400 and outcome.status != 429:
            outcome = await self._follow(url, "GET")
        outcome.elapsed = round(time.monotonic() - started, 3)
        outcome.checked_at = time.time()
        return outcome

    async def _follow(self, url: str, method: str) -> Outcome:
        redirects: list[tuple[int, str]] = []
        seen, current, slowest = {url}, url, 0.0
        try:
            for _ in range(self.settings.max_redirects + 1):
                answer = await self._ask(method, current)
                slowest = max(slowest, answer.seconds)
                if answer.status not in REDIRECTS or not answer.location:
                    return Outcome(
                        url,
                        answer.status,
                        current,
                        redirects,
                        attempts=answer.attempts,
                        retry_after=answer.refused_wait,
                        slowest=slowest,
                    )
                current = urljoin(current, answer.location)
                redirects.append((answer.status, current))
                if current in seen:
                    return Outcome(url, answer.status, current, redirects, "loop", slowest=slowest)
                seen.add(current)
                method = "GET" if answer.status == 303 else method
        except _NoAnswerError as refused:
            return Outcome(url, None, current, redirects, refused.failure, refused.detail)
        return Outcome(url, None, current, redirects, "redirects", slowest=slowest)

    async def _ask(self, method: str, url: str) -> _Answer:
        """One address, asked again after a 429 (or a 5xx to a GET) as the site or the backoff says."""
        settings = self.settings
        for attempt in range(1, settings.retries + 2):
            answer = await self._once(method, url)
            answer.attempts = attempt
            retryable = answer.status == 429 or (answer.status >= 500 and method == "GET")
            if not retryable or attempt > settings.retries:
                return answer
            wait = answer.retry_after if answer.retry_after is not None else settings.backoff * 2 ** (attempt - 1)
            if answer.retry_after is not None and wait > settings.max_wait:
                answer.refused_wait = wait  # asked to come back much later: do so on another day
                return answer
            await asyncio.sleep(min(wait, settings.max_wait))
        raise AssertionError("unreachable")  # pragma: no cover

    async def _once(self, method: str, url: str) -> _Answer:
        # The site's slot first, then a global one: waiting for a busy site must not hold a global slot.
        site = self.sites.setdefault(site_of(url), asyncio.Semaphore(self.settings.per_site))
        async with site, self.everywhere:
            started = time.monotonic()
            try:
                request = self.client.build_request(method, url)
                response = await asyncio.wait_for(self.client.send(request, stream=True), self.settings.timeout)
                await response.aclose()  # the headers are the answer: the body is never read
            except (httpx.HTTPError, OSError, asyncio.TimeoutError) as error:
                raise _NoAnswerError(*failure_of(error)) from error
        return _Answer(
            response.status_code,
            response.headers.get("location"),
            retry_after(response.headers.get("retry-after")),
            attempts=1,
            seconds=time.monotonic() - started,
        )


def make_client(settings: Settings) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=settings.concurrency, max_keepalive_connections=settings.concurrency)
    return httpx.AsyncClient(
        headers={"User-Agent": settings.user_agent, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
        timeout=settings.timeout,
        follow_redirects=False,
        limits=limits,
    )


async def check_all(
    urls: list[str], settings: Settings, on_result: Callable[[Outcome], None], deadline: float | None = None
) -> list[str]:
    """Check every address, calling `on_result` as each is done; the addresses left when `deadline`
    (seconds) passed. Cancelled (Ctrl-C), it stops every request before it returns."""
    async with make_client(settings) as client:
        checker = Checker(client, settings)

        async def one(url: str) -> None:
            on_result(await checker.check(url))

        tasks = {asyncio.ensure_future(one(url)): url for url in urls}
        try:
            if tasks:
                await asyncio.wait(tasks, timeout=deadline)
        finally:
            pending = [task for task in tasks if not task.done()]
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        for task in tasks:
            if task.done() and not task.cancelled() and task.exception() is not None:
                raise task.exception()  # type: ignore[misc]
        return [tasks[task] for task in pending]
