"""The shortcuts of paragraph direction and language detection agree with the plain
definitions they replace."""

from __future__ import annotations

import itertools
from collections import Counter

from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsconv.markup.infer.language import PARAGRAPH_SAMPLE_CHARS, _differs
from newsconv.model import Direction
from newsconv.text.language import (
    _LATIN_STOPWORDS,
    _latin_language,
    ascii_prose_language,
    language_direction,
    prose_language,
)
from newsconv.text.script import against, prose_direction, text_direction
from newsconv.text.words import (
    FUNCTION_WORDS,
    LATIN_INITIALS,
    _without_machine_runs,
    prose_words,
    rtl_prose_settled,
    utf16_high_bytes,
)

_FUNCTION = sorted(FUNCTION_WORDS)
_LATIN_TOKENS = st.sampled_from(
    [*_FUNCTION, "The", "AND", "color", "px", "Margin", "don't", "(the)", "e-mail", "x=1",
     "U.S.", "2024", "«le»", "café", "über", "ẞig"]
)  # fmt: skip
_ARABIC_TOKENS = st.sampled_from(
    ["قال", "المدير", "إن", "في", "من", "می\u200cشود", "«شركة»", "2024م", "١٢", "#وسم",
     "ـــ", "،", "سلامé", "\u200c", "بِسْمِ"]
)  # fmt: skip
_SPACES = st.sampled_from([" ", "  ", "\n", "\u00a0", "\t"])


def _texts(tokens: st.SearchStrategy[str], max_size: int) -> st.SearchStrategy[str]:
    words = st.lists(st.tuples(tokens, _SPACES), max_size=max_size)
    return words.map(lambda pairs: "".join(itertools.chain.from_iterable(pairs)))


_ASCII_TEXT = _texts(_LATIN_TOKENS.filter(str.isascii), 40)
_MIXED_TEXT = _texts(_LATIN_TOKENS | _ARABIC_TOKENS | _ARABIC_TOKENS, 120)


def _latin_language_by_counts(joined: str) -> str:
    """:func:`_latin_language` by its definition: each language's function words counted."""
    counts = Counter(word for word in joined.lower().split() if word in FUNCTION_WORDS)
    scores = {lang: sum(counts[word] for word in stop) for lang, stop in _LATIN_STOPWORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] > 0 else "en"


@example("il la")  # tied: the first language of the list wins
@example("der the")
@example("")
@given(_texts(_LATIN_TOKENS, 30))
def test_latin_language_is_the_language_with_most_function_words(joined: str) -> None:
    assert _latin_language(joined) == _latin_language_by_counts(joined)


@given(_ASCII_TEXT | st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_prose_words_are_all_latin_words(text: str) -> None:
    words = prose_words(text)
    tokens = prose_words(text + " سلام")[:-1]  # the same words, without the ASCII shortcut
    assert words == tokens
    assert all(word[0] in LATIN_INITIALS for word in words)
    assert _without_machine_runs(words, [True] * len(words)) == words


@settings(deadline=None)  # the first call builds the character classes
@given(
    _ASCII_TEXT | st.text(alphabet=st.characters(max_codepoint=127)),
    st.sampled_from(["ltr", "rtl"]),
)
def test_direction_of_ascii_text_is_that_of_its_letters(text: str, default: Direction) -> None:
    expected = "ltr" if any(ch.isalpha() for ch in text) else default
    assert text_direction(text, default) == expected


@given(st.text())
def test_high_bytes_are_those_of_the_codec_by_name(text: str) -> None:
    assert utf16_high_bytes(text) == text.encode("utf-16-le", "surrogatepass")[1::2]


@settings(deadline=None)
@example("Apple iPhone " + "قال المدير إن شركة " * 30 + "www.example.com/x=1 " * 10)
@example("قال " * 40 + "ẞig café " * 20)
@given(_MIXED_TEXT)
def test_settled_right_to_left_prose_is_right_to_left(text: str) -> None:
    if rtl_prose_settled(text):
        assert prose_direction(text, "rtl") == "rtl"


def _differs_by_definition(
    text: str, lang: str, dir: Direction
) -> tuple[str | None, Direction | None]:
    """:func:`_differs` without shortcuts: the prose words, their direction, then their
    language."""
    if not against(text, dir):
        return None, None
    if len(text) > PARAGRAPH_SAMPLE_CHARS:
        cut = text.find(" ", PARAGRAPH_SAMPLE_CHARS)
        text = text if cut < 0 else text[:cut]
    prose = prose_words(text)
    own_dir = prose_direction(text, dir, prose)
    if own_dir == dir:
        return None, None
    own_lang = prose_language(text, prose, " ".join(prose)) if prose else None
    return (own_lang if own_lang != lang else None), own_dir


@settings(deadline=None)
@example("Apple iPhone " + "قال المدير إن شركة " * 30, "ar")
@example("the " + "px " * 12 + "قال", "ar")
@example("px " * 13, "en")
@given(_MIXED_TEXT | _ASCII_TEXT, st.sampled_from(["ar", "en", "fa", "fr", "he"]))
def test_a_paragraph_differs_as_by_the_definition(text: str, lang: str) -> None:
    dir = language_direction(lang)
    assert _differs(text, lang, dir) == _differs_by_definition(text, lang, dir)


@example("(the) e-mail px")
@example("px " * 13)
@example("Quoted text & an entity.")
@given(_ASCII_TEXT | st.text(alphabet=st.characters(max_codepoint=127)))
def test_language_of_ascii_prose_is_that_of_its_words(text: str) -> None:
    prose = prose_words(text)
    expected = prose_language(text, prose, " ".join(prose)) if prose else None
    assert ascii_prose_language(text) == expected


def test_an_ascii_paragraph_without_a_letter_in_its_sample_keeps_the_direction() -> None:
    text = "1 " * (PARAGRAPH_SAMPLE_CHARS // 2 + 10) + "English words"
    assert _differs(text, "ar", "rtl") == _differs_by_definition(text, "ar", "rtl")
    assert _differs(text, "ar", "rtl") == (None, None)
