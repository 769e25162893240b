"""Tools that rewrite a contributor's files: `new` (add a note) and `fmt` (tidy files).

They edit YAML with ruamel.yaml's round-trip mode, so comments, order and layout of
everything they do not touch are kept exactly. (Reading for builds uses the faster
PyYAML C loader; see `yamlread`.)
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken
from ruamel.yaml.util import load_yaml_guess_indent

from ..core.catalog import LoadedNote, normalise_page
from ..core.diagnostics import ContextLayersError, failure
from ..core.files import SOURCES_FILE_NAMES, SUFFIXES, annotation_files
from ..core.model import Note, SourceEntry, field_names, note_anchor, slugify, unique_id
from ..core.pages import anchor_page
from ..core.schemas import ValidationError, validate
from .cli import BadArgumentError, at_argument, format_changes, github_annotation
from .project import Project, load_project

NOTE_ORDER = field_names(Note)
SOURCE_ORDER = ["ref", *field_names(SourceEntry), "stance"]
# Exact text is always double-quoted: YAML would misread some plain strings (`: `, `#`, `"`).
QUOTED = {"quote", "prefix", "suffix", "title", "publisher", "url", "archive_url", "via"}
IDENTIFIERS = {"id", "layer", "verdict", "ref", "stance"}
SCHEMA = Path("schema/annotations.schema.json")


def _yaml(text: str) -> tuple[YAML, Any]:
    """A round-trip loader/dumper set up with the file's own indentation, and the data."""
    try:
        _, indent, offset = load_yaml_guess_indent(text)
        yaml = YAML()
        yaml.preserve_quotes = True
        yaml.width = 4096  # never re-wrap a contributor's lines
        # `date: null` says a document shows no date: keep the word (ruamel would write nothing)
        yaml.representer.add_representer(type(None), _null)
        sequence = indent or 4
        yaml.indent(mapping=2, sequence=sequence, offset=offset if offset is not None else max(sequence - 2, 0))
        return yaml, yaml.load(text)
    except YAMLError as exc:
        raise ValueError(str(exc).splitlines()[0]) from None


