"""A project as the command-line tools see it: where things are and how pages render.

Settings come from `mkdocs.yml` through MkDocs' own loader, so the tools read exactly
what a build reads (the plugin's options, `docs_dir`, the Markdown extensions).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.catalog import Catalog, normalise_page
from ..core.diagnostics import did_you_mean, failure, nearest
from ..core.files import markdown_pages
from ..core.load import load_catalog
from ..core.options import Layer, parse_folders, parse_layers

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")


@dataclass
class Project:
    root: Path
    docs_dir: Path
    annotations_dirs: list[Path]
    layers: tuple[Layer, ...]
    extensions: list[Any] = field(default_factory=list)
    extension_configs: dict[str, dict[str, Any]] = field(default_factory=dict)
    verdict_rules: bool = True

    @property
    def annotations_dir(self) -> Path:
        """The first annotations folder: where new files go."""
        return self.annotations_dirs[0]

    def pages(self) -> list[str]:
        return markdown_pages(self.docs_dir)

    def load(self) -> Catalog:
        return load_catalog(
            self.annotations_dirs, self.layers, root=self.root, pages=self.pages(), verdict_rules=self.verdict_rules
        )

    def require_page(self, page: str) -> str:
        """The page's normalised path, or a clear error if it is not under docs/."""
        normal = normalise_page(page)
        pages = self.pages()
        if normal not in pages:
            guess = nearest(normal, pages)
            raise failure(
                page,
                f"page {page!r} does not exist under {self.display(self.docs_dir)}/",
                f"did you mean {guess!r}?" if guess else "give the path of the article relative to docs/",
            )
        return normal

    def require_layer(self, layer: str, where: str) -> None:
        keys = [known.key for known in self.layers]
        if layer not in keys:
            raise failure(where, f"unknown layer {layer!r}", did_you_mean(layer, keys))

    def display(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


class _ErrorLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def load_project(path: str | Path = ".", config_file: str | None = None) -> Project:
    """The project in `path` (a folder holding mkdocs.yml, or the config file itself)."""
    path = Path(path)
    if config_file:
        config_path = Path(config_file)
    elif path.is_file():
        config_path = path
    else:
        config_path = next((path / name for name in CONFIG_NAMES if (path / name).is_file()), path / CONFIG_NAMES[0])
    if not config_path.is_file():
        raise failure(
            config_path.as_posix(),
            "no MkDocs configuration found",
            "run the command in the folder that holds mkdocs.yml, or give that folder as PROJECT",
        )
    from mkdocs.config import load_config  # the tools read settings exactly as a build does
    from mkdocs.exceptions import Abort, ConfigurationError

    # MkDocs logs configuration problems, then aborts: keep the messages for ours.
    logger = logging.getLogger("mkdocs")
    captured = _ErrorLog()
    level, propagate = logger.level, logger.propagate
    logger.addHandler(captured)
    logger.setLevel(logging.ERROR)  # and no INFO chatter from the loader
    logger.propagate = False
    try:
        config = load_config(str(config_path))
    except (ConfigurationError, Abort) as exc:
        detail = "; ".join(captured.messages) or str(exc)
        raise failure(
            config_path.as_posix(),
            f"the configuration is not valid: {detail}",
            "fix mkdocs.yml; `mkdocs build` shows the same problem",
        ) from None
    finally:
        logger.removeHandler(captured)
        logger.setLevel(level)
        logger.propagate = propagate
    root = config_path.resolve().parent
    plugin = config.plugins.get("context-layers")
    options = plugin.config if plugin is not None else {}
    extensions = [e for e in config.markdown_extensions if isinstance(e, str)]
    return Project(
        root=root,
        docs_dir=Path(config.docs_dir),
        annotations_dirs=[
            (root / folder).resolve() for folder in parse_folders(options.get("annotations", "annotations"))
        ],
        layers=options.get("layers") or parse_layers(None),
        extensions=extensions,
        extension_configs=dict(config.mdx_configs),
        verdict_rules=options.get("verdict_rules", True),
    )
