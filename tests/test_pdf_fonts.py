"""Font fallback per character and the bundled faces' metrics."""

from __future__ import annotations

from newsconv.writers.pdf.fonts import face, font_chain


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
