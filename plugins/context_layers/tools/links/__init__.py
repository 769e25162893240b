"""`context-layers links`: are the sources' addresses still the documents the notes cite?

Concerns, one module each: `targets` finds every distinct `url` and `archive_url` in the
annotation files with where it is written and which notes cite it; `http` asks the web,
politely (per-host limits, retries that honour `Retry-After`, a deadline); `cache` remembers
answers between runs; `classify` turns each answer into a diagnostic at the address;
`command` is the command line. The HTTP client is imported only when the command runs.
"""

from __future__ import annotations

from .command import add_links_command

__all__ = ["add_links_command"]
