"""Text generation for the build benchmark: deterministic articles and the notes on them.

Articles are paragraphs of a synthetic vocabulary with Zipf-like frequencies, a numbered
token per paragraph, some emphasis, strong text and links, and a heading every few
paragraphs. Each note quotes 5-12 consecutive words that occur once on the page.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from common import BenchError
from context_layers.core.model import VERDICTS  # the same labels the plugin shows

LAYERS = {  # key: (title, admonition type, share of notes)
    "background": ("Background", "note", 0.5),
    "counter": ("Counter-sources", "info", 0.25),
    "disputed": ("Disputed claims", "warning", 0.25),
}
PUBLISHERS = [
    "Example News",
    "Daily Record",
    "Wire Service",
    "Public Broadcaster",
    "Court Records",
    "Research Institute",
]
FUNCTION_WORDS = (
    "the of and to in a is that for it as was with on by at from his her which said this an were be are had has "
    "not but they their or after before over under during about against between into through also been would "
    "could more than when where while who whom its our we them those these there some other such only"
).split()

ONSETS = "b c d f g h j k l m n p r s t v w z br cr dr fl gr pl pr st tr sh ch th sk sl sp".split()
VOWELS = "a e i o u ai ea ou io ee".split()
CODAS = ["", "", "n", "r", "s", "l", "m", "t", "nd", "st", "rk", "ng"]
# Stances for a verdict's citations, in turn, that keep to the verdict rules as real notes do.
STANCES_FOR = {
    "accurate": ("supports", "context"), "false": ("contradicts", "context"), "misleading": ("contradicts", "supports"),
    "lacks-context": ("context", "supports"), "unsupported": ("context", "contradicts"),
    "disputed": ("supports", "contradicts"), "opinion": ("context",),
}  # fmt: skip


def make_vocabulary(rng: random.Random, size: int = 8000) -> tuple[list[str], list[float]]:
    """Function words plus `size` synthetic words, with Zipf-like cumulative weights."""
    words: list[str] = list(FUNCTION_WORDS)
    seen = set(words)
    while len(words) < len(FUNCTION_WORDS) + size:
        word = "".join(
            rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(rng.choice((1, 2, 2, 3)))
        )
        if len(word) > 2 and word not in seen:
            seen.add(word)
            words.append(word)
    cumulative, total = [], 0.0
    for rank in range(len(words)):
        total += 1.0 / (rank + 8)
        cumulative.append(total)
    return words, cumulative


@dataclass(slots=True)
class Token:
    markdown: str  # how the token is written in the Markdown source
    visible: str  # what a reader sees


@dataclass
class Paragraph:
    tokens: list[Token]
    notes: list[NoteSpec] = field(default_factory=list)

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
        self.content = self.words[len(FUNCTION_WORDS) :]

    def word(self) -> str:
        return self.rng.choices(self.words, cum_weights=self.cumulative)[0]

    def some_words(self, n: int) -> list[str]:
        """`n` words drawn at once: the same words as `n` calls of word(), faster."""
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=n)

    def phrase(self, n: int, capital: bool = False) -> str:
        words = self.some_words(n)
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
            words = self.some_words(rng.randint(8, 22))
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
        words = self.some_words(rng.randint(40, 80))
        words[0] = words[0].capitalize()
        e = rng.randrange(1, len(words) - 6)
        words[e] = f"*{words[e]}*"
        link = rng.randrange(e + 2, len(words) - 3)
        words[link] = f"[{words[link]} {words[link + 1]}](https://example.org/x/{number})"
        del words[link + 1]
        for i in range(8, len(words) - 1, rng.randint(9, 16)):
            words[i] += "."
            words[i + 1] = words[i + 1].capitalize() if not words[i + 1].startswith(("*", "[")) else words[i + 1]
        return " ".join(words) + "."

    def light_body(self, number: str) -> str:
        """A light note: one short paragraph of about 40 words with one link, no emphasis."""
        rng = self.rng
        words = self.some_words(rng.randint(34, 46))
        words[0] = words[0].capitalize()
        link = rng.randrange(3, len(words) - 3)
        words[link] = f"[{words[link]} {words[link + 1]}](https://example.org/x/{number})"
        del words[link + 1]
        for i in range(8, len(words) - 1, rng.randint(9, 16)):
            words[i] += "."
            words[i + 1] = words[i + 1].capitalize() if not words[i + 1].startswith("[") else words[i + 1]
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


def write_blocks(writer: Writer, article: Article, words: int, number: int) -> list[Paragraph]:
    """Fill `article` with paragraphs (and a heading every 4-7 of them) up to `words` words."""
    rng = writer.rng
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
    return paragraphs


def place_quote(
    rng: random.Random, paragraphs: list[Paragraph], p: int, taken: dict[int, list[tuple[int, int]]], page_text: str
) -> tuple[int, int, int, str] | None:
    """A quote of 5-12 words that occurs once on the page, in paragraph `p` or a neighbour, apart from the
    quotes already taken: (paragraph, start, end, quote), or None."""
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
        return p, start, end, quote
    return None


def rich_note(writer: Writer, ident: str, serial: str, quote: str, start: int) -> NoteSpec:
    """A note as a careful editor writes it: a layer, a title, a 40-80 word body, sources, sometimes a verdict."""
    rng = writer.rng
    layer_keys, layer_weights = zip(*((k, v[2]) for k, v in LAYERS.items()), strict=True)
    layer = rng.choices(layer_keys, weights=layer_weights)[0]
    verdict = None
    if layer == "disputed" or rng.random() < 0.2:
        verdict = rng.choice(list(VERDICTS))
    title, body, sources = writer.title(), writer.note_body(serial), writer.sources(layer, serial)
    if verdict and verdict != "opinion" and not sources:
        verdict = "opinion"  # a verdict on evidence needs a source (the verdict rules)
    for s, source in enumerate(sources if verdict else []):
        pattern = STANCES_FOR[verdict]
        source["stance"] = pattern[s % len(pattern)]
    return NoteSpec(
        id=ident, layer=layer, quote=quote, start=start, title=title, verdict=verdict, body=body, sources=sources,
    )  # fmt: skip


def light_note(writer: Writer, ident: str, serial: str, quote: str, start: int) -> NoteSpec:
    """A light note: background (the layer that needs no sources), no title, no verdict, a short body."""
    body = writer.light_body(serial)
    return NoteSpec(
        id=ident, layer="background", quote=quote, start=start, title="", verdict=None, body=body, sources=[]
    )


def make_article(writer: Writer, path: str, words: int, notes: int, number: int, light: bool = False) -> Article:
    rng = writer.rng
    article = Article(path=path, title=writer.title(), blocks=[])
    paragraphs = write_blocks(writer, article, words, number)
    page_text = "\n".join([article.title] + [b[1] if isinstance(b, tuple) else b.visible for b in article.blocks])
    taken: dict[int, list[tuple[int, int]]] = {}
    for n in range(notes):
        # Spread notes evenly over the paragraphs, with some jitter.
        p = min(int((n + rng.random()) * len(paragraphs) / notes), len(paragraphs) - 1)
        placed = place_quote(rng, paragraphs, p, taken, page_text)
        if placed is None:
            raise BenchError(f"could not place note {n} on {path}: generator bug")
        p, start, end, quote = placed
        taken.setdefault(p, []).append((start, end - 1))
        make_note = light_note if light else rich_note
        note = make_note(writer, f"n-{n + 1:03d}", f"{number}-{n + 1}", quote, start)
        paragraphs[p].notes.append(note)
        article.notes.append(note)
    for paragraph in paragraphs:
        paragraph.notes.sort(key=lambda note: note.start)
    return article


@dataclass
class Page:
    """What is left of an article once its projects are written: enough to check the built page."""

    path: str
    note_ids: list[str]

    @classmethod
    def of(cls, article: Article) -> Page:
        return cls(article.path, [note.id for note in article.notes])
