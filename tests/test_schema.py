"""The format's committed schemas are the ones the model generates, and a build validates with the
committed one, without importing pydantic."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from context_layers import schema
from context_layers.core import schemas
from context_layers.core.model import Note
from helpers import MKDOCS_YML, REPO


def test_committed_schema_matches_the_model():
    committed = (REPO / schema.COMMITTED).read_text(encoding="utf-8")
    assert committed == schema.render(), "schema is stale: run `python -m context_layers.schema`"


def test_committed_validation_schema_matches_the_model():
    committed = schemas.COMMITTED.read_text(encoding="utf-8")
    assert committed == schemas.render_validation_schema(), "stale: run `python -m context_layers.schema`"


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


# A build reports what it imported from pydantic: nothing, though it checked every note.
BUILD = """\
import sys
from mkdocs.__main__ import cli
try:
    cli(["build", "--strict"], standalone_mode=False)
finally:
    print("pydantic modules:", sorted(m for m in sys.modules if m.split(".")[0] == "pydantic"))
"""


@pytest.mark.parametrize("key", ["body", "boddy"])
def test_a_build_checks_notes_without_importing_pydantic(tmp_path: Path, key: str):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# Home\n\nThe raid killed thirteen people.\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (tmp_path / "annotations").mkdir()
    (tmp_path / "annotations/home.yml").write_text(
        textwrap.dedent(f"""\
            page: index.md
            notes:
              - id: toll
                layer: background
                quote: killed thirteen people
                {key}: Counts differ by source.
            """),
        encoding="utf-8",
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    run = subprocess.run([sys.executable, "-c", BUILD], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert "pydantic modules: []" in run.stdout, run.stdout + run.stderr
    if key == "body":
        assert run.returncode == 0, run.stderr
        assert 'id="note-toll"' in (tmp_path / "site/index.html").read_text(encoding="utf-8")
    else:
        assert run.returncode != 0
        assert "annotations/home.yml:6:5: error: unknown key 'boddy'" in run.stderr
        assert "did you mean 'body'?" in run.stderr


@pytest.fixture
def fresh_validators():
    schemas._validator.cache_clear()
    schemas._committed.cache_clear()
    yield
    schemas._validator.cache_clear()
    schemas._committed.cache_clear()


@pytest.mark.parametrize("committed", ['{"Note": {"type": "no-such-schema"}}', "not JSON", None])
def test_where_pydantic_core_cannot_read_the_committed_schema_the_model_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_validators: None, committed: str | None
):
    """Another pydantic-core may not read the committed file (or a copy may lack it): notes are still checked."""
    path = tmp_path / "validation.json"
    if committed is not None:
        path.write_text(committed, encoding="utf-8")
    monkeypatch.setattr(schemas, "COMMITTED", path)
    note = schemas.validate(Note, {"id": "a", "layer": "background", "quote": "q", "body": "B"})
    assert isinstance(note, Note) and note.body == "B"
    with pytest.raises(schemas.ValidationError) as failed:
        schemas.validate(Note, {"id": "A b", "layer": "background", "quote": " ", "boddy": ""})
    assert [(e["loc"], e["type"]) for e in failed.value.errors()] == [
        (("id",), "string_pattern_mismatch"),
        (("quote",), "value_error"),
        (("boddy",), "unexpected_keyword_argument"),
    ]
