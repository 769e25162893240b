"""Open data: Web Annotation collections, ClaimReview, the claims index and the feed of changes."""

from __future__ import annotations

import copy
import json
import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import jsonschema
import pytest
from mkdocs.config import load_config
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4
from selectolax.lexbor import LexborHTMLParser

from context_layers.core.load import load_catalog
from context_layers.core.model import VERDICTS
from context_layers.core.options import parse_layers
from context_layers.tools.cli import main
from helpers import REPO, copy_project, mkdocs_build, page_html

# A JSON Schema written from the normative statements of the Web Annotation Data Model,
# W3C Recommendation 23 February 2017 (https://www.w3.org/TR/annotation-model/).
SELECTOR = {
    "type": "object",
    "required": ["type"],
    "oneOf": [
        {  # §4.2.4 Text Quote Selector: `type` MUST be "TextQuoteSelector"; exactly one `exact` (MUST);
            # `prefix` and `suffix` SHOULD be given, each at most once.
            "properties": {
                "type": {"const": "TextQuoteSelector"},
                "exact": {"type": "string", "minLength": 1},
                "prefix": {"type": "string"},
                "suffix": {"type": "string"},
            },
            "required": ["exact"],
        },
        {  # §4.2.5 Text Position Selector: exactly one `start` and one `end` (MUST), non-negative integers.
            "properties": {
                "type": {"const": "TextPositionSelector"},
                "start": {"type": "integer", "minimum": 0},
                "end": {"type": "integer", "minimum": 0},
            },
            "required": ["start", "end"],
        },
    ],
}
BODY = {
    "type": "object",
    "required": ["type"],
    "oneOf": [
        {  # §3.2.4 Embedded Textual Body: `type` SHOULD be "TextualBody"; exactly one `value` (MUST);
            # `format` and `purpose` MAY be given, at most once each.
            "properties": {
                "type": {"const": "TextualBody"},
                "value": {"type": "string"},
                "format": {"type": "string", "pattern": "^[a-z]+/[a-z0-9.+-]+$"},
                "purpose": {"$ref": "#/$defs/motivation"},
            },
            "required": ["value"],
        },
        {  # §4.1 Specific Resources: exactly one `source` (MUST), an IRI or a resource with an `id`.
            "properties": {
                "type": {"const": "SpecificResource"},
                "source": {"anyOf": [{"type": "string"}, {"type": "object", "required": ["id"]}]},
                "purpose": {"$ref": "#/$defs/motivation"},
            },
            "required": ["source"],
        },
    ],
}
ANNOTATION = {
    "type": "object",
    # §3.1: an Annotation MUST have exactly one `id` (an IRI), a `type` of "Annotation",
    # and 1 or more `target`s; it SHOULD have bodies (0 or more).
    "required": ["id", "type", "target"],
    "properties": {
        "id": {"type": "string", "minLength": 1},
        "type": {"const": "Annotation"},
        "motivation": {"$ref": "#/$defs/motivation"},  # §3.3.5: SHOULD be one of the listed instances
        "body": {"type": "array", "items": BODY},
        "target": {  # §3.2.1/§4: a target with a `source` (MUST) and its `selector`s
            "type": "object",
            "required": ["source"],
            "properties": {
                "source": {"type": "string"},
                "selector": {"type": "array", "minItems": 1, "items": SELECTOR},
            },
        },
        "modified": {"type": "string", "format": "date-time"},  # §3.3.1: xsd:dateTime, UTC, exactly once
    },
}
COLLECTION = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$defs": {
        "motivation": {
            "enum": [  # §3.3.5 Motivation and Purpose: the 13 defined instances
                "assessing",
                "bookmarking",
                "classifying",
                "commenting",
                "describing",
                "editing",
                "highlighting",
                "identifying",
                "linking",
                "moderating",
                "questioning",
                "replying",
                "tagging",
            ]
        }
    },
    "type": "object",
    # §3.1 and §5.1: the Collection MUST have 1 or more @context values and the Web Annotation
    # context MUST be one of them; it MUST have an `id` and a `type` including "AnnotationCollection";
    # `total` SHOULD be given (a non-negative integer); `first` names the first AnnotationPage.
    "required": ["@context", "id", "type", "first"],
    "properties": {
        "@context": {
            "anyOf": [
                {"const": "http://www.w3.org/ns/anno.jsonld"},
                {"type": "array", "contains": {"const": "http://www.w3.org/ns/anno.jsonld"}},
            ]
        },
        "type": {"const": "AnnotationCollection"},
        "total": {"type": "integer", "minimum": 0},
        "first": {  # §5.2: a Page MUST have an `id`, a `type` of "AnnotationPage" and 1 or more `items`
            "type": "object",
            "required": ["id", "type", "items"],
            "properties": {
                "type": {"const": "AnnotationPage"},
                "items": {"type": "array", "minItems": 1, "items": ANNOTATION},
                "startIndex": {"type": "integer", "minimum": 0},
            },
        },
    },
}
ARTICLE = "world/idlib-raid"
W3C = REPO / "tests" / "w3c" / "annotation-model"  # the W3C suite's assertions (tests/w3c/annotation-model/README.md)
# RFC 3986: a scheme, then only the characters a URI may hold, `%` only before two hex digits.
URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9._~!$&'()*+,;=:@/?#\[\]-]|%[0-9A-Fa-f]{2})*")


