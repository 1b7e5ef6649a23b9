"""Metadata text as NewsML-G2 accepts it: no XML-illegal characters, no unbalanced bidi
controls, one line (most G2 strings forbid tabs and newlines), and well-formed IRIs."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from ..text.controls import remove_indexes, strip_xml_illegal, unbalanced_bidi

_BIDI_OPENERS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_NEEDS_CLEANING = re.compile(
    "[\x00-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
    "\ufffe\uffff\ud800-\udfff\u202a-\u202e\u2066-\u2069]|  |^ | $"
)
"""Anything :func:`clean_meta` would change: controls, unusual or doubled spaces, edges."""
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_NOT_IN_IRI = re.compile('[\\s<>"{}|\\\\^`\u200e\u200f\u202a-\u202e\u2066-\u2069]')
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_IP_LITERAL = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*:)?//\[[0-9A-Fa-f:.]+\]")
_COLON_FIRST_SEGMENT = re.compile(r"[^/?#]*:")


def clean_meta(text: str) -> str:
    """One line of metadata text: illegal characters and unbalanced bidi controls removed,
    every run of whitespace (tabs, newlines) folded into one space."""
    if _NEEDS_CLEANING.search(text) is None:
        return text
    text = strip_xml_illegal(text)
    if _BIDI_OPENERS.search(text):
        text = remove_indexes(text, unbalanced_bidi(text))
    return " ".join(text.split())


def safe_iri(url: str) -> str:
    """``url`` as a well-formed IRI reference: stray ``%`` and characters IRIs forbid
    (spaces, quotes, angle brackets, bidi controls) percent-encoded; other characters kept."""
    text = strip_xml_illegal(url).strip()
    text = _BAD_PERCENT.sub("%25", text)
    text = _NOT_IN_IRI.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), text)
    head, hash_, fragment = text.partition("#")
    text = head + hash_ + fragment.replace("#", "%23")  # one fragment only
    literal = _IP_LITERAL.match(text)
    kept = literal.end() if literal else 0  # brackets are allowed only around an IPv6 host
    text = text[:kept] + text[kept:].replace("[", "%5B").replace("]", "%5D")
    if _COLON_FIRST_SEGMENT.match(text) and not _SCHEME.match(text):
        text = "./" + text  # a relative reference whose first segment holds a colon
    return _valid_port(text)


def _valid_port(text: str) -> str:
    """``text`` with the colons of its authority encoded when what follows is not a port."""
    parts = urlsplit(text)
    host = parts.netloc.rsplit("@", 1)[-1]
    if ":" not in host or host.startswith("[") or host.rsplit(":", 1)[1].isdigit():
        return text
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(":", "%3A")))
