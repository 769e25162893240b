"""Note bodies are rendered, then sanitised; plain strings are escaped."""

import pytest

from context_layers.core.render import render_body as render
from context_layers.core.render import sanitise


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "<style>body{display:none}</style>",
        '<iframe src="https://evil.example"></iframe>',
        '<img src="x" onerror="alert(1)">',
        "![image](https://example.org/i.png)",
        '<a href="javascript:alert(1)">x</a>',
        "[x](javascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        '<p style="color:red" onclick="alert(1)">x</p>',
        '<svg onload="alert(1)"></svg>',
        '<form action="https://evil.example"><input></form>',
        "<object data=x></object><embed src=x>",
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        "<!-- comment --><div onmouseover=alert(1)>x</div>",
    ],
)
def test_hostile_markup_comes_out_inert(hostile):
    html = render(hostile).lower()
    for forbidden in (
        "<script",
        "<style",
        "<iframe",
        "<img",
        "<svg",
        "<form",
        "<input",
        "<object",
        "<embed",
        "javascript:",
        "data:",
        "style=",
        "onerror",
        "onclick",
        "onload",
        "onmouseover",
        "<!--",
    ):
        assert forbidden not in html


def test_links_open_safely_and_are_marked_external():
    html = render("See [the report](https://example.org/r) and <a href='http://x.org' target='_self'>x</a>.")
    assert '<a href="https://example.org/r" class="cl-external" rel="noopener noreferrer">the report</a>' in html
    assert "target" not in html


def test_markdown_is_kept():
    html = render("Some *emphasis*, **strong**, `code`:\n\n- one\n- two\n\n> a quotation")
    assert "<em>emphasis</em>" in html and "<strong>strong</strong>" in html and "<code>code</code>" in html
    assert "<ul>" in html and "<li>one</li>" in html and "<blockquote>" in html


def test_headings_in_a_body_are_flattened():
    assert "<h1" not in sanitise("<h1>Big</h1>") and "Big" in sanitise("<h1>Big</h1>")


BODIES = [
    "One paragraph with *emphasis* and a [link](https://example.org/a).",
    "- a list\n- of items\n\n  continued inside the last item",
    "1. numbered\n2. items",
    "> a quotation\n> on two lines",
    "    indented code at the end",
    "Two paragraphs.\n\nThe second ends with two spaces  ",
    "A line with a hard\\\nbreak and `code`.",
    "[a reference][r]\n\n[r]: https://example.org/r",  # reference definitions are not batched
    "```\nfenced code\n```",
    "<b>raw</b> HTML is not batched",
    "Text with <!-- a comment --> inside.",
]


def test_rendering_many_bodies_at_once_gives_what_each_alone_gives():
    from context_layers.core import render as module

    module._RENDERED.clear()
    alone = [module.sanitise(module._convert(body)) for body in BODIES]
    module._RENDERED.clear()
    module.render_bodies(BODIES)
    assert sum(body in module._RENDERED for body in BODIES) >= 7  # the batch did the work
    assert [module.render_body(body) for body in BODIES] == alone
