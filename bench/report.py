"""The benchmark's report: the table of build times and ratios, and the cProfile summary."""

from __future__ import annotations

import argparse
import os
import platform
import statistics
from pathlib import Path

from common import VARIANTS, progress
from measure import Scenario, check_output, median, run_build

TARGETS = {1: 1.10, 2: 1.25}  # plugin / admonitions


HEADER = (
    f"{'scenario':<9}{'variant':<13}{'median s':>9}{'min s':>8}{'max s':>8}"
    f"  {'peak RSS':>9}  {'notes':>6}  {'warn':>4}  runs (s)"
)


def material_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mkdocs-material")
    except PackageNotFoundError:  # pragma: no cover
        return "?"


def heading(args: argparse.Namespace) -> list[str]:
    import markdown
    import mkdocs

    return [
        "context-layers build benchmark",
        (
            f"Python {platform.python_version()}, MkDocs {mkdocs.__version__}, Material {material_version()}, "
            f"Markdown {markdown.__version__}; {os.cpu_count()} CPUs; load average now {os.getloadavg()[0]:.2f}"
        ),
        (
            f"repeat {args.repeat}, variants interleaved; time = build() only, inside a fresh interpreter;"
            f" seed {args.seed}"
        ),
        "",
    ]


def variant_line(scenario: Scenario, variant: str) -> str:
    results = scenario.results[variant]
    times = [r.seconds for r in results]
    rss = max(r.maxrss_kb for r in results) / 1024
    warnings = max(len(r.warnings) for r in results)
    return (
        f"{scenario.number:<9}{variant:<13}{statistics.median(times):>9.2f}{min(times):>8.2f}{max(times):>8.2f}"
        f"  {rss:>6.0f} MB  {scenario.notes_seen.get(variant, 0):>6}  {warnings:>4}  "
        + " ".join(f"{t:.2f}" for t in times)
    )


def scenario_lines(scenario: Scenario) -> list[str]:
    words, notes = f"{scenario.words:,} words", f"{scenario.notes:,} notes"
    lines = [f"Scenario {scenario.number}: {scenario.label} ({words}, {notes})", HEADER]
    lines += [variant_line(scenario, variant) for variant in VARIANTS]
    a, b, c = (median(scenario, v) for v in VARIANTS)
    target = TARGETS[scenario.number]
    verdict = "PASS" if b / a <= target else "OVER"
    lines.append(f"{'':<9}plugin / admonitions = {b / a:.3f}   (target <= {target:.2f})  {verdict}")
    lines.append(f"{'':<9}plugin / bare        = {b / c:.3f}   (information)")
    lines.append(f"{'':<9}admonitions / bare   = {a / c:.3f}   (information)")
    lines.append("")
    return lines


def report(scenarios: list[Scenario], args: argparse.Namespace, wall: float) -> str:
    lines = heading(args)
    for scenario in scenarios:
        lines += scenario_lines(scenario)
    lines.append(f"total wall time {wall:.0f} s (generation, builds and checks)")
    return "\n".join(lines)


def profile(scenario: Scenario, root: Path, top: int) -> str:
    """One extra plugin build under cProfile; the top context_layers functions by cumulative time."""
    import pstats

    progress(f"[scenario {scenario.number}] plugin build under cProfile ...")
    out = root / f"scenario-{scenario.number}-plugin.prof"
    result = run_build(scenario.projects["plugin"], profile_to=out)
    check_output("plugin", scenario.projects["plugin"], scenario.articles)
    stats = pstats.Stats(str(out))
    rows = []
    for (filename, line, name), (_cc, nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if "context_layers" in filename.replace("\\", "/").split("/"):
            short = filename.replace("\\", "/").split("context_layers/")[-1]
            rows.append((ct, tt, nc, f"{short}:{line}({name})"))
    rows.sort(reverse=True)
    lines = [
        (
            f"cProfile of the scenario {scenario.number} plugin build: build() took {result.seconds:.2f} s"
            f" under the profiler (profile in {out})"
        ),
        f"top {top} functions in context_layers by cumulative time:",
        f"{'cumtime s':>10}{'tottime s':>10}{'calls':>10}  function",
    ]
    for ct, tt, nc, where in rows[:top]:
        lines.append(f"{ct:>10.3f}{tt:>10.3f}{nc:>10}  {where}")
    return "\n".join(lines)
