"""No stray requests: loading any page of the site asks only for what the site has.

Every page in the navigation, wide and narrow, with the script on: no request to the site
answers 404 (or any error) or fails. Requests to other hosts (the theme's web fonts) are
cut off by the tests on purpose and are not counted here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.request import urlopen

import pytest
import yaml

from helpers import REPO

from .browsing import ARTICLE, NARROW, WIDE


def _nav_pages(nav: list) -> Iterator[str]:
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            yield from _nav_pages(value)
        elif value.endswith(".md"):
            yield "" if value == "index.md" else value.removesuffix("index.md").removesuffix(".md") + "/"


# `!ENV` (the site's address) is not plain YAML, and the navigation does not depend on it.
_CONFIG = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
PAGES = [*_nav_pages(_CONFIG["nav"]), "404.html"]


def _load_every_page(browser, base: str, size: dict) -> tuple[list[str], list[str]]:
    """Every page opened in turn; the requests to the site, and those that failed or answered an error."""
    context = browser.new_context(viewport=size)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
    requests: list[str] = []
    bad: list[str] = []
    page = context.new_page()
    page.on("request", lambda request: request.url.startswith(base) and requests.append(request.url))
    page.on("response", lambda response: response.status >= 400 and bad.append(f"{response.status} {response.url}"))
    page.on(
        "requestfailed",
        lambda request: request.url.startswith(base) and bad.append(f"{request.failure} {request.url}"),
    )
    try:
        for path in PAGES:
            page.goto(base + path, wait_until="networkidle")  # Material's own requests come after load
    finally:
        context.close()
    return requests, bad


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["wide", "narrow"])
def test_no_request_fails_on_any_page(browser, site, size):
    requests, bad = _load_every_page(browser, site, size)
    assert len(PAGES) >= 8 and any(url.endswith("search/search_index.json") for url in requests)
    assert bad == [], f"requests that failed on {size['width']} px: {bad}"
    sitemaps = {url for url in requests if url.endswith("sitemap.xml")}
    assert sitemaps <= {site + "sitemap.xml"}, f"a sitemap asked for where there is none: {sitemaps}"


def test_no_request_fails_with_instant_navigation(browser, other_site):
    _, bad = _load_every_page(browser, other_site, WIDE)
    assert bad == [], f"requests that failed: {bad}"


def test_the_web_annotations_stay_discoverable(open_page, site):
    page = open_page(ARTICLE)
    link = page.locator('link[rel~="alternate"][type="application/ld+json"]')
    assert link.count() == 1 and "describedby" in link.get_attribute("rel").split()
    href = page.evaluate("(link) => link.href", link.element_handle())
    collection = json.loads(urlopen(href).read())
    assert collection["type"] == "AnnotationCollection" and collection["first"]["items"]
    feed = page.locator('link[rel="alternate"][type="application/atom+xml"]')  # the feed keeps the exact value
    assert feed.count() == 1
