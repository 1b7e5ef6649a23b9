"""The parser's fast paths agree with the plain per-character definitions they replace."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from newsconv.markup.infer.related import _fold
from newsconv.markup.infer.shapes import _ALNUM, INVISIBLE, plain
from newsconv.text.controls import find_xml_illegal, may_need_cleaning, unbalanced_bidi
from newsconv.text.script import _WORD_INNER, _is_word

_TRICKY = (
    "ab éü-'’ \t\n\r\u00a0\u2003\u200c\u200d\u0640\u064b\u0653\u0670\u202a\u202b\u202c"
    "\u2066\u2069\u200f\ufeff\x00\x0b\ud800²½١سلامأإآیکىשלוםװ"
)
_TEXT = st.text(alphabet=st.sampled_from(_TRICKY) | st.characters(), max_size=30)


@given(_TEXT)
def test_is_word_is_letters_with_inner_marks_between(core: str) -> None:
    expected = any(ch.isalpha() for ch in core) and all(
        ch.isalpha() or ch in _WORD_INNER or unicodedata.category(ch) == "Mn" for ch in core
    )
    assert _is_word(core) == expected


@given(_TEXT)
def test_plain_drops_invisibles_and_collapses_whitespace(text: str) -> None:
    assert plain(text) == " ".join(INVISIBLE.sub("", text).split())


@given(_TEXT)
def test_fold_drops_marks_and_tatweel_and_unifies_letters(text: str) -> None:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ch != "\u0640")
    assert _fold(text) == kept.translate(str.maketrans("أإآیکى", "ااايكي"))


@given(_TEXT)
def test_text_without_need_of_cleaning_has_nothing_to_clean_on_any_line(text: str) -> None:
    if not may_need_cleaning(text):
        for line in text.splitlines():
            assert find_xml_illegal(line) == []
            assert unbalanced_bidi(line) == []


def test_alnum_pattern_is_isalnum_for_every_character() -> None:
    different = [
        code
        for code in range(0x110000)
        if (_ALNUM.match(chr(code)) is not None) != chr(code).isalnum()
    ]
    assert different == []
