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

Every build runs in a fresh interpreter; only the `build()` call is timed, inside
the child. Variants are interleaved (a, b, c, a, b, c, ...) and the median of
`--repeat` builds is reported. After every build the output is checked (each
plugin page has exactly its notes as `<aside class="cl-note">` and marks for all
of them; the admonition site has one admonition per note): a benchmark of a
broken build is worthless, so a failed build or check exits non-zero. Times over
target do not: this is a report, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

from context_layers.core.model import VERDICTS  # the same labels the plugin shows

SEED = 20240204
VARIANTS = ("admonitions", "plugin", "bare")
TARGETS = {1: 1.10, 2: 1.25}  # plugin / admonitions
EXTENSIONS = ["admonition", "attr_list", "tables", "smarty"]
YAML_LIMIT = 900_000  # the plugin refuses annotation files over 1 MB: split before that

LAYERS = {  # key: (title, admonition type, share of notes)
    "background": ("Background", "note", 0.5),
    "counter": ("Counter-sources", "info", 0.25),
    "disputed": ("Disputed claims", "warning", 0.25),
}
PUBLISHERS = ["Example News", "Daily Record", "Wire Service", "Public Broadcaster", "Court Records", "Research Institute"]
FUNCTION_WORDS = (
    "the of and to in a is that for it as was with on by at from his her which said this an were be are had has "
    "not but they their or after before over under during about against between into through also been would "
    "could more than when where while who whom its our we them those these there some other such only"
).split()

# ---------------------------------------------------------------------------
# The child: one build in a fresh interpreter, timed from inside.
# ---------------------------------------------------------------------------

CHILD = r"""
import json, logging, resource, sys, time
from mkdocs.config import load_config
from mkdocs.commands.build import build

records = []
class Keep(logging.Handler):
    def emit(self, record):
        records.append(f"{record.levelname} {record.name}: {record.getMessage()}")
keep = Keep(logging.WARNING)
logging.getLogger().addHandler(keep)
logging.getLogger().setLevel(logging.WARNING)

profile_to = sys.argv[2] if len(sys.argv) > 2 else ""
cfg = load_config(config_file=sys.argv[1])
cfg.plugins.on_startup(command="build", dirty=False)   # as `mkdocs build` does
if profile_to:
    import cProfile
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    build(cfg)
    profiler.disable()
    seconds = time.perf_counter() - start
    profiler.dump_stats(profile_to)
else:
    start = time.perf_counter()
    try:
        build(cfg)
    except BaseException:
        print("\n".join(records[-40:]), file=sys.stderr)
        raise
    seconds = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print("CL_BENCH_RESULT " + json.dumps({"seconds": seconds, "maxrss_kb": rss, "warnings": records}), flush=True)
"""


class BenchError(Exception):
    """A build failed or its output is not what the benchmark expects."""


# ---------------------------------------------------------------------------
# Text generation
# ---------------------------------------------------------------------------

ONSETS = "b c d f g h j k l m n p r s t v w z br cr dr fl gr pl pr st tr sh ch th sk sl sp".split()
VOWELS = "a e i o u ai ea ou io ee".split()
CODAS = ["", "", "n", "r", "s", "l", "m", "t", "nd", "st", "rk", "ng"]


def make_vocabulary(rng: random.Random, size: int = 8000) -> tuple[list[str], list[float]]:
    """Function words plus `size` synthetic words, with Zipf-like cumulative weights."""
    words: list[str] = list(FUNCTION_WORDS)
    seen = set(words)
    while len(words) < len(FUNCTION_WORDS) + size:
        word = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(rng.choice((1, 2, 2, 3))))
        if len(word) > 2 and word not in seen:
            seen.add(word)
            words.append(word)
    cumulative, total = [], 0.0
    for rank in range(len(words)):
        total += 1.0 / (rank + 8)
        cumulative.append(total)
    return words, cumulative


@dataclass
class Token:
    markdown: str  # how the token is written in the Markdown source
    visible: str  # what a reader sees


