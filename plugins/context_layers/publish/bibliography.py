"""A bibliography page: every source cited on the site, with the notes that cite it.

The page is Markdown generated from the catalog, so any host renders it like a
page of its own. Every string from YAML is escaped for Markdown and HTML before it
goes in: titles and publishers are untrusted text.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import quote

from ..core.catalog import Catalog, LoadedNote
from ..core.model import SourceEntry, note_anchor
from ..core.render import format_date

# Characters with a meaning in Markdown (with common extensions) or HTML. Written as
# character references they show as themselves whatever extensions a site enables.
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
    return sorted(
        by_key.values(), key=lambda e: ((e.source.publisher or e.source.title).casefold(), e.source.title.casefold())
    )


def bibliography_markdown(
    catalog: Catalog, page: str, *, title: str = "Sources", titles: dict[str, str] | None = None
) -> str:
    """The Markdown of the bibliography page that will live at `page` (a path under docs/)."""
    titles = titles or {}
    here = posixpath.dirname(page)
    entries = collect(catalog)
    pages = sorted({note.page for entry in entries for note in entry.citations})
    lines = [
        f"# {escape(title)}",
        "",
        f"Every source cited by a note on this site ({len(entries)} in all), with links to the notes "
        "that cite it. Sources are listed by publisher.",
        "",
    ]
    for entry in entries:
        source = entry.source
        via = f"via {escape(source.via)} (copy)" if source.via else ""
        details = ", ".join(
            part for part in (escape(source.publisher or ""), via, escape(format_date(source.date))) if part
        )
        line = f"- [{escape(source.title)}]({safe_url(source.url)})"
        if details:
            line += f" — {details}"
        if source.archive_url:
            line += f" ([archived copy]({safe_url(source.archive_url)}))"
        cited = []
        for note in entry.citations:
            target = posixpath.relpath(note.page, here or ".")
            label = escape(note.note.title or note.note.id)
            where = f" ({escape(titles.get(note.page, note.page))})" if len(pages) > 1 else ""
            cited.append(f"[{label}]({target}#{note_anchor(note.note.id)}){where}")
        lines.append(line + "  ")
        lines.append("  Cited in: " + "; ".join(cited))
    lines.append("")
    return "\n".join(lines)


def page_title(markdown_text: str, default: str) -> str:
    """The page's title as a reader sees it: front matter `title`, else the first `# ` heading."""
    front = re.match(r"\A---\s*\n(.*?)\n---", markdown_text, re.S)
    if front:
        found = re.search(r"^title:\s*[\"']?(.+?)[\"']?\s*$", front.group(1), re.M)
        if found:
            return found.group(1)
    heading = re.search(r"^#\s+(.+?)\s*#*\s*$", markdown_text, re.M)
    return heading.group(1) if heading else default
