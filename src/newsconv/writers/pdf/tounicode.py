"""ToUnicode maps from each drawn glyph to the logical characters it stands for.

The writer draws Arabic in presentation forms (one code point per contextual glyph, and
one per lam-alef ligature). A text extractor reads a glyph's characters from the font's
``/ToUnicode`` map, so that map gives the letters, not the forms: U+FE8E (alef, final
form) reads as U+0627, the lam-alef ligature U+FEFB as U+0644 U+0627. Every other glyph
reads as its own character. With real letters, extractors recognise the text as right
to left and put it in logical order themselves, as they do for any shaped PDF.

A glyph that stands for two letters cannot be put in order by an extractor: most read
the ligature's letters as one right-to-left piece and reverse them with the line (lam-
alef read back as alef-lam), some do not. So each of the two letters gets a glyph of its
own: the ligature reads as the lam, and an empty, zero-width glyph drawn just left of it
(where a separate alef would stand, right to left) reads as its alef. The empty glyph is
the font's zero-width space, reached through a *stand-in* code point (in the last
private-use plane, never drawn for text) per alef, so that each gets its own code and
its own ToUnicode entry.
"""

from __future__ import annotations

import unicodedata
import zlib
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

from ...text.bidi_lines import MIRROR_STAND_INS, mirror_of

_ALEF_STAND_INS = {
    0x10FF22: "\u0622",  # alef with madda above
    0x10FF23: "\u0623",  # alef with hamza above
    0x10FF25: "\u0625",  # alef with hamza below
    0x10FF27: "\u0627",  # alef
}
MARK_STAND_INS = 0x10C000
"""``chr(MARK_STAND_INS + ord(mark))`` stands for a combining mark (below U+3000) placed
on its letter: an empty glyph that reads as the mark, drawn where the mark comes in the
text; the mark itself is drawn as an outline (see :mod:`.markpaths`)."""
BIDI_MARK_STAND_INS = {0x10FD0E: "\u200e", 0x10FD0F: "\u200f"}
"""Stand-ins that draw nothing and read as a left-to-right or right-to-left mark (some
fonts draw the marks' own code points as visible symbols)."""
_LIGATURE_ALEF = {
    chr(code): chr(0x10FF00 + ord(unicodedata.normalize("NFKC", chr(code))[1]) - 0x600)
    for code in range(0xFEF5, 0xFEFD)
}
"""Each lam-alef ligature and the stand-in of its alef."""
_MIRRORED = tuple(code for code in range(0x20, 0x3000) if mirror_of(chr(code)) != chr(code))
"""Characters drawn as a mirror image at odd bidi levels: each has a stand-in
(:data:`~newsconv.text.bidi_lines.MIRROR_STAND_INS`) that draws the mirror glyph and
reads back as the character itself, as the logical text has it."""
STAND_IN_GLYPH = 0x200B
"""The font character whose empty, zero-width glyph the stand-ins draw."""
_LEADING_ALEF_STAND_INS = {code - 0x100: letter for code, letter in _ALEF_STAND_INS.items()}
"""The same alefs where the stand-in is the first glyph of a word as drawn (the lam-alef
ends the word): these stand-ins advance :data:`ALEF_STAND_IN_WIDTH`."""
ALEF_STAND_IN_WIDTH = 1
"""The advance (1/1000 em) of a leading alef stand-in, given back by a ``TJ`` displacement
just before it. An extractor that measures the gap before a glyph from the last glyph
with an advance (pdf.js) would otherwise see the space before a word-final lam-alef again
between its alef and its lam, and cut the alef off the word."""
LEADING_ALEF = {chr(code + 0x100): chr(code) for code in _LEADING_ALEF_STAND_INS}
"""Alef stand-in -> its leading form."""
LEADING_ALEF_CHARS = frozenset(LEADING_ALEF.values())
SEPARATE_LETTERS = str.maketrans({lig: alef + lig for lig, alef in _LIGATURE_ALEF.items()})
"""Glyph strings in drawing order with every lam-alef ligature preceded by its alef's
stand-in (right to left, the alef is drawn to the left of the lam)."""


