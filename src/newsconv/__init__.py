"""newsconv: news articles in a light bracketed markup to NewsML-G2, EPUB 3, PDF and HTML.

>>> import newsconv
>>> doc = newsconv.parse("[meta]\\nheadline: Hello\\n[/meta]\\nFirst paragraph.")
>>> doc.meta.headline
'Hello'
"""

from __future__ import annotations

import logging

from .api import ParseResult, convert, parse, parse_with_diagnostics, writer_names
from .diagnostics import Diagnostic, NewsconvError, ParseError, Severity
from .model import MODEL_VERSION, Document, Metadata

__version__ = "0.1.0"

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
    "__version__",
    "convert",
    "parse",
    "parse_with_diagnostics",
    "writer_names",
]