@cache
def site() -> Path:
    out = Path(__import__("tempfile").mkdtemp(prefix="cl-opendata-")) / "site"
    result = mkdocs_build(REPO, "--strict", "-d", str(out))
    assert result.returncode == 0, result.stderr
    return out


def collection() -> dict:
    return json.loads((site() / ARTICLE / "annotations.jsonld").read_text())


@cache
def site_url() -> str:
    """The address the flagship is built for (`site_url`: SITE_URL, or the local default)."""
    return load_config(str(REPO / "mkdocs.yml")).site_url


def article_text() -> str:
    """The page's text as a client computes it: the article element, without our notes and controls."""
    document = LexborHTMLParser(page_html(site(), ARTICLE + ".md"))
    article = document.css_first("article")
    for node in article.css("[class]"):
        if any(c.startswith("cl-") and c != "cl-mark" for c in (node.attributes.get("class") or "").split()):
            node.decompose()
    return article.text(deep=True, separator="").lstrip()


def test_the_collection_is_a_valid_web_annotation_collection():
    data = collection()
    jsonschema.validate(data, COLLECTION, format_checker=jsonschema.FormatChecker())
    flagship = load_catalog(REPO / "annotations", parse_layers(None), root=REPO).for_page(ARTICLE + ".md")
    assert data["total"] == len(data["first"]["items"]) == len(flagship)
    ids = [item["id"] for item in data["first"]["items"]]
    assert ids == [f"{site_url()}{ARTICLE}/#note-{n.note.id}" for n in flagship] and len(set(ids)) == len(ids)
    assert data["id"] == f"{site_url()}{ARTICLE}/annotations.jsonld"
    for item in data["first"]["items"]:
        assert item["target"]["source"] == f"{site_url()}{ARTICLE}/"
        assert item["creator"] == {"type": "Organization", "name": "Context layers", "homepage": site_url()}
        assert item["generator"] == {"type": "Software", "name": "context-layers"}
        textual = [b for b in item["body"] if b["type"] == "TextualBody"]
        assert all(b["format"] in {"text/plain", "text/html", "text/markdown"} for b in textual)
        assert all(b["language"] == "en" for b in textual if b["purpose"] in {"describing", "commenting"})


def _w3c_must_assertions() -> list[tuple[str, jsonschema.Draft4Validator]]:
    """The MUST assertions of the W3C suite's `annotationMusts.test`, each a validator with the suite's definitions."""
    registry = Registry().with_resources(
        (path.name, Resource.from_contents(json.loads(path.read_text()), default_specification=DRAFT4))
        for path in sorted((W3C / "definitions").glob("*.json"))
    )
    checker = copy.deepcopy(jsonschema.Draft4Validator.FORMAT_CHECKER)  # date-time (RFC 3339) is in it
    checker.checks("uri")(lambda value: not isinstance(value, str) or URI.fullmatch(value) is not None)
    test = json.loads((W3C / "annotations" / "annotationMusts.test").read_text())
    assertions = []
    for name in test["assertions"]:
        schema = json.loads((W3C / name).read_text())
        assert schema["assertionType"] == "must" and schema["expectedResult"] == "valid", name
        assertions.append((name, jsonschema.Draft4Validator(schema, registry=registry, format_checker=checker)))
    return assertions


