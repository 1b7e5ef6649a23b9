"""The codes of every glyph a document draws, given before the first page is drawn.

reportlab numbers a font's glyphs (256 per subset) in the order a document first draws
them and names its fonts in the order they are first used, so the bytes that draw a word
depend on everything drawn before it. Given up front, from the sorted set of the
document's glyphs per font and the fonts in order of first use, the codes and names
depend only on that set: a line drawn again in a document with the same set (the same
article after an edit elsewhere) draws with the same bytes, which the renderer then
takes from its cache instead of encoding the line again.
"""

from __future__ import annotations

import threading
from typing import Any

from reportlab.pdfbase import pdfmetrics

from ...text.fonts import Face
from ...text.paragraph import Piece, Shifted, VisualLine
from .direction import forget_marked_lines, has_direction_changes, mark_direction_changes
from .rows import LineRow, Page
from .tounicode import LEADING_ALEF, SEPARATE_LETTERS, STAND_IN_GLYPH, mark_stand_in

LINE_GLYPHS_CACHE = 2048
"""How many lines :data:`_LINE_GLYPHS` holds before it starts again."""

_LINE_GLYPHS: dict[int, tuple[VisualLine, tuple[tuple[str, frozenset[str]], ...]]] = {}
"""id(line) -> (the line, the glyphs of each of its runs): the glyphs of a line met again."""
_CACHE_LOCK = threading.Lock()
CODES_CACHE = 256
"""How many glyph sets :data:`_CODES` holds before it starts again."""
_CODES: dict[tuple[Any, ...], tuple[dict[int, int], tuple[tuple[int, ...], ...], int]] = {}
"""(font, sorted glyphs, fresh state) -> the codes reportlab gives them: assignments,
subsets, next code."""


class FontPlan:
    """Codes and font names of one document, fixed by the glyphs it draws."""

    def __init__(self, doc: Any, pages: list[Page], footer_face: Face) -> None:
        self.doc = doc
        key = []
        self.states = []
        for name, chars in _glyphs_by_font(pages, footer_face).items():
            font = pdfmetrics.getFont(name)
            text = "".join(sorted(chars))
            _give_codes(font, text, doc)
            font.getSubsetInternalName(0, doc)  # names in order of first use
            self.states.append(font.state[doc])
            key.append((name, font.state[doc].internalName, text))
        self.key = tuple(key)
        """Identifies the codes: documents with equal keys encode every glyph alike."""

    def codes_given(self) -> int:
        """Grows whenever a glyph or font not in the plan is given a code or a name."""
        given: int = sum(state.nextCode for state in self.states)
        return given + len(self.doc.fontMapping)


def _give_codes(font: Any, text: str, doc: Any) -> None:
    """Codes for the glyphs of ``text`` (sorted), as reportlab gives them in that order,
    copied from :data:`_CODES` when a document had the same glyphs before."""
    fresh = font.state.get(doc) is None
    font.splitString("", doc)  # the document's state, made if new
    state = font.state[doc]
    key = (font.fontName, text, state.nextCode, tuple(state.subsets[0])) if fresh else None
    known = _CODES.get(key) if key is not None else None
    if known is not None:
        assignments, subsets, next_code = known
        state.assignments = dict(assignments)
        state.subsets = [list(subset) for subset in subsets]
        state.nextCode = next_code
        return
    font.splitString(text, doc)
    if key is not None:
        with _CACHE_LOCK:
            if len(_CODES) >= CODES_CACHE:
                _CODES.clear()
            _CODES[key] = (
                dict(state.assignments),
                tuple(tuple(subset) for subset in state.subsets),
                state.nextCode,
            )


def _glyphs_by_font(pages: list[Page], footer_face: Face) -> dict[str, set[str]]:
    """The glyphs each font draws (with the stand-ins the renderer adds), fonts in order
    of first use: the rows of the first page, its page number, then the other pages."""
    glyphs: dict[str, set[str]] = {}
    for number, page in enumerate(pages, start=1):
        for placed in page.rows:
            if isinstance(placed.row, LineRow):
                for name, text in _line_glyphs(placed.row.line):
                    glyphs.setdefault(name, set()).update(text)
        glyphs.setdefault(footer_face.name, set()).update(str(number))
    return glyphs


def _line_glyphs(line: VisualLine) -> tuple[tuple[str, frozenset[str]], ...]:
    """(font, glyphs) of each run of ``line``, remembered for lines met again."""
    known = _LINE_GLYPHS.get(id(line))
    if known is not None and known[0] is line:
        return known[1]
    runs = line.runs
    if has_direction_changes(line.logical_text):
        runs = mark_direction_changes(runs)
    glyphs = tuple((run.face.name, frozenset(_run_glyphs(run.face, run.pieces))) for run in runs)
    with _CACHE_LOCK:
        if len(_LINE_GLYPHS) >= LINE_GLYPHS_CACHE:
            _LINE_GLYPHS.clear()
        _LINE_GLYPHS[id(line)] = (line, glyphs)
    return glyphs


def _run_glyphs(face: Face, pieces: tuple[Piece, ...]) -> str:
    """Every glyph the renderer draws for a run's pieces (see :func:`drawn_pieces`); a
    combining mark as its stand-in (the mark itself is drawn as an outline)."""
    drawn = drawn_pieces(pieces, pdfmetrics.getFont(face.name))
    return "".join(
        [
            _shown(p.glyph, face) if isinstance(p, Shifted) else p
            for p in drawn
            if not isinstance(p, float)
        ]
    )


def _shown(mark: str, face: Face) -> str:
    return (mark_stand_in(mark) or mark) if face.filename else mark


def drawn_pieces(pieces: tuple[Piece, ...], font: Any) -> tuple[Piece, ...]:
    """A run's pieces as drawn: each lam-alef ligature preceded by its alef's stand-in,
    in its leading form where the stand-in comes first in a piece."""
    if STAND_IN_GLYPH not in font.face.charToGlyph:
        return pieces
    strings = "".join([piece for piece in pieces if isinstance(piece, str)])
    if len(strings.translate(SEPARATE_LETTERS)) == len(strings):
        return pieces  # no lam-alef ligature
    drawn = [
        piece.translate(SEPARATE_LETTERS) if isinstance(piece, str) else piece for piece in pieces
    ]
    for index, piece in enumerate(drawn):  # a stand-in that comes first: its leading form
        if isinstance(piece, str) and piece[:1] in LEADING_ALEF:
            drawn[index] = LEADING_ALEF[piece[0]] + piece[1:]
    return tuple(drawn)


def forget_plans() -> None:
    """Drop the glyphs of lines and the codes of glyph sets kept for later documents."""
    with _CACHE_LOCK:
        _LINE_GLYPHS.clear()
        _CODES.clear()
    forget_marked_lines()
