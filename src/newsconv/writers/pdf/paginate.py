"""Pagination: place rows on pages, keeping chains of rows together, balancing columns.

A row with ``keep_with_next`` is chained to the row after it; a chain moves to the next
page as a whole when it does not fit (headings stay with their paragraph, a paragraph's
first two and last two lines stay together: no orphans, no widows). A chain taller than
a page is broken row by row. Space at the top of a page or column is dropped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import assert_never

from .rows import (
    ColumnsRow,
    Decoration,
    ImageRow,
    LineRow,
    Page,
    PlacedRow,
    PlacedRule,
    Row,
    RuleRow,
    SpaceRow,
)
from .styles import RULE, PageGeometry

_EPSILON = 0.01
MIN_FIGURE_SCALE = 0.7
"""A figure may shrink to this share of its size to stay on the page it starts on."""


def chains(rows: Sequence[Row]) -> Iterator[list[Row]]:
    """Consecutive rows linked by ``keep_with_next``, as lists."""
    chain: list[Row] = []
    for row in rows:
        chain.append(row)
        if not row.keep_with_next:
            yield chain
            chain = []
    if chain:
        yield chain


def shrink_figure_to_fit(chain: list[Row], excess: float) -> bool:
    """Shrink the one image of ``chain`` by ``excess`` points of height, keeping its aspect,
    when it stays at least :data:`MIN_FIGURE_SCALE` of its size; True when it did.

    This keeps a figure on the page it follows instead of leaving a gap above it.
    """
    images = [row for row in chain if isinstance(row, ImageRow)]
    if len(images) != 1:
        return False
    image = images[0]
    target = image.height - excess - _EPSILON
    if target < image.height * MIN_FIGURE_SCALE:
        return False
    image.width *= target / image.height
    image.height = target
    return True


class Paginator:
    """Places rows top to bottom in the page frame, starting pages as needed."""

    def __init__(self, geometry: PageGeometry) -> None:
        self.geometry = geometry
        self.pages: list[Page] = [Page()]
        self.y = geometry.frame_top

    @property
    def page(self) -> Page:
        """The page being filled."""
        return self.pages[-1]

    @property
    def at_top(self) -> bool:
        """True when nothing has been placed on the current page yet."""
        return self.y >= self.geometry.frame_top - _EPSILON

    def new_page(self) -> None:
        """Finish the current page."""
        self.pages.append(Page())
        self.y = self.geometry.frame_top

    def place_all(self, rows: Sequence[Row]) -> list[Page]:
        """Place every row; return the pages."""
        for chain in chains(rows):
            self._place_chain(chain)
        return self.pages

    def _place_chain(self, chain: list[Row]) -> None:
        height = sum(row.height for row in chain if not isinstance(row, ColumnsRow))
        has_columns = any(isinstance(row, ColumnsRow) for row in chain)
        room = self.y - self.geometry.frame_bottom
        fits_empty_page = height <= self.geometry.frame_top - self.geometry.frame_bottom
        overflows = not has_columns and height > room + _EPSILON and not self.at_top
        if overflows and fits_empty_page and not shrink_figure_to_fit(chain, height - room):
            self.new_page()
        for row in chain:
            self._place_row(row)

    def _place_row(self, row: Row) -> None:
        match row:
            case ColumnsRow():
                self._place_columns(row)
            case SpaceRow():
                if not self.at_top:
                    geometry = self.geometry
                    self._mark(
                        row.decoration, geometry.frame_left, geometry.frame_width, row.height
                    )
                    self.y -= row.height
            case LineRow() | ImageRow() | RuleRow():
                bottom = self.geometry.frame_bottom - _EPSILON
                if self.y - row.height < bottom and not self.at_top:
                    self.new_page()
                self._put(row, self.geometry.frame_left, self.geometry.frame_width, self.y)
                self.y -= row.height
            case _:
                assert_never(row)

    def _put(
        self, row: LineRow | ImageRow | RuleRow, left: float, width: float, top: float
    ) -> None:
        self.page.rows.append(PlacedRow(row, left, width, top))
        if isinstance(row, LineRow):
            self._mark(row.decoration, left, width, row.height, top)

    def _mark(
        self,
        decoration: Decoration | None,
        left: float,
        width: float,
        height: float,
        top: float | None = None,
    ) -> None:
        """Grow ``decoration``'s region on this page over a row ``height`` high at ``top``."""
        if decoration is None:
            return
        top = self.y if top is None else top
        region = self.page.regions.setdefault(decoration, [left, left + width, top, top])
        region[3] = top - height

    # ------------------------------------------------------------------ columns

    def _place_columns(self, block: ColumnsRow) -> None:
        rows = list(block.rows)
        while rows:
            room = self.y - self.geometry.frame_bottom
            columns = balance(rows, block.count)
            tallest = max(_height(column) for column in columns)
            if tallest > room + _EPSILON:
                if not self.at_top and _height(rows[:1]) > room:
                    self.new_page()
                    continue
                columns = fill(rows, block.count, room)
            placed = sum(len(column) for column in columns)
            if placed == 0 and self.at_top and isinstance(rows[0], ColumnsRow):
                rows = [*rows[0].rows, *rows[1:]]  # nested columns taller than a page: flatten
                continue
            if placed == 0 and self.at_top:  # taller than an empty column: draw it anyway
                columns, placed = [rows[:1], *([] for _ in range(block.count - 1))], 1
            if placed == 0:
                self.new_page()
                continue
            self._draw_columns(columns, block)
            rows = rows[placed:]
            if rows:
                self.new_page()

    def _draw_columns(self, columns: list[list[Row]], block: ColumnsRow) -> None:
        geometry = self.geometry
        width = geometry.column_width(block.count)
        top = self.y
        bottom = top
        for number, column in enumerate(columns):
            slot = block.count - 1 - number if block.direction == "rtl" else number
            left = geometry.frame_left + slot * (width + geometry.column_gap)
            y = top
            for row in _trim_top(column):
                y = self._put_in_column(row, left, width, y)
            bottom = min(bottom, y)
        self._column_rules(block.count, width, top, bottom)
        self.y = bottom

    def _put_in_column(self, row: Row, left: float, width: float, top: float) -> float:
        """Place ``row`` in a column at ``top``; return the y below it. Columns inside a
        column (which the flow does not make) are set one after another in it."""
        match row:
            case SpaceRow():
                return top - row.height
            case LineRow() | ImageRow() | RuleRow():
                self._put(row, left, width, top)
                return top - row.height
            case ColumnsRow():
                for inner in row.rows:
                    top = self._put_in_column(inner, left, width, top)
                return top
            case _:
                assert_never(row)

    def _column_rules(self, count: int, width: float, top: float, bottom: float) -> None:
        geometry = self.geometry
        for gap in range(1, count):
            x = geometry.frame_left + gap * (width + geometry.column_gap) - geometry.column_gap / 2
            self.page.rules.append(PlacedRule(x, top, x, bottom, RULE))


