"""A build writes into a staging folder beside the site folder; only a build that succeeded
replaces the site's content (as MkDocs would clean it: hidden entries such as .git stay).

So an error found while placing notes, or by a later plugin, leaves the last good site.
Not while serving (MkDocs serves from its own temporary folder) nor with `--dirty`, where
MkDocs itself keeps what is already built.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils import clean_directory


class StagedSite:
    """The site folder of one build, written aside and swapped in at the end."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.site_dir: str | None = None  # the real site folder while a build is staged

    def stage(self, config: MkDocsConfig) -> None:
        """Point the build at the staging folder (once per build)."""
        if not self.enabled or self.site_dir:
            return
        self.site_dir = config.site_dir
        config.site_dir = self.staging()

    def staging(self) -> str:
        site = Path(self.site_dir or "")
        return str(site.with_name(f".{site.name}.context-layers-build"))

    def publish(self, config: MkDocsConfig) -> None:
        """Replace the site's content with what the build wrote."""
        if not self.site_dir:
            return
        staging, final = Path(self.staging()), Path(self.site_dir)
        config.site_dir = self.site_dir  # later commands (gh-deploy) use the real folder
        self.site_dir = None
        final.mkdir(parents=True, exist_ok=True)
        clean_directory(str(final))
        for entry in staging.iterdir():
            shutil.move(str(entry), str(final / entry.name))
        shutil.rmtree(staging, ignore_errors=True)

    def discard(self) -> None:
        """After a failed build: the published site stays as it was."""
        if self.site_dir:
            shutil.rmtree(self.staging(), ignore_errors=True)
