"""The serve scenario: how long a writer waits under `mkdocs serve` after saving one file.

A real `mkdocs serve --livereload -a 127.0.0.1:PORT` runs in the project folder. Once its first build
is done and it serves, one file is changed (one word added, then taken away again, so every rebuild
is a real change) and the time is taken from the write to MkDocs' `Reloading browsers` log line.
MkDocs 1.6 logs, on stderr, `Detected file changes`, `Building documentation...`,
`Documentation built in X seconds` and `Reloading browsers` for every rebuild; its file watcher
polls every 0.5 s and waits 0.1 s for changes to stop, which every rebuild pays in both sites alike.
MkDocs drops a log message identical to an earlier one, so a rebuild that takes exactly as many
seconds (to 1/100) as an earlier one logs no `Documentation built in`: that figure is then missing.
After every rebuild the served page is fetched and must show the change.
"""

from __future__ import annotations

import contextlib
import queue
import signal
import socket
import statistics
import subprocess
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from common import SITE_URL, BenchError, bench_env, mkdocs_command, progress
from measure import BUILT
from projects import annotation_stem

EDIT = "Zzbenchedit"  # the word added by a change: it occurs nowhere else
FIRST_BUILD_TIMEOUT = 900.0
REBUILD_TIMEOUT = 600.0
SETTLE = 1.0  # after the server starts and after each rebuild: longer than one poll of the watcher


@dataclass
class Rebuild:
    seconds: float  # from the write to `Reloading browsers`
    detected: float  # from `Detected file changes` to `Reloading browsers`
    built: float | None  # what MkDocs logged: `Documentation built in X seconds` (None: not logged)


@dataclass
class ServeRun:
    variant: str
    changed: str  # the file changed, relative to the project
    first_build: float = 0.0  # as MkDocs logged it
    rebuilds: list[Rebuild] = field(default_factory=list)
    warnings: int = 0  # lines with WARNING during the rebuilds
    unlogged: int = 0  # rebuilds that reloaded the browsers without `Documentation built in`

    @property
    def built(self) -> float | None:
        figures = [r.built for r in self.rebuilds if r.built is not None]
        return statistics.median(figures) if figures else None

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.rebuilds)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`mkdocs serve` in a project folder, its stderr read line by line, with the time each line arrived."""

    def __init__(self, project: Path) -> None:
        self.port = free_port()
        command = mkdocs_command("serve", "--livereload", "-a", f"127.0.0.1:{self.port}")
        self.proc = subprocess.Popen(
            command, cwd=project, env=bench_env(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace", bufsize=1,
        )  # fmt: skip
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        self.log: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.put((time.perf_counter(), line.rstrip("\n")))
            self.log.append(line.rstrip("\n"))

    def tail(self, count: int = 30) -> str:
        return "\n".join(self.log[-count:])

    def wait_for(self, text: str, timeout: float, seen: list[tuple[float, str]] | None = None) -> tuple[float, str]:
        """The first line from now on that contains `text`, with its arrival time; lines passed on the
        way go to `seen`. A failed rebuild, an exit or the timeout raise BenchError."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            try:
                at, line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.proc.poll() is not None and not self.reader.is_alive() and self.lines.empty():
                    raise BenchError(f"`mkdocs serve` exited ({self.proc.returncode}):\n{self.tail()}") from None
                continue
            if "An error happened during the rebuild" in line or "Traceback" in line:
                raise BenchError(f"`mkdocs serve` failed to rebuild:\n{self.tail()}")
            if text in line:
                return at, line
            if seen is not None:
                seen.append((at, line))
        raise BenchError(f"`mkdocs serve`: no {text!r} within {timeout:.0f} s:\n{self.tail()}")

    def drain(self) -> list[str]:
        out = []
        with contextlib.suppress(queue.Empty):
            while True:
                out.append(self.lines.get_nowait()[1])
        return out

    def fetch(self, page_path: str) -> str:
        mount = urlsplit(SITE_URL).path
        url = f"http://127.0.0.1:{self.port}{mount}{Path(page_path).with_suffix('').as_posix()}/"
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8", "replace")

    def stop(self) -> None:
        """Ctrl-C as a user stops it (MkDocs then removes its temporary site), then terminate, then kill."""
        for stop, grace in ((lambda: self.proc.send_signal(signal.SIGINT), 15), (self.proc.terminate, 5)):
            if self.proc.poll() is not None:
                break
            stop()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=grace)
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.reader.join(timeout=5)


