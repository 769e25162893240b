"""Building and checking: one timed build per child process, the output checked after each."""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from common import VARIANTS, BenchError, progress
from corpus import Article
from projects import write_projects

CHILD = Path(__file__).resolve().parent / "child.py"
RESULT_PREFIX = "CL_BENCH_RESULT "  # the line child.py prints last

ASIDE_OPEN = '<aside class="cl-note"'
# Attribute order is the serializer's business: read the id from anywhere in the tag.
ASIDE = re.compile(r'<aside class="cl-note"[^>]*?\sid="note-([a-z0-9-]+)"')
MARK = re.compile(r'<mark class="cl-mark"[^>]*?\sdata-note="([a-z0-9-]+)"')
ADMONITION = re.compile(r'<div class="admonition ')


@dataclass
class Result:
    seconds: float
    maxrss_kb: int
    warnings: list[str]


def run_build(project: Path, profile_to: Path | None = None) -> Result:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    args = [sys.executable, str(CHILD), str(project / "mkdocs.yml")]
    if profile_to:
        args.append(str(profile_to))
    proc = subprocess.run(args, cwd=project, env=env, capture_output=True, text=True, check=False)
    line = next((out for out in proc.stdout.splitlines() if out.startswith(RESULT_PREFIX)), None)
    if proc.returncode != 0 or line is None:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-40:])
        raise BenchError(f"build of {project} failed (exit {proc.returncode}):\n{tail}")
    data = json.loads(line[len(RESULT_PREFIX) :])
    return Result(data["seconds"], data["maxrss_kb"], data["warnings"])


def page_html(project: Path, article: Article) -> str:
    path = project / "site" / Path(article.path).with_suffix("") / "index.html"
    if not path.is_file():
        raise BenchError(f"{path} was not written")
    return path.read_text(encoding="utf-8")


def check_output(variant: str, project: Path, articles: list[Article]) -> int:
    """Fail loudly unless the site holds exactly the notes it should. Returns the note count seen."""
    seen = 0
    for article in articles:
        html = page_html(project, article)
        expected = [note.id for note in article.notes]
        asides = ASIDE.findall(html)
        admonitions = len(ADMONITION.findall(html))
        if variant == "plugin":
            marked = set(MARK.findall(html))
            count = html.count(ASIDE_OPEN)
            if sorted(asides) != sorted(expected) or count != len(expected):
                missing = sorted(set(expected) - set(asides))[:10]
                raise BenchError(
                    f"plugin build of {article.path}: {count} {ASIDE_OPEN}> for {len(expected)} notes"
                    f" (missing e.g. {missing})"
                )
            if marked != set(expected):
                raise BenchError(f"plugin build of {article.path}: marks for {len(marked)} of {len(expected)} notes")
            seen += len(asides)
        elif variant == "admonitions":
            if admonitions != len(expected) or asides:
                raise BenchError(
                    f"admonition build of {article.path}: {admonitions} admonitions for {len(expected)} notes"
                )
            seen += admonitions
        elif asides or admonitions:
            raise BenchError(f"bare build of {article.path} has notes in it")
    return seen


@dataclass
class Scenario:
    number: int
    label: str
    articles: list[Article]
    projects: dict[str, Path] = field(default_factory=dict)
    results: dict[str, list[Result]] = field(default_factory=dict)
    notes_seen: dict[str, int] = field(default_factory=dict)

    @property
    def notes(self) -> int:
        return sum(len(a.notes) for a in self.articles)

    @property
    def words(self) -> int:
        return sum(a.words for a in self.articles)


def run_scenario(scenario: Scenario, root: Path, repeat: int) -> None:
    tag = f"scenario {scenario.number}"
    started = time.perf_counter()
    progress(f"[{tag}] generating {scenario.label} ...")
    scenario.projects = write_projects(root / f"scenario-{scenario.number}", scenario.articles)
    progress(
        f"[{tag}] {scenario.words:,} words, {scenario.notes:,} notes, written in {time.perf_counter() - started:.1f} s"
    )
    scenario.results = {v: [] for v in VARIANTS}
    for r in range(repeat):
        for variant in VARIANTS:
            progress(f"[{tag}] {variant:<11} build {r + 1}/{repeat} ...")
            result = run_build(scenario.projects[variant])
            scenario.notes_seen[variant] = check_output(variant, scenario.projects[variant], scenario.articles)
            scenario.results[variant].append(result)
            progress(f"[{tag}] {variant:<11} build {r + 1}/{repeat}: {result.seconds:.2f} s")
            for warning in result.warnings[:10]:
                progress(f"    warning: {warning}")
            if len(result.warnings) > 10:
                progress(f"    ... and {len(result.warnings) - 10} more warnings")


def median(scenario: Scenario, variant: str) -> float:
    return statistics.median(r.seconds for r in scenario.results[variant])
