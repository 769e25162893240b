"""`context-layers import`: Web Annotations (e.g. another tool's export) into notes in format v1.

The reverse of `publish.webannotations`: each `Annotation` with a `TextQuoteSelector`
becomes a note; its bodies give the layer, title, body, verdict and sources. What
cannot be mapped is listed, never silently dropped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.catalog import LoadedNote
from ..core.diagnostics import ContextLayersError, failure
from ..core.model import NOTE_ANCHOR, STANCES, VERDICTS, Note, SourceEntry, field_names, unique_id
from ..core.pages import anchor_page
from ..core.schemas import ValidationError, validate
from .cli import at_argument
from .edit import append_notes
from .project import Project, load_project

# schema.org properties of a linked source, and the keys of a source entry they fill.
_SOURCE_KEYS = (
    ("publisher", "schema:publisher"),
    ("date", "schema:datePublished"),
    ("quote", "schema:text"),
    ("archive_url", "schema:archivedAt"),
    ("via", "cl:via"),
)


@dataclass
class Imported:
    notes: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # what could not be mapped, and why


def notes_from_annotations(data: Any, default_layer: str, known_sources: dict[str, SourceEntry]) -> Imported:
    """Notes in format v1 from Web Annotations, with a reason for everything left out."""
    result = Imported()
    taken: set[str] = set()
    for index, item in enumerate(_items(data), start=1):
        where = f"annotation {index}" + (f" ({item.get('id')})" if isinstance(item, dict) and item.get("id") else "")
        if not isinstance(item, dict) or item.get("type") != "Annotation":
            result.skipped.append(f"{where}: not an Annotation")
            continue
        selector = _quote_selector(item)
        if not selector or not str(selector.get("exact", "")).strip():
            result.skipped.append(f"{where}: no TextQuoteSelector with an `exact` text to anchor on")
            continue
        note = _note_from(
            item,
            selector,
            default_layer,
            known_sources,
            lambda why, where=where: result.skipped.append(f"{where}: {why}"),
        )
        note["id"] = _note_id(item.get("id"), taken) or unique_id(note["quote"], taken)
        taken.add(note["id"])
        result.notes.append(note)
    return result


def _items(data: Any) -> list[Any]:
    """The annotations of a collection, a page, a list, or a single annotation."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        return []
    kind = data.get("type")
    if kind == "AnnotationCollection":
        first = data.get("first")
        return _items(first) if isinstance(first, dict) else []
    if kind == "AnnotationPage":
        return data.get("items") or []
    return [data]


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _quote_selector(item: dict[str, Any]) -> dict[str, Any] | None:
    selectors = (s for t in _as_list(item.get("target")) if isinstance(t, dict) for s in _as_list(t.get("selector")))
    return next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextQuoteSelector"), None)


def _note_id(value: Any, taken: set[str]) -> str | None:
    match = re.search(rf"#{NOTE_ANCHOR}([a-z0-9-]+)$", str(value or ""))
    return match.group(1) if match and match.group(1) not in taken else None


def _note_from(
    item: dict[str, Any],
    selector: dict[str, Any],
    default_layer: str,
    known_sources: dict[str, SourceEntry],
    skip: Callable[[str], None],
) -> dict[str, Any]:
    """One annotation's note (its `id` is chosen by the caller)."""
    note: dict[str, Any] = {"id": "", "layer": default_layer, "quote": " ".join(str(selector["exact"]).split())}
    for key in ("prefix", "suffix"):  # kept only where the quote needs them (the importer decides)
        if str(selector.get(key) or "").strip():
            note[key] = str(selector[key])
    html_body, sources = None, []
    extra = [item["bodyValue"]] if isinstance(item.get("bodyValue"), str) else []
    for body in _as_list(item.get("body")) + extra:
        if isinstance(body, str):
            note["body"] = body
        elif isinstance(body, dict) and (
            body.get("type") == "SpecificResource" or (body.get("purpose") == "linking" and "source" in body)
        ):
            sources += _source_from(body, known_sources)
        elif isinstance(body, dict) and isinstance(body.get("value"), str):
            html_body = _read_textual(body, note, skip) or html_body
    if "body" not in note and html_body:
        note["body"] = html_body  # rendered again and sanitised like any body
        skip("only an HTML body; kept as is (review its Markdown)")
    if sources:
        note["sources"] = sources
    if isinstance(item.get("modified"), str) and re.match(r"\d{4}-\d{2}-\d{2}", item["modified"]):
        note["updated"] = dt.date.fromisoformat(item["modified"][:10])
    return note


