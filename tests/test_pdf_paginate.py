"""Pagination: keep chains, page breaks, balanced columns."""

from __future__ import annotations

import io

from PIL import Image
from reportlab.lib.utils import ImageReader

from newsconv.text.paragraph import VisualLine
from newsconv.writers.pdf.fonts import face
from newsconv.writers.pdf.paginate import Paginator, balance, chains, fill
from newsconv.writers.pdf.rows import ColumnsRow, ImageRow, LineRow, Row, SpaceRow
from newsconv.writers.pdf.styles import PageGeometry, TextStyle

STYLE = TextStyle(size=10, leading=20)
GEOMETRY = PageGeometry(width=400, height=300, margin=50)  # frame of 200 pt: ten lines


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 2), (0, 0, 0)).save(buffer, format="PNG")
    return buffer.getvalue()


PNG = _png()


def line(keep: bool = False, text: str = "x") -> LineRow:
    visual = VisualLine((), 10.0, text, False)
    return LineRow(visual, STYLE, "rtl", 0.7, keep_with_next=keep)


def placed_texts(paginator: Paginator) -> list[list[str]]:
    return [
        [p.row.line.logical_text for p in page.rows if isinstance(p.row, LineRow)]
        for page in paginator.pages
    ]


def test_chains_follow_keep_with_next() -> None:
    rows: list[Row] = [line(True), line(), line(), line(True), line(True), line()]
    assert [len(chain) for chain in chains(rows)] == [2, 1, 3]


def test_a_chain_moves_to_the_next_page_whole() -> None:
    rows: list[Row] = [line(text=str(n)) for n in range(8)]
    rows += [line(True, "h"), line(True, "a"), line(False, "b")]
    paginator = Paginator(GEOMETRY)
    paginator.place_all(rows)
    pages = placed_texts(paginator)
    assert pages[0] == [str(n) for n in range(8)]
    assert pages[1] == ["h", "a", "b"]


def test_space_is_dropped_at_the_top_of_a_page() -> None:
    rows: list[Row] = [line(text=str(n)) for n in range(10)]
    rows += [SpaceRow(15), line(text="next")]
    paginator = Paginator(GEOMETRY)
    paginator.place_all(rows)
    second = paginator.pages[1].rows
    assert second[0].top == GEOMETRY.frame_top


def test_balance_puts_more_in_the_first_column() -> None:
    rows: list[Row] = [line() for _ in range(7)]
    first, second = balance(rows, 2)
    assert (len(first), len(second)) == (4, 3)


def test_fill_respects_the_room() -> None:
    rows: list[Row] = [line() for _ in range(7)]
    first, second = fill(rows, 2, room=60)
    assert (len(first), len(second)) == (3, 3)


def test_rtl_columns_start_on_the_right() -> None:
    rows: list[Row] = [line(text=str(n)) for n in range(6)]
    paginator = Paginator(GEOMETRY)
    paginator.place_all([ColumnsRow(rows, 2, "rtl")])
    placed = paginator.pages[0].rows
    first_column = [p for p in placed if p.row.line.logical_text in "012"]  # type: ignore[union-attr]
    assert all(p.left > GEOMETRY.width / 2 for p in first_column)
    assert paginator.pages[0].rules  # a rule between the columns


def test_faces_load_once() -> None:
    assert face("amiri") is face("amiri", False)


def figure(height: float) -> list[Row]:
    image = ImageRow(ImageReader(io.BytesIO(PNG)), width=height * 2, height=height)
    return [image, line(False, "caption")]


def image_heights(paginator: Paginator) -> list[list[float]]:
    return [
        [p.row.height for p in page.rows if isinstance(p.row, ImageRow)] for page in paginator.pages
    ]


def test_a_figure_shrinks_a_little_to_stay_on_its_page() -> None:
    # 6 lines (120 pt) leave 80 pt; figure 80 pt + caption 20 pt: shrinks to 60 pt (75 %)
    paginator = Paginator(GEOMETRY)
    paginator.place_all([*(line(text=str(n)) for n in range(6)), *figure(80)])
    assert len(paginator.pages) == 1
    (height,) = image_heights(paginator)[0]
    assert 59.9 < height < 60.0


def test_a_figure_that_would_shrink_too_much_moves_whole() -> None:
    paginator = Paginator(GEOMETRY)
    paginator.place_all([*(line(text=str(n)) for n in range(8)), *figure(80)])
    assert image_heights(paginator) == [[], [80]]
