"""The order of ``/ActualText`` that makes text extraction give back the logical text.

A PDF viewer that extracts text (poppler's ``pdftotext``, and the many tools built on
it) takes the characters of a line as drawn, left to right, and turns them into reading
order with a simple rule, not the full bidi algorithm: on a right-to-left page it reads
the line from the right, alternating *right-to-left sections* (characters that are not
left-to-right letters or digits, reversed) and *left-to-right sections* (characters
that are not right-to-left letters, kept in order); on a left-to-right page the same
from the left with the roles swapped. The page's direction is the majority of its
strong letters.

The actual text of each line is therefore written as the string that this rule turns
into the logical text: :func:`actual_text_order` inverts the rule. Where the logical
text is out of the rule's reach (neutral punctuation between a number and the next
right-to-left word), only that punctuation moves; letters and digits always come out in
logical order, so "2560 × 1440" is not read back as "1440 × 2560".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Literal

Kind = Literal["R", "L", "N"]
"""Right-to-left letter; left-to-right letter, digit or number separator; neutral."""


@lru_cache(maxsize=4096)
def extraction_kind(ch: str) -> Kind:
    """How an extractor classifies ``ch``: ``R`` (bidi classes R, AL), ``L`` (L and the
    number classes EN, AN, ES, ET, CS, which extractors read left to right) or neutral."""
    bidi = unicodedata.bidirectional(ch)
    if bidi in ("R", "AL"):
        return "R"
    if bidi in ("L", "EN", "AN", "ES", "ET", "CS"):
        return "L"
    return "N"


def _sections(text: str, first_avoids: Kind) -> Iterator[tuple[bool, str]]:
    """Split ``text`` greedily into alternating sections, yielding (avoids_L, section).

    A section that avoids ``L`` holds no left-to-right letter or digit; one that avoids
    ``R`` holds no right-to-left letter. Neutrals go to the section being read.
    """
    avoid: Kind = first_avoids
    start = 0
    while start < len(text):
        end = start
        while end < len(text) and extraction_kind(text[end]) != avoid:
            end += 1
        yield avoid == "L", text[start:end]
        start = end
        avoid = "R" if avoid == "L" else "L"


def actual_text_order(logical: str, rtl_page: bool) -> str:
    """The string whose left-to-right extraction reading on a page of the given direction
    is ``logical``: right-to-left sections reversed, the sections laid out in the order
    the extractor visits them."""
    if rtl_page:
        pieces = [section[::-1] if rtl else section for rtl, section in _sections(logical, "L")]
        return "".join(reversed(pieces))
    pieces = [section[::-1] if rtl else section for rtl, section in _sections(logical, "R")]
    return "".join(pieces)


def page_is_rtl(texts: list[str]) -> bool:
    """True when right-to-left letters outnumber left-to-right ones (an extractor's test)."""
    balance = 0
    for text in texts:
        for ch in text:
            kind = extraction_kind(ch)
            if kind == "R":
                balance -= 1
            elif kind == "L" and unicodedata.bidirectional(ch) == "L":
                balance += 1
    return balance < 0
