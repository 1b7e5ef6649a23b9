"""Where the writing direction changes inside a drawn line, a new piece of text begins.

A line is drawn left to right, in visual order. Where the direction changes between two
words (an Arabic word next to a number or a Latin word), the glyphs after the change
start at a text position of their own and the space between the two words is drawn as
their first glyph. Extractors that read the content stream and turn each right-to-left
stretch around where it stands (pypdf) see the new position and end the word before
it, instead of gluing it to the number; the extractors that go by glyph positions read
the same glyphs at the same places. The page looks exactly the same.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import lru_cache

from ...text.paragraph import GlyphRun, Piece
from .tounicode import logical_characters

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_LTR = re.compile("[0-9A-Za-z\u00c0-\u024f\u0370-\u052f\u0660-\u0669\u06f0-\u06f9]")


def has_direction_changes(text: str) -> bool:
    """True when ``text`` (a line's logical text) mixes right-to-left letters with
    digits or left-to-right letters (Latin, Greek, Cyrillic)."""
    return _RTL.search(text) is not None and _LTR.search(text) is not None


@lru_cache(maxsize=4096)
def _direction(glyph: str) -> str:
    """``"R"``, ``"L"`` (letters and digits drawn left to right) or ``""`` (neutral)."""
    for char in logical_characters(ord(glyph)):
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "R"
        if kind in ("L", "EN", "AN"):
            return "L"
    return ""


def _edge(pieces: tuple[Piece, ...], start: int, step: int) -> str:
    """The direction of the nearest directional glyph from ``pieces[start]`` going by
    ``step`` within one word (up to the next space); ``""`` if there is none."""
    index = start
    while 0 <= index < len(pieces):
        piece = pieces[index]
        if isinstance(piece, float):
            return ""
        if isinstance(piece, str):
            for glyph in piece if step > 0 else reversed(piece):
                if kind := _direction(glyph):
                    return kind
        index += step
    return ""


def _changes(left: str, right: str) -> bool:
    return bool(left) and bool(right) and left != right


def _split_run(run: GlyphRun, size: float) -> list[GlyphRun]:
    """``run`` cut at each space where the direction changes; each cut-off part begins
    at its first glyph (``x``) and holds the space before it as its first piece."""
    parts: list[GlyphRun] = []
    pieces, x = run.pieces, run.x
    start = 0
    width = 0.0  # of pieces[start:index], the space a part begins with left out
    scale = size / 1000
    for index, piece in enumerate(pieces):
        if isinstance(piece, str):
            width += run.face.advance(piece) * scale
        elif isinstance(piece, float) and index != start:
            if _changes(_edge(pieces, index - 1, -1), _edge(pieces, index + 1, 1)):
                parts.append(replace(run, x=x, width=width, pieces=pieces[start:index]))
                x, start, width = x + width + piece, index, 0.0
            else:
                width += piece
    if not parts:
        return [run]
    parts.append(replace(run, x=x, width=run.x + run.width - x, pieces=pieces[start:]))
    return parts


def split_at_direction_changes(
    runs: tuple[GlyphRun, ...], size: float
) -> tuple[list[GlyphRun], set[int]]:
    """The runs of a line (left to right) with a new run wherever the direction changes
    at a space, and the indexes of the runs cut out of the run before them. Such a run
    starts at its first glyph and holds the space before it as its first piece: it is
    drawn by moving back over the gap, so the text position moves on past the gap, as a
    word gap does."""
    out: list[GlyphRun] = []
    continued: set[int] = set()
    for run in runs:
        for number, part in enumerate(_split_run(run, size)):
            if number:
                continued.add(len(out))
            if out and part.pieces and not isinstance(part.pieces[0], float):
                previous = out[-1]
                gap = part.x - previous.x - previous.width
                if gap > 0.01 and _changes(
                    _edge(previous.pieces, len(previous.pieces) - 1, -1), _edge(part.pieces, 0, 1)
                ):
                    part = replace(part, pieces=(gap, *part.pieces))
            out.append(part)
    return out, continued
