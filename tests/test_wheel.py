"""The package as a site owner installs it: an sdist, a wheel built from that sdist, installed in a fresh
virtual environment, building a small site with a note.

Everything is built without the network: setuptools' own build hooks run in this interpreter (as
`python -m build --no-isolation` would run them), and the new environment borrows this one's
dependencies through a .pth file, so only the package itself is installed from the wheel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

from helpers import REPO

PACKAGE = REPO / "plugins" / "context_layers"
ENTRY_POINTS = (
    "[console_scripts]\ncontext-layers = context_layers.tools.cli:main",
    "[markdown.extensions]\ncontext_layers = context_layers.core.extension:ContextLayersExtension",
    "[mkdocs.plugins]\ncontext-layers = context_layers.plugin:ContextLayersPlugin",
)
# Every file of the package: its Python, its stylesheets and scripts, the helpers it ships for offline editions,
# and the validation schema a build reads (without it, every build would generate it with pydantic).
SHIPPED = sorted(
    path.relative_to(PACKAGE.parent).as_posix()
    for path in PACKAGE.rglob("*")
    if path.is_file() and "__pycache__" not in path.parts
)


def _run(args: list[str | Path], cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"{' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _hook(hook: str, source: Path, out: Path) -> Path:
    """A PEP 517 build hook of setuptools, run in `source`; the file it built."""
    code = f"import sys; from setuptools import build_meta; print(build_meta.{hook}(sys.argv[1]))"
    return out / _run([sys.executable, "-c", code, out], source).strip().splitlines()[-1]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sdist, built from a copy of the sources (the clone stays clean), and the wheel built from
    that sdist, unpacked, as `python -m build` builds them."""
    tmp = tmp_path_factory.mktemp("build")
    source = tmp / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(PACKAGE, source / "plugins" / "context_layers", ignore=shutil.ignore_patterns("__pycache__"))
    sdist = _hook("build_sdist", source, tmp / "dist")
    with tarfile.open(sdist) as archive:
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}  # filters: Python 3.11.4 and later
        archive.extractall(tmp / "unpacked", **safe)
    (unpacked,) = (tmp / "unpacked").iterdir()
    return sdist, _hook("build_wheel", unpacked, tmp / "dist")


def test_the_sdist_and_the_wheel_carry_the_package_its_assets_and_its_entry_points(built):
    sdist, wheel = built
    with tarfile.open(sdist) as archive:
        in_sdist = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"pyproject.toml", "README.md"} <= in_sdist
    assert not [path for path in SHIPPED if f"plugins/{path}" not in in_sdist]
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = set(archive.namelist())
        (entry_points,) = [name for name in in_wheel if name.endswith(".dist-info/entry_points.txt")]
        declared = archive.read(entry_points).decode()
    assert any(path.startswith("context_layers/assets/") for path in SHIPPED)
    assert any(path.startswith("context_layers/vendor/") for path in SHIPPED)
    assert "context_layers/core/validation.json" in SHIPPED
    assert not [path for path in SHIPPED if path not in in_wheel], "missing from the wheel"
    for section in ENTRY_POINTS:
        assert section in declared


def _venv(folder: Path, wheel: Path) -> Path:
    """A fresh virtual environment with the wheel installed; the dependencies are this environment's."""
    _run([sys.executable, "-m", "venv", "--without-pip", folder], folder.parent)
    python = folder / "bin" / "python"
    site = _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], folder).strip()
    borrowed = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site) / "borrowed-dependencies.pth").write_text("\n".join(sorted(borrowed)) + "\n")
    pip = [sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "--ignore-installed"]
    _run([*pip, wheel], folder.parent)
    return python


SITE = {
    "mkdocs.yml": "site_name: From the wheel\nsite_url: https://example.org/\ntheme:\n  name: material\n"
    "plugins:\n  - search\n  - context-layers\n",
    "docs/index.md": "# Home\n\nThe quick brown fox jumps over the lazy dog.\n",
    "annotations/index.yml": "page: index.md\nnotes:\n  - id: fox\n    layer: background\n"
    '    quote: "quick brown fox"\n    title: Which fox\n    body: A red one.\n',
}


def test_the_installed_wheel_builds_a_site_with_its_notes(built, tmp_path):
    tmp, (_, wheel) = tmp_path, built
    python = _venv(tmp / "venv", wheel)
    where = _run([python, "-c", "import context_layers; print(context_layers.__file__)"], tmp).strip()
    assert Path(where).is_relative_to(tmp / "venv"), f"context_layers came from {where}, not from the wheel"
    loaded = (
        "from importlib.metadata import entry_points; import sys\n"
        "for group, name in (('mkdocs.plugins', 'context-layers'), ('markdown.extensions', 'context_layers')):\n"
        "    print(sys.modules[entry_points(group=group)[name].load().__module__].__file__)\n"
    )
    assert all(Path(line).is_relative_to(tmp / "venv") for line in _run([python, "-c", loaded], tmp).splitlines())
    project = tmp / "project"
    for name, text in SITE.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text)
    _run([tmp / "venv" / "bin" / "context-layers", "check", "--strict"], project)  # the console script
    _run([python, "-m", "mkdocs", "build", "--strict"], project)
    page = (project / "site" / "index.html").read_text()
    assert '<aside class="cl-note' in page and 'id="note-fox"' in page
    assert '<mark class="cl-mark"' in page and ">quick brown fox</mark>" in page
    for asset in ("context-layers.css", "context-layers.js"):
        assert (project / "site" / "assets" / "context-layers" / asset).is_file()
        assert f"assets/context-layers/{asset}" in page
    assert (project / "site" / "annotations.jsonld").is_file()
