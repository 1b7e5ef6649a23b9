"""Rendering documents to PDF for the tests, and running every check on the result."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import newsconv
from newsconv.model import Document, Figure, walk_blocks
from newsconv.writers.base import WriterOptions
from newsconv.writers.pdf import PdfWriter, page_geometry
from newsconv.writers.pdf.flow import BOX_PADDING, LIST_INDENT, QUOTE_INSET

from .pdf_checks import Result, bundled_coverage, frame_edges, run_checks

FONTS = Path(newsconv.__file__).parent / "fonts"


@cache
def coverage() -> frozenset[int]:
    """Code points some bundled font draws."""
    return bundled_coverage(
        [str(path) for path in sorted(FONTS.glob("*-Regular.ttf"))]
        + [str(FONTS / "DejaVuSans.ttf")]
    )


def folder_loader(folder: Path):  # type: ignore[no-untyped-def]
    """A resource loader limited to ``folder`` (what the command line gives the writer)."""

    def load(src: str) -> bytes | None:
        path = (folder / src).resolve()
        if folder.resolve() not in path.parents or not path.is_file():
            return None
        return path.read_bytes()

    return load


def render(doc: Document, options: WriterOptions | None = None) -> bytes:
    """The PDF of ``doc``."""
    return PdfWriter().write(doc, options or WriterOptions())


def render_file(path: Path, **extra: str) -> tuple[Document, bytes]:
    """Parse ``path`` and render it with images from its folder."""
    doc = newsconv.parse(path.read_text(encoding="utf-8"), source=str(path))
    options = WriterOptions(load_resource=folder_loader(path.parent), extra=extra)
    return doc, render(doc, options)


def check(doc: Document, pdf: bytes, options: WriterOptions | None = None) -> list[Result]:
    """Every check on ``pdf``, with the frame edges of the page ``options`` choose."""
    geometry = page_geometry(options or WriterOptions())
    edges = frame_edges(
        geometry.width,
        geometry.margin,
        geometry.column_gap,
        (QUOTE_INSET, BOX_PADDING, LIST_INDENT),
    )
    loaded = frozenset(
        block.src
        for block in walk_blocks(doc.blocks)
        if isinstance(block, Figure) and options is not None and options.load_resource(block.src)
    )
    return run_checks(pdf, doc, edges, with_image=loaded, covered=coverage())
