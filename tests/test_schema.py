"""The committed JSON Schema is the one the model generates."""

import json

from context_layers import schema
from helpers import REPO


def test_committed_schema_matches_the_model():
    committed = (REPO / schema.COMMITTED).read_text(encoding="utf-8")
    assert committed == schema.render(), "schema is stale: run `python -m context_layers.schema`"


def test_schema_describes_both_kinds_of_file():
    data = json.loads(schema.render())
    note = data["$defs"]["Note"]
    assert note["additionalProperties"] is False
    assert set(note["required"]) == {"id", "layer", "quote"}
    assert note["properties"]["id"]["pattern"] == "^[a-z0-9-]+$"
    verdict = json.dumps(note["properties"]["verdict"])
    for value in ("accurate", "lacks-context", "misleading", "disputed", "unsupported", "false", "opinion"):
        assert f'"{value}"' in verdict
    assert "SourcesFile" in data["$defs"] and "AnnotationFile" in data["$defs"]
