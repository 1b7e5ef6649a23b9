"""The bundled fonts (Amiri, DejaVu Sans) loaded and registered with reportlab, once each.

Amiri covers Arabic, Persian and Urdu (with the presentation forms shaping produces),
curly quotes and Latin; DejaVu Sans covers Hebrew, Latin and most symbols.
"""

from __future__ import annotations

import threading
import unicodedata
from functools import cache, partial
from importlib import resources
from typing import Any

from fontTools.ttLib import TTFont as FontToolsFont
from reportlab.pdfbase import pdfmetrics

from ...text.fonts import Face, FontChain, Ink
from .tounicode import LogicalTTFont, is_stand_in

REPORTLAB_LOCK = threading.RLock()
"""Held by whatever changes reportlab's shared state: registering a font, and drawing and
saving a PDF (a registered font reads its file through one shared cursor while it makes
a subset, and ``rl_config`` is process-wide). Layout runs outside it, in parallel."""

_FILES = {
    ("amiri", False): "Amiri-Regular.ttf",
    ("amiri", True): "Amiri-Bold.ttf",
    ("dejavu", False): "DejaVuSans.ttf",
    ("dejavu", True): "DejaVuSans-Bold.ttf",
}


def _load_face(family: str, bold: bool) -> Face:
    filename = _FILES[(family, bold)]
    name = "newsconv-" + filename.removesuffix(".ttf")
    path = resources.files("newsconv") / "fonts" / filename
    with resources.as_file(path) as real_path:
        font = LogicalTTFont(name, str(real_path))
    _register(name, font)
    face = font.face
    return Face(
        name=name,
        covered=frozenset(
            code
            for code in face.charToGlyph
            if _real_glyph(code, face.charWidths) and not is_stand_in(code)
        ),
        widths=dict(face.charWidths),
        default_width=float(face.defaultWidth),
        ascent=float(face.ascent),
        descent=float(face.descent),
        filename=filename,
        outline_bounds=partial(_glyph_bounds, filename),
    )


def _register(name: str, font: LogicalTTFont) -> None:
    """Register ``font`` under ``name``. reportlab maps a name to whichever font object
    registered the same face (the font's own name, "Amiri-Regular") first, so a plain
    ``TTFont`` of the same file registered by other code would stand in for this one,
    without its ToUnicode maps, stand-ins and caches: the name is pointed back at it."""
    pdfmetrics.registerFont(font)
    if pdfmetrics.getFont(name) is not font:
        pdfmetrics._fonts[name] = font


@cache
def _outlines(filename: str) -> tuple[Any, dict[int, str], float]:
    """fontTools' ``glyf`` table, character map and units per em of a bundled font."""
    with (resources.files("newsconv") / "fonts" / filename).open("rb") as stream:
        font = FontToolsFont(stream, lazy=False)
    return font["glyf"], font.getBestCmap(), float(font["head"].unitsPerEm)


def _glyph_bounds(filename: str, code: int) -> Ink | None:
    with REPORTLAB_LOCK:  # fontTools loads the table and computes glyph bounds in place
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


def face(family: str, bold: bool = False) -> Face:
    """The bundled face ``family`` (``amiri`` or ``dejavu``), loaded and registered once."""
    with REPORTLAB_LOCK:
        return _cached_face(family, bold)


@cache
def _cached_face(family: str, bold: bool) -> Face:
    return _load_face(family, bold)


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
