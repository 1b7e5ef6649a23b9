"""The parser's fast paths agree with the plain per-character definitions they replace."""

from __future__ import annotations

import gc
import re
import unicodedata
from collections import Counter
from dataclasses import FrozenInstanceError, astuple, replace

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsconv.diagnostics import ParseError
from newsconv.markup import clean_line, clean_lines, nodes, parse_document
from newsconv.markup.blocks import BlockParser
from newsconv.markup.infer.headings import _ADDRESS, _address
from newsconv.markup.infer.lexicon import FACT_LABELS, fold_word
from newsconv.markup.infer.related import _fold
from newsconv.markup.infer.shapes import (
    _ALNUM,
    _INVISIBLES,
    _OTHER_SPACE,
    _OTHER_SPACES,
    _PAIR,
    CONTINUATION,
    FACT_LABEL_MAX_WORDS,
    INVISIBLE,
    PAIR_SIDE_MAX_WORDS,
    _fact,
    _pair,
    _printable_but_zwnj,
    line_of_text,
    plain,
    rule_line,
    sentence_like,
    starts_with,
    words,
)
from newsconv.markup.nodes import holds_text
from newsconv.markup.report import Reporter
from newsconv.markup.source import Line, split_lines
from newsconv.model import Bold, Heading, Inline, LineBreak, Paragraph, Position, Text, inline_text
from newsconv.text.controls import (
    find_xml_illegal,
    may_need_cleaning,
    suspect_offsets,
    unbalanced_bidi,
)
from newsconv.text.language import (
    _main_script,
    _script_weights,
    detect_language,
    prose_language,
)
from newsconv.text.script import prose_direction, strong_counts, text_direction
from newsconv.text.words import (
    _NOT_LETTERS,
    _WORD_INNER,
    FUNCTION_WORDS,
    LATIN_INITIALS,
    _is_word,
    _machine_run,
    _without_machine_runs,
    latin_letters_at_most,
    prose_words,
    rtl_prose_settled,
)

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


@example(" a  b ")
@example("a b")
@example("a\u200c  b")
@given(_TEXT)
def test_plain_drops_invisibles_and_collapses_whitespace(text: str) -> None:
    assert plain(text) == " ".join(INVISIBLE.sub("", text).split())


@example("\u200f * -")
@example("\u00a0\u200c*")
@example("\ufeff\u2003\u202b-")
@given(_TEXT)
def test_starts_with_is_the_first_character_of_the_plain_text(text: str) -> None:
    for firsts in (frozenset("*-–—•"), frozenset("a\u200c\u0640")):
        assert starts_with(text, firsts) == (plain(text)[:1] in firsts)


@given(_TEXT)
def test_fold_drops_marks_and_tatweel_and_unifies_letters(text: str) -> None:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ch != "\u0640")
    assert _fold(text) == kept.translate(str.maketrans("أإآیکى", "ااايكي"))


@given(_TEXT)
def test_text_without_need_of_cleaning_has_nothing_to_clean_on_any_line(text: str) -> None:
    if not may_need_cleaning(text):
        assert suspect_offsets(text) == []
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


def test_invisibles_and_other_spaces_are_the_patterns_and_none_is_printable() -> None:
    invisible = [chr(code) for code in range(0x110000) if INVISIBLE.match(chr(code))]
    other_space = [chr(code) for code in range(0x110000) if _OTHER_SPACE.match(chr(code))]
    assert sorted(invisible) == sorted(_INVISIBLES)
    assert other_space == list(_OTHER_SPACES)
    assert not any(ch.isprintable() for ch in invisible + other_space)


def _lines_by_regex(text: str) -> list[Line]:
    """The lines of ``text`` by the one-regex definition."""
    base = 1 if text.startswith("\ufeff") else 0
    lines, start = [], base
    for number, match in enumerate(re.finditer(r"\r\n|\r|\n", text[base:]), 1):
        lines.append(Line(text[start : base + match.start()], number, start))
        start = base + match.end()
    if start < len(text):
        lines.append(Line(text[start:], len(lines) + 1, start))
    return lines


@given(st.text(alphabet=st.sampled_from("ab\n\r\ufeff س")))
def test_split_lines_is_the_regex_definition(text: str) -> None:
    assert split_lines(text) == _lines_by_regex(text)


