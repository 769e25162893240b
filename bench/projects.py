"""Writing the benchmark's MkDocs projects: admonitions, plugin (with annotation files) and bare."""

from __future__ import annotations

import functools
import shutil
import textwrap
from collections.abc import Iterable
from pathlib import Path

from common import SITE_URL, VARIANTS
from corpus import LAYERS, VERDICTS, Article, NoteSpec, Page

EXTENSIONS = ["admonition", "attr_list", "tables", "smarty"]
YAML_LIMIT = 900_000  # the plugin refuses annotation files over 1 MB: split before that


@functools.lru_cache(maxsize=4096)
def wrapped(body: str) -> tuple[str, ...]:
    """A note's body in lines of 88 characters; each body is wrapped once for every project that shows it."""
    return tuple(textwrap.wrap(body, 88))


def article_markdown(article: Article, admonitions: bool) -> str:
    out = [f"# {article.title}", ""]
    for block in article.blocks:
        if isinstance(block, tuple):
            out += [f"## {block[1]}", ""]
            continue
        out += [block.markdown, ""]
        if admonitions:
            for note in block.notes:
                out += [admonition(note), ""]
    return "\n".join(out)


def admonition(note: NoteSpec) -> str:
    """The note as a site without the plugin would write it: a Material admonition.

    A light note (no title) is a bare `!!! note` with its body, as a hand-written site would have it."""
    layer_title, kind, _ = LAYERS[note.layer]
    if not note.title:
        return "\n".join([f"!!! {kind}", ""] + ["    " + line for line in wrapped(note.body)])
    title = f"{layer_title}: {note.title}"
    if note.verdict:
        title += f" ({VERDICTS[note.verdict]})"
    lines = [f'!!! {kind} "{title}"', ""]
    lines += ["    " + line for line in wrapped(note.body)]
    if note.sources:
        lines += ["", "    Sources:", ""]
        for s in note.sources:
            lines.append(f"    - [{s['title']}]({s['url']}) — {s['publisher']}, {s['date']}")
    return "\n".join(lines)


def annotation_yaml(article: Article, notes: list[NoteSpec]) -> str:
    out = [f"page: {article.path}", "notes:"]
    for note in notes:
        out += [
            f"  - id: {note.id}",
            f"    layer: {note.layer}",
            f'    quote: "{note.quote}"',
        ]
        if note.title:
            out.append(f'    title: "{note.title}"')
        if note.verdict:
            out.append(f'    verdict: "{note.verdict}"')  # unquoted, `false` would be a boolean
        out.append("    body: |")
        out += ["      " + line for line in wrapped(note.body)]
        if note.sources:
            out.append("    sources:")
            for s in note.sources:
                out += [
                    f'      - title: "{s["title"]}"', f"        url: {s['url']}",
                    f'        publisher: "{s["publisher"]}"', f"        date: {s['date']}",
                ]  # fmt: skip
                if "stance" in s:
                    out.append(f"        stance: {s['stance']}")
    return "\n".join(out) + "\n"


def annotation_stem(page_path: str) -> str:
    """The name of an article's annotation file, without `.yml` (and without `-N` when it is split)."""
    return Path(page_path).with_suffix("").as_posix().replace("/", "-")


def write_annotations(folder: Path, article: Article) -> int:
    """One file per article; split only if the plugin's 1 MB limit would be reached."""
    stem = annotation_stem(article.path)
    whole = annotation_yaml(article, article.notes)
    if len(whole.encode()) <= YAML_LIMIT:
        (folder / f"{stem}.yml").write_text(whole, encoding="utf-8")
        return 1
    chunks: list[list[NoteSpec]] = [[]]
    size = 0
    for note in article.notes:
        piece = len(annotation_yaml(article, [note]).encode())
        if chunks[-1] and size + piece > YAML_LIMIT:
            chunks.append([])
            size = 0
        chunks[-1].append(note)
        size += piece
    for i, chunk in enumerate(chunks):
        name = f"{stem}.yml" if len(chunks) == 1 else f"{stem}-{i + 1}.yml"
        (folder / name).write_text(annotation_yaml(article, chunk), encoding="utf-8")
    return len(chunks)


def mkdocs_yml(name: str, plugin: bool) -> str:
    plugins = "[search, {context-layers: {annotations: annotations}}]" if plugin else "[search]"
    return textwrap.dedent(f"""\
        site_name: "Benchmark: {name}"
        site_url: {SITE_URL}
        docs_dir: docs
        site_dir: site
        theme:
          name: material
        markdown_extensions: [{", ".join(EXTENSIONS)}]
        plugins: {plugins}
        """)


INDEX = "# Benchmark\n\nGenerated articles for the context-layers build benchmark.\n"


def start_project(project: Path, variant: str) -> None:
    if project.exists():
        shutil.rmtree(project)
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(mkdocs_yml(variant, variant == "plugin"), encoding="utf-8")
    (project / "docs" / "index.md").write_text(INDEX, encoding="utf-8")
    if variant == "plugin":
        (project / "annotations").mkdir()


def write_article(project: Path, variant: str, article: Article) -> None:
    target = project / "docs" / article.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(article_markdown(article, variant == "admonitions"), encoding="utf-8")
    if variant == "plugin":
        write_annotations(project / "annotations", article)


def write_projects(
    root: Path, articles: Iterable[Article], variants: tuple[str, ...] = VARIANTS
) -> tuple[dict[str, Path], list[Page]]:
    """One project per variant under `root`, written article by article as `articles` yields them,
    so a site of thousands of articles never sits in memory whole. Returns the projects and the pages."""
    projects = {variant: root / variant for variant in variants}
    for variant, project in projects.items():
        start_project(project, variant)
    pages = []
    for article in articles:
        for variant, project in projects.items():
            write_article(project, variant, article)
        pages.append(Page.of(article))
    return projects, pages
