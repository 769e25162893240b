"""`context-layers links` against real HTTP servers on 127.0.0.1: what each answer means, where it is
reported, how politely the sites are asked, the cache, and Ctrl-C. Nothing here reaches the internet."""

from __future__ import annotations

import io
import json
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from email.utils import formatdate

import httpx
import pytest
import yaml

from context_layers.tools.links.cache import parse_age
from context_layers.tools.links.classify import is_front_page, is_login_page
from context_layers.tools.links.http import failure_of, retry_after
from helpers import MKDOCS_YML, REPO, run_cli
from links_server import Gauge, Site, refused_url

FAST = ("--timeout", "0.5", "--max-wait", "0.1")  # small limits keep every test quick


@pytest.fixture
def sites() -> Iterator[list[Site]]:
    """Twenty sites on their own ports, sharing one gauge of requests served at once."""
    everywhere = Gauge()
    started = [Site(everywhere) for _ in range(20)]
    for site, other in zip(started, started[1:] + started[:1], strict=True):
        site.other = other.base
    yield started
    stopping = [threading.Thread(target=site.stop) for site in started]  # together: each waits for its poll
    for thread in stopping:
        thread.start()
    for thread in stopping:
        thread.join()


@pytest.fixture
def site(sites: list[Site]) -> Site:
    return sites[0]


def write_sources(project, urls: list[str], layer: str = "background", archive: dict[int, str] | None = None) -> None:
    """A shared source for each address, each cited by its own note (`n0`, `n1`...) of `layer`."""
    entries, notes = ["sources:"], ["page: index.md", "notes:"]
    for i, url in enumerate(urls):
        entries += [
            f"  s{i}:",
            f"    title: Source {i}",
            f'    url: "{url}"',
            "    publisher: P",
            "    date: 2022-02-04",
        ]
        if archive and i in archive:
            entries.append(f'    archive_url: "{archive[i]}"')
        notes += [f"  - id: n{i}", f"    layer: {layer}", '    quote: "six children"', "    sources:"]
        notes += [f"      - ref: s{i}", "        stance: context"]
    project.write("docs/index.md", "# Article\n\nThe UN said six children were among those killed.\n")
    project.write("annotations/sources.yml", "\n".join(entries) + "\n")
    project.write("annotations/notes.yml", "\n".join(notes) + "\n")


def links(capsys, project, *args: str) -> tuple[int, list[dict], str]:
    """Run the command with JSON output: the exit code, the diagnostics, and what went to stderr."""
    cache = str(project.root / "cache.json")
    code, out, err = run_cli(capsys, "links", str(project.root), "--format", "json", "--cache", cache, *args)
    return code, json.loads(out) if out.strip() else [], err


def by_url(diagnostics: list[dict]) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for d in diagnostics:
        found.setdefault(d["message"].split(" ", 1)[0], []).append(d)
    return found


# -- what each answer means -------------------------------------------------------------------

CASES = {  # route: (severity or None, fragment of the message or hint)
    "/ok": (None, ""),
    "/temporary": (None, ""),
    "/head-refused": (None, ""),  # HEAD 405, GET 200
    "/flaky?fail=1": (None, ""),  # HEAD 500, GET 200
    "/flaky?fail=2": (None, ""),  # HEAD 500, GET 500, then a retry: 200
    "/moved": ("warning", "moved permanently (HTTP 301 Moved Permanently) to {base}/ok"),
    "/chain": ("warning", "moved permanently (HTTP 301 Moved Permanently) to {base}/ok"),  # 301 then 308
    "/old-story": ("warning", "redirects to the front page of 127.0.0.1"),
    "/members-only": ("warning", "redirects to a login page"),
    "/forbidden": ("warning", "HTTP 403 Forbidden"),
    "/unauthorized": ("warning", "HTTP 401 Unauthorized"),
    "/missing": ("error", "answers HTTP 404 Not Found"),
    "/gone": ("error", "answers HTTP 410 Gone"),
    "/bad": ("error", "answers HTTP 400 Bad Request"),
    "/then-missing": ("error", "HTTP 404 Not Found (after redirecting to {base}/missing)"),
    "/broken": ("error", "answers HTTP 500 Internal Server Error after 3 attempts"),
    "/slow?t=3": ("error", "did not answer in time"),
    "/loop-a": ("error", "redirects in a loop: {base}/loop-a → {base}/loop-b → {base}/loop-a"),
}


