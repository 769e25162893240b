"""Options shared by every front end: the annotations folder and the layers.

The MkDocs plugin and the bare Python-Markdown extension validate their options
with the same functions here, so a bad value gets the same message everywhere.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from .diagnostics import did_you_mean
from .model import STRICT, Constrained, Doc, field_names
from .schemas import ValidationError, validate

LAYER_KEY = re.compile(r"^[a-z0-9-]+$")

DEFAULT_LAYERS: dict[str, dict[str, Any]] = {
    "background": {"title": "Background"},
    "counter": {"title": "Counter-sources", "requires_sources": True},
    "disputed": {"title": "Disputed claims", "requires_sources": True},
}


@dataclass(frozen=True, kw_only=True)
class LayerOptions:
    """One layer as written in the configuration."""

    __pydantic_config__ = STRICT

    title: Annotated[str, Constrained(min_length=1), Doc("Name shown to readers")]
    description: Annotated[str, Doc("One sentence on what the layer holds")] = ""
    icon: Annotated[str, Doc("Optional icon name, e.g. a Material icon shortcode")] = ""
    requires_sources: Annotated[bool, Doc("Every note of this layer must cite a source")] = False
    requires_stance: Annotated[
        bool,
        Doc("Every citation in this layer must say whether it supports, contradicts or gives context to the claim"),
    ] = False
    requires_verdict: Annotated[bool, Doc("Every note of this layer must give a verdict")] = False
    allows_verdict: Annotated[bool, Doc("Notes of this layer may give a verdict")] = True
    fold_body: Annotated[str, Doc("Fold each note's body under this label (e.g. answers for teachers)")] = ""


@dataclass(frozen=True)
class Layer:
    """A configured layer; the order of layers is their display order."""

    key: str
    title: str
    description: str = ""
    icon: str = ""
    requires_sources: bool = False
    requires_stance: bool = False
    requires_verdict: bool = False
    allows_verdict: bool = True
    fold_body: str = ""


class OptionError(ValueError):
    """A configuration value that cannot be used, with a message for the site author."""


def parse_layers(raw: Any) -> tuple[Layer, ...]:
    """Validate the `layers` option (a mapping of key to options) into `Layer`s."""
    if raw is None:
        raw = DEFAULT_LAYERS
    if isinstance(raw, (tuple, list)) and raw and all(isinstance(layer, Layer) for layer in raw):
        return tuple(raw)  # already validated by a host
    if not isinstance(raw, Mapping):
        raise OptionError("`layers` must be a mapping of layer keys to options, e.g. `background: {title: Background}`")
    if not raw:
        raise OptionError("`layers` must define at least one layer")
    layers = []
    for key, value in raw.items():
        if not isinstance(key, str) or not LAYER_KEY.match(key):
            raise OptionError(f"layer key {key!r} may use only lowercase letters, digits and hyphens")
        if value is None:
            value = {"title": key.replace("-", " ").capitalize()}
        if not isinstance(value, Mapping):
            raise OptionError(f"layer {key!r} must be a mapping of options, e.g. `{{title: ...}}`")
        try:
            options = validate(LayerOptions, dict(value))
        except ValidationError as exc:
            raise OptionError(f"layer {key!r}: {_explain(exc.errors(include_url=False))}") from None
        layers.append(Layer(key=key, **dataclasses.asdict(options)))
    return tuple(layers)


def _explain(errors: list[Any]) -> str:
    problems = []
    for error in errors:
        where = ".".join(str(p) for p in error["loc"])
        if error["type"] == "unexpected_keyword_argument":
            problems.append(f"unknown option {where!r} ({did_you_mean(where, field_names(LayerOptions))})")
        elif error["type"] == "missing":
            problems.append(f"missing option {where!r}")
        else:
            problems.append(f"{where}: {error['msg']}")
    return "; ".join(problems)


def parse_folders(raw: Any) -> tuple[str, ...]:
    """The `annotations` option: one folder, or a list of folders."""
    folders = [raw] if isinstance(raw, str) else raw
    if (
        not isinstance(folders, (list, tuple))
        or not folders
        or not all(isinstance(f, str) and f.strip() for f in folders)
    ):
        raise OptionError("`annotations` must be a folder, or a list of folders, relative to the configuration file")
    return tuple(folders)
