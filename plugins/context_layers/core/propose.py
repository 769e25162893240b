"""The proposal form: what an annotated page offers a reader who selects a passage.

The engine writes the form itself, as it writes the notes: plain HTML after the layer
bar, in the reader's language, closed until the script opens it (`dialog.cl-propose`,
with the button `button[data-cl-propose]` and `.cl-propose-across`, where the script says
why a selection cannot be a quote; both hidden). What only the build knows and the
script needs travels as one JSON attribute of the layer bar, `data-cl-proposal`: the
page's path, the ids already taken, the file to write, which stance each verdict allows,
where to send the file, and how the engine matches text (so that the quote the script
writes is the one the engine finds). Data, not code, so a strict Content-Security-Policy holds,
and any host of the extension can write it. assets/context-layers/propose/propose.js,
loaded when a reader first selects text, does the rest.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, SubElement

from .model import STANCES, VERDICTS
from .options import Layer
from .rules import verdict_problems
from .textmap import matching_rules

DEFAULT_FOLDER = "annotations/proposals"
DEFAULT_BRANCH = "main"
# A new file and a new issue, prefilled, on the forges whose address layout is known.
FORGES = {
    "github.com": ("{repo}/new/{branch}?filename={file}&value={text}", "{repo}/issues/new?title={title}&body={body}"),
    "gitlab.com": (
        "{repo}/-/new/{branch}?file_name={file}&content={text}",
        "{repo}/-/issues/new?issue[title]={title}&issue[description]={body}",
    ),
}
# The form is no part of the page's text: the site's search leaves it out.
_UNSEARCHED = {"data-search-exclude": ""}
# `edit_uri` names the branch: edit/main/docs/, blob/main/docs/, -/edit/main/docs/ ...
_BRANCH = re.compile(r"^/?(?:-/)?(?:edit|blob|tree)/([^/?#]+)")


def forge_addresses(repo_url: str | None, edit_uri: str | None = None) -> tuple[str, str] | None:
    """Templates of the new-file page (`{file}`, `{text}`) and the new-issue page (`{title}`, `{body}`) of a
    GitHub or GitLab repository, on the branch `edit_uri` names (default main); None for any other address."""
    parts = urlsplit(repo_url or "")
    forge = FORGES.get((parts.hostname or "").removeprefix("www."))
    path = parts.path.strip("/").removesuffix(".git")
    if forge is None or parts.scheme != "https" or path.count("/") < 1:
        return None
    found = _BRANCH.match(edit_uri or "")
    repo = f"https://{parts.hostname}/{path}"
    branch = found.group(1) if found else DEFAULT_BRANCH
    new_file, issue = forge
    return new_file.replace("{repo}", repo).replace("{branch}", branch), issue.replace("{repo}", repo)


def verdict_stances() -> dict[str, list[str]]:
    """For each verdict, the stances a single cited source may take under the verdict rules ("" for none)."""
    return {verdict: [s for s in ("", *STANCES) if not verdict_problems(verdict, [s or None])] for verdict in VERDICTS}


def proposal_data(
    page: str,
    taken: Iterable[str],
    strings: Mapping[str, str],
    *,
    folder: str = DEFAULT_FOLDER,
    addresses: tuple[str, str] | None = None,
    rules: bool = True,
) -> str:
    """The JSON the script reads. Without `addresses` (no known forge, or an offline edition) it only copies.
    ASCII only: one character past Latin-1 (the rules' `…`) would make Python hold the whole page at two
    bytes a character, and every page holds this."""
    data = {
        "page": page,
        "ids": sorted(set(taken)),
        "file": posixpath.join(folder.strip("/"), page.removesuffix(".md").replace("/", "-")),
        "rules": verdict_stances() if rules else {},
        "new": addresses[0] if addresses else "",
        "issue": addresses[1] if addresses else "",
        "issue_title": strings["propose_issue_title"].replace("{page}", page),
        **{key: strings[f"propose_{key}"] for key in ("across", "ambiguous", "mismatch", "copied", "copy_by_hand")},
        **matching_rules(),
    }
    return json.dumps(data, separators=(",", ":"))


def _child(parent: Element, tag: str, text: str = "", **attributes: str) -> Element:
    element = SubElement(parent, tag, {name.replace("_", "-"): value for name, value in attributes.items()})
    element.text = text or None
    return element


def _field(form: Element, label: str, tag: str, name: str, **attributes: str) -> Element:
    holder = _child(form, "label")
    _child(holder, "span", label)
    return _child(holder, tag, name=name, **attributes)


def _needs(layer: Layer) -> str:
    needs = ["sources"] * layer.requires_sources + ["stance"] * layer.requires_stance
    needs += ["verdict"] if layer.requires_verdict else [] if layer.allows_verdict else ["no-verdict"]
    return " ".join(needs)


def proposal_form(
    layers: Sequence[Layer], strings: Mapping[str, str], addresses: tuple[str, str] | None = None
) -> list[Element]:
    """The button, the explanation for a selection across blocks, and the closed dialog with its form."""
    button = Element(
        "button", {"type": "button", "class": "cl-propose-button", "data-cl-propose": "", "hidden": "", **_UNSEARCHED}
    )
    button.text = strings["propose_button"]
    across = Element("span", {"class": "cl-propose-across", "role": "status", "hidden": "", **_UNSEARCHED})
    dialog = Element("dialog", {"class": "cl-propose", "aria-labelledby": "cl-propose-heading", **_UNSEARCHED})
    form = _child(dialog, "form", method="dialog")
    _child(_child(form, "p", id="cl-propose-heading"), "strong", strings["propose_heading"])
    _child(form, "blockquote")
    _child(form, "p", strings["propose_intro"])
    layer = _field(form, strings["propose_layer"], "select", "layer", aria_describedby="cl-propose-hint")
    for each in layers:
        _child(layer, "option", each.title, value=each.key, title=each.description, data_cl_need=_needs(each))
    _child(form, "p", id="cl-propose-hint", **{"class": "cl-propose-hint"})
    _field(form, strings["propose_title"], "input", "title")
    verdict = _field(form, strings["propose_verdict"], "select", "verdict")
    _child(verdict, "option", strings["propose_none"], value="")
    for key in VERDICTS:
        _child(verdict, "option", strings[f"verdict_{key}"], value=key)
    _field(form, strings["propose_body"], "textarea", "body", rows="4")
    _field(form, strings["propose_source_url"], "input", "source-url", type="url", pattern=r"https?://\S+")
    _field(form, strings["propose_source_title"], "input", "source-title")
    _field(form, strings["propose_source_publisher"], "input", "source-publisher")
    _field(form, strings["propose_source_date"], "input", "source-date", pattern=r"\d{4}(-\d\d(-\d\d)?)?")
    stance = _field(form, strings["propose_stance"], "select", "stance")
    _child(stance, "option", strings["propose_none"], value="")
    for key in STANCES:
        _child(stance, "option", strings[f"stance_{key}"], value=key)
    _field(form, strings["propose_yaml"], "textarea", "yaml", readonly="", rows="10", spellcheck="false", dir="ltr")
    actions = _child(form, "p", **{"class": "cl-propose-actions"})
    _child(actions, "button", strings["propose_copy"], type="button", data_cl_propose_copy="")
    for kind, address in zip(("pr", "issue"), addresses or (), strict=False):
        # The forge's page without the file, until the script fills it in.
        href = address.partition("?")[0]
        attributes = {f"data-cl-propose-{kind}": "", "href": href, "target": "_blank", "rel": "noopener noreferrer"}
        _child(actions, "a", strings[f"propose_{kind}"], **attributes)
    _child(actions, "button", strings["propose_close"], value="close", formnovalidate="")
    _child(actions, "span", role="status")
    return [button, across, dialog]
