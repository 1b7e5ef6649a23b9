"""Prose words: the natural-language words of a text, with URLs, tags, code and numbers
left out (what language and direction detection count)."""

from __future__ import annotations

import codecs
import itertools
import re
import unicodedata
from operator import itemgetter, mul

LATIN_STOPWORDS = {
    "en": "the and of to in is that for with was on are by this it",
    "fr": "le la les et des est une dans pour que du qui au sur",
    "es": "el los las y del que una por con para es se al como",
    "de": "der die und das ist nicht mit ein den von zu im sich auch",
    "it": "il di che della per non sono gli nel alla una anche",
    "pt": "o os as do da dos das em um uma não para com por que",
}
"""Frequent function words of the Latin-script languages told apart, space-separated."""
FUNCTION_WORDS = frozenset(" ".join(LATIN_STOPWORDS.values()).split())
MACHINE_RUN_WORDS = 12
"""A Latin run this long without one function word is taken for code, not prose."""
_CODE_CHARS = frozenset("{}<>=#;@$%|\\/_[]()+*~^&")
WORD_EDGES = ".,;:!?«»\"'()[]“”‘’„…،؛؟*-–—"
"""Punctuation trimmed from both ends of a token; none of these is a letter."""
_WORD_INNER = frozenset("-'’\u200c\u200d\u0640")
_ZWNJ = "\u200c"

LATIN_INITIALS = frozenset(
    [chr(code) for code in range(0x250) if chr(code).isalpha()]
    + [chr(code) for code in range(0x1E00, 0x1F00)]
)
"""The characters :func:`~newsconv.text.script.script_of` calls Latin."""
_NOT_LATIN1_INITIALS = bytes(code for code in range(256) if chr(code) not in LATIN_INITIALS)
_LATIN_BEYOND_LATIN1 = (0x01, 0x02, 0x1E)
"""High bytes of the UTF-16 code units of the Latin initials past U+00FF."""


def prose_words(text: str) -> list[str]:
    """The natural-language words of ``text``: URLs, tags, CSS, code and numbers left out.

    A word is a whitespace-separated token that, once the punctuation around it is
    trimmed, holds letters only (inner hyphens, apostrophes, ZWNJ and tatweel allowed).
    A leaked style sheet or script is mostly tokens with ``{};=#/`` in them, so it cannot
    outvote the article's own language.
    """
    words = text.split()
    letters = list(map(str.isalpha, words))  # a token all of letters is a word as it is
    if not all(letters):
        if _ZWNJ in text:
            letters = _letters_but_zwnj(text, words, letters)
        words = _words_of(words, letters)
    if text.isascii():  # every word starts with a letter, a Latin one
        short = len(words) < MACHINE_RUN_WORDS
        return words if short else _without_machine_runs(words, [True] * len(words))
    if latin_letters_at_most(text) < MACHINE_RUN_WORDS:
        return words  # too few Latin letters for a run of Latin words
    latin = list(map(LATIN_INITIALS.__contains__, map(itemgetter(0), words)))
    if latin.count(True) < MACHINE_RUN_WORDS:
        return words  # too few Latin words for any run to be machine text
    return _without_machine_runs(words, latin)


def _letters_but_zwnj(text: str, tokens: list[str], letters: list[bool]) -> list[bool]:
    """Which ``tokens`` are all letters once ZWNJ is left out (such a token is a word as
    it is, see :func:`word_core`), found by splitting ``text`` without ZWNJ: the tokens
    are the same unless one was ZWNJ alone, and then ``letters`` is kept."""
    without = text.replace(_ZWNJ, "").split()
    return list(map(str.isalpha, without)) if len(without) == len(tokens) else letters


def _words_of(tokens: list[str], letters: list[bool]) -> list[str]:
    """The words among ``tokens``: those all of letters (``letters``) as they are, the
    few others looked at one by one (see :func:`word_core`)."""
    words = tokens.copy()
    index = -1
    for _ in range(letters.count(False)):
        index = letters.index(False, index + 1)
        token = tokens[index]
        core = token.strip(WORD_EDGES)
        words[index] = core if core.isalpha() or _other_word(token, core) else ""
    return list(filter(None, words))


def word_core(token: str) -> str:
    """The word ``token`` holds once the punctuation around it is trimmed, or "" when it
    holds none: a core of letters, or one without a code character in the token whose
    letters go with inner hyphens, apostrophes, ZWNJ, tatweel and marks (:func:`_is_word`)."""
    core = token.strip(WORD_EDGES)
    return core if core.isalpha() or _other_word(token, core) else ""


def _other_word(token: str, core: str) -> bool:
    """Whether ``core``, trimmed from ``token`` and not all letters, is a word."""
    return bool(core) and _CODE_CHARS.isdisjoint(token) and _is_word(core)


def latin_letters_at_most(text: str) -> int:
    """At least as many as the characters of :data:`LATIN_INITIALS` ``text`` holds, and as
    many when it holds none past U+00FF: its Latin-1 letters, and every UTF-16 code unit
    with the high byte of a Latin initial past U+00FF (two passes of the codecs instead
    of one of a large regex)."""
    latin1 = text.encode("latin-1", "ignore").translate(None, _NOT_LATIN1_INITIALS)
    if text.isascii():
        return len(latin1)
    high = utf16_high_bytes(text)
    return len(latin1) + sum(map(high.count, _LATIN_BEYOND_LATIN1))


