"""Printing: the text, each note a numbered footnote after its paragraph, addresses written out."""

from __future__ import annotations

import re
from io import BytesIO

from pypdf import PdfReader

from .browsing import ARTIFACTS

SAMPLE = """(id) => {
  const printed = (el) => {  // text as printed: markers show their number
    const copy = el.cloneNode(true);
    copy.querySelectorAll('.cl-ref').forEach((ref) => { ref.textContent = ref.dataset.clN; });
    return copy.textContent;
  };
  const note = document.getElementById('note-' + id);
  const marks = document.querySelectorAll(`.cl-mark[data-note="${id}"]`);
  const holder = marks[0].closest('p, li, h1, h2, h3');
  let next = note.nextElementSibling;
  while (next && next.matches('.cl-note')) next = next.nextElementSibling;
  return {
    number: note.querySelector('.cl-num').textContent,
    layer: note.querySelector('.cl-layer').textContent,
    body: note.querySelector('.cl-body').textContent.slice(0, 80),
    url: note.querySelector('.cl-source a').getAttribute('href'),
    before: printed(holder).slice(-50),
    after: printed(next).slice(0, 50),
  };
}"""


def _flat(text: str) -> str:
    # PDF text comes back with line breaks wherever lines broke; compare without spaces.
    return re.sub(r"\s+", "", text).replace("’", "'").replace("“", '"').replace("”", '"')


def test_printing_gives_footnotes_after_their_paragraphs(open_page):
    page = open_page()
    page.click('[data-cl-layer-toggle="counter"]')  # a layer that is off stays out of print
    disputed = page.evaluate(SAMPLE, "human-shields")
    background = page.evaluate(SAMPLE, "raid-atmeh")
    counter = page.evaluate(SAMPLE, "body-removal")
    pdf = page.pdf(format="A4")
    (ARTIFACTS / "article.pdf").parent.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "article.pdf").write_bytes(pdf)
    text = _flat("".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages))

    for note in (disputed, background):
        body = _flat(note["body"])
        assert body in text, f"note {note['number']} is not printed"
        here = text.index(body)
        before, after = text.rfind(_flat(note["before"]), 0, here), text.find(_flat(note["after"]), here)
        assert 0 <= before and here < after, f"note {note['number']} is not printed right after its paragraph"
        assert _flat(f"{note['number']}. {note['layer']}") in text, f"note {note['number']} is not numbered"
        assert _flat(note["url"]) in text, f"the address of a source of note {note['number']} is not written out"
    assert _flat(counter["body"]) not in text, "a note of a layer that is off was printed"
    for control in ("Context notes", "Link to this note", "Editorial standards", "How to read the notes"):
        assert _flat(control) not in text, f"{control!r} was printed"
