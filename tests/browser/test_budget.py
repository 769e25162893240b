"""Small and fast: the asset budget, no layout shift, nothing a strict CSP would block."""

from __future__ import annotations

import gzip
import re
from urllib.request import urlopen

import pytest

from helpers import ASSETS

from .browsing import ARTICLE, NARROW, WIDE, tap

EAGER = 8 * 1024  # bytes, gzipped: the stylesheets and scripts every page links, together
PROPOSING = 7 * 1024  # the proposal form's (assets/propose/), loaded only once a reader selects text

CLS_OBSERVER = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__shifts.push({value: entry.value,
      nodes: entry.sources.map((s) => s.node && (s.node.id || s.node.className || s.node.nodeName))});
  }
}).observe({type: 'layout-shift', buffered: true});
"""

CSP = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self'; img-src 'self' data:; font-src 'self'"


def _gzipped(files: list) -> dict[str, int]:
    return {p.relative_to(ASSETS).as_posix(): len(gzip.compress(p.read_bytes(), compresslevel=9)) for p in files}


def test_what_every_page_loads_stays_under_8_kb_gzipped_and_the_proposal_form_under_7():
    files = sorted(p for p in ASSETS.rglob("*") if p.suffix in {".css", ".js"})
    eager = [p for p in files if p.parent == ASSETS]
    assert {p.suffix for p in eager} == {".css", ".js"}
    sizes = _gzipped(files)
    print("gzipped:", sizes)
    assert sum(_gzipped(eager).values()) <= EAGER, f"{sum(_gzipped(eager).values())} bytes gzipped on every page"
    proposing = sum(size for name, size in sizes.items() if name.startswith("propose/"))
    assert proposing <= PROPOSING, f"{proposing} bytes gzipped for the proposal form: {sizes}"
    assert sum(sizes.values()) == sum(_gzipped(eager).values()) + proposing, f"an asset in neither part: {sizes}"


def test_the_script_keeps_to_the_rules():
    script = "\n".join(p.read_text(encoding="utf-8") for p in ASSETS.rglob("*.js"))
    for forbidden in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "fetch(",
        "XMLHttpRequest",
        "eval(",
    ):
        assert forbidden not in script, f"context-layers.js uses {forbidden}"


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["wide", "narrow"])
def test_no_layout_shift_when_the_script_starts(open_page, size):
    page = open_page(size=size, before=CLS_OBSERVER)
    page.wait_for_timeout(800)
    shifts = page.evaluate("window.__shifts")
    assert sum(s["value"] for s in shifts) == 0, f"layout shifts: {shifts}"


def test_a_strict_content_security_policy_blocks_nothing(open_page, other_site):
    """Served with style-src 'self' (no inline style at all), nothing is blocked and the page works.
    (Material needs script-src 'unsafe-inline' for its own three inline scripts.)"""
    page = open_page("404.html", base=other_site)  # a context first; the article comes with a CSP header

    def with_csp(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": CSP})

    page.context.route(f"{other_site}{ARTICLE}", with_csp)
    page.add_init_script(
        "window.__blocked = []; document.addEventListener('securitypolicyviolation', "
        "(e) => window.__blocked.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));"
    )
    page.goto(other_site + ARTICLE)
    page.wait_for_selector(".cl-placed", state="attached")
    page.click('[data-cl-layer-toggle="counter"]')
    tap(page, "#note-raid-atmeh .cl-note-header")
    assert page.evaluate("window.__blocked") == []
    assert page.locator("#note-body-removal").is_hidden()
    assert page.locator("#note-raid-atmeh .cl-body").is_visible()


def test_our_html_has_no_inline_script_or_style(site):
    html = urlopen(site + ARTICLE).read().decode()  # as served, before any script ran
    article = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S).group(1)
    assert " style=" not in article and "<style" not in article
    scripts = re.findall(r"<script\b([^>]*)>", article)
    assert all('type="application/ld+json"' in attributes for attributes in scripts), "an inline script runs"