def mark_stand_in(glyph: str) -> str | None:
    """The stand-in of a combining mark, None for any other glyph."""
    code = ord(glyph)
    if code < 0x3000 and unicodedata.category(glyph) == "Mn":
        return chr(MARK_STAND_INS + code)
    return None


def is_stand_in(code: int) -> bool:
    """True for the code points that only draw stand-ins (alefs, mirrored characters,
    bidi marks and combining marks)."""
    return (
        MARK_STAND_INS <= code < MARK_STAND_INS + 0x3000
        or code in _ALEF_STAND_INS
        or code in _LEADING_ALEF_STAND_INS
        or code in BIDI_MARK_STAND_INS
        or MIRROR_STAND_INS <= code < MIRROR_STAND_INS + 0x3000
    )


def _is_presentation_form(code: int) -> bool:
    return 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFC


@lru_cache(maxsize=4096)
def logical_characters(code: int) -> str:
    """The characters a glyph drawn for code point ``code`` stands for, in logical order.

    A presentation form reads as its compatibility decomposition (the letters it joins),
    without the space that isolated harakat forms carry; anything else as itself.
    """
    char = chr(code)
    if code in _ALEF_STAND_INS:
        return _ALEF_STAND_INS[code]
    if code in _LEADING_ALEF_STAND_INS:
        return _LEADING_ALEF_STAND_INS[code]
    if code in BIDI_MARK_STAND_INS:
        return BIDI_MARK_STAND_INS[code]
    if MARK_STAND_INS <= code < MARK_STAND_INS + 0x3000:
        return chr(code - MARK_STAND_INS)
    if is_stand_in(code):
        return chr(code - MIRROR_STAND_INS)  # drawn mirrored, stands for itself
    if not _is_presentation_form(code):
        return char
    letters = unicodedata.normalize("NFKC", char).replace(" ", "")
    if char in _LIGATURE_ALEF:
        return letters[0]  # the lam: the alef has its own glyph
    return letters or char


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def to_unicode_cmap(font_name: str, codes: list[int]) -> str:
    """A ToUnicode CMap for a 256-code subset whose code ``i`` draws ``codes[i]``."""
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        f"/CMapName /{font_name.replace('+', '-')}-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<00> <FF>",
        "endcodespacerange",
    ]
    entries = [f"<{i:02X}> <{_utf16_hex(logical_characters(c))}>" for i, c in enumerate(codes)]
    for start in range(0, len(entries), 100):  # at most 100 entries per block
        block = entries[start : start + 100]
        lines += [f"{len(block)} beginbfchar", *block, "endbfchar"]
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


def _cached_subsetter(make_subset: Callable[[list[int]], bytes]) -> Callable[[Any], bytes]:
    """``make_subset`` remembered by the codes it is given: the same subset in another
    document is not cut again. Safe across threads (``lru_cache`` locks its table)."""

    @lru_cache(maxsize=256)
    def cached(codes: tuple[int, ...]) -> bytes:
        return bytes(make_subset(list(codes)))

    def subset(codes: Any) -> bytes:
        return cached(tuple(codes))

    return subset


@lru_cache(maxsize=256)
def _compressed_bytes(program: bytes) -> bytes:
    return zlib.compress(program)


def _compressed(make_subset: Callable[[Any], bytes], codes: tuple[int, ...]) -> bytes:
    """The Flate-compressed font program of a subset (both steps cached)."""
    return _compressed_bytes(make_subset(codes))


@lru_cache(maxsize=512)
def _compressed_cmap(font_name: str, codes: tuple[int, ...]) -> bytes:
    """The Flate-compressed ToUnicode map of a subset, made once per process."""
    return zlib.compress(to_unicode_cmap(font_name, list(codes)).encode("utf-8"))


