"""Script, language and direction detection: the real corpus folder by folder, Hebrew,
Yiddish and Urdu samples, and how text splits into direction runs."""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsconv
from newsconv.text.language import _script_weights
from newsconv.text.script import (
    against,
    char_direction,
    detect_language,
    direction_runs,
    language_direction,
    prose_direction,
    prose_words,
    script_of,
    strong_counts,
    text_direction,
)

from .conftest import corpus_files, corpus_ids

FOLDER_LANGUAGE = {"ar": "ar", "fa": "fa", "en": "en", "mixed": "ar"}

HEBREW = (
    "ראש הממשלה הודיע היום על תוכנית חדשה לשיפור מערכת החינוך. לדבריו, התוכנית תיכנס לתוקף"
    " בתחילת שנת הלימודים הבאה ותכלול הכשרה של אלפי מורים חדשים ברחבי הארץ."
)
YIDDISH = (
    "דער שר\u05f2בער האָט געשריבן \u05f0עגן ז\u05f2ן שטעטל און \u05f0עגן די מענטשן \u05f0אָס"
    " האָבן דאָרט געל\u05f2בט, און \u05f0י אַז\u05f4 די \u05f0עלט האָט זיך געביטן."
)
URDU = (
    "وزیر اعظم نے آج کہا کہ حکومت تعلیم کے نظام کو بہتر بنانے کے لیے نیا منصوبہ شروع کر رہی ہے۔"
    " انہوں نے بتایا کہ اس منصوبے میں ہزاروں نئے اساتذہ کی تربیت شامل ہوگی۔"
)
PERSIAN_ARABIC_LETTERS = (
    "رئيس دانشگاه گفت كه امتحانات نيم\u200cسال دوم در چهار هفته برگزار مي\u200cشود و"
    " دانشجويان مي\u200cتوانند در محل سكونت خود امتحان دهند."
)
ARABIC = "أعلنت الحكومة اليوم عن خطة جديدة لدعم المزارعين في المناطق الريفية التي تعاني من الجفاف."


@pytest.mark.parametrize("path", corpus_files(), ids=corpus_ids())
def test_every_corpus_article_is_detected_as_its_folder(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    expected = FOLDER_LANGUAGE[path.parent.name]
    assert detect_language(text) == expected
    doc = newsconv.parse(text)
    assert (doc.lang, doc.dir) == (expected, language_direction(expected))


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (HEBREW, "he"),
        (YIDDISH, "yi"),
        (URDU, "ur"),
        (PERSIAN_ARABIC_LETTERS, "fa"),
        (PERSIAN_ARABIC_LETTERS.replace("ي", "ی").replace("ك", "ک"), "fa"),
        (ARABIC, "ar"),
        ("The government announced a new plan for the farmers of the region.", "en"),
        ("Le gouvernement a annoncé un plan pour les agriculteurs de la région.", "fr"),
        ("El gobierno anunció un plan para los agricultores de la región.", "es"),
        ("Die Regierung hat einen Plan für die Bauern der Region vorgestellt.", "de"),
        ("iPhone", "en"),
        ("12345 !?", None),
        ("", None),
    ],
)
def test_detect_language_samples(text: str, lang: str | None) -> None:
    assert detect_language(text) == lang


def test_persian_without_zwnj_or_persian_letters_leans_on_function_words() -> None:
    assert detect_language("اين كتاب را براي شما مي خواهد بود") == "fa"
    assert detect_language("هذا الكتاب الذي كان على الطاولة") == "ar"


def test_prose_words_leave_out_code_urls_and_numbers() -> None:
    text = "زار «الوفد» http://example.com/a?b=1 المعرض، {x:1;} 2017 user_id iPhone."
    assert prose_words(text) == ["زار", "الوفد", "المعرض", "iPhone"]


def test_style_sheet_words_without_function_words_are_not_prose() -> None:
    css = "padding: 0; margin: 0; float: right; width: auto; zborder: solid; overflow: hidden;"
    assert prose_words(css * 2) == []
    names = "Monte Walsh | William A. Fraker, John Ford, Clint Eastwood, Robert Altman"
    assert len(prose_words(f"{names} {names}")) == 22
    terse = "Bad byte here: end. Next line fine."
    assert prose_words(terse) == ["Bad", "byte", "here", "end", "Next", "line", "fine"]
    assert detect_language(terse) == "en"


