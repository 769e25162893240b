"""Validation errors, explained in a contributor's words.

Each error becomes a message and a hint that say what is wrong with the value at
that key and how to fix it ("unknown key 'boddy'" → "did you mean 'body'?").
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any

from .diagnostics import did_you_mean
from .model import ID_PATTERN, STANCES, VERDICTS, CitedEntry, SourceEntry, SourceRef, field_names, slugify

# pydantic-core puts the tag of a discriminated union in an error's location.
_UNION_TAGS = {"ref": SourceRef, "entry": CitedEntry}


_UNKNOWN_KEY = "unexpected_keyword_argument"  # a record's unknown key, in pydantic-core's words


@dataclass(frozen=True)
class Explanation:
    message: str
    hint: str = ""
    at_key: bool = False  # point at the key rather than the value


def explain(model: type, loc: tuple[Any, ...], error: dict[str, Any]) -> Explanation:
    kind: str = error["type"]
    names = [part for part in loc if isinstance(part, str) and part not in _UNION_TAGS]
    name = names[-1] if names else ""
    value = error.get("input")
    if kind == _UNKNOWN_KEY and name == "stance" and _model_at(model, loc) is SourceEntry:
        return Explanation(
            "a shared source has no stance: one source can support one claim and contradict another",
            "remove it here, and write `stance:` under each `- ref: ...` that cites this source in a note",
            True,
        )
    if kind == _UNKNOWN_KEY:
        return Explanation(f"unknown key {name!r}", did_you_mean(name, field_names(_model_at(model, loc))), True)
    if kind == "missing":
        return Explanation(f"missing required key {name!r}", f"add `{name}: ...` here")
    if kind == "literal_error" and name == "verdict" and isinstance(value, bool):
        return Explanation(
            f"unknown verdict {str(value).lower()}",
            f'YAML reads a bare {str(value).lower()} as a yes/no value: write `verdict: "false"` in quotes',
        )
    if kind == "literal_error" and name == "verdict":
        return Explanation(f"unknown verdict {value!r}", did_you_mean(str(value), VERDICTS))
    if kind == "literal_error" and name == "stance":
        return Explanation(f"unknown stance {value!r}", did_you_mean(str(value), STANCES))
    if kind == "string_pattern_mismatch":
        slug = slugify(str(value))
        return Explanation(
            f"{name} {value!r} may use only lowercase letters, digits and hyphens",
            f"for example {slug!r}" if slug else f"it must match {ID_PATTERN}",
        )
    if kind == "string_type":
        hint = "write a single line of text here" if isinstance(value, (dict, list)) else "put the value in quotes"
        return Explanation(f"{name!r} must be text, not {describe(value)}", hint)
    if kind == "list_type":
        return Explanation(
            f"{name!r} must be a list, not {describe(value)}", "start each item on its own line with `- `"
        )
    if kind in ("dict_type", "dataclass_type", "dataclass_args_type"):
        what = repr(name) if name else "the file"
        return Explanation(
            f"{what} must be a mapping of keys to values, not {describe(value)}", "write `key: value` pairs"
        )
    if kind.startswith("date"):
        return Explanation(f"{name!r} must be a date, not {describe(value)}", "write it as YYYY-MM-DD, e.g. 2022-02-04")
    if kind == "bool_type":
        return Explanation(f"{name!r} must be true or false, not {describe(value)}")
    if kind == "value_error":
        hint = "write the full address, starting with https://" if name in ("url", "archive_url") else ""
        return Explanation(f"{name!r} {error['ctx']['error']}", hint)
    return Explanation(f"{name!r}: {error['msg']}" if name else error["msg"])


def without_tags(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """The location as a path in the file: pydantic puts a union's tag after the list index
    (`sources, 0, ref, stance`), and `ref` is also a key there."""
    return tuple(part for i, part in enumerate(loc) if not (part in _UNION_TAGS and i and isinstance(loc[i - 1], int)))


def _model_at(model: type, loc: tuple[Any, ...]) -> type:
    """The record whose keys are checked at `loc` (the last part is the key itself)."""
    current = model
    for part in loc[:-1]:
        if part in _UNION_TAGS:
            current = _UNION_TAGS[part]
            continue
        annotation = _annotations(current).get(part) if isinstance(part, str) else None
        if annotation is not None:
            current = _inner_record(annotation) or current
    return current


@cache
def _annotations(record: type) -> dict[str, Any]:
    return typing.get_type_hints(record) if dataclasses.is_dataclass(record) else {}


def _inner_record(annotation: Any) -> type | None:
    """The (last) record inside an annotation such as `list[Note]` or `dict[str, SourceEntry]`."""
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return annotation
    found = None
    for arg in typing.get_args(annotation):
        found = _inner_record(arg) or found
    return found


def describe(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"the text {value!r}" if isinstance(value, str) else f"{type(value).__name__} {value!r}"