def w3c_failures(data: dict) -> tuple[int, list[str]]:
    """How many (annotation, MUST assertion) pairs the suite checks in a collection, and those that fail.

    The suite takes one annotation at a time, as a client receives it: each item of the
    collection is checked with the collection's `@context`, which it inherits.
    """
    assertions = _w3c_must_assertions()
    failures = []
    for item in data["first"]["items"]:
        annotation = {"@context": data["@context"], **item}
        for name, validator in assertions:
            errors = list(validator.iter_errors(annotation))
            if errors:
                failures.append(f"{item['id']}: {name}: {validator.schema['errorMessage']} ({errors[0].message})")
    return len(data["first"]["items"]) * len(assertions), failures


def test_every_annotation_file_holds_the_w3c_suites_must_assertions():
    files = sorted(site().rglob("*annotations.jsonld"))
    assert len(files) >= 2, files  # the flagship and the page of editorial changes
    checked, failures = 0, []
    for path in files:
        count, failed = w3c_failures(json.loads(path.read_text()))
        checked, failures = checked + count, failures + [f"{path.relative_to(site())}: {f}" for f in failed]
    assert checked and not failures, f"{checked - len(failures)} of {checked} hold; failed:\n" + "\n".join(
        failures[:20]
    )


def test_the_w3c_assertions_catch_a_relative_id():
    data = copy.deepcopy(collection())
    data["first"]["items"] = data["first"]["items"][:1]
    data["first"]["items"][0]["id"] = "./#note-x"
    data["first"]["items"][0]["target"]["source"] = "./"
    checked, failures = w3c_failures(data)
    assert checked == 14 and [f.split(": ")[1] for f in failures] == [
        "annotations/3.1-annotationIdValidated.json",
        "annotations/3.2-targetObjectsRecognized.json",
    ]


def test_a_site_without_an_address_is_warned_and_fails_strict(site_project):
    config = (site_project.root / "mkdocs.yml").read_text().replace("site_url: https://example.org/\n", "")
    site_project.write("mkdocs.yml", config)
    site_project.write(
        "annotations/index.yml", "page: index.md\nnotes:\n  - {id: fox, layer: background, quote: fox, body: A fox.}\n"
    )
    assert site_project.build().returncode == 0
    strict = site_project.build("--strict")
    assert strict.returncode == 1 and "web_annotations: no `site_url`" in strict.stderr
    site_project.write(
        "mkdocs.yml", config.replace("  - context-layers\n", "  - context-layers:\n      web_annotations: false\n")
    )
    site_project.built("--strict")


def test_the_page_links_to_its_collection():
    html = page_html(site(), ARTICLE + ".md")
    # `alternate` among the words of `rel` (not the exact value Material takes for a language version)
    assert '<link rel="alternate describedby" type="application/ld+json" href="annotations.jsonld"' in html


def test_each_position_selector_slices_exactly_the_quote_out_of_the_page_text():
    text = article_text()
    for item in collection()["first"]["items"]:
        quote, position = item["target"]["selector"]
        assert text[position["start"] : position["end"]] == quote["exact"], item["id"]
        assert text[: position["start"]].endswith(quote["prefix"]) and text[position["end"] :].startswith(
            quote["suffix"]
        )


def test_motivations_and_bodies_follow_the_notes():
    items = {item["id"].split("#note-")[1]: item for item in collection()["first"]["items"]}
    assert items["isis-headquarters"]["motivation"] == "assessing"
    assessing = [b for b in items["isis-headquarters"]["body"] if b.get("purpose") == "assessing"]
    assert assessing == [
        {
            "type": "TextualBody",
            "purpose": "assessing",
            "value": "misleading",
            "format": "text/plain",
            "schema:name": "Misleading",
        }
    ]
    html = [b for b in items["raid-atmeh"]["body"] if b.get("format") == "text/html"][0]["value"]
    assert html.startswith("<p>") and "<script" not in html
    assert items["raid-atmeh"]["motivation"] == "commenting"
    linking = [b for b in items["raid-atmeh"]["body"] if b["type"] == "SpecificResource"]
    assert linking and all(b["purpose"] == "linking" and b["source"]["id"].startswith("http") for b in linking)


