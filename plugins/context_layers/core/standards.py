"""What the editorial standards say a note and a source must have, checked as warnings (errors under
`--strict`) at the key concerned: a verdict where the layer needs one and none where it gives none, a
body or sources in every note, a publisher and a date on every source (or `null`: the document does
not show it). Called by the loader on notes and entries that are otherwise valid.
"""

from __future__ import annotations

from typing import Any

from .model import Note
from .options import Layer
from .yamlfile import YamlFile


def check_stated_rules(
    file: YamlFile, note: Note, positions: dict[str, tuple[int, int]], layer: Layer | None, start: tuple[int, int]
) -> None:
    """What the editorial standards say a note must have: warnings, so that a strict build fails on them."""
    if layer and layer.requires_verdict and not note.verdict:
        file.warning(
            *positions["layer"],
            f"note {note.id!r} is in the {layer.key!r} layer, which needs a verdict",
            'add `verdict:` (accurate, lacks-context, misleading, disputed, unsupported, "false" or opinion), '
            'as defined on the site\'s "How to read the notes" page',
        )
    if layer and not layer.allows_verdict and note.verdict:
        file.warning(
            *positions["verdict"],
            f"note {note.id!r} is in the {layer.key!r} layer, which gives no verdicts",
            "remove `verdict:`, or move the note to a layer that assesses claims",
        )
    if not note.body.strip() and not note.sources:
        file.warning(
            *start,
            f"note {note.id!r} has neither a body nor sources",
            "write what a reader should know in `body`, and cite its sources under `sources:`",
        )
    elif not (note.title or "").strip() and not note.body.strip():
        file.warning(
            *start,
            f"note {note.id!r} has no title and no body",
            "write what a reader should know in `body`, with a short `title`",
        )


def check_entry(file: YamlFile, entry: Any, loc: tuple[Any, ...], name: str) -> None:
    """A source entry says who published it and when; `null` says the document does not show it."""
    if not isinstance(entry, dict):
        return
    shared = loc[0] == "sources" and len(loc) == 2
    for key, what in (("publisher", "who published it"), ("date", "when it was published")):
        if key not in entry:
            file.warning(
                *file.at(loc, key=shared),
                f"{name} has no `{key}`",
                f"add `{key}:` ({what}, as the document shows it); "
                f"if the document does not show it, write `{key}: null`",
            )
