"""Browser tests: the real site, built once per session, served on 127.0.0.1, read by
Chromium through Playwright: the one CHROMIUM names, Debian's, or Playwright's own
(chromium.py). A missing browser fails the run with what to install; it never skips.

Pages reach nothing but the local server (web fonts and CDNs are cut off), so what is
measured does not depend on the network. Screenshots go to tests/artifacts/ (ignored
by git) for a person to look at.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

from playwright.sync_api import Browser, ConsoleMessage, Page, Response, sync_playwright

from helpers import REPO, mkdocs_build

from .browsing import ARTICLE, WIDE, ready
from .chromium import INSTALL, find

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-gpu",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def _build(config: Path, destination: Path) -> None:
    result = mkdocs_build(config.parent, "-f", str(config), "-d", str(destination), timeout=300)
    assert result.returncode == 0, f"mkdocs build failed:\n{result.stderr}"


def _serve(folder: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site, built as a user builds it."""
    out = tmp_path_factory.mktemp("site")
    _build(REPO / "mkdocs.yml", out)
    return out


@pytest.fixture(scope="session")
def site(site_dir: Path) -> Iterator[str]:
    """The repository's own site, served; its base URL."""
    yield from _serve(site_dir)


@pytest.fixture(scope="session")
def other_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same pages as a stricter site would build them: Material's instant navigation on
    (pages swap in place) and its web fonts off (no inline <style>, so a strict CSP holds)."""
    project = tmp_path_factory.mktemp("other")
    for entry in REPO.iterdir():
        if entry.name not in {"mkdocs.yml", "site", ".git", "tests"}:
            (project / entry.name).symlink_to(entry)
    out = tmp_path_factory.mktemp("other-site")
    for url in _serve(out):  # instant navigation needs the site's own address (site_url)
        config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
        config["theme"].setdefault("features", []).append("navigation.instant")
        config["theme"]["font"] = False
        config["site_url"] = url
        (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        _build(project / "mkdocs.yml", out)
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        executable, why = find(playwright.chromium.executable_path)
        if executable is None:
            pytest.fail(f"{why}: {INSTALL}")
        browser = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser: Browser, site: str) -> Iterator:
    """Open a page of the site in a fresh browser context; script errors fail the test."""
    contexts = []
    errors: list[str] = []

    def open_(
        path: str = ARTICLE, *, size: dict = WIDE, scheme: str = "light", js: bool = True,
        motion: str = "no-preference", base: str | None = None, permissions: list[str] | None = None,
        before: str | None = None,
    ) -> Page:  # fmt: skip
        base = base or site
        context = browser.new_context(
            viewport=size, color_scheme=scheme, java_script_enabled=js, reduced_motion=motion,
            permissions=permissions or [],
        )  # fmt: skip
        contexts.append(context)
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"{path}: {error}"))
        page.on("console", lambda message: _console(message, errors))
        page.on("response", lambda response: _response(response, errors))
        if before:
            page.add_init_script(before)
        page.goto(base + path)
        if js and page.query_selector(".cl-layers"):
            ready(page)
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not errors, "errors in the page:\n" + "\n".join(errors)


def _console(message: ConsoleMessage, errors: list[str]) -> None:
    # Failed requests are judged by _response (other hosts are cut off on purpose).
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        errors.append(message.text)


def _response(response: Response, errors: list[str]) -> None:
    if response.status >= 400:
        errors.append(f"{response.status} {response.url}")
