"""Script, language and direction detection by the characters a text is written in."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache, lru_cache

from ..model import Direction

RTL_LANGUAGES = frozenset({"ar", "fa", "ur", "he", "yi", "ps", "ckb", "sd", "ug", "dv", "syr"})

_PERSIAN_LETTERS = frozenset("پچژگکی")  # U+067E U+0686 U+0698 U+06AF U+06A9 U+06CC
_URDU_LETTERS = frozenset("ٹڈڑںےھ")  # U+0679 U+0688 U+0691 U+06BA U+06D2 U+06BE
_ARABIC_ONLY = frozenset("ةىإأآؤئ")  # rare or absent in Persian orthography
_ZWNJ = "\u200c"
_PERSIAN_WORDS = frozenset({"است", "این", "که", "را", "می", "های", "از", "با", "برای", "شد", "بود"})
_ARABIC_WORDS = frozenset({"في", "من", "على", "إلى", "التي", "الذي", "أن", "عن", "مع", "هذا"})
_LATIN_STOPWORDS = {
    "en": frozenset({"the", "and", "of", "to", "in", "is", "that", "for", "with", "was"}),
    "fr": frozenset({"le", "la", "les", "et", "des", "est", "une", "dans", "pour", "que"}),
    "es": frozenset({"el", "los", "las", "y", "del", "que", "una", "por", "con", "para"}),
    "de": frozenset({"der", "die", "und", "das", "ist", "nicht", "mit", "ein", "den", "von"}),
}
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=4096)
def char_direction(ch: str) -> Direction | None:
    """'rtl' or 'ltr' for a strong character (Unicode bidi class R/AL or L), else None."""
    bidi = unicodedata.bidirectional(ch)
    if bidi in ("R", "AL"):
        return "rtl"
    if bidi == "L":
        return "ltr"
    return None


def strong_counts(text: str) -> tuple[int, int]:
    """How many strong right-to-left and left-to-right characters ``text`` holds."""
    rtl = ltr = 0
    for ch in text:
        direction = char_direction(ch)
        if direction == "rtl":
            rtl += 1
        elif direction == "ltr":
            ltr += 1
    return rtl, ltr


def text_direction(text: str, default: Direction = "ltr") -> Direction:
    """The direction most of the letters of ``text`` run in; ``default`` when it has none.

    Majority, not the first strong character: a news paragraph that opens with a Latin
    brand name is still an Arabic paragraph.
    """
    rtl, ltr = strong_counts(text)
    if rtl == ltr:
        return default
    return "rtl" if rtl > ltr else "ltr"


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


def detect_language(text: str) -> str | None:
    """A BCP 47 language code guessed from the script and a few frequent words, or None."""
    scripts = Counter(script_of(ch) for ch in text if ch.isalpha())
    if not scripts:
        return None
    script, _count = scripts.most_common(1)[0]
    if script == "arabic":
        return _arabic_script_language(text)
    if script == "hebrew":
        return "he"
    if script == "latin":
        return _latin_language(text)
    return None


def _arabic_script_language(text: str) -> str:
    letters = Counter(ch for ch in text if ch in _PERSIAN_LETTERS | _URDU_LETTERS | _ARABIC_ONLY)
    urdu = sum(letters[ch] for ch in _URDU_LETTERS)
    persian = sum(letters[ch] for ch in _PERSIAN_LETTERS) + 2 * text.count(_ZWNJ)
    arabic = sum(letters[ch] for ch in _ARABIC_ONLY)
    words = Counter(_WORD.findall(text))
    persian += 3 * sum(words[w] for w in _PERSIAN_WORDS)
    arabic += 3 * sum(words[w] for w in _ARABIC_WORDS)
    if urdu > 0.3 * max(persian, 1) and urdu >= 3:
        return "ur"
    return "fa" if persian > arabic else "ar"


def _latin_language(text: str) -> str:
    words = Counter(w.lower() for w in _WORD.findall(text))
    scores = {lang: sum(words[w] for w in stop) for lang, stop in _LATIN_STOPWORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] > 0 else "en"


def language_direction(lang: str) -> Direction:
    """The writing direction of a BCP 47 language tag."""
    primary = lang.split("-")[0].lower()
    return "rtl" if primary in RTL_LANGUAGES else "ltr"


class _BidiClasses(dict[int, str]):
    """``str.translate`` table: code point -> ``R`` (R/AL), ``L`` or ``N``, filled on demand."""

    def __missing__(self, code: int) -> str:
        direction = char_direction(chr(code))
        cls = "R" if direction == "rtl" else "L" if direction == "ltr" else "N"
        self[code] = cls
        return cls


_BIDI_CLASSES = _BidiClasses()
_FAST_LIMIT = 0x10000
"""Characters of the BMP are matched by precomputed classes (compiled to fast bitmaps)."""
# A run against the base direction: from a strong foreign character, across anything but a
# strong base character, to the last strong foreign character before one.
_CLASS_RUN = {"rtl": re.compile("L(?:[^R]*L)?"), "ltr": re.compile("R(?:[^L]*R)?")}


def _class_set(ranges: list[tuple[int, int]]) -> str:
    return "".join(
        re.escape(chr(low)) + ("-" + re.escape(chr(high)) if high > low else "")
        for low, high in ranges
    )


class _RunPatterns:
    """Regexes over the text itself, built on first use (scanning the BMP takes ~50 ms)."""

    def __init__(self) -> None:
        ranges: dict[Direction | None, list[tuple[int, int]]] = {"rtl": [], "ltr": [], None: []}
        current: Direction | None = None
        start = 0
        for code in range(_FAST_LIMIT + 1):
            direction = char_direction(chr(code)) if code < _FAST_LIMIT else None
            if direction != current or code == _FAST_LIMIT:
                if current is not None:
                    ranges[current].append((start, code - 1))
                current, start = direction, code
        rtl, ltr = _class_set(ranges["rtl"]), _class_set(ranges["ltr"])
        beyond = f"{re.escape(chr(_FAST_LIMIT))}-{re.escape(chr(0x10FFFF))}"
        self.beyond = re.compile(f"[{beyond}]")
        # What needs a closer look: a strong letter of the direction, or a non-BMP character.
        self.suspect = {
            "rtl": re.compile(f"[{rtl}{beyond}]"),
            "ltr": re.compile(f"[{ltr}{beyond}]"),
        }
        self.runs = {
            "rtl": re.compile(f"[{ltr}](?:[^{rtl}]*[{ltr}])?"),
            "ltr": re.compile(f"[{rtl}](?:[^{ltr}]*[{rtl}])?"),
        }


@cache
def _run_patterns() -> _RunPatterns:
    return _RunPatterns()


def direction_runs(text: str, base: Direction) -> list[tuple[str, Direction]]:
    """Split ``text`` into runs, each tagged with its direction.

    A run against the base direction starts at a strong character of the other
    direction and ends at the last one before a strong character of the base direction;
    neutrals (spaces, punctuation) between runs belong to the base direction, while
    digits and neutrals inside a foreign run stay in it.
    """
    patterns = _run_patterns()
    other: Direction = "ltr" if base == "rtl" else "rtl"
    if patterns.suspect[other].search(text) is None:
        return [(text, base)] if text else []
    if patterns.beyond.search(text):
        matches = _CLASS_RUN[base].finditer(text.translate(_BIDI_CLASSES))
    else:
        matches = patterns.runs[base].finditer(text)
    runs: list[tuple[str, Direction]] = []
    start = 0
    for match in matches:
        if match.start() > start:
            runs.append((text[start : match.start()], base))
        runs.append((text[match.start() : match.end()], other))
        start = match.end()
    if start < len(text):
        runs.append((text[start:], base))
    return runs
