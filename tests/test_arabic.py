"""Arabic text: a quote matches the words a reader sees, with or without vowel marks (tashkeel)
and tatweel, and the mark covers exactly those words in the page, marks included."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from context_layers.core.textmap import normalise

PAGE = "مقال.md"


def marked(tmp_path: Path, text: str, quote: str) -> list[str]:
    """The text of every mark of a note on `quote` in a page of `text`."""
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "docs" / PAGE).write_text(text, encoding="utf-8")
    (tmp_path / "annotations").mkdir(exist_ok=True)
    (tmp_path / "annotations/notes.yml").write_text(
        f'page: {PAGE}\nnotes:\n  - id: one\n    layer: background\n    quote: "{quote}"\n    body: ملاحظة.\n',
        encoding="utf-8",
    )
    config = {"root": str(tmp_path), "page": PAGE, "how_to_read": "", "language": "ar"}
    html = markdown.markdown(text, extensions=["context_layers"], extension_configs={"context_layers": config})
    return re.findall(r'<mark class="cl-mark"[^>]*>(.*?)</mark>', html)


CASES = [
    # The page has vowel marks, the quote has none: the mark keeps every mark of its last letter.
    ("ذَهَبَ الطُّلّابُ إلى المكتبةِ صباحًا لقراءة الكتب الجديدة.", "الطلاب إلى المكتبة", "الطُّلّابُ إلى المكتبةِ"),
    # The quote has vowel marks, the page has none.
    ("افتتحت البلدية الحديقة العامة في وسط المدينة.", "الحَدِيقَةُ العَامَّةُ", "الحديقة العامة"),
    # Tatweel stretches a word in the page, not in the quote; and the other way round.
    ("افتتحت البلدية حديقـــة عامة جديدة في وسط المدينة.", "حديقة عامة", "حديقـــة عامة"),
    ("يبدأ العام الدراسي في شهر أيلول من كل سنة.", "العـام الدراسـي", "العام الدراسي"),
    # Marks on both sides, but not the same ones: a reader sees the same words.
    ("يَسْكُنُ في القريةِ نحو ألفِ نسمةٍ.", "القريةُ نحوَ ألف", "القريةِ نحو ألفِ"),
    # A quote that starts right after a word with marks, and one inside Latin text.
    ("قال المُعلِّمُ إنّ الامتحان سيكون يوم الخميس.", "الامتحان سيكون", "الامتحان سيكون"),
    ("The word مَدْرَسَة means school.", "مدرسة means", "مَدْرَسَة means"),
]


@pytest.mark.parametrize(("text", "quote", "expected"), CASES)
def test_a_quote_marks_the_same_words_with_or_without_tashkeel_and_tatweel(tmp_path, text, quote, expected):
    assert marked(tmp_path, text, quote) == [expected]


def test_a_quote_across_emphasis_keeps_each_letter_with_its_marks(tmp_path):
    marks = marked(tmp_path, "زار الوفدُ **المتحفَ الوطنيَّ** أمس.", "الوفد المتحف الوطني")
    assert marks == ["الوفدُ ", "المتحفَ الوطنيَّ"]


def test_normalising_keeps_arabic_letters_hamza_and_madda():
    assert normalise("مَسْؤُولٌ عَنْ آثار") == "مسؤول عن آثار"
    assert normalise("كـــتـاب") == "كتاب"
    assert normalise("إِنَّ") == "إن"
    # Hamza and madda are parts of letters, not optional marks.
    assert normalise("سأل") != normalise("سال")
    assert normalise("آمن") != normalise("امن")
