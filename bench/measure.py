"""Building and checking: one build per child process, timed as a user waits for it, the output checked after.

Two ways to time a build:

- whole (the default): the user's own command, `mkdocs build` in the project folder, timed from
  spawn to exit (interpreter start-up and every import included) by `launch.py`, a small
  interpreter that starts it and reads its peak RSS from `os.wait4`; warnings are the lines of its
  stderr that contain `WARNING`.
- inside: `bench/child.py` loads the configuration and times only the `build()` call, from inside.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from common import BenchError, bench_env, mkdocs_command
from corpus import Page

CHILD = Path(__file__).resolve().parent / "child.py"
LAUNCH = Path(__file__).resolve().parent / "launch.py"
RESULT_PREFIX = "CL_BENCH_RESULT "  # the line child.py prints last
MODES = ("whole", "inside")

ASIDE_OPEN = '<aside class="cl-note"'
# Attribute order is the serializer's business: read the id from anywhere in the tag.
ASIDE = re.compile(r'<aside class="cl-note"[^>]*?\sid="note-([a-z0-9-]+)"')
MARK = re.compile(r'<mark class="cl-mark"[^>]*?\sdata-note="([a-z0-9-]+)"')
ADMONITION = re.compile(r'<div class="admonition ')


BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")


@dataclass
class Result:
    seconds: float
    maxrss_kb: int
    warnings: list[str]
    built: float | None = None  # whole process: MkDocs' own `Documentation built in` figure


@dataclass
class Finished:
    """A child process that ran to its end: wall clock from spawn to exit, its own peak RSS, its output."""

    seconds: float
    maxrss_kb: int
    returncode: int
    stdout: str
    stderr: str

    def tail(self, lines: int = 40) -> str:
        return "\n".join((self.stderr.strip() or self.stdout.strip()).splitlines()[-lines:])


def run_process(command: list[str], cwd: Path) -> Finished:
    """Run `command` in `cwd` through `launch.py`, which times it and reads its own peak RSS (Linux
    carries a process's peak across `exec`, so a child of this bigger process would report at least
    this process's size); its output goes to files (no pipe to fill)."""
    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        result = Path(folder) / "result.json"
        launcher = [sys.executable, "-I", "-S", str(LAUNCH), str(result), *command]
        subprocess.run(
            launcher, cwd=cwd, env=bench_env(), stdin=subprocess.DEVNULL, stdout=out, stderr=err, check=False
        )
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
        if not result.is_file():
            raise BenchError(f"{' '.join(command)} could not be started in {cwd}:\n{stderr.strip()[-2000:]}")
        data = json.loads(result.read_text(encoding="utf-8"))
    return Finished(data["seconds"], data["maxrss_kb"], data["returncode"], stdout, stderr)


def run_whole(project: Path) -> Result:
    """`mkdocs build` as the user runs it, in the project folder."""
    done = run_process(mkdocs_command("build"), project)
    if done.returncode != 0:
        raise BenchError(f"`mkdocs build` in {project} failed (exit {done.returncode}):\n{done.tail()}")
    warnings = [line.strip() for line in done.stderr.splitlines() if "WARNING" in line]
    built = BUILT.search(done.stderr)
    return Result(done.seconds, done.maxrss_kb, warnings, float(built.group(1)) if built else None)


def run_inside(project: Path, profile_to: Path | None = None) -> Result:
    """`bench/child.py`: the `build()` call alone, timed inside a fresh interpreter."""
    args = [sys.executable, str(CHILD), str(project / "mkdocs.yml")]
    if profile_to:
        args.append(str(profile_to))
    proc = subprocess.run(args, cwd=project, env=bench_env(), capture_output=True, text=True, check=False)
    line = next((out for out in proc.stdout.splitlines() if out.startswith(RESULT_PREFIX)), None)
    if proc.returncode != 0 or line is None:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-40:])
        raise BenchError(f"build of {project} failed (exit {proc.returncode}):\n{tail}")
    data = json.loads(line[len(RESULT_PREFIX) :])
    return Result(data["seconds"], data["maxrss_kb"], data["warnings"])


def run_build(project: Path, mode: str) -> Result:
    return run_whole(project) if mode == "whole" else run_inside(project)


def page_html(project: Path, page: Page) -> str:
    path = project / "site" / Path(page.path).with_suffix("") / "index.html"
    if not path.is_file():
        raise BenchError(f"{path} was not written")
    return path.read_text(encoding="utf-8")


def check_page(variant: str, page: Page, html: str) -> int:
    """Fail loudly unless the page holds exactly the notes it should. Returns the note count seen."""
    expected = page.note_ids
    asides = ASIDE.findall(html)
    admonitions = len(ADMONITION.findall(html))
    if variant == "plugin":
        marked = set(MARK.findall(html))
        count = html.count(ASIDE_OPEN)
        if sorted(asides) != sorted(expected) or count != len(expected):
            missing = sorted(set(expected) - set(asides))[:10]
            raise BenchError(
                f"plugin build of {page.path}: {count} {ASIDE_OPEN}> for {len(expected)} notes (missing e.g. {missing})"
            )
        if marked != set(expected):
            raise BenchError(f"plugin build of {page.path}: marks for {len(marked)} of {len(expected)} notes")
        return len(asides)
    if variant == "admonitions":
        if admonitions != len(expected) or asides:
            raise BenchError(f"admonition build of {page.path}: {admonitions} admonitions for {len(expected)} notes")
        return admonitions
    if asides or admonitions:
        raise BenchError(f"bare build of {page.path} has notes in it")
    return 0


def check_output(variant: str, project: Path, pages: list[Page], every: int = 1) -> int:
    """Check every `every`-th page of the site (all of them by default). Returns the note count seen."""
    return sum(check_page(variant, page, page_html(project, page)) for page in pages[::every])