@dataclass
class Paragraph:
    tokens: list[Token]
    notes: list["NoteSpec"] = field(default_factory=list)

    @property
    def markdown(self) -> str:
        return " ".join(t.markdown for t in self.tokens)

    @property
    def visible(self) -> str:
        return " ".join(t.visible for t in self.tokens)


@dataclass
class NoteSpec:
    id: str
    layer: str
    quote: str
    start: int  # token index in the paragraph, for ordering
    title: str
    verdict: str | None
    body: str
    sources: list[dict]


@dataclass
class Article:
    path: str  # under docs/
    title: str
    blocks: list  # ("h2", text) or Paragraph
    notes: list[NoteSpec] = field(default_factory=list)

    @property
    def words(self) -> int:
        return sum(len(b.tokens) for b in self.blocks if isinstance(b, Paragraph))


class Writer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words, self.cumulative = make_vocabulary(rng)
        self.content = self.words[len(FUNCTION_WORDS):]

    def word(self) -> str:
        return self.rng.choices(self.words, cum_weights=self.cumulative)[0]

    def phrase(self, n: int, capital: bool = False) -> str:
        words = [self.word() for _ in range(n)]
        if capital:
            words[0] = words[0].capitalize()
        return " ".join(words)

    def title(self) -> str:
        return " ".join(self.rng.choice(self.content).capitalize() for _ in range(self.rng.randint(3, 7)))

    def paragraph(self, number: int, link_base: str) -> Paragraph:
        rng = self.rng
        tokens: list[Token] = []
        target = rng.randint(40, 110)
        numbered = rng.randint(0, 3)  # which sentence gets the paragraph's number
        sentence = 0
        while len(tokens) < target:
            words = [self.word() for _ in range(rng.randint(8, 22))]
            if sentence == numbered:
                words.insert(rng.randrange(1, len(words)), str(1000 + number))
            words[0] = words[0].capitalize()
            i = 0
            while i < len(words):
                last = i == len(words) - 1
                roll = rng.random()
                if roll < 0.02 and i + 4 < len(words):  # a link over 2-4 words
                    n = rng.randint(2, 4)
                    text = " ".join(words[i : i + n])
                    tokens.append(Token(f"[{text}]({link_base}/{number}-{i})", text))
                    i += n
                    continue
                word = words[i]
                if roll < 0.05:
                    token = Token(f"*{word}*", word)
                elif roll < 0.06:
                    token = Token(f"**{word}**", word)
                else:
                    token = Token(word, word)
                if last:
                    token = Token(token.markdown + ".", token.visible + ".")
                elif rng.random() < 0.06:
                    token = Token(token.markdown + ",", token.visible + ",")
                tokens.append(token)
                i += 1
            sentence += 1
        return Paragraph(tokens)

    def note_body(self, number: str) -> str:
        rng = self.rng
        words = [self.word() for _ in range(rng.randint(40, 80))]
        words[0] = words[0].capitalize()
        e = rng.randrange(1, len(words) - 6)
        words[e] = f"*{words[e]}*"
        l = rng.randrange(e + 2, len(words) - 3)
        words[l] = f"[{words[l]} {words[l + 1]}](https://example.org/x/{number})"
        del words[l + 1]
        for i in range(8, len(words) - 1, rng.randint(9, 16)):
            words[i] += "."
            words[i + 1] = words[i + 1].capitalize() if not words[i + 1].startswith(("*", "[")) else words[i + 1]
        return " ".join(words) + "."

    def sources(self, layer: str, number: str) -> list[dict]:
        rng = self.rng
        count = rng.randint(1, 3) if layer != "background" else rng.randint(0, 1)
        out = []
        for s in range(count):
            out.append({
                "title": self.title(),
                "url": f"https://example.org/report/{number}-{s}",
                "publisher": rng.choice(PUBLISHERS),
                "date": f"20{rng.randint(10, 23)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            })  # fmt: skip
        return out


def make_article(writer: Writer, path: str, words: int, notes: int, number: int) -> Article:
    rng = writer.rng
    article = Article(path=path, title=writer.title(), blocks=[])
    paragraphs: list[Paragraph] = []
    total = 0
    since_heading = 0
    while total < words:
        if since_heading >= rng.randint(4, 7):
            article.blocks.append(("h2", writer.title()))
            since_heading = 0
        paragraph = writer.paragraph(len(paragraphs), f"https://example.org/a{number}")
        paragraphs.append(paragraph)
        article.blocks.append(paragraph)
        total += len(paragraph.tokens)
        since_heading += 1

    page_text = "\n".join([article.title] + [b[1] if isinstance(b, tuple) else b.visible for b in article.blocks])
    layer_keys, layer_weights = zip(*((k, v[2]) for k, v in LAYERS.items()))
    taken: dict[int, list[tuple[int, int]]] = {}
    for n in range(notes):
        # Spread notes evenly over the paragraphs, with some jitter.
        p = min(int((n + rng.random()) * len(paragraphs) / notes), len(paragraphs) - 1)
        for attempt in range(400):
            if attempt and attempt % 40 == 0:  # paragraph full: try a neighbour
                p = (p + 1) % len(paragraphs)
            paragraph = paragraphs[p]
            length = rng.randint(5, 12)
            if len(paragraph.tokens) < length:
                continue
            start = rng.randrange(0, len(paragraph.tokens) - length + 1)
            end = start + length
            if any(start <= e and end >= s for s, e in taken.get(p, [])):  # keep a word between quotes
                continue
            quote = " ".join(t.visible for t in paragraph.tokens[start:end])
            if page_text.count(quote) != 1:
                continue
            break
        else:
            raise BenchError(f"could not place note {n} on {path}: generator bug")
        taken.setdefault(p, []).append((start, end - 1))
        layer = rng.choices(layer_keys, weights=layer_weights)[0]
        verdict = None
        if layer == "disputed" or rng.random() < 0.2:
            verdict = rng.choice(list(VERDICTS))
        ident = f"n-{n + 1:03d}"
        serial = f"{number}-{n + 1}"
        note = NoteSpec(
            id=ident, layer=layer, quote=quote, start=start, title=writer.title(), verdict=verdict,
            body=writer.note_body(serial), sources=writer.sources(layer, serial),
        )  # fmt: skip
        paragraph.notes.append(note)
        article.notes.append(note)
    for paragraph in paragraphs:
        paragraph.notes.sort(key=lambda note: note.start)
    return article


# ---------------------------------------------------------------------------
# Writing the projects
# ---------------------------------------------------------------------------


def article_markdown(article: Article, admonitions: bool) -> str:
    out = [f"# {article.title}", ""]
    for block in article.blocks:
        if isinstance(block, tuple):
            out += [f"## {block[1]}", ""]
            continue
        out += [block.markdown, ""]
        if admonitions:
            for note in block.notes:
                out += [admonition(note), ""]
    return "\n".join(out)


def admonition(note: NoteSpec) -> str:
    """The note as a site without the plugin would write it: a Material admonition."""
    layer_title, kind, _ = LAYERS[note.layer]
    title = f"{layer_title}: {note.title}"
    if note.verdict:
        title += f" ({VERDICTS[note.verdict]})"
    lines = [f'!!! {kind} "{title}"', ""]
    lines += ["    " + line for line in textwrap.wrap(note.body, 88)]
    if note.sources:
        lines += ["", "    Sources:", ""]
        for s in note.sources:
            lines.append(f"    - [{s['title']}]({s['url']}) — {s['publisher']}, {s['date']}")
    return "\n".join(lines)


def annotation_yaml(article: Article, notes: list[NoteSpec]) -> str:
    out = [f"page: {article.path}", "notes:"]
    for note in notes:
        out += [f"  - id: {note.id}", f"    layer: {note.layer}", f'    quote: "{note.quote}"', f'    title: "{note.title}"']
        if note.verdict:
            out.append(f'    verdict: "{note.verdict}"')  # unquoted, `false` would be a boolean
        out.append("    body: |")
        out += ["      " + line for line in textwrap.wrap(note.body, 88)]
        if note.sources:
            out.append("    sources:")
            for s in note.sources:
                out += [
                    f'      - title: "{s["title"]}"', f"        url: {s['url']}",
                    f'        publisher: "{s["publisher"]}"', f"        date: {s['date']}",
                ]  # fmt: skip
    return "\n".join(out) + "\n"


def write_annotations(folder: Path, article: Article) -> int:
    """One file per article; split only if the plugin's 1 MB limit would be reached."""
    stem = Path(article.path).with_suffix("").as_posix().replace("/", "-")
    chunks: list[list[NoteSpec]] = [[]]
    size = 0
    for note in article.notes:
        piece = len(annotation_yaml(article, [note]).encode())
        if chunks[-1] and size + piece > YAML_LIMIT:
            chunks.append([])
            size = 0
        chunks[-1].append(note)
        size += piece
    for i, chunk in enumerate(chunks):
        name = f"{stem}.yml" if len(chunks) == 1 else f"{stem}-{i + 1}.yml"
        (folder / name).write_text(annotation_yaml(article, chunk), encoding="utf-8")
    return len(chunks)


def mkdocs_yml(name: str, plugin: bool) -> str:
    plugins = "[search, {context-layers: {annotations: annotations}}]" if plugin else "[search]"
    return textwrap.dedent(f"""\
        site_name: "Benchmark: {name}"
        docs_dir: docs
        site_dir: site
        theme:
          name: material
        markdown_extensions: [{", ".join(EXTENSIONS)}]
        plugins: {plugins}
        """)


INDEX = "# Benchmark\n\nGenerated articles for the context-layers build benchmark.\n"


def write_projects(root: Path, articles: list[Article]) -> dict[str, Path]:
    projects = {}
    for variant in VARIANTS:
        project = root / variant
        if project.exists():
            shutil.rmtree(project)
        docs = project / "docs"
        docs.mkdir(parents=True)
        (project / "mkdocs.yml").write_text(mkdocs_yml(variant, variant == "plugin"), encoding="utf-8")
        (docs / "index.md").write_text(INDEX, encoding="utf-8")
        for article in articles:
            target = docs / article.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(article_markdown(article, variant == "admonitions"), encoding="utf-8")
        if variant == "plugin":
            annotations = project / "annotations"
            annotations.mkdir()
            for article in articles:
                write_annotations(annotations, article)
        projects[variant] = project
    return projects


# ---------------------------------------------------------------------------
# Building and checking
# ---------------------------------------------------------------------------

ASIDE_OPEN = '<aside class="cl-note"'
# Attribute order is the serializer's business: read the id from anywhere in the tag.
ASIDE = re.compile(r'<aside class="cl-note"[^>]*?\sid="note-([a-z0-9-]+)"')
MARK = re.compile(r'<mark class="cl-mark"[^>]*?\sdata-note="([a-z0-9-]+)"')
ADMONITION = re.compile(r'<div class="admonition ')


@dataclass
class Result:
    seconds: float
    maxrss_kb: int
    warnings: list[str]


def run_build(project: Path, profile_to: Path | None = None) -> Result:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    args = [sys.executable, "-c", CHILD, str(project / "mkdocs.yml")]
    if profile_to:
        args.append(str(profile_to))
    proc = subprocess.run(args, cwd=project, env=env, capture_output=True, text=True)
    line = next((l for l in proc.stdout.splitlines() if l.startswith("CL_BENCH_RESULT ")), None)
    if proc.returncode != 0 or line is None:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-40:])
        raise BenchError(f"build of {project} failed (exit {proc.returncode}):\n{tail}")
    data = json.loads(line.split(" ", 1)[1])
    return Result(data["seconds"], data["maxrss_kb"], data["warnings"])


