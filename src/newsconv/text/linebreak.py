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
) -> list[Item]:
    """Cut a word wider than ``width`` into pieces that fit, between grapheme clusters.

    ``widths[k]`` is the advance of the word's character ``start + k`` and
    ``boundaries[k]`` says whether a cut may fall before it.
    """
    pieces: list[Item] = []
    piece_start, piece_width = 0, 0.0
    for k, advance in enumerate(widths):
        if k > piece_start and boundaries[k] and piece_width + advance > width + 1e-6:
            pieces.append(Item(start + piece_start, start + k, piece_width, not pieces))
            piece_start, piece_width = k, 0.0
        piece_width += advance
    pieces.append(Item(start + piece_start, start + len(widths), piece_width, not pieces))
    return pieces


def cluster_boundaries(count: int, is_attached: Callable[[int], bool]) -> list[bool]:
    """Where a cut may fall in a word of ``count`` characters: before every character
    that ``is_attached`` does not bind to the one before it (combining marks, the alef of
    a lam-alef ligature, joiners)."""
    return [index == 0 or not is_attached(index) for index in range(count)]
