"""The flow: a document's header and blocks as rows of laid-out lines, images and rules."""

from __future__ import annotations

from typing import assert_never

from ...diagnostics import WriterError
from ...images import BAD_IMAGE, ImageProblem, check_image, figure_warning
from ...model import (
    NOWHERE,
    Block,
    Box,
    Columns,
    Direction,
    Document,
    Figure,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    Position,
    Quote,
    RelatedList,
    Text,
)
from ...text.controls import strip_bidi_controls
from ...text.labels import related_label
from ...text.paragraph import (
    PLAIN,
    MissingGlyph,
    RunStyle,
    StyledText,
    layout_paragraph_reusing,
)
from ...text.script import text_direction
from ..base import ResourceRefusal, WriterOptions
from ..options import switched_off
from .inlines import plain_text, styled_text
from .pictures import decode_for_drawing
from .rows import ColumnsRow, Decoration, ImageRow, LineRow, Row, RuleRow, SpaceRow
from .structure import Structure, element_of, figure_alt
from .styles import RULE, PageGeometry, TextStyle, Theme

QUOTE_INSET = 16.0
BOX_PADDING = 8.0
LIST_INDENT = 15.0
"""How far list items stand in from the start side (pt), room for the bullet or number."""
FIGURE_MAX_HEIGHT = 0.45
"""Largest share of the frame height a figure's image may take."""


