"""Reading YAML safely, with positions."""

import pytest

from context_layers.core import yamlread
from context_layers.core.yamlread import YamlError, locate, parse, to_python


def test_values_keep_their_positions():
    root = parse("page: a.md\nnotes:\n  - id: x\n    quote: 'hi'\n")
    assert to_python(root) == {"page": "a.md", "notes": [{"id": "x", "quote": "hi"}]}
    assert locate(root, ("notes", 0, "quote")) == (4, 12)
    assert locate(root, ("notes", 0, "quote"), key=True) == (4, 5)
    assert locate(root, ("notes", 5, "nothing")) == (3, 3)  # as deep as the path goes: the list


def test_scalars_resolve_like_yaml():
    data = to_python(parse("a: 2022-02-04\nb: true\nc: 3\nd: '3'\ne:\n"))
    assert str(data["a"]) == "2022-02-04" and data["b"] is True and data["c"] == 3 and data["d"] == "3"
    assert data["e"] is None


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("a: 1\nb:\n  c: 1\n  c: 2\n", (4, 3), "duplicate key 'c' (first defined at line 3)"),
        ("a: 1\n---\nb: 2\n", (2, 1), "only one YAML document per file"),
        ("[1]: x\n", (1, 1), "a key must be plain text"),
        ("a: &x 1\n", (1, 4), "YAML anchors and aliases are not allowed"),
        ("a: !include other.yml\n", (1, 4), "the YAML tag '!include' is not allowed"),
        ("a:\n\t- b\n", (2, 1), "YAML syntax error"),
        ("a: " + "[" * 30 + "]" * 30 + "\n", (1, 4 + yamlread.MAX_DEPTH - 1), "nested too deeply"),
    ],
)
def test_problems_are_reported_at_their_position(text, where, message):
    with pytest.raises(YamlError) as raised:
        parse(text)
    assert (raised.value.line, raised.value.col) == where
    assert message in raised.value.message


def test_an_empty_document_is_none():
    assert parse("") is None
    assert parse("# only a comment\n") is None


def test_a_billion_laughs_is_refused_before_it_expands():
    bomb = "a: &a [x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    with pytest.raises(YamlError, match="anchors and aliases"):
        parse(bomb)


def test_reading_keeps_nothing_alive_between_files():
    for _ in range(3):
        parse("a: 1\nb: text\nc: 2022-02-04\n")
    assert len(yamlread._resolver.constructed_objects) == 0
