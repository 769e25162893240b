"""The reader's strings: one catalogue per language, every key in each, overrides checked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import markdown
import pytest

from context_layers import ContextLayersError
from context_layers.core.model import STANCES, VERDICTS
from context_layers.core.strings import (
    EN,
    LANGUAGES,
    allowed_placeholders,
    base_language,
    catalogue,
    placeholders,
    reader_strings,
    unknown_keys,
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalogue_has_every_key_and_no_other(language):
    strings = catalogue(language)
    assert sorted(set(EN) - set(strings)) == [], f"{language} lacks these strings"
    assert sorted(set(strings) - set(EN)) == [], f"{language} has strings English lacks"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_keeps_the_english_placeholders_and_says_something(language):
    for key, text in catalogue(language).items():
        assert isinstance(text, str) and text.strip(), f"{language}: {key} is empty"
        assert placeholders(text) <= allowed_placeholders(key), f"{language}: {key} has other placeholders"
        if not key.startswith("date_"):
            assert placeholders(text) == placeholders(EN[key]), f"{language}: {key} leaves out a placeholder"


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_every_language_is_translated_beyond_words_that_are_the_same(language):
    same = {key for key, text in catalogue(language).items() if text == EN[key]}
    # Words that several languages share with English ("Notes", "Sources", "Opinion", "Verdict")
    assert len(same) <= len(EN) // 6, f"{language}: untranslated? {sorted(same)}"


def test_verdict_and_stance_keys_stay_english():
    assert {key for key in EN if key.startswith("verdict_")} == {f"verdict_{key}" for key in VERDICTS}
    assert {key for key in EN if key.startswith("stance_")} == {f"stance_{key}" for key in [*STANCES, "other"]}


@pytest.mark.parametrize(
    ("code", "language"),
    [("fr", "fr"), ("fr-CA", "fr"), ("fr_CA", "fr"), ("pt_BR", "en"), ("de-AT", "de"), ("ES", "es"), ("ar", "ar"),
     ("zh-Hans", "en"), ("", "en"), (None, "en")],
)  # fmt: skip
def test_a_region_falls_back_to_its_language_and_other_languages_to_english(code, language):
    assert base_language(code) == language


@pytest.mark.parametrize(
    ("language", "day", "month"),
    [
        ("en", "2022-02-04", "2022-02"),
        ("fr", "4 février 2022", "février 2022"),
        ("de", "4. Februar 2022", "Februar 2022"),
        ("es", "4 de febrero de 2022", "febrero de 2022"),
        ("ar", "4 فبراير 2022", "فبراير 2022"),
    ],
)
def test_dates_read_as_the_language_writes_them(language, day, month):
    strings = reader_strings(language)
    assert strings.date(dt.date(2022, 2, 4)) == day
    assert strings.date("2022-02") == month
    assert strings.date("2022") == "2022"
    assert strings.date(None) == ""


def test_overrides_replace_strings_and_unknown_keys_are_named_with_a_suggestion():
    strings = reader_strings("fr", {"note_link": "Adresse de la note"})
    assert strings["note_link"] == "Adresse de la note"
    assert strings["note_back"] == "Retour au passage"
    assert strings.text("note_marker", n=2) == "Note 2"
    assert unknown_keys({"note_lnk": "x"}) == ["unknown string 'note_lnk'; did you mean 'note_link'?"]
    assert "known keys start with" in unknown_keys({"zzzzzz": "x"})[0]
    assert unknown_keys({"note_marker": "N° {number}"}) == [
        "string 'note_marker' uses unknown placeholder(s) ['number'] (allowed: {n})"
    ]
    assert unknown_keys({"note_close": 3}) == ["string 'note_close' must be text, not int"]
    assert unknown_keys({"note_close": "Schließen"}) == []


def test_right_to_left_follows_the_language_code():
    assert reader_strings("ar").right_to_left
    assert reader_strings("ar-SY").language == "ar"
    assert not reader_strings("fr").right_to_left


NOTES = """\
page: article.md
notes:
  - id: one
    layer: counter
    quote: "the passage"
    verdict: misleading
    updated: 2022-02-04
    sources:
      - {title: A report, url: "https://example.org/r", publisher: Example, date: 2022-02-03,
         archive_url: "https://web.archive.org/web/2022/https://example.org/r", via: Mirror, stance: contradicts}
      - {title: Another, url: "https://example.org/s"}
"""


def convert(tmp_path: Path, **options) -> str:
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "docs/article.md").write_text("Here is the passage in a page.\n")
    (tmp_path / "annotations").mkdir(exist_ok=True)
    (tmp_path / "annotations/article.yml").write_text(NOTES)
    config = {"root": str(tmp_path), "page": "article.md", "how_to_read": "", **options}
    return markdown.markdown(
        "Here is the passage in a page.", extensions=["context_layers"], extension_configs={"context_layers": config}
    )


def test_the_bare_extension_speaks_the_language_it_is_given(tmp_path):
    html = convert(tmp_path, language="de", strings={"bar_label": "Hinweise"})
    for text in ("Hinweise", "Zurück zur Textstelle", "Link zu dieser Anmerkung", "Irreführend",
                 "Widerspricht der Aussage", "Weitere Quellen", "archivierte Kopie", "über", "(Kopie)",
                 'aria-label="Anmerkung 1"', 'aria-label="Anmerkung 1 ganz anzeigen"', "Schließen",
                 '<time datetime="2022-02-04">4. Februar 2022</time>', "Aktualisiert am"):  # fmt: skip
        assert text in html, text
    assert "Link copied" not in html and "Link kopiert" in html
    assert 'data-cl-print="Anmerkungen"' in html


def test_the_bare_extension_refuses_an_unknown_string(tmp_path):
    with pytest.raises(ContextLayersError, match="unknown string 'bar_lable'; did you mean 'bar_label'"):
        convert(tmp_path, strings={"bar_lable": "x"})
