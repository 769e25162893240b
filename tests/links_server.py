"""Real HTTP servers on 127.0.0.1, with a route for each kind of answer a source address can get.

Each `Site` is one server on its own port (a site, as the checker counts them); every site has
the same routes and counts the requests it is serving at once, so a test can see the most it
ever served together. Nothing here reaches beyond this machine.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class Gauge:
    """Requests being served at once, and the most there ever were."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = self.most = 0

    def enter(self) -> None:
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)

    def leave(self) -> None:
        with self.lock:
            self.now -= 1


class Site:
    """One server and what it saw: requests as (method, path, time), their User-Agents, and the most
    served at once, by this site (`gauge`) and by all the sites that share `everywhere`."""

    def __init__(self, everywhere: Gauge | None = None) -> None:
        self.lock = threading.Lock()
        self.requests: list[tuple[str, str, float]] = []
        self.agents: set[str] = set()
        self.gauge, self.everywhere = Gauge(), everywhere or Gauge()
        self.counts: dict[str, int] = defaultdict(int)  # requests per path, for routes that change their answer
        self.other = ""  # the front page of another site, for the soft 404 route
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.site = self  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str, method: str | None = None) -> list[float]:
        """When each request for `path` (query included) arrived."""
        with self.lock:
            return [t for m, p, t in self.requests if p == path and (method is None or m == method)]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def refused_url() -> str:
    """An address on a port that nothing listens on (taken from the system, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/nothing-here"


class _Handler(BaseHTTPRequestHandler):
    server_version = "links-test"

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet tests

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def do_GET(self) -> None:
        self._serve(body=True)

    def _serve(self, body: bool) -> None:
        site: Site = self.server.site  # type: ignore[attr-defined]
        with site.lock:
            site.requests.append((self.command, self.path, time.monotonic()))
            site.counts[self.path] += 1
            count = site.counts[self.path]
            site.agents.add(self.headers.get("User-Agent", ""))
        site.gauge.enter()
        site.everywhere.enter()
        try:
            status, headers = _route(self.command, self.path, count, site)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            text = f"<html><body>{status}</body></html>".encode()
            self.send_header("Content-Length", str(len(text)))
            self.end_headers()
            if body:
                self.wfile.write(text)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the slow route): that is the point
        finally:
            site.gauge.leave()
            site.everywhere.leave()


def _route(method: str, target: str, count: int, site: Site) -> tuple[int, dict[str, str]]:
    """(status, headers) for a request; `count` is how many requests this path (with query) has had."""
    parts = urlsplit(target)
    path, query = parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}
    if path in ("/", "/ok", "/login", "/article") or path.startswith("/ok/"):
        return 200, {}
    if path.startswith("/slow"):
        time.sleep(float(query.get("t", "1")))
        return 200, {}
    fixed = {"/missing": 404, "/gone": 410, "/bad": 400, "/forbidden": 403, "/unauthorized": 401, "/broken": 500}
    if path in fixed:
        return fixed[path], {}
    redirects = {
        "/moved": (301, "/ok"),
        "/chain": (301, "/chain-2"),
        "/chain-2": (308, "/ok"),
        "/temporary": (302, "/ok"),
        "/then-missing": (302, "/missing"),
        "/loop-a": (302, "/loop-b"),
        "/loop-b": (302, "/loop-a"),
        "/members-only": (302, "/login?next=/members-only"),
        "/old-story": (301, site.other + "/"),
    }
    if path in redirects:
        status, location = redirects[path]
        return status, {"Location": location}
    if path == "/head-refused":
        return (405, {"Allow": "GET"}) if method == "HEAD" else (200, {})
    if path.startswith("/flaky"):  # fails its first `fail` requests, whatever their method
        return (500, {}) if count <= int(query.get("fail", "1")) else (200, {})
    if path.startswith("/busy"):  # asks to come back later once
        return (429, {"Retry-After": query.get("after", "1")}) if count == 1 else (200, {})
    return 404, {}
