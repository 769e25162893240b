"""`context-layers classroom`: the offline edition, as a folder and a reproducible zip.

The build uses the project's classroom configuration (by default
`mkdocs.classroom.yml`, which inherits `mkdocs.yml`), so the edition has the same
pages and notes as the site plus whatever the classroom configuration adds (a layer
of questions for discussion, for instance). The site is built into a temporary
folder and moved into place only when it is complete; the zip holds the same files
with fixed dates and order, so two builds of the same sources give identical bytes.
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


def build_classroom(project: Path, config_file: str, folder: str, zip_name: str) -> tuple[Path, Path]:
    config = project / config_file
    if not config.is_file():
        raise failure(
            config_file,
            "no classroom configuration found",
            f"create {config_file} (it can start with `INHERIT: mkdocs.yml`), or give one with --config-file",
        )
    target, archive = project / folder, project / zip_name
    with tempfile.TemporaryDirectory(prefix=".classroom-", dir=project) as work:
        staging = Path(work) / "site"
        say(f"1/3 building the site with {config_file} …")
        env = {**os.environ, "SOURCE_DATE_EPOCH": str(FIXED_EPOCH), "NO_MKDOCS_2_WARNING": "1"}
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(staging)],
            cwd=project,
            env=env,
        )
        if result.returncode != 0:
            raise failure(
                config_file, "the classroom edition did not build; nothing was changed", "the messages above say why"
            )
        for name in LEFT_OUT:
            (staging / name).unlink(missing_ok=True)
        say(f"2/3 writing {zip_name} …")
        staged_zip = Path(work) / "classroom.zip"
        count = write_zip(staging, staged_zip, Path(folder).name)
        say(f"3/3 putting {folder}/ and {zip_name} in place …")
        if target.exists():
            shutil.rmtree(target)
        shutil.move(str(staging), target)
        shutil.move(str(staged_zip), archive)
    say(f"done: {folder}/ ({count} files, {_size(target)}) and {zip_name} ({_size(archive)}); open {folder}/index.html")
    return target, archive


def cmd_classroom(args: argparse.Namespace) -> int:
    """Build the offline classroom edition: a folder that opens from index.html, and a zip of it."""
    build_classroom(Path(args.project).resolve(), args.config_file or DEFAULT_CONFIG, args.folder, args.zip)
    return 0


def add_classroom_command(commands: Any, project_argument: Callable[[argparse.ArgumentParser], None]) -> None:
    command = commands.add_parser(
        "classroom", help="build the offline classroom edition (folder and zip)", description=cmd_classroom.__doc__
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
    command.add_argument("--folder", default="classroom", help="where the edition goes (default: classroom)")
    command.add_argument("--zip", default="classroom.zip", help="the zip to write (default: classroom.zip)")
    command.set_defaults(run=cmd_classroom)
