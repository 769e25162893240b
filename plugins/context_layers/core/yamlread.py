"""Safe, fast YAML reading that keeps the position of every value.

PyYAML's C parser produces events; this module composes them into a small tree of
`Node`s that remember their line and column, and refuses what annotation files
never need and attackers love: anchors and aliases (the "billion laughs" bomb),
custom tags, duplicate keys and non-scalar keys. Plain scalars are resolved with
YAML's usual rules (so `2022-02-04` is a date and `true` a boolean).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # The C loader is ~30x faster; fall back quietly where libyaml is missing.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 1_000_000
MAX_DEPTH = 20

# Tags a contributor may write explicitly (`!!str 2022`); anything else is a custom tag.
_STANDARD_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}
_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {None, "!", *_STANDARD_TAGS}  # a scalar with any other tag (or an anchor) is refused


class YamlError(Exception):
    """Unreadable YAML, at a 1-based line and column."""

    def __init__(self, line: int, col: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.line, self.col, self.message, self.hint = line, col, message, hint


@dataclass(slots=True)
class Scalar:
    value: Any
    line: int
    col: int
    quoted: bool = False  # written in single or double quotes


@dataclass(slots=True)
class Sequence:
    items: list[Node]
    line: int
    col: int


@dataclass(slots=True)
class Mapping:
    # key text -> (key node, value node); insertion order is file order.
    items: dict[str, tuple[Scalar, Node]] = field(default_factory=dict)
    line: int = 1
    col: int = 1


Node = Scalar | Sequence | Mapping


def _pos(mark: Any) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


class _ScalarResolver(yaml.SafeLoader):
    """Just enough of a loader to resolve and construct one plain scalar."""

    def __init__(self) -> None:
        yaml.resolver.Resolver.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)


_resolver = _ScalarResolver()


_RESOLVED: dict[tuple[str, Any], str] = {}  # short plain scalars (keys, layers, ids) recur in every note


def _resolved(value: str, implicit: Any) -> str:
    """The tag YAML gives a plain scalar, remembered for short ones (the same few thousand words)."""
    if len(value) > 40:
        return _resolver.resolve(yaml.ScalarNode, value, implicit)
    found = _RESOLVED.get((value, implicit))
    if found is None:
        if len(_RESOLVED) > 50_000:
            _RESOLVED.clear()
        found = _RESOLVED[(value, implicit)] = _resolver.resolve(yaml.ScalarNode, value, implicit)
    return found


def _scalar_value(event: yaml.ScalarEvent) -> Any:
    if event.style and event.tag in (None, "!"):
        return event.value  # quoted or block text is a string as written: no resolving needed
    tag = event.tag
    if tag in (None, "!"):
        tag = _resolved(event.value, event.implicit)
        if tag == _STR:
            return event.value  # most plain scalars are words: nothing to construct
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    construct = _resolver.yaml_constructors.get(tag, _resolver.yaml_constructors[None])
    try:
        # Called directly: `construct_object` would keep every node in a cache for good.
        return construct(_resolver, node)
    except (yaml.YAMLError, ValueError, OverflowError) as exc:  # e.g. 2022-02-31
        line, col = _pos(event.start_mark)
        looks_like_date = tag == "tag:yaml.org,2002:timestamp"
        hint = (
            "check the date: year-month-day, e.g. 2022-02-04"
            if looks_like_date
            else "put the value in quotes to keep it as text"
        )
        raise YamlError(line, col, f"cannot read the value {event.value!r}: {exc}", hint) from None


def _check_event(event: Any) -> None:
    anchor = getattr(event, "anchor", None)
    if isinstance(event, yaml.AliasEvent) or anchor:
        line, col = _pos(event.start_mark)
        raise YamlError(
            line,
            col,
            "YAML anchors and aliases are not allowed",
            "write the value out in full instead of `&name` / `*name`",
        )
    tag = getattr(event, "tag", None)
    if tag not in (None, "!") and tag not in _STANDARD_TAGS:
        line, col = _pos(event.start_mark)
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        raise YamlError(
            line, col, f"the YAML tag {shown!r} is not allowed", "remove the tag; annotation files use plain YAML"
        )


def parse(text: str) -> Node | None:
    """Parse one YAML document into position-keeping nodes (None for an empty file)."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise YamlError(
            1, 1, f"the file is larger than {MAX_BYTES // 1_000_000} MB", "split the notes into several files"
        )
    composer = _Composer()
    try:
        take = composer.take
        for event in yaml.parse(text, Loader=_Loader):
            take(event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _pos(mark) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlError(line, col, *_syntax(problem)) from None
    except yaml.YAMLError as exc:  # reader errors: bad bytes or control characters
        raise YamlError(1, 1, f"unreadable YAML: {exc}", "save the file as UTF-8 text") from None
    return composer.root


class _Composer:
    """Builds the node tree from parser events: the open collections on a stack, and for each
    open mapping the key waiting for its value."""

    def __init__(self) -> None:
        self.root: Node | None = None
        self.stack: list[Node] = []
        self.pending_key: list[Scalar | None] = []
        self.documents = 0

    def take(self, event: yaml.Event) -> None:
        kind = type(event)  # the events of PyYAML's parsers are exactly these classes; scalars come most often
        if kind is yaml.ScalarEvent:
            if event.anchor or event.tag not in _PLAIN_TAGS:
                _check_event(event)
            mark = event.start_mark
            self.attach(Scalar(_scalar_value(event), mark.line + 1, mark.column + 1, event.style in ("'", '"')))
            return
        _check_event(event)
        if kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                line, col = _pos(event.start_mark)
                raise YamlError(
                    line, col, "only one YAML document per file", "remove the `---` separator and merge the documents"
                )
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            line, col = _pos(event.start_mark)
            node: Node = Mapping({}, line, col) if kind is yaml.MappingStartEvent else Sequence([], line, col)
            if len(self.stack) >= MAX_DEPTH:
                raise YamlError(line, col, "the YAML is nested too deeply", "annotation files need only a few levels")
            self.attach(node)
            self.stack.append(node)
            self.pending_key.append(None)
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            self.stack.pop()
            self.pending_key.pop()

    def attach(self, node: Node) -> None:
        if not self.stack:
            self.root = node
            return
        parent = self.stack[-1]
        if isinstance(parent, Sequence):
            parent.items.append(node)
            return
        assert isinstance(parent, Mapping)
        key = self.pending_key[-1]
        if key is None:
            self.pending_key[-1] = _as_key(node)
            return
        name = str(key.value) if not isinstance(key.value, bool) else str(key.value).lower()
        if name in parent.items:
            first = parent.items[name][0]
            raise YamlError(
                key.line,
                key.col,
                f"duplicate key {name!r} (first defined at line {first.line})",
                "keep only one of them",
            )
        parent.items[name] = (key, node)
        self.pending_key[-1] = None


def _as_key(node: Node) -> Scalar:
    if not isinstance(node, Scalar) or (not isinstance(node.value, (str, int, float, bool)) and node.value is not None):
        raise YamlError(node.line, node.col, "a key must be plain text", "keys are names like `id` or `body`")
    return node


# PyYAML's words for common slips, and what they mean to someone editing a note.
_SYNTAX = [
    (
        "mapping values are not allowed",
        "this line has a `: ` (colon and space) that YAML reads as a new key",
        "put the whole value in quotes",
    ),
    ("found character '\\t'", "a tab character; YAML indents with spaces only", "replace the tab with spaces"),
    (
        "cannot start any token",
        "a character YAML cannot read here, often a tab",
        "indent with spaces, and put values that start with @, ` or % in quotes",
    ),
    (
        "did not find expected '-' indicator",
        "the indentation does not match the lines above",
        "line this key up with the other keys of the same note",
    ),
    (
        "could not find expected ':'",
        "a line without `key: value`, or a quote that is not closed",
        "check the colon after the key, and that every opening quote is closed",
    ),
    (
        "did not find expected key",
        "the indentation does not match the lines above",
        "line this key up with the other keys of the same note",
    ),
    (
        "expected <block end>",
        "the indentation does not match the lines above",
        "line this key up with the other keys of the same note",
    ),
    ("did not find expected ',' or ']'", "a list in brackets `[...]` that is not closed", "close it with `]`"),
    ("did not find expected ',' or '}'", "a mapping in braces `{...}` that is not closed", "close it with `}`"),
    (
        "found unknown escape character",
        "a backslash in double quotes that YAML cannot read",
        "write a backslash as \\\\, or use single quotes",
    ),
    ("found unexpected end of stream", "a quote that is not closed before the end of the file", "close the quote"),
]


def _syntax(problem: str) -> tuple[str, str]:
    for words, meaning, hint in _SYNTAX:
        if words in problem:
            return f"YAML syntax error: {meaning}", hint
    return f"YAML syntax error: {problem}", "check the indentation and quoting around this position"


def to_python(node: Node | None) -> Any:
    """Plain Python data (dicts, lists, scalars) from a node tree."""
    if node is None:
        return None
    if isinstance(node, Scalar):
        return node.value
    if isinstance(node, Sequence):
        return [to_python(item) for item in node.items]
    return {name: to_python(value) for name, (_, value) in node.items.items()}


def node_at(root: Node | None, path: tuple[Any, ...]) -> Node | None:
    """The node at `path` exactly, or None where the path leaves the tree."""
    node = root
    for part in path:
        if isinstance(node, Mapping) and isinstance(part, str) and part in node.items:
            node = node.items[part][1]
        elif isinstance(node, Sequence) and isinstance(part, int) and 0 <= part < len(node.items):
            node = node.items[part]
        else:
            return None
    return node


def locate(root: Node | None, path: tuple[Any, ...], *, key: bool = False, offset: int = 0) -> tuple[int, int]:
    """Line and column of the value at `path` (or of its key), as deep as the path goes.

    Path parts that are not in the tree (pydantic adds union tags) are skipped.
    `offset` points into a one-line text value: the column of its character at that index.
    """
    node = root
    if node is None:
        return 1, 1
    found: tuple[int, int] = (node.line, node.col)
    for part in path:
        if isinstance(node, Mapping) and isinstance(part, str) and part in node.items:
            key_node, node = node.items[part]
            found = (key_node.line, key_node.col) if key else (node.line, node.col)
        elif isinstance(node, Sequence) and isinstance(part, int) and 0 <= part < len(node.items):
            node = node.items[part]
            found = (node.line, node.col)
    if offset and not key and isinstance(node, Scalar) and isinstance(node.value, str) and "\n" not in node.value:
        found = (found[0], found[1] + offset + node.quoted)
    return found