def _read_textual(body: dict[str, Any], note: dict[str, Any], skip: Callable[[str], None]) -> str | None:
    """A textual body into the note by its purpose; returns an HTML body to fall back on."""
    purpose, value = body.get("purpose"), body["value"]
    if purpose == "classifying":
        note["layer"] = value
    elif purpose == "describing":
        note["title"] = value
    elif purpose == "assessing" and value in VERDICTS:
        note["verdict"] = value
    elif purpose == "assessing":
        skip(f"assessment {value!r} is not a verdict of this site; left out")
    elif body.get("format") == "text/markdown":
        note["body"] = value
    elif body.get("format") == "text/html":
        return value
    else:
        note.setdefault("body", value)
    return None


def _source_from(body: dict[str, Any], known_sources: dict[str, SourceEntry]) -> list[dict[str, Any]]:
    """A linked source as a citation: a `ref` to a known shared source, or a full entry."""
    source = body.get("source")
    source = source if isinstance(source, dict) else {"id": source}
    stance = {"stance": body["cl:stance"]} if body.get("cl:stance") in STANCES else {}
    ref = source.get("schema:identifier")
    if ref in known_sources:
        return [{"ref": ref, **stance}]
    if not source.get("id"):
        return []
    entry = {"title": source.get("schema:name") or source["id"], "url": source["id"]}
    entry.update({key: source[prop] for key, prop in _SOURCE_KEYS if source.get(prop)})
    return [{**entry, **stance}]


def cmd_import(args: argparse.Namespace) -> int:
    """Turn a Web Annotation collection into notes on PAGE, reporting what could not be mapped."""
    project = load_project(args.project, args.config_file)
    try:
        page = project.require_page(args.page)
    except ContextLayersError as error:
        raise at_argument("--page", error) from None
    try:
        project.require_layer(args.layer, "--layer")
    except ContextLayersError as error:
        raise at_argument("--layer", error) from None
    try:
        data = json.loads(Path(args.file).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise failure(args.file, f"cannot read the file: {exc}") from None
    except json.JSONDecodeError as exc:
        raise failure(
            args.file, f"not valid JSON: {exc.msg}", "export the annotations as JSON-LD", exc.lineno, exc.colno
        ) from None
    catalog = project.load()
    imported = notes_from_annotations(data, args.layer, catalog.sources)
    text = (project.docs_dir / page).read_text(encoding="utf-8-sig")
    taken = {n.note.id for n in catalog.for_page(page)}
    ready: list[dict[str, Any]] = []
    skipped = list(imported.skipped)
    layer_keys = [layer.key for layer in project.layers]
    for raw in imported.notes:
        if raw["layer"] not in layer_keys:
            skipped.append(
                f"note {raw['id']!r}: layer {raw['layer']!r} is not configured here; imported into {args.layer!r}"
            )
            raw["layer"] = args.layer
        placed = _place(raw, project, page, text, taken, args)
        if isinstance(placed, dict):
            ready.append(placed)
            taken.add(placed["id"])
        else:
            skipped.append(placed)
    if ready:
        path = append_notes(project, page, ready, args.to)
        print(f"imported {len(ready)} note{'s' * (len(ready) != 1)} into {project.display(path)}")
    else:
        print("imported no notes")
    for reason in skipped:
        print(f"not mapped: {reason}", file=sys.stderr)
    return 1 if skipped else 0


def _place(
    raw: dict[str, Any], project: Project, page: str, text: str, taken: set[str], args: argparse.Namespace
) -> dict[str, Any] | str:
    """The note ready to write (without prefix and suffix where the quote needs neither), or why not."""
    if raw["id"] in taken:
        raw["id"] = unique_id(raw["quote"], taken | {raw["id"]})
    why = ""
    for attempt in ({k: v for k, v in raw.items() if k not in ("prefix", "suffix")}, raw):
        try:
            note = validate(Note, {k: v for k, v in attempt.items() if k in field_names(Note)})
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            return f"note {raw['id']!r}: {error['msg']} ({'.'.join(map(str, error['loc']))})"
        trial = LoadedNote.trial(note, page, args.file)
        problems = anchor_page(page, text, [trial], project.extensions, project.extension_configs).diagnostics
        if not problems:
            return attempt
        why = f"note {raw['id']!r}: {problems[0].message}"
    return why


def add_import_command(commands: Any, project_argument: Callable[[argparse.ArgumentParser], None]) -> None:
    command = commands.add_parser(
        "import", help="turn Web Annotations (JSON-LD) into notes", description=cmd_import.__doc__
    )
    command.add_argument(
        "file", metavar="FILE.jsonld", help="an AnnotationCollection, AnnotationPage, list or Annotation"
    )
    command.add_argument("--page", required=True, help="the page under docs/ the annotations target")
    command.add_argument(
        "--layer", required=True, help="the layer for annotations that do not name one of this site's layers"
    )
    command.add_argument(
        "--to", metavar="FILE", help="the annotation file to add to (default: the page's file, or a new one)"
    )
    command.add_argument("--project", default=".", help="folder that holds mkdocs.yml (default: the current folder)")
    command.add_argument("-f", "--config-file", metavar="FILE", help="the MkDocs configuration file to read")
    command.set_defaults(run=cmd_import)