def page_html(project: Path, article: Article) -> str:
    path = project / "site" / Path(article.path).with_suffix("") / "index.html"
    if not path.is_file():
        raise BenchError(f"{path} was not written")
    return path.read_text(encoding="utf-8")


def check_output(variant: str, project: Path, articles: list[Article]) -> int:
    """Fail loudly unless the site holds exactly the notes it should. Returns the note count seen."""
    seen = 0
    for article in articles:
        html = page_html(project, article)
        expected = [note.id for note in article.notes]
        asides = ASIDE.findall(html)
        admonitions = len(ADMONITION.findall(html))
        if variant == "plugin":
            marked = set(MARK.findall(html))
            count = html.count(ASIDE_OPEN)
            if sorted(asides) != sorted(expected) or count != len(expected):
                missing = sorted(set(expected) - set(asides))[:10]
                raise BenchError(
                    f"plugin build of {article.path}: {count} {ASIDE_OPEN}> for {len(expected)} notes"
                    f" (missing e.g. {missing})"
                )
            if marked != set(expected):
                raise BenchError(f"plugin build of {article.path}: marks for {len(marked)} of {len(expected)} notes")
            seen += len(asides)
        elif variant == "admonitions":
            if admonitions != len(expected) or asides:
                raise BenchError(f"admonition build of {article.path}: {admonitions} admonitions for {len(expected)} notes")
            seen += admonitions
        elif asides or admonitions:
            raise BenchError(f"bare build of {article.path} has notes in it")
    return seen


