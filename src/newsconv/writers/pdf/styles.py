"""Page geometry and the typographic settings of every kind of text the PDF writer sets."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, A5, LEGAL, LETTER
from reportlab.lib.units import mm

from ...diagnostics import WriterError
from ...model import Direction
from ...text.fonts import FontChain
from ...text.paragraph import ParagraphSetting
from ..base import WriterOptions
from ..options import switched_off
from .fonts import font_chain

PAGE_SIZES: dict[str, tuple[float, float]] = {
    "a4": A4,
    "a5": A5,
    "letter": LETTER,
    "legal": LEGAL,
}

Color = tuple[float, float, float]
BLACK: Color = (0.0, 0.0, 0.0)
DARK: Color = (0.2, 0.2, 0.2)
GREY: Color = (0.38, 0.38, 0.38)
LINK: Color = (0.05, 0.25, 0.6)
RULE: Color = (0.55, 0.55, 0.55)
BOX_FILL: Color = (0.957, 0.945, 0.91)
BOX_BORDER: Color = (0.847, 0.816, 0.722)


@dataclass(frozen=True, slots=True)
class PageGeometry:
    """Page size and the text frame inside the margins, in points."""

    width: float
    height: float
    margin: float
    column_gap: float = 18.0

    @property
    def frame_left(self) -> float:
        """x of the left edge of the text frame."""
        return self.margin

    @property
    def frame_width(self) -> float:
        """Width of the text frame."""
        return self.width - 2 * self.margin

    @property
    def frame_top(self) -> float:
        """y of the top of the text frame."""
        return self.height - self.margin

    @property
    def frame_bottom(self) -> float:
        """y of the bottom of the text frame (the footer sits below it)."""
        return self.margin

    def column_width(self, count: int) -> float:
        """Width of one of ``count`` columns."""
        return (self.frame_width - (count - 1) * self.column_gap) / count


def page_geometry(options: WriterOptions) -> PageGeometry:
    """The page chosen by ``page-size`` (a4, letter, a5, legal) and ``margin`` (mm)."""
    name = options.option("page-size", "a4").strip().lower()
    if name not in PAGE_SIZES:
        known = ", ".join(sorted(PAGE_SIZES))
        raise WriterError(f"unknown page size {name!r} (known: {known})")
    width, height = PAGE_SIZES[name]
    margin_text = options.option("margin", "20")
    try:
        margin = float(margin_text) * mm
    except ValueError:
        raise WriterError(f"margin must be a number of millimetres, not {margin_text!r}") from None
    if not 5 * mm <= margin <= min(width, height) / 4:
        raise WriterError(f"margin {margin_text} mm is out of range")
    return PageGeometry(float(width), float(height), margin)


@dataclass(frozen=True, slots=True)
class TextStyle:
    """Size, line height, colour and spacing of one kind of text."""

    size: float
    leading: float
    color: Color = BLACK
    bold: bool = False
    space_before: float = 0.0
    space_after: float = 0.0
    justify: bool = False


@dataclass(frozen=True, slots=True)
class Theme:
    """All the text styles of one document, scaled to its script."""

    regular: FontChain
    bold: FontChain
    body: TextStyle
    headline: TextStyle
    subheadline: TextStyle
    facts: TextStyle
    heading: TextStyle
    quote: TextStyle
    cite: TextStyle
    caption: TextStyle
    related_title: TextStyle
    related_item: TextStyle
    related_url: TextStyle
    footer: TextStyle

    def setting(self, style: TextStyle, width: float, direction: Direction) -> ParagraphSetting:
        """The paragraph setting of ``style`` in a frame ``width`` wide."""
        return ParagraphSetting(
            regular=self.bold if style.bold else self.regular,
            bold=self.bold,
            size=style.size,
            width=width,
            direction=direction,
            justify=style.justify,
        )


def theme_for(arabic_script: bool, options: WriterOptions) -> Theme:
    """The theme of a document: Amiri throughout for Arabic script, DejaVu Sans otherwise.

    ``font-size`` sets the body size in points (12 for Amiri, 10.5 for DejaVu Sans by
    default); every other size follows it. ``justify=no`` sets body text ragged.
    """
    family = "amiri" if arabic_script else "dejavu"
    default_size = "12.5" if arabic_script else "10.5"
    size_text = options.option("font-size", default_size)
    try:
        size = float(size_text)
    except ValueError:
        raise WriterError(f"font-size must be a number of points, not {size_text!r}") from None
    if not 6 <= size <= 30:
        raise WriterError(f"font-size {size_text} is out of range (6-30)")
    line = 1.7 if arabic_script else 1.45
    justify = not switched_off(options, "justify")

    def style(
        scale: float,
        *,
        color: Color = BLACK,
        bold: bool = False,
        before: float = 0.0,
        after: float = 0.0,
        justified: bool = False,
    ) -> TextStyle:
        return TextStyle(
            size * scale, size * scale * line, color, bold, size * before, size * after, justified
        )

    return Theme(
        regular=font_chain(family),
        bold=font_chain(family, bold=True),
        body=style(1.0, after=0.5, justified=justify),
        headline=style(1.75, bold=True, after=0.4),
        subheadline=style(1.2, color=DARK, after=0.3),
        facts=style(0.85, color=GREY),
        heading=style(1.2, bold=True, before=0.6, after=0.2),
        quote=style(1.0, color=DARK, after=0.3, justified=justify),
        cite=style(0.85, color=GREY),
        caption=style(0.85, color=GREY, after=0.3),
        related_title=style(1.05, bold=True, after=0.2),
        related_item=style(1.0, after=0.15),
        related_url=style(0.8, after=0.3),
        footer=style(0.75, color=GREY),
    )
