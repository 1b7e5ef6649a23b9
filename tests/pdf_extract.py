"""Reading newsconv PDFs back for the checks: expected text, lines, glyphs, catalog.

Extends ``../shared/tools/rtl_pdf_check.py`` from "one column of body paragraphs" to
whole articles: the header, headings, quotes, boxes, captions, the related list, page
breaks and the two-column block. A two-column region is found by its column rule (a
vertical line with text on both sides); its lines are split by x before being grouped
into lines, and read first column first (the right one in a right-to-left document).

The expected text comes from the document model, not from the writer: each entry of
:func:`expected_paragraphs` is what one paragraph-like block must read as.
"""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pdfplumber
import pypdf
from fontTools.ttLib import TTFont as FontToolsFont
from pdfminer.converter import PDFLayoutAnalyzer

from newsconv.model import (
    Block,
    Box,
    Columns,
    Direction,
    Document,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    RelatedList,
    inline_text,
)
from newsconv.text.labels import related_label
from newsconv.text.script import text_direction
from newsconv.writers.pdf.tounicode import logical_characters

from .tools import executable

HARAKAT = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u08d3-\u08ff]"
)
BIDI_CONTROLS = frozenset(
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
FONTS = Path(__file__).resolve().parent.parent / "src" / "newsconv" / "fonts"
DIGIT_RUN = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]+")
PAGE_NUMBER = re.compile(r"^[0-9]+$")
MIRROR = {
    "(": ")",
    ")": "(",
    "[": "]",
    "]": "[",
    "{": "}",
    "}": "{",
    "<": ">",
    ">": "<",
    "«": "»",
    "»": "«",
    "‹": "›",
    "›": "‹",
}
JOIN_CAUSING = ("\u0640", "\u200d")
WHITESPACE = re.compile(r"\s+")


# ----------------------------------------------------------------------------- expected text


@dataclass(frozen=True)
class Expected:
    """One paragraph-like unit of the article and the direction it is set in.

    ``drawn`` is ``text`` without the characters no bundled font has: they are reported
    and left out of the drawing, but kept in the text layer.
    """

    text: str
    direction: Direction
    in_columns: bool = False
    heading: bool = False
    drawn: str = ""
    align: Direction | None = None
    """The side the lines stand on when not that of ``direction`` (a related article's
    address, set left to right under its title)."""


def expected_paragraphs(
    doc: Document,
    with_image: frozenset[str] = frozenset(),
    covered: frozenset[int] | None = None,
) -> list[Expected]:
    """What the PDF must show, in reading order (``with_image``: figure srcs that load;
    ``covered``: the code points some bundled font has, None for all)."""
    out: list[Expected] = []
    meta = doc.meta

    def add(text: str, direction: Direction, **kw: Any) -> None:
        for part in text.split("\n"):
            cleaned = " ".join(part.split())
            drawn = cleaned
            if covered is not None:
                drawn = "".join(ch for ch in cleaned if ord(ch) in covered or not clean(ch))
            if clean(drawn):
                out.append(Expected(cleaned, direction, drawn=drawn, **kw))

    if meta.headline and not meta.headline_derived:
        add(meta.headline, text_direction(meta.headline, doc.dir), heading=True)
    for value in (meta.subheadline, meta.byline, meta.dateline):
        if value:
            add(value, text_direction(value, doc.dir))
    if meta.date:
        add(meta.date.date().isoformat(), doc.dir)
    for block in doc.blocks:
        _expected_block(block, doc, doc.dir, add, with_image, in_columns=False)
    return out


