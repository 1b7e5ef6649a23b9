"""Placing Arabic harakat over and under their letters, without OpenType positioning.

A font draws a zero-width mark at a default place meant to be adjusted by its
mark-to-base anchors, which a PDF writer without a shaping engine cannot apply. This
module does the adjustment from the outlines instead: each mark is centred on the ink of
the letter it belongs to, kept clear of the letter's top (or bottom) and of the marks
already stacked there (a fatha over a shadda goes above it).
"""

from __future__ import annotations

from dataclasses import dataclass

from .fonts import Face, Ink
from .shaping import HARAKAT

CLEARANCE = 40.0
"""Gap, in thousandths of an em, between a letter and its mark or between stacked marks."""


@dataclass(frozen=True, slots=True)
class MarkOffset:
    """Where to draw a mark: ``dx`` from the start of its letter, ``dy`` up (both pt)."""

    dx: float
    dy: float


def is_arabic_mark(ch: str) -> bool:
    """True for the Arabic combining marks this module places."""
    return HARAKAT.fullmatch(ch) is not None


def place_marks(
    word: str, glyphs: tuple[str, ...], faces: tuple[Face | None, ...], size: float
) -> tuple[MarkOffset | None, ...]:
    """The offset of every Arabic mark of ``word`` (None for other characters).

    ``glyphs`` and ``faces`` are the drawn glyph and face of each character; a mark's
    letter is the nearest earlier character with a glyph of its own that is not a mark.
    """
    offsets: list[MarkOffset | None] = [None] * len(word)
    base = -1
    above = below = 0.0
    for index, ch in enumerate(word):
        face = faces[index]
        if not is_arabic_mark(ch):
            if glyphs[index] and face is not None:
                base, above, below = index, _top(face, glyphs[index]), _bottom(face, glyphs[index])
            continue
        base_face = faces[base] if base >= 0 else None
        if face is None or base_face is None:
            continue
        mark_ink = face.ink(glyphs[index])
        if mark_ink is None:
            continue
        dx, dy, above, below = _offset(mark_ink, base_face, glyphs[base], above, below)
        offsets[index] = MarkOffset(dx * size / 1000, dy * size / 1000)
    return tuple(offsets)


def _offset(
    mark: Ink, base_face: Face, base_glyph: str, above: float, below: float
) -> tuple[float, float, float, float]:
    """(dx, dy) of a mark in 1/1000 em, and the new tops of the stacks above and below."""
    base_ink = base_face.ink(base_glyph)
    if base_ink is not None:
        centre = (base_ink.left + base_ink.right) / 2
    else:
        centre = base_face.advance(base_glyph) / 2
    dx = centre - (mark.left + mark.right) / 2
    if mark.bottom + mark.top >= 0:  # a mark above the letter
        dy = max(0.0, above + CLEARANCE - mark.bottom)
        return dx, dy, mark.top + dy, below
    dy = min(0.0, below - CLEARANCE - mark.top)
    return dx, dy, above, mark.bottom + dy


def _top(face: Face, glyph: str) -> float:
    ink = face.ink(glyph)
    return ink.top if ink is not None else 0.0


def _bottom(face: Face, glyph: str) -> float:
    ink = face.ink(glyph)
    return ink.bottom if ink is not None else 0.0
