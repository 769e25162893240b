"""Property tests: whatever the input, the result is notes or diagnostics, never an exception."""

from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path

import markdown
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from context_layers.core.diagnostics import ContextLayersError
from context_layers.core.load import load_catalog
from context_layers.core.options import parse_layers
from context_layers.core.textmap import normalise

LAYERS = parse_layers(None)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Values a contributor might plausibly (or implausibly) write.
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(
        ["index.md", "background", "counter", "disputed", "https://example.org", "javascript:x", "2022-02-04"]
    ),
)
keys = st.sampled_from(
    [
        "page",
        "notes",
        "id",
        "layer",
        "quote",
        "prefix",
        "suffix",
        "title",
        "verdict",
        "body",
        "sources",
        "ref",
        "url",
        "updated",
        "boddy",
        "x",
    ]
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=6)),
    max_leaves=25,
)


def _load(text: str):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "annotations").mkdir()
        (root / "annotations" / "notes.yml").write_text(text, encoding="utf-8")
        return load_catalog(root / "annotations", LAYERS, root=root, pages=["index.md"])


@FAST
@given(st.text(max_size=300))
def test_any_text_loads_or_reports(text):
    catalog = _load(text)
    for diagnostic in catalog.diagnostics:
        assert diagnostic.file == "annotations/notes.yml"
        assert diagnostic.line >= 1 and diagnostic.col >= 1 and diagnostic.message


@FAST
@given(st.dictionaries(keys, values, max_size=5))
def test_any_structure_loads_or_reports(data):
    catalog = _load(yaml.safe_dump(data, allow_unicode=True))
    if not catalog.notes:
        return
    for notes in catalog.notes.values():
        for loaded in notes:
            assert loaded.note.layer in {"background", "counter", "disputed"}


WORDS = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "the",
    "council’s",
    "AT&T",
    '"quoted"',
    "it's",
    "--",
    "a",
    "b",
]
WRAPPERS = ["{}", "*{}*", "**{}**", "`{}`", "[{}](https://example.org)", "<b>{}</b>", "{}"]


@st.composite
def paragraph_and_quote(draw):
    # A plain first word keeps the paragraph a paragraph (not a rule, list or heading).
    words = ["Start", *draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=30))]
    pieces = []
    for word in words:
        wrapper = draw(st.sampled_from(WRAPPERS))
        if wrapper == "`{}`" and "`" in word:
            wrapper = "{}"
        pieces.append(wrapper.format(word.replace("&", "&amp;") if wrapper == "<b>{}</b>" else word))
    start = draw(st.integers(0, len(words) - 1))
    end = draw(st.integers(start + 1, len(words)))
    return " ".join(pieces), " ".join(words[start:end])


def _marked_text(output: str, note_id: str) -> str:
    """The visible text inside the marks of one note, in document order."""
    found = []
    mark = r'<mark class="cl-mark"(?: data-cl-color="\d")? data-layer="\w+" data-note="([\w-]+)"(?: id="cl-m-[\w-]+")?>'
    for match in re.finditer(mark, output):
        depth, i, text = 1, match.end(), []
        while depth:
            tag = re.compile(r"<(/?)(\w+)[^>]*>").search(output, i)
            text.append(output[i : tag.start()])
            depth += (-1 if tag.group(1) else 1) if tag.group(2) == "mark" else 0
            i = tag.end()
        if match.group(1) == note_id:
            found.append("".join(text))
    return html.unescape("".join(re.sub(r"<[^>]+>", "", t) for t in found))


@FAST
@given(paragraph_and_quote(), st.booleans())
def test_any_quote_from_the_text_is_marked_exactly_or_reported(case, smarty):
    paragraph, quote = case
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "index.md").write_text(paragraph, encoding="utf-8")
        notes = {"page": "index.md", "notes": [{"id": "n", "layer": "background", "quote": quote, "title": "T"}]}
        (root / "notes.yml").write_text(yaml.safe_dump(notes, allow_unicode=True), encoding="utf-8")
        config = {"root": folder, "annotations": ".", "docs_dir": ".", "page": "index.md"}
        try:
            output = markdown.markdown(
                paragraph,
                extensions=(["smarty"] if smarty else []) + ["context_layers"],
                extension_configs={"context_layers": config},
            )
        except ContextLayersError as error:
            # The only acceptable failure for a quote taken from the text: it occurs more than once.
            assert "occurs" in str(error) and "times" in str(error), str(error)
            return
    assert 'id="note-n"' in output
    assert normalise(_marked_text(output, "n")).strip() == normalise(quote).strip()


def test_the_quick_look_ahead_never_skips_a_character_a_replacement_starts_with():
    """Normalisation looks ahead for a replacement's first character before trying each one: every
    character of the Basic Multilingual Plane that starts a replacement is among those looked for."""
    from context_layers.core.textmap import _CHOICES, _STARTS

    choices, starts = re.compile(_CHOICES), re.compile(f"[{_STARTS}]")
    for point in range(0x10000):
        if 0xD800 <= point <= 0xDFFF:
            continue
        c = chr(point)
        if choices.match(c * 3) or choices.match(c + "\u064b"):
            assert starts.match(c), f"U+{point:04X} starts a replacement but is not looked ahead for"


@FAST
@given(
    st.text(
        alphabet=st.sampled_from(list(" \n\t\u00a0-\u2014\u2019\u201c.\u2026\u200bab\u0645\u064f\u0640")), max_size=60
    )
)
def test_normalising_with_the_look_ahead_gives_what_the_choices_alone_give(text):
    from context_layers.core.textmap import _CHOICES, _replacement

    assert normalise(text) == re.sub(_CHOICES, _replacement, text)
