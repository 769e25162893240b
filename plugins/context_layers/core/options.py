"""Options shared by every front end: the annotations folder and the layers.

The MkDocs plugin and the bare Python-Markdown extension validate their options
with the same functions here, so a bad value gets the same message everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .diagnostics import did_you_mean

LAYER_KEY = re.compile(r"^[a-z0-9-]+$")

DEFAULT_LAYERS: dict[str, dict[str, Any]] = {
    "background": {"title": "Background"},
    "counter": {"title": "Counter-sources", "requires_sources": True},
    "disputed": {"title": "Disputed claims", "requires_sources": True},
}


class LayerOptions(BaseModel):
    """One layer as written in the configuration."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, description="Name shown to readers")
    description: str = Field("", description="One sentence on what the layer holds")
    icon: str = Field("", description="Optional icon name, e.g. a Material icon shortcode")
    requires_sources: bool = Field(False, description="Every note of this layer must cite a source")
    requires_stance: bool = Field(
        False,
        description="Every citation in this layer must say whether it supports, contradicts or gives context to the "
        "claim",
    )
    requires_verdict: bool = Field(False, description="Every note of this layer must give a verdict")
    allows_verdict: bool = Field(True, description="Notes of this layer may give a verdict")
    fold_body: str = Field("", description="Fold each note's body under this label (e.g. answers for teachers)")


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
            options = LayerOptions.model_validate(dict(value))
        except ValidationError as exc:
            raise OptionError(f"layer {key!r}: {_explain(exc)}") from None
        layers.append(Layer(key=key, **options.model_dump()))
    return tuple(layers)


def _explain(exc: ValidationError) -> str:
    problems = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error["loc"])
        if error["type"] == "extra_forbidden":
            problems.append(f"unknown option {where!r} ({did_you_mean(where, LayerOptions.model_fields)})")
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