# ---------------------------------------------------------------------------
# Scenarios
# ---------------------------------------------------------------------------


@dataclass
class Scenario:
    number: int
    label: str
    articles: list[Article]
    projects: dict[str, Path] = field(default_factory=dict)
    results: dict[str, list[Result]] = field(default_factory=dict)
    notes_seen: dict[str, int] = field(default_factory=dict)

    @property
    def notes(self) -> int:
        return sum(len(a.notes) for a in self.articles)

    @property
    def words(self) -> int:
        return sum(a.words for a in self.articles)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def generate(number: int, args: argparse.Namespace) -> Scenario:
    rng = random.Random(f"{args.seed}-{number}")
    writer = Writer(rng)
    if number == 1:
        articles = [
            make_article(writer, f"a/article-{i + 1:03d}.md", args.words, args.notes, i + 1) for i in range(args.articles)
        ]
        label = f"{args.articles} articles of ~{args.words:,} words, {args.notes} notes each"
    else:
        articles = [make_article(writer, "big/article.md", args.big_words, args.big_notes, 1)]
        label = f"1 article of ~{args.big_words:,} words, {args.big_notes:,} notes"
    return Scenario(number, label, articles)


def run_scenario(scenario: Scenario, root: Path, repeat: int) -> None:
    tag = f"scenario {scenario.number}"
    started = time.perf_counter()
    progress(f"[{tag}] generating {scenario.label} ...")
    scenario.projects = write_projects(root / f"scenario-{scenario.number}", scenario.articles)
    progress(f"[{tag}] {scenario.words:,} words, {scenario.notes:,} notes, written in {time.perf_counter() - started:.1f} s")
    scenario.results = {v: [] for v in VARIANTS}
    for r in range(repeat):
        for variant in VARIANTS:
            progress(f"[{tag}] {variant:<11} build {r + 1}/{repeat} ...")
            result = run_build(scenario.projects[variant])
            scenario.notes_seen[variant] = check_output(variant, scenario.projects[variant], scenario.articles)
            scenario.results[variant].append(result)
            progress(f"[{tag}] {variant:<11} build {r + 1}/{repeat}: {result.seconds:.2f} s")
            for warning in result.warnings[:10]:
                progress(f"    warning: {warning}")
            if len(result.warnings) > 10:
                progress(f"    ... and {len(result.warnings) - 10} more warnings")


