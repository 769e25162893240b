"""`context-layers classroom`: the offline editions, each as a folder and a reproducible zip.

The build uses the project's classroom configuration (by default
`mkdocs.classroom.yml`, which inherits `mkdocs.yml`), so the edition has the same
pages and notes as the site plus whatever the classroom configuration adds (a layer
of questions for discussion, for instance). It is built twice: for teachers
(classroom/, classroom.zip) and for students (classroom-students/,
classroom-students.zip), the edition given to the configuration in CONTEXT_LAYERS_EDITION;
the students' edition is checked to hold no answer for teachers. Both are built into a
temporary folder and moved into place only when both are complete; each zip holds the
same files as its folder with fixed dates and order, so two builds of the same sources
give identical bytes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core.diagnostics import failure

DEFAULT_CONFIG = "mkdocs.classroom.yml"
FIXED_EPOCH = 315532800  # 1980-01-01T00:00:00Z, the earliest date a zip can hold
FIXED_DATE = (1980, 1, 1, 0, 0, 0)
# Useless without a server, and dated by the build: left out of the edition.
LEFT_OUT = ("sitemap.xml", "sitemap.xml.gz")
# The classroom configuration reads the edition from here: `edition: !ENV [CONTEXT_LAYERS_EDITION, teachers]`.
EDITION_VARIABLE = "CONTEXT_LAYERS_EDITION"
STUDENTS_SUFFIX = "-students"  # classroom/ and classroom.zip -> classroom-students/ and classroom-students.zip


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def write_zip(folder: Path, target: Path, top: str) -> int:
    """A zip of `folder` under the name `top/`, with fixed dates, permissions and order."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in files:
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(folder).as_posix()}", date_time=FIXED_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever the machine that builds it
            archive.writestr(info, path.read_bytes(), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return len(files)


def _size(path: Path) -> str:
    total = path.stat().st_size if path.is_file() else sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return f"{total / 1_000_000:.1f} MB"


def edition_names(folder: str, zip_name: str) -> list[tuple[str, str, str]]:
    """(edition, folder, zip) of each edition: the teachers' under the names given, the students' beside it."""
    archive = Path(zip_name)
    students_zip = archive.with_name(f"{archive.stem}{STUDENTS_SUFFIX}{archive.suffix}").as_posix()
    return [("teachers", folder, zip_name), ("students", f"{folder.rstrip('/')}{STUDENTS_SUFFIX}", students_zip)]


def _build(project: Path, config_file: str, edition: str, staging: Path) -> None:
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": str(FIXED_EPOCH),
        "NO_MKDOCS_2_WARNING": "1",
        EDITION_VARIABLE: edition,
    }
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / config_file), "-d", str(staging)],
        cwd=project,
        env=env,
    )
    if result.returncode != 0:
        raise failure(
            config_file, "the classroom edition did not build; nothing was changed", "the messages above say why"
        )
    for name in LEFT_OUT:
        (staging / name).unlink(missing_ok=True)


def answers_in(folder: Path) -> list[str]:
    """Pages of an edition that hold a folded body (an answer for teachers)."""
    return sorted(
        page.relative_to(folder).as_posix()
        for page in folder.rglob("*.html")
        if 'class="cl-body-fold"' in page.read_text(encoding="utf-8", errors="replace")
    )


def build_classroom(project: Path, config_file: str, folder: str, zip_name: str) -> list[tuple[Path, Path]]:
    """Both editions, each a folder and a zip; nothing is replaced unless both build."""
    if not (project / config_file).is_file():
        raise failure(
            config_file,
            "no classroom configuration found",
            f"create {config_file} (it can start with `INHERIT: mkdocs.yml`), or give one with --config-file",
        )
    editions = edition_names(folder, zip_name)
    with tempfile.TemporaryDirectory(prefix=".classroom-", dir=project) as work:
        staged = []
        for step, (edition, name, archive) in enumerate(editions, start=1):
            say(f"{step}/3 building the {edition}' edition with {config_file} …")
            staging = Path(work) / f"site-{edition}"
            _build(project, config_file, edition, staging)
            leaks = answers_in(staging) if edition == "students" else []
            if leaks:
                raise failure(
                    config_file,
                    f"the students' edition still has answers for teachers ({', '.join(leaks[:3])}); nothing was "
                    "changed",
                    f"set `classroom: {{edition: !ENV [{EDITION_VARIABLE}, teachers]}}` under context-layers",
                )
            staged.append((staging, Path(work) / f"{edition}.zip", name, archive))
        say(f"3/3 writing {' and '.join(a for _, _, a in editions)}, and putting the folders in place …")
        for staging, staged_zip, name, archive in staged:
            count = write_zip(staging, staged_zip, Path(name).name)
            target = project / name
            if target.exists():
                shutil.rmtree(target)
            shutil.move(str(staging), target)
            shutil.move(str(staged_zip), project / archive)
            say(f"done: {name}/ ({count} files, {_size(target)}) and {archive} ({_size(project / archive)})")
    say(f"open {folder}/index.html (teachers) or {editions[1][1]}/index.html (students)")
    return [(project / name, project / archive) for _, name, archive in editions]


def cmd_classroom(args: argparse.Namespace) -> int:
    """Build the offline classroom editions, for teachers and for students: each a folder that opens
    from index.html, and a zip of it."""
    build_classroom(Path(args.project).resolve(), args.config_file or DEFAULT_CONFIG, args.folder, args.zip)
    return 0


def add_classroom_command(commands: Any, project_argument: Callable[[argparse.ArgumentParser], None]) -> None:
    command = commands.add_parser(
        "classroom",
        help="build the offline classroom editions, for teachers and students (folders and zips)",
        description=cmd_classroom.__doc__,
    )
    command.add_argument(
        "project",
        nargs="?",
        default=".",
        metavar="PROJECT",
        help="folder that holds the configuration (default: the current folder)",
    )
    command.add_argument(
        "-f", "--config-file", metavar="FILE", help=f"the classroom configuration (default: {DEFAULT_CONFIG})"
    )
    command.add_argument(
        "--folder",
        default="classroom",
        help="where the teachers' edition goes; the students' goes beside it, with -students (default: classroom)",
    )
    command.add_argument(
        "--zip",
        default="classroom.zip",
        help="the teachers' zip; the students' is beside it, with -students (default: classroom.zip)",
    )
    command.set_defaults(run=cmd_classroom)
