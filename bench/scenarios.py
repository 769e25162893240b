"""The benchmark's scenarios: what each one generates, and the timed builds of the build scenarios.

1 rich   many ordinary articles with rich notes (title, 40-80 word body, sources, verdicts)
2 big    one very long article with many rich notes (catches anchoring that is not linear)
3 light  many ordinary articles with light notes (one short paragraph and a link)
4 serve  one rebuild under `mkdocs serve` after one change (serve.py)
5 check  `context-layers check` on the rich plugin project
6 scale  ten times the rich site's articles, against the rich site (only when asked for)
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from common import VARIANTS, BenchError, context_layers_command, progress
from corpus import Article, Page, Writer, make_article
from measure import Finished, Result, check_output, run_build, run_process
from projects import write_projects

NAMES = ("rich", "big", "light", "serve", "check", "scale")  # numbered from 1 in this order
DEFAULT = ("rich", "big", "light", "serve", "check")
BUILDS = ("rich", "big", "light", "scale")
SCALE_SAMPLE = 10  # the scale site is checked on every 10th page


@dataclass
class Scenario:
    name: str
    label: str
    variants: tuple[str, ...]
    projects: dict[str, Path] = field(default_factory=dict)
    pages: list[Page] = field(default_factory=list)
    words: int = 0
    notes: int = 0
    every: int = 1  # check every n-th page of the built site
    results: dict[str, list[Result]] = field(default_factory=dict)
    notes_seen: dict[str, int] = field(default_factory=dict)

    @property
    def number(self) -> int:
        return NAMES.index(self.name) + 1

    def median(self, variant: str) -> float:
        return statistics.median(r.seconds for r in self.results[variant])

    def peak_kb(self, variant: str) -> int:
        return max(r.maxrss_kb for r in self.results[variant])


def articles_of(name: str, args: argparse.Namespace) -> tuple[str, list[tuple[str, int, int, int]]]:
    """The scenario's label and its articles as (path, words, notes, number)."""
    if name == "big":
        label = f"1 article of ~{args.big_words:,} words, {args.big_notes:,} rich notes"
        return label, [("big/article.md", args.big_words, args.big_notes, 1)]
    count = args.scale_articles if name == "scale" else args.articles
    kind = "light" if name == "light" else "rich"
    label = f"{count:,} articles of ~{args.words:,} words, {args.notes} {kind} notes each"
    return label, [(f"a/article-{i + 1:03d}.md", args.words, args.notes, i + 1) for i in range(count)]


def generate(name: str, args: argparse.Namespace, root: Path, variants: tuple[str, ...] = VARIANTS) -> Scenario:
    """Write the scenario's projects under root/NAME, article by article."""
    label, specs = articles_of(name, args)
    scenario = Scenario(name, label, variants, every=SCALE_SAMPLE if name == "scale" else 1)
    writer = Writer(random.Random(f"{args.seed}-{scenario.number}"))
    started = time.perf_counter()
    progress(f"[{name}] generating {label} ...")

    def stream() -> Iterator[Article]:
        for path, words, notes, number in specs:
            article = make_article(writer, path, words, notes, number, light=name == "light")
            scenario.words += article.words
            scenario.notes += len(article.notes)
            yield article

    scenario.projects, scenario.pages = write_projects(root / name, stream(), variants)
    took = time.perf_counter() - started
    progress(f"[{name}] {scenario.words:,} words, {scenario.notes:,} notes, written in {took:.1f} s")
    return scenario


def run_builds(scenario: Scenario, repeat: int, mode: str) -> None:
    """`repeat` builds of every variant, interleaved (a, b, c, a, b, c, ...), each checked after."""
    tag = f"[{scenario.name}]"
    scenario.results = {v: [] for v in scenario.variants}
    for r in range(repeat):
        for variant in scenario.variants:
            progress(f"{tag} {variant:<11} build {r + 1}/{repeat} ...")
            project = scenario.projects[variant]
            result = run_build(project, mode)
            scenario.notes_seen[variant] = check_output(variant, project, scenario.pages, scenario.every)
            scenario.results[variant].append(result)
            progress(f"{tag} {variant:<11} build {r + 1}/{repeat}: {result.seconds:.2f} s")
            for warning in result.warnings[:10]:
                progress(f"    warning: {warning}")
            if len(result.warnings) > 10:
                progress(f"    ... and {len(result.warnings) - 10} more warnings")


@dataclass
class CheckRun:
    project: Path
    pages: int
    notes: int
    runs: list[Finished] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(run.seconds for run in self.runs)


def run_check(rich: Scenario, repeat: int) -> CheckRun:
    """`context-layers check`, the console script, in the rich plugin project: the whole process, timed."""
    check = CheckRun(rich.projects["plugin"], len(rich.pages), rich.notes)
    for r in range(repeat):
        progress(f"[check] context-layers check {r + 1}/{repeat} ...")
        done = run_process(context_layers_command("check"), check.project)
        if done.returncode != 0:
            raise BenchError(f"`context-layers check` in {check.project} exited {done.returncode}:\n{done.tail()}")
        check.runs.append(done)
        progress(f"[check] context-layers check {r + 1}/{repeat}: {done.seconds:.2f} s")
    return check
