"""Small and fast: the asset budget, no layout shift, nothing a strict CSP would block."""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.request import urlopen

import pytest

from helpers import ASSETS

from .browsing import ARTICLE, NARROW, WIDE, tap
from .proposing import select_text

ASSET_DIR = "assets/context-layers"

BUDGET = 10 * 1024  # bytes, gzipped: every stylesheet and script of ours a page can load, in all

# What a page has loaded of ours, as the site serves it (the paths under assets/context-layers/).
LOADED = """() => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname)
  .filter((path) => path.includes('/assets/context-layers/')).map((path) => path.split('/assets/context-layers/')[1])"""
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


def _gzipped(site_dir: Path, names: list[str]) -> dict[str, int]:
    return {name: len(gzip.compress((site_dir / ASSET_DIR / name).read_bytes(), compresslevel=9)) for name in names}


def test_an_article_with_its_proposal_form_loads_at_most_10_kb_gzipped_of_ours(open_page, site_dir):
    page = open_page()
    before = page.evaluate(LOADED)
    assert sorted(before) == ["context-layers.css", "context-layers.js"], f"loaded up front: {before}"
    select_text(page, "within walking distance of Turkey")
    page.locator("button[data-cl-propose]").wait_for(state="visible")  # the form's script and stylesheet are in
    loaded = page.evaluate(LOADED)
    assert {"propose/propose.js", "propose/propose.css"} <= set(loaded), f"loaded: {loaded}"
    sizes = _gzipped(site_dir, loaded)
    print("gzipped:", sizes)
    assert sum(sizes.values()) <= BUDGET, f"{sum(sizes.values())} bytes gzipped: {sizes}"


def test_the_claims_index_loads_its_buttons_script_and_stays_in_the_budget(open_page, site_dir):
    page = open_page("claims/")
    page.locator("[data-cl-claims-filter] button").first.wait_for()
    loaded = page.evaluate(LOADED)
    assert sorted(loaded) == [
        "claims/claims.css",
        "claims/claims.js",
        "context-layers.css",
        "context-layers.js",
    ], f"loaded: {loaded}"
    sizes = _gzipped(site_dir, loaded)
    assert sum(sizes.values()) <= BUDGET, f"{sum(sizes.values())} bytes gzipped: {sizes}"


def test_a_site_serves_its_stylesheets_and_scripts_minified(site_dir):
    for source in sorted(p for p in ASSETS.rglob("*") if p.suffix in {".css", ".js"}):
        served = (site_dir / ASSET_DIR / source.relative_to(ASSETS)).read_text(encoding="utf-8")
        assert "/*" not in served and "\n  " not in served, f"{source.name} is served with comments or indentation"
        assert len(served) < 0.85 * len(source.read_text(encoding="utf-8")), source.name


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
