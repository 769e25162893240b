"""schema.org ClaimReview for every note with a verdict, as Google's fact-check markup describes it
(https://developers.google.com/search/docs/appearance/structured-data/factcheck)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..core.catalog import LoadedNote
from ..core.model import note_anchor
from ..core.render import format_date
from ..core.strings import ENGLISH, ReaderStrings


def claim_reviews(
    notes: Iterable[LoadedNote],
    page_url: str,
    site_name: str,
    site_url: str | None,
    original: dict[str, Any] | None,
    strings: ReaderStrings = ENGLISH,
) -> list[dict[str, Any]]:
    """schema.org ClaimReview for every note with a verdict.

    `original` is the page's front matter `original:` (title, url, author, publisher, date). The rating's
    name is the verdict's label as the page shows it, in the page's language (`strings`).
    """
    reviews = []
    author = {"@type": "Organization", "name": site_name, **({"url": site_url} if site_url else {})}
    appearance = _appearance(original or {})
    for loaded in notes:
        note = loaded.note
        if not note.verdict:
            continue
        claim: dict[str, Any] = {"@type": "Claim", "appearance": appearance}
        if "author" in appearance:
            claim["author"] = appearance["author"]
        if "datePublished" in appearance:
            claim["datePublished"] = appearance["datePublished"]
        review: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": f"{page_url}#{note_anchor(note.id)}",
            "claimReviewed": " ".join(note.quote.split()),
            "itemReviewed": claim,
            "author": author,
            "reviewRating": {
                "@type": "Rating",
                "alternateName": strings[f"verdict_{note.verdict}"],
                "name": strings[f"verdict_{note.verdict}"],
            },
        }
        if note.title:
            review["name"] = note.title
        if note.updated:
            review["datePublished"] = note.updated.isoformat()
        reviews.append(review)
    return reviews


def _appearance(original: dict[str, Any]) -> dict[str, Any]:
    """The article the claims appear in, as a schema.org CreativeWork."""
    appearance: dict[str, Any] = {"@type": "CreativeWork"}
    for key, prop in (("title", "headline"), ("url", "url")):
        if original.get(key):
            appearance[prop] = str(original[key])
    if original.get("author"):
        appearance["author"] = {"@type": "Person", "name": str(original["author"])}
    if original.get("publisher"):
        appearance["publisher"] = {"@type": "Organization", "name": str(original["publisher"])}
    if original.get("date"):
        appearance["datePublished"] = (
            format_date(original["date"]) if not isinstance(original["date"], str) else original["date"]
        )
    return appearance


def safe_json_for_html(text: str) -> str:
    """JSON inside `<script type="application/ld+json">`: `<` escaped so no text can close the element."""
    return re.sub(r"[<>&]", lambda m: f"\\u{ord(m.group()):04x}", text)