def _expected_block(
    block: Block,
    doc: Document,
    direction: Direction,
    add: Any,
    with_image: frozenset[str],
    in_columns: bool,
) -> None:
    match block:
        case Paragraph():
            add(inline_text(block.children), block.dir or direction, in_columns=in_columns)
        case Heading():
            text = inline_text(block.children)
            add(text, block.dir or direction, in_columns=in_columns, heading=True)
        case Columns():
            for child in block.children:
                _expected_block(child, doc, direction, add, with_image, in_columns=True)
        case Quote():
            for child in block.children:
                _expected_block(child, doc, direction, add, with_image, in_columns)
            if block.cite:
                add("— " + block.cite, text_direction(block.cite, direction))
        case Box():
            if block.title:
                add(block.title, text_direction(block.title, direction), heading=True)
            for child in block.children:
                _expected_block(child, doc, direction, add, with_image, in_columns)
        case Figure():
            caption = inline_text(block.caption)
            prefix = block.alt + " " if block.alt and block.src not in with_image else ""
            credit = " " + block.credit if block.credit else ""
            add(prefix + caption + credit, direction, in_columns=in_columns)
        case ListBlock():
            for number, entry in enumerate(block.items, start=1):
                prefix = f"{number}. " if block.ordered else ""
                add(
                    prefix + inline_text(entry.children),
                    entry.dir or direction,
                    in_columns=in_columns,
                )
        case RelatedList():
            title = block.title or related_label(doc.lang)
            add(title, text_direction(title, direction), heading=True)
            for item in block.items:
                own = item.dir or text_direction(item.title, direction)
                add(item.title, own)
                if item.url:  # printed under the title, left to right on its side
                    add(item.url, "ltr", align=own)


# ----------------------------------------------------------------------------- extraction


def visual_normalize(chars: list[str]) -> str:
    """Per glyph NFKC (presentation forms to letters); a ligature's letters stay visual."""
    out = []
    for ch in chars:
        letters = unicodedata.normalize("NFKC", ch)
        if len(letters) > 1 and 0xFB50 <= ord(ch) <= 0xFEFF:
            letters = letters[::-1]
        out.append(letters)
    return "".join(out)


