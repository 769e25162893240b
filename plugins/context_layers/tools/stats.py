"""`context-layers stats`: how well each article is covered by notes."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Callable
from typing import Any

from ..core.catalog import LoadedNote
from ..core.model import STANCES
from ..core.pages import anchor_catalog
from .project import load_project


def one_sided(note: LoadedNote) -> str | None:
    """The stance every citation of the note shares, if they all share one."""
    stances = {citation.stance for citation in note.citations}
    return next(iter(stances)) if len(stances) == 1 else None


def page_stats(project: Any) -> list[dict[str, Any]]:
    catalog = project.load()
    load_warnings = Counter(d.file for d in catalog.diagnostics.warnings)
    rows = []
    for result in anchor_catalog(catalog, project.docs_dir, project.extensions, project.extension_configs):
        notes = catalog.notes[result.page]
        files = {n.file for n in notes}
        rows.append(
            {
                "page": result.page,
                "paragraphs": len(result.units),
                "paragraphs_with_notes": len({p.unit_index for p in result.placements}),
                "notes": len(notes),
                "notes_per_layer": {
                    layer.key: sum(n.note.layer == layer.key for n in notes) for layer in catalog.layers
                },
                "notes_per_verdict": dict(sorted(Counter(n.note.verdict for n in notes if n.note.verdict).items())),
                "sources": len({s.url for n in notes for s in n.sources}),
                "notes_without_sources": sorted(n.note.id for n in notes if not n.sources),
                "citations_per_stance": {
                    stance or "none": sum(c.stance == stance for n in notes for c in n.citations)
                    for stance in [*STANCES, None]
                },
                "one_sided_notes": {n.note.id: one_sided(n) for n in notes if one_sided(n)},
                "warnings": len(result.diagnostics.warnings) + sum(load_warnings[f] for f in files),
                "errors": len(result.diagnostics.errors),
            }
        )
    return rows


def _text(rows: list[dict[str, Any]]) -> str:
    lines = []
    for row in rows:
        layers = ", ".join(f"{k} {v}" for k, v in row["notes_per_layer"].items())
        verdicts = ", ".join(f"{k} {v}" for k, v in row["notes_per_verdict"].items()) or "none"
        without = len(row["notes_without_sources"])
        stances = ", ".join(f"{'no stance' if k == 'none' else k} {v}" for k, v in row["citations_per_stance"].items())
        sided = row["one_sided_notes"]
        sided_text = ", ".join(f"{note} ({stance})" for note, stance in sided.items())
        lines += [
            row["page"],
            f"  paragraphs             {row['paragraphs']} ({row['paragraphs_with_notes']} with notes)",
            f"  notes                  {row['notes']}: {layers}",
            f"  verdicts               {verdicts}",
            f"  sources                {row['sources']}",
            f"  notes without sources  {without}" + (f": {', '.join(row['notes_without_sources'])}" if without else ""),
            f"  citations by stance    {stances}",
            f"  one-sided notes        {len(sided)}" + (f": {sided_text}" if sided else ""),
            f"  warnings               {row['warnings']}",
        ]
        if row["errors"]:
            lines.append(f"  errors                 {row['errors']} (run `context-layers check`)")
    return "\n".join(lines) if lines else "no annotated pages"


def cmd_stats(args: argparse.Namespace) -> int:
    """Per article: paragraphs, paragraphs with notes, notes per layer and verdict, sources, citations
    per stance, notes whose citations all share one stance, warnings."""
    rows = page_stats(load_project(args.project, args.config_file))
    print(json.dumps(rows, indent=2, ensure_ascii=False) if args.format == "json" else _text(rows))
    return 0


def add_stats_command(commands: Any, project_argument: Callable[[argparse.ArgumentParser], None]) -> None:
    stats = commands.add_parser(
        "stats", help="count notes, sources and covered paragraphs per article", description=cmd_stats.__doc__
    )
    project_argument(stats)
    stats.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json")
    stats.set_defaults(run=cmd_stats)
