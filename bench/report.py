"""The benchmark's report: a table per scenario, every ratio against its target, and a closing summary."""

from __future__ import annotations

import argparse
import os
import platform
import statistics
from dataclasses import dataclass
from pathlib import Path

from common import progress
from measure import check_output, run_inside
from scenarios import CheckRun, Scenario
from serve import ServeRun

TIME_TARGETS = {"rich": 1.10, "big": 1.25, "light": 1.20}  # plugin / admonitions, median build time
RSS_TARGET = 1.25  # plugin / admonitions, peak RSS, every build scenario
SERVE_TARGET = 1.10  # plugin rebuild / admonitions rebuild under `mkdocs serve`
CHECK_TARGET = 2.0  # seconds, `context-layers check` on the rich plugin project (strictly under)
SCALE_TARGET = 1.2  # how much more the plugin's time per page grows than the admonitions' (rich size -> scale size)
MODE_NAMES = {"whole": "whole-process builds", "inside": "build() timed in-process"}

HEADER = (
    f"{'variant':<13}{'median s':>9}{'min s':>8}{'max s':>8}{'mkdocs s':>10}"
    f"  {'peak RSS':>9}  {'notes':>6}  {'warn':>4}  runs (s)"
)


@dataclass
class Target:
    scenario: str
    measure: str
    limit: float
    figure: float
    unit: str = "×"  # "×" for a ratio (at most the limit), "s" for seconds (under the limit)

    @property
    def ok(self) -> bool:
        return self.figure < self.limit if self.unit == "s" else self.figure <= self.limit

    def verdict(self) -> str:
        return "ok" if self.ok else "OVER"

    def against(self) -> str:
        sign = "<" if self.unit == "s" else "<="
        return f"(target {sign} {self.limit:.2f}{' s' if self.unit == 's' else ''})  {self.verdict()}"


