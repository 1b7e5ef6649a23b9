"""RTL-correctness checks for newsconv PDFs, read back with pdfplumber, pypdf and poppler.

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
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pdfplumber
import pypdf
from bidi.algorithm import get_display

from newsconv.model import (
    Block,
    Box,
    Columns,
    Direction,
    Document,
    Figure,
    Heading,
    Paragraph,
    Quote,
    RelatedList,
    inline_text,
)
from newsconv.text.labels import related_label
from newsconv.text.script import text_direction

HARAKAT = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u08d3-\u08ff]"
)
BIDI_CONTROLS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
DIGIT_RUN = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]+")
PAGE_NUMBER = re.compile(r"^[0-9]+$")
MIRROR = {"(": ")", ")": "(", "[": "]", "]": "[", "{": "}", "}": "{", "<": ">", ">": "<",
          "«": "»", "»": "«", "‹": "›", "›": "‹"}  # fmt: skip
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


def expected_paragraphs(
    doc: Document,
    with_image: frozenset[str] = frozenset(),
    covered: frozenset[int] | None = None,
) -> list[Expected]:
    """What the PDF must show, in reading order (``with_image``: figure srcs that load;
    ``covered``: the code points some bundled font has, None for all)."""
    out: list[Expected] = []
    meta = doc.meta

    def add(text: str, direction: Direction, **kw: bool) -> None:
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


def _expected_block(block: Block, doc: Document, direction: Direction, add: Any,
                    with_image: frozenset[str], in_columns: bool) -> None:  # fmt: skip
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
        case RelatedList():
            title = block.title or related_label(doc.lang)
            add(title, text_direction(title, direction), heading=True)
            for item in block.items:
                add(item.title, item.dir or text_direction(item.title, direction))


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


def _page_lines(page: Any, number: int, rtl: bool) -> list[Line]:
    chars = [dict(c, _i=i) for i, c in enumerate(page.chars) if c.get("upright", True)]
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
    """Lines (columns split, footers apart), glyphs, fonts and catalog entries of ``pdf``."""
    lines: list[Line] = []
    footers: list[Line] = []
    all_chars: list[dict[str, Any]] = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        size = (float(document.pages[0].width), float(document.pages[0].height))
        for number, page in enumerate(document.pages, start=1):
            all_chars.extend(dict(c, _page=number) for c in page.chars)
            for line in _page_lines(page, number, rtl):
                bottom_zone = line.top > size[1] * 0.95
                (footers if bottom_zone and PAGE_NUMBER.match(line.visual) else lines).append(line)
    fonts, catalog = _pdf_objects(pdf)
    return Extraction(lines, all_chars, footers, fonts, catalog, size)


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
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


# ----------------------------------------------------------------------------- checks


@dataclass(frozen=True)
class Result:
    """The outcome of one check."""

    name: str
    ok: bool
    detail: str


@dataclass
class Match:
    """A PDF line matched to words ``start``–``end`` of expected paragraph ``para``."""

    line: Line
    para: int
    start: int
    end: int
    chunk: str


def reference_visual(chunk: str, direction: Direction) -> str:
    """The reference display of a logical chunk (pure-Python UAX #9, with L4 mirroring)."""
    return get_display(chunk, base_dir="R" if direction == "rtl" else "L")


def _chunk_key(words: list[str], start: int, count: int, direction: Direction) -> str:
    return clean(reference_visual(" ".join(words[start : start + count]), direction), True, True)


def check_line_order(lines: list[Line], paras: list[Expected], matches: list[Match]) -> Result:
    """Top to bottom (columns split), every line is bidi(next word chunk of its paragraph)."""
    words = [[word for word in p.drawn.split() if clean(word)] for p in paras]
    p = w = 0
    for n, line in enumerate(lines):
        if p >= len(paras):
            return Result("line_order", False, f"line {n + 1} {line!r} after the last paragraph")
        got = clean(line.visual, True, True)
        found = None
        for k in range(1, len(words[p]) - w + 1):
            ref = _chunk_key(words[p], w, k, paras[p].direction)
            if ref == got:
                found = k
                break
            if len(ref) > len(got):
                break
        if found is None:
            return Result(
                "line_order", False,
                f"{n}/{len(lines)} lines in order; line {n + 1} {line!r} does not continue "
                f"paragraph {p + 1} ({paras[p].text[:40]!r}) at word {w}",
            )  # fmt: skip
        matches.append(Match(line, p, w, w + found, " ".join(words[p][w : w + found])))
        w += found
        if w == len(words[p]):
            p, w = p + 1, 0
    if p < len(paras):
        return Result("line_order", False, f"PDF ends inside paragraph {p + 1} of {len(paras)}")
    return Result("line_order", True, f"{len(lines)} lines tile {len(paras)} paragraphs in order")


def letters_and_digits(text: str) -> str:
    """Only letters, marks and digits, NFKC: what a search for words looks at."""
    text = unicodedata.normalize("NFKC", text).replace("\u0640", "")
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LMN")


def _without_page_number(page_text: str) -> str:
    """A page's extracted text without its footer (the last line, a number)."""
    lines = page_text.rstrip().split("\n")
    if lines and PAGE_NUMBER.match(clean(lines[-1])):
        lines.pop()
    return "\n".join(lines)


def check_roundtrip(poppler: str, paras: list[Expected], matches: list[Match]) -> Result:
    """The words poppler extracts (through ``/ActualText``) are the source's: letters and
    digits in logical order, real letters (no presentation forms), every diacritic kept.

    Punctuation is not compared, as poppler re-attaches neutral characters by its own
    rules (a mark ending a right-to-left word before a number can be moved too, so marks
    are counted, not placed). Paragraphs are looked up one by one; those of a column block
    line by line, as poppler interleaves right-to-left columns. Page numbers are left out.
    """
    body = "\n".join(_without_page_number(page) for page in poppler.split("\f"))
    got = HARAKAT.sub("", letters_and_digits(body))

    def found(text: str) -> bool:
        return HARAKAT.sub("", letters_and_digits(text)) in got

    missing = [p.text for p in paras if not p.in_columns and not found(p.text)]
    missing += [m.chunk for m in matches if paras[m.para].in_columns and not found(m.chunk)]
    source = "".join(letters_and_digits(p.text) for p in paras)
    marks_ok = Counter(HARAKAT.findall(source)) == Counter(HARAKAT.findall(letters_and_digits(body)))
    ok = not missing and marks_ok and len(got) == len(HARAKAT.sub("", source))
    detail = f"{len(paras)} paragraphs, {len(source)} letters, digits and marks"
    if missing:
        detail += f"; not found: {missing[0][:50]!r}"
    if not marks_ok:
        detail += "; diacritics differ"
    return Result("text_roundtrip", ok, detail)


def check_digits(lines: list[Line], paras: list[Expected]) -> Result:
    """Every run of digits reads left to right, as in the source."""
    want = Counter(DIGIT_RUN.findall("\n".join(p.drawn for p in paras)))
    got: Counter[str] = Counter()
    for line in lines:
        got.update(DIGIT_RUN.findall(line.visual))
    ok = got == want
    detail = f"{sum(want.values())} digit runs" if ok else f"missing {dict(want - got)}"
    return Result("digit_runs", ok, detail)


def check_mirroring(matches: list[Match], paras: list[Expected]) -> Result:
    """Brackets and guillemets drawn mirrored exactly where UAX #9 rule L4 says."""
    bad = []
    for m in matches:
        ref = [c for c in reference_visual(m.chunk, paras[m.para].direction) if c in MIRROR]
        got = [c for c in m.line.visual if c in MIRROR]
        if ref != got:
            bad.append(f"{m.line!r}: drawn {''.join(got)!r}, expected {''.join(ref)!r}")
    return Result("mirroring", not bad, "; ".join(bad[:2]) or f"{len(matches)} lines")


def _form(ch: str) -> str | None:
    if ch in JOIN_CAUSING:
        return "MEDIAL"
    if not 0xFB50 <= ord(ch) <= 0xFEFF:
        return None
    name = unicodedata.name(ch, "")
    return next((f for f in ("INITIAL", "MEDIAL", "FINAL", "ISOLATED") if f + " FORM" in name), None)


def _is_arabic_letter(ch: str) -> bool:
    code = ord(ch)
    arabic = 0x0620 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFC
    return arabic and unicodedata.category(ch) == "Lo"


def check_shaped(chars: list[dict[str, Any]]) -> Result:
    """Arabic letters are drawn as contextual forms (glyph level: ToUnicode keeps forms)."""
    letters = [c["text"] for c in chars if len(c["text"]) == 1 and _is_arabic_letter(c["text"])]
    base = [ch for ch in letters if not 0xFB50 <= ord(ch) <= 0xFEFF]
    return Result("shaped", not base, f"{len(letters)} letters, {len(base)} unshaped {base[:5]}")


def check_joining(lines: list[Line]) -> Result:
    """Neighbouring forms agree: a letter joins the next one iff that one joins back."""
    total = bad = 0
    for line in lines:
        seq = [c for c in reversed(line.raw) if not HARAKAT.match(c)]
        for a, b in zip(seq, [*seq[1:], " "], strict=True):
            form = _form(a)
            if form is None or a in JOIN_CAUSING:
                continue
            total += 1
            if b == "\u0640" and form in ("FINAL", "ISOLATED"):
                continue  # a kashida standing as a dash, or kept apart by a ZWNJ
            bad += (form in ("INITIAL", "MEDIAL")) != (_form(b) in ("MEDIAL", "FINAL"))
    return Result("joining", bad == 0, f"{total} forms, {bad} inconsistent joins")


def check_aligned(matches: list[Match], paras: list[Expected], edges: set[float]) -> Result:
    """RTL lines end at a frame's right edge, LTR lines start at its left edge."""
    bad = []
    for m in matches:
        rtl = paras[m.para].direction == "rtl"
        x = m.line.x1 if rtl else m.line.x0
        if min(abs(x - edge) for edge in edges) > 1.0:
            bad.append(f"{m.line!r} {'ends' if rtl else 'starts'} at {x:.1f}")
    return Result("aligned", not bad, "; ".join(bad[:2]) or f"{len(matches)} lines on edges")


def check_harakat(chars: list[dict[str, Any]], paras: list[Expected]) -> Result:
    """Every diacritic of the source is drawn."""
    want = len(HARAKAT.findall(unicodedata.normalize("NFKC", "".join(p.drawn for p in paras))))
    got = sum(len(HARAKAT.findall(unicodedata.normalize("NFKC", c["text"]))) for c in chars)
    return Result("harakat_preserved", got == want, f"source {want}, pdf {got}")


def check_text_layer(chars: list[dict[str, Any]]) -> Result:
    """No .notdef (U+0000, cid, U+FFFD), no private-use code, no bidi control drawn."""
    bad = [c for c in chars if c["text"] in ("\x00", "\ufffd") or c["text"].startswith("(cid:")]
    pua = [c for c in chars if any(0xE000 <= ord(ch) <= 0xF8FF for ch in c["text"])]
    ctl = [c for c in chars if c["text"] in BIDI_CONTROLS]
    ok = not (bad or pua or ctl)
    return Result("text_layer", ok, f"{len(chars)} glyphs; {len(bad)} notdef, {len(pua)} PUA, "
                  f"{len(ctl)} bidi controls")  # fmt: skip


def check_fonts(ex: Extraction) -> Result:
    """Every font that draws a glyph is embedded."""
    used = {c["fontname"] for c in ex.chars}
    missing = sorted(u for u in used if not ex.fonts.get(u, False))
    return Result("fonts_embedded", not missing, f"used {sorted(used)}, not embedded {missing}")


def check_catalog(ex: Extraction, doc: Document) -> Result:
    """``/Lang`` is the document's language; ``/Direction /R2L`` exactly for RTL."""
    want_dir = "/R2L" if doc.dir == "rtl" else ""
    ok = ex.catalog["lang"] == doc.lang and ex.catalog["direction"] == want_dir
    return Result("lang_direction", ok, f"/Lang={ex.catalog['lang']} /Direction="
                  f"{ex.catalog['direction'] or None}")  # fmt: skip


def check_page_flow(matches: list[Match], paras: list[Expected], ex: Extraction) -> Result:
    """No orphan (a paragraph's first line alone at a page foot), no widow (its last line
    alone at a page head), no heading at a page foot; page numbers on every page."""
    problems = []
    for index, m in enumerate(matches):
        nxt = matches[index + 1] if index + 1 < len(matches) else None
        prev = matches[index - 1] if index else None
        para_words = len([word for word in paras[m.para].drawn.split() if clean(word)])
        breaks_after = nxt is not None and nxt.line.page != m.line.page
        if breaks_after and (paras[m.para].heading or (m.start == 0 and m.end < para_words)):
            problems.append(f"{m.line!r} ends page {m.line.page}")
        breaks_before = prev is not None and prev.line.page != m.line.page
        if breaks_before and prev is not None and prev.para == m.para and m.end == para_words:
            problems.append(f"{m.line!r} is a widow on page {m.line.page}")
    pages = sorted({line.page for line in ex.lines})
    numbered = sorted(int(f.visual) for f in ex.footers)
    if numbered != list(range(1, len(numbered) + 1)) or len(numbered) < len(pages):
        problems.append(f"page numbers {numbered} for pages {pages}")
    return Result("page_flow", not problems, "; ".join(problems[:2]) or f"{len(pages)} pages")


def run_checks(pdf: bytes, doc: Document, edges: set[float],
               with_image: frozenset[str] = frozenset(),
               covered: frozenset[int] | None = None) -> list[Result]:  # fmt: skip
    """Every check, on one PDF rendered from ``doc``."""
    paras = expected_paragraphs(doc, with_image, covered)
    ex = extract(pdf, doc.dir == "rtl")
    matches: list[Match] = []
    order = check_line_order(ex.lines, paras, matches)
    return [
        check_text_layer(ex.chars),
        check_fonts(ex),
        order,
        check_roundtrip(poppler_text(pdf), paras, matches),
        check_digits(ex.lines, paras),
        check_mirroring(matches, paras),
        check_shaped(ex.chars),
        check_joining(ex.lines),
        check_aligned(matches, paras, edges),
        check_harakat(ex.chars, paras),
        check_catalog(ex, doc),
        check_page_flow(matches, paras, ex),
    ]


def failures(results: list[Result]) -> list[str]:
    """The failed checks, one line each."""
    return [f"{r.name}: {r.detail}" for r in results if not r.ok]