@given(_TEXT)
def test_cleaning_only_suspect_lines_is_cleaning_every_line(text: str) -> None:
    lines = split_lines(text)
    fast, slow = Reporter("x", False), Reporter("x", False)
    every_line = [clean_line(line, slow) for line in lines]
    assert clean_lines(lines, suspect_offsets(text), fast) == every_line
    assert fast.diagnostics == slow.diagnostics


@given(st.text(alphabet=st.sampled_from("ab &;amp#x200f[<\u00a0\u200f \t"), min_size=1))
def test_a_line_without_markup_is_the_paragraph_the_inline_parser_makes(text: str) -> None:
    line = Line(text.replace("[", "").replace("<", ""), 3, 40)
    fast = BlockParser(Reporter("x", False))
    fast._line(line)
    slow = BlockParser(Reporter("x", False))
    slow._paragraph(line, 0, len(line.text))
    assert fast.blocks == slow.blocks
    assert all(isinstance(block, Paragraph) for block in fast.blocks)


_SCRIPT_TEXT = st.text(alphabet=st.sampled_from("ab Zé سصی שלום 中 12 \U0001d400\U00010900"))


@settings(deadline=None)  # the first call builds the character classes
@given(_SCRIPT_TEXT, st.sampled_from(["ltr", "rtl"]))
def test_text_direction_is_the_majority_of_strong_characters(text: str, default: str) -> None:
    rtl, ltr = strong_counts(text)
    expected = default if rtl == ltr else "rtl" if rtl > ltr else "ltr"
    assert text_direction(text, default) == expected  # type: ignore[arg-type]


_LATIN_WORDS = st.sampled_from(["the", "The", "of", "color", "Margin", "px", "é", "سلام", "Zed"])


@example(["سلام", *["px"] * 12, "the", *["color"] * 13, "سلام", *["px"] * 11])
@given(st.lists(_LATIN_WORDS, max_size=40))
def test_machine_runs_dropped_as_by_looking_at_every_run(words: list[str]) -> None:
    latin = [word[0] in LATIN_INITIALS for word in words]
    kept: list[str] = []
    run: list[str] = []
    for word, is_latin in zip([*words, ""], [*latin, False], strict=True):
        if is_latin:
            run.append(word)
            continue
        if not _machine_run(run):
            kept.extend(run)
        run = []
        if word:
            kept.append(word)
    assert _without_machine_runs(words, latin) == kept


def test_no_function_word_starts_with_a_letter_outside_latin() -> None:
    assert all(word[0] in LATIN_INITIALS for word in FUNCTION_WORDS)


@given(st.lists(st.text(alphabet="ab Zé سصی שלום 中", min_size=1).map(str.strip).filter(bool)))
def test_main_script_is_the_heaviest_first_met(words: list[str]) -> None:
    weights: Counter[str] = _script_weights(words)
    assert _main_script(words) == (weights.most_common(1)[0][0] if weights else None)


def test_the_collector_is_on_again_after_a_parse_and_after_a_failed_one() -> None:
    assert gc.isenabled()
    collections: list[str] = []
    gc.callbacks.append(lambda phase, info: collections.append(phase))
    try:
        parse_document("A paragraph.\n" * 5000)  # objects enough for dozens of collections
        assert collections.count("start") <= 1 and gc.isenabled()  # one, once it is on again
        with pytest.raises(ParseError):
            parse_document("[box]\nnever closed\n", strict=True)
        assert gc.isenabled()
        gc.disable()
        parse_document("A paragraph.\n")
        assert not gc.isenabled()  # left off when it was off
    finally:
        gc.callbacks.pop()
        gc.enable()


_WORDY = st.text(
    alphabet=st.sampled_from("ab Zé ı ẞ ɐ ّ ً-'’«».,()؛ {} 12 سصیکىـ\u200c\u200d ال ة ש 中\U0001d400")
    | st.characters(),
    max_size=60,
)


def _prose_words_token_by_token(text: str) -> list[str]:
    """:func:`prose_words` by its definition: every token trimmed and looked at."""
    edges = ".,;:!?«»\"'()[]“”‘’„…،؛؟*-–—"
    code = set("{}<>=#;@$%|\\/_[]()+*~^&")
    words = []
    for token in text.split():
        core = token.strip(edges)
        if core.isalpha() or (core and not code & set(token) and _is_word(core)):
            words.append(core)
    latin = [word[0] in LATIN_INITIALS for word in words]
    return _without_machine_runs(words, latin)