def version_of(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:  # pragma: no cover
        return "?"


def heading(args: argparse.Namespace) -> list[str]:
    import markdown

    if args.mode == "whole":
        how = (
            "time = the whole `mkdocs build` process, spawn to exit; peak RSS of that process;"
            " mkdocs s = MkDocs' own `Documentation built in` (the rest is start-up and exit)"
        )
    else:
        how = "time = build() only, inside a fresh interpreter (--mode inside)"
    return [
        "context-layers build benchmark",
        (
            f"Python {platform.python_version()}, MkDocs {version_of('mkdocs')}, "
            f"Material {version_of('mkdocs-material')}, "
            f"Markdown {markdown.__version__}; {os.cpu_count()} CPUs;"
            f" load average {args.load_at_start:.2f} at the start, {os.getloadavg()[0]:.2f} now"
        ),
        how,
        f"repeat {args.repeat}, variants interleaved; seed {args.seed}",
        "",
    ]


def variant_line(scenario: Scenario, variant: str) -> str:
    results = scenario.results[variant]
    times = [r.seconds for r in results]
    warnings = max(len(r.warnings) for r in results)
    logged = [r.built for r in results if r.built is not None]
    built = f"{statistics.median(logged):>10.2f}" if logged else f"{'-':>10}"
    return (
        f"{variant:<13}{statistics.median(times):>9.2f}{min(times):>8.2f}{max(times):>8.2f}{built}"
        f"  {scenario.peak_kb(variant) / 1024:>6.0f} MB  {scenario.notes_seen.get(variant, 0):>6}  {warnings:>4}  "
        + " ".join(f"{t:.2f}" for t in times)
    )


def build_targets(scenario: Scenario) -> list[Target]:
    name = scenario.name
    time_ratio = scenario.median("plugin") / scenario.median("admonitions")
    rss_ratio = scenario.peak_kb("plugin") / scenario.peak_kb("admonitions")
    return [
        Target(name, "build time, plugin / admonitions", TIME_TARGETS[name], time_ratio),
        Target(name, "peak RSS, plugin / admonitions", RSS_TARGET, rss_ratio),
    ]


def build_lines(scenario: Scenario) -> list[str]:
    words, notes = f"{scenario.words:,} words", f"{scenario.notes:,} notes"
    checked = "" if scenario.every == 1 else f"; every {scenario.every}th page checked"
    lines = [f"{scenario.name} ({scenario.number}): {scenario.label} ({words}, {notes}{checked})", HEADER]
    lines += [variant_line(scenario, variant) for variant in scenario.variants]
    if scenario.name not in TIME_TARGETS:
        return [*lines, ""]
    plugin, adm = ([r.seconds for r in scenario.results[v]] for v in ("plugin", "admonitions"))
    time_target, rss_target = build_targets(scenario)
    lines.append(
        f"  plugin / admonitions, time      = {time_target.figure:.3f}"
        f"  (min/min {min(plugin) / min(adm):.3f}, max/max {max(plugin) / max(adm):.3f})  {time_target.against()}"
    )
    mb = (scenario.peak_kb(v) / 1024 for v in ("admonitions", "plugin"))
    lines.append(
        f"  plugin / admonitions, peak RSS  = {rss_target.figure:.3f}"
        f"  ({' -> '.join(f'{m:.0f} MB' for m in mb)})  {rss_target.against()}"
    )
    if "bare" in scenario.results:
        bare = scenario.median("bare")
        lines.append(
            f"  plugin / bare = {scenario.median('plugin') / bare:.3f}, admonitions / bare = "
            f"{scenario.median('admonitions') / bare:.3f}  (information)"
        )
    return [*lines, ""]


def serve_target(runs: list[ServeRun]) -> Target:
    by = {run.variant: run for run in runs}
    return Target("serve", "rebuild after one change, plugin / admonitions", SERVE_TARGET,
                  by["plugin"].median / by["admonitions"].median)  # fmt: skip


def serve_lines(runs: list[ServeRun], articles: int) -> list[str]:
    count = len(runs[0].rebuilds)
    lines = [
        f"serve (4): `mkdocs serve --livereload`, the rich site ({articles:,} articles),"
        f" {count} rebuild{'s' * (count != 1)} each after one file changes",
        f"{'variant':<13}{'changed':<28}{'median s':>9}{'min s':>8}{'max s':>8}"
        f"  {'built in s':>10}  {'detected s':>10}  {'first s':>7}  {'warn':>4}  runs (s)",
    ]
    for run in runs:
        times = [r.seconds for r in run.rebuilds]
        built = f"{run.built:>10.2f}" if run.built is not None else f"{'-':>10}"
        detected = statistics.median(r.detected for r in run.rebuilds)
        lines.append(
            f"{run.variant:<13}{run.changed:<28}{statistics.median(times):>9.2f}{min(times):>8.2f}"
            f"{max(times):>8.2f}  {built}  {detected:>10.2f}  {run.first_build:>7.2f}  {run.warnings:>4}  "
            + " ".join(f"{t:.2f}" for t in times)
        )
    target = serve_target(runs)
    by = {run.variant: run for run in runs}
    lines.append(f"  plugin / admonitions, rebuild (write to reload) = {target.figure:.3f}  {target.against()}")
    built = [by[v].built for v in ("plugin", "admonitions")]
    if None not in built:
        lines.append(f"  plugin / admonitions, `Documentation built in`   = {built[0] / built[1]:.3f}  (information)")
    lines.append("  (median s: write to `Reloading browsers`; detected s: `Detected file changes` to it)")
    unlogged = ", ".join(f"{run.variant} {run.unlogged}" for run in runs if run.unlogged)
    if unlogged:
        lines.append(
            f"  (rebuilds without a `Documentation built in` figure, left out of its median: {unlogged};"
            " MkDocs drops a message that repeats an earlier one, i.e. the same seconds)"
        )
    return [*lines, ""]


def check_target(check: CheckRun) -> Target:
    return Target(
        "check", f"`context-layers check`, {check.pages:,} articles, seconds", CHECK_TARGET, check.median, "s"
    )


def check_lines(check: CheckRun) -> list[str]:
    times = [run.seconds for run in check.runs]
    rss = max(run.maxrss_kb for run in check.runs) / 1024
    target = check_target(check)
    return [
        f"check (5): `context-layers check` on the rich plugin project"
        f" ({check.pages:,} articles, {check.notes:,} notes)",
        f"  median {check.median:.2f} s, min {min(times):.2f}, max {max(times):.2f}, peak RSS {rss:.0f} MB;"
        f" runs {' '.join(f'{t:.2f}' for t in times)}  {target.against()}",
        "",
    ]


def per_page(scenario: Scenario, variant: str) -> float:
    """Median build time over the pages built: the articles and the home page."""
    return scenario.median(variant) / (len(scenario.pages) + 1)


def growth(scale: Scenario, rich: Scenario, variant: str) -> float:
    """How a variant's time per page grows from the rich site's size to the scale site's."""
    return per_page(scale, variant) / per_page(rich, variant)


def scale_target(scale: Scenario, rich: Scenario) -> Target:
    """Each target is the plugin against admonitions in the same run: here the growth of its time per page.
    (MkDocs itself does more per page as a site grows: every page renders the whole navigation.)"""
    measure = f"time per page, {len(scale.pages):,} / {len(rich.pages):,} articles, plugin / admonitions"
    return Target("scale", measure, SCALE_TARGET, growth(scale, rich, "plugin") / growth(scale, rich, "admonitions"))


def scale_lines(scale: Scenario, rich: Scenario) -> list[str]:
    lines = [
        "  time per page = median build time / (articles + home page), against the rich site of this run:",
        f"{'variant':<13}{'articles':>9}{'median s':>10}{'ms/page':>9}{'peak RSS':>11}",
    ]
    for variant in ("plugin", "admonitions"):
        for site in (rich, scale):
            lines.append(
                f"{variant:<13}{len(site.pages):>9,}{site.median(variant):>10.2f}"
                f"{per_page(site, variant) * 1000:>9.1f}{site.peak_kb(variant) / 1024:>8.0f} MB"
            )
    target = scale_target(scale, rich)
    sizes = f"at {len(scale.pages):,} / at {len(rich.pages):,} articles"
    lines.append(f"  plugin, time per page {sizes}      = {growth(scale, rich, 'plugin'):.3f}  (information)")
    lines.append(f"  admonitions, time per page {sizes} = {growth(scale, rich, 'admonitions'):.3f}  (information)")
    lines.append(f"  the plugin's growth / the admonitions' growth = {target.figure:.3f}  {target.against()}")
    rss = scale.peak_kb("plugin") / scale.peak_kb("admonitions")
    time_ratio = scale.median("plugin") / scale.median("admonitions")
    lines.append(
        f"  plugin / admonitions at {len(scale.pages):,}: time {time_ratio:.3f}, peak RSS {rss:.3f}  (information)"
    )
    return [*lines, ""]


def summary(targets: list[Target], args: argparse.Namespace) -> list[str]:
    """Every target with its figure, as a Markdown table to paste into a README."""
    over = sum(not t.ok for t in targets)
    command = " ".join(["python bench/run.py", *args.argv])
    lines = [
        f"Summary: {len(targets) - over} of {len(targets)} targets met (`{command}`, {MODE_NAMES[args.mode]})",
        "",
        "| scenario | measure | target | figure | |",
        "| --- | --- | --- | --- | --- |",
    ]
    for t in targets:
        sign = "<" if t.unit == "s" else "≤"
        limit = f"{sign} {t.limit:.2f}{' s' if t.unit == 's' else ''}"
        figure = f"{t.figure:.2f} s" if t.unit == "s" else f"{t.figure:.3f}"
        lines.append(f"| {t.scenario} | {t.measure} | {limit} | {figure} | {t.verdict()} |")
    return lines


@dataclass
class Outcome:
    """What a run measured, scenario by scenario (a scenario not run stays empty)."""

    builds: dict[str, Scenario]
    serve: list[ServeRun]
    check: CheckRun | None


def report(outcome: Outcome, args: argparse.Namespace, wall: float) -> str:
    lines, targets = heading(args), []
    for name in ("rich", "big", "light"):
        if name in args.scenarios:
            lines += build_lines(outcome.builds[name])
            targets += build_targets(outcome.builds[name])
    if outcome.serve:
        lines += serve_lines(outcome.serve, len(outcome.builds["rich"].pages))
        targets.append(serve_target(outcome.serve))
    if outcome.check:
        lines += check_lines(outcome.check)
        targets.append(check_target(outcome.check))
    if "scale" in args.scenarios:
        lines += build_lines(outcome.builds["scale"])
        lines += scale_lines(outcome.builds["scale"], outcome.builds["rich"])
        targets.append(scale_target(outcome.builds["scale"], outcome.builds["rich"]))
    lines.append(f"total wall time {wall:.0f} s (generation, builds, serving and checks)")
    return "\n".join([*lines, "", *summary(targets, args)])


def profile(scenario: Scenario, root: Path, top: int) -> str:
    """One extra plugin build under cProfile, in-process; the top context_layers functions by cumulative time."""
    import pstats

    progress(f"[{scenario.name}] plugin build under cProfile ...")
    out = root / f"{scenario.name}-plugin.prof"
    result = run_inside(scenario.projects["plugin"], profile_to=out)
    check_output("plugin", scenario.projects["plugin"], scenario.pages, scenario.every)
    stats = pstats.Stats(str(out))
    rows = []
    for (filename, line, name), (_cc, nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if "context_layers" in filename.replace("\\", "/").split("/"):
            short = filename.replace("\\", "/").split("context_layers/")[-1]
            rows.append((ct, tt, nc, f"{short}:{line}({name})"))
    rows.sort(reverse=True)
    lines = [
        (
            f"cProfile of the {scenario.name} plugin build: build() took {result.seconds:.2f} s"
            f" under the profiler (profile in {out})"
        ),
        f"top {top} functions in context_layers by cumulative time:",
        f"{'cumtime s':>10}{'tottime s':>10}{'calls':>10}  function",
    ]
    for ct, tt, nc, where in rows[:top]:
        lines.append(f"{ct:>10.3f}{tt:>10.3f}{nc:>10}  {where}")
    return "\n".join(lines)
