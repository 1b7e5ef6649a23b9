"""Where the writing direction changes inside a drawn line, a new piece of text begins.

A line is drawn left to right, in visual order. Where the direction changes between two
words (an Arabic word next to a number or a Latin word), the glyphs after the change
start at a text position of their own and the space between the two words is drawn as
their first glyph. Extractors that read the content stream and turn each right-to-left
stretch around where it stands (pypdf) see the new position and end the word before
it, instead of gluing it to the number; the extractors that go by glyph positions read
the same glyphs at the same places. Where a right-to-left word has a left-to-right
one on its right, empty bidi marks on either side of the space between them keep that
space between the two words in the extractors that reorder by stretches of one
direction (:func:`mark_direction_changes`). The page looks exactly the same.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import lru_cache
from typing import Any

from ...text.paragraph import GlyphRun, Piece
from .tounicode import logical_characters

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_LTR = re.compile("[0-9A-Za-z\u00c0-\u024f\u0370-\u052f\u0660-\u0669\u06f0-\u06f9]")


def has_direction_changes(text: str) -> bool:
    """True when ``text`` (a line's logical text) mixes right-to-left letters with
    digits or left-to-right letters (Latin, Greek, Cyrillic)."""
    return _RTL.search(text) is not None and _LTR.search(text) is not None


LRM = chr(0x10FD0E)
RLM = chr(0x10FD0F)
"""The stand-ins of the bidi marks (empty glyphs of zero width that read as U+200E and
U+200F, see :mod:`.tounicode`) drawn where a right-to-left word is followed, on its
right, by a left-to-right one: see :func:`mark_direction_changes`."""


@lru_cache(maxsize=4096)
def _direction(glyph: str) -> str:
    """``"R"``, ``"L"`` (letters and digits drawn left to right) or ``""`` (neutral, and
    the bidi marks this module draws)."""
    if glyph in (LRM, RLM):
        return ""
    for char in logical_characters(ord(glyph)):
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "R"
        if kind in ("L", "EN", "AN"):
            return "L"
    return ""


def _edge(pieces: tuple[Piece, ...], start: int, step: int) -> str:
    """The direction of the nearest directional glyph from ``pieces[start]`` going by
    ``step`` within one word (up to the next space), or in the next word when this one
    has none (a dash between a number and a word); ``""`` if there is none."""
    index = start
    while 0 <= index < len(pieces):
        piece = pieces[index]
        if isinstance(piece, str):
            for glyph in piece if step > 0 else reversed(piece):
                if kind := _direction(glyph):
                    return kind
        index += step
    return ""


def _changes(left: str, right: str) -> bool:
    return bool(left) and bool(right) and left != right


Slot = tuple[int, int, int]
"""Where a glyph is: run, piece and offset in the piece (0 for a placed mark)."""


def _words(runs: tuple[GlyphRun, ...], inside: list[Slot]) -> list[tuple[Slot, Slot, str, str]]:
    """The words of a line, left to right: their first and last glyph, and the direction
    at their left and right edges (``""`` for a word of neutral glyphs only). Words are
    parted by space pieces, space glyphs (a no-break space) and gaps between runs.
    Appends to ``inside`` the last left-to-right glyph of each change to right to left
    within a word (a number, a hyphen and a letter: "450-ו")."""
    words: list[tuple[Slot, Slot, str, str]] = []
    word: list[Any] = []  # first slot, last slot, left direction, right direction
    strong: Slot = (0, 0, 0)  # the last directional glyph

    def close() -> None:
        if word:
            words.append((word[0], word[1], word[2], word[3]))
            word.clear()

    for number, run in enumerate(runs):
        if number:
            previous = runs[number - 1]
            if run.x - previous.x - previous.width > 0.01:
                close()
        for index, piece in enumerate(run.pieces):
            if isinstance(piece, float):
                close()
                continue
            glyphs = piece if isinstance(piece, str) else " "
            for offset, glyph in enumerate(glyphs):
                if isinstance(piece, str) and _is_space(glyph):
                    close()
                    continue
                kind = _direction(glyph) if isinstance(piece, str) else ""
                slot = (number, index, offset)
                if not word:
                    word.extend([slot, slot, kind, kind])
                word[1] = slot
                if kind:
                    if kind == "R" and word[3] == "L":
                        inside.append(strong)
                    word[2] = word[2] or kind
                    word[3] = kind
                    strong = slot
    close()
    return words


def _after_neutrals(runs: tuple[GlyphRun, ...], first: Slot) -> Slot | None:
    """The first directional glyph of the piece at ``first`` when neutral glyphs come
    before it there (the full stop of «و2023.» drawn on the number's left), else None.

    In a right-to-left line such a glyph belongs after the number, not before it: a mark
    between them keeps extractors that read a left-to-right stretch whole from moving it
    in front of the number, which parts the number from the letter joined to it."""
    number, index, offset = first
    piece = runs[number].pieces[index]
    if not isinstance(piece, str) or _direction(piece[offset]):
        return None
    for end in range(offset + 1, len(piece)):
        if _direction(piece[end]):
            return (number, index, end)
    return None


def _slot_direction(runs: tuple[GlyphRun, ...], slot: Slot) -> str:
    piece = runs[slot[0]].pieces[slot[1]]
    return _direction(piece[slot[2]]) if isinstance(piece, str) else ""


@lru_cache(maxsize=1024)
def _is_space(glyph: str) -> bool:
    return unicodedata.category(logical_characters(ord(glyph))[:1] or "a") == "Zs"


_MARKED: dict[int, tuple[tuple[GlyphRun, ...], tuple[GlyphRun, ...]]] = {}
"""id(runs) -> (the runs, with their marks): the lines the font plan and the renderer
both mark, and lines met again in later documents."""
MARKED_CACHE = 2048


def forget_marked_lines() -> None:
    """Drop the lines kept in :data:`_MARKED`."""
    _MARKED.clear()


def mark_direction_changes(runs: tuple[GlyphRun, ...]) -> tuple[GlyphRun, ...]:
    """:func:`_mark_direction_changes`, remembered for the same runs."""
    known = _MARKED.get(id(runs))
    if known is not None and known[0] is runs:
        return known[1]
    marked = _mark_direction_changes(runs)
    if len(_MARKED) >= MARKED_CACHE:
        _MARKED.clear()
    _MARKED[id(runs)] = (runs, marked)
    return marked


def _mark_direction_changes(runs: tuple[GlyphRun, ...]) -> tuple[GlyphRun, ...]:
    """The runs of a line with a left-to-right mark after each right-to-left word that a
    left-to-right word follows on its right (neutral words such as a dash between them
    aside), and a right-to-left mark before that word.

    Extractors that put a line in logical order by stretches of one direction take the
    space between two such words into the stretch they meet first and move it to that
    stretch's far end, gluing the two words: poppler's ``reorderText`` (the space to the
    far side of a number or Latin word in a right-to-left line, or of an Arabic phrase in
    a left-to-right line) and MuPDF (which gives a space the direction of the glyph before
    it and turns right-to-left stretches around). A mark of each word's own direction on
    either side of the space keeps it between the two words in both, whatever direction
    they take the line to have. The marks are empty glyphs of zero width: the page looks
    the same.
    """
    inserts: list[tuple[Slot, str]] = []  # (where, mark): after a slot, or before it
    last: tuple[Slot, str] | None = None  # the last word with a direction: its end
    inside: list[Slot] = []
    words = _words(runs, inside)
    inserts.extend(((number, index, offset + 1), RLM) for number, index, offset in inside)
    for first, final, left, right in words:
        if not left:
            continue
        after = (final[0], final[1], final[2] + 1)
        if last is not None and last[1] == "R" and left == "L":
            inserts.append(((last[0][0], last[0][1], last[0][2] + 1), LRM))
            inserts.append((first, RLM))
        if last is not None and last[1] == "L" and left == "R" and not _slot_direction(runs, first):
            inserts.append((first, RLM))  # "3 ،حافلة": the comma stays with its word
        if any(first <= slot <= final for slot in inside):  # "و250" drawn as "250و"
            inserts.append((after, LRM))  # ends the word for MuPDF as a space would
            if left == "L" and (number_start := _after_neutrals(runs, first)) is not None:
                inserts.append((number_start, RLM))  # "و2023." drawn as ".2023و"
        last = (final, right)
    inserts = list(dict.fromkeys(inserts))
    if not inserts:
        return runs
    pieces = [list(run.pieces) for run in runs]
    for (number, index, offset), mark in sorted(inserts, key=lambda item: item[0], reverse=True):
        piece = pieces[number][index]
        if isinstance(piece, str):
            pieces[number][index] = piece[:offset] + mark + piece[offset:]
        else:  # a placed mark: the bidi mark is a piece of its own
            pieces[number].insert(index + offset, mark)
    return tuple(replace(run, pieces=tuple(p)) for run, p in zip(runs, pieces, strict=True))


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
