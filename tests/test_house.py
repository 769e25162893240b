"""The package's house rules, as a maintainer meets them: imports point one way, functions and
modules stay short, and the style is the one ruff keeps."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "plugins" / "context_layers"
MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 400
# Which layer may import which: each imports only the layers listed for it (and itself).
ALLOWED = {
    "core": {"core"},
    "publish": {"core", "publish"},
    "tools": {"core", "publish", "tools"},
    "host": {"core", "publish", "tools", "host"},
}
HOSTS_AND_FRAMEWORKS = ("mkdocs", "zensical", "material")


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _layer(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else "host"


def _imported_layers(path: Path) -> set[tuple[int, str]]:
    """(line, layer) for every import of another module of the package."""
    found = set()
    package = path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            target = [*base, *(node.module or "").split(".")] if node.module else list(base)
            names = [target] if node.module else [[*target, alias.name] for alias in node.names]
            for name in names:
                inner = [part for part in name[1:] if part]
                if inner:
                    found.add((node.lineno, inner[0] if inner[0] in ALLOWED else "host"))
    return found


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_point_down_only(path):
    layer = _layer(path)
    wrong = sorted((line, target) for line, target in _imported_layers(path) if target not in ALLOWED[layer])
    assert not wrong, f"{path.relative_to(ROOT)} ({layer}) imports upward: {wrong}"


@pytest.mark.parametrize("path", sorted((PACKAGE / "core").rglob("*.py")), ids=lambda p: p.name)
def test_the_core_names_no_host_or_framework(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    names += [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and not node.level]
    assert not [n for n in names if n and n.split(".")[0] in HOSTS_AND_FRAMEWORKS], f"{path.name} imports {names}"


def test_functions_and_modules_stay_short():
    long_functions, long_modules = [], []
    for path in _modules():
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(ROOT).as_posix()
        if len(text.splitlines()) > MAX_MODULE_LINES:
            long_modules.append(f"{where}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long_functions.append(f"{where}:{node.lineno} {node.name}: {length} lines")
    assert not long_modules, f"modules over {MAX_MODULE_LINES} lines (split by concern): {long_modules}"
    assert not long_functions, f"functions over {MAX_FUNCTION_LINES} lines (split into steps): {long_functions}"


def _ruff() -> str:
    found = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if not found:
        pytest.fail('ruff is not installed: pip install -e ".[test]"')
    return found


@pytest.mark.parametrize("command", [["check", "."], ["format", "--check", "."]], ids=["lint", "format"])
def test_the_style_is_the_one_ruff_keeps(command):
    result = subprocess.run([_ruff(), *command], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"`ruff {' '.join(command)}` found problems:\n{result.stdout}{result.stderr}"
