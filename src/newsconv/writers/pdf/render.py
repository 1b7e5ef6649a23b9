"""Drawing placed rows with reportlab's canvas, each line in an ``/ActualText`` span.

Glyph runs are drawn left to right at the x the layout computed. Every line is wrapped
in a marked-content ``/Span`` whose ``/ActualText`` holds the logical characters in
drawing order, unshaped and unmirrored: text extraction then yields real letters (not
presentation forms), lam-alef as two letters, harakat in place, brackets as written.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from ...text.fonts import Face
from ...text.paragraph import PLAIN, GlyphRun, Shifted
from ...text.urls import safe_url
from .extraction import actual_text_order, page_is_rtl
from .flow import QUOTE_INSET
from .rows import Decoration, ImageRow, LineRow, Page, PlacedRow, RuleRow
from .styles import BOX_BORDER, BOX_FILL, LINK, RULE, Color, PageGeometry, TextStyle

QUOTE_BAR = 2.0
BULLET_HANG = 7.0
"""A list bullet hangs this far outside the text frame, so every line keeps its edge."""


class _Chunks:
    """The encoded strings of a run (one per font subset), handed out piece by piece."""

    def __init__(self, chunks: list[tuple[int, bytes]]) -> None:
        self.chunks = chunks
        self.index = 0
        self.offset = 0

    def take(self, count: int) -> list[tuple[int, bytes]]:
        """The next ``count`` codes, split where the subset changes."""
        out: list[tuple[int, bytes]] = []
        while count:
            subset, data = self.chunks[self.index]
            size = min(count, len(data) - self.offset)
            out.append((subset, data[self.offset : self.offset + size]))
            self.offset += size
            count -= size
            if self.offset == len(data):
                self.index, self.offset = self.index + 1, 0
        return out


def _num(value: float) -> str:
    """A number for a content stream: two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def pdf_text_string(text: str) -> str:
    """``text`` as a PDF hexadecimal string in UTF-16BE with a byte order mark."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


class PageRenderer:
    """Draws pages onto one canvas."""

    def __init__(self, canvas: Canvas, geometry: PageGeometry) -> None:
        self.canvas = canvas
        self.geometry = geometry
        self.rtl_page = False
        self.bookmarks = 0

    def draw_page(self, page: Page) -> None:
        """Decorations first, then rows and rules."""
        texts = [p.row.line.logical_text for p in page.rows if isinstance(p.row, LineRow)]
        self.rtl_page = page_is_rtl(texts)
        for decoration, region in page.regions.items():
            self._decoration(decoration, region)
        for placed in page.rows:
            self._row(placed)
        for rule in page.rules:
            self._stroke(rule.color, rule.thickness)
            self.canvas.line(rule.x0, rule.y0, rule.x1, rule.y1)

    def _row(self, placed: PlacedRow) -> None:
        row = placed.row
        if isinstance(row, LineRow):
            self.draw_line(row, placed.left, placed.width, placed.top)
        elif isinstance(row, ImageRow):
            x = placed.left + (placed.width - row.width) / 2
            y = placed.top - row.height
            self.canvas.drawImage(row.image, x, y, row.width, row.height, mask="auto")
        elif isinstance(row, RuleRow):
            y = placed.top - row.height / 2
            self._stroke(row.color, row.thickness)
            self.canvas.line(placed.left, y, placed.left + placed.width, y)

    def draw_line(self, row: LineRow, left: float, width: float, top: float) -> None:
        """One line: its runs at their x, right-aligned when right to left."""
        line = row.line
        frame_left = left + row.inset_left
        frame_width = width - row.inset_left - row.inset_right
        x0 = frame_left + frame_width - line.width if row.direction == "rtl" else frame_left
        baseline = top - row.style.leading * row.baseline_ratio
        if row.bullet:
            self._bullet(row, left, width, baseline)
        if row.outline:
            self._bookmark(row.outline, top)
        if not line.runs:
            return
        canvas = self.canvas
        actual = actual_text_order(line.logical_text, self.rtl_page)
        ops = [f"/Span <</ActualText {pdf_text_string(actual)}>> BDC q BT"]
        current_color: Color | None = None
        current_font = ""
        for run in line.runs:
            color = LINK if run.style.link else row.style.color
            if color != current_color:
                ops.append(f"{_num(color[0])} {_num(color[1])} {_num(color[2])} rg")
                current_color = color
            skew = "0.1944" if run.style.italic else "0"
            ops.append(f"1 0 {skew} 1 {_num(x0 + run.x)} {_num(baseline)} Tm")
            current_font = self._show(ops, run, row.style.size, current_font)
        ops.append("ET Q EMC")
        canvas.addLiteral(" ".join(ops))
        for run in line.runs:
            if href := safe_url(run.style.link):
                rect = (x0 + run.x, baseline - 2, x0 + run.x + run.width, baseline + row.style.size)
                canvas.linkURL(href, rect, relative=0)

    def _show(self, ops: list[str], run: GlyphRun, size: float, current_font: str) -> str:
        """Append ``Tf`` and ``TJ`` operators for a run; return the font selected last.

        A bundled font is embedded as 256-glyph subsets that reportlab numbers and names,
        so a string may need several subsets; spaces become ``TJ`` displacements.
        """
        font = pdfmetrics.getFont(run.face.name)
        doc = self.canvas._doc
        escape = self.canvas._escape
        chunks = _Chunks(font.splitString(run.glyphs, doc))
        array: list[str] = []
        for piece in run.pieces:
            if isinstance(piece, float):
                array.append(_num(-piece * 1000 / size))
                continue
            if isinstance(piece, Shifted):
                current_font = self._mark(ops, array, piece, font, chunks, size, current_font)
                array = []
                continue
            for subset, data in chunks.take(len(piece)):
                current_font = self._select(ops, array, font, subset, size, current_font)
                array.append(f"({escape(data)})")
        if array:
            ops.append(f"[{' '.join(array)}] TJ")
        return current_font

    def _select(
        self, ops: list[str], array: list[str], font: Any, subset: int, size: float, current: str
    ) -> str:
        """Switch to ``subset`` of ``font`` if needed, closing the pending ``TJ`` first."""
        name = f"{font.getSubsetInternalName(subset, self.canvas._doc)} {_num(size)} Tf"
        if name != current:
            if array:
                ops.append(f"[{' '.join(array)}] TJ")
                array.clear()
            ops.append(name)
        return name

    def _mark(
        self,
        ops: list[str],
        array: list[str],
        piece: Shifted,
        font: Any,
        chunks: _Chunks,
        size: float,
        current: str,
    ) -> str:
        """A mark moved by (dx, dy) and the pen put back: ``TJ`` shifts and a text rise."""
        if array:
            ops.append(f"[{' '.join(array)}] TJ")
        ((subset, data),) = chunks.take(1)
        current = self._select(ops, [], font, subset, size, current)
        shift = _num(piece.dx * 1000 / size)
        rise = _num(piece.dy)
        if rise != "0":
            ops.append(f"{rise} Ts")
        ops.append(f"[{_num(-piece.dx * 1000 / size)} ({self.canvas._escape(data)}) {shift}] TJ")
        if rise != "0":
            ops.append("0 Ts")
        return current

    def _bookmark(self, title: str, top: float) -> None:
        """An outline entry for a sub-heading, opening the page at the heading."""
        key = f"nc-heading-{self.bookmarks}"
        self.bookmarks += 1
        self.canvas.bookmarkHorizontal(key, 0, top + 4)
        self.canvas.addOutlineEntry(title, key, level=0)

    def _bullet(self, row: LineRow, left: float, width: float, baseline: float) -> None:
        radius = row.style.size * 0.14
        y = baseline + row.style.size * 0.3
        if row.direction == "rtl":
            x = left + width - row.inset_right + BULLET_HANG
        else:
            x = left + row.inset_left - BULLET_HANG
        self.canvas.setFillColorRGB(*row.style.color)
        self.canvas.circle(x, y, radius, stroke=0, fill=1)

    def _decoration(self, decoration: Decoration, region: list[float]) -> None:
        left, right, top, bottom = region
        canvas = self.canvas
        if decoration.kind == "box":
            canvas.setFillColorRGB(*BOX_FILL)
            self._stroke(BOX_BORDER, 0.8)
            canvas.rect(left, bottom, right - left, top - bottom, stroke=1, fill=1)
            return
        offset = QUOTE_INSET / 2
        x = right - offset if decoration.direction == "rtl" else left + offset
        self._stroke(RULE, QUOTE_BAR)
        canvas.line(x, top, x, bottom)

    def _stroke(self, color: Color, thickness: float) -> None:
        self.canvas.setStrokeColorRGB(*color)
        self.canvas.setLineWidth(thickness)

    def footer(self, number: int, style: TextStyle, face: Face) -> None:
        """The page number, centred under the frame, in the document's own font (so that
        it adds no font to the file)."""
        label = str(number)
        width = face.advance(label) * style.size / 1000
        x = (self.geometry.width - width) / 2
        y = self.geometry.frame_bottom / 2
        run = GlyphRun(0.0, width, face, (label,), PLAIN)
        ops = [f"/Span <</ActualText {pdf_text_string(label)}>> BDC q BT"]
        ops.append(f"{_num(style.color[0])} {_num(style.color[1])} {_num(style.color[2])} rg")
        ops.append(f"1 0 0 1 {_num(x)} {_num(y)} Tm")
        self._show(ops, run, style.size, "")
        ops.append("ET Q EMC")
        self.canvas.addLiteral(" ".join(ops))