def test_each_answer_is_classified(project, capsys, site):
    refused, tls = refused_url(), site.url("/ok").replace("http://", "https://")
    urls = [site.url(route) for route in CASES] + [refused, tls]
    write_sources(project, urls)
    started = time.monotonic()
    code, diagnostics, err = links(capsys, project, *FAST)
    assert time.monotonic() - started < 5
    found = by_url(diagnostics)
    for route, (severity, fragment) in CASES.items():
        url = site.url(route)
        if severity is None:
            assert url not in found, f"{route}: {found.get(url)}"
            continue
        [diagnostic] = found[url]
        assert diagnostic["severity"] == severity, f"{route}: {diagnostic}"
        text = diagnostic["message"] + diagnostic["hint"]
        assert fragment.format(base=site.base) in text, f"{route}: {text}"
    assert found[refused][0]["severity"] == "error" and "refused the connection" in found[refused][0]["message"]
    assert found[tls][0]["severity"] == "error" and "failed the secure connection (TLS)" in found[tls][0]["message"]
    assert "write the new address: " + site.url("/ok") in found[site.url("/moved")][0]["hint"]
    assert len(site.hits("/flaky?fail=2")) == 3
    assert site.hits("/head-refused", "HEAD") and site.hits("/head-refused", "GET")
    assert code == 1
    assert err.strip() == ""  # JSON output: the summary is for text only


def test_text_and_github_formats(project, capsys, site):
    write_sources(project, [site.url("/missing"), site.url("/moved"), site.url("/ok")])
    cache = str(project.root / "cache.json")
    code, out, err = run_cli(capsys, "links", str(project.root), "--cache", cache, *FAST)
    assert code == 1
    assert f"annotations/sources.yml:4:10: error: {site.url('/missing')} answers HTTP 404 Not Found; cited by n0" in out
    assert "hint: find the document's new address, or an archived copy: the Wayback Machine lists its copies at" in out
    assert err.strip().endswith("3 addresses: 3 checked, 0 from the cache: 1 error, 1 warning")
    code, out, _ = run_cli(capsys, "links", str(project.root), "--cache", "", "--format", "github", *FAST)
    assert "::error file=annotations/sources.yml,line=4,col=10,title=context-layers::" in out
    assert "::warning file=annotations/sources.yml,line=9,col=10,title=context-layers::" in out
    code, _, _ = run_cli(capsys, "links", str(project.root), "--cache", "", "--strict", *FAST)
    assert code == 1
    write_sources(project, [site.url("/moved")])
    assert run_cli(capsys, "links", str(project.root), "--cache", "", *FAST)[0] == 0  # a warning alone passes
    assert run_cli(capsys, "links", str(project.root), "--cache", "", "--strict", *FAST)[0] == 1


def test_each_address_once_at_its_place_with_the_notes_that_cite_it(project, capsys, site):
    dead, inline, archived = site.url("/missing"), site.url("/gone"), site.url("/ok/archive")
    project.write("docs/index.md", "# Article\n\nThe UN said six children were among those killed.\n")
    project.write(
        "annotations/sources.yml",
        f'sources:\n  shared:\n    title: T\n    url: "{dead}"\n    archive_url: "{archived}"\n'
        "    publisher: P\n    date: 2022-02-04\n",
    )
    notes = (
        "page: index.md\nnotes:\n"
        "  - id: first\n    layer: counter\n    quote: six children\n    sources:\n      - ref: shared\n"
        "        stance: context\n"
        "  - id: second\n    layer: background\n    quote: UN said\n    sources:\n      - ref: shared\n"
        f"      - title: Inline\n        url: {inline}\n        publisher: P\n        date: 2022-02-04\n"
        "  - id: third\n    layer: background\n    quote: among those\n    sources:\n"
        f"      - title: Again\n        url: '{dead}'\n        publisher: P\n        date: 2022-02-04\n"
    )
    project.write("annotations/notes.yml", notes)
    code, diagnostics, _ = links(capsys, project, *FAST)
    found = by_url(diagnostics)
    [shared] = found[dead]
    assert (shared["file"], shared["line"], shared["col"]) == ("annotations/sources.yml", 4, 10)
    assert shared["message"].endswith("cited by first, second, third")
    assert "readers can still open the archived copy (" + archived in shared["hint"]
    assert "also written at annotations/notes.yml:23:14" in shared["hint"]
    [inline_problem] = found[inline]
    assert (inline_problem["file"], inline_problem["line"], inline_problem["col"]) == ("annotations/notes.yml", 15, 14)
    assert inline_problem["message"].endswith("HTTP 410 Gone; cited by second")
    assert archived not in found and len(site.hits("/missing", "HEAD")) == 1
    assert code == 1


