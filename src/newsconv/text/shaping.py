"""Arabic-script shaping into presentation forms, with a glyph for every logical character.

Shaping is done word by word with arabic-reshaper, configured to keep the harakat (its
default deletes them) and to form only the lam-alef ligatures (the one ligature Arabic
typography requires). Persian and Urdu letters are shaped by the same tables. Hebrew
and Latin are returned untouched.

The result keeps the link between logical characters and drawn glyphs, which line
reordering and the searchable text layer both need: :func:`shape_word` returns one glyph
string per input character, empty for a character drawn by its neighbour's glyph (the
alef of a lam-alef ligature, a zero-width joiner).
"""

from __future__ import annotations

import re
from functools import lru_cache

from arabic_reshaper import ArabicReshaper
from arabic_reshaper import reshaper_config as _config

ZWJ = "\u200d"
LAM = "\u0644"
ALEFS = frozenset("\u0622\u0623\u0625\u0627")  # alef with madda, hamza above/below, bare
LAM_ALEF_LIGATURES = frozenset(chr(code) for code in range(0xFEF5, 0xFEFD))
HARAKAT = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u08d3-\u08ff]"
)
"""Arabic combining marks: harakat, tanween, shadda, sukun, Quranic annotation signs."""

_LAM_ALEF_KEYS = (
    "ARABIC LIGATURE LAM WITH ALEF",
    "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA ABOVE",
    "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA BELOW",
    "ARABIC LIGATURE LAM WITH ALEF WITH MADDA ABOVE",
)


def _reshaper_configuration() -> dict[str, bool | str]:
    """Keep harakat and tatweel, join through ZWJ, form lam-alef and no other ligature."""
    ligature_keys = [
        key for key in _config.default_config if "LIGATURE" in key or key == "RIAL SIGN"
    ]
    settings: dict[str, bool | str] = {key: key in _LAM_ALEF_KEYS for key in ligature_keys}
    settings.update(
        language="Arabic",
        delete_harakat=False,
        shift_harakat_position=False,
        delete_tatweel=False,
        support_zwj=True,
        support_ligatures=True,
    )
    return settings


_RESHAPER = ArabicReshaper(configuration=_reshaper_configuration())


def is_arabic_script(ch: str) -> bool:
    """True for a character of the Arabic blocks (letters, marks, digits, punctuation)."""
    code = ord(ch)
    return 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0x08A0 <= code <= 0x08FF


def needs_shaping(text: str) -> bool:
    """True when ``text`` holds an Arabic-script character."""
    return any(is_arabic_script(ch) for ch in text)


@lru_cache(maxsize=65536)
def shape_word(word: str) -> tuple[str, ...]:
    """One glyph string per character of ``word``: the presentation form to draw.

    A lam-alef pair becomes the ligature on the lam and an empty string on the alef; a
    zero-width joiner the reshaper consumed becomes empty. Harakat keep their own glyph.
    Words without Arabic script come back character for character.
    """
    if not needs_shaping(word):
        return tuple(word)
    shaped = _RESHAPER.reshape(word)
    aligned = align_shaped(word, shaped)
    if aligned is None:  # never seen; drawing the letters unshaped keeps every character
        return tuple(word)
    return aligned


def align_shaped(word: str, shaped: str) -> tuple[str, ...] | None:
    """Map each character of ``word`` to its glyph in ``shaped``; None if they do not align."""
    glyphs: list[str] = []
    absorbed_alef = False
    j = 0
    for ch in word:
        if absorbed_alef and ch in ALEFS:
            glyphs.append("")
            absorbed_alef = False
            continue
        if ch == ZWJ and (j >= len(shaped) or shaped[j] != ZWJ):
            glyphs.append("")
            continue
        if j >= len(shaped):
            return None
        glyph = shaped[j]
        j += 1
        glyphs.append(glyph)
        if glyph in LAM_ALEF_LIGATURES:
            if ch != LAM:
                return None
            absorbed_alef = True
    if j != len(shaped) or absorbed_alef:
        return None
    return tuple(glyphs)


def shape_text(text: str) -> str:
    """The presentation-form string of ``text`` in logical order, shaped word by word."""
    return " ".join("".join(shape_word(word)) for word in text.split(" "))
