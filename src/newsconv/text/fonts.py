"""The bundled fonts: coverage, advance widths and the fallback chain per character.

Amiri covers Arabic, Persian and Urdu (with the presentation forms shaping produces),
curly quotes and Latin; DejaVu Sans covers Hebrew, Latin and most symbols. Every
character is drawn with the first font of its chain that has a glyph for it, so no
glyph is ever ``.notdef``; a character no bundled font has is reported, not drawn.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal, NamedTuple

from fontTools.ttLib import TTFont as FontToolsFont
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from .shaping import is_arabic_script

FontRole = Literal["arabic", "hebrew", "latin"]


class Ink(NamedTuple):
    """Bounds of a glyph's outline in thousandths of an em."""

    left: float
    right: float
    bottom: float
    top: float


_FILES = {
    ("amiri", False): "Amiri-Regular.ttf",
    ("amiri", True): "Amiri-Bold.ttf",
    ("dejavu", False): "DejaVuSans.ttf",
    ("dejavu", True): "DejaVuSans-Bold.ttf",
}


@dataclass(slots=True, eq=False)
class Face:
    """One registered font file: its reportlab name, coverage and widths (1/1000 em)."""

    name: str
    covered: frozenset[int] = field(repr=False)
    widths: dict[int, float] = field(repr=False)
    default_width: float
    ascent: float
    descent: float
    filename: str = ""
    """The bundled file, for glyph outlines' bounds (:meth:`ink`)."""
    _cache: dict[str, float] = field(default_factory=dict, repr=False)
    _ink: dict[str, Ink | None] = field(default_factory=dict, repr=False)

    def covers(self, ch: str) -> bool:
        """True when the font has a glyph for ``ch``."""
        return ord(ch) in self.covered

    def ink(self, ch: str) -> Ink | None:
        """The bounds of ``ch``'s outline (1/1000 em), None when it has no outline."""
        if ch not in self._ink:
            with REPORTLAB_LOCK:  # fontTools glyphs compute their bounds in place
                self._ink[ch] = _glyph_bounds(self.filename, ord(ch))
        return self._ink[ch]

    def advance(self, glyphs: str) -> float:
        """Advance width of ``glyphs`` in thousandths of the font size."""
        width = self._cache.get(glyphs)
        if width is None:
            width = sum(self.widths.get(ord(ch), self.default_width) for ch in glyphs)
            self._cache[glyphs] = width
        return width


def _load_face(family: str, bold: bool) -> Face:
    filename = _FILES[(family, bold)]
    name = "newsconv-" + filename.removesuffix(".ttf")
    path = resources.files("newsconv") / "fonts" / filename
    with resources.as_file(path) as real_path:
        font = TTFont(name, str(real_path))
    pdfmetrics.registerFont(font)
    face = font.face
    return Face(
        name=name,
        covered=frozenset(code for code in face.charToGlyph if _real_glyph(code, face.charWidths)),
        widths=dict(face.charWidths),
        default_width=float(face.defaultWidth),
        ascent=float(face.ascent),
        descent=float(face.descent),
        filename=filename,
    )


@cache
def _outlines(filename: str) -> tuple[Any, dict[int, str], float]:
    """fontTools' ``glyf`` table, character map and units per em of a bundled font."""
    with (resources.files("newsconv") / "fonts" / filename).open("rb") as stream:
        font = FontToolsFont(stream, lazy=False)
    return font["glyf"], font.getBestCmap(), float(font["head"].unitsPerEm)


def _glyph_bounds(filename: str, code: int) -> Ink | None:
    glyf, cmap, units = _outlines(filename)
    name = cmap.get(code)
    if name is None:
        return None
    glyph = glyf[name]
    glyph.recalcBounds(glyf)
    if not hasattr(glyph, "xMin") or glyph.numberOfContours == 0:
        return None
    scale = 1000 / units
    return Ink(glyph.xMin * scale, glyph.xMax * scale, glyph.yMin * scale, glyph.yMax * scale)


def _real_glyph(code: int, widths: dict[int, float]) -> bool:
    """False for a placeholder: a letter or symbol whose glyph has no advance (Amiri's
    tatweel is one; its visible kashidas are only reachable through OpenType layout)."""
    if widths.get(code, 1.0) > 0:
        return True
    return unicodedata.category(chr(code))[0] in "MCZ"


REPORTLAB_LOCK = threading.RLock()
"""Held by whatever changes reportlab's shared state: registering a font, and drawing and
saving a PDF (a registered font reads its file through one shared cursor while it makes
a subset, and ``rl_config`` is process-wide). Layout runs outside it, in parallel."""

_faces: dict[tuple[str, bool], Face] = {}


def face(family: str, bold: bool = False) -> Face:
    """The bundled face ``family`` (``amiri`` or ``dejavu``), loaded and registered once."""
    found = _faces.get((family, bold))
    if found is not None:
        return found
    with REPORTLAB_LOCK:
        if (family, bold) not in _faces:
            _faces[(family, bold)] = _load_face(family, bold)
        return _faces[(family, bold)]


@dataclass(frozen=True, slots=True)
class FontChain:
    """The faces tried, in order, for the characters of one script role."""

    arabic: tuple[Face, ...]
    hebrew: tuple[Face, ...]
    latin: tuple[Face, ...]

    def face_for(self, ch: str, in_arabic_word: bool = False) -> Face | None:
        """The first face of ``ch``'s chain with a glyph for it, or None.

        Digits and punctuation inside an Arabic-script word take the Arabic chain, so a
        word is set in one font.
        """
        chain = self.arabic if in_arabic_word else self._chain(ch)
        for candidate in chain:
            if candidate.covers(ch):
                return candidate
        return None

    def _chain(self, ch: str) -> tuple[Face, ...]:
        if is_arabic_script(ch) or 0xFB50 <= ord(ch) <= 0xFEFC:
            return self.arabic
        if 0x0590 <= ord(ch) <= 0x05FF or 0xFB1D <= ord(ch) <= 0xFB4F:
            return self.hebrew
        return self.latin


def font_chain(latin_family: str, bold: bool = False) -> FontChain:
    """The fallback chain for a document whose Latin and neutral text uses ``latin_family``.

    Arabic-script documents set Latin in Amiri so that digits and punctuation match the
    letters around them; Hebrew and Latin documents use DejaVu Sans.
    """
    return _cached_chain(latin_family, bold)


@cache
def _cached_chain(latin_family: str, bold: bool) -> FontChain:
    amiri, dejavu = face("amiri", bold), face("dejavu", bold)
    latin = (amiri, dejavu) if latin_family == "amiri" else (dejavu, amiri)
    return FontChain(arabic=(amiri, dejavu), hebrew=(dejavu, amiri), latin=latin)
