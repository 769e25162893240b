"""The format's committed schemas, generated from the model.

    python -m context_layers.schema [schema/annotations.schema.json]

writes the JSON Schema and the validation schema a build reads (`core/validation.json`; see
`core/schemas`). Editors that use the YAML language server read the JSON Schema through the
first line of each annotation file: `# yaml-language-server: $schema=../schema/annotations.schema.json`.
A test fails when a committed file and the model disagree.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .core.schemas import COMMITTED as VALIDATION
from .core.schemas import json_schema, render_validation_schema

COMMITTED = Path("schema/annotations.schema.json")


def render() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else COMMITTED
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(), encoding="utf-8")
    VALIDATION.write_text(render_validation_schema(), encoding="utf-8")
    print(f"wrote {target} and {VALIDATION}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
