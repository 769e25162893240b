"""The classroom edition in MkDocs: the plugin's `classroom` option.

    - context-layers:
        classroom:
          layer: questions                                # the layer of questions
          edition: !ENV [CONTEXT_LAYERS_EDITION, teachers] # or students

With the option set, the build is an edition for a class (`context-layers classroom`
builds both): it gets its own home page, which names the layers it really has; a page
listing the questions Q1–Qn ("For teachers", or "Questions" for students) and a question
sheet to print, both in the navigation; pages whose front matter says `classroom: false`
leave it, with their notes. The students' edition leaves out the answers (the bodies of
the layer's `fold_body`): they are not written in any page, so not in search or print.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from .core import frontmatter
from .core.catalog import Catalog
from .core.extension import ContextLayersExtension
from .core.options import Layer
from .publish.bibliography import page_title
from .publish.questions import (
    EDITIONS,
    Edition,
    home_markdown,
    label_questions,
    leave_out_answers,
    number_questions,
    questions_markdown,
    sheet_markdown,
)

HOME = "index.md"


class ClassroomConfig(base.Config):
    layer = c.Type(str, default="questions")
    """The layer that holds the questions for discussion."""
    edition = c.Choice(EDITIONS, default="teachers")
    """teachers: answers folded under each question; students: answers left out of the edition."""
    questions_page = c.Type(str, default="questions.md")
    """Path of the generated page that lists the questions."""
    sheet_page = c.Type(str, default="question-sheet.md")
    """Path of the generated question sheet, to print."""


def classroom_option() -> c.Optional[ClassroomConfig]:
    """The `classroom` option: absent (None) unless the configuration sets it."""
    option = c.SubConfig(ClassroomConfig)
    option.default = None  # a site, not an edition, unless asked
    return c.Optional(option)


def classroom_edition(
    files: Files, config: MkDocsConfig, extension: ContextLayersExtension, options: ClassroomConfig
) -> Files:
    """Turn the build into the classroom edition `options.edition` (called from `on_files`)."""
    catalog = extension.catalog
    assert catalog is not None
    layer = _layer(catalog.layers, options.layer)
    strings = extension.strings
    edition = Edition(options.edition, layer, options.questions_page, options.sheet_page, strings)
    if edition.name == "students":
        leave_out_answers(catalog, layer)  # absent, not hidden: no page, index or print can show them
    config.site_name = strings.text(f"classroom_site_{edition.name}", site=config.site_name)
    left_out = _leave_out(files, catalog)
    if config.nav is not None:
        config.nav = _with_classroom_pages(_without(config.nav, left_out), edition)
    titles = {page: _title(files, page) for page in catalog.notes}
    questions = number_questions(
        catalog,
        edition.layer.key,
        _pages(config.nav or []),
        Path(config.docs_dir),
        titles,
        [e for e in config.markdown_extensions if e is not extension],
        config.mdx_configs,
    )
    order = dict.fromkeys([*_pages(config.nav or []), *sorted(catalog.notes)])
    articles = [(page, titles[page]) for page in order if page in catalog.notes]
    description = config.site_description or ""
    generated = {
        HOME: home_markdown(config.site_name, description, catalog.layers, articles, questions, edition),
        edition.questions_page: questions_markdown(questions, edition),
        edition.sheet_page: sheet_markdown(questions, strings),
    }
    label_questions(questions)  # after the pages above, which show the number apart
    for path, content in generated.items():
        files.append(File.generated(config, path, content=content))
    return files


def _layer(layers: tuple[Layer, ...], key: str) -> Layer:
    found = next((layer for layer in layers if layer.key == key), None)
    if found is None:
        known = ", ".join(layer.key for layer in layers)
        raise PluginError(f"context-layers: classroom: no layer {key!r} is configured (layers: {known})")
    return found


def _leave_out(files: Files, catalog: Catalog) -> set[str]:
    """Remove the pages marked `classroom: false` and the site's own home page, with their notes."""
    left_out = set()
    for file in list(files.documentation_pages()):
        meta = frontmatter.read(Path(file.abs_src_path).read_text(encoding="utf-8-sig")) if file.abs_src_path else {}
        if file.src_uri == HOME or meta.get("classroom") is False:
            files.remove(file)
            catalog.notes.pop(file.src_uri, None)
            if file.src_uri != HOME:
                left_out.add(file.src_uri)
    return left_out


def _title(files: Files, page: str) -> str:
    file = files.get_file_from_path(page)
    if file is None or not file.abs_src_path:
        return page
    return page_title(Path(file.abs_src_path).read_text(encoding="utf-8-sig"), page)


def _without(nav: list[Any], left_out: set[str]) -> list[Any]:
    """The navigation without the pages left out (and without sections left empty)."""
    kept: list[Any] = []
    for item in nav:
        if isinstance(item, str):
            if item not in left_out:
                kept.append(item)
            continue
        if not isinstance(item, dict):
            kept.append(item)
            continue
        entry = {}
        for title, value in item.items():
            value = _without(value, left_out) if isinstance(value, list) else value
            if value and not (isinstance(value, str) and value in left_out):
                entry[title] = value
        if entry:
            kept.append(entry)
    return kept


def _with_classroom_pages(nav: list[Any], edition: Edition) -> list[Any]:
    """The questions and the sheet, in a section after the home page."""
    sheet = edition.strings["classroom_sheet"]
    section = {
        edition.strings["classroom_in_class"]: [
            {edition.questions_title: edition.questions_page},
            {sheet: edition.sheet_page},
        ]
    }
    return [*nav[:1], section, *nav[1:]]


def _pages(nav: list[Any]) -> list[str]:
    """The pages of the navigation, in order."""
    found: list[str] = []
    for item in nav:
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            found += _pages(value) if isinstance(value, list) else [value] if isinstance(value, str) else []
    return found
