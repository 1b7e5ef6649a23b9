"""Link targets that are safe to write: ``http``, ``https``, ``mailto`` and relative references.

One sanitiser serves the parser (which drops an unsafe URL with a warning and keeps the
link text) and every writer (which checks again before writing a URL, so that a document
built through the API cannot smuggle ``javascript:`` into an output either).

A browser ignores tabs, newlines and other control characters inside a URL, decodes
character references in an attribute and reads the scheme case-insensitively, so
``JaVa&#x09;Script:`` is a script URL; the scheme is read after undoing all of that.
"""

from __future__ import annotations

import html
import re
import unicodedata

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
"""The schemes a link, an image source or a metadata URL may use."""

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
_MAX_UNESCAPE_ROUNDS = 4


def _is_invisible(ch: str) -> bool:
    return unicodedata.category(ch) in _INVISIBLE_CATEGORIES or ch in "\t\n\r\f\v"


def _without_invisible(text: str) -> str:
    """``text`` without control, format and line/paragraph separator characters."""
    if text.isprintable():
        return text
    return "".join(ch for ch in text if not _is_invisible(ch))


def _decoded(url: str) -> str:
    """``url`` with character references decoded until none is left (a few rounds)."""
    for _round in range(_MAX_UNESCAPE_ROUNDS):
        if "&" not in url:
            break
        decoded = html.unescape(url)
        if decoded == url:
            break
        url = decoded
    return url


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see in ``url``, lower-cased; None for a relative one."""
    probe = _without_invisible(_decoded(url)).replace(" ", "").lstrip()
    match = _SCHEME.match(probe)
    return match.group(1).lower() if match else None


def unsafe_reason(url: str) -> str | None:
    """Why ``url`` may not be written (its scheme is not allowed), or None when it may."""
    scheme = url_scheme(url)
    if scheme is None or scheme in SAFE_SCHEMES:
        return None
    return f"the {scheme}: scheme is not allowed (only http, https, mailto or a relative URL)"


def safe_url(url: str | None) -> str | None:
    """``url`` ready to write, or None when it is empty or not safe.

    Invisible characters are dropped, surrounding spaces trimmed, inner spaces written as
    ``%20`` and the scheme lower-cased; anything with a scheme outside
    :data:`SAFE_SCHEMES` is refused.
    """
    if not url or unsafe_reason(url) is not None:
        return None
    cleaned = _without_invisible(url).strip()
    if not cleaned:
        return None
    cleaned = cleaned.replace(" ", "%20")
    match = _SCHEME.match(cleaned)
    if match:
        cleaned = match.group(1).lower() + cleaned[match.end(1) :]
    return cleaned if unsafe_reason(cleaned) is None else None


def is_url_key(key: str) -> bool:
    """True for metadata keys that hold a URL (``url``, ``image_url``, ``canonical-href``…)."""
    name = key.lower().replace("-", "_")
    return name in ("url", "uri", "href", "link") or name.endswith(
        ("_url", "_uri", "_href", "_link")
    )
