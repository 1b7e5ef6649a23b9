"""Visual order of one line of text (UAX #9 rules L1–L4) with an explicit base direction.

Lines are broken in logical order first; each line is then reordered on its own, as the
bidi algorithm prescribes for display. The result is a permutation of the line's logical
indexes with the resolved embedding level of each, so that the caller can draw shaped
glyphs, mirror brackets at odd levels (rule L4) and still know which logical characters
every drawn glyph stands for.

The levels come from python-bidi's reference implementation (the pure-Python one, which
also backs the mirroring rule); fast paths give the same answer for the commonest lines:
a right-to-left line with no left-to-right letter, digit or explicit control is simply
reversed, one whose only left-to-right content is numbers gets the reference's weak
rules and nothing more, and a left-to-right line without right-to-left letters stays as
it is.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

from bidi import algorithm as _uax9
from bidi.mirror import MIRRORED

from ..model import Direction

_REMOVED = frozenset(_uax9.X9_REMOVED)
"""Classes rule X9 removes: explicit embeddings and overrides, their terminator, BN."""
_PLAIN_RTL = frozenset({"R", "AL", "NSM", "WS", "ON", "CS", "ES", "ET", "BN"})
"""Classes of a right-to-left line that resolves to level 1 throughout."""
_PLAIN_LTR = frozenset({"L", "EN", "ES", "ET", "CS", "NSM", "WS", "ON", "BN"})

_ISOLATES = {"\u2066": "\u202a", "\u2067": "\u202b", "\u2068": "\u202b", "\u2069": "\u202c"}
"""LRI, RLI, FSI, PDI as LRE, RLE, RLE, PDF."""

VisualOrder = list[tuple[int, int]]
"""``(logical index, embedding level)`` pairs, left to right."""


@lru_cache(maxsize=8192)
def bidi_class(ch: str) -> str:
    """The Unicode bidi class of ``ch`` (``L``, ``R``, ``AL``, ``EN``, ``WS``…)."""
    return unicodedata.bidirectional(ch) or "L"


def visual_order(text: str, base: Direction) -> VisualOrder:
    """The characters of one line, left to right, as logical indexes with their levels.

    Characters rule X9 removes (embedding controls, zero-width joiners and other BN) do
    not appear: they are never drawn.
    """
    classes = [bidi_class(ch) for ch in text]
    present = set(classes)
    if base == "rtl" and present <= _PLAIN_RTL:
        return [(i, 1) for i in range(len(text) - 1, -1, -1) if classes[i] not in _REMOVED]
    if base == "ltr" and present <= _PLAIN_LTR:
        return [(i, 0) for i in range(len(text)) if classes[i] not in _REMOVED]
    if base == "rtl" and present <= _RTL_WITH_NUMBERS:
        return _rtl_with_numbers(classes)
    return _resolved_order(text, base)


_RTL_WITH_NUMBERS = frozenset({"R", "AL", "NSM", "WS", "ON", "CS", "ES", "ET", "EN", "AN"})
"""Classes of a right-to-left line whose only left-to-right content is numbers."""


def _rtl_with_numbers(classes: list[str]) -> VisualOrder:
    """The visual order of a right-to-left line without left-to-right letters or explicit
    controls: the weak rules W1-W6 as the reference implementation applies them, after
    which every number is at level 2 and everything else (neutrals between right-to-left
    letters and numbers resolve to R) at level 1; numbers keep their order (L2)."""
    types = _weak_types(classes)
    order: VisualOrder = []
    number: VisualOrder = []
    for index in range(len(types) - 1, -1, -1):
        if types[index] in ("EN", "AN"):
            number.append((index, 2))
            continue
        if number:
            order.extend(reversed(number))
            number = []
        order.append((index, 1))
    order.extend(reversed(number))
    return order


def _weak_types(classes: list[str]) -> list[str]:
    """Rules W1-W6 over one level run at level 1 (sor R), in the reference order."""
    types = list(classes)
    prev_strong = prev_type = "R"
    for index, kind in enumerate(types):
        if kind == "NSM":
            types[index] = kind = prev_type
        if kind == "EN" and prev_strong == "AL":
            types[index] = "AN"
        if kind in ("R", "AL"):
            prev_strong = kind
        prev_type = types[index]
    for index in range(1, len(types) - 1):
        kind, before, after = types[index], types[index - 1], types[index + 1]
        if kind == "ES" and before == after == "EN":
            types[index] = "EN"
        if kind == "CS" and before == after and before in ("AN", "EN"):
            types[index] = before
    for index, kind in enumerate(types):
        if kind == "EN":
            for near in (range(index - 1, -1, -1), range(index + 1, len(types))):
                for other in near:
                    if types[other] != "ET":
                        break
                    types[other] = "EN"
    return types


def as_embeddings(text: str) -> str:
    """``text`` with isolates written as the embeddings closest to them (same length).

    The reference implementation predates isolates (UAX #9 6.3); an isolate behaves as
    an embedding except that its content does not affect the neutrals around it.
    """
    if not any(ch in _ISOLATES for ch in text):
        return text
    return "".join(_ISOLATES.get(ch, ch) for ch in text)


def _known_classes(text: str) -> str:
    """``text`` with characters that have no bidi class (unassigned in this Python's Unicode
    data) replaced by ``a``: UAX #9 gives them class L, the reference code rejects them."""
    if all(bidi_class(ch) != "L" or unicodedata.bidirectional(ch) for ch in text):
        return text
    return "".join(ch if unicodedata.bidirectional(ch) else "a" for ch in text)


def _resolved_order(text: str, base: Direction) -> VisualOrder:
    """Run the reference algorithm, tracking where every character came from."""
    storage: dict[str, Any] = _uax9.get_empty_storage()
    storage["base_level"] = 1 if base == "rtl" else 0
    storage["base_dir"] = "R" if base == "rtl" else "L"
    _uax9.get_embedding_levels(_known_classes(as_embeddings(text)), storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    _uax9.explicit_embed_and_overrides(storage)
    _uax9.resolve_weak_types(storage)
    _uax9.resolve_neutral_types(storage, False)
    _uax9.resolve_implicit_levels(storage, False)
    _uax9.reorder_resolved_levels(storage, False)
    return [(char["index"], char["level"]) for char in storage["chars"]]


def mirrored_glyph(ch: str, level: int) -> str:
    """``ch`` as drawn at ``level``: its mirror image at an odd level (UAX #9 rule L4)."""
    if level % 2 and unicodedata.mirrored(ch):
        return str(MIRRORED.get(ch, ch))
    return ch


MIRROR_STAND_INS = 0x100000
"""``chr(MIRROR_STAND_INS + ord(ch))`` (a private-use code point) stands for ``ch`` drawn
as its mirror image: a renderer draws the mirror glyph and reads it back as ``ch``."""


def mirrored_stand_in(ch: str, level: int) -> str:
    """Like :func:`mirrored_glyph`, but a mirrored character comes back as its stand-in
    (:data:`MIRROR_STAND_INS`), so that what it stands for is not lost."""
    if level % 2 and unicodedata.mirrored(ch) and MIRRORED.get(ch, ch) != ch:
        return chr(MIRROR_STAND_INS + ord(ch))
    return ch


def mirror_of(ch: str) -> str:
    """The mirror image of ``ch`` (``ch`` itself when it has none)."""
    return str(MIRRORED.get(ch, ch))


def display(text: str, base: Direction) -> str:
    """The visual string of one line (for tests and for callers without glyph mapping)."""
    return "".join(mirrored_glyph(text[i], level) for i, level in visual_order(text, base))
