"""The MkDocs adapter: a thin layer over the Python-Markdown extension.

Events, in build order:
- on_config (early): validate options, add the extension to `markdown_extensions`,
  watch the annotations folders, link our stylesheets and scripts; for an offline
  edition, ship the helper Material's offline plugin would fetch from a CDN.
- on_pre_build: load and check every annotation file. Errors stop the build here,
  before MkDocs cleans the site folder, so a bad file never costs the last good site.
- on_files: add our assets (minified), and the generated pages (sources, claims) if
  configured; then what the build keeps to its end is set aside from the garbage
  collector's passes (core/collector.py), until on_post_build or on_build_error.
- on_page_markdown: tell the extension which page it renders.
- on_page_content (late, on the final content): for annotated pages, the Web Annotation
  collection and the ClaimReview data block; then the search plugin's copy of the page,
  without notes and marks (they add nothing to its index, and parsing them cost as much
  as the rest of the page); the page's loaded notes are released, and the page's Markdown
  instance, which MkDocs frees only in a later pass of the cyclic collector, lets its notes go.
- on_env: runs after every page is rendered and before any is written; anchoring
  errors (and, under `--strict`, warnings) stop the build here, so nothing is
  half-published.
- on_post_page (early): the notes back in the page as it is written (the search plugin
  has read it); the collection is linked from the page's head (and written, unless the
  staged build wrote it already).
- on_post_build (late, after Material's offline plugin): the Atom feed; for an
  offline edition, the check that nothing would load from the network.
- on_shutdown: MkDocs keeps this plugin until the process ends; the notes are let go.
"""

from __future__ import annotations

import json
import logging
import posixpath
import warnings
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .core import collector
from .core.diagnostics import Diagnostic, Diagnostics
from .core.extension import ContextLayersExtension
from .core.files import markdown_pages
from .core.load import load_catalog
from .core.model import note_anchor
from .core.pages import anchor_pages
from .core.render import forget_bodies
from .core.reports import report_template
from .core.strings import ENGLISH
from .edition import classroom_edition  # the classroom edition (edition.py)
from .publish.assets import every_asset, linked, served
from .publish.bibliography import bibliography_markdown, page_title
from .publish.claimreview import claim_reviews, safe_json_for_html
from .publish.claims import FeedEntry, atom_feed, claims_index_markdown
from .publish.discovery import alternate_links, head_links
from .publish.offline import SHIM, SHIM_SOURCE, external_loads
from .publish.search import IndexEntries, SearchCopy, add_to_search_index, exclude_notes, note_entries
from .publish.webannotations import NO_SITE_URL, annotation_collection, site_of
from .settings import ContextLayersConfig
from .staging import StagedSite

# A plain child of MkDocs' logger: MkDocs counts its warnings for --strict, and
# messages start with `file:line:col:` (no prefix) so editors can link them.
log = logging.getLogger("mkdocs.plugins.context_layers")

ASSET_DIR = "assets/context-layers"


def _export_path(dest_uri: str) -> str:
    """Where a page's Web Annotations go: `annotations.jsonld` beside its index.html."""
    folder, name = posixpath.split(dest_uri)
    file = "annotations.jsonld" if name == "index.html" else f"{posixpath.splitext(name)[0]}.annotations.jsonld"
    return posixpath.join(folder, file)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


