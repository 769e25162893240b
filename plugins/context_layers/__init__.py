"""context-layers: layered context notes, written in YAML, beside the paragraphs they annotate.

The core is a Python-Markdown extension (`markdown.markdown(..., extensions=["context_layers"])`);
`context_layers.plugin` adapts it to MkDocs.
"""

from __future__ import annotations

from .core.diagnostics import ContextLayersError, Diagnostic
from .core.extension import ContextLayersExtension, makeExtension

__all__ = ["ContextLayersError", "ContextLayersExtension", "Diagnostic", "makeExtension"]
__version__ = "0.1.0"
