"""Drawing placed rows with reportlab's canvas, with a text layer every extractor reads.

Glyph runs are drawn left to right at the x the layout computed, in visual order, as a
shaping engine draws them. The text layer comes from the glyphs themselves: each maps
through its font's ToUnicode to the logical characters it stands for (letters, not
presentation forms; a lam-alef as a lam and the alef of an empty glyph beside it; a
mirrored bracket as the bracket written, see :mod:`.tounicode`), and every gap between
words is a real space glyph. Extractors then put each line in logical order with their
own bidi rules. A mark placed on its letter (harakat) is drawn as an outline, and the
text reads it from an empty stand-in glyph of zero width where it comes in the text (see
:mod:`.markpaths`); a word with any other placed glyph is given an ``/ActualText``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, assert_never

from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from ...text.fonts import Face
from ...text.paragraph import PLAIN, GlyphRun, Piece, Shifted
from ...text.urls import safe_url
from .direction import has_direction_changes, mark_direction_changes, split_at_direction_changes
from .flow import QUOTE_INSET
from .fontplan import FontPlan, drawn_pieces
from .markpaths import alefs_before_marks, draw_mark, drawn_glyph, is_outlined
from .rows import Decoration, ImageRow, LineRow, Page, PlacedRow, RuleRow
from .structure import MarkedContent, StructNode
from .styles import BOX_BORDER, BOX_FILL, LINK, RULE, Color, PageGeometry, TextStyle
from .tounicode import (
    ALEF_STAND_IN_WIDTH,
    LEADING_ALEF_CHARS,
    logical_characters,
)

_LEADING_ALEF_BACK = str(ALEF_STAND_IN_WIDTH)
QUOTE_BAR = 2.0
BULLET_HANG = 7.0
"""A list bullet hangs this far outside the text frame, so every line keeps its edge."""
LINE_TEXT_CACHE = 2048
"""How many drawn lines :data:`_LINE_TEXT` holds before it starts again."""

_LINE_TEXT: dict[tuple[Any, ...], tuple[Any, str]] = {}
"""(line, style, direction, x, baseline, font plan) -> (the line, its text object): the
content stream of a line drawn again in the same place with the same glyph codes, across
documents (used under the lock that guards drawing)."""


def forget_drawn_lines() -> None:
    """Drop the lines kept in :data:`_LINE_TEXT` (call under the drawing lock)."""
    _LINE_TEXT.clear()


class _Chunks:
    """The encoded strings of a run (one per font subset), handed out piece by piece."""

    def __init__(self, chunks: list[tuple[int, bytes]]) -> None:
        self.chunks = chunks
        self.index = 0
        self.offset = 0

    def take(self, count: int) -> list[tuple[int, bytes]]:
        """The next ``count`` codes, split where the subset changes."""
        if not count:
            return []
        subset, data = self.chunks[self.index]
        if self.offset + count < len(data):  # within the current chunk
            self.offset += count
            return [(subset, data[self.offset - count : self.offset])]
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
    text = "%.2f" % value  # noqa: UP031 (the fastest formatting)
    if text[-1] == "0":
        text = text.rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def pdf_text_string(text: str) -> str:
    """``text`` as a PDF hexadecimal string in UTF-16BE with a byte order mark."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _link_areas(
    runs: Sequence[GlyphRun], hrefs: list[str | None], links: list[StructNode | None]
) -> Iterator[tuple[str, StructNode | None, float, float]]:
    """Each link's address, element and left and right x on the line: runs side by side
    with the same address and element (a link cut where its direction changes) make one
    area, so one link on one line is one annotation."""
    area: list[Any] | None = None
    for run, href, link in zip(runs, hrefs, links, strict=True):
        if area is not None and href == area[0] and link is area[1]:
            area[2], area[3] = min(area[2], run.x), max(area[3], run.x + run.width)
            continue
        if area is not None:
            yield area[0], area[1], area[2], area[3]
        area = [href, link, run.x, run.x + run.width] if href else None
    if area is not None:
        yield area[0], area[1], area[2], area[3]


