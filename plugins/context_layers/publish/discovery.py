"""The links in a page's `<head>` that let programs find its open data: the Web Annotations and the feed.

Material for MkDocs reads every `<link rel="alternate">` (exactly that value) as another
language version of the site and fetches `sitemap.xml` beside its address, to map pages
between versions: beside a page's `annotations.jsonld` there is none, so every article
made a request that failed (and from `file://`, one a browser refuses). The Web Annotation
collection is therefore linked as `rel="alternate describedby"`: still an `alternate`
for anything that reads `rel` as the list of words it is (browsers, feed and link
readers), and `describedby` (IANA's link relation: a resource that describes this one),
while Material's exact match leaves it alone. The Atom feed keeps the plain
`rel="alternate"` feed readers look for; at the site's root, the sitemap Material fetches
beside it is the site's own.
"""

from __future__ import annotations

from html import escape


def alternate_links(annotations: str | None, feed: str | None) -> list[str]:
    """The `<link>` elements for a page: its Web Annotations and the feed (addresses relative to the page)."""
    links = []
    if annotations:
        links.append(
            f'<link rel="alternate describedby" type="application/ld+json" href="{escape(annotations)}"'
            ' title="Notes as W3C Web Annotations">'
        )
    if feed:
        links.append(
            f'<link rel="alternate" type="application/atom+xml" href="{escape(feed)}" title="Changes to the notes">'
        )
    return links


def head_links(page_html: str, links: list[str]) -> list[tuple[int, str]]:
    """Where `links` go in the page (the end of its `<head>`), as an insertion for `SearchCopy.restore`."""
    head_end = page_html.find("</head>") if links else -1
    return [(head_end, "".join(links) + "\n")] if head_end >= 0 else []
