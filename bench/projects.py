"""Writing the benchmark's MkDocs projects: admonitions, plugin (with annotation files) and bare."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from common import VARIANTS
from corpus import LAYERS, VERDICTS, Article, NoteSpec

EXTENSIONS = ["admonition", "attr_list", "tables", "smarty"]
YAML_LIMIT = 900_000  # the plugin refuses annotation files over 1 MB: split before that


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
    """The note as a site without the plugin would write it: a Material admonition."""
    layer_title, kind, _ = LAYERS[note.layer]
    title = f"{layer_title}: {note.title}"
    if note.verdict:
        title += f" ({VERDICTS[note.verdict]})"
    lines = [f'!!! {kind} "{title}"', ""]
    lines += ["    " + line for line in textwrap.wrap(note.body, 88)]
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
            f'    title: "{note.title}"',
        ]
        if note.verdict:
            out.append(f'    verdict: "{note.verdict}"')  # unquoted, `false` would be a boolean
        out.append("    body: |")
        out += ["      " + line for line in textwrap.wrap(note.body, 88)]
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


def write_annotations(folder: Path, article: Article) -> int:
    """One file per article; split only if the plugin's 1 MB limit would be reached."""
    stem = Path(article.path).with_suffix("").as_posix().replace("/", "-")
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
        docs_dir: docs
        site_dir: site
        theme:
          name: material
        markdown_extensions: [{", ".join(EXTENSIONS)}]
        plugins: {plugins}
        """)


INDEX = "# Benchmark\n\nGenerated articles for the context-layers build benchmark.\n"


def write_projects(root: Path, articles: list[Article]) -> dict[str, Path]:
    projects = {}
    for variant in VARIANTS:
        project = root / variant
        if project.exists():
            shutil.rmtree(project)
        docs = project / "docs"
        docs.mkdir(parents=True)
        (project / "mkdocs.yml").write_text(mkdocs_yml(variant, variant == "plugin"), encoding="utf-8")
        (docs / "index.md").write_text(INDEX, encoding="utf-8")
        for article in articles:
            target = docs / article.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(article_markdown(article, variant == "admonitions"), encoding="utf-8")
        if variant == "plugin":
            annotations = project / "annotations"
            annotations.mkdir()
            for article in articles:
                write_annotations(annotations, article)
        projects[variant] = project
    return projects