def _flush(ops: list[str], array: list[str]) -> None:
    """Close the pending ``TJ`` array, if any."""
    if array:
        ops.append(f"[{' '.join(array)}] TJ")
        array.clear()


def _words_with_marks(pieces: tuple[Piece, ...], face: Face) -> dict[int, tuple[int, str]]:
    """The words of a run that hold placed marks: first piece -> (end piece, text).

    A mark stands over its letter, not after it, so an extractor that builds words from
    glyph positions would cut the word there. Such a word is drawn inside a marked span
    whose ``/ActualText`` gives its characters in drawing order (each glyph as the
    ToUnicode map reads it): the extractors that honour ``/ActualText`` take the word as
    one piece and order it with the rest of the line; the others read the glyphs.
    """
    words: dict[int, tuple[int, str]] = {}
    if not any(isinstance(piece, Shifted) and not is_outlined(piece, face) for piece in pieces):
        return words
    start = 0
    for end in range(len(pieces) + 1):
        if end < len(pieces) and not isinstance(pieces[end], float):
            continue
        word = pieces[start:end]
        if any(isinstance(piece, Shifted) and not is_outlined(piece, face) for piece in word):
            glyphs = "".join(p.glyph if isinstance(p, Shifted) else str(p) for p in word)
            words[start] = (end, "".join(logical_characters(ord(g)) for g in glyphs))
        start = end + 1
    return words


