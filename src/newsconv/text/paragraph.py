"""Paragraph layout: logical text in, visual lines of positioned glyph runs out.

The steps follow the order that keeps right-to-left text correct:

1. shape each word (presentation forms, harakat kept) and measure it with the font the
   fallback chain picks for each glyph;
2. break lines in logical order on those widths;
3. reorder each line on its own (UAX #9 L1–L4) and lay its glyphs out left to right,
   widening the spaces of every line but the last to justify it.

Each line also carries its logical text (unshaped, unmirrored), from which the drawing
code writes the line's ``/ActualText`` (see :mod:`newsconv.writers.pdf.extraction`).
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..model import Direction, Position
from .bidi_lines import mirrored_stand_in, visual_order
from .controls import BIDI_CONTROLS
from .fonts import Face, FontChain
from .linebreak import Item, LineSpan, cluster_boundaries, cut_word, fill_lines, soft_breaks
from .marks import MarkOffset, place_marks
from .shaping import HARAKAT, needs_shaping, shape_word

MAX_STRETCH = 3.0
"""A line is justified only if no gap grows beyond this many spaces."""


@dataclass(frozen=True, slots=True)
class RunStyle:
    """How a run of text is set: weight, slant, link target."""

    bold: bool = False
    italic: bool = False
    link: str | None = None


PLAIN = RunStyle()


@dataclass(frozen=True, slots=True)
class StyledText:
    """A paragraph's logical text with the style and source position of its spans.

    ``span_starts[k]`` is where ``span_styles[k]`` begins (it holds until the next start);
    ``origins`` pairs text indexes with the source position of the text there. A ``\\n``
    in ``text`` is a forced line break.
    """

    text: str
    span_starts: tuple[int, ...] = (0,)
    span_styles: tuple[RunStyle, ...] = (PLAIN,)
    origins: tuple[tuple[int, Position], ...] = ()

    def style_at(self, index: int) -> RunStyle:
        """The style of character ``index``."""
        k = bisect_right(self.span_starts, index) - 1
        return self.span_styles[k] if k >= 0 else PLAIN

    def position_of(self, index: int) -> Position | None:
        """The source position of character ``index``, when known."""
        for start, pos in reversed(self.origins):
            if start <= index:
                offset = index - start
                return Position(pos.line, pos.column + offset, pos.offset + offset)
        return None


@dataclass(frozen=True, slots=True)
class Shifted:
    """A mark drawn ``dx`` right and ``dy`` up of where the pen stands (pt)."""

    glyph: str
    dx: float
    dy: float


Piece = str | float | Shifted
"""A run's content: glyph strings, the width of a space before the next string, or a
mark moved onto its letter."""


@dataclass(frozen=True, slots=True)
class GlyphRun:
    """Glyphs of one face and style drawn from ``x`` (pt from the line's left edge).

    ``pieces`` holds glyph strings, the width (pt) of each space before the next string
    and marks placed on their letters, so a whole line in one font is one run.
    """

    x: float
    width: float
    face: Face
    pieces: tuple[Piece, ...]
    style: RunStyle

    @property
    def glyphs(self) -> str:
        """The run's glyphs without its spaces."""
        return "".join(
            piece.glyph if isinstance(piece, Shifted) else piece
            for piece in self.pieces
            if not isinstance(piece, float)
        )


@dataclass(frozen=True, slots=True)
class VisualLine:
    """One laid-out line: runs left to right, its width, and its logical text."""

    runs: tuple[GlyphRun, ...]
    width: float
    logical_text: str
    """The line's characters in logical order (no bidi controls), for the text layer."""
    justified: bool


@dataclass(frozen=True, slots=True)
class MissingGlyph:
    """A character no bundled font can draw."""

    char: str
    position: Position | None


@dataclass(frozen=True, slots=True)
class ParagraphSetting:
    """Everything the layout needs besides the text."""

    regular: FontChain
    bold: FontChain
    size: float
    width: float
    direction: Direction
    justify: bool = True


@dataclass(frozen=True, slots=True)
class _Word:
    """Shaped word at one size: glyph, face and advance (pt) per logical character."""

    glyphs: tuple[str, ...]
    faces: tuple[Face | None, ...]
    advances: tuple[float, ...]
    total: float
    undrawable: tuple[int, ...]
    """Offsets of characters that should be drawn but no bundled font has."""
    marks: tuple[MarkOffset | None, ...] | None
    """Where each Arabic mark goes relative to its letter; None when the word has none."""


def drawable(ch: str) -> bool:
    """False for format and control characters, which are never drawn as glyphs."""
    return unicodedata.category(ch) not in ("Cf", "Cc") and ch not in BIDI_CONTROLS


@lru_cache(maxsize=131072)
def _measure(word: str, chain: FontChain, size: float) -> _Word:
    glyphs = shape_word(word)
    arabic = needs_shaping(word)
    scale = size / 1000
    faces: list[Face | None] = []
    advances: list[float] = []
    undrawable: list[int] = []
    for offset, (ch, glyph) in enumerate(zip(word, glyphs, strict=True)):
        visible = bool(glyph) and drawable(ch)
        face = chain.face_for(glyph, arabic) if visible else None
        if visible and face is None:
            undrawable.append(offset)
        faces.append(face)
        advances.append(face.advance(glyph) * scale if face is not None else 0.0)
    face_tuple = tuple(faces)
    marks = place_marks(word, glyphs, face_tuple, size) if HARAKAT.search(word) else None
    return _Word(glyphs, face_tuple, tuple(advances), sum(advances), tuple(undrawable), marks)


class _Paragraph:
    """Per-character glyphs, faces and advances of one paragraph, built word by word."""

    def __init__(self, styled: StyledText, setting: ParagraphSetting) -> None:
        self.text = styled.text
        self.styled = styled
        self.setting = setting
        count = len(self.text)
        self.glyphs: list[str] = [" "] * count
        self.faces: list[Face | None] = [None] * count
        self.advances: list[float] = [0.0] * count
        self.marks: dict[int, MarkOffset] = {}
        self.missing: list[MissingGlyph] = []
        self.space = setting.regular.latin[0].advance(" ") * setting.size / 1000

    def measure_words(self, start: int, end: int) -> list[Item]:
        """Shape and measure the words of ``text[start:end]``; cut those too wide."""
        items: list[Item] = []
        for word_start, word_end in _word_ranges(self.text, start, end):
            width = self._measure_word(word_start, word_end)
            if width > self.setting.width:
                items.extend(self._cut(word_start, word_end))
            else:
                items.append(Item(word_start, word_end, width))
        return items

    def _measure_word(self, start: int, end: int) -> float:
        word_text = self.text[start:end]
        styled = self.styled
        if len(styled.span_starts) == 1:
            return self._store(word_text, start, start, end, styled.span_styles[0].bold)
        return sum(
            self._store(word_text, start, run_start, run_end, style.bold)
            for run_start, run_end, style in self._style_runs(start, end)
        )

    def _store(self, word_text: str, start: int, run_start: int, run_end: int, bold: bool) -> float:
        """Write glyphs, faces and advances of the word's characters ``run_start``–
        ``run_end`` into the paragraph's arrays; return their width."""
        setting = self.setting
        word = _measure(word_text, setting.bold if bold else setting.regular, setting.size)
        first, last = run_start - start, run_end - start
        whole = first == 0 and last == len(word_text)
        self.glyphs[run_start:run_end] = word.glyphs if whole else word.glyphs[first:last]
        self.faces[run_start:run_end] = word.faces if whole else word.faces[first:last]
        advances = word.advances if whole else word.advances[first:last]
        self.advances[run_start:run_end] = advances
        if word.marks is not None:
            for offset in range(first, last):
                mark = word.marks[offset]
                if mark is not None:
                    self.marks[start + offset] = mark
        for offset in word.undrawable:
            if first <= offset < last:
                index = start + offset
                self.missing.append(MissingGlyph(self.text[index], self.styled.position_of(index)))
        return word.total if whole else sum(advances)

    def _style_runs(self, start: int, end: int) -> Iterator[tuple[int, int, RunStyle]]:
        styled = self.styled
        style = styled.style_at(start)
        run_start = start
        first = bisect_left(styled.span_starts, start + 1)
        last = bisect_left(styled.span_starts, end)
        for k in range(first, last):
            next_style = styled.span_styles[k]
            if next_style.bold != style.bold:
                yield run_start, styled.span_starts[k], style
                run_start = styled.span_starts[k]
            style = next_style
        yield run_start, end, style

    def _cut(self, start: int, end: int) -> list[Item]:
        def attached(k: int) -> bool:
            index = start + k
            return not self.glyphs[index] or unicodedata.combining(self.text[index]) > 0

        boundaries = cluster_boundaries(end - start, attached)
        preferred = soft_breaks(self.text[start:end])
        return cut_word(start, self.advances[start:end], boundaries, self.setting.width, preferred)


def _word_ranges(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    word_start = start
    for index in range(start, end):
        if text[index] == " ":
            if index > word_start:
                yield word_start, index
            word_start = index + 1
    if end > word_start:
        yield word_start, end


def layout_paragraph(
    styled: StyledText, setting: ParagraphSetting
) -> tuple[list[VisualLine], list[MissingGlyph]]:
    """Lay out a paragraph into visual lines; also return the characters left undrawn."""
    paragraph = _Paragraph(styled, setting)
    lines: list[VisualLine] = []
    for start, end in _forced_segments(styled.text):
        items = paragraph.measure_words(start, end)
        spans = fill_lines(items, paragraph.space, setting.width)
        for number, span in enumerate(spans):
            last = number == len(spans) - 1
            lines.append(_visual_line(paragraph, items, span, stretch=not last))
    return lines, paragraph.missing


def _forced_segments(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for index, ch in enumerate(text):
        if ch == "\n":
            yield start, index
            start = index + 1
    yield start, len(text)


def _visual_line(
    paragraph: _Paragraph, items: list[Item], span: LineSpan, stretch: bool
) -> VisualLine:
    setting = paragraph.setting
    start, end = items[span.first].start, items[span.last].end
    gaps = sum(1 for item in items[span.first + 1 : span.last + 1] if item.space_before)
    extra = 0.0
    if stretch and setting.justify and gaps:
        extra = (setting.width - span.width) / gaps
        if extra > MAX_STRETCH * paragraph.space:
            extra = 0.0
    order = visual_order(paragraph.text[start:end], setting.direction)
    runs = _runs(paragraph, start, order, paragraph.space + extra)
    width = span.width + extra * gaps
    logical = _logical_text(paragraph.text, start, end)
    return VisualLine(tuple(runs), width, logical, extra > 0)


def _runs(
    paragraph: _Paragraph, start: int, order: list[tuple[int, int]], gap: float
) -> list[GlyphRun]:
    """Group the line's glyphs into runs of one face and style, left to right; the gaps
    of spaces inside a run are kept as numbers between its strings."""
    text, faces, glyphs, advances = (
        paragraph.text,
        paragraph.faces,
        paragraph.glyphs,
        paragraph.advances,
    )
    styled = paragraph.styled
    single_style = len(styled.span_starts) == 1
    style = styled.span_styles[0]
    marks = paragraph.marks
    runs: list[GlyphRun] = []
    pieces: list[Piece] = []
    chars: list[str] = []
    run_face: Face | None = None
    run_style = style
    x = run_x = pending = 0.0
    for offset, level in order:
        index = start + offset
        if text[index] == " ":
            x += gap
            pending += gap
            continue
        face = faces[index]
        if face is None:
            continue
        if not single_style:
            style = styled.style_at(index)
        if face is not run_face or (style is not run_style and style != run_style):
            _close_run(runs, pieces, chars, run_face, run_style, run_x, x - pending)
            pieces, chars = [], []
            run_face, run_style, run_x = face, style, x
        elif pending and chars:
            pieces.append("".join(chars))
            pieces.append(pending)
            chars = []
        pending = 0.0
        glyph = glyphs[index]
        mark = marks.get(index) if marks else None
        if mark is not None:
            _add_mark(pieces, chars, glyph, mark, level, paragraph, index)
            chars = []
            continue
        chars.append(
            mirrored_stand_in(glyph, level) if level % 2 and glyph in _MIRRORABLE else glyph
        )
        x += advances[index]
    _close_run(runs, pieces, chars, run_face, run_style, run_x, x - pending)
    return runs


def _add_mark(
    pieces: list[Piece],
    chars: list[str],
    glyph: str,
    mark: MarkOffset,
    level: int,
    paragraph: _Paragraph,
    index: int,
) -> None:
    """Append a placed mark. Right to left, the pen stands at the start of the mark's
    letter (drawn next); left to right, at its end (drawn just before)."""
    if chars:
        pieces.append("".join(chars))
    pen = 0.0 if level % 2 else _letter_advance(paragraph, index)
    pieces.append(Shifted(glyph, mark.dx - pen, mark.dy))


def _letter_advance(paragraph: _Paragraph, index: int) -> float:
    """Advance of the letter a mark at ``index`` belongs to."""
    for before in range(index - 1, -1, -1):
        if paragraph.glyphs[before] and before not in paragraph.marks:
            return paragraph.advances[before]
    return 0.0


def _close_run(
    runs: list[GlyphRun],
    pieces: list[Piece],
    chars: list[str],
    face: Face | None,
    style: RunStyle,
    x: float,
    right: float,
) -> None:
    if chars:
        pieces.append("".join(chars))
    if pieces and face is not None:
        runs.append(GlyphRun(x, right - x, face, tuple(pieces), style))


_MIRRORABLE = frozenset(ch for ch in map(chr, range(0x20, 0x3000)) if unicodedata.mirrored(ch))
"""Characters with the Bidi_Mirrored property (below U+3000, where the text lives)."""


_NOT_LOGICAL = dict.fromkeys([*range(0x20), *map(ord, BIDI_CONTROLS)])
"""C0 controls and bidi controls, deleted from a line's logical text."""


def _logical_text(text: str, start: int, end: int) -> str:
    """The line's characters in logical order, without bidi and control characters."""
    return text[start:end].translate(_NOT_LOGICAL)


@lru_cache(maxsize=1024)
def _layout_by_content(
    text: str,
    span_starts: tuple[int, ...],
    span_styles: tuple[RunStyle, ...],
    setting: ParagraphSetting,
) -> tuple[tuple[VisualLine, ...], bool]:
    lines, missing = layout_paragraph(StyledText(text, span_starts, span_styles), setting)
    return tuple(lines), bool(missing)


def layout_paragraph_reusing(
    styled: StyledText, setting: ParagraphSetting
) -> tuple[list[VisualLine], list[MissingGlyph]]:
    """:func:`layout_paragraph`, remembered per process by the paragraph's text, styles
    and setting: a paragraph met again (an article written once more after an edit
    elsewhere) is not shaped and broken again. Its lines are immutable, so documents and
    threads share them. A paragraph with undrawable characters is laid out afresh, as
    its report needs the source positions, which are not part of the key."""
    lines, missing = _layout_by_content(
        styled.text, styled.span_starts, styled.span_styles, setting
    )
    if missing:
        return layout_paragraph(styled, setting)
    return list(lines), []


def forget_reused_layouts() -> None:
    """Drop the layouts :func:`layout_paragraph_reusing` keeps."""
    _layout_by_content.cache_clear()
