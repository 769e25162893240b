"""The published JSON Schema accepts every annotation file of the site and rejects broken ones."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from helpers import REPO

SCHEMA = json.loads((REPO / "schema/annotations.schema.json").read_text(encoding="utf-8"))
FILES = sorted((REPO / "annotations").rglob("*.yml"))


def _data(text: str):
    # Dates stay text, as an editor's YAML language server sees them.
    return yaml.load(
        text,
        Loader=type(
            "L",
            (yaml.SafeLoader,),
            {
                "yaml_implicit_resolvers": {
                    k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
                    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
                }
            },
        ),
    )


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_annotation_file_is_valid(path):
    jsonschema.validate(_data(path.read_text(encoding="utf-8")), SCHEMA)


def test_every_file_points_editors_at_the_schema():
    for path in FILES:
        assert path.read_text(encoding="utf-8").startswith(
            "# yaml-language-server: $schema=../schema/annotations.schema.json\n"
        ), path


@pytest.mark.parametrize(
    "text",
    [
        "page: index.md\nnotes:\n  - {id: a, layer: background, quote: x, boddy: typo}\n",
        "page: index.md\nnotes:\n  - {id: a, layer: background}\n",
        "page: index.md\nnotes:\n  - {id: Not An Id, layer: background, quote: x}\n",
        "page: index.md\nnotes:\n  - {id: a, layer: background, quote: x, verdict: fals}\n",
        "page: index.md\nnotes:\n  - {id: a, layer: background, quote: x, sources: [{title: t}]}\n",
        "page: index.md\nnotes:\n  - {id: a, layer: background, quote: x, sources: 'https://example.org'}\n",
        "notes: []\n",
        "sources:\n  a: {title: t, url: 'https://example.org', extra: 1}\n",
    ],
)
def test_broken_files_are_rejected(text):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(_data(text), SCHEMA)