class PageRenderer:
    """Draws pages onto one canvas."""

    def __init__(self, canvas: Canvas, geometry: PageGeometry) -> None:
        self.canvas = canvas
        self.geometry = geometry
        self.bookmarks = 0
        self.marked = MarkedContent()
        self.plan: FontPlan | None = None
        """The document's glyph codes, when given before drawing (lines are then cached)."""
        self._font_operators: dict[tuple[str, int, float], str] = {}
        """(font, subset, size) -> its ``Tf`` operator, in this document."""
        self.placed_marks: list[tuple[str, Shifted, float]] = []
        """Marks :meth:`_show` left to draw as outlines: font file, mark, pen (pt from the
        run's x)."""
        self._space_adjusts: dict[tuple[str, float, float], str] = {}
        """(font, gap, size) -> the ``TJ`` displacement that widens a space to the gap."""

    def draw_page(self, page: Page) -> None:
        """Decorations first, then rows and rules; lines and images as tagged content,
        everything else as artifacts."""
        self.marked.new_page()
        canvas = self.canvas
        if page.regions:
            canvas.addLiteral("/Artifact BMC")
            for decoration, region in page.regions.items():
                self._decoration(decoration, region)
            canvas.addLiteral("EMC")
        for placed in page.rows:
            self._row(placed)
        if page.rules:
            canvas.addLiteral("/Artifact BMC")
            for rule in page.rules:
                self._stroke(rule.color, rule.thickness)
                canvas.line(rule.x0, rule.y0, rule.x1, rule.y1)
            canvas.addLiteral("EMC")

    def _row(self, placed: PlacedRow) -> None:
        row = placed.row
        match row:
            case LineRow():
                self.draw_line(row, placed.left, placed.width, placed.top)
            case ImageRow():
                x = placed.left + (placed.width - row.width) / 2
                y = placed.top - row.height
                box = (x, y, x + row.width, y + row.height)
                self.canvas.addLiteral(self.marked.begin(row, row.node, box=box))
                self.canvas.drawImage(row.image, x, y, row.width, row.height, mask="auto")
                self.canvas.addLiteral("EMC")
            case RuleRow():
                y = placed.top - row.height / 2
                self.canvas.addLiteral("/Artifact BMC")
                self._stroke(row.color, row.thickness)
                self.canvas.line(placed.left, y, placed.left + placed.width, y)
                self.canvas.addLiteral("EMC")
            case _:
                assert_never(row)

    def draw_line(self, row: LineRow, left: float, width: float, top: float) -> None:
        """One line: its runs at their x, right-aligned when right to left."""
        line = row.line
        frame_left = left + row.inset_left
        frame_width = width - row.inset_left - row.inset_right
        x0 = frame_left + frame_width - line.width if row.direction == "rtl" else frame_left
        baseline = top - row.style.leading * row.baseline_ratio
        if row.bullet:
            self.canvas.addLiteral("/Artifact BMC")
            self._bullet(row, left, width, baseline)
            self.canvas.addLiteral("EMC")
        if row.outline:
            self._bookmark(row.outline, top)
        if not line.runs:
            return
        canvas = self.canvas
        has_links = any(run.style.link for run in line.runs)
        key = self._line_key(row, x0, baseline)
        known = None if has_links else _LINE_TEXT.get(key)
        if known is not None and known[0] is line:
            canvas.addLiteral(f"{self.marked.begin(row, row.node)} {known[1]}")
            return
        codes = self.plan.codes_given() if self.plan else -1
        runs: tuple[GlyphRun, ...] | list[GlyphRun] = line.runs
        continued: set[int] = set()
        if has_direction_changes(line.logical_text):
            marked = mark_direction_changes(line.runs)
            runs, continued = split_at_direction_changes(marked, row.style.size)
        hrefs = [safe_url(run.style.link) if run.style.link else None for run in runs]
        ops = [self.marked.begin(row, row.node, hrefs[0]), "q BT"]
        links: list[StructNode | None] = []
        """The ``Link`` element of each run (None outside a link)."""
        outlines: list[str] = []
        """Marks drawn as outlines, once the text object that reads them is closed."""
        current_color: Color | None = None
        current_font = ""
        pen = 0.0
        drawn_size = float(_num(row.style.size))  # the size the Tf operators give
        for index, run in enumerate(runs):
            if index and hrefs[index] != hrefs[index - 1]:  # a link's text is marked apart
                ops.append("ET")
                ops.extend(outlines)
                outlines.clear()
                ops.append(f"Q EMC {self.marked.begin(row, row.node, hrefs[index])} q BT")
                current_color, current_font = None, ""
            links.append(self.marked.last if hrefs[index] and row.node else None)
            color = LINK if run.style.link else row.style.color
            if color != current_color:
                ops.append(f"{_num(color[0])} {_num(color[1])} {_num(color[2])} rg")
                current_color = color
            skew = "0.1944" if run.style.italic else "0"
            if index in continued:  # where the pen stood, past the space: glyphs stay put
                x = self._continued_x(pen, run, row.style.size, drawn_size)
            else:
                x = _num(x0 + run.x)
            ops.append(f"1 0 {skew} 1 {x} {_num(baseline)} Tm")
            after = 0.0
            if index + 1 < len(runs) and not isinstance(runs[index + 1].pieces[0], float):
                after = runs[index + 1].x - run.x - run.width
            current_font = self._show(ops, run, row.style.size, current_font, after)
            if self.placed_marks:
                outlines.extend(self._outlines(float(x), baseline, float(skew), row, color))
            if index + 1 in continued:
                pen = float(x) + self._advance(run, row.style.size) * drawn_size / 1000
        ops.append("ET")
        ops.extend(outlines)
        ops.append("Q EMC")
        canvas.addLiteral(" ".join(ops))
        for href, link, left_x, right_x in _link_areas(runs, hrefs, links):
            rect = (x0 + left_x, baseline - 2, x0 + right_x, baseline + row.style.size)
            canvas.linkURL(href, rect, relative=0, Contents=pdfdoc.PDFString(href))
            if link is not None:
                self.marked.annotate(link, canvas._annotationrefs[-1])
        if not has_links:  # a link line marks each link apart: its tags are not reusable
            self._remember_line(key, line, ops, codes)

    def _outlines(
        self, x: float, baseline: float, skew: float, row: LineRow, color: Color
    ) -> Iterator[str]:
        """The marks :meth:`_show` placed in a run drawn from ``x``, as filled outlines
        where the glyph would have been drawn (see :mod:`.markpaths`)."""
        size = float(_num(row.style.size))
        for filename, mark, pen in self.placed_marks:
            left = x + pen + mark.dx + skew * mark.dy
            yield draw_mark(filename, ord(mark.glyph), size, left, baseline + mark.dy, skew, color)
        self.placed_marks.clear()

    def _line_key(self, row: LineRow, x0: float, baseline: float) -> tuple[Any, ...]:
        """What a line's content depends on besides its marked-content tag."""
        plan = self.plan.key if self.plan else None
        return (id(row.line), row.style, row.direction, x0, baseline, plan)

    def _remember_line(self, key: tuple[Any, ...], line: Any, ops: list[str], codes: int) -> None:
        """Keep a drawn line's operators (after its tag) in :data:`_LINE_TEXT` when it drew
        only glyphs the font plan gave codes to (so the same plan draws it alike)."""
        if self.plan is None or self.plan.codes_given() != codes:
            return
        if len(_LINE_TEXT) >= LINE_TEXT_CACHE:
            _LINE_TEXT.clear()
        _LINE_TEXT[key] = (line, " ".join(ops[1:]))

    def _show(
        self, ops: list[str], run: GlyphRun, size: float, current_font: str, after: float = 0.0
    ) -> str:
        """Append ``Tf`` and ``TJ`` operators for a run; return the font selected last.

        A bundled font is embedded as 256-glyph subsets that reportlab numbers and names,
        so a string may need several subsets. Every gap between words is a real space
        glyph, widened by a ``TJ`` displacement to the gap the layout gives it, so that
        extractors find the words without guessing from positions; ``after`` is the gap
        that follows the run (a space at a change of font or style).
        """
        font = pdfmetrics.getFont(run.face.name)
        doc = self.canvas._doc
        escape = self.canvas._escape
        pieces = drawn_pieces(run.pieces, font)
        alefs = pieces is not run.pieces
        outlined: set[int] = set()
        marked: dict[int, tuple[int, str]] = {}
        if any(type(p) is Shifted for p in pieces):
            outlined = {i for i, p in enumerate(pieces) if is_outlined(p, run.face)}
            if outlined and alefs:
                pieces = alefs_before_marks(pieces, outlined)
                outlined = {i for i, p in enumerate(pieces) if is_outlined(p, run.face)}
            marked = _words_with_marks(pieces, run.face)
        if marked or outlined:
            glyphs = "".join(
                drawn_glyph(p, i in outlined)
                for i, p in enumerate(pieces)
                if not isinstance(p, float)
            )
        else:  # no marks: only strings and spaces
            glyphs = "".join([p for p in pieces if isinstance(p, str)])
        chunks = _Chunks(font.splitString(glyphs, doc))
        array: list[str] = []
        subset = -1
        span_end = -1
        pen = 0.0  # pt from the run's x, where outlined marks are placed
        for index, piece in enumerate(pieces):
            if index in marked:
                _flush(ops, array)
                span_end, actual = marked[index]
                ops.append(f"/Span <</ActualText {pdf_text_string(actual)}>> BDC")
            if isinstance(piece, float):  # a space before the run is gone back over first
                current_font, subset = self._space(
                    ops, array, font, subset, size, piece, current_font, back=not index
                )
                pen += piece if index else 0.0
            elif index in outlined:
                assert isinstance(piece, Shifted)
                self.placed_marks.append((run.face.filename, piece, pen))
                ((subset, data),) = chunks.take(1)  # the stand-in, where the mark is read
                current_font = self._select(ops, array, font, subset, size, current_font)
                array.append(f"({escape(data)})")
                pen += font.stringWidth(drawn_glyph(piece, True), size)
            elif isinstance(piece, Shifted):
                current_font = self._mark(ops, array, piece, font, chunks, size, current_font)
                array.clear()
            else:
                lead = alefs and piece[0] in LEADING_ALEF_CHARS  # its advance given back first
                for subset, data in chunks.take(len(piece)):
                    current_font = self._select(ops, array, font, subset, size, current_font)
                    if lead:
                        array.append(_LEADING_ALEF_BACK)
                        lead = False
                    array.append(f"({escape(data)})")
                if outlined:
                    back = ALEF_STAND_IN_WIDTH if alefs and piece[0] in LEADING_ALEF_CHARS else 0
                    pen += font.stringWidth(piece, size) - back * size / 1000
            if index + 1 == span_end:
                _flush(ops, array)
                ops.append("EMC")
        if after > 0.01:
            current_font, subset = self._space(ops, array, font, subset, size, after, current_font)
        if array:
            ops.append(f"[{' '.join(array)}] TJ")
        return current_font

    def _advance(self, run: GlyphRun, size: float) -> float:
        """How far (1/1000 em) :meth:`_show` moves the pen for ``run`` when nothing
        follows it, as a viewer adds it up from the operators written (alef stand-ins
        move it by nothing: see :data:`.tounicode.ALEF_STAND_IN_WIDTH`)."""
        font = pdfmetrics.getFont(run.face.name)
        widths = font.face.charWidths
        total = 0.0
        for index, piece in enumerate(run.pieces):
            if isinstance(piece, float):
                if index:  # a first space is gone back over: it moves the pen by nothing
                    total += widths[32] - float(self._space_adjust(font, piece, size))
            elif isinstance(piece, Shifted):
                total += widths.get(ord(piece.glyph), font.face.defaultWidth)
            else:
                total += font.stringWidth(piece, 1000)
        return total

    def _continued_x(self, pen: float, run: GlyphRun, size: float, drawn_size: float) -> str:
        """The x of a run cut out of the one before it (see :mod:`.direction`): the pen
        stands at the end of that one, and the run goes back over the space it draws
        first, so its glyphs land exactly where one unbroken ``TJ`` would have put them."""
        space = run.pieces[0]
        assert isinstance(space, float)
        font = pdfmetrics.getFont(run.face.name)
        back = float(self._space_back(font, space, size))
        return f"{pen + back * drawn_size / 1000:.6f}".rstrip("0")

    def _space_back(self, font: Any, gap: float, size: float) -> str:
        """The ``TJ`` displacement that goes back over a space widened to ``gap``: exactly
        what the space and its widening advance, so the glyphs after it stay put."""
        return _num(font.face.charWidths[32] - float(self._space_adjust(font, gap, size)))

    def _space_adjust(self, font: Any, gap: float, size: float) -> str:
        """The ``TJ`` displacement that widens a space of ``font`` to ``gap`` points."""
        key = (font.fontName, gap, size)
        adjust = self._space_adjusts.get(key)
        if adjust is None:
            adjust = self._space_adjusts[key] = _num(font.face.charWidths[32] - gap * 1000 / size)
        return adjust

    def _space(
        self,
        ops: list[str],
        array: list[str],
        font: Any,
        subset: int,
        size: float,
        gap: float,
        current: str,
        back: bool = False,
    ) -> tuple[str, int]:
        """A space glyph (code 32, a space in every subset that reaches it) stretched to
        ``gap`` points, drawn after going ``back`` over it; return the font selected and
        its subset."""
        if subset < 0 or len(font.state[self.canvas._doc].subsets[subset]) <= 32:
            subset = 0
        current = self._select(ops, array, font, subset, size, current)
        if back:  # after Tf: a displacement counts in the size of the font it follows
            array.append(self._space_back(font, gap, size))
        array.append("( )")
        adjust = self._space_adjust(font, gap, size)
        if adjust != "0":
            array.append(adjust)
        return current, subset

    def _select(
        self, ops: list[str], array: list[str], font: Any, subset: int, size: float, current: str
    ) -> str:
        """Switch to ``subset`` of ``font`` if needed, closing the pending ``TJ`` first."""
        key = (font.fontName, subset, size)
        name = self._font_operators.get(key)
        if name is None:
            internal = font.getSubsetInternalName(subset, self.canvas._doc)
            name = self._font_operators[key] = f"{internal} {_num(size)} Tf"
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
        ops = ["/Artifact <</Type /Pagination>> BDC q BT"]
        ops.append(f"{_num(style.color[0])} {_num(style.color[1])} {_num(style.color[2])} rg")
        ops.append(f"1 0 0 1 {_num(x)} {_num(y)} Tm")
        self._show(ops, run, style.size, "")
        ops.append("ET Q EMC")
        self.canvas.addLiteral(" ".join(ops))
