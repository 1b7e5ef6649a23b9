"""Language detection by script and by a few frequent words: Arabic, Persian and Urdu,
Hebrew and Yiddish, and the Latin-script languages of :data:`.words.LATIN_STOPWORDS`."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from operator import itemgetter

from ..model import Direction
from .words import (
    LATIN_STOPWORDS,
    MACHINE_RUN_WORDS,
    WORD_EDGES,
    prose_words,
    utf16_high_bytes,
)

RTL_LANGUAGES = frozenset({"ar", "fa", "ur", "he", "yi", "ps", "ckb", "sd", "ug", "dv", "syr"})

_PERSIAN_LETTERS = frozenset("پچژگکی")  # U+067E U+0686 U+0698 U+06AF U+06A9 U+06CC
_URDU_LETTERS = frozenset("ٹڈڑںےۓھہ")  # U+0679 U+0688 U+0691 U+06BA U+06D2 U+06D3 U+06BE U+06C1
_ARABIC_ONLY = frozenset("ةىإؤئ")  # rare in Persian and Urdu orthography
_YIDDISH_LETTERS = frozenset("װױײ")  # U+05F0-U+05F2, the Yiddish digraphs
_ZWNJ = "\u200c"
_ARABIC_VARIANTS = (("ی", "ي"), ("ک", "ك"), ("ى", "ي"), ("\u0640", ""))
"""Persian and Arabic spellings of yeh and kaf folded together, tatweel dropped: Persian
is often typed with the Arabic ي/ك, so words are compared in one spelling."""


def _fold_variants(text: str) -> str:
    """``text`` in the folded spelling (:data:`_ARABIC_VARIANTS`); ``str.replace`` is
    much faster than ``str.translate`` with a table on non-ASCII text."""
    for variant, folded in _ARABIC_VARIANTS:
        text = text.replace(variant, folded)
    return text


def _vocabulary(words: str) -> frozenset[str]:
    """Space-separated words, in the folded yeh/kaf spelling (Latin words are unchanged)."""
    return frozenset(_fold_variants(words).split())


_PERSIAN_WORDS = _vocabulary(
    "است این که را می های از با برای شد بود شده کرد خود آن یک تا اند نیز هم اما باید"
    " در بر هر وی او آنها کند کنند دارد شود خواهد"
)
_ARABIC_WORDS = _vocabulary("في من على إلى التي الذي أن عن مع هذا هذه كان قد لم التى الى إن بين")
_URDU_WORDS = _vocabulary("ہے ہیں کے کی میں نے سے کو اور یہ تھا تھی گیا")
_LATIN_STOPWORDS = {lang: _vocabulary(words) for lang, words in LATIN_STOPWORDS.items()}
_ARABIC_SCRIPT_WORDS = _ARABIC_WORDS | _PERSIAN_WORDS | _URDU_WORDS
"""The only words whose counts tell Arabic, Persian and Urdu apart."""
_FUNCTION_WORDS = frozenset().union(*_LATIN_STOPWORDS.values())
_DEFINITE = re.compile(r" ال\S\S")
"""A word of four letters or more with the Arabic article, in words joined by spaces."""
_ARABIC_BLOCK = 0x06
"""The high byte of the UTF-16 code units of U+0600-U+06FF, all of them Arabic script."""


@lru_cache(maxsize=8192)
def script_of(ch: str) -> str:
    """A coarse script name: arabic, hebrew, latin, other."""
    code = ord(ch)
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0x08A0 <= code <= 0x08FF:
        return "arabic"
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        return "arabic"
    if 0x0590 <= code <= 0x05FF or 0xFB1D <= code <= 0xFB4F:
        return "hebrew"
    if (ch.isalpha() and code < 0x0250) or 0x1E00 <= code <= 0x1EFF:
        return "latin"
    return "other"


class _Scripts(dict[str, str]):
    """:func:`script_of` by character, filled on demand (a dict lookup costs less than a
    call through the cache)."""

    def __missing__(self, ch: str) -> str:
        script = self[ch] = script_of(ch)
        return script


_SCRIPTS = _Scripts()


def detect_language(text: str, prose: list[str] | None = None) -> str | None:
    """A BCP 47 language code guessed from the script and a few frequent words, or None.

    Only prose words count (see :func:`~newsconv.text.words.prose_words`; ``prose`` when
    they are known already); a text without any falls back to all its letters, and one
    without letters has no language.
    """
    prose = prose_words(text) if prose is None else prose
    return prose_language(text, prose, " ".join(prose))


def prose_language(text: str, prose: list[str], joined: str) -> str | None:
    """:func:`detect_language` of ``text`` whose prose words ``prose`` are known, and
    ``joined`` by spaces (the same join serves the direction)."""
    words = prose or list(filter(str.isalpha, text))
    script = _main_script(words, joined if prose else " ".join(words))
    if script == "arabic":
        return _arabic_script_language(text, prose, joined)
    if script == "hebrew":
        return _hebrew_script_language("".join(words))
    if script == "latin":
        return _latin_language(joined)
    return None


def ascii_prose_language(text: str) -> str | None:
    """The language of the prose words of ASCII ``text`` (all Latin), None when it has none:
    ``prose_language(text, prose, joined)`` when ``prose`` is not empty. Function words
    are ASCII letters alone, so they are the tokens that are one once trimmed (no machine
    run holds one); a short text with a token of letters has prose words."""
    cores = map(str.strip, text.lower().split(), itertools.repeat(WORD_EDGES))
    keys = _function_word_keys(cores)
    if keys:
        return _language_of_keys(keys)
    tokens = text.split()
    if len(tokens) < MACHINE_RUN_WORDS and any(map(str.isalpha, tokens)):
        return "en"
    return "en" if prose_words(text) else None


def _main_script(words: list[str], joined: str | None = None) -> str | None:
    """The script with the most letters in ``words`` (see :func:`_script_weights`; the
    first to occur of those tied), or None when there is no word. ``joined``, the words
    joined by spaces when known, settles the usual text of one script at once: all
    ASCII (a word starts with a letter, not a trimmed hyphen or apostrophe), or all in
    U+0600-U+06FF but the spaces."""
    if not words:
        return None
    if joined is not None:
        if joined.isascii():
            return "latin"
        high = utf16_high_bytes(joined)
        if high.count(_ARABIC_BLOCK) + joined.count(" ") == len(joined):
            return "arabic"
    scripts_of = list(map(_SCRIPTS.__getitem__, map(itemgetter(0), words)))
    if scripts_of.count(scripts_of[0]) == len(scripts_of):
        return scripts_of[0]  # one script: nothing to weigh
    weights = _weights(words, scripts_of)
    return max(weights, key=weights.__getitem__)  # the first of the heaviest


def _script_weights(words: list[str]) -> Counter[str]:
    """Letters per script, each word counted whole in the script of its first letter;
    scripts in the order they first occur (ties go to the first)."""
    return Counter(_weights(words, list(map(_SCRIPTS.__getitem__, map(itemgetter(0), words)))))


def _weights(words: list[str], scripts_of: list[str]) -> dict[str, int]:
    """:func:`_script_weights` of ``words`` whose scripts are ``scripts_of``."""
    lengths = list(map(len, words))
    return {
        script: sum(itertools.compress(lengths, map(script.__eq__, scripts_of)))
        for script in dict.fromkeys(scripts_of)  # in the order of first occurrence
    }


def _arabic_script_language(text: str, words: list[str], joined: str) -> str:
    """ar, fa or ur by letters only one of them uses, ZWNJ and frequent function words
    (``words`` are the prose words, ``joined`` by spaces)."""
    folded_text = _fold_variants(joined)
    folded_words = words if folded_text == joined else folded_text.split()
    folded = Counter(filter(_ARABIC_SCRIPT_WORDS.__contains__, folded_words))
    definite = len(_DEFINITE.findall(" " + folded_text))
    scores = {
        "ar": _count(text, _ARABIC_ONLY) + 3 * _hits(folded, _ARABIC_WORDS) + definite // 2,
        "fa": _count(text, _PERSIAN_LETTERS)
        + 2 * text.count(_ZWNJ)
        + 3 * _hits(folded, _PERSIAN_WORDS),
        "ur": 2 * _count(text, _URDU_LETTERS) + 3 * _hits(folded, _URDU_WORDS),
    }
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] > scores["ar"] else "ar"


def _count(text: str, letters: frozenset[str]) -> int:
    return sum(map(text.count, letters))


def _hits(words: Counter[str], vocabulary: frozenset[str]) -> int:
    return sum(map(words.get, vocabulary, itertools.repeat(0)))


def _hebrew_script_language(letters: str) -> str:
    """he, or yi when the Yiddish digraphs װ ױ ײ are frequent."""
    yiddish = sum(1 for ch in letters if ch in _YIDDISH_LETTERS)
    return "yi" if yiddish >= max(2, len(letters) // 100) else "he"


def _latin_language(joined: str) -> str:
    """The Latin-script language whose function words are most frequent (the first of
    those tied; default en), in the prose words ``joined`` by spaces: each function word
    met stands for its languages' keys (:data:`_KEYS_OF_WORD`), and the keys are counted."""
    return _language_of_keys(_function_word_keys(joined.lower().split()))


