"""Source addresses with what copying them from a page left behind: found, placed, and cleaned."""

from __future__ import annotations

import pytest

from context_layers.core.urls import url_problems
from test_load import load, messages

AIRWARS = (
    "https://airwars.org/civilian-casualties/page/373/?belligerent=coalition&airwars_grading=fair%E2%88%A8derby%3D"
    "confirmed_fatalities%E2%88%A8der%3Dasc&orderby=alleged_fatalities"
)


@pytest.mark.parametrize(
    ("url", "message", "cleaned"),
    [
        (
            "https://elnashra.com/news/show/1123054/&gt?amp=1",
            "contains '&gt', an HTML entity",
            "https://elnashra.com/news/show/1123054/?amp=1",
        ),
        ("https://example.org/a?x=1&amp;y=2", "contains '&amp;', an HTML entity", "https://example.org/a?x=1&y=2"),
        ("https://example.org/a&quot;", "contains '&quot;'", "https://example.org/a"),
        ("https://example.org/it&#39;s", "contains '&#39;'", "https://example.org/it's"),
        (
            "https://example.org/list?a=1∨derby=date",
            "contains '∨', which a browser makes of `&or`",
            "https://example.org/list?a=1&orderby=date",
        ),
        (AIRWARS, "contains '∨' (written %E2%88%A8)", "fair&orderby%3Dconfirmed_fatalities&order%3Dasc&orderby="),
        ("https://example.org/p?x=1©=2", "which a browser makes of `&copy`", "https://example.org/p?x=1&copy=2"),
        ("https://example.org/a b", "contains a space or a line break", "https://example.org/ab"),
        ("https://example.org/report.", "ends in '.'", "https://example.org/report"),
        ("https://example.org/report,", "ends in ','", "https://example.org/report"),
        ("https://example.org/report)", "ends in ')'", "https://example.org/report"),
        ("https://en.wikipedia.org/wiki/Idlib_(city)).", "ends in ').'", "https://en.wikipedia.org/wiki/Idlib_(city)"),
    ],
)
def test_artefacts_of_copying_are_errors_with_the_cleaned_address(url, message, cleaned):
    problem = url_problems(url)[0]
    assert problem.error and message in problem.message
    assert cleaned in problem.hint


@pytest.mark.parametrize(
    ("url", "message", "cleaned"),
    [
        (
            "https://www.example.org/news/a/?utm_source=substack&utm_medium=email",
            "tracking parameters (utm_source, utm_medium)",
            "remove them: https://www.example.org/news/a/",
        ),
        (
            "https://example.org/a?id=3&icid=rss&page=2",
            "tracking parameters (icid)",
            "remove them: https://example.org/a?id=3&page=2",
        ),
        ("https://example.org/a?fbclid=x#part", "(fbclid)", "remove them: https://example.org/a#part"),
        ("https://example.org/a?gclid=1&cid=cna_flip", "(gclid, cid)", "remove them: https://example.org/a"),
        (
            "https://commons.wikimedia.org./wiki/File:X.webm",
            "the host 'commons.wikimedia.org.' ends in a dot",
            "https://commons.wikimedia.org/wiki/File:X.webm",
        ),
    ],
)
def test_tracking_and_a_dotted_host_are_warnings(url, message, cleaned):
    (problem,) = url_problems(url)
    assert not problem.error and message in problem.message and cleaned in problem.hint


@pytest.mark.parametrize(
    "url",
    [
        "https://en.wikipedia.org/wiki/Idlib_(city)",
        "https://example.org/search?gt=5&lt=9&order=asc",  # parameters that share an entity's name
        "https://example.org/a?copy=1&amp=2",
        "https://example.org/a?id=3&page=2#section",
        "https://example.org/file.pdf",
        "https://example.org/caf%C3%A9",
    ],
)
def test_ordinary_addresses_pass(url):
    assert url_problems(url) == []


def test_problems_point_at_the_character_in_the_file(tmp_path):
    sources = (
        "sources:\n"
        "  a:\n"
        "    title: A\n"
        '    url: "https://elnashra.com/news/show/1123054/&gt?amp=1"\n'
        "    publisher: P\n    date: '2022'\n"
        "  b:\n"
        "    title: B\n"
        "    url: https://example.org/b?utm_source=feed\n"
        "    publisher: P\n    date: '2022'\n"
    )
    note = (
        "page: index.md\nnotes:\n  - id: n\n    layer: counter\n    quote: x\n    title: T\n    sources:\n"
        "      - ref: a\n      - ref: b\n      - {title: C, url: 'https://example.org/c).', archive_url: 'https://example.org/d',"
        " publisher: P, date: '2022'}\n"
    )
    catalog = load(tmp_path, {"sources.yml": sources, "a.yml": note})
    assert messages(catalog) == [
        "annotations/a.yml:10:47: error: the address ends in ').', most likely the punctuation after the link in the "
        "text it was copied from",
        "annotations/sources.yml:4:50: error: the address contains '&gt', an HTML entity left by copying it from a "
        "page",
        "annotations/sources.yml:9:32: warning: the address carries tracking parameters (utm_source), which say "
        "nothing about the document",
    ]
    line4 = sources.splitlines()[3]
    assert line4[50 - 1 :].startswith("&gt")  # the column is the artefact's own
    assert note.splitlines()[9][47 - 1 :].startswith(").")
    assert sources.splitlines()[8][32 - 1 :].startswith("utm_source")
    assert catalog.for_page("index.md") == []  # an inline source that is not the document stops its note