class FormattedObject(pdfdoc.PDFObject):  # type: ignore[misc]
    """A direct PDF object whose bytes were made once: they do not depend on the file."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        """The stored bytes."""
        return self.data


@lru_cache(maxsize=512)
def _widths_array(font_name: str, codes: tuple[int, ...], get_width: Any) -> FormattedObject:
    """A subset's ``/Widths`` array, formatted once per process (as reportlab would)."""
    return FormattedObject(pdfdoc.PDFArray([get_width(code) for code in codes]).format(None))


class LogicalTTFont(TTFont):  # type: ignore[misc]
    """reportlab's subsetting TrueType font, with logical ToUnicode maps and stand-ins."""

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        self.face.makeSubset = _cached_subsetter(self.face.makeSubset)
        glyphs, widths = self.face.charToGlyph, self.face.charWidths
        if STAND_IN_GLYPH in glyphs and widths.get(STAND_IN_GLYPH, 0) == 0:
            for code in _ALEF_STAND_INS:
                glyphs[code] = glyphs[STAND_IN_GLYPH]
                widths[code] = 0
            for code in _LEADING_ALEF_STAND_INS:
                glyphs[code] = glyphs[STAND_IN_GLYPH]
                widths[code] = ALEF_STAND_IN_WIDTH
            for code in BIDI_MARK_STAND_INS:
                glyphs[code] = glyphs[STAND_IN_GLYPH]
                widths[code] = 0
            for code in [c for c in glyphs if c < 0x3000 and unicodedata.category(chr(c)) == "Mn"]:
                glyphs[MARK_STAND_INS + code] = glyphs[STAND_IN_GLYPH]
                widths[MARK_STAND_INS + code] = widths.get(code, self.face.defaultWidth)
        for code in _MIRRORED:
            mirror = ord(mirror_of(chr(code)))
            if mirror in glyphs:
                glyphs[MIRROR_STAND_INS + code] = glyphs[mirror]
                widths[MIRROR_STAND_INS + code] = widths.get(mirror, self.face.defaultWidth)

    def addObjects(self, doc: Any) -> None:
        """The font objects reportlab makes for each subset, with the logical ToUnicode map,
        and the widths, compressed map and font program taken from process-wide caches
        (so nothing is computed that the cache already holds)."""
        try:
            state = self.state[doc]
        except KeyError:
            state = self.state[doc] = TTFont.State(self._asciiReadable)
        state.frozen = 1
        fonts = doc.idToObject["BasicFonts"].dict
        for number, subset in enumerate(state.subsets):
            codes = tuple(subset)
            internal_name = self.getSubsetInternalName(number, doc)[1:]
            base = b"".join((SUBSETN(number), b"+", self.face.name, self.face.subfontNameX))
            base_name = base.decode("pdfdoc")
            pdf_font = pdfdoc.PDFTrueTypeFont()
            pdf_font.__Comment__ = f"Font {self.fontName} subset {number}"
            pdf_font.Name = internal_name
            pdf_font.BaseFont = base_name
            pdf_font.FirstChar = 0
            pdf_font.LastChar = len(codes) - 1
            pdf_font.Widths = _widths_array(self.fontName, codes, self.face.getCharWidth)
            pdf_font.ToUnicode = doc.Reference(
                _cmap_stream(base_name, codes, doc.compression), "toUnicodeCMap:" + base_name
            )
            pdf_font.FontDescriptor = self.face.addSubsetObjects(doc, base_name, subset)
            program = doc.idToObject[f"fontFile:{self.face.filename}({base_name})"]
            if program.filters:
                program.content = _compressed(self.face.makeSubset, codes)
                program.filters = None
                program.dictionary["Filter"] = pdfdoc.PDFName("FlateDecode")
            doc.Reference(pdf_font, internal_name)
            fonts[internal_name] = pdf_font
        del self.state[doc]


def _cmap_stream(base_name: str, codes: tuple[int, ...], compress: bool) -> Any:
    """A subset's ToUnicode stream, Flate-compressed when the document compresses."""
    stream = pdfdoc.PDFStream()
    if compress:
        stream.content = _compressed_cmap(base_name, codes)
        stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
    else:
        stream.content = to_unicode_cmap(base_name, list(codes))
    return stream
