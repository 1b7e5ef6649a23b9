"""RTL-correctness checks for newsconv PDFs, read back with pdfplumber, pypdf and poppler.

Extends ``../shared/tools/rtl_pdf_check.py`` from one column of body paragraphs to whole
articles (header, headings, quotes, boxes, captions, related list), page breaks and the
two-column block; see :mod:`tests.pdf_extract` for how lines are read back.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

from bidi.algorithm import get_display

from newsconv.model import Direction, Document

from .pdf_extract import (
    BIDI_CONTROLS,
    DIGIT_RUN,
    HARAKAT,
    JOIN_CAUSING,
    MIRROR,
    PAGE_NUMBER,
    Expected,
    Extraction,
    Line,
    clean,
    expected_paragraphs,
    extract,
    poppler_text,
)

ISOLATES = {"\u2066": "\u202a", "\u2067": "\u202b", "\u2068": "\u202b", "\u2069": "\u202c"}


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
    chunk = "".join(ISOLATES.get(ch, ch) for ch in chunk)  # the reference predates isolates
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
                "line_order",
                False,
                f"{n}/{len(lines)} lines in order; line {n + 1} {line!r} does not continue "
                f"paragraph {p + 1} ({paras[p].text[:40]!r}) at word {w}",
            )
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
    """The words poppler extracts are the source's: every word of every paragraph, in
    real letters (no presentation forms), with every diacritic kept.

    Words are compared as a multiset (runs of letters and of digits, harakat aside):
    poppler puts the pieces of a right-to-left line on a left-to-right page, and numbers
    inside a right-to-left line, in an order of its own, which the checks of the
    drawing cover.
    Marks are counted, not placed. Page numbers are left out.
    """
    del matches  # the drawing checks place the column chunks
    body = "\n".join(_without_page_number(page) for page in poppler.split("\f"))
    got = Counter(_words(body))
    want = Counter(word for p in paras for word in _words(p.drawn))
    missing = sorted(want - got)
    source = "".join(letters_and_digits(p.drawn) for p in paras)
    marks_ok = Counter(HARAKAT.findall(source)) == Counter(
        HARAKAT.findall(letters_and_digits(body))
    )
    presentation = [ch for ch in body if 0xFB50 <= ord(ch) <= 0xFDFF or 0xFE70 <= ord(ch) <= 0xFEFF]
    # poppler cuts a word whose letters come from two fonts (a tatweel only DejaVu draws)
    # when it also carries a mark: a few such words are tolerated, 2 or 1 %
    tolerated = max(2, sum(want.values()) // 100)
    ok = sum((want - got).values()) <= tolerated and marks_ok and not presentation
    detail = f"{len(paras)} paragraphs, {sum(want.values())} words"
    if missing:
        detail += f"; not found: {missing[:5]!r}"
    if not marks_ok:
        detail += "; diacritics differ"
    if presentation:
        detail += f"; presentation forms {presentation[:5]!r}"
    return Result("text_roundtrip", ok, detail)


_RTL_LETTERS = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
_PIECES = re.compile(rf"\d+|(?:(?=[{_RTL_LETTERS}])[^\W\d])+|(?:(?![{_RTL_LETTERS}])[^\W\d])+")


def _words(text: str) -> list[str]:
    """Runs of digits, of right-to-left letters and of other letters (a number or a Latin
    word is read apart from a letter joined to it, as poppler may move it), harakat left
    out (NFKC)."""
    text = re.sub(r"(?<=\d)\u0640+(?=\d)", " ", unicodedata.normalize("NFKC", text))
    text = HARAKAT.sub("", text.replace("\u0640", ""))  # tatweel joins letters, not digits
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")  # ZWNJ, marks
    return _PIECES.findall(text)


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
    return next(
        (f for f in ("INITIAL", "MEDIAL", "FINAL", "ISOLATED") if f + " FORM" in name), None
    )


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
        para = paras[m.para]
        rtl = (para.align or para.direction) == "rtl"
        x = m.line.x1 if rtl else m.line.x0
        if min(abs(x - edge) for edge in edges) > 1.0:
            bad.append(f"{m.line!r} {'ends' if rtl else 'starts'} at {x:.1f}")
    return Result("aligned", not bad, "; ".join(bad[:2]) or f"{len(matches)} lines on edges")


def check_harakat(chars: list[dict[str, Any]], paras: list[Expected]) -> Result:
    """Every diacritic of the source is in the text layer (drawn as an outline where it
    is placed on its letter, see ``test_pdf_marks``)."""
    want = len(HARAKAT.findall(unicodedata.normalize("NFKC", "".join(p.drawn for p in paras))))
    got = sum(len(HARAKAT.findall(unicodedata.normalize("NFKC", c["unicode"]))) for c in chars)
    return Result("harakat_preserved", got == want, f"source {want}, pdf {got}")


def check_text_layer(chars: list[dict[str, Any]]) -> Result:
    """No .notdef (U+0000, cid, U+FFFD), no private-use code, no bidi control drawn, but
    for the left-to-right and right-to-left marks as empty glyphs of zero width (which the
    renderer puts where the direction changes between two words)."""
    texts = [c.get("unicode", c["text"]) for c in chars]
    bad = [t for t in texts if t in ("\x00", "\ufffd") or t.startswith("(cid:")]
    pua = [t for t in texts if any(0xE000 <= ord(ch) <= 0xF8FF or ord(ch) >= 0xF0000 for ch in t)]
    ctl = [
        c
        for c, t in zip(chars, texts, strict=True)
        if t in BIDI_CONTROLS and not (t in "\u200e\u200f" and abs(c["width"]) < 0.01)
    ]
    ok = not (bad or pua or ctl)
    return Result(
        "text_layer",
        ok,
        f"{len(chars)} glyphs; {len(bad)} notdef, {len(pua)} PUA, {len(ctl)} bidi controls",
    )


def check_fonts(ex: Extraction) -> Result:
    """Every font that draws a glyph is embedded."""
    used = {c["fontname"] for c in ex.chars}
    missing = sorted(u for u in used if not ex.fonts.get(u, False))
    return Result("fonts_embedded", not missing, f"used {sorted(used)}, not embedded {missing}")


def check_catalog(ex: Extraction, doc: Document) -> Result:
    """``/Lang`` is the document's language (a determined one when it is ``und``);
    ``/Direction /R2L`` exactly for RTL."""
    want_dir = "/R2L" if doc.dir == "rtl" else ""
    lang = ex.catalog["lang"]
    if doc.lang == "und":
        lang_ok = bool(lang) and lang.split("-")[0].lower() != "und"
    else:
        lang_ok = lang == doc.lang
    ok = lang_ok and ex.catalog["direction"] == want_dir
    return Result(
        "lang_direction",
        ok,
        f"/Lang={ex.catalog['lang']} /Direction={ex.catalog['direction'] or None}",
    )


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


def run_checks(
    pdf: bytes,
    doc: Document,
    edges: set[float],
    with_image: frozenset[str] = frozenset(),
    covered: frozenset[int] | None = None,
) -> list[Result]:
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


def frame_edges(
    width: float, margin: float, column_gap: float, insets: tuple[float, ...]
) -> set[float]:
    """The x of every edge a line may start or end at: the page frame and the two columns
    of a column block, each also at the given insets (quotation, box padding)."""
    left, right = margin, width - margin
    column = (right - left - column_gap) / 2
    frames = [(left, right), (left, left + column), (right - column, right)]
    return {edge for a, b in frames for inset in (0.0, *insets) for edge in (a + inset, b - inset)}


def bundled_coverage(font_files: list[str]) -> frozenset[int]:
    """Code points with a glyph in any of ``font_files`` (read with fontTools)."""
    from fontTools.ttLib import TTFont

    covered: set[int] = set()
    for path in font_files:
        covered.update(TTFont(path).getBestCmap())
    return frozenset(covered)
