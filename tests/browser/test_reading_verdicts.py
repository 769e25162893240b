"""Verdicts explained in place, and a layer bar that lists what the page has."""

from __future__ import annotations

import re
import textwrap
from urllib.parse import urljoin

import markdown
import pytest
from playwright.sync_api import expect

from context_layers.core.controls import guide_href
from context_layers.core.model import VERDICT_DEFINITIONS, VERDICTS
from helpers import REPO

from .browsing import ARTICLE, HOME, NARROW, WIDE

HOW_TO_READ = REPO / "docs" / "about" / "how-to-read.md"


def test_each_definition_opens_its_verdict_on_how_to_read_the_notes():
    """One place for the words (core.model), the same words on the page, each with its anchor."""
    text = HOW_TO_READ.read_text(encoding="utf-8")
    section = text[text.index("## Verdicts") :].split("\n## ", 1)[0]
    for key, label in VERDICTS.items():
        item = re.search(rf"^- \*\*{re.escape(label)}\*\*: (.*)\n  \{{: #verdict-{key} \}}$", section, re.M)
        assert item, f"no list item for {label!r} with {{: #verdict-{key} }} under 'Verdicts'"
        assert item.group(1).startswith(VERDICT_DEFINITIONS[key]), f"{key}: the page says {item.group(1)!r}"
    assert set(VERDICT_DEFINITIONS) == set(VERDICTS)


@pytest.mark.parametrize(
    ("page", "directory_urls", "expected"),
    [
        ("world/idlib-raid.md", True, "../../about/how-to-read/"),
        ("world/idlib-raid.md", False, "../about/how-to-read.html"),
        ("index.md", True, "about/how-to-read/"),
        ("index.md", False, "about/how-to-read.html"),
        ("about/editorial-standards.md", True, "../how-to-read/"),
        ("world/index.md", True, "../about/how-to-read/"),
    ],
)
def test_the_guide_is_reached_from_any_page(page, directory_urls, expected):
    assert guide_href(page, "about/how-to-read.md", directory_urls=directory_urls) == expected
    assert guide_href("index.md", "index.md") == "./"
    assert guide_href(page, "about/how-to-read.md", markdown_links=True).endswith("how-to-read.md")


def test_without_mkdocs_verdicts_link_to_the_guide_when_it_exists(tmp_path):
    (tmp_path / "docs" / "about").mkdir(parents=True)
    (tmp_path / "docs" / "world").mkdir()
    (tmp_path / "docs" / "world" / "a.md").write_text("The sky is green today.\n", encoding="utf-8")
    (tmp_path / "notes.yml").write_text(
        textwrap.dedent("""\
            page: world/a.md
            notes:
              - id: sky
                layer: background
                quote: "The sky is green"
                verdict: opinion
                body: B
            """),
        encoding="utf-8",
    )

    def render(**options: object) -> str:
        config = {"root": str(tmp_path), "annotations": ".", "page": "world/a.md", **options}
        return markdown.markdown(
            "The sky is green today.\n", extensions=["context_layers"], extension_configs={"context_layers": config}
        )

    assert "cl-verdict-link" not in render(), "a link to a page that does not exist"
    (tmp_path / "docs" / "about" / "how-to-read.md").write_text("# How\n", encoding="utf-8")
    html = render()
    title = "The passage is the author&#x27;s view|The passage is the author's view"
    assert re.search(
        rf'<a class="cl-verdict-link" href="\.\./\.\./about/how-to-read/#verdict-opinion" title="({title})', html
    )
    assert '<a class="cl-guide" href="../../about/how-to-read/">How to read these notes</a>' in html
    assert 'href="../about/how-to-read.html#verdict-opinion"' in render(use_directory_urls=False)
    assert "cl-verdict-link" not in render(how_to_read="")
    assert re.findall(r'data-cl-layer-toggle="(\w+)"', html) == ["background"]


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["wide", "narrow"])
def test_verdict_labels_link_to_their_definition_and_carry_it(open_page, site, size):
    page = open_page(size=size)
    links = page.evaluate(
        """() => [...document.querySelectorAll('.cl-verdict')].map((verdict) => ({
             key: verdict.dataset.verdict, href: verdict.querySelector('a')?.href}))"""
    )
    assert len(links) >= 10 and all(link["href"] for link in links), links
    guide = open_page("about/how-to-read/")
    for link in {link["href"]: link for link in links}.values():
        assert link["href"].startswith(urljoin(site, "about/how-to-read/#verdict-")), link
        fragment = link["href"].split("#")[1]
        assert guide.locator(f"#{fragment}").inner_text().startswith(VERDICTS[link["key"]]), link
    for key in {link["key"] for link in links}:
        definition = VERDICT_DEFINITIONS[key]
        label = page.locator(f'.cl-verdict[data-verdict="{key}"] a').first
        expect(label).to_have_accessible_description(definition[0].upper() + definition[1:])
        expect(label).to_have_accessible_name(VERDICTS[key])
    # A folded note's verdict is one click away too.
    label = page.locator('.cl-verdict[data-verdict="misleading"] a').first
    label.scroll_into_view_if_needed()
    label.click()
    page.wait_for_url("**/about/how-to-read/#verdict-misleading")


def test_the_layer_bar_lists_the_layers_on_the_page_and_links_to_the_guide(open_page, site):
    article = open_page()
    switches = article.locator("[data-cl-layer-toggle]")
    assert [switches.nth(i).get_attribute("data-cl-layer-toggle") for i in range(3)] == [
        "background", "counter", "disputed",
    ]  # fmt: skip
    guide = article.get_by_role("link", name="How to read these notes")
    assert urljoin(article.url, guide.get_attribute("href")) == urljoin(site, "about/how-to-read/")
    # The home page's example note is a background note: one switch, for that layer only.
    home = open_page(HOME)
    assert home.locator("#note-example-note").count() == 1
    assert [b.get_attribute("data-cl-layer-toggle") for b in home.locator("[data-cl-layer-toggle]").all()] == [
        "background"
    ]
    # A page without notes has no bar at all.
    assert open_page("about/editorial-standards/").locator(".cl-layers").count() == 0
    assert ARTICLE in article.url
