"""Harakat placed on their letters: centred, clear of the letter and of stacked marks."""

from __future__ import annotations

from newsconv.text.marks import is_arabic_mark, place_marks
from newsconv.text.shaping import shape_word
from newsconv.writers.pdf.fonts import face


def offsets(word: str, size: float = 10.0):  # type: ignore[no-untyped-def]
    glyphs = shape_word(word)
    amiri = face("amiri")
    faces = tuple(amiri if g else None for g in glyphs)
    return glyphs, place_marks(word, glyphs, faces, size)


def test_only_arabic_marks_are_placed() -> None:
    assert is_arabic_mark("\u064e") and is_arabic_mark("\u0670")
    assert not is_arabic_mark("\u05b8") and not is_arabic_mark("ب")
    _glyphs, marks = offsets("كتب")
    assert marks == (None, None, None)


def test_mark_is_centred_on_its_letter() -> None:
    amiri = face("amiri")
    glyphs, marks = offsets("بَ")
    mark = marks[1]
    assert mark is not None and mark.dy == 0
    base, fatha = amiri.ink(glyphs[0]), amiri.ink("\u064e")
    assert base is not None and fatha is not None
    centre = (fatha.left + fatha.right) / 2 + mark.dx * 100  # 10 pt: 1 pt = 100 units
    assert abs(centre - (base.left + base.right) / 2) < 1


def test_second_mark_above_goes_over_the_first() -> None:
    _glyphs, marks = offsets("لَّ"[0] + "\u0651\u064e")
    shadda, fatha = marks[1], marks[2]
    assert shadda is not None and fatha is not None
    assert shadda.dy == 0 and fatha.dy > 0


def test_mark_over_a_tall_letter_is_raised() -> None:
    _glyphs, marks = offsets("أَ")
    assert marks[1] is not None and marks[1].dy > 0


def test_mark_below_stays_below() -> None:
    _glyphs, marks = offsets("بِ")
    assert marks[1] is not None and marks[1].dy <= 0


def test_mark_after_lam_alef_goes_on_the_ligature() -> None:
    glyphs, marks = offsets("لَا")
    assert glyphs[0] == "\ufefb" and marks[1] is not None
