"""Control characters: what XML cannot carry, and bidi controls that do not balance."""

from __future__ import annotations

import re

# XML 1.0 Char production: everything but these is legal.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

EMBEDDINGS = "\u202a\u202b\u202d\u202e"  # LRE RLE LRO RLO, closed by PDF U+202C
ISOLATES = "\u2066\u2067\u2068"  # LRI RLI FSI, closed by PDI U+2069
PDF, PDI = "\u202c", "\u2069"
_PAIRED_CONTROLS = re.compile(f"[{EMBEDDINGS}{ISOLATES}{PDF}{PDI}]")
BIDI_CONTROLS = frozenset(EMBEDDINGS + ISOLATES + PDF + PDI + "\u200e\u200f\u061c")
"""Every bidi control: embeddings, overrides, isolates, their terminators and the marks."""


def strip_xml_illegal(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids."""
    return XML_ILLEGAL.sub("", text)


def find_xml_illegal(text: str) -> list[int]:
    """Indexes of characters XML 1.0 forbids."""
    return [m.start() for m in XML_ILLEGAL.finditer(text)]


def may_need_cleaning(text: str) -> bool:
    """Whether ``text`` holds a character XML forbids or a paired bidi control: if not,
    no part of it has anything for :func:`find_xml_illegal` or :func:`unbalanced_bidi`
    to find (two scans of the whole text instead of two per line)."""
    return XML_ILLEGAL.search(text) is not None or _PAIRED_CONTROLS.search(text) is not None


_SUSPECT = re.compile(XML_ILLEGAL.pattern[:-1] + _PAIRED_CONTROLS.pattern[1:])
"""A character :func:`find_xml_illegal` reports or one :func:`unbalanced_bidi` looks at."""


def suspect_offsets(text: str) -> list[int]:
    """Indexes in ``text`` of every character XML forbids and every paired bidi control:
    a line holding none has nothing to clean (one scan of the whole text)."""
    return [match.start() for match in _SUSPECT.finditer(text)]


def unbalanced_bidi(text: str) -> list[int]:
    """Indexes of bidi embedding/override/isolate controls that do not pair up.

    An opener without its terminator before the end of ``text`` and a terminator
    without an opener are both unbalanced; balanced pairs are left alone.
    """
    if not _PAIRED_CONTROLS.search(text):
        return []
    stack: list[tuple[str, int]] = []
    stray: list[int] = []
    for index, ch in enumerate(text):
        if ch in EMBEDDINGS or ch in ISOLATES:
            stack.append((ch, index))
        elif ch in (PDF, PDI):
            opener_kind = EMBEDDINGS if ch == PDF else ISOLATES
            if stack and stack[-1][0] in opener_kind:
                stack.pop()
            else:
                stray.append(index)
    stray.extend(index for _ch, index in stack)
    return sorted(stray)


def remove_indexes(text: str, indexes: list[int]) -> str:
    """``text`` without the characters at ``indexes``."""
    drop = set(indexes)
    return "".join(ch for i, ch in enumerate(text) if i not in drop)


def strip_bidi_controls(text: str) -> str:
    """``text`` without any bidi control (for drawing, where direction is already applied)."""
    return "".join(ch for ch in text if ch not in BIDI_CONTROLS)
