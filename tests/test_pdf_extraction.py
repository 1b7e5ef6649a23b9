"""ActualText order: what an extractor's reading rule turns back into the logical text."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from newsconv.writers.pdf.extraction import actual_text_order, extraction_kind, page_is_rtl


def extractor_reading(text: str, rtl_page: bool) -> str:
    """The reading rule of poppler's text output, as documented by its behaviour: on a
    right-to-left page, from the right, sections of non-L characters reversed alternating
    with sections of non-R characters kept; the mirror image on a left-to-right page."""
    out: list[str] = []
    if rtl_page:
        i = len(text) - 1
        while i >= 0:
            j = i
            while j >= 0 and extraction_kind(text[j]) != "L":
                j -= 1
            out.extend(reversed(text[j + 1 : i + 1]))
            i = j
            while j >= 0 and extraction_kind(text[j]) != "R":
                j -= 1
            out.extend(text[j + 1 : i + 1])
            i = j
        return "".join(out)
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and extraction_kind(text[j]) != "R":
            j += 1
        out.extend(text[i:j])
        i = j
        while j < len(text) and extraction_kind(text[j]) != "L":
            j += 1
        out.extend(reversed(text[i:j]))
        i = j
    return "".join(out)


def letters(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def test_kinds_follow_the_number_classes() -> None:
    assert extraction_kind("ب") == "R"
    assert extraction_kind("؟") == "R"
    assert extraction_kind("7") == "L"
    assert extraction_kind(",") == "L"  # number separators read left to right
    assert extraction_kind("،") == "L"
    assert extraction_kind("(") == "N"
    assert extraction_kind("\u064b") == "N"


def test_numbers_keep_their_logical_order() -> None:
    logical = "تبلغ 2560 × 1440 بكسل"
    read = extractor_reading(actual_text_order(logical, True), True)
    assert letters(read) == letters(logical)
    assert read.index("2560") < read.index("1440")


def test_rtl_sentence_round_trips_exactly() -> None:
    logical = "قال (الرئيس) «نعم» اليوم"
    assert extractor_reading(actual_text_order(logical, True), True) == logical


def test_ltr_page_with_an_arabic_phrase() -> None:
    logical = "The sign reads أهلاً بكم"
    assert extractor_reading(actual_text_order(logical, False), False) == logical


def test_neutrals_between_runs_may_move_but_letters_do_not() -> None:
    logical = "The sign reads أهلاً بكم and more"
    read = extractor_reading(actual_text_order(logical, False), False)
    assert letters(read) == letters(logical)


def test_page_direction_is_the_letter_majority() -> None:
    assert page_is_rtl(["كلمة عربية", "one"])
    assert not page_is_rtl(["English text", "عربي"])
    assert not page_is_rtl(["2024 ،"])


alphabet = st.sampled_from(list("abc 12.,:-()") + list("سلامعבר") + ["\u064b", "«", "»"])


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet, max_size=40), st.booleans())
def test_letters_and_digits_always_come_back_in_order(logical: str, rtl_page: bool) -> None:
    """Only neutral characters at a section edge may move; letters and digits never do."""
    read = extractor_reading(actual_text_order(logical, rtl_page), rtl_page)
    assert sorted(read) == sorted(logical)
    assert letters(read) == letters(logical)
