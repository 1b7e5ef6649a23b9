"""newsconv: news articles in a light bracketed markup to NewsML-G2, EPUB 3, PDF and HTML.

>>> import newsconv
>>> doc = newsconv.parse("[meta]\\nheadline: Hello\\n[/meta]\\nFirst paragraph.")
>>> doc.meta.headline
'Hello'
"""

from __future__ import annotations

import logging

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