@example("é " * 13)
@example("ab \u200c c\u200cd (e\u200cf) g")
@example("ẞ " * 12 + "سلام")
@given(_WORDY)
def test_prose_words_are_the_tokens_looked_at_one_by_one(text: str) -> None:
    assert prose_words(text) == _prose_words_token_by_token(text)


@given(_WORDY)
def test_latin_letters_are_counted_no_fewer_than_there_are(text: str) -> None:
    exact = sum(ch in LATIN_INITIALS for ch in text)
    bound = latin_letters_at_most(text)
    assert bound >= exact
    if not any(0x100 <= ord(ch) <= 0x2FF or 0x1E00 <= ord(ch) <= 0x1EFF for ch in text):
        assert bound == exact


@given(_WORDY)
def test_is_word_without_zwnj_is_a_word_by_the_table(core: str) -> None:
    if core.replace("\u200c", "").isalpha():
        assert core.translate(_NOT_LETTERS).isalpha()


@given(_WORDY)
def test_main_script_of_joined_words_is_the_main_script(text: str) -> None:
    words = prose_words(text) or list(filter(str.isalpha, text))
    assert _main_script(words, " ".join(words)) == _main_script(words)


@given(_WORDY)
def test_language_of_known_prose_is_the_detected_language(text: str) -> None:
    prose = prose_words(text)
    assert prose_language(text, prose, " ".join(prose)) == detect_language(text)


_POSITIONS = st.builds(Position, st.integers(0, 10**6), st.integers(0, 10**4), st.integers(0))


@given(_POSITIONS, st.text(max_size=5), st.sampled_from([None, "ar", "en"]))
def test_nodes_built_by_their_slots_are_the_dataclass_nodes(
    pos: Position, text: str, lang: str | None
) -> None:
    built = nodes.paragraph((nodes.text_run(text, pos),), nodes.position(*astuple(pos)))
    expected = Paragraph((Text(text, pos),), Position(*astuple(pos)))
    assert built == expected and hash(built) == hash(expected) and repr(built) == repr(expected)
    assert type(built.children[0]) is Text and type(built.pos) is Position
    with pytest.raises(FrozenInstanceError):
        built.pos.line = 2  # type: ignore[misc]
    for block in (expected, Heading(expected.children, pos, level=2)):
        marked = nodes.with_language(block, lang, "rtl")
        assert marked == replace(block, lang=lang, dir="rtl") and type(marked) is type(block)


@example("a\u200cb")
@example("a\u200c\u200fb")
@given(_TEXT)
def test_printable_but_zwnj_needs_no_plain_change(text: str) -> None:
    printable = text.isprintable() or _printable_but_zwnj(text)
    if printable and not (text[:1].isspace() or text[-1:].isspace() or "  " in text):
        assert " ".join(INVISIBLE.sub("", text).split()) == text


@example("قال المدير إن شركة Apple أعلنت عن iPhone جديد")
@example("كلمة" + " data" * 12)
@example("ab\u200cسلام " * 3 + "x y z")
@given(_WORDY)
def test_settled_right_to_left_prose_is_right_to_left(text: str) -> None:
    if rtl_prose_settled(text):
        assert prose_direction(text, "rtl") == "rtl"


def test_arabic_prose_with_a_few_latin_words_is_settled() -> None:
    assert rtl_prose_settled("قال المدير إن شركة Apple أعلنت عن iPhone جديد في المؤتمر")
    assert not rtl_prose_settled("Apple announced a new iPhone, قال المدير")


def test_no_character_is_both_a_letter_and_a_digit() -> None:
    both = [code for code in range(0x110000) if chr(code).isalpha() and chr(code).isdigit()]
    assert both == []


def _pair_by_its_pattern(text: str) -> bool:
    match = _PAIR.match(text)
    return match is not None and all(
        0 < words(side) <= PAIR_SIDE_MAX_WORDS and not sentence_like(side)
        for side in match.groups()
    )


def _joined(pieces: list[str]) -> st.SearchStrategy[str]:
    """Texts made of ``pieces`` in any order and number."""
    return st.lists(st.sampled_from(pieces)).map("".join)


_PAIRISH = _joined(["a", "bc", "س", " ", "  ", "-", "ـ", "—", "/", ".", ":", "\t"])


@example("a b c d - e f g h")
@example("a b c d e - f g h i")
@example("a b c d -e f g h")
@example("a b - c / d e f g h i j k")
@given(_PAIRISH)
def test_pair_is_its_pattern(text: str) -> None:
    assert _pair(text) == _pair_by_its_pattern(text)


