"""Loading a project's annotation files into a catalog."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from context_layers.core.load import load_catalog
from context_layers.core.options import parse_layers

LAYERS = parse_layers(None)


def load(tmp_path: Path, files: dict[str, str | bytes], pages=("index.md",), layers=LAYERS, **options):
    folder = tmp_path / "annotations"
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return load_catalog(folder, layers, root=tmp_path, pages=pages, **options)


def messages(catalog):
    return [f"{d.file}:{d.line}:{d.col}: {d.severity.value}: {d.message}" for d in catalog.diagnostics]


def test_notes_from_several_files_and_folders_join_their_page(tmp_path):
    catalog = load(
        tmp_path,
        {
            "a.yml": "page: index.md\nnotes:\n  - {id: one, layer: background, quote: x, title: T, body: B}\n",
            "more/b.yaml": "page: ./index.md\nnotes:\n  - {id: two, layer: background, quote: y, title: T, body: B}\n",
        },
    )
    assert messages(catalog) == []
    assert [n.note.id for n in catalog.for_page("index.md")] == ["one", "two"]
    assert [n.file for n in catalog.for_page("index.md")] == ["annotations/a.yml", "annotations/more/b.yaml"]


def test_duplicate_ids_across_files_point_at_the_first(tmp_path):
    catalog = load(
        tmp_path,
        {
            "a.yml": "page: index.md\nnotes:\n  - {id: one, layer: background, quote: x, title: T, body: B}\n",
            "b.yml": "page: index.md\nnotes:\n  - {id: one, layer: background, quote: y, title: T, body: B}\n",
        },
    )
    assert messages(catalog) == ["annotations/b.yml:3:10: error: duplicate note id 'one' on page index.md"]
    assert "first used at annotations/a.yml:3" in catalog.diagnostics[0].hint


def test_shared_sources_are_resolved_and_checked(tmp_path):
    catalog = load(
        tmp_path,
        {
            "sources.yml": "sources:\n  good: {title: T, url: 'https://example.org', publisher: P, date: '2022'}\n"
            "  unused: {title: U, url: 'https://example.org/u', publisher: P, date: '2022'}\n"
            "  bad: {title: B, url: 'ftp://example.org', publisher: P, date: '2022'}\n",
            "a.yml": "page: index.md\nnotes:\n  - "
            "{id: one, layer: counter, quote: x, title: T, sources: [{ref: good}]}\n",
        },
    )
    assert messages(catalog) == [
        "annotations/sources.yml:3:3: warning: source 'unused' is not cited by any note",
        "annotations/sources.yml:4:24: error: 'url' must be an absolute http:// or https:// URL",
    ]
    assert catalog.for_page("index.md")[0].sources[0].title == "T"


def test_malformed_files_are_reported_not_raised(tmp_path):
    catalog = load(
        tmp_path,
        {
            "empty.yml": "",
            "list.yml": "- a\n- b\n",
            "latin1.yml": "page: caf\xe9.md\n".encode("latin-1"),
            "notes-not-list.yml": "page: index.md\nnotes: {id: x}\n",
            "misplaced.yml": "sources:\n  a: {title: T, url: 'https://example.org'}\n",
            "not-markdown.yml": "page: index.html\n",
        },
    )
    assert messages(catalog) == [
        "annotations/empty.yml:1:1: error: the file is empty",
        "annotations/latin1.yml:1:1: error: the file is not UTF-8 text (byte 9)",
        "annotations/list.yml:1:1: error: the file must be a mapping with `page` and `notes`, not a list",
        "annotations/misplaced.yml:1:1: error: shared sources belong in annotations/sources.yml",
        "annotations/not-markdown.yml:1:7: error: page 'index.html' is not a Markdown file",
        "annotations/notes-not-list.yml:2:8: error: 'notes' must be a list, not a mapping",
    ]


def test_a_note_or_source_that_is_not_a_mapping_is_reported_where_it_is(tmp_path):
    catalog = load(
        tmp_path,
        {
            "sources.yml": "sources:\n  listed: [a title, 'https://example.org']\n",
            "a.yml": "page: index.md\nnotes:\n  - just a sentence\n  - {id: two, layer: background, quote: q, "
            "sources: [a title]}\n",
        },
    )
    assert messages(catalog) == [
        "annotations/a.yml:3:5: error: 'notes' must be a mapping of keys to values, not the text 'just a sentence'",
        "annotations/a.yml:4:54: error: 'sources' must be a mapping of keys to values, not the text 'a title'",
        "annotations/sources.yml:2:11: error: 'listed' must be a mapping of keys to values, not a list",
    ]


def test_control_characters_are_removed_from_text(tmp_path):
    catalog = load(
        tmp_path,
        {"a.yml": 'page: index.md\nnotes:\n  - {id: one, layer: background, quote: "a\\x02wzxhzdk:0\\x03b"}\n'},
    )
    assert catalog.for_page("index.md")[0].note.quote == "awzxhzdk:0b"


def test_a_changed_copy_of_a_loaded_note_leaves_the_note_as_loaded(tmp_path):
    """Loaded notes are frozen records: a classroom edition changes copies (a question's title, an
    answer left out), and every other page, feed and index built from the catalog keeps the original."""
    notes = "".join(f"  - id: n{i}\n    layer: background\n    quote: q{i}\n    body: B{i}\n" for i in range(3))
    catalog = load(tmp_path, {"a.yml": f"page: index.md\nnotes:\n{notes}"})
    first, second, _ = (loaded.note for loaded in catalog.notes["index.md"])
    titled = dataclasses.replace(first, title="A title")
    assert titled.title == "A title" and titled.body == "B0" and first.title is None and second.title is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.body = "changed"  # type: ignore[misc]
    assert catalog.notes["index.md"][0].at("quote") == (5, 12) and catalog.notes["index.md"][0].at("body") == (3, 5)
