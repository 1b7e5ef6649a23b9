"""Script, language and direction detection by the characters a text is written in.

Prose words are found in :mod:`.words`, languages told in :mod:`.language`; both are
imported from here too.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from ..model import Direction
from .language import RTL_LANGUAGES, detect_language, language_direction, script_of
from .words import MACHINE_RUN_WORDS, prose_words

__all__ = [
    "MACHINE_RUN_WORDS",
    "RTL_LANGUAGES",
    "against",
    "char_direction",
    "detect_language",
    "direction_runs",
    "foreign_or",
    "language_direction",
    "prose_direction",
    "prose_words",
    "script_of",
    "strong_counts",
    "text_direction",
]


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
    patterns = _run_patterns()
    if patterns.beyond.search(text):
        classes = text.translate(_BIDI_CLASSES)
        return classes.count("R"), classes.count("L")
    rtl, ltr = (patterns.strong[key].findall(text) for key in ("rtl", "ltr"))
    return sum(map(len, rtl)), sum(map(len, ltr))


def text_direction(text: str, default: Direction = "ltr") -> Direction:
    """The direction most of the letters of ``text`` run in; ``default`` when it has none.

    Majority, not the first strong character: a news paragraph that opens with a Latin
    brand name is still an Arabic paragraph.
    """
    patterns = _run_patterns()  # when one direction is missing, there is nothing to count:
    rtl_free = text.isascii() or patterns.suspect["rtl"].search(text) is None
    if rtl_free:  # no right-to-left letter, none beyond (ASCII holds none)
        return "ltr" if patterns.strong["ltr"].search(text) else default
    if patterns.suspect["ltr"].search(text) is None:  # no left-to-right one, none beyond
        return "rtl"
    rtl, ltr = strong_counts(text)
    if rtl == ltr:
        return default
    return "rtl" if rtl > ltr else "ltr"


def prose_direction(
    text: str, default: Direction = "ltr", prose: list[str] | None = None
) -> Direction:
    """The direction of most letters of the prose words of ``text`` (see
    :func:`prose_words`; ``prose`` when they are known already), or of all its letters
    when it has no prose words."""
    words = prose_words(text) if prose is None else prose
    return text_direction(" ".join(words) if words else text, default)


# ----------------------------------------------------------------------------- direction runs
# direction_runs() runs on every text of every rendered body, so it matches regexes over
# precomputed character classes instead of looking at one character at a time.

_FAST_LIMIT = 0x10000
"""Characters of the BMP are matched by precomputed classes (compiled to fast bitmaps)."""
_CLASS_OF = {"rtl": "R", "ltr": "L", "EN": "E", "AN": "A"}


class _BidiClasses(dict[int, str]):
    """``str.translate`` table: code point -> ``R`` (R/AL), ``L``, ``E`` (EN), ``A`` (AN) or
    ``N`` (anything else), filled on demand; used for text beyond the BMP."""

    def __missing__(self, code: int) -> str:
        cls = _CLASS_OF.get(_run_class(chr(code)) or "", "N")
        self[code] = cls
        return cls


def _run_class(ch: str) -> str | None:
    """``rtl``/``ltr`` for a strong character, ``EN``/``AN`` for a digit, else None."""
    direction = char_direction(ch)
    if direction is not None:
        return direction
    bidi = unicodedata.bidirectional(ch)
    return bidi if bidi in ("EN", "AN") else None


_BIDI_CLASSES = _BidiClasses()


def _class_set(ranges: list[tuple[int, int]]) -> str:
    return "".join(
        re.escape(chr(low)) + ("-" + re.escape(chr(high)) if high > low else "")
        for low, high in ranges
    )


def _run_regex(foreign: str, base: str, joining: str) -> re.Pattern[str]:
    """A run against the base direction: from a strong foreign character, across anything
    but a strong base character, to the last strong foreign character or joining digit."""
    return re.compile(f"[{foreign}](?:[^{base}]*[{foreign}{joining}])?")


class _RunPatterns:
    """Regexes over the text itself, built on first use (scanning the BMP takes ~50 ms)."""

    def __init__(self) -> None:
        ranges: dict[str | None, list[tuple[int, int]]] = {}
        current: str | None = None
        start = 0
        for code in range(_FAST_LIMIT + 1):
            cls = _run_class(chr(code)) if code < _FAST_LIMIT else None
            if cls != current or code == _FAST_LIMIT:
                ranges.setdefault(current, []).append((start, code - 1))
                current, start = cls, code
        sets = {key: _class_set(ranges.get(key, [])) for key in ("rtl", "ltr", "EN", "AN")}
        rtl, ltr = sets["rtl"], sets["ltr"]
        beyond = f"{re.escape(chr(_FAST_LIMIT))}-{re.escape(chr(0x10FFFF))}"
        self.beyond = re.compile(f"[{beyond}]")
        # What needs a closer look: a strong letter of the direction, or a non-BMP character.
        self.suspect_class = {"rtl": f"{rtl}{beyond}", "ltr": f"{ltr}{beyond}"}
        self.suspect = {key: re.compile(f"[{value}]") for key, value in self.suspect_class.items()}
        self.strong = {"rtl": re.compile(f"[{rtl}]+"), "ltr": re.compile(f"[{ltr}]+")}
        joining = {base: sorted(_joining_number_classes(base)) for base in ("rtl", "ltr")}
        self.runs = {
            "rtl": _run_regex(ltr, rtl, "".join(sets[k] for k in joining["rtl"])),
            "ltr": _run_regex(rtl, ltr, "".join(sets[k] for k in joining["ltr"])),
        }
        self.class_runs = {
            "rtl": _run_regex("L", "R", "".join(_CLASS_OF[k] for k in joining["rtl"])),
            "ltr": _run_regex("R", "L", "".join(_CLASS_OF[k] for k in joining["ltr"])),
        }


@cache
def _run_patterns() -> _RunPatterns:
    return _RunPatterns()


@cache
def foreign_or(base: Direction, extra_class: str) -> re.Pattern[str]:
    """A regex matching a strong character against ``base`` (where :func:`direction_runs`
    would split) or any character of ``extra_class`` (a regex class body), so that callers
    can skip both checks with one scan of the text."""
    other: Direction = "ltr" if base == "rtl" else "rtl"
    return re.compile(f"[{_run_patterns().suspect_class[other]}{extra_class}]")


def against(text: str, base: Direction) -> bool:
    """Whether ``text`` holds a strong character of the other direction than ``base`` (or
    one beyond the BMP, which is not looked at closely): if not, no part of it can run
    against ``base``."""
    other: Direction = "ltr" if base == "rtl" else "rtl"
    return _run_patterns().suspect[other].search(text) is not None


def direction_runs(text: str, base: Direction) -> list[tuple[str, Direction]]:
    """Split ``text`` into runs, each tagged with its direction; the runs join to ``text``.

    A run against the base direction starts at a strong character of the other
    direction and ends at the last one before a strong character of the base direction;
    neutrals (spaces, punctuation) between runs belong to the base direction, while
    digits and neutrals inside a foreign run stay in it. A number that follows a foreign
    run, with only neutrals in between, joins it, as the Unicode bidi algorithm resolves
    it: «iPhone 15» stays one left-to-right run inside Arabic text, and so does
    «שלום 15» right to left inside English.
    """
    patterns = _run_patterns()
    other: Direction = "ltr" if base == "rtl" else "rtl"
    if patterns.suspect[other].search(text) is None:
        return [(text, base)] if text else []
    if patterns.beyond.search(text):
        matches = patterns.class_runs[base].finditer(text.translate(_BIDI_CLASSES))
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


def _joining_number_classes(base: Direction) -> frozenset[str]:
    """Bidi classes of digits that take the direction of a foreign run before them.

    In right-to-left text, European digits after Latin letters become left to right
    (rule W7); Arabic-Indic digits do not. In left-to-right text, both kinds of digit
    after Arabic or Hebrew letters read right to left with them (rules W2 and N1).
    """
    return frozenset({"EN"}) if base == "rtl" else frozenset({"EN", "AN"})
