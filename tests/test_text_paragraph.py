"""Paragraph layout: logical breaking, per-line reordering, justification, logical text."""

from __future__ import annotations

import unicodedata

from newsconv.text.bidi_lines import MIRROR_STAND_INS, mirror_of
from newsconv.text.paragraph import (
    ParagraphSetting,
    RunStyle,
    StyledText,
    VisualLine,
    layout_paragraph,
)
from newsconv.writers.pdf.fonts import font_chain

ARABIC = (
    "أعلنت كازاخستان أن قوات الأمن ألقت القبض على 7939 شخصًا، حتى العاشر من يناير على "
    "خلفية الاضطرابات التي اندلعت خلال الأسبوع الماضي (وفق بيان رسمي)."
)


def setting(width: float = 200.0, direction: str = "rtl", justify: bool = True) -> ParagraphSetting:
    return ParagraphSetting(
        regular=font_chain("amiri"),
        bold=font_chain("amiri", bold=True),
        size=12,
        width=width,
        direction=direction,  # type: ignore[arg-type]
        justify=justify,
    )


def drawn(line: VisualLine) -> str:
    """The glyphs as they look: a mirrored character's stand-in as its mirror image."""
    return "".join(
        mirror_of(chr(ord(ch) - MIRROR_STAND_INS)) if ord(ch) >= MIRROR_STAND_INS else ch
        for run in line.runs
        for ch in run.glyphs
    )


def test_lines_are_consecutive_chunks_in_logical_order() -> None:
    lines, missing = layout_paragraph(StyledText(ARABIC), setting())
    assert not missing
    assert len(lines) > 2
    assert " ".join(line.logical_text for line in lines) == ARABIC
    assert lines[0].logical_text.startswith("أعلنت")  # the first line holds the first words


def test_each_line_is_reordered_on_its_own() -> None:
    lines, _ = layout_paragraph(StyledText(ARABIC), setting())
    first = drawn(lines[0])
    # drawn left to right, so the line's first word is at the right end
    assert unicodedata.normalize("NFKC", first).endswith("تنلعأ")


def test_digits_and_brackets_in_the_drawing() -> None:
    lines, _ = layout_paragraph(StyledText(ARABIC), setting(width=1000))
    glyphs = drawn(lines[0])
    assert "7939" in glyphs
    assert glyphs.index("(") < glyphs.index(")")  # mirrored: the run reads right to left
    stand_ins = [ch for run in lines[0].runs for ch in run.glyphs if ord(ch) >= MIRROR_STAND_INS]
    assert sorted(chr(ord(ch) - MIRROR_STAND_INS) for ch in stand_ins) == ["(", ")"]


def test_justified_lines_fill_the_width_and_the_last_does_not() -> None:
    lines, _ = layout_paragraph(StyledText(ARABIC), setting())
    assert all(abs(line.width - 200) < 0.01 for line in lines[:-1] if line.justified)
    assert lines[-1].width < 200 and not lines[-1].justified


def test_ragged_when_justification_is_off() -> None:
    lines, _ = layout_paragraph(StyledText(ARABIC), setting(justify=False))
    assert not any(line.justified for line in lines)


def test_runs_never_overlap_and_stay_inside_the_line() -> None:
    lines, _ = layout_paragraph(StyledText(ARABIC), setting())
    for line in lines:
        for before, after in zip(line.runs, line.runs[1:], strict=False):
            assert before.x + before.width <= after.x + 1e-6
        assert line.runs[-1].x + line.runs[-1].width <= line.width + 1e-6


def test_a_word_longer_than_the_line_is_cut() -> None:
    word = "الاستراتيجيات" * 4
    lines, _ = layout_paragraph(StyledText(word), setting(width=60))
    assert len(lines) > 1
    assert "".join(line.logical_text for line in lines) == word


def test_forced_line_break() -> None:
    lines, _ = layout_paragraph(StyledText("السطر الأول\nالسطر الثاني"), setting())
    assert [line.logical_text for line in lines] == ["السطر الأول", "السطر الثاني"]


def test_bidi_controls_are_neither_drawn_nor_in_the_text() -> None:
    text = "\u202bقال\u202c \u200fالرئيس\u200e"
    lines, _ = layout_paragraph(StyledText(text), setting())
    assert lines[0].logical_text == "قال الرئيس"
    assert not set(drawn(lines[0])) & set("\u202b\u202c\u200f\u200e")


def test_zwnj_stays_in_the_text_but_is_not_drawn() -> None:
    lines, _ = layout_paragraph(StyledText("می\u200cشود"), setting())
    assert "\u200c" in lines[0].logical_text
    assert "\u200c" not in drawn(lines[0])


def test_missing_glyph_is_reported_with_its_position() -> None:
    from newsconv.model import Position

    styled = StyledText("نص 民 هنا", origins=((0, Position(3, 5, 40)),))
    lines, missing = layout_paragraph(styled, setting())
    assert [m.char for m in missing] == ["民"]
    assert missing[0].position == Position(3, 8, 43)
    assert "民" in lines[0].logical_text and "民" not in drawn(lines[0])


def test_bold_span_uses_the_bold_face() -> None:
    styled = StyledText("نص عادي وعريض", (0, 8), (RunStyle(), RunStyle(bold=True)))
    lines, _ = layout_paragraph(styled, setting())
    faces = {run.face.name for run in lines[0].runs}
    assert any("Bold" in name for name in faces) and any("Bold" not in name for name in faces)


def test_ltr_paragraph_keeps_logical_order() -> None:
    text = "The council met on Monday and approved 3 plans."
    lines, _ = layout_paragraph(StyledText(text), setting(width=1000, direction="ltr"))
    assert drawn(lines[0]).replace(" ", "") == text.replace(" ", "")
