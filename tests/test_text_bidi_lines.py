"""Per-line visual order: the reference UAX #9 result, with indexes and levels."""

from __future__ import annotations

from bidi.algorithm import get_display
from hypothesis import given, settings
from hypothesis import strategies as st

from newsconv.text import bidi_lines
from newsconv.text.bidi_lines import display, mirrored_glyph, visual_order

from .conftest import corpus_files


def test_pure_rtl_line_is_reversed_with_mirroring() -> None:
    assert display("قال (نعم) «لا»", "rtl") == "«ال» (معن) لاق"


def test_digits_stay_left_to_right_in_rtl() -> None:
    assert display("عام 2030 و250", "rtl") == "250و 2030 ماع"


def test_latin_run_keeps_its_order_in_rtl() -> None:
    assert display("قال Hello World اليوم", "rtl") == "مويلا Hello World لاق"


def test_ltr_line_with_arabic_word() -> None:
    assert display("The word سلام means peace", "ltr") == "The word مالس means peace"


def test_levels_and_indexes() -> None:
    order = visual_order("ab عم", "ltr")
    assert [i for i, _ in order] == [0, 1, 2, 4, 3]
    assert [level for _, level in order] == [0, 0, 0, 1, 1]


def test_explicit_controls_are_not_in_the_order() -> None:
    text = "\u202bقال\u202c x"
    indexes = [i for i, _ in visual_order(text, "rtl")]
    assert 0 not in indexes and 4 not in indexes


def test_mirroring_only_at_odd_levels() -> None:
    assert mirrored_glyph("(", 1) == ")"
    assert mirrored_glyph("(", 2) == "("
    assert mirrored_glyph("«", 1) == "»"
    assert mirrored_glyph("a", 1) == "a"


alphabet = st.sampled_from(list("ab 12.,-()«»:") + list("سلامעבר") + ["\u064b", "\u200c"])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet, max_size=30), st.sampled_from(["rtl", "ltr"]))
def test_same_as_the_reference_algorithm(text: str, base: str) -> None:
    reference = get_display(text, base_dir="R" if base == "rtl" else "L")
    assert display(text, base) == reference  # type: ignore[arg-type]


def test_same_as_the_reference_on_corpus_lines() -> None:
    files = corpus_files()[::7]
    for path in files:
        for paragraph in path.read_text(encoding="utf-8").splitlines()[:6]:
            words = paragraph.split(" ")
            for start in range(0, len(words), 9):
                chunk = " ".join(words[start : start + 9])
                for base, code in (("rtl", "R"), ("ltr", "L")):
                    assert display(chunk, base) == get_display(chunk, base_dir=code)  # type: ignore[arg-type]


def test_characters_without_a_bidi_class_are_ordered_as_left_to_right() -> None:
    # U+AAF7 has no bidi class in this Python's Unicode data; UAX #9 treats it as L
    order = visual_order("؟ \uaaf7", "rtl")
    assert sorted(index for index, _level in order) == [0, 1, 2]
    assert order[0][0] == 2


numbers_alphabet = st.sampled_from(
    list(" ـ!()«»,.:/+-%$#0123456789") + list("بتאב\u0661\u0662\u06f1\u060c\u064e\u0651")
)


@settings(max_examples=400, deadline=None)
@given(st.text(numbers_alphabet, min_size=1, max_size=24))
def test_rtl_lines_with_numbers_have_the_reference_levels(text: str) -> None:
    """The fast path for right-to-left lines whose only left-to-right content is numbers
    (weak types, separators, terminators, marks) gives the reference indexes and levels."""
    classes = [bidi_lines.bidi_class(ch) for ch in text]
    assert set(classes) <= bidi_lines._RTL_WITH_NUMBERS
    assert visual_order(text, "rtl") == bidi_lines._resolved_order(text, "rtl")


def test_rtl_line_with_numbers_takes_the_fast_path() -> None:
    text = "بلغ 7,939 دولار +5% عام ٢٠٣٠"
    classes = [bidi_lines.bidi_class(ch) for ch in text]
    assert bidi_lines._rtl_with_numbers(classes) == bidi_lines._resolved_order(text, "rtl")
    assert visual_order(text, "rtl") == bidi_lines._resolved_order(text, "rtl")
    assert "2" in {str(level) for _, level in visual_order(text, "rtl")}
