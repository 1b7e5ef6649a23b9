"""Work the PDF writer keeps across documents: laid-out paragraphs, glyph codes given from
the document's glyph set, drawn lines. Reused work never changes a document's bytes."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from typing import Any

import pypdf
import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsconv
from newsconv.model import Position
from newsconv.text.paragraph import (
    ParagraphSetting,
    StyledText,
    layout_paragraph,
    layout_paragraph_reusing,
)
from newsconv.writers.base import WriterOptions
from newsconv.writers.pdf import PdfWriter, forget_reused_work, inlines, render
from newsconv.writers.pdf.fonts import face
from newsconv.writers.pdf.styles import theme_for

from .conftest import EXAMPLE, ROOT

TEXT = EXAMPLE.read_text(encoding="utf-8")


def _edited(number: int) -> str:
    """The example with one word changed in its first paragraph that names the country."""
    return TEXT.replace("كازاخستان", f"كازاخستان {number}", 1)


def _pdf(text: str) -> bytes:
    return PdfWriter().write(newsconv.parse(text), WriterOptions())


def _setting() -> ParagraphSetting:
    face("amiri")
    theme = theme_for(True, WriterOptions())
    return theme.setting(theme.body, 300.0, "rtl")


def test_paragraph_met_again_is_not_laid_out_again() -> None:
    setting = _setting()
    text = "تبادل البلدان الخبرات في مجال الطاقة والنقل خلال الزيارة الرسمية الأخيرة " * 3
    first = layout_paragraph_reusing(StyledText(text, origins=((0, Position(3, 1, 40)),)), setting)
    again = layout_paragraph_reusing(StyledText(text, origins=((0, Position(9, 1, 90)),)), setting)
    fresh = layout_paragraph(StyledText(text), setting)
    assert len(first[0]) > 1
    assert all(a is b for a, b in zip(first[0], again[0], strict=True))
    assert first[0] == fresh[0] and first[1] == again[1] == []


def test_undrawable_character_is_reported_where_it_stands_each_time() -> None:
    setting = _setting()
    text = "نص فيه \u4e2d حرف لا يرسم"
    for line in (3, 8):
        styled = StyledText(text, origins=((0, Position(line, 1, 0)),))
        _lines, missing = layout_paragraph_reusing(styled, setting)
        assert [(m.char, m.position) for m in missing] == [("\u4e2d", Position(line, 8, 7))]


def _code_maps(pdf: bytes) -> list[bytes]:
    """The ToUnicode map of each font on the first page: which code draws which glyph."""
    fonts = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"]
    maps = [fonts[name].get_object().get("/ToUnicode") for name in sorted(fonts)]
    return [stream.get_data() for stream in maps if stream is not None]


def test_glyph_codes_follow_the_glyph_set_not_the_order_of_use() -> None:
    words = ["سلام", "ثبات", "جميل", "كتب", "حديقة"]
    forward = _code_maps(_pdf(" ".join(words)))
    backward = _code_maps(_pdf(" ".join(reversed(words))))
    assert forward and forward == backward


def test_lines_drawn_again_are_not_encoded_again(monkeypatch: pytest.MonkeyPatch) -> None:
    _pdf(_edited(1))
    calls: list[object] = []
    original = render.PageRenderer._remember_line

    def counted(self: render.PageRenderer, *args: Any) -> None:
        calls.append(args)
        return original(self, *args)

    monkeypatch.setattr(render.PageRenderer, "_remember_line", counted)
    again = _pdf(_edited(1))
    assert calls == []
    _pdf(_edited(2))
    assert 0 < len(calls) < 20  # only around the changed paragraph
    monkeypatch.undo()
    assert _pdf(_edited(1)) == again


def test_bytes_do_not_depend_on_documents_written_before() -> None:
    for number in (5, 6, 7):
        _pdf(_edited(number))
    warm = _pdf(_edited(6))
    script = (
        "import sys, newsconv\n"
        "from newsconv.writers.base import WriterOptions\n"
        "from newsconv.writers.pdf import PdfWriter\n"
        "text = sys.stdin.read()\n"
        "sys.stdout.buffer.write(PdfWriter().write(newsconv.parse(text), WriterOptions()))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONIOENCODING": "utf-8"}
    cold = subprocess.run(
        [sys.executable, "-c", script],
        input=_edited(6).encode("utf-8"),
        capture_output=True,
        env=env,
        check=True,
    ).stdout
    assert warm == cold


def test_forgotten_work_is_done_again_to_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    warm = _pdf(_edited(3))
    forget_reused_work()
    misses: list[object] = []
    original = render.PageRenderer._remember_line

    def counted(self: render.PageRenderer, *args: Any) -> None:
        misses.append(args)
        return original(self, *args)

    monkeypatch.setattr(render.PageRenderer, "_remember_line", counted)
    assert _pdf(_edited(3)) == warm
    assert len(misses) > 20  # every line drawn again


@given(st.text(alphabet=" \t\r\n\x0b\x0c\u00a0aب", max_size=30))
def test_white_space_collapses_as_the_expression_does(text: str) -> None:
    assert inlines._collapsed(text) == inlines._SPACES.sub(" ", text)
