"""`context-layers import`: Web Annotations (e.g. another tool's export) into notes in format v1."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Callable

from pydantic import ValidationError

from ..core.pages import anchor_page
from ..core.diagnostics import failure
from .edit import append_notes, unique_id
from ..core.load import LoadedNote
from ..core.model import Note
from ..publish.webannotations import notes_from_annotations
from .project import load_project


def cmd_import(args: argparse.Namespace) -> int:
    """Turn a Web Annotation collection into notes on PAGE, reporting what could not be mapped."""
    project = load_project(args.project, args.config_file)
    page = project.require_page(args.page)
    project.require_layer(args.layer, args.page)
    layer_keys = [layer.key for layer in project.layers]
    try:
        data = json.loads(Path(args.file).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise failure(args.file, f"cannot read the file: {exc}") from None
    except json.JSONDecodeError as exc:
        raise failure(args.file, f"not valid JSON: {exc.msg}", "export the annotations as JSON-LD", exc.lineno, exc.colno) from None
    catalog = project.load()
    imported = notes_from_annotations(data, args.layer, catalog.sources)
    text = (project.docs_dir / page).read_text(encoding="utf-8-sig")
    taken = {n.note.id for n in catalog.for_page(page)}
    ready: list[dict[str, Any]] = []
    skipped = list(imported.skipped)
    for raw in imported.notes:
        if raw["layer"] not in layer_keys:
            skipped.append(f"note {raw['id']!r}: layer {raw['layer']!r} is not configured here; imported into {args.layer!r}")
            raw["layer"] = args.layer
        if raw["id"] in taken:
            raw["id"] = unique_id(raw["quote"], taken | {raw["id"]})
        placed = None
        for attempt in ({k: v for k, v in raw.items() if k not in ("prefix", "suffix")}, raw):
            try:
                note = Note.model_validate({k: v for k, v in attempt.items() if k in Note.model_fields})
            except ValidationError as exc:
                placed = f"note {raw['id']!r}: {exc.errors()[0]['msg']} ({'.'.join(map(str, exc.errors()[0]['loc']))})"
                break
            trial = LoadedNote(note, page, args.file, 1, 1, {}, [], 0)
            problems = anchor_page(page, text, [trial], project.extensions, project.extension_configs).diagnostics
            if not problems:
                placed = attempt
                break
            placed = f"note {raw['id']!r}: {problems[0].message}"
        if isinstance(placed, dict):
            ready.append(placed)
            taken.add(placed["id"])
        else:
            skipped.append(str(placed))
    if ready:
        path = append_notes(project, page, ready, args.to)
        print(f"imported {len(ready)} note{'s' * (len(ready) != 1)} into {project.display(path)}")
    else:
        print("imported no notes")
    for reason in skipped:
        print(f"not mapped: {reason}", file=sys.stderr)
    return 1 if skipped else 0


def add_import_command(commands: Any, project_argument: Callable[[argparse.ArgumentParser], None]) -> None:
    command = commands.add_parser("import", help="turn Web Annotations (JSON-LD) into notes", description=cmd_import.__doc__)
    command.add_argument("file", metavar="FILE.jsonld", help="an AnnotationCollection, AnnotationPage, list or Annotation")
    command.add_argument("--page", required=True, help="the page under docs/ the annotations target")
    command.add_argument("--layer", required=True, help="the layer for annotations that do not name one of this site's layers")
    command.add_argument("--to", metavar="FILE", help="the annotation file to add to (default: the page's file, or a new one)")
    command.add_argument("--project", default=".", help="folder that holds mkdocs.yml (default: the current folder)")
    command.add_argument("-f", "--config-file", metavar="FILE", help="the MkDocs configuration file to read")
    command.set_defaults(run=cmd_import)
