"""A bibliography page: every source cited on the site, with the notes that cite it.

The page is Markdown generated from the catalog, so any host renders it like a
page of its own. Sources are listed by publisher, in sections by the publisher's initial
(`## A`, `## B`, ...): a site search finds a section, not the whole long page. Every
string from YAML is escaped for Markdown and HTML before it goes in: titles and
publishers are untrusted text.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import quote

from ..core import frontmatter
from ..core.catalog import Catalog, LoadedNote
from ..core.model import SourceEntry, note_anchor
from ..core.strings import ENGLISH, ReaderStrings

# Characters with a meaning in Markdown (with common extensions) or HTML. Written as
# character references they show as themselves whatever extensions a site enables.
OTHER = "Other"  # the section of names that start with a digit or a sign, listed first

_SPECIAL = re.compile(r"[\\`*_{}\[\]()<>&|~^=]")


def escape(text: str) -> str:
    """Plain text that Markdown and HTML show exactly as written."""
    return _SPECIAL.sub(lambda m: f"&#{ord(m.group())};", " ".join(text.split()))


def safe_url(url: str) -> str:
    """A validated http(s) URL made safe inside `[...](...)`."""
    return quote(url, safe=":/?#[]@!$&'*+,;=%-._~")


@dataclass
class Entry:
    source: SourceEntry
    source_id: str | None
    citations: list[LoadedNote] = field(default_factory=list)


def collect(catalog: Catalog) -> list[Entry]:
    """Every cited source once (shared ones by id, inline ones by URL), in a stable order."""
    by_key: dict[str, Entry] = {}
    ids = {id(entry): source_id for source_id, entry in catalog.sources.items()}
    for page in sorted(catalog.notes):
        for loaded in catalog.notes[page]:
            for source in loaded.sources:
                source_id = ids.get(id(source))
                key = f"id:{source_id}" if source_id else f"url:{source.url}"
                entry = by_key.setdefault(key, Entry(source, source_id))
                if loaded not in entry.citations:
                    entry.citations.append(loaded)
    return sorted(by_key.values(), key=lambda e: (sort_name(e), e.source.title.casefold()))


def sort_name(entry: Entry) -> str:
    """The name an entry is listed by: its publisher (or title), less a leading "The" and accents,
    as libraries list them."""
    name = unicodedata.normalize("NFKD", " ".join((entry.source.publisher or entry.source.title).split()).casefold())
    name = "".join(char for char in name if not unicodedata.combining(char))
    return name[4:] if name.startswith("the ") and len(name) > 4 else name


def initial(entry: Entry) -> str:
    """The section an entry is listed under: its publisher's (or title's) first letter, without accents."""
    first = sort_name(entry)[:1].upper()
    return first if first.isalpha() else OTHER


def _entry_lines(
    entry: Entry, here: str, titles: dict[str, str], several_pages: bool, strings: ReaderStrings = ENGLISH
) -> list[str]:
    """A source as a list item, then the notes that cite it."""
    source = entry.source
    via = f"{strings['source_via']} {escape(source.via)} ({strings['source_copy']})" if source.via else ""
    parts = (escape(source.publisher or ""), via, escape(strings.date(source.date)))
    details = strings["source_separator"].join(part for part in parts if part)
    line = f"- [{escape(source.title)}]({safe_url(source.url)})"
    if details:
        line += f" — {details}"
    if source.archive_url:
        line += f" ([{strings['source_archive']}]({safe_url(source.archive_url)}))"
    cited = []
    for note in entry.citations:
        target = posixpath.relpath(note.page, here or ".")
        label = escape(note.note.title or note.note.id)
        where = f" ({escape(titles.get(note.page, note.page))})" if several_pages else ""
        cited.append(f"[{label}]({target}#{note_anchor(note.note.id)}){where}")
    return [line + "  ", f"  {strings['sources_cited_in']} " + "; ".join(cited)]


def bibliography_markdown(
    catalog: Catalog,
    page: str,
    *,
    title: str = "Sources",
    titles: dict[str, str] | None = None,
    strings: ReaderStrings = ENGLISH,
) -> str:
    """The Markdown of the bibliography page that will live at `page` (a path under docs/)."""
    entries = collect(catalog)
    several_pages = len({note.page for entry in entries for note in entry.citations}) > 1
    sections: dict[str, list[Entry]] = {}
    for entry in entries:
        sections.setdefault(initial(entry), []).append(entry)
    lines = [
        f"# {escape(title)}",
        "",
        strings.text("sources_intro", total=len(entries)),
    ]
    for name in sorted(sections, key=lambda name: (name != OTHER, name)):
        lines.extend(["", f"## {strings['sources_other'] if name == OTHER else name}", ""])
        for entry in sections[name]:
            lines.extend(_entry_lines(entry, posixpath.dirname(page), titles or {}, several_pages, strings))
    lines.append("")
    return "\n".join(lines)


def page_title(markdown_text: str, default: str) -> str:
    """The page's title as a reader sees it: front matter `title`, else the first `# ` heading."""
    title = frontmatter.read(markdown_text).get("title")
    if isinstance(title, str) and title.strip():
        return title.strip()
    heading = re.search(r"^#\s+(.+?)\s*#*\s*$", markdown_text, re.M)
    return heading.group(1) if heading else default
