"""The MkDocs adapter: a thin layer over the Python-Markdown extension.

Events, in build order:
- on_config: validate options, add the extension to `markdown_extensions`, watch
  the annotations folder, link our stylesheets and scripts.
- on_pre_build: load and check every annotation file. Errors stop the build here,
  before MkDocs cleans the site folder, so a bad file never costs the last good site.
- on_files: add our assets, and the bibliography page if configured, as generated files.
- on_page_markdown: tell the extension which page it renders.
- on_env: runs after every page is rendered and before any is written; anchoring
  errors (and, under `--strict`, warnings) stop the build here, so nothing is
  half-published.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .config import Layer, OptionError, parse_layers
from .diagnostics import Diagnostic, Diagnostics
from .extension import ContextLayersExtension
from .bibliography import bibliography_markdown, page_title
from .check import anchor_pages
from .load import load_catalog

# A plain child of MkDocs' logger: MkDocs counts its warnings for --strict, and
# messages start with `file:line:col:` (no prefix) so editors can link them.
log = logging.getLogger("mkdocs.plugins.context_layers")

ASSETS = Path(__file__).parent / "assets"
ASSET_DIR = "assets/context-layers"


class _LayersOption(c.BaseConfigOption[tuple[Layer, ...]]):
    """Layers, in display order: `key: {title, description, icon, requires_sources}`."""

    def __init__(self) -> None:
        super().__init__()
        self.default = None

    def run_validation(self, value: object) -> tuple[Layer, ...]:
        try:
            return parse_layers(value)
        except OptionError as exc:
            raise c.ValidationError(str(exc)) from None


class ContextLayersConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing its configuration."""
    annotations = c.Type(str, default="annotations")
    """Folder of annotation YAML files, relative to mkdocs.yml."""
    layers = _LayersOption()
    """Layers in display order; default: background, counter, disputed."""
    bibliography = c.Optional(c.Type(str))
    """Path under docs/ of a generated page listing every source with the notes citing it."""
    bibliography_title = c.Type(str, default="Sources")
    """Title of the generated bibliography page."""


class ContextLayersPlugin(BasePlugin[ContextLayersConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.extension: ContextLayersExtension | None = None
        self._page: str | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        self.annotations_dir = (self.root / self.config.annotations).resolve()
        self.docs_dir = Path(config.docs_dir)
        self.extension = ContextLayersExtension(
            annotations=str(self.annotations_dir), root=str(self.root), layers=self.config.layers
        )
        self.extension.page_source = lambda: self._page
        self.extension.reporter = self._log
        config.markdown_extensions.append(self.extension)  # type: ignore[arg-type]
        config.watch.append(str(self.annotations_dir))
        # Every stylesheet and script shipped in assets/ is linked from every page.
        for asset in sorted(ASSETS.iterdir()):
            uri = f"{ASSET_DIR}/{asset.name}"
            if asset.suffix == ".css" and uri not in config.extra_css:
                config.extra_css.append(uri)
            elif asset.suffix == ".js" and uri not in [str(script) for script in config.extra_javascript]:
                config.extra_javascript.append(uri)  # type: ignore[arg-type]
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        if self.extension is None:
            return
        self.extension.new_build()
        pages = [p.relative_to(self.docs_dir).as_posix() for p in self.docs_dir.rglob("*.md")]
        catalog = load_catalog(self.annotations_dir, self.config.layers, root=self.root, pages=pages)
        if catalog.diagnostics.errors:
            # The build stops here, before MkDocs empties the site folder; anchor the
            # valid notes now so that this one run reports every problem.
            extensions = [e for e in config.markdown_extensions if e is not self.extension]
            catalog.diagnostics.extend(anchor_pages(catalog, self.docs_dir, extensions, config.mdx_configs))
        self.extension.report(catalog.diagnostics.sorted())
        self.extension.use_catalog(catalog)
        self._stop_if_failed(config, "in annotation files")

    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if self.extension is None:
            return None
        for asset in sorted(ASSETS.iterdir()):
            files.append(File.generated(config, f"{ASSET_DIR}/{asset.name}", abs_src_path=str(asset)))
        if self.config.bibliography:
            files.append(File.generated(config, self.config.bibliography, content=self._bibliography(files)))
        return files

    def _bibliography(self, files: Files) -> str:
        assert self.extension is not None and self.extension.catalog is not None
        catalog = self.extension.catalog
        titles = {}
        for page in catalog.notes:
            file = files.get_file_from_path(page)
            if file is not None and file.abs_src_path:
                titles[page] = page_title(Path(file.abs_src_path).read_text(encoding="utf-8-sig"), page)
        return bibliography_markdown(catalog, self.config.bibliography, title=self.config.bibliography_title, titles=titles)

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        self._page = page.file.src_uri
        return None

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        # Other plugins may render Markdown of their own (excerpts, snippets) with the
        # same extensions: outside a page's own rendering there is no page to annotate.
        self._page = None
        return None

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        self._page = None
        self._stop_if_failed(config, "while placing notes")
        return env

    def _log(self, diagnostics: list[Diagnostic]) -> None:
        for diagnostic in diagnostics:
            (log.error if diagnostic.is_error else log.warning)(diagnostic.format())

    def _stop_if_failed(self, config: MkDocsConfig, stage: str) -> None:
        diagnostics = self.extension.diagnostics if self.extension else Diagnostics()
        if diagnostics.errors or (config.strict and diagnostics.warnings):
            why = "" if diagnostics.errors else " (warnings count as errors with --strict)"
            raise PluginError(f"context-layers: {diagnostics.summary()} {stage}{why}; nothing was published")
