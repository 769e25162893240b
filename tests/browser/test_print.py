"""Printing: the text, then the notes as numbered endnotes in reading order, addresses written out.

Before the endnotes (each note printed after its paragraph) the flagship with every layer on
took 27 A4 pages; now 14.
"""

from __future__ import annotations

import re
from io import BytesIO

from pypdf import PdfReader

from .browsing import ARTIFACTS

MAX_PAGES = 15  # the flagship, every layer on, A4

NOTES = """() => [...document.querySelectorAll('.cl-note')].map((note) => {
  const id = note.id.slice(5);
  const marker = document.querySelector(`.cl-ref[href="#note-${id}"]`);
  return {
    id, shown: !note.hidden,
    number: note.querySelector('.cl-num').textContent,
    marker: marker && marker.dataset.clN,
    layer: note.querySelector('.cl-layer').textContent,
    body: note.querySelector('.cl-body').textContent.slice(0, 80),
    url: note.querySelector('.cl-source a')?.getAttribute('href'),
  };
})"""

LAST_WORDS = """() => {  // the end of the article's text as printed: markers show their number
  const copy = [...document.querySelectorAll('.cl-layers ~ p')].pop().cloneNode(true);
  copy.querySelectorAll('.cl-ref').forEach((ref) => { ref.textContent = ref.dataset.clN; });
  return copy.textContent.slice(-60);
}"""


def _flat(text: str) -> str:
    # PDF text comes back with line breaks wherever lines broke; compare without spaces.
    return re.sub(r"\s+", "", text).replace("’", "'").replace("“", '"').replace("”", '"')


def _print(page, name: str) -> tuple[str, int]:
    pdf = page.pdf(format="A4")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)
    reader = PdfReader(BytesIO(pdf))
    return _flat("".join(p.extract_text() for p in reader.pages)), len(reader.pages)


def test_printing_gives_numbered_endnotes_after_the_text(open_page):
    page = open_page()
    page.click('[data-cl-layer-toggle="counter"]')  # a layer that is off stays out of print
    notes = page.evaluate(NOTES)
    last_words = page.evaluate(LAST_WORDS)
    text, _ = _print(page, "article")

    shown = [note for note in notes if note["shown"]]
    assert shown and all(note["marker"] == note["number"] for note in notes), "a marker and its note differ"
    end_of_text = text.index(_flat(last_words))
    assert text.index("Notes", end_of_text) < text.index(_flat(shown[0]["body"])), "no 'Notes' before the endnotes"
    places = []
    for note in shown:
        body = _flat(note["body"])
        assert body in text, f"note {note['number']} is not printed"
        places.append(text.index(body))
        assert places[-1] > end_of_text, f"note {note['number']} is printed before the end of the text"
        assert _flat(f"{note['number']}. {note['layer']}") in text, f"note {note['number']} is not numbered"
        if note["url"]:
            assert _flat(note["url"]) in text, f"the address of a source of note {note['number']} is not written out"
    assert places == sorted(places), "the endnotes are not in reading order"
    for note in notes:
        if not note["shown"]:
            assert _flat(note["body"]) not in text, f"note {note['number']}, of a layer that is off, was printed"
    for control in ("Context notes", "Link to this note", "Editorial standards", "How to read the notes"):
        assert _flat(control) not in text, f"{control!r} was printed"


def test_a_layer_that_is_off_prints_no_underline(open_page):
    page = open_page()
    page.click('[data-cl-layer-toggle="counter"]')
    page.emulate_media(media="print")
    lines = page.evaluate(
        "() => ['counter', 'background'].map((layer) => "
        "getComputedStyle(document.querySelector(`.cl-mark[data-layer=${layer}]`)).textDecorationLine)"
    )
    assert lines == ["none", "underline"]


def test_the_flagship_prints_on_few_pages_with_every_layer_on(open_page):
    page = open_page()
    assert page.locator(".cl-note[hidden]").count() == 0
    text, pages = _print(page, "article-every-layer")
    print("printed pages:", pages)
    assert pages <= MAX_PAGES, f"{pages} A4 pages"
