"""Zensical builds the same notes as MkDocs: real `zensical build`s of a copy of this project.

Zensical is an optional extra (`pip install -e ".[zensical]"`); CI installs it, and
without it these tests fail rather than skip.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

from context_layers.core.load import Catalog, load_catalog
from context_layers.core.options import parse_folders, parse_layers
from helpers import ARTICLE, ASSETS, REPO, copy_project, markdown_source, mkdocs_build, page_html, page_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Zensical itself needs Python 3.11
    import tomli as tomllib


def require_zensical() -> None:
    if importlib.util.find_spec("zensical") is None:
        pytest.fail('Zensical is not installed: python3 -m pip install -e ".[zensical]"')


def zensical_build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    require_zensical()
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "zensical", "build", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


class _Notes(HTMLParser):
    """Marks and notes in document order: ("mark", note, layer, text) and ("note", id, layer)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, ...]] = []
        self.open: list[list[str] | None] = []  # one per open <mark>; None for other marks

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "mark":
            mark = (
                ["mark", found.get("data-note") or "", found.get("data-layer") or "", ""]
                if "cl-mark" in classes
                else None
            )
            self.open.append(mark)
        elif tag == "aside" and "cl-note" in classes:
            self.events.append(("note", (found.get("id") or "").removeprefix("note-"), found.get("data-layer") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self.open:
            mark = self.open.pop()
            if mark is not None:
                self.events.append(tuple(mark))

    def handle_data(self, data: str) -> None:
        for mark in self.open:
            if mark is not None:
                mark[3] += data


def events(html: str) -> list[tuple[str, ...]]:
    parser = _Notes()
    parser.feed(html)
    parser.close()
    return parser.events


def notes(html: str) -> list[tuple[str, str, str]]:
    """(note id, data-layer, marked text) of every note, in page order."""
    found = events(html)
    marked: dict[str, str] = {}
    for event in found:
        if event[0] == "mark":
            marked[event[1]] = marked.get(event[1], "") + event[3]
    return [(note_id, layer, marked.get(note_id, "")) for kind, note_id, layer, *_ in found if kind == "note"]


def zensical_config() -> dict:
    return tomllib.loads((REPO / "zensical.toml").read_text(encoding="utf-8"))["project"]


def mkdocs_config() -> dict:
    # mkdocs.yml may hold !ENV or !!python tags; none of them matter here.
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    return yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)


def plugin_options(config: dict) -> dict:
    for entry in config.get("plugins", []):
        if isinstance(entry, dict) and "context-layers" in entry:
            return entry["context-layers"] or {}
    return {}


def extension_options(config: dict) -> dict:
    return config["markdown_extensions"]["context_layers.zensical"]


def catalog() -> Catalog:
    layers = parse_layers(extension_options(zensical_config()).get("layers"))
    return load_catalog(REPO / "annotations", layers, root=REPO)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the project, built by MkDocs (site-mkdocs/) and by Zensical (site/)."""
    root = copy_project(tmp_path_factory.mktemp("zensical") / "project", whole_repository=True)
    result = mkdocs_build(root, "--site-dir", "site-mkdocs")
    assert result.returncode == 0, f"mkdocs build failed:\n{result.stderr}"
    result = zensical_build(root, "--clean")
    assert result.returncode == 0, f"zensical build failed:\n{result.stdout}\n{result.stderr}"
    return root


def test_zensical_publishes_every_note_as_mkdocs_does(built):
    annotated = catalog().notes
    assert ARTICLE in annotated
    for page, written in annotated.items():
        from_mkdocs = notes(page_html(built / "site-mkdocs", page))
        from_zensical = notes(page_html(built / "site", page))
        assert [note_id for note_id, _, _ in from_mkdocs] and sorted(n[0] for n in from_mkdocs) == sorted(
            loaded.note.id for loaded in written
        ), f"{page}: the MkDocs build lacks notes"
        assert from_zensical == from_mkdocs, f"{page}: Zensical and MkDocs publish different notes"
        # Marks too, each where it is: split marks, nesting and order.
        assert events(page_html(built / "site", page)) == events(page_html(built / "site-mkdocs", page))


def test_plain_python_markdown_publishes_the_same_notes(built):
    options = extension_options(zensical_config())
    text = markdown_source(ARTICLE)
    html = markdown.markdown(
        text,
        extensions=["toc", "tables", "attr_list", "admonition", "context_layers"],
        extension_configs={"context_layers": {**options, "root": str(REPO), "page": ARTICLE}},
    )
    assert notes(html) == notes(page_html(built / "site-mkdocs", ARTICLE))


def test_the_reading_interface_is_copied_and_linked(built):
    html = page_html(built / "site", ARTICLE)
    for asset in sorted(path for path in ASSETS.rglob("*") if path.is_file()):
        name = asset.relative_to(ASSETS).as_posix()
        published = built / "site" / name
        assert published.read_bytes() == asset.read_bytes(), f"{name} is not in the Zensical site"
        if asset.parent != ASSETS:
            continue  # the proposal form's files: the script loads them when first needed
        tag = '<link rel="stylesheet" href="../../{}">' if asset.suffix == ".css" else '<script src="../../{}"'
        assert tag.format(asset.name) in html, f"{asset.name} is not linked from the article"


def test_search_indexes_the_article_and_its_notes(built):
    items = json.loads((built / "site/search.json").read_text(encoding="utf-8"))["items"]
    article = " ".join(item["text"] for item in items if item["location"].startswith("world/idlib-raid/"))
    assert "Idlib" in article
    note = catalog().notes[ARTICLE][0].note
    assert note.title and note.title in article  # notes are part of the page, so searchable


def test_a_broken_annotation_file_fails_the_build_with_our_messages_first(tmp_path):
    root = copy_project(tmp_path / "project", whole_repository=True)
    path = root / "annotations/idlib-raid.yml"
    text = path.read_text(encoding="utf-8")
    first_note = catalog().notes[ARTICLE][0]
    text = text.replace(f"layer: {first_note.note.layer}", "layer: backgorund", 1)
    path.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), start=1) if "layer: backgorund" in row)

    result = zensical_build(root, "--clean")

    assert result.returncode != 0
    lines = result.stderr.splitlines()
    assert re.match(rf"annotations/idlib-raid\.yml:{line}:\d+: error: unknown layer 'backgorund'$", lines[0]), (
        result.stderr
    )
    assert lines[1].startswith("  hint: did you mean")
    assert "Traceback" in result.stderr  # Zensical's own, after ours
    assert not page_path(root / "site", ARTICLE).exists(), "a page was published despite the error"


def test_edited_notes_are_published_by_the_next_build(tmp_path):
    """Zensical reuses rendered pages unless a watched file changed: zensical.toml watches annotations/."""
    root = copy_project(tmp_path / "project", whole_repository=True)
    assert zensical_build(root).returncode == 0
    path = root / "annotations/idlib-raid.yml"
    first = catalog().notes[ARTICLE][0].note
    path.write_text(
        path.read_text(encoding="utf-8").replace(f'title: "{first.title}"', "title: Edited title", 1), encoding="utf-8"
    )
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))  # Zensical compares whole seconds

    result = zensical_build(root)

    assert result.returncode == 0, result.stderr
    assert "Edited title" in page_html(root / "site", ARTICLE)


def test_zensical_toml_is_in_step_with_mkdocs_yml():
    zensical, mkdocs = zensical_config(), mkdocs_config()
    options, plugin = extension_options(zensical), plugin_options(mkdocs)
    assert parse_layers(options.get("layers")) == parse_layers(plugin.get("layers"))
    folders = parse_folders(options.get("annotations", "annotations"))
    assert folders == parse_folders(plugin.get("annotations", "annotations"))
    assert set(folders) <= set(zensical["watch"]), "Zensical re-renders pages only when a watched file changes"

    def names(extensions: list | dict) -> set[str]:
        return {next(iter(e)) if isinstance(e, dict) else e for e in extensions}

    assert names(mkdocs.get("markdown_extensions", [])) <= names(zensical["markdown_extensions"])

    def pages(nav: list) -> set[str]:
        found = set()
        for entry in nav:
            value = next(iter(entry.values())) if isinstance(entry, dict) else entry
            found |= pages(value) if isinstance(value, list) else {value}
        return found

    generated = {plugin.get(key) for key in ("bibliography", "claims_index")} - {None}
    assert pages(mkdocs.get("nav", [])) - generated <= pages(zensical["nav"])
    assert all((REPO / "docs" / page).is_file() for page in pages(zensical["nav"]))
    shipped = sorted(asset.name for asset in ASSETS.iterdir() if asset.is_file())
    linked = zensical["extra_css"] + zensical["extra_javascript"]
    assert sorted(linked) == shipped, "link every file of plugins/context_layers/assets in zensical.toml"


def test_only_the_page_itself_gets_notes_not_fragments_rendered_with_its_context():
    """Zensical hands its rendering context to Markdown that other extensions render inside a page."""
    require_zensical()
    from zensical.extensions.context import ContextExtension, Page

    options = extension_options(zensical_config())
    config = {"root_dir": str(REPO), "docs_dir": "docs", "watch": ["annotations"]}
    extensions = [
        ContextExtension(page=Page(url="world/idlib-raid/", path=ARTICLE), config=config),
        "tables",
        "attr_list",
        "admonition",
        "context_layers.zensical",
    ]
    page = markdown.Markdown(extensions=extensions, extension_configs={"context_layers.zensical": options})
    fragment = markdown.Markdown(extensions=extensions, extension_configs={"context_layers.zensical": options})
    text = markdown_source(ARTICLE)

    assert len(notes(page.convert(text))) == len(catalog().notes[ARTICLE])
    assert notes(fragment.convert(text)) == []


def test_several_annotation_folders_as_under_mkdocs(tmp_path):
    require_zensical()
    from zensical.extensions.context import ContextExtension, Page

    root = copy_project(tmp_path / "project", whole_repository=True)
    extra = root / "more-notes"
    extra.mkdir()
    (root / "annotations/index.yml").rename(extra / "index.yml")
    options = {**extension_options(zensical_config()), "annotations": ["annotations", "more-notes"]}
    config = {"root_dir": str(root), "docs_dir": "docs", "watch": ["annotations", "more-notes"]}

    def render(page: str) -> list[tuple[str, str, str]]:
        context = ContextExtension(page=Page(url="", path=page), config=config)
        md = markdown.Markdown(
            extensions=[context, "tables", "attr_list", "admonition", "context_layers.zensical"],
            extension_configs={"context_layers.zensical": options},
        )
        return notes(md.convert(markdown_source(page, root)))

    assert len(render(ARTICLE)) == len(catalog().notes[ARTICLE])
    assert len(render("index.md")) == len(catalog().notes["index.md"]) > 0


def test_without_zensical_the_module_is_the_plain_extension():
    require_zensical()
    options = {**extension_options(zensical_config()), "root": str(REPO), "page": ARTICLE}
    text = markdown_source(ARTICLE)
    html = markdown.markdown(
        text, extensions=["context_layers.zensical"], extension_configs={"context_layers.zensical": options}
    )
    assert len(notes(html)) == len(catalog().notes[ARTICLE])


def test_zensical_serve_prints_problems_and_keeps_serving(tmp_path):
    """`zensical serve` ends on an exception: there, the extension prints and goes on, as `mkdocs serve` does."""
    root = copy_project(tmp_path / "project", whole_repository=True)
    path = root / "annotations/idlib-raid.yml"
    good = path.read_text(encoding="utf-8")
    first = catalog().notes[ARTICLE][0].note
    path.write_text(good.replace(f"layer: {first.layer}", "layer: backgorund", 1), encoding="utf-8")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    require_zensical()
    log = tmp_path / "serve.log"

    def article() -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/world/idlib-raid/", timeout=2) as response:
            return response.read().decode("utf-8")

    def wait_for(condition, what: str) -> str:
        deadline, error = time.monotonic() + 20, None
        while time.monotonic() < deadline:
            try:
                html = article()
                if condition(html):
                    return html
            except OSError as exc:
                error = exc
            assert server.poll() is None, f"zensical serve ended:\n{log.read_text()}"
            time.sleep(0.2)
        pytest.fail(f"{what} ({error}):\n{log.read_text()}")

    with log.open("w") as stderr:
        server = subprocess.Popen(
            [sys.executable, "-m", "zensical", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=root,
            env={**os.environ, "NO_COLOR": "1"},
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        total = len(catalog().notes[ARTICLE])
        wait_for(lambda html: len(notes(html)) == total - 1, "the article is not served without the broken note")
        assert re.match(r"annotations/idlib-raid\.yml:\d+:\d+: error: unknown layer 'backgorund'", log.read_text())
        path.write_text(good, encoding="utf-8")
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
        wait_for(lambda html: len(notes(html)) == total, "the repaired note is not served")
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_reader_s_strings_follow_the_zensical_theme_language(tmp_path):
    root = copy_project(tmp_path / "project", whole_repository=True)
    toml = root / "zensical.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace('features = ["navigation.sections"]', 'language = "de"\nfeatures = []'), "utf-8")
    result = zensical_build(root)
    assert result.returncode == 0, f"zensical build failed:\n{result.stdout}\n{result.stderr}"
    html = page_html(root / "site", ARTICLE)
    assert "Zurück zur Textstelle" in html and "Kontext-Anmerkungen" in html
    assert "Back to the passage" not in html
