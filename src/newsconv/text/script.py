"""Script, language and direction detection by the characters a text is written in."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from functools import cache, lru_cache
from operator import itemgetter, mul

from ..model import Direction

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
_LATIN_STOPWORDS = {
    "en": _vocabulary("the and of to in is that for with was on are by this it"),
    "fr": _vocabulary("le la les et des est une dans pour que du qui au sur"),
    "es": _vocabulary("el los las y del que una por con para es se al como"),
    "de": _vocabulary("der die und das ist nicht mit ein den von zu im sich auch"),
    "it": _vocabulary("il di che della per non sono gli nel alla una anche"),
    "pt": _vocabulary("o os as do da dos das em um uma não para com por que"),
}
_ARABIC_SCRIPT_WORDS = _ARABIC_WORDS | _PERSIAN_WORDS | _URDU_WORDS
"""The only words whose counts tell Arabic, Persian and Urdu apart."""
_FUNCTION_WORDS = frozenset().union(*_LATIN_STOPWORDS.values())
MACHINE_RUN_WORDS = 12
"""A Latin run this long without one function word is taken for code, not prose."""
_WORD = re.compile(r"\w+")
_DEFINITE = re.compile(r" ال\S\S")
"""A word of four letters or more with the Arabic article, in words joined by spaces."""
_CODE_CHARS = frozenset("{}<>=#;@$%|\\/_[]()+*~^&")
_WORD_EDGES = ".,;:!?«»\"'()[]“”‘’„…،؛؟*-–—"
_WORD_INNER = frozenset("-'’\u200c\u200d\u0640")


_LATIN_INITIALS = frozenset(
    [chr(code) for code in range(0x250) if chr(code).isalpha()]
    + [chr(code) for code in range(0x1E00, 0x1F00)]
)
"""The characters :func:`script_of` calls Latin."""
_LATIN_LETTER = re.compile("[" + re.escape("".join(sorted(_LATIN_INITIALS))) + "]")


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
    if patterns.suspect["rtl"].search(text) is None:  # no right-to-left letter, none beyond
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


def prose_words(text: str) -> list[str]:
    """The natural-language words of ``text``: URLs, tags, CSS, code and numbers left out.

    A word is a whitespace-separated token that, once the punctuation around it is
    trimmed, holds letters only (inner hyphens, apostrophes, ZWNJ and tatweel allowed).
    A leaked style sheet or script is mostly tokens with ``{};=#/`` in them, so it cannot
    outvote the article's own language.
    """
    tokens = text.split()
    cores = list(map(str.strip, tokens, itertools.repeat(_WORD_EDGES)))
    alpha = list(map(str.isalpha, cores))
    words = cores if all(alpha) else list(itertools.compress(cores, _kept(tokens, cores, alpha)))
    if _LATIN_LETTER.search(text) is None:
        return words  # no Latin word at all
    latin = list(map(_LATIN_INITIALS.__contains__, map(itemgetter(0), words)))
    if latin.count(True) < MACHINE_RUN_WORDS:
        return words  # too few Latin words for any run to be machine text
    return _without_machine_runs(words, latin)


def _kept(tokens: list[str], cores: list[str], alpha: list[bool]) -> list[bool]:
    """Which tokens are words: those whose core is all letters (``alpha``), and those that
    hold no code character and whose core is a word (:func:`_is_word`); only the few
    tokens that are not all letters are looked at one by one."""
    kept = alpha.copy()
    index = -1
    for _ in range(alpha.count(False)):
        index = alpha.index(False, index + 1)
        core = cores[index]
        kept[index] = bool(core) and not _CODE_CHARS.intersection(tokens[index]) and _is_word(core)
    return kept


def _without_machine_runs(words: list[str], latin: list[bool]) -> list[str]:
    """Drop runs of Latin words (``latin[i]`` tells whether ``words[i]`` starts with a
    Latin letter) that read as style sheets or script identifiers, not as prose or names
    (see :func:`_machine_run`)."""
    function = map((1).__add__, map(_FUNCTION_WORDS.__contains__, map(str.lower, words)))
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
    one; marks are none)."""
    return core.translate(_NOT_LETTERS).isalpha()


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
        and not any(word.lower() in _FUNCTION_WORDS for word in run)
        and 2 * sum(word[0].isupper() for word in run) < len(run)
    )


def detect_language(text: str, prose: list[str] | None = None) -> str | None:
    """A BCP 47 language code guessed from the script and a few frequent words, or None.

    Only prose words count (see :func:`prose_words`; ``prose`` when they are known
    already); a text without any falls back to all its letters, and one without letters
    has no language.
    """
    prose = prose_words(text) if prose is None else prose
    words = prose or list(filter(str.isalpha, text))
    script = _main_script(words)
    if script == "arabic":
        return _arabic_script_language(text, prose)
    if script == "hebrew":
        return _hebrew_script_language("".join(words))
    if script == "latin":
        return _latin_language(prose)
    return None


def _main_script(words: list[str]) -> str | None:
    """The script with the most letters in ``words`` (see :func:`_script_weights`; the
    first to occur of those tied), or None when there is no word."""
    scripts_of = list(map(_SCRIPTS.__getitem__, map(itemgetter(0), words)))
    if not scripts_of:
        return None
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


def _arabic_script_language(text: str, words: list[str]) -> str:
    """ar, fa or ur by letters only one of them uses, ZWNJ and frequent function words."""
    folded_text = _fold_variants(" ".join(words))
    folded = Counter(filter(_ARABIC_SCRIPT_WORDS.__contains__, folded_text.split()))
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


def _latin_language(words: list[str]) -> str:
    """The Latin-script language whose function words are most frequent (default en)."""
    counts = Counter(filter(_FUNCTION_WORDS.__contains__, " ".join(words).lower().split()))
    scores = {
        lang: sum(map(counts.get, stop, itertools.repeat(0)))
        for lang, stop in _LATIN_STOPWORDS.items()
    }
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] > 0 else "en"


def language_direction(lang: str) -> Direction:
    """The writing direction of a BCP 47 language tag."""
    primary = lang.split("-")[0].lower()
    return "rtl" if primary in RTL_LANGUAGES else "ltr"


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
