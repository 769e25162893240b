"""A site in another language: the reader's chrome follows `theme.language`, and `strings:` overrides it."""

from __future__ import annotations

import html
import re
import textwrap
from pathlib import Path

import pytest

from context_layers.core.strings import EN, catalogue
from helpers import Project

PAGE = """\
---
original:
  date: 2022-02-01
---
# Un article

La commune a ouvert une bibliothèque en 2021, selon le maire.

- Elle compte dix mille livres.
"""

NOTES = """\
page: index.md
notes:
  - id: ouverture
    layer: counter
    quote: "ouvert une bibliothèque en 2021"
    title: La date d'ouverture
    verdict: misleading
    updated: 2022-02-04
    body: Les archives municipales donnent une autre date.
    sources:
      - {title: Compte rendu du conseil, url: "https://example.org/cr", publisher: Mairie, date: 2022-02-03,
         via: Miroir, archive_url: "https://web.archive.org/web/2022/https://example.org/cr", stance: contradicts}
      - {title: Annuaire, url: "https://example.org/a", publisher: Préfecture, date: 2020-05}
  - id: livres
    layer: background
    quote: "dix mille livres"
    title: Le fonds
    body: Un fonds moyen pour une commune de cette taille.
"""


def project(tmp_path: Path, language: str, extra: str = "") -> Project:
    site = Project(tmp_path)
    config = textwrap.dedent(f"""\
        site_name: Site
        theme:
          name: material
          language: {language}
          font: false
        markdown_extensions: [attr_list]
        plugins:
          - context-layers:
              claims_index: verdicts.md
              bibliography: sources.md
              layers:
                background: {{title: Contexte}}
                counter: {{title: Contre-sources, requires_sources: true}}
        """)
    site.write("mkdocs.yml", config + textwrap.indent(extra, "      "))
    site.write("docs/index.md", PAGE)
    site.write("docs/about/how-to-read.md", "# Lire\n\n- Trompeur {: #verdict-misleading }\n")
    site.write("annotations/index.yml", NOTES)
    return site


def chrome(article: str) -> str:
    """What the reader's interface says on a page: the text and attributes, less the notes' own words."""
    for words in ("Un article", "La commune a ouvert", "Elle compte", "La date d'ouverture", "Le fonds", "Compte rendu",
                  "Annuaire", "Les archives", "Un fonds moyen", "Mairie", "Miroir", "Préfecture"):  # fmt: skip
        article = article.replace(words, "")
    return html.unescape(article)


def test_a_french_site_shows_no_english_in_the_reader_s_chrome(tmp_path):
    site = project(tmp_path, "fr")
    site.built()
    text = chrome(site.article())
    french = catalogue("fr")
    english = [EN[key] for key in EN if french[key] != EN[key] and not key.startswith(("date_", "propose_"))]
    found = [words for words in english if re.search(rf"(?<![\w-]){re.escape(words)}(?![\w-])", text)]
    assert not found, f"English on a French page: {found}"
    for words in ("Notes de contexte", "Retour au passage", "Lien vers cette note", "Trompeur",
                  "Contredit l’affirmation", "Autres sources", "copie archivée", "publié après l’article",
                  'via <span class="cl-via"></span> (copie)', "Mise à jour :", "Comment lire ces notes",
                  'aria-label="Note 1"', "Afficher toute la note 2", "Fermer la note 1",
                  '"link_copied":"Lien copié"', 'data-cl-print="Notes"'):  # fmt: skip
        assert words in text, words
    assert '<time datetime="2022-02-04">4 février 2022</time>' in text
    assert '<time datetime="2022-02-03">3 février 2022</time>' in text
    assert '<time datetime="2020-05">mai 2020</time>' in text


def test_the_generated_pages_follow_the_language(tmp_path):
    site = project(tmp_path, "fr")
    site.built()
    claims = site.article("verdicts.md")
    assert "<h1" in claims and "Affirmations vérifiées" in claims
    assert 'id="misleading"' in claims and ">Trompeur<" in claims
    assert "Afficher les affirmations par verdict" in html.unescape(claims)
    sources = site.article("sources.md")
    assert "Sources" in sources and "Citée dans :" in sources and "3 février 2022" in sources


def test_strings_override_the_language_s(tmp_path):
    site = project(tmp_path, "fr", "strings:\n  note_link: Adresse de cette note\n  bar_label: Notes\n")
    site.built()
    text = chrome(site.article())
    assert "Adresse de cette note" in text and "Lien vers cette note" not in text
    assert '<span class="cl-layers-label" id="cl-layers-label">Notes</span>' in text
    assert "Retour au passage" in text


def test_an_unknown_string_fails_the_build_and_names_the_nearest_key(tmp_path):
    site = project(tmp_path, "fr", "strings:\n  note_lnik: Adresse\n")
    result = site.build()
    assert result.returncode != 0
    assert "unknown string 'note_lnik'; did you mean 'note_link'?" in result.stderr


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_english_and_unknown_languages_read_as_before(tmp_path, language):
    site = project(tmp_path, language)
    site.built()
    text = chrome(site.article())
    assert "Back to the passage" in text and "Misleading" in text
    assert '<time datetime="2022-02-04">2022-02-04</time>' in text
