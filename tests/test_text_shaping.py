"""Shaping: presentation forms, harakat kept, lam-alef, one glyph string per character."""

from __future__ import annotations

import unicodedata

import pytest

from newsconv.text.shaping import align_shaped, needs_shaping, shape_text, shape_word


def form(ch: str) -> str:
    """INITIAL/MEDIAL/FINAL/ISOLATED of a presentation form, else the character itself."""
    name = unicodedata.name(ch, "")
    for kind in ("INITIAL", "MEDIAL", "FINAL", "ISOLATED"):
        if name.endswith(kind + " FORM"):
            return kind
    return ch


def test_contextual_forms_of_a_word() -> None:
    glyphs = shape_word("كتب")
    assert [form(g) for g in glyphs] == ["INITIAL", "MEDIAL", "FINAL"]
    assert [unicodedata.normalize("NFKC", g) for g in glyphs] == ["ك", "ت", "ب"]


def test_harakat_are_kept_with_their_own_glyph() -> None:
    word = "شخصًا"
    glyphs = shape_word(word)
    assert len(glyphs) == len(word)
    assert glyphs[3] == "\u064b"  # fathatan survives, arabic-reshaper's default drops it
    assert form(glyphs[2]) == "MEDIAL"  # sad still joins across the mark


@pytest.mark.parametrize(
    ("word", "ligature"),
    [("لا", "\ufefb"), ("سلام", "\ufefc"), ("لأن", "\ufef7"), ("الإمارات", "\ufef9")],
)
def test_lam_alef_becomes_one_glyph_on_the_lam(word: str, ligature: str) -> None:
    glyphs = shape_word(word)
    assert ligature in glyphs
    lam = glyphs.index(ligature)
    assert word[lam] == "ل"
    assert glyphs[lam + 1] == ""  # the alef is drawn by the ligature


def test_lam_alef_with_a_haraka_between() -> None:
    glyphs = shape_word("لَا")
    assert glyphs == ("\ufefb", "\u064e", "")


def test_no_other_ligature_is_formed() -> None:
    assert "\ufdf2" not in shape_word("الله")  # the Allah ligature stays four letters
    assert len([g for g in shape_word("الله") if g]) == 4


@pytest.mark.parametrize("word", ["پاکستان", "گئے", "ٹھیک", "ڈاکٹر", "ہے", "می\u200cشود"])
def test_persian_and_urdu_letters_are_shaped(word: str) -> None:
    glyphs = shape_word(word)
    letters = [g for ch, g in zip(word, glyphs, strict=True) if unicodedata.category(ch) == "Lo"]
    assert all(0xFB50 <= ord(g) <= 0xFEFC for g in letters)


def test_zwnj_breaks_joining_and_stays() -> None:
    glyphs = shape_word("می\u200cشود")
    assert glyphs[2] == "\u200c"
    assert form(glyphs[1]) == "FINAL" and form(glyphs[3]) == "INITIAL"


def test_zwj_is_consumed_but_joins() -> None:
    glyphs = shape_word("ب\u200dب")
    assert glyphs[1] == ""
    assert form(glyphs[0]) == "INITIAL" and form(glyphs[2]) == "FINAL"


def test_hebrew_and_latin_are_not_shaped() -> None:
    assert shape_word("שלום") == tuple("שלום")
    assert shape_word("News") == tuple("News")
    assert not needs_shaping("שלום News 2024")


def test_align_rejects_what_does_not_match() -> None:
    assert align_shaped("كتب", "ﻛﺘ") is None
    assert align_shaped("لا", "\ufefb") == ("\ufefb", "")


def test_shape_text_keeps_spaces_and_order() -> None:
    shaped = shape_text("في البيت")
    assert shaped.count(" ") == 1
    assert unicodedata.normalize("NFKC", shaped) == "في البيت"