def test_export_then_import_gives_back_the_same_notes(tmp_path, capsys):
    copy_project(tmp_path)
    (tmp_path / "annotations/idlib-raid.yml").unlink()
    exported = tmp_path / "export.jsonld"
    exported.write_text(json.dumps(collection()))
    code = main(
        ["import", str(exported), "--page", ARTICLE + ".md", "--layer", "background", "--project", str(tmp_path)]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.strip() == "imported 55 notes into annotations/world-idlib-raid.yml"
    layers = parse_layers(None)
    before = load_catalog(REPO / "annotations", layers, root=REPO).for_page(ARTICLE + ".md")
    after = load_catalog(tmp_path / "annotations", layers, root=tmp_path).for_page(ARTICLE + ".md")
    assert [n.note for n in after] == [n.note for n in before]
    assert main(["check", str(tmp_path), "--strict"]) == 0, capsys.readouterr()


def test_import_reports_what_it_cannot_map(site_project, capsys):
    items = [
        {
            "type": "Annotation",
            "id": "x#note-one",
            "target": {"source": "x", "selector": {"type": "TextQuoteSelector", "exact": "quick brown fox"}},
            "body": [
                {"type": "TextualBody", "value": "A fox.", "purpose": "commenting"},
                {"type": "TextualBody", "purpose": "assessing", "value": "four stars"},
            ],
        },
        {
            "type": "Annotation",
            "id": "y",
            "target": {"source": "x", "selector": {"type": "FragmentSelector", "value": "p1"}},
        },
        {
            "type": "Annotation",
            "id": "z",
            "target": {"source": "x", "selector": {"type": "TextQuoteSelector", "exact": "not on the page"}},
        },
        {"type": "Highlight"},
    ]
    path = site_project.root / "in.jsonld"
    path.write_text(json.dumps({"type": "AnnotationPage", "items": items}))
    code = main(
        ["import", str(path), "--page", "index.md", "--layer", "background", "--project", str(site_project.root)]
    )
    out, err = capsys.readouterr()
    assert code == 1
    assert out.strip() == "imported 1 note into annotations/index.yml"
    assert (
        "not mapped: annotation 1 (x#note-one): assessment 'four stars' is not a verdict of this site; left out" in err
    )
    assert "not mapped: annotation 2 (y): no TextQuoteSelector with an `exact` text to anchor on" in err
    assert "not mapped: note 'not-on-the-page': the quote was not found in index.md" in err
    assert "not mapped: annotation 4: not an Annotation" in err
    assert (
        'id: one\n    layer: background\n    quote: "quick brown fox"\n    body: |-\n      A fox.'
        in (site_project.root / "annotations/index.yml").read_text()
    )


@pytest.fixture
def site_project(project):
    project.write("docs/index.md", "# Home\n\nThe quick brown fox jumps.\n")
    return project


def _claim_reviews() -> list[dict]:
    html = page_html(site(), ARTICLE + ".md")
    blocks = LexborHTMLParser(html).css('script[type="application/ld+json"]')
    return [review for block in blocks for review in json.loads(block.text())]


def test_claim_reviews_have_what_googles_fact_check_markup_requires():
    reviews = _claim_reviews()
    flagship = load_catalog(REPO / "annotations", parse_layers(None), root=REPO).for_page(ARTICLE + ".md")
    assert len(reviews) == sum(1 for n in flagship if n.note.verdict)
    for review in reviews:
        # Required: claimReviewed, reviewRating (with alternateName), url.
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        assert review["claimReviewed"] and review["url"].startswith(f"{site_url()}{ARTICLE}/#note-")
        assert (
            review["reviewRating"]["@type"] == "Rating" and review["reviewRating"]["alternateName"] in VERDICTS.values()
        )
        # Recommended: author, datePublished, itemReviewed (a Claim, with its author and where it appeared).
        assert review["author"] == {"@type": "Organization", "name": "Context layers", "url": site_url()}
        assert re.match(r"^\d{4}-\d{2}-\d{2}$", review["datePublished"])
        claim = review["itemReviewed"]
        assert claim["@type"] == "Claim" and claim["author"] == {"@type": "Person", "name": "Steven Sahiounie"}
        assert claim["appearance"]["publisher"]["name"] == "Global Research"
        assert claim["appearance"]["datePublished"] == "2022-02-07"


def test_claim_review_data_cannot_close_its_script_element():
    from context_layers.publish.claimreview import safe_json_for_html

    assert safe_json_for_html(json.dumps({"q": "</script><script>alert(1)</script>"})) == (
        '{"q": "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"}'
    )


def test_the_claims_index_groups_every_verdict_note_and_links_to_it():
    document = LexborHTMLParser(page_html(site(), "claims.md"))
    article = document.css_first("article")
    headings = [h.attributes["id"] for h in article.css("h2")]
    flagship = load_catalog(REPO / "annotations", parse_layers(None), root=REPO).for_page(ARTICLE + ".md")
    verdicts = {n.note.verdict for n in flagship if n.note.verdict}
    assert headings == [v for v in VERDICTS if v in verdicts]
    jumps = [a.attributes["href"] for a in article.css("p a") if a.attributes["href"].startswith("#")]
    assert jumps == [f"#{v}" for v in headings]  # filtering by verdict works without JavaScript
    links = [a.attributes["href"] for a in article.css("li a")]
    assert sorted(links) == sorted(f"../world/idlib-raid/#note-{n.note.id}" for n in flagship if n.note.verdict)
    page = page_html(site(), ARTICLE + ".md")
    for link in links:
        assert f'id="{link.split("#")[1]}"' in page
    assert article.css_first("[data-cl-claims-filter]") is not None


def test_the_feed_is_atom_with_one_entry_per_dated_note():
    feed = ET.parse(site() / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    assert feed.tag == f"{atom}feed" and feed.find(f"{atom}author/{atom}name").text == "Context layers"
    entries = feed.findall(f"{atom}entry")
    catalog = load_catalog(REPO / "annotations", parse_layers(None), root=REPO)
    dated = [n for notes in catalog.notes.values() for n in notes if n.note.updated]
    assert len(entries) == len(dated)
    assert len({e.find(f"{atom}id").text for e in entries}) == len(entries)
    dates = [e.find(f"{atom}updated").text for e in entries]
    assert dates == sorted(dates, reverse=True) and feed.find(f"{atom}updated").text == dates[0]
    first = entries[0]
    href = first.find(f"{atom}link").attrib["href"]
    assert re.match(rf"^{re.escape(site_url())}(world/idlib-raid/|)#note-[a-z0-9-]+$", href)
    assert "&lt;" not in first.find(f"{atom}summary").text  # HTML in the summary, escaped once by XML
    page = page_html(site(), ARTICLE + ".md")
    assert '<link rel="alternate" type="application/atom+xml" href="../../feed.xml"' in page


def test_two_builds_give_the_same_feed_and_collection(tmp_path):
    again = tmp_path / "again"
    result = mkdocs_build(REPO, "-d", str(again))
    assert result.returncode == 0, result.stderr
    assert (again / "feed.xml").read_bytes() == (site() / "feed.xml").read_bytes()
    assert (again / ARTICLE / "annotations.jsonld").read_bytes() == (
        site() / ARTICLE / "annotations.jsonld"
    ).read_bytes()


def test_a_copy_keeps_its_original_publisher_and_its_stance_in_the_web_annotation(tmp_path):
    from context_layers.publish.webannotations import annotation, page_text
    from context_layers.tools.importer import notes_from_annotations

    (tmp_path / "a.yml").write_text(
        "page: a.md\nnotes:\n  - id: one\n    layer: counter\n    quote: q\n    title: T\n    sources:\n"
        "      - {title: Wire story, url: 'https://copies.example.net/w', publisher: Example Wire, via: Copies Daily,"
        " stance: contradicts}\n"
    )
    layers = parse_layers(None)
    (note,) = load_catalog(tmp_path, layers, root=tmp_path).for_page("a.md")
    item = annotation(
        note, "https://example.org/a/", page_text('<p><mark class="cl-mark" data-note="one">q</mark></p>'), layers[1]
    )
    (source,) = [b["source"] for b in item["body"] if b["type"] == "SpecificResource"]
    assert source["id"] == "https://copies.example.net/w" and source["schema:publisher"] == "Example Wire"
    assert source["cl:via"] == "Copies Daily"
    (linking,) = [b for b in item["body"] if b["type"] == "SpecificResource"]
    assert linking["cl:stance"] == "contradicts"
    # and back: the same citation, stance and copy included
    (imported,) = notes_from_annotations({"type": "AnnotationPage", "items": [item]}, "counter", {}).notes
    assert imported["sources"] == [
        {
            "title": "Wire story",
            "url": "https://copies.example.net/w",
            "publisher": "Example Wire",
            "via": "Copies Daily",
            "stance": "contradicts",
        }
    ]