class Flow:
    """Builds the rows of one document for the text frame of ``geometry``."""

    def __init__(
        self,
        doc: Document,
        theme: Theme,
        geometry: PageGeometry,
        options: WriterOptions,
        baseline_ratio: float,
    ) -> None:
        self.doc = doc
        self.theme = theme
        self.width = geometry.frame_width
        self.frame_height = geometry.frame_top - geometry.frame_bottom
        self.column_gap = geometry.column_gap
        self.options = options
        self.print_addresses = not switched_off(options, "related-urls")
        """Whether a related article's address is printed under its title."""
        self.baseline_ratio = baseline_ratio
        """Distance from a line's top to its baseline, as a share of its leading."""
        self.rows: list[Row] = []
        self.structure = Structure(doc.lang)

    # ------------------------------------------------------------------ text

    def text_rows(
        self,
        styled: StyledText,
        style: TextStyle,
        direction: Direction,
        *,
        width: float | None = None,
        inset: tuple[float, float] = (0.0, 0.0),
        keep: bool = False,
        decoration: Decoration | None = None,
        bullet: bool = False,
        outline: str | None = None,
        align: Direction | None = None,
    ) -> list[Row]:
        """Lines of one paragraph, followed by its space; orphans and widows prevented.

        ``outline`` makes the first line the target of a bookmark with that title;
        ``align`` puts the lines on the start side of that direction instead of their own.
        """
        frame = (width if width is not None else self.width) - inset[0] - inset[1]
        setting = self.theme.setting(style, frame, direction)
        lines, missing = layout_paragraph_reusing(styled, setting)
        if missing:
            self._report_missing(missing)
        self.structure.note_links(styled)
        lines = [line for line in lines if line.runs or line.logical_text.strip()]
        if not lines:
            return []  # nothing visible: only controls or white space
        rows: list[Row] = []
        if style.space_before:
            rows.append(SpaceRow(style.space_before, decoration=decoration))
        count = len(lines)
        for number, line in enumerate(lines):
            # Chained to the next line: everything of a kept block; all of a paragraph of
            # three lines or fewer; otherwise the first line (no orphan) and the line
            # before the last (no widow). A kept block's last line holds on to its space.
            chained = keep or count <= 3 or number == 0 or number == count - 2
            row = LineRow(
                line,
                style,
                align or direction,
                self.baseline_ratio,
                inset_left=inset[0],
                inset_right=inset[1],
                keep_with_next=(chained and number < count - 1) or keep,
                decoration=decoration,
                bullet=bullet and number == 0,
                outline=outline if number == 0 else None,
            )
            row.node = self.structure.content(row)
            rows.append(row)
        if style.space_after:
            rows.append(SpaceRow(style.space_after, keep_with_next=keep, decoration=decoration))
        return rows

    # ------------------------------------------------------------------ header

    def header(self) -> None:
        """Headline, sub-headline, byline, dateline and date, then a rule."""
        meta, theme, direction = self.doc.meta, self.theme, self.doc.dir
        entries: list[tuple[str | None, TextStyle]] = [
            (None if meta.headline_derived else meta.headline, theme.headline),
            (meta.subheadline, theme.subheadline),
            (meta.byline, theme.facts),
            (meta.dateline, theme.facts),
            (meta.date.date().isoformat() if meta.date else None, theme.facts),
        ]
        placed = False
        for value, style in entries:
            if value and value.strip():
                text = plain_text(value, RunStyle(bold=style.bold))
                own = _direction_of(value, direction)
                with self.structure.element("H1" if style is theme.headline else "P"):
                    self.rows.extend(self.text_rows(text, style, own, keep=True))
                placed = True
        if placed:
            self.rows.append(RuleRow(height=theme.body.size, color=RULE, keep_with_next=False))

    def _report_missing(self, missing: list[MissingGlyph]) -> None:
        """Characters no bundled font draws, one message per run of neighbours: a warning,
        or a failure in strict mode."""
        for run in _runs_of_neighbours(missing):
            first = run[0].position
            source = self.doc.source
            where = f"{source}:{first.line}:{first.column}" if first else source
            chars = "".join(item.char for item in run)
            codes = " ".join(f"U+{ord(item.char):04X}" for item in run)
            detail = (
                f"{chars!r} ({codes}) has no glyph in the bundled fonts; left out of "
                "the drawing, kept in the text layer"
            )
            if self.options.strict:
                raise WriterError(f"{where}: {detail}")
            self.options.warn(self.doc, "missing-glyph", detail, first or NOWHERE)

    # ------------------------------------------------------------------ blocks

    def blocks(self, blocks: tuple[Block, ...], direction: Direction) -> None:
        """Append the rows of ``blocks``."""
        for block in blocks:
            self.rows.extend(self.block_rows(block, direction))

    def block_rows(
        self,
        block: Block,
        direction: Direction,
        *,
        width: float | None = None,
        inset: tuple[float, float] = (0.0, 0.0),
        decoration: Decoration | None = None,
    ) -> list[Row]:
        """The rows of one block in a frame ``width`` wide (the page frame by default),
        inside the block's structure element."""
        tag, lang, alt = element_of(block)
        with self.structure.element(tag, lang, alt):
            return self._block_rows(block, direction, width, inset, decoration)

    def _block_rows(
        self,
        block: Block,
        direction: Direction,
        width: float | None,
        inset: tuple[float, float],
        decoration: Decoration | None,
    ) -> list[Row]:
        theme = self.theme
        match block:
            case Paragraph():
                own = block.dir or direction
                quoted = decoration is not None and decoration.kind == "quote"
                return self.text_rows(
                    styled_text(block.children),
                    theme.quote if quoted else theme.body,
                    own,
                    width=width,
                    inset=inset,
                    decoration=decoration,
                )
            case Heading():
                own = block.dir or direction
                base = RunStyle(bold=True)
                styled = styled_text(block.children, base)
                return self.text_rows(
                    styled,
                    theme.heading,
                    own,
                    width=width,
                    inset=inset,
                    keep=True,
                    decoration=decoration,
                    outline=_outline_title(styled.text),
                )
            case Columns():
                if width is not None or inset != (0.0, 0.0) or decoration is not None:
                    # inside a column, box, quote or list: the container's own frame
                    return self._children(block.children, direction, width, inset, decoration)
                return self._columns(block, direction)
            case Quote():
                return self._quote(block, direction, width, inset)
            case Box():
                return self._box(block, direction, width, inset)
            case Figure():
                return self._figure(block, direction, width, inset, decoration)
            case RelatedList():
                return self._related(block, direction, width, inset)
            case ListBlock():
                return self._list(block, direction, width, inset)
            case _:
                assert_never(block)

    def _children(
        self,
        blocks: tuple[Block, ...],
        direction: Direction,
        width: float | None,
        inset: tuple[float, float],
        decoration: Decoration | None,
    ) -> list[Row]:
        rows: list[Row] = []
        for child in blocks:
            rows.extend(
                self.block_rows(child, direction, width=width, inset=inset, decoration=decoration)
            )
        return rows

    def _columns(self, block: Columns, direction: Direction) -> list[Row]:
        """The block's rows laid out at column width, for the paginator to balance."""
        count = max(2, min(block.count, 3))
        width = (self.width - (count - 1) * self.column_gap) / count
        rows = self._children(block.children, direction, width, (0.0, 0.0), None)
        space = SpaceRow(self.theme.body.size * 0.5)
        return [space, ColumnsRow(rows, count, direction), space]

    def _quote(
        self, block: Quote, direction: Direction, width: float | None, inset: tuple[float, float]
    ) -> list[Row]:
        """Children inset on both sides with a rule on the start side, then the cite."""
        decoration = Decoration("quote", direction)
        inner = (inset[0] + QUOTE_INSET, inset[1] + QUOTE_INSET)
        rows: list[Row] = [SpaceRow(self.theme.body.size * 0.3)]
        rows.extend(self._children(block.children, direction, width, inner, decoration))
        if block.cite:
            cite = plain_text("— " + block.cite)
            cite_dir = _direction_of(block.cite, direction)
            rows.extend(
                self.text_rows(
                    cite, self.theme.cite, cite_dir, width=width, inset=inner, decoration=decoration
                )
            )
        rows.append(SpaceRow(self.theme.body.size * 0.5))
        return rows

    def _box(
        self, block: Box, direction: Direction, width: float | None, inset: tuple[float, float]
    ) -> list[Row]:
        """Title and children on a shaded background, padded."""
        decoration = Decoration("box", direction)
        inner = (inset[0] + BOX_PADDING, inset[1] + BOX_PADDING)
        rows: list[Row] = [
            SpaceRow(self.theme.body.size * 0.5),
            SpaceRow(BOX_PADDING, keep_with_next=True, decoration=decoration),  # top padding
        ]
        if block.title:
            title = plain_text(block.title, RunStyle(bold=True))
            own = _direction_of(block.title, direction)
            rows.extend(
                self.text_rows(
                    title,
                    self.theme.related_title,
                    own,
                    width=width,
                    inset=inner,
                    keep=True,
                    decoration=decoration,
                )
            )
        rows.extend(self._children(block.children, direction, width, inner, decoration))
        rows.append(SpaceRow(BOX_PADDING * 0.5, decoration=decoration))
        return rows

    def _figure(
        self,
        block: Figure,
        direction: Direction,
        width: float | None,
        inset: tuple[float, float],
        decoration: Decoration | None,
    ) -> list[Row]:
        """The image (when it loads), then the caption and credit; the alt text instead
        of a missing image."""
        frame = (width if width is not None else self.width) - inset[0] - inset[1]
        rows: list[Row] = [SpaceRow(self.theme.body.size * 0.3)]
        image = self._image(block.src, frame, block.pos)
        if image is not None:
            if not block.decorative:  # else an artifact
                with self.structure.element("Figure", alt=figure_alt(block)):
                    image.node = self.structure.content(image)
            rows.append(image)
        caption_nodes: tuple[Inline, ...] = block.caption
        prefix = ""
        if image is None and block.alt:
            prefix = block.alt + " "
        if block.credit:
            caption_nodes = (*caption_nodes, Text(" " + block.credit))
        if caption_nodes or prefix:
            caption = styled_text(caption_nodes, PLAIN, prefix)
            with self.structure.element("Caption"):
                rows.extend(
                    self.text_rows(
                        caption,
                        self.theme.caption,
                        direction,
                        width=width,
                        inset=inset,
                        decoration=decoration,
                    )
                )
        elif image is not None:
            image.keep_with_next = False
        return rows

    def _image(self, src: str, frame: float, pos: Position) -> ImageRow | None:
        """The image from the resource loader, scaled to the frame and decoded at that
        size; None if unavailable, unreadable or over the pixel limit (with a warning at
        the ``[image]``'s line)."""
        data = self.options.resource(src)
        if isinstance(data, ResourceRefusal):
            detail = f"image {src!r} {data.reason}; left out, its alt text kept"
            self.options.warn(self.doc, data.code, detail, pos)
            return None
        checked = check_image(data, source=src)
        try:
            if isinstance(checked, ImageProblem):
                raise ValueError(checked.reason)
            pixel_width, pixel_height = checked.width, checked.height
            scale = min(frame / pixel_width, self.frame_height * FIGURE_MAX_HEIGHT / pixel_height)
            width, height = pixel_width * scale, pixel_height * scale
            reader = decode_for_drawing(data, width, height)
        except Exception as exc:  # PIL and reportlab raise many kinds for bad images
            problem = ImageProblem(src, " ".join(f"cannot be read ({exc})".split()))
            if isinstance(checked, ImageProblem):
                problem = checked
            if self.options.strict:
                message = figure_warning(problem, self.doc.source, pos.line, pos.column)
                raise WriterError(message) from None
            self.options.warn(self.doc, BAD_IMAGE, f"{problem}", pos)
            return None
        return ImageRow(reader, width, height)

    def _list(
        self,
        block: ListBlock,
        direction: Direction,
        width: float | None,
        inset: tuple[float, float],
    ) -> list[Row]:
        """One line group per item, indented on the start side: bulleted, or numbered with
        the number as text (so it is searchable and read out as part of the item)."""
        rows: list[Row] = []
        for number, entry in enumerate(block.items, start=1):
            own = entry.dir or direction
            own_inset = (
                (inset[0] + LIST_INDENT, inset[1])
                if own == "ltr"
                else (inset[0], inset[1] + LIST_INDENT)
            )
            children = (
                (Text(f"{number}. ", entry.pos), *entry.children)
                if block.ordered
                else entry.children
            )
            with self.structure.element("LI", entry.lang), self.structure.element("LBody"):
                rows.extend(
                    self.text_rows(
                        styled_text(children),
                        self.theme.related_item,
                        own,
                        width=width,
                        inset=own_inset,
                        bullet=not block.ordered,
                    )
                )
        if rows:
            rows.append(SpaceRow(self.theme.body.space_after))
        return rows

    def _related(
        self,
        block: RelatedList,
        direction: Direction,
        width: float | None,
        inset: tuple[float, float],
    ) -> list[Row]:
        """A rule, the list's title (or the localised label), and one bulleted line per item,
        its address printed below it unless ``related-urls=no``."""
        theme = self.theme
        rows: list[Row] = [SpaceRow(theme.body.size), RuleRow(theme.body.size * 0.6, RULE)]
        heading = block.title or related_label(self.doc.lang)
        label = plain_text(heading, RunStyle(bold=True))
        own = _direction_of(heading, direction)
        with self.structure.element("P"):
            rows.extend(self.text_rows(label, theme.related_title, own, keep=True))
        with self.structure.element("L"):
            for item in block.items:
                own = item.dir or _direction_of(item.title, direction)
                link = RunStyle(link=item.url) if item.url else PLAIN
                title = plain_text(item.title, link, item.pos)
                address = item.url if item.url and self.print_addresses else None
                with self.structure.element("LI", item.lang), self.structure.element("LBody"):
                    rows.extend(
                        self.text_rows(
                            title,
                            theme.related_item,
                            own,
                            width=width,
                            inset=inset,
                            bullet=True,
                            keep=address is not None,
                        )
                    )
                    if address is not None:
                        rows.extend(self._address_rows(address, item.pos, own, width, inset))
        return rows

    def _address_rows(
        self,
        url: str,
        pos: Position,
        align: Direction,
        width: float | None,
        inset: tuple[float, float],
    ) -> list[Row]:
        """A related article's address under its title, as a link: a printed page cannot
        follow one. Set left to right whatever the list's direction, on the title's side."""
        address = plain_text(url, RunStyle(link=url), pos)
        return self.text_rows(
            address, self.theme.related_url, "ltr", width=width, inset=inset, align=align
        )


def _runs_of_neighbours(missing: list[MissingGlyph]) -> list[list[MissingGlyph]]:
    """``missing`` split where a character is not right after the one before it."""
    runs: list[list[MissingGlyph]] = []
    for item in missing:
        last = runs[-1][-1].position if runs else None
        pos = item.position
        adjacent = last and pos and (pos.line, pos.column) == (last.line, last.column + 1)
        if adjacent:
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def _direction_of(text: str, default: Direction) -> Direction:
    """The direction a line of metadata or a label is set in: its letters' majority."""
    return text_direction(text, default)


def _outline_title(text: str) -> str:
    """A bookmark title: one line of logical text without bidi controls."""
    return " ".join(strip_bidi_controls(text).split())
