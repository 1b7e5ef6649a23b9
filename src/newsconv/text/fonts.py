"""Font metrics as the line layout sees them: coverage, advance widths, ink bounds and
the fallback chain per character.

Every character is drawn with the first font of its chain that has a glyph for it, so no
glyph is ever ``.notdef``; a character no font has is reported, not drawn. The bundled
fonts are loaded (and registered with the PDF library) by :mod:`newsconv.writers.pdf.fonts`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from .shaping import is_arabic_script


class Ink(NamedTuple):
    """Bounds of a glyph's outline in thousandths of an em."""

    left: float
    right: float
    bottom: float
    top: float


def _no_outline(_code: int) -> Ink | None:
    return None


@dataclass(slots=True, eq=False)
class Face:
    """One font file: its registered name, coverage and widths (1/1000 em)."""

    name: str
    covered: frozenset[int] = field(repr=False)
    widths: dict[int, float] = field(repr=False)
    default_width: float
    ascent: float
    descent: float
    filename: str = ""
    """The bundled file the face was loaded from."""
    outline_bounds: Callable[[int], Ink | None] = field(default=_no_outline, repr=False)
    """The bounds of a code point's outline (1/1000 em), None when it has none."""
    _cache: dict[str, float] = field(default_factory=dict, repr=False)
    _ink: dict[str, Ink | None] = field(default_factory=dict, repr=False)

    def covers(self, ch: str) -> bool:
        """True when the font has a glyph for ``ch``."""
        return ord(ch) in self.covered

    def ink(self, ch: str) -> Ink | None:
        """The bounds of ``ch``'s outline (1/1000 em), None when it has no outline."""
        if ch not in self._ink:
            self._ink[ch] = self.outline_bounds(ord(ch))
        return self._ink[ch]

    def advance(self, glyphs: str) -> float:
        """Advance width of ``glyphs`` in thousandths of the font size."""
        width = self._cache.get(glyphs)
        if width is None:
            width = sum(self.widths.get(ord(ch), self.default_width) for ch in glyphs)
            self._cache[glyphs] = width
        return width


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
