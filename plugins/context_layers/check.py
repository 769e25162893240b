"""Checking a project without building it: load every file, then anchor every note.

Hosts use this to report all problems at once, anchoring included, before they
write anything: the MkDocs plugin when a file has errors, command-line tools always.
Pages are rendered with the site's own Markdown extensions, so quotes are matched
against the same text a build would produce.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable

import markdown

from .diagnostics import Diagnostic, Diagnostics
from .extension import ContextLayersExtension
from .load import Catalog

_FRONT_MATTER = re.compile(r"\A-{3}\s*\n.*?\n(?:-{3}|\.{3})\s*\n", re.S)


def anchor_pages(
    catalog: Catalog,
    docs_dir: Path,
    extensions: Iterable[Any] = (),
    extension_configs: dict[str, dict[str, Any]] | None = None,
) -> Diagnostics:
    """Anchor the notes of every annotated page; return the problems found."""
    found = Diagnostics()
    foreign = [e for e in extensions if not isinstance(e, ContextLayersExtension)]
    for page in sorted(catalog.notes):
        path = docs_dir / page
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # a missing page is reported by the loader
        extension = ContextLayersExtension(page=page, layers=catalog.layers)
        extension.use_catalog(catalog)
        extension.reporter = lambda fresh: found.extend(fresh)
        md = markdown.Markdown(extensions=[*foreign, extension], extension_configs=extension_configs or {})
        md.convert(_FRONT_MATTER.sub("", text, count=1))
    return found


def check_catalog(catalog: Catalog, docs_dir: Path, extensions: Iterable[Any] = (),
                  extension_configs: dict[str, dict[str, Any]] | None = None) -> list[Diagnostic]:
    """Every problem of a loaded project, loading and anchoring, in file order."""
    everything = Diagnostics(catalog.diagnostics)
    everything.extend(anchor_pages(catalog, docs_dir, extensions, extension_configs))
    return everything.sorted()