def median(scenario: Scenario, variant: str) -> float:
    return statistics.median(r.seconds for r in scenario.results[variant])


def report(scenarios: list[Scenario], args: argparse.Namespace, wall: float) -> str:
    import markdown
    import mkdocs

    try:
        from importlib.metadata import version

        material = version("mkdocs-material")
    except Exception:  # pragma: no cover
        material = "?"
    lines = [
        "context-layers build benchmark",
        f"Python {platform.python_version()}, MkDocs {mkdocs.__version__}, Material {material}, "
        f"Markdown {markdown.__version__}; {os.cpu_count()} CPUs; load average now {os.getloadavg()[0]:.2f}",
        f"repeat {args.repeat}, variants interleaved; time = build() only, inside a fresh interpreter; seed {args.seed}",
        "",
    ]
    header = f"{'scenario':<9}{'variant':<13}{'median s':>9}{'min s':>8}{'max s':>8}  {'peak RSS':>9}  {'notes':>6}  {'warn':>4}  runs (s)"
    for scenario in scenarios:
        lines.append(f"Scenario {scenario.number}: {scenario.label} ({scenario.words:,} words, {scenario.notes:,} notes)")
        lines.append(header)
        for variant in VARIANTS:
            results = scenario.results[variant]
            times = [r.seconds for r in results]
            rss = max(r.maxrss_kb for r in results) / 1024
            warnings = max(len(r.warnings) for r in results)
            lines.append(
                f"{scenario.number:<9}{variant:<13}{statistics.median(times):>9.2f}{min(times):>8.2f}{max(times):>8.2f}"
                f"  {rss:>6.0f} MB  {scenario.notes_seen.get(variant, 0):>6}  {warnings:>4}  "
                + " ".join(f"{t:.2f}" for t in times)
            )
        a, b, c = (median(scenario, v) for v in VARIANTS)
        target = TARGETS[scenario.number]
        verdict = "PASS" if b / a <= target else "OVER"
        lines.append(f"{'':<9}plugin / admonitions = {b / a:.3f}   (target <= {target:.2f})  {verdict}")
        lines.append(f"{'':<9}plugin / bare        = {b / c:.3f}   (information)")
        lines.append(f"{'':<9}admonitions / bare   = {a / c:.3f}   (information)")
        lines.append("")
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
    for (filename, line, name), (cc, nc, tt, ct, callers) in stats.stats.items():  # type: ignore[attr-defined]
        if "context_layers" in filename.replace("\\", "/").split("/"):
            short = filename.replace("\\", "/").split("context_layers/")[-1]
            rows.append((ct, tt, nc, f"{short}:{line}({name})"))
    rows.sort(reverse=True)
    lines = [
        f"cProfile of the scenario {scenario.number} plugin build: build() took {result.seconds:.2f} s under the profiler "
        f"(profile in {out})",
        f"top {top} functions in context_layers by cumulative time:",
        f"{'cumtime s':>10}{'tottime s':>10}{'calls':>10}  function",
    ]
    for ct, tt, nc, where in rows[:top]:
        lines.append(f"{ct:>10.3f}{tt:>10.3f}{nc:>10}  {where}")
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, help="scenario 1: number of articles (default 200; quick 20)")
    parser.add_argument("--words", type=int, help="scenario 1: words per article (default 1500)")
    parser.add_argument("--notes", type=int, help="scenario 1: notes per article (default 30)")
    parser.add_argument("--big-words", type=int, help="scenario 2: words in the article (default 100000; quick 10000)")
    parser.add_argument("--big-notes", type=int, help="scenario 2: notes on the article (default 1000; quick 100)")
    parser.add_argument("--repeat", type=int, help="builds per variant; the median is reported (default 3; quick 1)")
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it (default: a temporary folder, removed)")
    parser.add_argument("--quick", action="store_true", help="a fast smoke run: 20 articles, 10,000-word big article, repeat 1")
    parser.add_argument("--scenarios", default="1,2", help="which scenarios to run, e.g. 2 (default 1,2)")
    parser.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED})")
    parser.add_argument("--profile", type=int, nargs="?", const=25, default=0, metavar="TOP",
                        help="after the timed builds, profile one plugin build of each scenario (default top 25)")  # fmt: skip
    args = parser.parse_args(argv)
    defaults = dict(articles=200, words=1500, notes=30, big_words=100_000, big_notes=1000, repeat=3)
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