def clean(text: str, strip_harakat: bool = True, canon_brackets: bool = False) -> str:
    """Comparable form: NFKC, no format characters, tatweel, harakat or white space."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc"))
    text = text.replace("\u0640", "")
    if strip_harakat:
        text = HARAKAT.sub("", text)
    if canon_brackets:
        text = "".join("|" if ch in MIRROR else ch for ch in text)
    return WHITESPACE.sub("", text)


def _with_gaps(chars: list[dict[str, Any]]) -> list[str]:
    """Glyph texts sorted left to right, with a space where the gap between inked glyphs
    is wider than a fifth of the font size (spaces are not drawn as glyphs)."""
    out: list[str] = []
    right = None
    for c in chars:
        if right is not None and c["x0"] - right > 0.2 * c["size"] and c["width"] > 0:
            out.append(" ")
        out.append(c["text"])
        if c["width"] > 0:
            right = c["x1"]
    return out


@dataclass
class Line:
    """One visual line: its glyphs left to right, page, top, left and right edges."""

    page: int
    chars: list[dict[str, Any]]
    column: int = 0
    raw: list[str] = field(init=False)
    visual: str = field(init=False)
    top: float = field(init=False)
    x0: float = field(init=False)
    x1: float = field(init=False)

    def __post_init__(self) -> None:
        self.chars.sort(key=lambda c: (round(c["x0"], 2), c["_i"]))
        inked = [c for c in self.chars if not c["text"].isspace()] or self.chars
        self.top = min(c["top"] for c in self.chars)
        self.x0 = min(c["x0"] for c in inked)
        self.x1 = max(c["x1"] for c in inked)
        self.raw = _with_gaps(self.chars)
        self.visual = visual_normalize(self.raw)

    def __repr__(self) -> str:
        return f"<p{self.page} top={self.top:.1f} {self.visual[:30]!r}>"


@dataclass
class Extraction:
    """Everything the checks need from one PDF."""

    lines: list[Line]
    chars: list[dict[str, Any]]
    footers: list[Line]
    fonts: dict[str, bool]
    catalog: dict[str, str]
    page_size: tuple[float, float]


def _baseline(c: dict[str, Any]) -> float:
    """Height of the glyph's baseline (from the text matrix, not the font's box)."""
    return float(c["matrix"][5])


def _baseline_groups(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    chars = sorted(chars, key=lambda c: (-round(_baseline(c), 1), c["_i"]))
    groups: list[list[dict[str, Any]]] = []
    for c in chars:
        if groups and abs(_baseline(groups[-1][-1]) - _baseline(c)) <= max(1.0, 0.25 * c["size"]):
            groups[-1].append(c)
        else:
            groups.append([c])
    return [g for g in groups if "".join(c["text"] for c in g).strip()]


def _column_rules(page: Any, chars: list[dict[str, Any]]) -> list[tuple[float, float, float]]:
    """Column rules: vertical lines at the middle of the page with glyphs on both sides
    (a quotation's rule is off centre): (x, top, bottom)."""
    rules = []
    for line in page.lines:
        vertical = abs(line["x0"] - line["x1"]) <= 0.5
        if not vertical or abs(line["x0"] - float(page.width) / 2) > 1.0:
            continue
        x, top, bottom = line["x0"], line["top"], line["bottom"]
        inside = [c for c in chars if top - 2 <= c["top"] and c["bottom"] <= bottom + 2]
        if any(c["x1"] <= x for c in inside) and any(c["x0"] >= x for c in inside):
            rules.append((x, top, bottom))
    return rules


def _page_lines(page: Any, page_chars: list[Any], number: int, rtl: bool) -> list[Line]:
    chars = [dict(c, _i=i) for i, c in enumerate(page_chars) if c.get("upright", True)]
    rules = _column_rules(page, chars)
    plain = [c for c in chars if not any(t - 2 <= c["top"] <= b + 2 for _x, t, b in rules)]
    units: list[tuple[float, int, list[Line]]] = [
        (min(c["top"] for c in g), 0, [Line(number, g)]) for g in _baseline_groups(plain)
    ]
    for x, top, bottom in rules:
        inside = [c for c in chars if top - 2 <= c["top"] <= bottom + 2]
        right = [c for c in inside if c["x0"] >= x]
        left = [c for c in inside if c["x0"] < x]
        ordered = (right, left) if rtl else (left, right)
        region: list[Line] = []
        for column, side in enumerate(ordered, start=1):
            region.extend(Line(number, g, column) for g in _baseline_groups(side))
        units.append((top, 1, region))
    units.sort(key=lambda unit: (unit[0], unit[1]))
    return [line for _top, _kind, lines in units for line in lines]


def extract(pdf: bytes, rtl: bool) -> Extraction:
    """Lines (columns split, footers apart), glyphs, fonts and catalog entries of ``pdf``.

    Every glyph's ``text`` is the character it draws (a presentation form, a mirrored
    bracket), its ``unicode`` what the text layer reads for it; glyphs without ink
    (spaces, zero-width glyphs) are left out of the lines.
    """
    lines: list[Line] = []
    footers: list[Line] = []
    all_chars: list[dict[str, Any]] = []
    drawn = drawn_characters(pdf)
    with _char_codes(), pdfplumber.open(io.BytesIO(pdf)) as document:
        size = (float(document.pages[0].width), float(document.pages[0].height))
        for number, page in enumerate(document.pages, start=1):
            chars = [_as_drawn(c, drawn) for c in page.chars]
            all_chars.extend(dict(c, _page=number) for c in chars)
            for line in _page_lines(page, [c for c in chars if c["text"]], number, rtl):
                bottom_zone = line.top > size[1] * 0.95
                (footers if bottom_zone and PAGE_NUMBER.match(line.visual) else lines).append(line)
    fonts, catalog = _pdf_objects(pdf)
    return Extraction(lines, all_chars, footers, fonts, catalog, size)


@contextmanager
def _char_codes() -> Iterator[None]:
    """pdfminer's glyphs carry their font's code (``cid``) while this is active."""
    original = PDFLayoutAnalyzer.render_char

    def render_char(self: Any, *args: Any, **kwargs: Any) -> float:
        width = original(self, *args, **kwargs)
        item = self.cur_item._objs[-1]
        cid = args[5] if len(args) > 5 else kwargs["cid"]
        item.fontname = f"{item.fontname}#{cid}"  # the one attribute pdfplumber passes on
        return float(width)

    PDFLayoutAnalyzer.render_char = render_char
    try:
        yield
    finally:
        PDFLayoutAnalyzer.render_char = original


def _as_drawn(c: dict[str, Any], drawn: dict[tuple[str, int], tuple[str, ...]]) -> dict[str, Any]:
    """The glyph as drawn: of the characters with its outline, the one that reads as
    the glyph's text, else the first (a mirrored bracket reads as its mirror image)."""
    fontname, _, cid = str(c["fontname"]).rpartition("#")
    candidates = drawn.get((fontname, int(cid)))
    if candidates is None:
        return dict(c, fontname=fontname, unicode=c["text"])
    reading = [ch for ch in candidates if logical_characters(ord(ch)) == c["text"]]
    text = (reading or list(candidates) or [""])[0]
    return dict(c, fontname=fontname, unicode=c["text"], text=text)


def _outline_key(glyf: Any, name: str) -> tuple[Any, ...]:
    coordinates, ends, _flags = glyf[name].getCoordinates(glyf)
    return tuple(coordinates), tuple(ends)


@lru_cache(maxsize=8)
def _bundled_outlines(filename: str) -> dict[tuple[Any, ...], tuple[str, ...]]:
    """Outline -> the characters a bundled font draws with it (presentation forms first)."""
    font = FontToolsFont(str(FONTS / filename))
    glyf = font["glyf"]
    index: dict[tuple[Any, ...], tuple[str, ...]] = {}

    def rank(code: int) -> tuple[bool, int]:
        letter_form = 0xFB50 <= code <= 0xFDFF or 0xFE80 <= code <= 0xFEFC
        return (not letter_form, code)

    for code, name in sorted(font.getBestCmap().items(), key=lambda item: rank(item[0])):
        key = _outline_key(glyf, name)
        index[key] = (*index.get(key, ()), chr(code))
    return index


def drawn_characters(pdf: bytes) -> dict[tuple[str, int], tuple[str, ...]]:
    """(font name, code) -> the characters whose glyph the embedded subset draws for it,
    found by outline in the bundled font; none for a glyph without ink."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    out: dict[tuple[str, int], tuple[str, ...]] = {}
    for page in reader.pages:
        for _name, ref in page.get("/Resources", {}).get("/Font", {}).items():
            font = ref.get_object()
            base = str(font.get("/BaseFont", "")).lstrip("/")
            filename = base.split("+")[-1] + ".ttf"
            descriptor = font.get("/FontDescriptor")
            if not (FONTS / filename).exists() or descriptor is None:
                continue
            subset = FontToolsFont(io.BytesIO(descriptor.get_object()["/FontFile2"].get_data()))
            index = _bundled_outlines(filename)
            glyf = subset["glyf"]
            for code, name in subset["cmap"].tables[0].cmap.items():
                key = _outline_key(glyf, name)
                out[(base, code & 0xFF)] = index.get(key, ()) if key[0] else ()
    return out


def _pdf_objects(pdf: bytes) -> tuple[dict[str, bool], dict[str, str]]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        for _name, ref in page.get("/Resources", {}).get("/Font", {}).items():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font.get("/BaseFont", "")).lstrip("/")] = embedded
    root = reader.trailer["/Root"]
    preferences = root.get("/ViewerPreferences")
    preferences = preferences.get_object() if preferences is not None else {}
    info = reader.metadata or {}
    catalog = {
        "lang": str(root.get("/Lang", "")),
        "direction": str(preferences.get("/Direction", "")),
        "title": str(info.get("/Title", "")),
        "author": str(info.get("/Author", "")),
        "creation": str(info.get("/CreationDate", "")),
    }
    return fonts, catalog


def poppler_text(pdf: bytes) -> str:
    """``pdftotext`` output of ``pdf`` (poppler honours ``/ActualText``)."""
    pdftotext = executable("pdftotext", "poppler-utils")  # skips, or fails under CI, without it
    result = subprocess.run(
        [pdftotext, "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")
