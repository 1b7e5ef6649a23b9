"""Combining marks drawn as outlines, so that text extractors read them where they belong.

A mark placed on its letter (a shadda, a tanween) overlaps that letter and often sits
above the baseline. Extractors that build words from glyph positions cut the word there,
or move the mark to a line of its own. So the text layer holds the mark as an empty glyph
of zero width where it comes in the text (a stand-in, see :mod:`.tounicode`), and the
mark is drawn as the same outline, filled with the same colour, from the font program:
the page looks the same, and no extractor reads the drawing as text.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from fontTools.pens.basePen import BasePen

from ...text.fonts import Face
from ...text.paragraph import Piece, Shifted
from .fonts import REPORTLAB_LOCK, _outlines
from .tounicode import LEADING_ALEF_CHARS, mark_stand_in


class _PdfPen(BasePen):  # type: ignore[misc]
    """Collects an outline as PDF path operators, in font units."""

    def __init__(self, glyph_set: Any) -> None:
        super().__init__(glyph_set)
        self.ops: list[str] = []

    def _moveTo(self, pt: tuple[float, float]) -> None:
        self.ops.append(f"{_num(pt[0])} {_num(pt[1])} m")

    def _lineTo(self, pt: tuple[float, float]) -> None:
        self.ops.append(f"{_num(pt[0])} {_num(pt[1])} l")

    def _curveToOne(
        self, pt1: tuple[float, float], pt2: tuple[float, float], pt3: tuple[float, float]
    ) -> None:
        points = " ".join(f"{_num(x)} {_num(y)}" for x, y in (pt1, pt2, pt3))
        self.ops.append(f"{points} c")

    def _closePath(self) -> None:
        self.ops.append("h")


class _Glyphs:
    """The glyphs of a ``glyf`` table as a pen finds the components of a composite."""

    def __init__(self, glyf: Any) -> None:
        self.glyf = glyf

    def __getitem__(self, name: str) -> Any:
        glyf = self.glyf

        class _Drawable:
            def draw(self, pen: Any) -> None:
                glyf[name].draw(pen, glyf)

        return _Drawable()


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


@lru_cache(maxsize=1024)
def mark_outline(filename: str, code: int) -> tuple[str, float]:
    """The outline of the glyph for ``code`` in a bundled font, as path operators in font
    units, and the font's units per em ("" when the glyph has no outline)."""
    with REPORTLAB_LOCK:  # fontTools decompiles glyphs in place
        glyf, cmap, units = _outlines(filename)
        name = cmap.get(code)
        if name is None:
            return "", units
        pen = _PdfPen(_Glyphs(glyf))
        glyf[name].draw(pen, glyf)
    return " ".join(pen.ops), units


def draw_mark(
    filename: str,
    code: int,
    size: float,
    x: float,
    y: float,
    skew: float,
    color: tuple[float, float, float],
) -> str:
    """Operators that fill the outline of a mark at origin (``x``, ``y``), ``size`` pt,
    slanted by ``skew`` as italic text is: outside any text object."""
    path, units = mark_outline(filename, code)
    if not path:
        return ""
    scale = size / units
    matrix = f"{_num4(scale)} 0 {_num4(skew * scale)} {_num4(scale)} {_num4(x)} {_num4(y)}"
    red, green, blue = (_num(c) for c in color)
    return f"q {red} {green} {blue} rg {matrix} cm {path} f Q"


def _num4(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def is_outlined(piece: Piece, face: Face) -> bool:
    """True for a mark drawn as an outline, with a stand-in in the text (see
    :mod:`.markpaths`)."""
    return (
        isinstance(piece, Shifted)
        and bool(face.filename)
        and mark_stand_in(piece.glyph) is not None
    )


def alefs_before_marks(pieces: tuple[Piece, ...], outlined: set[int]) -> tuple[Piece, ...]:
    """``pieces`` with the alef stand-in that begins the string after an outlined mark
    drawn before the mark: the mark is on the lam of a lam-alef, so it comes between the
    lam and the alef (drawn to its left) in the text, and extractors that go by position
    see the alef stand-in where it leads the word, not behind the mark."""
    out: list[Piece] = []
    for index, piece in enumerate(pieces):
        after = pieces[index + 1] if index + 1 < len(pieces) else None
        if index in outlined and isinstance(after, str) and after[:1] in LEADING_ALEF_CHARS:
            continue  # drawn after the alef
        if index - 1 in outlined and isinstance(piece, str) and piece[:1] in LEADING_ALEF_CHARS:
            out.append(piece[0])
            out.append(pieces[index - 1])
            if len(piece) > 1:
                out.append(piece[1:])
            continue
        out.append(piece)
    return tuple(out)


def drawn_glyph(piece: Piece, outlined: bool) -> str:
    """The glyph a piece draws in the text: a mark drawn as an outline as its stand-in."""
    if isinstance(piece, Shifted):
        return (mark_stand_in(piece.glyph) or piece.glyph) if outlined else piece.glyph
    return str(piece)
