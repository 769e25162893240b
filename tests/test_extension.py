"""The engine as a bare Python-Markdown extension, with no MkDocs involved."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import markdown
import pytest

from context_layers import ContextLayersError

NOTES = """\
page: world/article.md
notes:
  - id: one
    layer: background
    quote: "the passage"
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "docs/world").mkdir(parents=True)
    (tmp_path / "docs/world/article.md").write_text("Here is the passage in a page.\n")
    (tmp_path / "annotations").mkdir()
    (tmp_path / "annotations/article.yml").write_text(NOTES)
    return tmp_path


def convert(site: Path, text: str, **options) -> str:
    config = {"root": str(site), "page": "world/article.md", **options}
    return markdown.markdown(text, extensions=["context_layers"], extension_configs={"context_layers": config})


def test_renders_notes_by_entry_point_name(site):
    html = convert(site, "Here is the passage in a page.")
    assert (
        '<mark class="cl-mark" data-cl-color="1" data-layer="background" data-note="one" id="cl-m-one">'
        "the passage</mark>" in html
    )
    assert '<aside class="cl-note" data-cl-color="1" data-layer="background" id="note-one">' in html


def test_a_host_lets_a_converted_pages_notes_go(site):
    """MkDocs frees a page's Markdown instance only in a later pass of the cyclic collector: once the
    page is converted, the instance no longer holds its notes (the big benchmark's peak, 5 MB)."""
    from context_layers.core.extension import ContextLayersExtension
    from context_layers.core.render import _BODY_MARKDOWN

    extension = ContextLayersExtension(root=str(site), page="world/article.md")
    md = markdown.Markdown(extensions=[extension])
    body = "A body in *Markdown*, rendered with the others of its page."
    (site / "annotations/article.yml").write_text(NOTES + f"    body: {body}\n")
    html = md.convert("Here is the passage in a page.")
    assert 'id="note-one"' in html and "rendered with the others" in html
    held = " ".join(md.htmlStash.rawHtmlBlocks)
    assert 'id="cl-h-one"' in held  # the note's inside waits in the stash while the page is converted
    extension.let_go()
    held = " ".join(md.htmlStash.rawHtmlBlocks)
    assert 'id="cl-h-one"' not in held and "rendered with the others" not in held
    assert "rendered with the others" not in " ".join(_BODY_MARKDOWN[0].lines)  # nor the bodies' Markdown
    assert md.reset().convert("Here is the passage in a page.") == html  # the next conversion is whole


def test_other_pages_are_untouched(site):
    text = "Here is the passage in a page."
    assert convert(site, text, page="other.md") == markdown.markdown(text)


def test_errors_raise_one_exception_with_every_diagnostic(site):
    (site / "annotations/article.yml").write_text(
        NOTES + "  - {id: two, layer: nope, quote: x}\n  - {id: three, layer: background, quote: nowhere to be seen}\n"
    )
    with pytest.raises(ContextLayersError) as raised:
        convert(site, "Here is the passage in a page.")
    message = str(raised.value)
    assert "annotations/article.yml:6:22: error: unknown layer 'nope'" in message
    assert "annotations/article.yml:7:43: error: the quote was not found" in message
    assert [d.line for d in raised.value.diagnostics] == [6, 7]


def test_anchoring_errors_raise_after_loading_succeeds(site):
    (site / "annotations/article.yml").write_text(NOTES.replace("the passage", "a different passage entirely"))
    with pytest.raises(ContextLayersError, match=r"annotations/article.yml:5:12: error: the quote was not found"):
        convert(site, "Here is the passage in a page.")


def test_layers_are_validated_like_the_plugin(site):
    with pytest.raises(ContextLayersError, match="layer key 'Bad Key' may use only lowercase letters"):
        convert(site, "x", layers={"Bad Key": {"title": "B"}})
    html = convert(site, "Here is the passage in a page.", layers={"background": {"title": "Context"}})
    assert '<span class="cl-layer">Context</span>' in html


def test_the_core_imports_nothing_from_mkdocs(site):
    script = textwrap.dedent(f"""
        import importlib, pkgutil, sys, markdown
        import context_layers.core, context_layers.schema
        for module in pkgutil.iter_modules(context_layers.core.__path__, "context_layers.core."):
            importlib.import_module(module.name)
        html = markdown.markdown("Here is the passage in a page.", extensions=["context_layers"],
            extension_configs={{"context_layers": {{"root": {str(site)!r}, "page": "world/article.md"}}}})
        assert 'id="note-one"' in html
        leaked = sorted(m for m in sys.modules if m == "mkdocs" or m.startswith("mkdocs."))
        print(leaked)
        sys.exit(1 if leaked else 0)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