def utf16_high_bytes(text: str) -> bytes:
    """The high byte of each UTF-16 code unit of ``text`` (0x06 for U+0600-U+06FF), with
    the codec called directly: ``str.encode`` looks a codec named with its byte order up
    in the registry on every call, which costs more than encoding a short text."""
    return _UTF16_LE(text, "surrogatepass")[0][1::2]


_UTF16_LE = codecs.utf_16_le_encode


def rtl_prose_settled(text: str) -> bool:
    """Whether the prose words of ``text`` certainly hold at least as many right-to-left
    letters as left-to-right ones, so that their direction is right to left: told from
    the codecs, without the words themselves, when they do.

    Left-to-right letters: no more than the characters outside U+0600-U+06FF and the
    Latin-1 characters that are not L. Right-to-left ones: no fewer than the characters of
    U+0600-U+06FF (all of them AL) in the tokens of letters alone (ZWNJ aside) without a
    Latin letter, which are words as they are and never part of a machine run; the tokens
    of the beginning of ``text`` are looked at first, and often hold enough of them. False
    means "not known", also when the text is mostly of other characters, and always for
    ASCII text (without a right-to-left letter).
    """
    if text.isascii():
        return False
    arabic = utf16_high_bytes(text).count(_ARABIC_HIGH)
    latin1_not_ltr = text.encode("latin-1", "ignore").translate(None, _LTR_LATIN1)
    ltr_at_most = len(text) - arabic - len(latin1_not_ltr)
    if 2 * ltr_at_most >= len(text):
        return False  # not worth a look: mostly other letters
    head = _HEAD_CHARS + _HEAD_PER_LETTER * ltr_at_most
    if head < len(text):  # the tokens of the beginning, but the last one, which may be cut
        rtl = _plain_rtl_letters(text[:head].replace(_ZWNJ, "").split()[:-1])
        if rtl is None or (rtl > 0 and rtl >= ltr_at_most):
            return rtl is not None
    rtl = _plain_rtl_letters(text.replace(_ZWNJ, "").split())
    return rtl is not None and rtl > 0 and rtl >= ltr_at_most


_HEAD_CHARS = 60
_HEAD_PER_LETTER = 3
"""How much of a text :func:`rtl_prose_settled` looks at first: this many characters,
and as many more per left-to-right letter it may hold."""


def _plain_rtl_letters(tokens: list[str]) -> int | None:
    """The characters of U+0600-U+06FF in those of ``tokens`` that are letters alone, or
    None when one of those holds a Latin letter (it may start a machine run)."""
    letters = itertools.compress(tokens, map(str.isalpha, tokens))
    joined = "".join(itertools.filterfalse(str.isascii, letters))
    if latin_letters_at_most(joined):
        return None
    return utf16_high_bytes(joined).count(_ARABIC_HIGH)


_ARABIC_HIGH = 0x06
"""The high byte of the UTF-16 code units of U+0600-U+06FF."""
_LTR_LATIN1 = bytes(code for code in range(256) if unicodedata.bidirectional(chr(code)) == "L")


def _without_machine_runs(words: list[str], latin: list[bool]) -> list[str]:
    """Drop runs of Latin words (``latin[i]`` tells whether ``words[i]`` starts with a
    Latin letter) that read as style sheets or script identifiers, not as prose or names
    (see :func:`_machine_run`)."""
    function = map((1).__add__, map(FUNCTION_WORDS.__contains__, map(str.lower, words)))
    codes = bytes(map(mul, latin, function))  # 0 other, 1 Latin, 2 function word
    if _LONG_PLAIN_RUN.search(codes) is None:
        return words  # no run is long enough without a function word: all prose
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
    return kept


_LONG_PLAIN_RUN = re.compile(rb"(?<![\x01\x02])\x01{%d,}(?![\x01\x02])" % MACHINE_RUN_WORDS)
"""In :func:`_without_machine_runs`' codes, a whole run of Latin words long enough to be
a machine run and without a function word (no other run can be one)."""


def _is_word(core: str) -> bool:
    """Letters, with inner hyphens, apostrophes, ZWNJ, tatweel and marks (Mn) among them:
    what is left once those that are no letters are dropped is all letters (tatweel is
    one; marks are none). Letters joined by ZWNJ alone (most such Persian words) need no
    table."""
    return core.replace(_ZWNJ, "").isalpha() or core.translate(_NOT_LETTERS).isalpha()


class _NotLetters(dict[int, str | None]):
    """``str.translate`` table, filled on demand: nonspacing marks and the characters of
    :data:`_WORD_INNER` that are no letters deleted, anything else kept."""

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        inner = ch in _WORD_INNER and not ch.isalpha()
        kept = None if inner or unicodedata.category(ch) == "Mn" else ch
        self[code] = kept
        return kept


_NOT_LETTERS = _NotLetters()


def _machine_run(run: list[str]) -> bool:
    """Long, without a function word, and mostly lower case (names are capitalised)."""
    return (
        len(run) >= MACHINE_RUN_WORDS
        and not any(word.lower() in FUNCTION_WORDS for word in run)
        and 2 * sum(word[0].isupper() for word in run) < len(run)
    )
