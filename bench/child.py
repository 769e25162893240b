"""One MkDocs build in a fresh interpreter, timed from inside: the benchmark's child process.

    python bench/child.py MKDOCS_YML [PROFILE_OUT]

`bench/run.py --mode inside` starts this script once per build, with the project folder
as the working directory (and `--profile` once more, to profile a build). It loads the
configuration, runs the plugins' `on_startup` as `mkdocs build` does, then times the
`build()` call alone, so interpreter start-up and the import of MkDocs itself are left
out (imports done lazily during the build, e.g. of the theme's and the plugin's modules,
are counted). With PROFILE_OUT the build runs under cProfile and the statistics are
written there.

The last line on stdout is `CL_BENCH_RESULT {"seconds": ..., "maxrss_kb": ...,
"warnings": [...]}`, the warnings being the log records of level WARNING and above.
If the build fails, the last 40 of them go to stderr and the exception propagates.
"""

from __future__ import annotations

import json
import logging
import resource
import sys
import time
from pathlib import Path

RESULT_PREFIX = "CL_BENCH_RESULT "


class Keep(logging.Handler):
    """Keeps every record it sees as one line of text."""

    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(f"{record.levelname} {record.name}: {record.getMessage()}")


def isolate_import_path() -> None:
    """Import as `python -c` would from the project folder: not from bench/, whose modules could shadow others."""
    if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
        sys.path[0] = ""


def timed_build(build, cfg, keep: Keep) -> float:
    start = time.perf_counter()
    try:
        build(cfg)
    except BaseException:
        print("\n".join(keep.records[-40:]), file=sys.stderr)
        raise
    return time.perf_counter() - start


def profiled_build(build, cfg, profile_to: str) -> float:
    import cProfile

    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    build(cfg)
    profiler.disable()
    seconds = time.perf_counter() - start
    profiler.dump_stats(profile_to)
    return seconds


def _peak_kb() -> int:
    """This interpreter's own peak RSS: `VmHWM` is reset by `exec`, while `ru_maxrss` carries over
    the peak of the process this one was started from (the benchmark's own size)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(argv: list[str]) -> None:
    if not 1 <= len(argv) <= 2:
        raise SystemExit("usage: python bench/child.py MKDOCS_YML [PROFILE_OUT]")
    isolate_import_path()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    keep = Keep(logging.WARNING)
    logging.getLogger().addHandler(keep)
    logging.getLogger().setLevel(logging.WARNING)

    profile_to = argv[1] if len(argv) > 1 else ""
    cfg = load_config(config_file=argv[0])
    cfg.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
    seconds = profiled_build(build, cfg, profile_to) if profile_to else timed_build(build, cfg, keep)
    rss = _peak_kb()
    print(RESULT_PREFIX + json.dumps({"seconds": seconds, "maxrss_kb": rss, "warnings": keep.records}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