def _null(representer: Any, _: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def _dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _plain_is_string(value: str) -> bool:
    """Whether YAML reads `value` back as the same string when written without quotes."""
    if not value or value != value.strip() or any(c in value for c in ":#{}[],&*!|>'\"%@`"):
        return False
    return pyyaml.safe_load(value) == value


def _style(key: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if key == "body":
        # The text is kept exactly: a body without a final line break (a proposal's `|-`) stays so.
        return LiteralScalarString(value) if value.strip() else DoubleQuotedScalarString(value)
    if key in QUOTED:
        return DoubleQuotedScalarString(value)
    if key in IDENTIFIERS:
        return str(value) if _plain_is_string(value) else DoubleQuotedScalarString(value)
    return value


def _order(mapping: Any, order: list[str]) -> None:
    if not isinstance(mapping, CommentedMap):
        return
    for key in [k for k in order if k in mapping] + [k for k in list(mapping) if k not in order]:
        mapping.move_to_end(key)
    for key in list(mapping):
        mapping[key] = _style(key, mapping[key])


def normalise_data(data: Any, sources_file: bool) -> None:
    """Key order and quoting, in place."""
    if not isinstance(data, CommentedMap):
        return
    if sources_file:
        _order(data, ["sources"])
        for entry in (data.get("sources") or {}).values():
            _order(entry, SOURCE_ORDER)
        return
    _order(data, ["page", "notes"])
    for note in data.get("notes") or []:
        _order(note, NOTE_ORDER)
        for source in note.get("sources") or [] if isinstance(note, CommentedMap) else []:
            _order(source, SOURCE_ORDER)


def format_text(text: str, sources_file: bool) -> str:
    yaml, data = _yaml(text)
    normalise_data(data, sources_file)
    return _dump(yaml, data) if data is not None else text


def cmd_fmt(args: argparse.Namespace) -> int:
    """Normalise key order and quoting in annotation files (idempotent; comments kept).

    With --check nothing is written: each file that would change is shown as a unified diff
    (and, with --format github, as an annotation on the first line of each changed block).
    """
    project = load_project(args.project, args.config_file)
    style = getattr(args, "format", "text")
    changed: list[str] = []
    broken: list[tuple[str, str]] = []
    for path in annotation_files(project.annotations_dirs):
        name, text = project.display(path), path.read_text(encoding="utf-8")
        is_sources = path.parent in project.annotations_dirs and path.name in SOURCES_FILE_NAMES
        try:
            formatted = format_text(text, is_sources)
        except ValueError as exc:
            broken.append((name, f"cannot be formatted: {exc} (run `context-layers check` for details)"))
            continue
        if formatted == text:
            continue
        changed.append(name)
        if args.check:
            print(format_changes(name, text, formatted, style), end="")
        else:
            path.write_text(formatted, encoding="utf-8")
    for name, problem in broken:
        print(f"{name}: {problem}", file=sys.stderr)
        if args.check and style == "github":
            print(github_annotation(name, problem))
    verb = "would reformat" if args.check else "reformatted"
    for name in changed:
        print(f"{verb} {name}")
    if not changed and not broken:
        print("all annotation files are formatted", file=sys.stderr)
    return 1 if broken or (args.check and changed) else 0


def _file_for(project: Project, page: str) -> Path:
    """The annotation file that holds the page's notes, or where a new one goes."""
    for path in annotation_files(project.annotations_dirs):
        if path.name in SOURCES_FILE_NAMES:
            continue
        try:
            data = pyyaml.safe_load(path.read_text(encoding="utf-8"))
        except (pyyaml.YAMLError, UnicodeDecodeError, OSError):
            continue
        if isinstance(data, dict) and normalise_page(str(data.get("page", ""))) == page:
            return path
    stem = Path(page).with_suffix("").as_posix().replace("/", "-")
    path, n = project.annotations_dir / f"{stem}.yml", 2
    while path.exists():
        path, n = project.annotations_dir / f"{stem}-{n}.yml", n + 1
    return path


def _target_file(project: Project, page: str, file: str | None) -> Path:
    """The file `--file` names (checked: an annotation file for this page), or the page's own file."""
    if not file:
        return _file_for(project, page)
    path = (project.root / file).resolve()
    folders = [folder.resolve() for folder in project.annotations_dirs]
    if path.suffix not in SUFFIXES or not any(path.is_relative_to(folder) for folder in folders):
        where = ", ".join(f"{project.display(folder)}/" for folder in folders)
        raise BadArgumentError(
            "--file", f"{file} is not a YAML file in {where}", "the build reads notes only there; or leave --file out"
        )
    if path.parent in folders and path.name in SOURCES_FILE_NAMES:
        raise BadArgumentError("--file", f"{file} holds the shared sources, not notes", "leave --file out")
    try:
        data = pyyaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    except (pyyaml.YAMLError, UnicodeDecodeError, OSError):
        return path  # adding to it reports why it cannot be read, at the file
    if isinstance(data, dict) and normalise_page(str(data.get("page", ""))) != page:
        raise BadArgumentError(
            "--file",
            f"{file} holds the notes of {data.get('page')!r}, not of {page!r}",
            "give the file of this page, or leave --file out",
        )
    return path


def _draft(project: Project, args: argparse.Namespace) -> tuple[str, Note, Path]:
    """The page, the note and the file to add it to, from the arguments; a mistake is reported at its argument."""
    try:
        page = project.require_page(args.page)
    except ContextLayersError as error:
        raise at_argument("PAGE", error) from None
    try:
        project.require_layer(args.layer, "--layer")
    except ContextLayersError as error:
        raise at_argument("--layer", error) from None
    taken = {n.note.id for n in project.load().for_page(page)}
    if args.id in taken:
        raise BadArgumentError(
            "--id", f"the id {args.id!r} is already used on {page}", "choose another, or leave --id out"
        )
    given = {key: getattr(args, key) for key in ("layer", "quote", "prefix", "suffix")}
    try:
        draft = validate(Note, {"id": args.id or unique_id(args.quote, taken), **given})
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        field = str(error["loc"][0]) if error["loc"] else "quote"
        if field == "id":
            example = slugify(args.id) or "who-counted-the-dead"
            message = f"{args.id!r} is not an id: use lowercase letters, digits and hyphens"
            raise BadArgumentError("--id", message, f"for example {example!r}") from None
        raise BadArgumentError(f"--{field}", str(error["msg"]).removeprefix("Value error, ")) from None
    return page, draft, _target_file(project, page, args.file)


def cmd_new(args: argparse.Namespace) -> int:
    """Append a note skeleton for a passage of a page, after checking that the quote anchors."""
    project = load_project(args.project, args.config_file)
    page, draft, path = _draft(project, args)
    text = (project.docs_dir / page).read_text(encoding="utf-8-sig")
    trial = LoadedNote.trial(draft, page, "(new note)")
    result = anchor_page(page, text, [trial], project.extensions, project.extension_configs)
    problems = [d for d in result.diagnostics if d.severity.value in ("error", "warning")]
    if problems:
        problem = problems[0]
        print(
            f"--quote: the quote does not anchor on {page}: {problem.message.split(' in ' + page)[0]}", file=sys.stderr
        )
        if problem.hint:
            print(f"  hint: {problem.hint}".replace("\n", "\n        "), file=sys.stderr)
        return 1

    note = CommentedMap()
    note["id"] = draft.id
    note["layer"] = args.layer
    note["quote"] = args.quote
    for key in ("prefix", "suffix"):
        if getattr(args, key):
            note[key] = getattr(args, key)
    note["title"] = args.title or ""
    note["body"] = ""
    note["sources"] = CommentedSeq()
    note["updated"] = dt.date.today()
    append_notes(project, page, [note], str(path))
    print(f"added note {draft.id!r} to {project.display(path)}: now write its title, body and sources")
    print(f"  its address will be {page_url(page)}#{note_anchor(draft.id)}")
    return 0


def page_url(page: str) -> str:
    """The page's address relative to the site root, as MkDocs writes it by default."""
    stem = Path(page).with_suffix("").as_posix()
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")].rstrip("/")
    return f"{stem}/" if stem else "./"


def append_notes(project: Project, page: str, notes: list[dict[str, Any]], file: str | None = None) -> Path:
    """Append notes to the page's annotation file (or a new one); the rest of the file is kept byte for byte."""
    path = (project.root / file).resolve() if file else _file_for(project, page)
    styled = []
    for raw in notes:
        note = CommentedMap()
        for key in [k for k in NOTE_ORDER if k in raw] + [k for k in raw if k not in NOTE_ORDER]:
            value = raw[key]
            if key == "sources":
                value = CommentedSeq([_styled_map(s, SOURCE_ORDER) for s in value])
            note[key] = _style(key, value) if key != "body" or value else DoubleQuotedScalarString("")
        styled.append(note)
    if path.exists():
        original = path.read_text(encoding="utf-8")
        try:
            yaml, data = _yaml(original)
        except ValueError as exc:
            raise failure(
                project.display(path),
                f"cannot read the file to add to it: {exc}",
                "run `context-layers check` and fix it first",
            ) from None
        if not isinstance(data, CommentedMap) or (
            data.get("notes") is not None and not isinstance(data["notes"], CommentedSeq)
        ):
            raise failure(
                project.display(path),
                "the file has no `notes:` list to add to",
                "run `context-layers check` and fix it first",
            )
        if normalise_page(str(data.get("page", ""))) != page:
            raise failure(
                project.display(path),
                f"this file holds notes for {data.get('page')!r}, not {page!r}",
                "choose the file of this page, or leave --file out",
            )
        if data.get("notes") is None:
            data["notes"] = CommentedSeq()
        start = len(data["notes"])
        data["notes"].extend(styled)
        path.write_text(_dump_separated(yaml, data, data["notes"], start), encoding="utf-8")
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    yaml = YAML()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    header = ""
    schema = project.root / SCHEMA
    if schema.is_file():
        relative = Path(*[".."] * len(path.parent.relative_to(project.root).parts), SCHEMA).as_posix()
        header = f"# yaml-language-server: $schema={relative}\n"
    notes = CommentedSeq(styled)
    path.write_text(header + _dump_separated(yaml, CommentedMap(page=page, notes=notes), notes, 0), encoding="utf-8")
    return path


def _dump_separated(yaml: YAML, data: Any, notes: CommentedSeq, start: int) -> str:
    """The file, with one blank line before each note from `start` on, as between the notes of a
    hand-written file: not before the first note of the list, nor where a blank line is already."""
    marker = f"# context-layers: new note {uuid.uuid4().hex}"
    if not notes.fa.flow_style():
        for index in range(max(start, 1), len(notes)):
            before = notes.ca.items.setdefault(index, [None, None, None, None])
            before[1] = [CommentToken(f"{marker}\n", CommentMark(0)), *(before[1] or [])]
    lines: list[str] = []
    for line in _dump(yaml, data).splitlines(keepends=True):
        if line.strip() != marker:
            lines.append(line)
        elif lines and lines[-1].strip():
            lines.append("\n")
    return "".join(lines)


def _styled_map(raw: dict[str, Any], order: list[str]) -> CommentedMap:
    mapping = CommentedMap()
    for key in [k for k in order if k in raw] + [k for k in raw if k not in order]:
        mapping[key] = _style(key, raw[key])
    return mapping


def add_edit_commands(commands: Any, project_argument: Callable[[argparse.ArgumentParser], None]) -> None:
    new = commands.add_parser("new", help="add a note skeleton for a passage of a page", description=cmd_new.__doc__)
    new.add_argument("page", metavar="PAGE", help="the page under docs/, e.g. world/article.md")
    new.add_argument("--quote", required=True, help="the passage, copied from the page as a reader sees it")
    new.add_argument("--layer", required=True, help="the layer of the note (see mkdocs.yml)")
    new.add_argument("--id", help="the note's id (default: made from the quote)")
    new.add_argument("--title", help="a short title")
    new.add_argument("--prefix", help="text just before the quote, when the quote occurs more than once")
    new.add_argument("--suffix", help="text just after the quote, when the quote occurs more than once")
    new.add_argument("--file", help="the annotation file to add to (default: the page's file, or a new one)")
    new.add_argument("--project", default=".", help="folder that holds mkdocs.yml (default: the current folder)")
    new.add_argument("-f", "--config-file", metavar="FILE", help="the MkDocs configuration file to read")
    new.set_defaults(run=cmd_new)

    fmt = commands.add_parser(
        "fmt", help="normalise key order and quoting in annotation files", description=cmd_fmt.__doc__
    )
    project_argument(fmt)
    fmt.add_argument(
        "--check", action="store_true", help="change nothing: show the diff, and exit 1 if a file would be reformatted"
    )
    fmt.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="with --check: text (default), or github (also an annotation on each changed block, for pull requests)",
    )
    fmt.set_defaults(run=cmd_fmt)