def _function_word_keys(words: Iterable[str]) -> str:
    """The keys of the languages of the function words among ``words`` (lower case), one
    per language a word belongs to (:data:`_KEYS_OF_WORD`)."""
    return "".join(filter(None, map(_KEYS_OF_WORD.get, words)))


def _language_of_keys(keys: str) -> str:
    """The language whose key is most frequent in ``keys`` (the first of those tied), en
    when there is none."""
    scores = list(map(keys.count, _LANGUAGE_KEYS))
    top = max(scores)
    return _LATIN_LANGUAGES[scores.index(top)] if top > 0 else "en"


_LATIN_LANGUAGES = tuple(_LATIN_STOPWORDS)
_LANGUAGE_KEYS = "".join(chr(ord("a") + index) for index in range(len(_LATIN_LANGUAGES)))
"""One letter per Latin-script language, in the order of :data:`_LATIN_LANGUAGES`."""
_KEYS_OF_WORD = {
    word: "".join(
        itertools.compress(_LANGUAGE_KEYS, [word in stop for stop in _LATIN_STOPWORDS.values()])
    )
    for word in sorted(_FUNCTION_WORDS)
}
"""The keys of the languages each function word belongs to."""


def language_direction(lang: str) -> Direction:
    """The writing direction of a BCP 47 language tag."""
    primary = lang.split("-")[0].lower()
    return "rtl" if primary in RTL_LANGUAGES else "ltr"