def _fact_by_its_definition(text: str) -> bool:
    label, colon, value = text.partition(":")
    if not colon or not value.strip() or not 0 < len(label.split()) <= FACT_LABEL_MAX_WORDS:
        return False
    if not any(ch.isalpha() for ch in label) or value.rstrip().endswith(":"):
        return False
    if any(fold_word(word) in FACT_LABELS for word in label.split()):
        return True
    tokens = value.split()
    return 3 * sum(any(ch.isdigit() for ch in token) for token in tokens) >= len(tokens)


_FACTISH = _joined(["a", "س", "1", "٣", "²", " ", ":", "-", "date", "Date", "ab1"])


@example("Date: soon")
@example("score: 2-1 today")
@example("x: ² a b")
@given(_FACTISH)
def test_fact_is_its_definition(text: str) -> None:
    assert _fact(text) == _fact_by_its_definition(text)


_ADDRESSISH = _joined(["a", "س", " ", "@", ".", "/", ":", "http", "s", "www", "w", "x1"])


@example("see https://example.org")
@example("write to a@b.c")
@example("www.example.org")
@given(_ADDRESSISH)
def test_address_is_its_pattern(text: str) -> None:
    assert _address(text) == (_ADDRESS.search(text) is not None)


@pytest.mark.parametrize(
    "unit", ["ab\u200c cd ", "a\u00a0b ", "a\u200fb ", "سلام\u200e ", "a  b\t", "ab "]
)
def test_plain_of_a_huge_line_is_the_definition(unit: str) -> None:
    for text in (unit * 5000, (unit * 5000).strip(), " " + unit * 5000):
        assert plain(text) == " ".join(INVISIBLE.sub("", text).split())


_AT = Position(1, 1, 0)
_RUN = st.text(alphabet=st.sampled_from(" \t\u00a0\u2003a\u200cس"), max_size=3)
_LEAF = st.one_of(_RUN.map(lambda text: Text(text, _AT)), st.just(LineBreak(_AT)))
_INLINE: st.SearchStrategy[Inline] = st.recursive(
    _LEAF,
    lambda inner: st.lists(inner, max_size=3).map(lambda nodes: Bold(tuple(nodes), _AT)),
    max_leaves=6,
)


@example([Text(" ", _AT)])
@example([Text("\u00a0", _AT), Bold((Text("a", _AT),), _AT)])
@given(st.lists(st.one_of(_LEAF, _INLINE), max_size=4))
def test_holds_text_is_text_beyond_white_space(children: list[Inline]) -> None:
    assert holds_text(tuple(children)) == bool(inline_text(tuple(children)).strip())


_LONG_WORD = st.text(alphabet=st.sampled_from("abZ.:-–ـ1٢)(*•سلام\u200c\u200f\u0640"), min_size=1)
_GAP = st.sampled_from([" ", "  ", "\u00a0", "\t", " \u200e", "\u202b", " \n "])


@pytest.mark.parametrize(
    "text",
    [
        "ب " + "ـ" * 700 + " بقية النص",
        "ب" + "ـ" * 700 + " بقية النص",
        "- " + "كلمة " * 200,
        " " * 700 + "كلمة " * 40,
        "https://example.org/" + "a" * 700 + " نص",
        "كلمة " * 200 + "النهاية:" + "\u200f " * 40,
        "word " * 200 + "end" + " " * 100,
        "the " * 300,
    ],
)
def test_rule_line_reads_long_lines_as_the_whole_line_does(text: str) -> None:
    _check_rule_line(text)


@given(st.lists(st.tuples(_LONG_WORD, _GAP), min_size=60, max_size=400))
def test_rule_line_reads_body_text_as_the_whole_line_does(parts: list[tuple[str, str]]) -> None:
    _check_rule_line("".join(word + gap for word, gap in parts))


def _check_rule_line(text: str) -> None:
    fast, whole = rule_line(text), line_of_text(text)
    assert fast.kind == whole.kind
    if fast.text == whole.text:
        return
    assert fast.kind == "body"
    assert fast.text.split(maxsplit=1)[:1] == whole.text.split(maxsplit=1)[:1]
    assert bool(CONTINUATION.match(fast.text)) == bool(CONTINUATION.match(whole.text))
    assert fast.text[-1:] == whole.text[-1:]
