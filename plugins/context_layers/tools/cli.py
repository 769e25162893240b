"""`context-layers`: check, write and count notes from the command line.

Exit codes: 0 fine, 1 problems found, 2 usage error (argparse's own convention).
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
from collections.abc import Sequence
from importlib.metadata import version

from ..core.diagnostics import ContextLayersError, Diagnostic, Diagnostics
from ..core.pages import anchoring_problems
from .project import Project, load_project

OK, PROBLEMS, USAGE = 0, 1, 2


class BadArgumentError(ContextLayersError):
    """A command's argument that names nothing in the project (an unknown layer, a missing page...).

    It is reported at the argument (`--layer: unknown layer 'x'`), not in a file, and exits 2 like
    argparse's own usage errors: the command itself was mistyped.
    """

    def __init__(self, argument: str, message: str, hint: str = "") -> None:
        self.argument, self.message, self.hint = argument, message, hint
        super().__init__([], self.format())

    def format(self) -> str:
        hint = self.hint.replace("\n", "\n        ")
        return f"{self.argument}: {self.message}" + (f"\n  hint: {hint}" if hint else "")

    def __str__(self) -> str:
        return self.format()


def at_argument(argument: str, error: ContextLayersError) -> BadArgumentError:
    """The first problem of `error` (raised about a value), reported at the argument that gave the value."""
    first = error.diagnostics[0] if error.diagnostics else None
    return BadArgumentError(argument, first.message if first else str(error), first.hint if first else "")


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def github_annotation(file: str, message: str, line: int | None = None) -> str:
    """A workflow command that shows `message` as an error on the file (at the line) of a pull request."""
    where = f"file={_github_escape(file, True)}" + (f",line={line}" if line else "")
    return f"::error {where}::{_github_escape(message)}"


def _diff_lines(text: str) -> list[str]:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n\\ No newline at end of file\n"
    return lines


def format_changes(name: str, before: str, after: str, style: str = "text") -> str:
    """What reformatting `name` would change: a unified diff (`--- a/NAME`, `+++ b/NAME`) and, in the
    `github` style, an error annotation on the first changed line of each changed block (hunk)."""
    old, new = _diff_lines(before), _diff_lines(after)
    diff = "".join(difflib.unified_diff(old, new, f"a/{name}", f"b/{name}"))
    if style != "github":
        return diff
    annotations = []
    for group in difflib.SequenceMatcher(None, old, new).get_grouped_opcodes(3):
        first = next(op[1] for op in group if op[0] != "equal")
        line = min(first + 1, max(len(old), 1))  # an insertion at the very end points at the last line
        hunk = "".join(
            "".join(f"-{text}" for text in old[i1:i2]) + "".join(f"+{text}" for text in new[j1:j2])
            for tag, i1, i2, j1, j2 in group
            if tag != "equal"
        )
        body = f"not formatted: run `context-layers fmt` and commit the result. It would change:\n{hunk}"
        annotations.append(github_annotation(name, body.rstrip(), line))
    return diff + "".join(f"{annotation}\n" for annotation in annotations)


def format_diagnostics(diagnostics: Sequence[Diagnostic], style: str) -> str:
    if style == "json":
        return json.dumps([d.to_dict() for d in diagnostics], indent=2, ensure_ascii=False)
    if style == "github":
        lines = []
        for d in diagnostics:
            title = _github_escape("context-layers", True)
            where = f"file={_github_escape(d.file, True)},line={d.line},col={d.col},title={title}"
            body = d.message + (f"\nhint: {d.hint}" if d.hint else "")
            lines.append(f"::{d.severity.value} {where}::{_github_escape(body)}")
        return "\n".join(lines)
    return "\n".join(d.format() for d in diagnostics)


def _project(args: argparse.Namespace) -> Project:
    return load_project(args.project, getattr(args, "config_file", None))


def _processors() -> int:
    """The processors this process may run on (a container's share, not the machine's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def cmd_check(args: argparse.Namespace) -> int:
    """Every problem in every annotation file, as a build would find them, without building."""
    project = _project(args)
    catalog = project.load()
    diagnostics = Diagnostics(catalog.diagnostics)
    jobs = args.jobs or _processors()
    diagnostics.extend(
        anchoring_problems(catalog, project.docs_dir, project.extensions, project.extension_configs, jobs=jobs)
    )
    ordered = Diagnostics(diagnostics.sorted())
    output = format_diagnostics(ordered, args.format)
    if output:
        print(output)
    if args.format == "text":
        notes = sum(len(n) for n in catalog.notes.values())
        print(f"{len(catalog.files)} files, {notes} notes: {ordered.summary()}", file=sys.stderr)
    failed = ordered.errors or (args.strict and ordered.warnings)
    return PROBLEMS if failed else OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="context-layers",
        description="Check, write and count context notes kept in YAML next to an MkDocs site.",
        epilog="Exit codes: 0 fine, 1 problems found, 2 usage error.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version('context-layers')}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def project_argument(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "project",
            nargs="?",
            default=".",
            metavar="PROJECT",
            help="folder that holds mkdocs.yml (default: the current folder)",
        )
        command.add_argument("-f", "--config-file", metavar="FILE", help="the MkDocs configuration file to read")

    check = commands.add_parser(
        "check", help="report every problem in the annotation files", description=cmd_check.__doc__
    )
    project_argument(check)
    check.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text (default), json (a list of objects), or github (workflow commands for pull requests)",
    )
    check.add_argument("--strict", action="store_true", help="count warnings as problems, like `mkdocs build --strict`")
    check.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="pages anchored on N processes at once (default: one per processor)",
    )
    check.set_defaults(run=cmd_check)

    from .classroom import add_classroom_command
    from .edit import add_edit_commands
    from .importer import add_import_command
    from .links import add_links_command
    from .stats import add_stats_command

    add_edit_commands(commands, project_argument)
    add_stats_command(commands, project_argument)
    add_import_command(commands, project_argument)
    add_classroom_command(commands, project_argument)
    add_links_command(commands, project_argument)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except BadArgumentError as problem:
        print(problem.format(), file=sys.stderr)
        return USAGE
    except ContextLayersError as error:
        print(format_diagnostics(error.diagnostics, getattr(args, "format", "text")) or str(error), file=sys.stderr)
        return PROBLEMS
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        return PROBLEMS


if __name__ == "__main__":
    raise SystemExit(main())