# -- politeness ---------------------------------------------------------------------------------


def test_never_more_than_two_requests_at_once_to_one_site(project, capsys, site):
    write_sources(project, [site.url(f"/slow/{i}?t=0.2") for i in range(10)])
    code, diagnostics, _ = links(capsys, project, "--concurrency", "16", "--timeout", "5")
    assert (code, diagnostics) == (0, [])
    assert site.gauge.most == 2


def test_the_global_limit_holds_across_sites(project, capsys, sites):
    write_sources(project, [site.url(f"/slow/{i}?t=0.2") for site in sites[:6] for i in range(2)])
    assert links(capsys, project, "--concurrency", "3", "--timeout", "5")[0] == 0
    assert sites[0].everywhere.most == 3


def test_forty_slow_addresses_take_a_fraction_of_the_serial_time(project, capsys, sites):
    delay = 0.25
    write_sources(project, [site.url(f"/slow/{i}?t={delay}") for site in sites for i in range(2)])
    started = time.monotonic()
    code, diagnostics, _ = links(capsys, project, "--timeout", "5")
    elapsed = time.monotonic() - started
    assert (code, diagnostics) == (0, [])
    assert sum(len(site.requests) for site in sites) == 40
    assert elapsed < 40 * delay / 4, f"{elapsed:.2f} s for 40 addresses of {delay} s each"


def test_retry_after_is_honoured(project, capsys, site):
    write_sources(project, [site.url("/busy/1?after=1")])
    assert links(capsys, project, "--max-wait", "2") == (0, [], "")
    first, second = site.hits("/busy/1?after=1")
    assert second - first >= 0.95


def test_a_retry_after_past_the_cap_ends_the_retries(project, capsys, site):
    write_sources(project, [site.url("/busy/2?after=120")])
    started = time.monotonic()
    code, diagnostics, _ = links(capsys, project, "--max-wait", "1")
    assert time.monotonic() - started < 3
    [warning] = diagnostics
    assert warning["severity"] == "warning" and "asked to wait 120 s" in warning["message"]
    assert len(site.hits("/busy/2?after=120")) == 1 and code == 0


def test_the_user_agent_names_the_tool_and_the_site(project, capsys, site):
    project.write("mkdocs.yml", MKDOCS_YML + "site_url: https://example.org/notes/\n")
    write_sources(project, [site.url("/ok")])
    links(capsys, project, *FAST)
    [agent] = site.agents
    assert agent.startswith("context-layers/") and agent.endswith("(source link check; +https://example.org/notes/)")


def test_the_deadline_stops_the_run(project, capsys, site):
    write_sources(project, [site.url("/ok"), site.url("/slow/long?t=3")])
    started = time.monotonic()
    code, diagnostics, _ = links(capsys, project, "--timeout", "5", "--deadline", "0.5")
    assert time.monotonic() - started < 2
    [notice] = diagnostics
    assert notice["severity"] == "notice" and "was not checked: the deadline passed first" in notice["message"]
    assert code == 0


# -- the cache ------------------------------------------------------------------------------------


