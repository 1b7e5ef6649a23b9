"""The font rules of PDF/UA-1 (clause 7.21), checked for every character code shown.

For each code a text-showing operator uses: the font program is embedded and defines the
glyph (not ``.notdef``), with the width the font dictionary gives (within 1/1000 em), and
``ToUnicode`` maps the code to something other than U+0000, U+FEFF or U+FFFE; the encoding
and ``cmap`` rules of symbolic and non-symbolic TrueType fonts. Rule numbers are those of
veraPDF's PDF/UA-1 profile.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

import pikepdf
from fontTools.ttLib import TTFont


class GlyphRules:
    """The glyph rules, for each code a text-showing operator uses."""

    def __init__(self, report: Any) -> None:
        """``report`` has ``fail(rule, message)``."""
        self.report = report
        self.codes = 0
        self._fonts: dict[tuple[int, int], _Font | None] = {}
        self._reported: set[tuple[str, str]] = set()

    def show(self, font: Any, operands: Any) -> None:
        if font is None:
            self._fail("tree", "text shown with no font selected")
            return
        loaded = self._load(font)
        if loaded is None:
            return
        strings = operands[-1] if len(operands) else []
        items = strings if isinstance(strings, pikepdf.Array) else [strings]
        for item in items:
            if isinstance(item, pikepdf.String):
                codes = bytes(item)
                self.codes += len(codes)
                for code in set(codes) - loaded.checked:  # the same answer every time
                    loaded.checked.add(code)
                    self._glyph(loaded, code)

    def _load(self, font: Any) -> _Font | None:
        key = font.objgen
        if key not in self._fonts:
            self._fonts[key] = self._read(font)
        return self._fonts[key]

    def _read(self, font: Any) -> _Font | None:
        name = str(font.get("/BaseFont"))
        subtype = str(font.get("/Subtype"))
        if subtype in ("/Type0", "/Type3"):
            self._fail("tree", f"{name}: {subtype} fonts are not checked here")
            return None
        descriptor = font.get("/FontDescriptor")
        program = None
        if descriptor is not None:
            for key in ("/FontFile2", "/FontFile", "/FontFile3"):
                if key in descriptor:
                    program = descriptor[key]
        if program is None:
            self._fail("7.21.4.1-1", f"{name} is not embedded")
            return None
        if subtype != "/TrueType" or "/FontFile2" not in descriptor:
            self._fail("tree", f"{name}: only TrueType programs are checked here")
            return None
        symbolic = bool(int(descriptor.get("/Flags", 0)) & 4)
        face = TTFont(io.BytesIO(program.read_bytes()))
        tables = [(table.platformID, table.platEncID) for table in face["cmap"].tables]
        if symbolic:
            if "/Encoding" in font:
                self._fail("7.21.6-3", f"{name}: symbolic TrueType font with an /Encoding")
            if len(tables) != 1 and (3, 0) not in tables:
                self._fail("7.21.6-4", f"{name}: cmap tables {tables}")
        else:
            if str(font.get("/Encoding")) not in ("/MacRomanEncoding", "/WinAnsiEncoding"):
                self._fail("7.21.6-2", f"{name}: encoding {font.get('/Encoding')}")
            if not tables or tables == [(3, 0)]:
                self._fail("7.21.6-1", f"{name}: no non-symbolic cmap")
        return _Font(name, font, face, symbolic, _to_unicode(font))

    def _glyph(self, font: _Font, code: int) -> None:
        glyph = font.glyph(code)
        if glyph is None:
            self._fail("7.21.4.1-2", f"{font.name}: code {code} has no glyph", code)
            return
        if glyph == ".notdef":
            self._fail("7.21.8-1", f"{font.name}: code {code} shows .notdef", code)
        first = int(font.dictionary.get("/FirstChar", 0))
        widths = font.dictionary.get("/Widths")
        if widths is not None and first <= code < first + len(widths):
            advance = font.face["hmtx"][glyph][0] * 1000 / font.face["head"].unitsPerEm
            if abs(float(widths[code - first]) - advance) > 1:
                self._fail(
                    "7.21.5-1",
                    f"{font.name}: code {code} is {widths[code - first]} wide, {advance:.1f} "
                    "in the font",
                    code,
                )
        text = font.to_unicode.get(code)
        if text is None:
            self._fail("7.21.7-1", f"{font.name}: code {code} has no ToUnicode entry", code)
        elif any(ch in text for ch in "\0\ufeff\ufffe"):
            self._fail("7.21.7-2", f"{font.name}: code {code} maps to {text!r}", code)

    def _fail(self, rule: str, message: str, code: int | None = None) -> None:
        if (rule, message) not in self._reported:
            self._reported.add((rule, message))
            self.report.fail(rule, message)


@dataclass
class _Font:
    name: str
    dictionary: Any
    face: TTFont
    symbolic: bool
    to_unicode: dict[int, str]
    checked: set[int] = field(default_factory=set)

    def glyph(self, code: int) -> str | None:
        """The glyph a symbolic (or simple) TrueType font shows for ``code``."""
        cmap = self.face["cmap"]
        for platform, encoding, offset in ((3, 0, 0xF000), (3, 0, 0), (1, 0, 0), (3, 1, 0)):
            table = cmap.getcmap(platform, encoding)
            if table is not None and code + offset in table.cmap:
                return str(table.cmap[code + offset])
        return None


def _to_unicode(font: Any) -> dict[int, str]:
    """The ``ToUnicode`` CMap of a simple font (one-byte codes): code -> text."""
    if "/ToUnicode" not in font:
        return {}
    text = font.ToUnicode.read_bytes().decode("latin-1")
    out: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for code, value in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            out[int(code, 16)] = _utf16(value)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, value in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])", block
        ):
            first, last = int(low, 16), int(high, 16)
            if value.startswith("["):
                for offset, item in enumerate(re.findall(r"<([0-9A-Fa-f]*)>", value)):
                    out[first + offset] = _utf16(item)
            else:
                start = _utf16(value[1:-1])
                for offset in range(last - first + 1):
                    out[first + offset] = start[:-1] + chr(ord(start[-1]) + offset)
    return out


def _utf16(hex_text: str) -> str:
    return bytes.fromhex(hex_text).decode("utf-16-be", errors="replace")
