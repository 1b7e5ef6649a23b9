"""Words of a second right-to-left script inside a text: Hebrew in Arabic-script prose,
Arabic-script words in Hebrew. They run in the text's own direction, so direction runs do
not set them apart, yet screen readers need their language."""

from __future__ import annotations

import re

_HEBREW_LETTERS = "\u0591-\u05c7\u05d0-\u05f2\ufb1d-\ufb4f"
_ARABIC_LETTERS = (
    "\u0620-\u065f\u066e-\u06d3\u06d5\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff"
    "\ufe70-\ufefc"
)
_HEBREW = re.compile(f"[{_HEBREW_LETTERS}]")
_ARABIC = re.compile(f"[{_ARABIC_LETTERS}]")
_JOINERS = "\\s\u200c\u200d'’\u05be\u05f3\u05f4-"
"""What may stand between two words of one run: spaces, joiners, apostrophes, maqaf, geresh."""


def _words(letters: str) -> re.Pattern[str]:
    return re.compile(f"[{letters}]+(?:[{_JOINERS}]+[{letters}]+)*")


_HEBREW_WORDS = _words(_HEBREW_LETTERS)
_ARABIC_WORDS = _words(_ARABIC_LETTERS)


def second_script_runs(text: str) -> list[tuple[str, bool]] | None:
    """``text`` cut into runs, True marking those in the script it uses less, when it mixes
    Hebrew and Arabic letters; None when it does not (the common case: one or two searches).
    """
    if _HEBREW.search(text) is None or _ARABIC.search(text) is None:
        return None
    hebrew = len(_HEBREW.findall(text))
    minority = _HEBREW_WORDS if hebrew <= len(_ARABIC.findall(text)) else _ARABIC_WORDS
    runs: list[tuple[str, bool]] = []
    last = 0
    for match in minority.finditer(text):
        if match.start() > last:
            runs.append((text[last : match.start()], False))
        runs.append((match.group(), True))
        last = match.end()
    if last < len(text):
        runs.append((text[last:], False))
    return runs
