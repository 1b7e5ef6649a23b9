"""Font fallback per character and the bundled faces' metrics."""

from __future__ import annotations

import os
import subprocess
import sys

from newsconv.writers.pdf.fonts import face, font_chain

from .conftest import ROOT


def test_arabic_script_goes_to_amiri_hebrew_to_dejavu() -> None:
    chain = font_chain("amiri")
    assert chain.face_for("\ufeb3") is face("amiri")  # a presentation form
    assert chain.face_for("א") is face("dejavu")
    assert chain.face_for("“") is face("amiri")


def test_latin_follows_the_document_family() -> None:
    assert font_chain("amiri").face_for("A") is face("amiri")
    assert font_chain("dejavu").face_for("A") is face("dejavu")


def test_digits_inside_an_arabic_word_use_the_arabic_font() -> None:
    assert font_chain("dejavu").face_for("5", in_arabic_word=True) is face("amiri")


def test_missing_everywhere_is_none() -> None:
    assert font_chain("amiri").face_for("民") is None


def test_placeholder_tatweel_falls_back_to_a_visible_glyph() -> None:
    chain = font_chain("amiri")
    chosen = chain.face_for("\u0640")
    assert chosen is face("dejavu")
    assert chosen.advance("\u0640") > 0


def test_marks_keep_zero_advance_and_coverage() -> None:
    amiri = face("amiri")
    assert amiri.covers("\u064b")
    assert amiri.advance("\u064b") == 0


def test_bold_faces_are_distinct() -> None:
    assert face("amiri", bold=True).name != face("amiri").name
    assert font_chain("amiri", bold=True).face_for("ب") is face("amiri", bold=True)


_WRITE_AFTER_OTHER_FONTS = """
import sys
from pathlib import Path
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
import newsconv
from newsconv.writers.base import WriterOptions
from newsconv.writers.pdf import PdfWriter
if sys.argv[1] == "other-first":
    fonts = Path(newsconv.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont("SomeonesAmiri", str(fonts / "Amiri-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("SomeonesDejaVu", str(fonts / "DejaVuSans.ttf")))
doc = newsconv.parse("قال الاتحاد (في بيان) إن Kazakhstan لا تزال شريكا.")
sys.stdout.buffer.write(PdfWriter().write(doc, WriterOptions()))
"""


def test_same_pdf_when_other_code_registered_the_fonts_first() -> None:
    """reportlab hands a font name to whichever font object registered the same face
    first; the writer's own fonts (logical ToUnicode, stand-ins) must still be used."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "SOURCE_DATE_EPOCH": "1700000000"}
    outputs = [
        subprocess.run(
            [sys.executable, "-c", _WRITE_AFTER_OTHER_FONTS, mode],
            capture_output=True,
            env=env,
            check=True,
        ).stdout
        for mode in ("alone", "other-first")
    ]
    assert outputs[0].startswith(b"%PDF") and outputs[0] == outputs[1]