class ContextLayersPlugin(BasePlugin[ContextLayersConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.extension: ContextLayersExtension | None = None
        self._page: str | None = None
        self._meta: dict[str, Any] = {}
        # page -> (file in the site, collection as JSON, or "" once written)
        self._exports: dict[str, tuple[str, str]] = {}
        self._feed: list[FeedEntry] = []
        self._search = IndexEntries()  # the notes' entries in the site's search index
        self._serving = False  # `mkdocs serve`: problems are shown on the pages, not raised
        self._site = StagedSite(False)  # staged only where on_startup says the command is a build
        self._search_copy = SearchCopy()
        self._indexed = False  # a search plugin reads the pages
        self._problems: list[Diagnostic] = []
        self._set_aside = False  # objects left out of garbage collection until the build ends

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._serving = command == "serve"
        self._site = StagedSite(command != "serve" and not dirty)

    def on_shutdown(self) -> None:
        # MkDocs keeps a plugin with on_startup alive until the process ends: let the notes go now.
        self._forget()

    def _forget(self) -> None:
        """Drop the last build's notes and everything made from them."""
        self._bring_back()
        if self.extension is not None:
            self.extension.new_build()
        self._problems = []
        self._exports.clear()
        self._feed.clear()
        self._search.clear()
        self._search_copy.clear()

    @event_priority(50)  # early: before Material's offline plugin looks for an iframe-worker polyfill
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        self.annotations_dirs = [(self.root / folder).resolve() for folder in self.config.annotations]
        self.docs_dir = Path(config.docs_dir)
        self.extension = ContextLayersExtension(
            annotations=[str(folder) for folder in self.annotations_dirs],
            root=str(self.root),
            layers=self.config.layers,
            verdict_rules=self.config.verdict_rules,
            how_to_read=self.config.how_to_read,
            # Material's `theme.language` (MkDocs' own theme calls it `locale`).
            language=str(config.theme.get("language") or config.theme.get("locale") or "en"),
            strings=self.config.strings,
            report_url=self.config.report_url
            if self.config.report_url is not None
            else report_template(config.repo_url),
            **self._proposals(config),
        )
        self.extension.page_source = lambda: self._page
        self.extension.meta_source = lambda: self._meta
        self.extension.reporter = self._log
        config.markdown_extensions.append(self.extension)  # type: ignore[arg-type]
        self._indexed = any(name.rpartition("/")[2] == "search" for name in config.plugins)
        self._site.stage(config)
        if self.config.web_annotations and not config.site_url:
            log.warning(NO_SITE_URL)
        config.watch.extend(str(folder) for folder in self.annotations_dirs)
        if self.config.offline:
            # Listed before Material's offline plugin sees it, so it adds no CDN copy.
            polyfills = config.extra.setdefault("polyfills", [])
            if SHIM not in polyfills:
                polyfills.insert(0, SHIM)
            if config.theme.get("font") is not False:
                log.warning("offline: the theme loads web fonts from the network; set `theme.font: false`")
        # What every page links (publish/assets.py); the rest is copied, and loaded when first needed.
        for name in linked(serving=self._serving):
            uri = f"{ASSET_DIR}/{name}"
            if name.endswith(".css") and uri not in config.extra_css:
                config.extra_css.append(uri)
            elif name.endswith(".js") and uri not in [str(script) for script in config.extra_javascript]:
                config.extra_javascript.append(uri)  # type: ignore[arg-type]
        return config

    def _proposals(self, config: MkDocsConfig) -> dict[str, Any]:
        """The proposal form's options: an offline edition, or a site on no known forge, only copies."""
        # MkDocs fills in `edit/master/docs/` for a GitHub repo_url: only an edit_uri the site wrote names a branch.
        # Only `user_configs` tells the two apart. MkDocs 1.x (all this package supports) keeps it, with
        # a warning addressed to MkDocs' own code; the reader of a build log can do nothing about it.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "user_configs", DeprecationWarning)
            written = any("edit_uri" in raw for raw in getattr(config, "user_configs", ()))
        return {
            "propose": self.config.propose,
            "propose_folder": self.config.propose_folder,
            "repo_url": "" if self.config.offline else config.repo_url or "",
            "edit_uri": (config.edit_uri or "") if written else "",
        }

    def on_pre_build(self, config: MkDocsConfig) -> None:
        if self.extension is None:
            return
        self._forget()
        pages = markdown_pages(self.docs_dir)
        catalog = load_catalog(
            self.annotations_dirs,
            self.config.layers,
            root=self.root,
            pages=pages,
            verdict_rules=self.config.verdict_rules,
        )
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
        for name in every_asset():
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", content=served(name)))
        if self.config.offline:
            files.append(File.generated(config, SHIM, abs_src_path=str(SHIM_SOURCE)))
        catalog = self.extension.catalog
        assert catalog is not None
        if self.config.classroom:  # the classroom edition: its home, questions, sheet and navigation
            files = classroom_edition(files, config, self.extension, self.config.classroom)
        titles = self._titles(files)
        if self.config.bibliography:
            title = self.config.bibliography_title or self.extension.strings["sources_title"]
            content = bibliography_markdown(
                catalog, self.config.bibliography, title=title, titles=titles, strings=self.extension.strings
            )
            files.append(File.generated(config, self.config.bibliography, content=content))
        if self.config.claims_index:
            title = self.config.claims_index_title or self.extension.strings["claims_title"]
            content = claims_index_markdown(
                catalog, self.config.claims_index, title=title, titles=titles, strings=self.extension.strings
            )
            files.append(File.generated(config, self.config.claims_index, content=content))
        collector.set_aside()  # the notes and the site's files, kept to the end (core/collector.py)
        self._set_aside = True
        return files

    def _titles(self, files: Files) -> dict[str, str]:
        assert self.extension is not None and self.extension.catalog is not None
        titles = {}
        for page in self.extension.catalog.notes:
            file = files.get_file_from_path(page)
            if file is not None and file.abs_src_path:
                titles[page] = page_title(Path(file.abs_src_path).read_text(encoding="utf-8-sig"), page)
        return titles

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        self._page = page.file.src_uri
        self._meta = page.meta
        return None

    @event_priority(-100)  # late: the content is final, for the open data and for the search copy
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        # Other plugins may render Markdown of their own (excerpts, snippets) with the
        # same extensions: outside a page's own rendering there is no page to annotate.
        self._page = None
        if self.extension:
            self.extension.let_go()
        catalog = self.extension.catalog if self.extension else None
        notes = catalog.for_page(page.file.src_uri) if catalog else []
        if not notes:
            return None
        absolute = urljoin(config.site_url, page.url) if config.site_url else None
        title = page.title or page.file.src_uri
        if self.config.web_annotations:
            target = _export_path(page.file.dest_uri)
            here = "./" if page.file.dest_uri.endswith("index.html") else posixpath.basename(page.file.dest_uri)
            collection = annotation_collection(
                notes,
                catalog.layers,
                absolute or here,
                urljoin(config.site_url, target) if config.site_url else posixpath.basename(target),
                str(title),
                html,
                site_of(config.site_name, config.site_url, config.theme),
            )
            text = json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"
            if self._site.site_dir:  # a staged build: a failed one is thrown away whole, so write it now
                _write(Path(config.site_dir) / target, text)
                text = ""
            self._exports[page.file.src_uri] = (target, text)  # else kept as text until the page is written
        if self.config.feed:
            entries = (FeedEntry.of(n, f"{absolute or page.url}#{note_anchor(n.note.id)}", str(title)) for n in notes)
            self._feed.extend(entry for entry in entries if entry)
        self._search.add(note_entries(notes, catalog.layers, page.url, page.meta))
        tail = ""
        if self.config.claim_review:
            original, strings = page.meta.get("original"), self.extension.strings if self.extension else ENGLISH
            reviews = claim_reviews(notes, absolute or "", config.site_name, config.site_url, original, strings)
            if reviews:
                data = safe_json_for_html(json.dumps(reviews, ensure_ascii=False, indent=1))
                tail = f'\n<script type="application/ld+json" class="cl-claim-review">{data}</script>\n'
        catalog.release(page.file.src_uri)  # all made from them: the page, its open data, feed and search entries
        if not self._serving:  # and their rendered bodies (a server keeps them for its next rebuild)
            forget_bodies(loaded.note.body for loaded in notes)
        # A note is found as itself, not as part of a section (`exclude_notes`); a big page is
        # copied once here, for the search plugin, and the notes go back as it is written.
        if self._indexed:
            return self._search_copy.hide(id(page), html, tail)
        return exclude_notes(html) + tail

    @event_priority(100)  # early: every other plugin gets the page with its notes back
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str | None:
        export = self._exports.pop(page.file.src_uri, None)
        if export and export[1]:
            _write(Path(config.site_dir) / export[0], export[1])
        here = posixpath.dirname(page.file.dest_uri) or "."
        feed = posixpath.relpath(self.config.feed, here) if self.config.feed else None
        links = alternate_links(posixpath.basename(export[0]) if export else None, feed)
        # Last, the notes go back into the written page, and only there: `page.content` keeps the
        # search copy, so no page's notes stay in memory once it is written (MkDocs holds every page).
        # The links and the banner go in as the page is put together: a big page is copied once.
        return self._search_copy.restore(id(page), output, head_links(output, links) + self._problems_banner(output))

    @event_priority(-1000)  # last: after Material's offline plugin and every other writer of the site
    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.extension is None:
            return
        self._bring_back()
        self._finish_site(config)  # raises if the edition is not fit to publish: then nothing is
        self._site.publish(config)

    def on_build_error(self, *, error: Exception) -> None:
        self._bring_back()
        self._site.discard()

    def _bring_back(self) -> None:
        if self._set_aside:
            collector.bring_back()
            self._set_aside = False

    def _finish_site(self, config: MkDocsConfig) -> None:
        add_to_search_index(Path(config.site_dir), self._search)  # after Material's search and offline plugins
        if self.config.feed:
            self._write_feed(config)
        if self.config.offline:
            loads = external_loads(Path(config.site_dir))
            if loads:
                listing = "\n  ".join(loads[:20]) + ("\n  …" if len(loads) > 20 else "")
                raise PluginError(
                    f"context-layers: offline: {len(loads)} place(s) would load from the network:\n  {listing}"
                )

    def _write_feed(self, config: MkDocsConfig) -> None:
        feed = atom_feed(
            self._feed,
            site_name=config.site_name,
            site_url=config.site_url,
            feed_url=self.config.feed,
            strings=self.extension.strings if self.extension else ENGLISH,
        )
        target = Path(config.site_dir) / self.config.feed
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(feed)

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        self._page = None
        self._stop_if_failed(config, "while placing notes")
        return env

    def _log(self, diagnostics: list[Diagnostic]) -> None:
        for diagnostic in diagnostics:
            log_at = log.error if diagnostic.is_error else log.warning if diagnostic.is_warning else log.info
            log_at(diagnostic.format())

    def _stop_if_failed(self, config: MkDocsConfig, stage: str) -> None:
        diagnostics = self.extension.diagnostics if self.extension else Diagnostics()
        if diagnostics.errors or (config.strict and diagnostics.warnings):
            why = "" if diagnostics.errors else " (warnings count as errors with --strict)"
            if self._serving:  # a served site stays readable: the notes without errors, and the problems on top
                if not self._problems:
                    log.error(f"context-layers: {diagnostics.summary()} {stage}{why}; the pages show the problems")
                self._problems = [d for d in diagnostics if d.is_error or d.is_warning]
                return
            raise PluginError(f"context-layers: {diagnostics.summary()} {stage}{why}; nothing was published")

    def _problems_banner(self, output: str) -> list[tuple[int, str]]:
        """While serving, every page opens with the problems, so a reload shows them rather than waiting."""
        body = output.find("<body")
        if not self._problems or body < 0:
            return []
        listing = escape("\n".join(d.format() for d in self._problems))
        banner = (
            '<div class="cl-problems" role="alert"><p><strong>context-layers: '
            f"{escape(Diagnostics(self._problems).summary())} in the annotation files.</strong> "
            "The pages show the notes that have no error; fix the files and the page reloads.</p>"
            f"<pre>{listing}</pre></div>"
        )
        return [(output.index(">", body) + 1, banner)]