def test_the_cache_skips_fresh_answers_and_asks_again_about_stale_ones(project, capsys, site):
    urls = [site.url("/ok/1"), site.url("/missing"), site.url("/broken")]
    write_sources(project, urls)
    first = links(capsys, project, *FAST)
    second = links(capsys, project, *FAST)
    assert first[:2] == second[:2] and first[0] == 1  # the remembered 404 is still reported
    assert "3 checked" not in second[2]
    assert len(site.hits("/ok/1")) == 1 and len(site.hits("/missing", "HEAD")) == 1
    assert len(site.hits("/broken", "HEAD")) == 2  # a 5xx is asked again on every run
    cache = project.root / "cache.json"
    data = json.loads(cache.read_text())
    data["links"][urls[0]]["checked_at"] -= 8 * 86400
    cache.write_text(json.dumps(data))
    links(capsys, project, *FAST)
    assert len(site.hits("/ok/1")) == 2 and len(site.hits("/missing", "HEAD")) == 1
    links(capsys, project, "--max-age", "0", *FAST)
    assert len(site.hits("/ok/1")) == 3 and len(site.hits("/missing", "HEAD")) == 2


def test_the_cache_keeps_only_the_projects_addresses_and_survives_a_bad_file(project, capsys, site):
    write_sources(project, [site.url("/ok/a"), site.url("/ok/b")])
    links(capsys, project, *FAST)
    write_sources(project, [site.url("/ok/a")])
    links(capsys, project, *FAST)
    assert list(json.loads((project.root / "cache.json").read_text())["links"]) == [site.url("/ok/a")]
    (project.root / "cache.json").write_text("{not json")
    code, out, err = run_cli(capsys, "links", str(project.root), "--cache", str(project.root / "cache.json"), *FAST)
    assert code == 0 and "the cache could not be read" in err and "1 address: 1 checked" in err


def test_the_default_cache_is_in_the_project_folder(project, capsys, site):
    write_sources(project, [site.url("/ok")])
    assert run_cli(capsys, "links", str(project.root), *FAST)[0] == 0
    assert site.url("/ok") in json.loads((project.root / ".cache/context-layers/links.json").read_text())["links"]


# -- archived copies and notices ----------------------------------------------------------------------


def test_require_archive_warns_on_counter_and_disputed_citations(project, capsys, site):
    urls = [site.url("/ok/counter"), site.url("/ok/archived")]
    write_sources(project, urls, layer="counter", archive={1: site.url("/ok/copy")})
    assert links(capsys, project, *FAST)[:2] == (0, [])
    code, diagnostics, _ = links(capsys, project, "--require-archive", *FAST)
    [warning] = diagnostics
    assert warning["severity"] == "warning" and warning["message"].startswith(urls[0] + " has no `archive_url`")
    assert f"https://web.archive.org/web/*/{urls[0]}" in warning["hint"]
    write_sources(project, urls, layer="background")
    assert links(capsys, project, "--require-archive", *FAST)[:2] == (0, [])


def test_verbose_adds_notices(project, capsys, site):
    urls = [site.url("/ok"), site.url("/temporary"), site.url("/slow/a?t=0.3")]
    write_sources(project, urls, archive={0: site.url("/ok/copy")})
    code, diagnostics, _ = links(capsys, project, "--verbose", *FAST)
    assert code == 0 and {d["severity"] for d in diagnostics} == {"notice"}
    found = by_url(diagnostics)
    assert urls[0] not in found  # it has an archived copy
    temporary = [d["message"] for d in found[urls[1]]]
    assert any("redirects temporarily (HTTP 302 Found) to " + site.url("/ok") in m for m in temporary)
    hint = next(d["hint"] for d in found[urls[1]] if "no archived copy" in d["message"])
    assert f"https://web.archive.org/web/*/{urls[1]}" in hint and "a suggestion" in hint
    assert any("answered slowly" in d["message"] for d in found[urls[2]])


# -- the command line ---------------------------------------------------------------------------------


def test_help_documents_every_option(capsys):
    with pytest.raises(SystemExit) as exit_:
        run_cli(capsys, "links", "--help")
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for option in ("--concurrency", "--timeout", "--deadline", "--max-age", "--cache", "--require-archive"):
        assert option in out
    for text in ("--verbose", "--format", "--max-wait", "--strict", "default 16", "default 15", "default 7d"):
        assert text in out


@pytest.mark.parametrize("argument", ["--concurrency=0", "--timeout=-1", "--max-age=soon"])
def test_bad_options_are_usage_errors(capsys, argument):
    with pytest.raises(SystemExit) as exit_:
        run_cli(capsys, "links", argument)
    assert exit_.value.code == 2


