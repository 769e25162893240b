"""Where a reader reports a problem with a note: an issue form of the site's repository, prefilled.

The site gives a URL template with `{title}` and `{body}` (`report_url`); hosts derive one
from a known forge's repository address. The reader needs no account on our side: the form
is the forge's own.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from .model import note_anchor

# Issue forms of the forges whose address layout is known, by host.
FORMS = {
    "github.com": "{repo}/issues/new?title={title}&body={body}",
    "codeberg.org": "{repo}/issues/new?title={title}&body={body}",
    "gitlab.com": "{repo}/-/issues/new?issue[title]={title}&issue[description]={body}",
}


def report_template(repo_url: str | None) -> str:
    """The issue form of a repository on a known forge, as a template; empty for any other host."""
    if not repo_url:
        return ""
    form = FORMS.get((urlsplit(repo_url).hostname or "").removeprefix("www."))
    return form.replace("{repo}", repo_url.rstrip("/").removesuffix(".git")) if form else ""


def report_address(template: str, page: str, note_id: str) -> str:
    """The template filled in for one note: a title naming it, and a body that asks for the evidence."""
    title = f"Problem with note {note_id} on {page}"
    body = (
        f"Page: {page}\nNote: #{note_anchor(note_id)}\n\n"
        "What is wrong with the note, and which source shows it (title, address, the passage):\n\n"
    )
    return template.replace("{title}", quote(title, safe="")).replace("{body}", quote(body, safe=""))
