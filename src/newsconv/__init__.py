"""newsconv: news articles in a light bracketed markup to NewsML-G2, EPUB 3, PDF and HTML.

>>> import newsconv
>>> doc = newsconv.parse("[meta]\\nheadline: Hello\\n[/meta]\\nFirst paragraph.")
>>> doc.meta.headline
'Hello'
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import (
        ParseResult,
        WriteResult,
        convert,
        parse,
        parse_with_diagnostics,
        render,
        writer_names,
    )
    from .diagnostics import Diagnostic, NewsconvError, ParseError, Severity
    from .model import MODEL_VERSION, Document, Metadata

from .version import __version__

logging.getLogger("newsconv").addHandler(logging.NullHandler())

_HOMES = {
    "ParseResult": "api",
    "WriteResult": "api",
    "render": "api",
    "convert": "api",
    "parse": "api",
    "parse_with_diagnostics": "api",
    "writer_names": "api",
    "Diagnostic": "diagnostics",
    "NewsconvError": "diagnostics",
    "ParseError": "diagnostics",
    "Severity": "diagnostics",
    "MODEL_VERSION": "model",
    "Document": "model",
    "Metadata": "model",
}


def __getattr__(name: str) -> Any:
    """The public names, imported on first use: ``newsconv --help`` stays fast."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'newsconv' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "MODEL_VERSION",
    "Diagnostic",
    "Document",
    "Metadata",
    "NewsconvError",
    "ParseError",
    "ParseResult",
    "Severity",
    "WriteResult",
    "__version__",
    "convert",
    "parse",
    "parse_with_diagnostics",
    "render",
    "writer_names",
]