def test_ctrl_c_stops_cleanly_and_reports_what_was_checked(project, site):
    quick, slow = site.url("/ok/quick"), site.url("/slow/forever?t=20")
    write_sources(project, [quick, slow])
    cache = project.root / "cache.json"
    command = [sys.executable, "-m", "context_layers", "links", str(project.root), "--cache", str(cache)]
    # One request at a time: the quick address is done before the slow one is asked.
    process = subprocess.Popen(
        [*command, "--concurrency", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    started = time.monotonic()
    while not site.hits("/slow/forever?t=20") and time.monotonic() - started < 10:
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=10)
    assert time.monotonic() - started < 10
    assert process.returncode == 1, err
    assert f"{slow} was not checked: the run was interrupted; cited by n1" in out and quick not in out
    assert "interrupted: 2 addresses: 1 checked, 0 from the cache, 1 not checked (interrupted)" in err
    assert "Traceback" not in err
    assert list(json.loads(cache.read_text())["links"]) == [quick]


# -- the pieces -------------------------------------------------------------------------------------------


def test_failures_are_named_from_the_errors_behind_them():
    def behind(error: BaseException) -> httpx.ConnectError:
        try:
            raise httpx.ConnectError("failed") from error
        except httpx.ConnectError as wrapped:
            return wrapped

    assert failure_of(behind(socket.gaierror(-2, "Name or service not known")))[0] == "dns"
    assert failure_of(behind(ssl.SSLError(1, "certificate verify failed")))[0] == "tls"
    assert failure_of(behind(OSError("All connection attempts failed")))[0] == "connection"
    group = OSError("All connection attempts failed")
    group.exceptions = [ConnectionRefusedError(111, "Connection refused")]  # as an exception group holds them
    assert failure_of(behind(group))[0] == "refused"
    assert failure_of(httpx.ReadTimeout("slow"))[0] == "timeout"


def test_retry_after_reads_seconds_and_dates():
    assert retry_after("5") == 5 and retry_after(None) is None and retry_after("soon") is None
    now = time.time()
    assert 59 <= retry_after(formatdate(now + 60, usegmt=True), now) <= 61


def test_ages_and_pages():
    assert parse_age("7d") == parse_age("7") == 7 * 86400 and parse_age("90m") == 5400 and parse_age("0") == 0
    assert is_front_page("https://example.org/") and is_front_page("https://example.org/en/")
    assert not is_front_page("https://example.org/news/story") and not is_front_page("https://example.org/?p=1")
    assert is_login_page("https://example.org/account/login?next=/x") and is_login_page("https://login.example.org/")
    assert not is_login_page("https://example.org/news/blogging-tips")


def test_the_command_finds_the_flagship_addresses():
    from context_layers.tools.links.targets import find_targets
    from context_layers.tools.project import load_project

    project = load_project(REPO)
    targets = find_targets(project.annotations_dirs, project.layers, project.root)
    assert len(targets) == len({t.url for t in targets}) > 100
    assert all(t.places[0].file.startswith("annotations/") for t in targets)
    assert all(t.notes for t in targets if t.field == "url")
    assert not [t.url for t in targets if "&gt" in t.url or t.url.rstrip("/").endswith("al-monitor.com/syria")]


def test_the_http_client_is_loaded_only_by_the_links_command():
    code = (
        "import sys; from context_layers.tools.cli import build_parser; import context_layers.plugin; "
        "build_parser(); print('httpx' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_the_weekly_workflow_checks_links_and_keeps_its_cache():
    text = (REPO / ".github" / "workflows" / "links.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert set(triggers) == {"schedule", "workflow_dispatch"}  # never on pull requests
    assert workflow["permissions"] == {}
    steps = workflow["jobs"]["links"]["steps"]
    assert any(step.get("run") == "context-layers links --format github" for step in steps)
    cached = [step["with"]["path"] for step in steps if "actions/cache" in step.get("uses", "")]
    assert cached == [".cache/context-layers/links.json"] * 2
    assert "/.cache/" in (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_the_progress_line_is_shown_only_on_a_terminal():
    from context_layers.tools.links.command import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal, pipe = Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        progress = Progress(2, stream)
        progress.step()
        progress.step()
        progress.clear()
    assert "checking source addresses: 2/2" in terminal.getvalue() and terminal.getvalue().endswith("\r\x1b[K")
    assert pipe.getvalue() == ""