def test_direction_helpers() -> None:
    assert char_direction("ب") == "rtl" and char_direction("א") == "rtl"
    assert char_direction("b") == "ltr" and char_direction("5") is None
    assert text_direction("شركة Apple أعلنت") == "rtl"
    assert text_direction("123 ...", "rtl") == "rtl"
    assert prose_direction("مقال http://www.example.com/very/long/path/name.html") == "rtl"
    assert text_direction("مقال http://www.example.com/very/long/path/name.html") == "ltr"
    assert [language_direction(tag) for tag in ("ar", "fa-IR", "ur", "he", "yi", "en")] == [
        "rtl",
        "rtl",
        "rtl",
        "rtl",
        "rtl",
        "ltr",
    ]


# ----------------------------------------------------------------------------- direction runs


@pytest.mark.parametrize(
    ("text", "base", "runs"),
    [
        ("", "rtl", []),
        ("مرحبا بكم", "rtl", [("مرحبا بكم", "rtl")]),
        ("سعر iPhone 15 هو", "rtl", [("سعر ", "rtl"), ("iPhone 15", "ltr"), (" هو", "rtl")]),
        (
            "نسخة 2.0 من Windows 10, 11 الجديدة",
            "rtl",
            [("نسخة 2.0 من ", "rtl"), ("Windows 10, 11", "ltr"), (" الجديدة", "rtl")],
        ),
        ("قال (Reuters) إن", "rtl", [("قال (", "rtl"), ("Reuters", "ltr"), (") إن", "rtl")]),
        ("مقال Apple Inc.", "rtl", [("مقال ", "rtl"), ("Apple Inc", "ltr"), (".", "rtl")]),
        ("hello שלום 15 world", "ltr", [("hello ", "ltr"), ("שלום 15", "rtl"), (" world", "ltr")]),
        (
            "Price: السعر ٣٥ only",
            "ltr",
            [("Price: ", "ltr"), ("السعر ٣٥", "rtl"), (" only", "ltr")],
        ),
        ("15 iPhone", "rtl", [("15 ", "rtl"), ("iPhone", "ltr")]),
    ],
)
def test_direction_runs(text: str, base: str, runs: list[tuple[str, str]]) -> None:
    assert direction_runs(text, base) == runs  # type: ignore[arg-type]


def test_arabic_indic_digits_after_latin_stay_with_the_arabic() -> None:
    assert direction_runs("abc ٣٥ جديد", "rtl") == [("abc", "ltr"), (" ٣٥ جديد", "rtl")]


@given(st.text(alphabet="ab سص١2.- ()«»\u202a\u202c"), st.sampled_from(["ltr", "rtl"]))
def test_direction_runs_cover_the_text_and_alternate(text: str, base: str) -> None:
    runs = direction_runs(text, base)  # type: ignore[arg-type]
    assert "".join(run for run, _dir in runs) == text
    assert all(run for run, _dir in runs)
    assert all(a[1] != b[1] for a, b in itertools.pairwise(runs))
    for run, run_dir in runs:
        if run_dir != base:
            assert char_direction(run[0]) == run_dir


_MIXED_ALPHABET = "ab Zé ßş\u1e00 سصی ـ שלום 中Д 12٣ .,«» \u200c\U0001d400\U00010900"


@given(st.text(alphabet=_MIXED_ALPHABET))
def test_strong_counts_agree_with_a_look_at_every_character(text: str) -> None:
    expected = (
        sum(char_direction(ch) == "rtl" for ch in text),
        sum(char_direction(ch) == "ltr" for ch in text),
    )
    assert strong_counts(text) == expected


@given(st.lists(st.text(alphabet=_MIXED_ALPHABET.replace(" ", ""), min_size=1)))
def test_script_weights_count_each_word_in_its_first_letter_script(words: list[str]) -> None:
    expected: Counter[str] = Counter()
    for word in words:
        expected[script_of(word[0])] += len(word)
    assert list(_script_weights(words).items()) == list(expected.items())


@given(st.text(alphabet=_MIXED_ALPHABET), st.sampled_from(["ltr", "rtl"]))
def test_a_text_not_against_its_base_never_changes_direction(text: str, base: str) -> None:
    if not against(text, base):  # type: ignore[arg-type]
        assert prose_direction(text, base) == base  # type: ignore[arg-type]