def _height(rows: Sequence[Row]) -> float:
    return sum(row.height for row in _trim_top(rows))


def _trim_top(rows: Sequence[Row]) -> Sequence[Row]:
    start = 0
    while start < len(rows) and isinstance(rows[start], SpaceRow):
        start += 1
    end = len(rows)
    while end > start and isinstance(rows[end - 1], SpaceRow):
        end -= 1
    return rows[start:end]


def balance(rows: Sequence[Row], count: int) -> list[list[Row]]:
    """Split ``rows`` into ``count`` columns of nearly equal height, the first the tallest.

    Each column takes rows until it reaches its share of what is left (remaining height
    over remaining columns), rounded up to whole rows, so earlier columns are never
    shorter than later ones.
    """
    heights = [row.height for row in rows]
    remaining = sum(heights)
    columns: list[list[Row]] = []
    start = 0
    for number in range(count):
        target = remaining / (count - number)
        column: list[Row] = []
        used = 0.0
        while start < len(rows) and (number == count - 1 or used + _EPSILON < target):
            leading_space = not column and isinstance(rows[start], SpaceRow)
            column.append(rows[start])
            used += 0.0 if leading_space else heights[start]
            start += 1
        remaining -= used
        columns.append(column)
    return columns


def fill(rows: Sequence[Row], count: int, room: float) -> list[list[Row]]:
    """Fill ``count`` columns of height ``room`` in order with as many rows as fit
    (space at the top of a column does not count)."""
    columns: list[list[Row]] = []
    start = 0
    for _number in range(count):
        column: list[Row] = []
        used = 0.0
        while start < len(rows):
            row = rows[start]
            leading_space = isinstance(row, SpaceRow) and not column
            height = 0.0 if leading_space else row.height
            if used + height > room + _EPSILON:
                break
            column.append(row)
            used += height
            start += 1
        columns.append(column)
    return columns
