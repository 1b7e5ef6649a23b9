"""Line breaking in logical order on measured widths.

Words are measured shaped (a lam-alef ligature is narrower than its two letters), then
filled greedily into lines. Nothing is hyphenated: Arabic is never hyphenated, and the
other scripts follow the same rule in this writer. A word wider than the line is cut
between grapheme clusters (a letter with its marks stays whole), as a browser does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Item:
    """A word, or a piece of a word cut to fit: characters ``start``–``end`` and its width."""

    start: int
    end: int
    width: float
    space_before: bool = True
    """False for the second and later pieces of a cut word, which follow without a gap."""


@dataclass(frozen=True, slots=True)
class LineSpan:
    """One line: the items ``first``–``last`` (inclusive) and their natural width."""

    first: int
    last: int
    width: float


def fill_lines(items: Sequence[Item], space: float, width: float) -> list[LineSpan]:
    """Greedy first-fit: each line takes as many items as fit in ``width``.

    ``space`` is the width of the gap between words. A line always takes at least one
    item, so an item wider than ``width`` (which :func:`cut_word` prevents) overflows
    instead of looping forever.
    """
    lines: list[LineSpan] = []
    first = 0
    line_width = 0.0
    for index, item in enumerate(items):
        gap = space if item.space_before else 0.0
        if index == first:
            line_width = item.width
            continue
        if line_width + gap + item.width > width + 1e-6:
            lines.append(LineSpan(first, index - 1, line_width))
            first, line_width = index, item.width
        else:
            line_width += gap + item.width
    if first < len(items):
        lines.append(LineSpan(first, len(items) - 1, line_width))
    return lines


def cut_word(
    start: int,
    widths: Sequence[float],
    boundaries: Sequence[bool],
    width: float,
    preferred: Sequence[bool] | None = None,
) -> list[Item]:
    """Cut a word wider than ``width`` into pieces that fit, between grapheme clusters.

    ``widths[k]`` is the advance of the word's character ``start + k`` and
    ``boundaries[k]`` says whether a cut may fall before it: a piece ends at the last
    boundary that fits. Where ``preferred[k]`` is true too (after a slash or a hyphen of
    an address, see :func:`soft_breaks`), it ends at the last such place that fits.
    """
    pieces: list[Item] = []
    piece_start, piece_width = 0, 0.0
    for k, advance in enumerate(widths):
        while k > piece_start and piece_width + advance > width + 1e-6:
            cut = _cut_point(preferred, boundaries, piece_start, k)
            if cut == piece_start:
                break  # no cut allowed yet: the piece runs over
            carried = sum(widths[cut:k])
            pieces.append(Item(start + piece_start, start + cut, piece_width - carried, not pieces))
            piece_start, piece_width = cut, carried
        piece_width += advance
    pieces.append(Item(start + piece_start, start + len(widths), piece_width, not pieces))
    return pieces


def _cut_point(
    preferred: Sequence[bool] | None, boundaries: Sequence[bool], piece_start: int, end: int
) -> int:
    """The last place after ``piece_start`` and up to ``end`` where a cut is allowed and
    preferred, else the last where it is allowed, else ``piece_start`` (none)."""
    allowed = [k for k in range(end, piece_start, -1) if boundaries[k]]
    if preferred is not None:
        for k in allowed:
            if preferred[k]:
                return k
    return allowed[0] if allowed else piece_start


SOFT_BREAK_AFTER = frozenset("/-?&=_.#")
"""Characters after which an over-long word (an address, a file path) is best cut."""


def soft_breaks(word: str) -> list[bool]:
    """Where cutting ``word`` is preferred: after a character of
    :data:`SOFT_BREAK_AFTER` not followed by another ("https://" stays whole)."""
    return [
        k > 0 and word[k - 1] in SOFT_BREAK_AFTER and char not in SOFT_BREAK_AFTER
        for k, char in enumerate(word)
    ]


def cluster_boundaries(count: int, is_attached: Callable[[int], bool]) -> list[bool]:
    """Where a cut may fall in a word of ``count`` characters: before every character
    that ``is_attached`` does not bind to the one before it (combining marks, the alef of
    a lam-alef ligature, joiners)."""
    return [index == 0 or not is_attached(index) for index in range(count)]
