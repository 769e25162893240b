#!/usr/bin/env python
"""Build benchmark: the context-layers plugin against hand-written admonitions, measured as a user waits.

    python bench/run.py [--scenarios rich,big,light,serve,check] [--mode whole|inside] [--repeat R]
                        [--articles N] [--words W] [--notes K] [--big-words 100000] [--big-notes 1000]
                        [--scale-articles 2000] [--keep DIR] [--quick] [--seed S] [--profile [TOP]]

Scenarios (names or numbers; the default is every one but scale):

  1 rich   200 articles of ~1,500 words, 30 rich notes each (title, 40-80 word body, sources, verdicts)
  2 big    one article of 100,000 words with 1,000 rich notes
  3 light  200 articles, 30 light notes each (one ~40-word paragraph with a link, nothing else)
  4 serve  the rebuild under `mkdocs serve` after one annotation file (plugin) or one article
           (admonitions) changes, on the rich site
  5 check  `context-layers check` on the rich plugin project
  6 scale  2,000 articles with rich notes, against the rich site of the same run (only when asked)

The build scenarios have three MkDocs projects that share theme (material), Markdown extensions
(admonition, attr_list, tables, smarty), the `search` plugin and a `site_url`:

  admonitions  the notes written by hand into the Markdown as Material admonitions
               right after the paragraph they annotate; no plugin
  plugin       the bare articles plus one annotation YAML file per article, built
               through the context-layers plugin
  bare         the bare articles, no notes, no plugin (for information)

Every build is, by default, the user's own command: `mkdocs build` in a fresh process, timed from
spawn to exit (start-up and imports included), with that process's peak RSS. `--mode inside` times
only the `build()` call inside a fresh interpreter instead (`bench/child.py`). Variants are
interleaved (a, b, c, a, b, c, ...) and the median of `--repeat` builds is reported. After every
build the output is checked: a benchmark of a broken build is worthless, so a failed build or
check exits 1. Figures over target do not: this is a report, not a test.

This file is the command line; the work is done by its neighbours in bench/: corpus.py (articles
and notes), projects.py (the MkDocs projects), scenarios.py (what each scenario builds), measure.py
(timed builds and checks), serve.py (the serve scenario), child.py (a build timed from inside) and
report.py (the tables and the summary).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from common import BenchError, compile_package, progress
from measure import MODES
from report import Outcome, profile, report
from scenarios import BUILDS, DEFAULT, NAMES, generate, run_builds, run_check
from serve import run_serve

SEED = 20240204
DEFAULTS = {
    "articles": 200, "words": 1500, "notes": 30, "big_words": 100_000, "big_notes": 1000,
    "scale_articles": 2000, "repeat": 3,
}  # fmt: skip
QUICK = {"articles": 20, "big_words": 10_000, "big_notes": 100, "scale_articles": 200, "repeat": 1}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add = parser.add_argument
    add(
        "--scenarios",
        default=",".join(DEFAULT),
        help="names or numbers, e.g. rich,serve or 1,4 (default: all but scale)",
    )
    add("--mode", choices=MODES, default="whole", help="whole: time `mkdocs build` as a process (default); "
        "inside: time build() inside the interpreter")  # fmt: skip
    add("--articles", type=int, help="rich, light: number of articles (default 200; quick 20)")
    add("--words", type=int, help="rich, light, scale: words per article (default 1500)")
    add("--notes", type=int, help="rich, light, scale: notes per article (default 30)")
    add("--big-words", type=int, help="big: words in the article (default 100000; quick 10000)")
    add("--big-notes", type=int, help="big: notes on the article (default 1000; quick 100)")
    add("--scale-articles", type=int, help="scale: number of articles (default 2000; quick 200)")
    add("--repeat", type=int, help="builds per variant, rebuilds under serve, check runs; the median is "
        "reported (default 3; quick 1; scale builds once unless given)")  # fmt: skip
    add("--keep", metavar="DIR", help="generate into DIR and keep it (default: a temporary folder, removed)")
    add("--quick", action="store_true", help="a fast smoke run: 20 articles, 10,000-word big article, repeat 1")
    add("--seed", type=int, default=SEED, help=f"random seed (default {SEED})")
    add(
        "--profile", type=int, nargs="?", const=25, default=0, metavar="TOP",
        help="after the timed builds, profile one in-process plugin build of each build scenario (default top 25)",
    )  # fmt: skip
    return parser


def parse_scenarios(parser: argparse.ArgumentParser, text: str) -> list[str]:
    chosen = set()
    for item in (part.strip().lower() for part in text.split(",") if part.strip()):
        if item == "all":
            chosen.update(NAMES)
        elif item.isdigit() and 1 <= int(item) <= len(NAMES):
            chosen.add(NAMES[int(item) - 1])
        elif item in NAMES:
            chosen.add(item)
        else:
            parser.error(f"--scenarios: {item!r} is none of {', '.join(NAMES)} (or 1-{len(NAMES)}, all)")
    if not chosen:
        parser.error("--scenarios: name at least one scenario")
    if "scale" in chosen:
        chosen.add("rich")  # scale is measured against the rich site of the same run
    return [name for name in NAMES if name in chosen]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    args.scale_repeat = args.repeat or 1
    defaults = dict(DEFAULTS, **(QUICK if args.quick else {}))
    for key, value in defaults.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    args.scenarios = parse_scenarios(parser, args.scenarios)
    counts = (args.articles, args.words, args.notes, args.big_words, args.big_notes, args.scale_articles, args.repeat)
    if min(counts) < 1:
        parser.error("counts must be positive")
    return args


def run_all(args: argparse.Namespace, root: Path) -> Outcome:
    outcome = Outcome(builds={}, serve=[], check=None)
    builds = outcome.builds
    for name in ("rich", "big", "light"):
        if name in args.scenarios:
            builds[name] = generate(name, args, root)
            run_builds(builds[name], args.repeat, args.mode)
    if "rich" not in builds and {"serve", "check"} & set(args.scenarios):
        builds["rich"] = generate("rich", args, root)  # serve and check work on the rich projects
    if "serve" in args.scenarios:
        outcome.serve = run_serve(builds["rich"].projects, builds["rich"].pages[0].path, args.repeat)
    if "check" in args.scenarios:
        outcome.check = run_check(builds["rich"], args.repeat)
    if "scale" in args.scenarios:
        builds["scale"] = generate("scale", args, root, ("admonitions", "plugin"))
        run_builds(builds["scale"], args.scale_repeat, args.mode)
    return outcome


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.load_at_start = os.getloadavg()[0]
    started = time.perf_counter()
    root = Path(args.keep).resolve() if args.keep else Path(tempfile.mkdtemp(prefix="cl-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    progress(f"projects in {root}; scenarios {', '.join(args.scenarios)}")
    try:
        compile_package()
        outcome = run_all(args, root)
        print(report(outcome, args, time.perf_counter() - started), flush=True)
        if args.profile:
            for name in BUILDS:
                if name in args.scenarios:
                    print("\n" + profile(outcome.builds[name], root, args.profile), flush=True)
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
