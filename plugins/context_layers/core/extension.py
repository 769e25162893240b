"""The context-layers Python-Markdown extension: the engine, with no MkDocs in it.

    markdown.markdown(text, extensions=["context_layers"], extension_configs={
        "context_layers": {"annotations": "annotations", "page": "world/article.md"}})

A treeprocessor runs after the inline patterns and smarty (6) and just before the
table of contents and MkDocs' anchor collector (5), so note ids count as page
anchors. For the page being rendered it loads the notes (once per extension),
anchors their quotes on the finished element tree, and weaves in marks and asides.
A page without notes is left untouched.

Once furnished, each note's inside is written out and stashed as one piece of HTML (`_seal`):
the processors that run after ours (table of contents, anchors, unescaping, MkDocs' links)
walk the page without the notes' many elements, and the page holds a string per note instead
of a tree. The note's `<aside>` itself stays an element, so its id still counts as an anchor.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HtmlStash

from . import collector, frontmatter, render
from .anchor import Placement, anchor_notes, problem_diagnostics
from .catalog import Catalog, normalise_page
from .controls import add_reader_controls, guide_href
from .diagnostics import ContextLayersError, Diagnostic, Diagnostics
from .files import markdown_pages
from .load import load_catalog
from .options import Layer, OptionError, parse_folders, parse_layers
from .propose import DEFAULT_FOLDER, forge_addresses, proposal_data, proposal_form
from .render import note_element, render_bodies, render_body
from .reports import report_address
from .strings import ReaderStrings, reader_strings, unknown_keys
from .textmap import collect_units
from .weave import weave

log = logging.getLogger("context_layers")

PRIORITY = 5.5  # after smarty (6) and attr_list (8); before toc and mkdocs_extract_anchors (5)


class ContextLayersTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, extension: ContextLayersExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: Element) -> None:
        first = self.md.htmlStash.html_counter
        with collector.paused():  # many small objects, no cycles (core/collector.py)
            self._annotate(root)
        if self.md.htmlStash.html_counter > first:
            self.extension.stashed(self.md.htmlStash, range(first, self.md.htmlStash.html_counter))

    def _annotate(self, root: Element) -> None:
        extension = self.extension
        page = extension.current_page()
        if not page:
            return None
        catalog = extension.get_catalog()
        # Loading problems are reported with this page's anchoring problems, so a
        # standalone run shows everything at once (hosts have reported them already).
        diagnostics = Diagnostics(catalog.diagnostics)
        notes = catalog.for_page(page)
        units = collect_units(self.md, root) if notes else []
        placements, problems = anchor_notes(units, notes) if notes else ([], [])
        diagnostics.extend(problem_diagnostics(problems))
        extension.report(diagnostics.sorted())
        if not placements:
            return None
        published = frontmatter.original_date(extension.page_meta())

        def make_mark(placement: Placement) -> Element:
            note = placement.note.note
            return Element("mark", {"class": "cl-mark", "data-note": note.id, "data-layer": note.layer})

        made: dict[int, tuple[str, str]] = {}  # each note's aside (by id): its body's placeholder and the body

        def make_note(placement: Placement) -> Element:
            loaded = placement.note
            body = render_body(loaded.note.body) if loaded.note.body.strip() else ""
            placeholder = self.md.htmlStash.store(body) if body else ""
            layer = catalog.layer(loaded.note.layer)
            aside = note_element(loaded, layer, placeholder, published=published, strings=extension.strings)
            made[id(aside)] = (placeholder, body)
            return aside

        render_bodies(p.note.note.body for p in placements)
        weave(units, placements, make_mark, make_note)
        del units, placements  # the page's text map: done with once the notes are in
        template = extension.getConfig("report_url")
        report = (lambda note_id: report_address(template, page, note_id)) if template else None
        seal = _sealer(self.md)  # each note as soon as it is complete: a big page's notes are never all trees at once
        add_reader_controls(
            root,
            catalog.layers,
            report,
            extension.guide_href(self.md, page),
            extension.strings,
            (lambda aside: seal(aside, *made.pop(id(aside), ("", "")))) if seal else None,
        )
        if extension.getConfig("propose"):
            extension.offer_proposals(root, page, [loaded.note.id for loaded in notes])
        return None


def _sealer(md: Markdown) -> Callable[[Element, str, str], None] | None:
    """What puts a note's inside into one stashed piece of HTML, written as the page's serializer would.

    Links in a note are its own (`#…`) or absolute, except the verdict's link to the how-to-read
    page: under MkDocs (a `relpath` processor) that one is resolved and checked by MkDocs' own
    resolver now, as it would be later. Where that resolver cannot be found, None: notes stay trees.
    """
    relpath = md.treeprocessors["relpath"] if "relpath" in md.treeprocessors else None
    resolve: Callable[[str], str] | None = getattr(relpath, "path_to_url", None)
    if relpath is not None and resolve is None:
        return None

    def seal(aside: Element, placeholder: str, body: str) -> None:
        for link in aside.iter("a") if resolve else ():
            if link.get("class") == "cl-verdict-link":
                link.set("href", resolve(link.get("href", "")))
        inside = "".join(md.serializer(child) for child in aside)
        if placeholder:  # the body goes in here: one placeholder a note, and no stash within the stash
            inside = inside.replace(placeholder, body, 1)
        aside[:] = []
        aside.text = md.htmlStash.store(inside)

    return seal


class ContextLayersExtension(Extension):
    """Context notes from YAML, woven into the pages they annotate."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "annotations": ["annotations", "Folder of annotation YAML files, relative to `root`; or a list of "
                                           "folders."],
            "layers": [{}, "Mapping of layer key to "
                           "{title, description, icon, requires_sources, requires_stance, fold_body}; "
                             "default: background, counter, disputed."],
            "page": ["", "Path under docs/ of the page being rendered; set by MkDocs and Zensical hosts."],
            "docs_dir": ["docs", "Folder of the Markdown pages, relative to `root`."],
            "root": [".", "Project folder: other paths are relative to it, and messages show paths from it."],
            "report_url": ["", "A prefilled problem report's address, with {title} and {body}; empty: no link."],
            "how_to_read": ["about/how-to-read.md", "Path under docs/ of the page that explains the notes: verdict "
                                                    "labels link to its #verdict-KEY; '' or a missing page: no links."],
            "use_directory_urls": [True, "Pages are built as page/index.html (MkDocs' default); for the guide's "
                                         "address, where the host does not turn .md links into addresses."],
            "verdict_rules": [True, "Check each verdict against the stances of its citations (the verdict scale's "
                                    "rules)."],
            "language": ["en", "The reader's language (en, fr, de, es, ar; fr-CA falls back to fr; others to en)."],
            "strings": [{}, "Mapping of string key to text, overriding the language's (see core/strings.py)."],
            "propose": [False, "Offer readers a form that writes a new note for a selected passage (hosts: on)."],
            "propose_folder": [DEFAULT_FOLDER, "Where proposed notes go, relative to `root`."],
            "repo_url": ["", "The site's repository on GitHub or GitLab: proposals open there as a new file or "
                             "an issue; empty: the form only copies."],
            "edit_uri": ["", "Names the repository's branch proposals go to (edit/BRANCH/docs/); default main."],
        }  # fmt: skip
        super().__init__(**kwargs)
        try:
            self.layers: tuple[Layer, ...] = parse_layers(self.getConfig("layers") or None)
        except OptionError as exc:
            raise ContextLayersError([], f"context_layers: {exc}") from None
        if problems := unknown_keys(self.getConfig("strings") or {}):
            raise ContextLayersError([], "context_layers: strings: " + "; ".join(problems))
        self.strings: ReaderStrings = reader_strings(self.getConfig("language"), self.getConfig("strings") or None)
        self.catalog: Catalog | None = None
        self.diagnostics = Diagnostics()
        self.page_source: Callable[[], str | None] | None = None
        # The page's front matter; by default read from the page's file under docs_dir.
        self.meta_source: Callable[[], Mapping[str, Any] | None] | None = None
        self.reporter: Callable[[list[Diagnostic]], None] = self._log_or_raise
        self._reported: set[Diagnostic] = set()
        self._stashed: tuple[weakref.ref[HtmlStash], range] | None = None

    # -- for hosts ---------------------------------------------------------
    def use_catalog(self, catalog: Catalog) -> None:
        """Give the extension notes loaded (and reported) by the host."""
        self.catalog = catalog
        self._reported.update(catalog.diagnostics)

    def new_build(self) -> None:
        """Forget notes and problems: a host starts a new build.

        (Not `reset`: Python-Markdown calls an extension's `reset` between documents.)
        """
        self.catalog = None
        self.diagnostics = Diagnostics()
        self._reported.clear()

    def stashed(self, stash: HtmlStash, entries: range) -> None:
        """Where the page being converted keeps its notes' HTML (for `let_go`)."""
        self._stashed = (weakref.ref(stash), entries)

    def let_go(self) -> None:
        """Empty the stash entries that held the last page's notes; for a host, once the page is converted.

        A host's Markdown instance is a web of references that only the cyclic collector frees, some
        time after its page is done: until then it would hold every note of that page a second time.
        (Not a postprocessor: postprocessors also run on pieces of the page, such as its headings.)
        """
        stash = self._stashed[0]() if self._stashed else None
        if stash is not None and self._stashed:
            for index in self._stashed[1]:
                if index < len(stash.rawHtmlBlocks):
                    stash.rawHtmlBlocks[index] = ""
        self._stashed = None
        render.let_go()

    def current_page(self) -> str | None:
        page = self.page_source() if self.page_source else self.getConfig("page")
        return normalise_page(page) if page else None

    def page_meta(self) -> Mapping[str, Any] | None:
        """The front matter of the page being rendered."""
        if self.meta_source is not None:
            return self.meta_source()
        page = self.current_page()
        path = Path(self.getConfig("root")) / self.getConfig("docs_dir") / page if page else None
        try:
            return frontmatter.read(path.read_text(encoding="utf-8-sig")) if path else None
        except (OSError, UnicodeDecodeError):
            return None

    def guide_href(self, md: Markdown, page: str) -> str:
        """The address of the how-to-read page from `page`; "" if there is none."""
        guide = normalise_page(self.getConfig("how_to_read") or "")
        if not guide or guide == page:
            return ""
        files = getattr(md.treeprocessors["relpath"], "files", None) if "relpath" in md.treeprocessors else None
        if files is not None:  # MkDocs: it turns .md links into addresses and checks their anchors
            found = files.get_file_from_path(guide) is not None
        else:
            found = (Path(self.getConfig("root")) / self.getConfig("docs_dir") / guide).is_file()
        if not found:
            return ""
        directory_urls = bool(self.getConfig("use_directory_urls"))
        return guide_href(page, guide, markdown_links=files is not None, directory_urls=directory_urls)

    def offer_proposals(self, root: Element, page: str, taken: list[str]) -> None:
        """The proposal form after the layer bar, and what its script needs on the bar (core/propose.py)."""
        bar = next((el for el in root if el.get("class") == "cl-layers"), None)
        if bar is None:
            return
        addresses = forge_addresses(self.getConfig("repo_url"), self.getConfig("edit_uri"))
        folder, rules = self.getConfig("propose_folder"), bool(self.getConfig("verdict_rules"))
        bar.set(
            "data-cl-proposal",
            proposal_data(page, taken, self.strings, folder=folder, addresses=addresses, rules=rules),
        )
        position = next(i for i, el in enumerate(root) if el is bar) + 1
        for offset, element in enumerate(proposal_form(self.layers, self.strings, addresses)):
            element.tail = "\n"
            root.insert(position + offset, element)

    def report(self, diagnostics: list[Diagnostic]) -> None:
        """Record problems once each and hand them to the host's reporter."""
        fresh = [d for d in diagnostics if d not in self._reported]
        self._reported.update(fresh)
        self.diagnostics.extend(fresh)
        if fresh:
            self.reporter(fresh)

    def _log_or_raise(self, fresh: list[Diagnostic]) -> None:
        """Standalone behaviour: log warnings, raise on errors."""
        for diagnostic in fresh:
            if diagnostic.is_warning:
                log.warning(diagnostic.format())
            elif not diagnostic.is_error:
                log.info(diagnostic.format())
        errors = [d for d in fresh if d.is_error]
        if errors:
            raise ContextLayersError(errors, f"context-layers: {len(errors)} error(s) in annotations")

    # -- loading -------------------------------------------------------------
    def get_catalog(self) -> Catalog:
        if self.catalog is None:
            root = Path(self.getConfig("root"))
            docs = root / self.getConfig("docs_dir")
            pages = markdown_pages(docs) if docs.is_dir() else None
            try:
                folders = [root / folder for folder in parse_folders(self.getConfig("annotations"))]
            except OptionError as exc:
                raise ContextLayersError([], f"context_layers: {exc}") from None
            self.catalog = load_catalog(
                folders, self.layers, root=root, pages=pages, verdict_rules=bool(self.getConfig("verdict_rules"))
            )
        return self.catalog

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's API
        md.registerExtension(self)
        md.treeprocessors.register(ContextLayersTreeprocessor(md, self), "context_layers", PRIORITY)


def makeExtension(**kwargs: Any) -> ContextLayersExtension:  # noqa: N802 - Python-Markdown's API
    return ContextLayersExtension(**kwargs)
