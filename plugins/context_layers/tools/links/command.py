"""The `links` command: its options, one run from the annotation files to the report, and Ctrl-C.

A run checks only what the cache does not already know, reports every address (fresh from the
web or remembered) at the place it is written, and saves what it learnt, even when it was
interrupted or ran out of time: the next run takes over from there.
"""

from __future__ import annotations

import argparse
import inspect
import sys
import time
from collections.abc import Callable, Coroutine
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ...core.diagnostics import Diagnostics
from ..project import CONFIG_NAMES, load_project
from .cache import DEFAULT_PATH, Cache, parse_age
from .classify import Options, judge, not_checked
from .outcome import Outcome
from .targets import Target, find_targets

if TYPE_CHECKING:
    from .http import Settings

OK, PROBLEMS = 0, 1


class Progress:
    """One line on a terminal, rewritten as addresses are checked; nothing anywhere else."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.stream, self.done = total, stream, 0
        self.shown = stream.isatty() and total > 0
        self.last = 0.0

    def step(self) -> None:
        self.done += 1
        now = time.monotonic()
        if self.shown and (now - self.last > 0.1 or self.done == self.total):
            self.last = now
            self.stream.write(f"\rchecking source addresses: {self.done}/{self.total}\x1b[K")
            self.stream.flush()

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _run(coroutine: Callable[[], Coroutine[Any, Any, list[str]]]) -> list[str]:
    """Run the check to its end, from a plain program or from inside one whose event loop is running
    (an application embedding the command, a test session driving a browser), in a thread of its own."""
    import asyncio  # here, not above: every other command starts faster without it
    import concurrent.futures

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine())
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(coroutine())).result()


class Run:
    """One run: the addresses, what the cache knows, what the web answered, and what was left."""

    def __init__(self, targets: list[Target], cache: Cache, max_age: float) -> None:
        self.targets, self.cache = targets, cache
        self.remembered = {t.url: o for t in targets if (o := cache.fresh(t.url, max_age)) is not None}
        self.to_check = [t.url for t in targets if t.url not in self.remembered]
        self.outcomes: dict[str, Outcome] = {}
        self.unchecked: list[str] = []
        self.interrupted = False

    def execute(self, settings: Settings, deadline: float | None, progress: Progress) -> None:
        from .http import check_all  # the HTTP client is loaded only when addresses are checked

        def on_result(outcome: Outcome) -> None:
            self.outcomes[outcome.url] = outcome
            self.cache.remember(outcome)
            progress.step()

        try:
            self.unchecked = _run(lambda: check_all(self.to_check, settings, on_result, deadline))
        except KeyboardInterrupt:
            self.interrupted = True
            self.unchecked = [url for url in self.to_check if url not in self.outcomes]
        finally:
            progress.clear()
            self.cache.save(keep={t.url for t in self.targets})

    def diagnostics(self, options: Options) -> Diagnostics:
        found = Diagnostics()
        why = "the run was interrupted" if self.interrupted else "the deadline passed first"
        for target in self.targets:
            outcome = self.outcomes.get(target.url) or self.remembered.get(target.url)
            if outcome is not None:
                found.extend(judge(target, outcome, options))
            else:
                found.append(not_checked(target, why))
        return Diagnostics(found.sorted())

    def summary(self, diagnostics: Diagnostics) -> str:
        parts = [
            f"{len(self.targets)} address{'es' * (len(self.targets) != 1)}: {len(self.outcomes)} checked",
            f"{len(self.remembered)} from the cache",
        ]
        if self.unchecked:
            parts.append(f"{len(self.unchecked)} not checked ({'interrupted' if self.interrupted else 'deadline'})")
        return ", ".join(parts) + f": {diagnostics.summary()}"


def config_path(project: str, config_file: str | None) -> Path:
    """The configuration file `load_project` reads for these arguments."""
    if config_file:
        return Path(config_file)
    path = Path(project)
    if path.is_file():
        return path
    return next((path / name for name in CONFIG_NAMES if (path / name).is_file()), path / CONFIG_NAMES[0])


def user_agent(config: Path) -> str:
    """`context-layers/VERSION (...; +SITE)`: who is asking, and whose site cites the page."""
    site = ""
    try:
        from mkdocs.utils.yaml import yaml_load  # reads `!ENV` and `INHERIT` as a build does

        with open(config, "rb") as stream:
            settings = yaml_load(stream) or {}
        site = str(settings.get("site_url") or settings.get("repo_url") or "")
    except Exception:  # the name of the site is a courtesy, never a reason to fail
        site = ""
    about = "source link check" + (f"; +{site}" if site else "")
    return f"context-layers/{version('context-layers')} ({about})"


def cmd_links(args: argparse.Namespace) -> int:
    """Check that every source address (`url` and `archive_url`, shared and inline) still leads to
    its document: each problem is reported where the address is written, with the notes that cite it.

    Errors: 404, 410 and other 4xx (but 401, 403, 429), 5xx after retries, a host that does not
    resolve, a refused connection, a TLS failure, a timeout, a redirect loop. Warnings: a
    permanent redirect (301, 308; the hint gives the new address), a redirect to a front page or a
    login page (a "soft 404"), 401 and 403 (often a site turning away programs: check by hand).
    Notices with --verbose: temporary redirects, slow answers, and where the Wayback Machine lists
    copies of a page that has no `archive_url`.
    """
    from ..cli import format_diagnostics  # the command line's own output formats

    project = load_project(args.project, args.config_file)
    targets = find_targets(project.annotations_dirs, project.layers, project.root)
    cache = Cache(None if args.cache == "" else Path(args.cache) if args.cache else project.root / DEFAULT_PATH)
    if cache.unreadable:
        print(f"the cache could not be read, so every address is checked: {cache.unreadable}", file=sys.stderr)
    run = Run(targets, cache, args.max_age)
    run.execute(_settings(args, user_agent(config_path(args.project, args.config_file))), args.deadline, _progress(run))
    options = Options(args.verbose, args.require_archive, slow=args.timeout / 2)
    diagnostics = run.diagnostics(options)
    output = format_diagnostics(diagnostics, args.format)
    if output:
        print(output)
    if args.format == "text" or run.interrupted:
        print(("interrupted: " if run.interrupted else "") + run.summary(diagnostics), file=sys.stderr)
    failed = run.interrupted or diagnostics.errors or (args.strict and diagnostics.warnings)
    return PROBLEMS if failed else OK


def _progress(run: Run) -> Progress:
    return Progress(len(run.to_check), sys.stderr)


def _settings(args: argparse.Namespace, agent: str) -> Settings:
    from .http import Settings

    return Settings(concurrency=args.concurrency, timeout=args.timeout, max_wait=args.max_wait, user_agent=agent)


def _positive(kind: type[int] | type[float]) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be more than 0, not {text}")
        return value

    return parse


def _age(text: str) -> float:
    try:
        return parse_age(text)
    except ValueError as problem:
        raise argparse.ArgumentTypeError(str(problem)) from None


def add_links_command(commands: Any, project_argument: Callable[[argparse.ArgumentParser], None]) -> None:
    links = commands.add_parser(
        "links",
        help="check that the sources' addresses still lead to their documents",
        description=inspect.cleandoc(cmd_links.__doc__ or ""),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Exit codes: 0 fine, 1 problems found (or interrupted), 2 usage error.",
    )
    project_argument(links)
    _report_options(links.add_argument)
    _network_options(links.add_argument)
    links.set_defaults(run=cmd_links)


def _report_options(add: Callable[..., Any]) -> None:
    """What is reported, and how."""
    add(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text (default), json (a list of objects), or github (workflow commands: annotations on the lines)",
    )
    add(
        "--require-archive",
        action="store_true",
        help="warn when a source cited in a layer that requires sources (counter, disputed) has no archive_url",
    )
    add(
        "-v",
        "--verbose",
        action="store_true",
        help="also show notices: temporary redirects, slow answers, and a Wayback Machine address to look "
        "for an archived copy of each source without archive_url",
    )
    add("--strict", action="store_true", help="count warnings as problems (exit 1)")


def _network_options(add: Callable[..., Any]) -> None:
    """How many requests, how long, how often: the options that decide how the sites are asked."""
    add(
        "--concurrency",
        type=_positive(int),
        default=16,
        metavar="N",
        help="requests in flight at once, in all (default 16); never more than 2 to one site",
    )
    add(
        "--timeout",
        type=_positive(float),
        default=15.0,
        metavar="SECONDS",
        help="for one request, until the answer's headers arrive (default 15); an answer slower than half "
        "of it is a notice with --verbose",
    )
    add(
        "--deadline",
        type=_positive(float),
        default=600.0,
        metavar="SECONDS",
        help="for the whole run (default 600): addresses not checked by then are listed as notices",
    )
    add(
        "--max-wait",
        type=_positive(float),
        default=60.0,
        metavar="SECONDS",
        help="the longest wait before retrying after a 429 or a 5xx (default 60); a longer Retry-After ends "
        "the retries",
    )
    add(
        "--max-age",
        type=_age,
        default=parse_age("7d"),
        metavar="AGE",
        help="do not ask again about an address that answered within AGE (default 7d; also 12h, 90m; 0 asks "
        "about every address again); timeouts, 429 and 5xx are always asked again",
    )
    add(
        "--cache",
        metavar="FILE",
        default=None,
        help=f"the JSON file of earlier answers (default: {DEFAULT_PATH} in the project folder; '' for none)",
    )
