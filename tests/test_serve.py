"""`mkdocs serve` reports a broken annotation file, on the page too, and recovers when it is fixed,
without a restart."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

GOOD = "page: index.md\nnotes:\n  - {id: fox, layer: background, quote: quick brown fox, title: A fox}\n"
BROKEN = GOOD.replace("layer: background", "layer: backgrund")
FIXED = GOOD.replace("A fox", "The fixed fox")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def _page(port: int) -> str:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
            return response.read().decode()
    except OSError:
        return ""


def test_serve_prints_diagnostics_and_recovers(project):
    project.write("docs/index.md", "# Home\n\nThe quick brown fox.\n")
    project.write("annotations/a.yml", GOOD)
    port = _free_port()
    log = project.root / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with open(log, "w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
            cwd=project.root,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
        try:
            _wait_for(lambda: "A fox" in _page(port), 30, "the first build")
            time.sleep(1.1)  # file times have a resolution; make the change visible
            project.write("annotations/a.yml", BROKEN)
            _wait_for(
                lambda: "annotations/a.yml:3:22: error: unknown layer 'backgrund'" in log.read_text(),
                30,
                "the diagnostic in the server's output",
            )
            assert server.poll() is None, "the server stopped on a broken file"
            # A fresh load answers, and shows the problem above the page (the notes without errors stay).
            _wait_for(lambda: 'class="cl-problems" role="alert"' in _page(port), 30, "the problems on the page")
            page = _page(port)
            assert "annotations/a.yml:3:22: error: unknown layer &#x27;backgrund&#x27;" in page
            assert "assets/context-layers/serve/problems.css" in page  # its style, linked only while serving
            assert "The quick brown fox" in page
            project.write("annotations/a.yml", FIXED)
            _wait_for(lambda: "The fixed fox" in _page(port), 30, "the rebuild after the fix")
            assert "cl-problems" not in _page(port)
        finally:
            server.terminate()
            server.wait(timeout=10)
    assert "Traceback" not in log.read_text()
