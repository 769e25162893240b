"""The MkDocs plugin's options: what `plugins: [context-layers: {...}]` in mkdocs.yml accepts.

Each option carries a one-line docstring; layers and folders are validated by the engine's own
parsers, so the plugin and the bare extension accept exactly the same values.
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from .core.options import Layer, OptionError, parse_folders, parse_layers
from .core.strings import unknown_keys
from .edition import classroom_option


class _LayersOption(c.BaseConfigOption[tuple[Layer, ...]]):
    """Layers, in display order: `key: {title, description, icon, requires_sources, requires_stance, fold_body}`."""

    def __init__(self) -> None:
        super().__init__()
        self.default = None

    def run_validation(self, value: object) -> tuple[Layer, ...]:
        try:
            return parse_layers(value)
        except OptionError as exc:
            raise c.ValidationError(str(exc)) from None


class _FoldersOption(c.BaseConfigOption[tuple[str, ...]]):
    """One folder or a list of folders."""

    def __init__(self) -> None:
        super().__init__()
        self.default = "annotations"

    def run_validation(self, value: object) -> tuple[str, ...]:
        try:
            return parse_folders(value)
        except OptionError as exc:
            raise c.ValidationError(str(exc)) from None


class _StringsOption(c.BaseConfigOption[dict[str, str]]):
    """Reader's strings by key (core/strings.py), overriding the language's."""

    def __init__(self) -> None:
        super().__init__()
        self.default = {}

    def run_validation(self, value: object) -> dict[str, str]:
        if not isinstance(value, dict):
            raise c.ValidationError("expected a mapping of string key to text")
        if problems := unknown_keys(value):
            raise c.ValidationError("; ".join(problems))
        return value


class ContextLayersConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing its configuration."""
    annotations = _FoldersOption()
    """Folder of annotation YAML files, relative to mkdocs.yml; or a list of folders."""
    layers = _LayersOption()
    """Layers in display order; default: background, counter, disputed."""
    bibliography = c.Optional(c.Type(str))
    """Path under docs/ of a generated page listing every source with the notes citing it."""
    bibliography_title = c.Optional(c.Type(str))
    """Title of the generated bibliography page; default: "Sources" in the site's language."""
    claims_index = c.Optional(c.Type(str))
    """Path under docs/ of a generated page listing every note with a verdict."""
    claims_index_title = c.Optional(c.Type(str))
    """Title of the generated claims index page; default: "Claims checked" in the site's language."""
    web_annotations = c.Type(bool, default=True)
    """Write each annotated page's notes as a W3C Web Annotation collection beside it."""
    claim_review = c.Type(bool, default=True)
    """Embed schema.org ClaimReview data for every note with a verdict."""
    feed = c.Optional(c.Type(str))
    """Path in the site of an Atom feed of notes by their `updated` date, e.g. feed.xml."""
    how_to_read = c.Type(str, default="about/how-to-read.md")
    """Path under docs/ of the page that explains the notes: verdict labels link to its #verdict-KEY; "" for none."""
    report_url = c.Optional(c.Type(str))
    """A prefilled problem report, with {title} and {body}; default: the issue form of `repo_url` on
    GitHub, GitLab or Codeberg; "" for none."""
    verdict_rules = c.Type(bool, default=True)
    """Check each verdict against the stances of its citations, as the verdict scale defines them."""
    propose = c.Type(bool, default=True)
    """Offer readers of annotated pages a form that turns a selected passage into a proposed note."""
    propose_folder = c.Type(str, default="annotations/proposals")
    """Where proposed notes go in the repository, relative to mkdocs.yml; keep it inside `annotations`."""
    offline = c.Type(bool, default=False)
    """An edition that opens from a folder: ship every helper, and fail if anything loads from the network."""
    strings = _StringsOption()
    """Reader's strings to override, by key (README: "Languages"); the rest follow `theme.language`."""
    classroom = classroom_option()
    """A classroom edition (teachers' or students'): see edition.py."""
