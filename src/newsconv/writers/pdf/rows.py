"""Rows: the vertical units the flow is made of, and what the paginator places on pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from reportlab.lib.utils import ImageReader

from ...model import Direction
from ...text.paragraph import VisualLine
from .structure import StructNode
from .styles import Color, TextStyle


@dataclass(slots=True, eq=False)
class Decoration:
    """A region drawn behind rows: a box's background or a quotation's rule."""

    kind: Literal["box", "quote"]
    direction: Direction


@dataclass(slots=True, eq=False)
class LineRow:
    """One line of text, ``inset_left``/``inset_right`` points inside its frame."""

    line: VisualLine
    style: TextStyle
    direction: Direction
    baseline_ratio: float
    """Distance from the row's top to the baseline, as a fraction of the leading."""
    inset_left: float = 0.0
    inset_right: float = 0.0
    keep_with_next: bool = False
    decoration: Decoration | None = None
    bullet: bool = False
    """Draw a bullet on the start side, hanging outside the frame."""
    outline: str | None = None
    """Title of a bookmark (document outline entry) pointing at this line."""
    node: StructNode | None = None
    """The structure element the line belongs to (None: an artifact)."""

    @property
    def height(self) -> float:
        """The line's share of the column: its leading."""
        return self.style.leading


@dataclass(slots=True, eq=False)
class SpaceRow:
    """Vertical space; dropped at the top of a page or column."""

    height: float
    keep_with_next: bool = False
    decoration: Decoration | None = None


@dataclass(slots=True, eq=False)
class ImageRow:
    """A figure's image, scaled to ``width`` × ``height`` and centred in its frame."""

    image: ImageReader
    width: float
    height: float
    keep_with_next: bool = True
    node: StructNode | None = None


@dataclass(slots=True, eq=False)
class RuleRow:
    """A horizontal rule across the frame."""

    height: float
    color: Color
    thickness: float = 0.6
    keep_with_next: bool = True


@dataclass(slots=True, eq=False)
class ColumnsRow:
    """Rows set in ``count`` balanced columns; the first column on the reading side."""

    rows: list[Row]
    count: int
    direction: Direction
    keep_with_next: bool = False

    @property
    def height(self) -> float:
        """Height of all rows in one column (an upper bound used for keep decisions)."""
        return sum(row.height for row in self.rows)


Row: TypeAlias = LineRow | SpaceRow | ImageRow | RuleRow | ColumnsRow


@dataclass(slots=True)
class PlacedRow:
    """A row at its place: frame left edge and width, and the y of its top."""

    row: LineRow | ImageRow | RuleRow
    left: float
    width: float
    top: float


@dataclass(slots=True)
class PlacedRule:
    """A straight line between two points (column rules)."""

    x0: float
    y0: float
    x1: float
    y1: float
    color: Color
    thickness: float = 0.5


@dataclass(slots=True)
class Page:
    """Everything drawn on one page, and the extent of each decoration on it."""

    rows: list[PlacedRow] = field(default_factory=list)
    rules: list[PlacedRule] = field(default_factory=list)
    regions: dict[Decoration, list[float]] = field(default_factory=dict)
    """Decoration → [left, right, top, bottom] of its rows on this page."""