def changed_file(project: Path, variant: str, page_path: str) -> tuple[Path, str, str]:
    """The file a writer saves, its text now and its text with one word added: for the plugin, the
    page's annotation file (the first line of a note's body); for the admonitions, the article itself
    (its first paragraph)."""
    if variant == "plugin":
        path = project / "annotations" / f"{annotation_stem(page_path)}.yml"
        marker = "    body: |"
    else:
        path = project / "docs" / page_path
        marker = "# "  # the title; after it a blank line, then the first paragraph
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.startswith(marker)), None)
    if start is None:
        raise BenchError(f"{path}: no {marker!r} line to change after")
    at = next(i for i in range(start + 1, len(lines)) if lines[i].strip())
    indent = len(lines[at]) - len(lines[at].lstrip())
    lines[at] = f"{lines[at][:indent]}{EDIT} {lines[at][indent:]}"
    return path, text, "\n".join(lines)


def settle(server: Server) -> None:
    """Let the watcher poll again; if it saw the change twice, let that extra rebuild end untimed."""
    time.sleep(SETTLE)
    extra = server.drain()
    detected = [i for i, line in enumerate(extra) if "Detected file changes" in line]
    if detected:
        progress("    the watcher saw that change twice: one more rebuild, not timed")
        if not any("Reloading browsers" in line for line in extra[detected[-1] :]):
            server.wait_for("Reloading browsers", REBUILD_TIMEOUT)
        time.sleep(SETTLE)
        server.drain()


def rebuild(server: Server, path: Path, content: str, run: ServeRun) -> None:
    """Write `content` to `path` and time the rebuild that follows, to `Reloading browsers`."""
    server.drain()
    start = time.perf_counter()
    path.write_text(content, encoding="utf-8")
    seen: list[tuple[float, str]] = []
    reloaded, _ = server.wait_for("Reloading browsers", REBUILD_TIMEOUT, seen)
    detected = next((at for at, line in seen if "Detected file changes" in line), start)
    built = next((BUILT.search(line) for _, line in reversed(seen) if BUILT.search(line)), None)
    if built is None:
        run.unlogged += 1  # MkDocs' DuplicateFilter drops it when it repeats an earlier figure
    run.warnings += sum("WARNING" in line for _, line in seen)
    run.rebuilds.append(Rebuild(reloaded - start, reloaded - detected, float(built.group(1)) if built else None))


def serve_one(project: Path, variant: str, page_path: str, repeat: int) -> ServeRun:
    path, original, edited = changed_file(project, variant, page_path)
    run = ServeRun(variant, path.relative_to(project).as_posix())
    tag = f"[serve] {variant:<11}"
    progress(f"{tag} starting `mkdocs serve` ...")
    server = Server(project)
    try:
        _, line = server.wait_for("Documentation built in", FIRST_BUILD_TIMEOUT)
        match = BUILT.search(line)
        run.first_build = float(match.group(1)) if match else 0.0
        server.wait_for("Serving on", 60)
        time.sleep(SETTLE)  # the watcher takes its first look at the files once it has started
        for r in range(repeat):
            content = edited if r % 2 == 0 else original
            rebuild(server, path, content, run)
            if (EDIT in server.fetch(page_path)) != (content is edited):
                raise BenchError(f"`mkdocs serve` of {project}: {page_path} does not show the change to {path.name}")
            last = run.rebuilds[-1]
            said = f"built in {last.built:.2f} s" if last.built is not None else "no `Documentation built in`"
            progress(f"{tag} rebuild {r + 1}/{repeat}: {last.seconds:.2f} s (MkDocs: {said})")
            settle(server)
    finally:
        server.stop()
        path.write_text(original, encoding="utf-8")
    return run


def run_serve(projects: dict[str, Path], page_path: str, repeat: int) -> list[ServeRun]:
    """The site without the plugin first (one article changed), then the plugin's (one annotation file)."""
    return [serve_one(projects[variant], variant, page_path, repeat) for variant in ("admonitions", "plugin")]
