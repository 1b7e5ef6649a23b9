"""Harakat placed on their letters: drawn as outlines, read from empty stand-in glyphs."""

from __future__ import annotations

import io
import re

import pdfplumber

import newsconv
from newsconv.writers.pdf import fonts, forget_reused_work
from newsconv.writers.pdf.markpaths import draw_mark, mark_outline

from .pdf_render import render

PHRASE = "قال أيضًا إنّ الوضع صعبٌ جدًّا وأهلًا"
MARKS = re.compile("[\u064b-\u0652]")


def _pdf(text: str, italic: bool = False) -> bytes:
    body = f"*{text}*" if italic else text
    forget_reused_work()
    return render(newsconv.parse(f"[meta]\nlang: ar\nheadline: -\n[/meta]\n{body}\n"))


def test_each_mark_is_an_outline_and_an_empty_glyph_in_the_text() -> None:
    with pdfplumber.open(io.BytesIO(_pdf(PHRASE))) as document:
        page = document.pages[0]
        marks = [c for c in page.chars if MARKS.fullmatch(c["text"])]
        letters = [c for c in page.chars if c["top"] > 60 and c["width"] > 0]
        outlines = [curve for curve in page.curves if curve["fill"]]
    assert len(marks) == len(MARKS.findall(PHRASE))
    assert len(outlines) >= len(marks)  # a mark may have several contours
    assert all(abs(c["width"]) < 0.01 for c in marks)  # nothing for an extractor to overlap
    left = min(c["x0"] for c in letters)
    right = max(c["x1"] for c in letters)
    for outline in outlines:  # over the phrase's letters, above or below their baseline
        assert left - 1 < outline["x0"] < outline["x1"] < right + 1
        assert outline["bottom"] - outline["top"] < 10


def test_outline_is_the_glyph_of_the_bundled_font() -> None:
    face = fonts.face("amiri")
    ink = face.ink("\u0651")
    path, units = mark_outline(face.filename, 0x651)
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path)]
    xs, ys = numbers[0::2], numbers[1::2]
    assert ink is not None
    scale = 1000 / units  # within the glyph's control box, and filling most of it
    assert ink.left - 1 <= min(xs) * scale < max(xs) * scale <= ink.right + 1
    assert ink.bottom - 1 <= min(ys) * scale < max(ys) * scale <= ink.top + 1
    assert (max(xs) - min(xs)) * scale > (ink.right - ink.left) / 2
    assert mark_outline(face.filename, 0x41)[0]  # any glyph with an outline
    assert mark_outline(face.filename, 0x10FFFD) == ("", units)  # none


def test_mark_follows_the_slant_of_italic_text() -> None:
    ops = draw_mark("Amiri-Regular.ttf", 0x651, 10, 100, 200, 0.1944, (0, 0, 0))
    assert mark_outline("Amiri-Regular.ttf", 0x651)[1] == 1000
    assert "0.01 0 0.0019 0.01 100 200 cm" in ops
    assert ops.endswith("f Q")
    assert len(MARKS.findall(pdfplumber_text(_pdf(PHRASE, italic=True)))) == len(
        MARKS.findall(PHRASE)
    )


def pdfplumber_text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "".join(c["text"] for c in document.pages[0].chars)
