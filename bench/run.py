#!/usr/bin/env python
"""Build-time benchmark: the context-layers plugin against hand-written admonitions.

    python bench/run.py [--articles N] [--words W] [--notes K] [--big-words 100000]
                        [--big-notes 1000] [--repeat R] [--keep DIR] [--quick]
                        [--scenarios 1,2] [--seed S] [--profile [TOP]]

Two scenarios, each with three MkDocs projects that share theme (material) and
Markdown extensions (admonition, attr_list, tables, smarty):

  admonitions  the notes written by hand into the Markdown as Material admonitions
               right after the paragraph they annotate; no plugin
  plugin       the bare articles plus one annotation YAML file per article, built
               through the context-layers plugin
  bare         the bare articles, no notes, no plugin (for information)

Scenario 1 is a site of many ordinary articles; scenario 2 one very long article
with many notes (catches anchoring that is not linear in the length of a page).

Every build runs in a fresh interpreter (`bench/child.py`); only the `build()` call
is timed, inside the child. Variants are interleaved (a, b, c, a, b, c, ...) and the median of
`--repeat` builds is reported. After every build the output is checked (each
plugin page has exactly its notes as `<aside class="cl-note">` and marks for all
of them; the admonition site has one admonition per note): a benchmark of a
broken build is worthless, so a failed build or check exits non-zero. Times over
target do not: this is a report, not a test.

This file is the command line; the work is done by its neighbours in bench/:
corpus.py (articles and notes), projects.py (the three MkDocs projects),
child.py (one timed build), measure.py (builds and checks) and report.py (the table).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from common import BenchError, progress
from corpus import Writer, make_article
from measure import Scenario, run_scenario
from report import profile, report

SEED = 20240204


def generate(number: int, args: argparse.Namespace) -> Scenario:
    rng = random.Random(f"{args.seed}-{number}")
    writer = Writer(rng)
    if number == 1:
        articles = [
            make_article(writer, f"a/article-{i + 1:03d}.md", args.words, args.notes, i + 1)
            for i in range(args.articles)
        ]
        label = f"{args.articles} articles of ~{args.words:,} words, {args.notes} notes each"
    else:
        articles = [make_article(writer, "big/article.md", args.big_words, args.big_notes, 1)]
        label = f"1 article of ~{args.big_words:,} words, {args.big_notes:,} notes"
    return Scenario(number, label, articles)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add = parser.add_argument
    add("--articles", type=int, help="scenario 1: number of articles (default 200; quick 20)")
    add("--words", type=int, help="scenario 1: words per article (default 1500)")
    add("--notes", type=int, help="scenario 1: notes per article (default 30)")
    add("--big-words", type=int, help="scenario 2: words in the article (default 100000; quick 10000)")
    add("--big-notes", type=int, help="scenario 2: notes on the article (default 1000; quick 100)")
    add("--repeat", type=int, help="builds per variant; the median is reported (default 3; quick 1)")
    add("--keep", metavar="DIR", help="generate into DIR and keep it (default: a temporary folder, removed)")
    add("--quick", action="store_true", help="a fast smoke run: 20 articles, 10,000-word big article, repeat 1")
    add("--scenarios", default="1,2", help="which scenarios to run, e.g. 2 (default 1,2)")
    add("--seed", type=int, default=SEED, help=f"random seed (default {SEED})")
    add(
        "--profile", type=int, nargs="?", const=25, default=0, metavar="TOP",
        help="after the timed builds, profile one plugin build of each scenario (default top 25)",
    )  # fmt: skip
    return parser


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = build_parser()
    args = parser.parse_args(argv)
    defaults = {"articles": 200, "words": 1500, "notes": 30, "big_words": 100_000, "big_notes": 1000, "repeat": 3}
    if args.quick:
        defaults.update(articles=20, big_words=10_000, big_notes=100, repeat=1)
    for key, value in defaults.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    args.scenarios = sorted({int(s) for s in str(args.scenarios).split(",") if s.strip()})
    if not set(args.scenarios) <= {1, 2} or not args.scenarios:
        parser.error("--scenarios takes 1, 2 or 1,2")
    if min(args.articles, args.words, args.big_words, args.repeat) < 1 or min(args.notes, args.big_notes) < 1:
        parser.error("counts must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    root = Path(args.keep).resolve() if args.keep else Path(tempfile.mkdtemp(prefix="cl-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    progress(f"projects in {root}")
    scenarios: list[Scenario] = []
    try:
        for number in args.scenarios:
            scenario = generate(number, args)
            run_scenario(scenario, root, args.repeat)
            scenarios.append(scenario)
        print(report(scenarios, args, time.perf_counter() - started), flush=True)
        if args.profile:
            for scenario in scenarios:
                print("\n" + profile(scenario, root, args.profile), flush=True)
    except BenchError as exc:
        print(f"\nBENCHMARK FAILED: {exc}", file=sys.stderr, flush=True)
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
        else:
            progress(f"kept the projects in {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
