"""``--to pdf``: a right-to-left-correct, searchable PDF set with the bundled fonts.

The text engine (:mod:`newsconv.text.paragraph`) shapes, breaks and reorders every
line; this package turns the document into rows (:mod:`.flow`), pages them
(:mod:`.paginate`) and draws them with reportlab's canvas (:mod:`.render`). Options:
``page-size`` (a4, letter, a5, legal), ``margin`` (mm), ``font-size`` (pt),
``justify`` (yes/no), ``related-urls`` (yes/no).
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, ClassVar

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from ...model import Document, document_text
from ...text.controls import strip_bidi_controls
from ...text.fonts import Face
from ...text.paragraph import forget_reused_layouts
from ...text.script import RTL_LANGUAGES, script_of
from ..base import WriterOptions
from ..options import WriterOption
from ..safety import safe_document
from .describe import document_title
from .flow import Flow
from .fontplan import FontPlan, forget_plans
from .fonts import REPORTLAB_LOCK, face
from .language import declared_language
from .options import PDF_OPTIONS
from .paginate import Paginator
from .render import PageRenderer, forget_drawn_lines
from .rows import Page
from .serialize import fast_formatting
from .structure import Structure, mark_page, write_tree
from .styles import PageGeometry, TextStyle, page_geometry, theme_for
from .xmp import Description, metadata_stream

__all__ = ["PageGeometry", "PdfWriter", "forget_reused_work", "page_geometry"]

PDF_VERSION = (1, 7)
"""The version the file declares: it uses marked content and structure (1.4-1.5 features)."""

PAGE_STREAM_LEVEL = 3
"""zlib level of the page content streams: a seventh of level 6's time for about
0.5 KB more per page of text (fonts and maps are compressed once per process at 6)."""

_ARABIC_SCRIPT_LANGUAGES = frozenset({"ar", "fa", "ur", "ps", "ckb", "sd", "ug"})


class PdfWriter:
    """PDF with shaped, per-line reordered text, ToUnicode and ActualText for extraction."""

    name: ClassVar[str] = "pdf"
    description: ClassVar[str] = "PDF document (A4 or letter), right to left done right"
    media_type: ClassVar[str] = "application/pdf"
    extension: ClassVar[str] = "pdf"
    binary: ClassVar[bool] = True
    options: ClassVar[tuple[WriterOption, ...]] = PDF_OPTIONS

    def write(self, doc: Document, options: WriterOptions) -> bytes:
        """Render ``doc``; the same document and options always give the same bytes."""
        doc = safe_document(doc, options)
        geometry = page_geometry(options)
        arabic = uses_arabic_script(doc)
        theme = theme_for(arabic, options)
        primary = face("amiri" if arabic else "dejavu")
        baseline_ratio = primary.ascent / (primary.ascent - primary.descent)
        lang, tagged = declared_language(doc, options)
        flow = Flow(tagged, theme, geometry, options, baseline_ratio)
        flow.structure.declare_language(lang)
        flow.header()
        flow.blocks(tagged.blocks, doc.dir)
        pages = Paginator(geometry).place_all(flow.rows)
        buffer = io.BytesIO()
        with REPORTLAB_LOCK, _binary_streams(), fast_formatting():
            self._draw(
                buffer, doc, lang, options, geometry, pages, theme.footer, primary, flow.structure
            )
        return buffer.getvalue()

    @staticmethod
    def _draw(
        buffer: io.BytesIO,
        doc: Document,
        lang: str,
        options: WriterOptions,
        geometry: PageGeometry,
        pages: list[Page],
        footer: TextStyle,
        footer_face: Face,
        structure: Structure,
    ) -> None:
        canvas = Canvas(
            buffer,
            pagesize=(geometry.width, geometry.height),
            invariant=1,
            pageCompression=1,
            pdfVersion=PDF_VERSION,
            lang=lang,
            initialFontName=footer_face.name,  # a bundled font: no unused Helvetica in the file
        )
        _set_metadata(canvas, doc, lang, options)
        renderer = PageRenderer(canvas, geometry)
        renderer.plan = FontPlan(canvas._doc, pages, footer_face)
        page_refs = []
        for number, page in enumerate(pages, start=1):
            renderer.draw_page(page)
            renderer.footer(number, footer, footer_face)
            canvas.showPage()
            pdf_page = canvas._doc.Pages.pages[-1]
            _compress_contents(pdf_page)
            mark_page(pdf_page, number - 1)
            page_refs.append(canvas._doc.Reference(pdf_page))
        write_tree(canvas._doc, page_refs, renderer.marked, structure.root)
        canvas.save()


def forget_reused_work() -> None:
    """Drop what the writer keeps for documents written later in this process (laid-out
    paragraphs, glyph codes, drawn lines; they are made again as needed): to measure a
    cold run, or to free the memory."""
    forget_reused_layouts()
    with REPORTLAB_LOCK:
        forget_plans()
        forget_drawn_lines()


def _compress_contents(page: Any) -> None:
    """Give a drawn page its content stream, Flate-compressed at :data:`PAGE_STREAM_LEVEL`
    (reportlab would compress it at zlib's default level when the file is saved)."""
    stream = page.stream
    data = stream.encode("utf-8") if isinstance(stream, str) else bytes(stream)
    contents = pdfdoc.PDFStream(content=zlib.compress(data, PAGE_STREAM_LEVEL))
    contents.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
    page.Contents = contents


@contextmanager
def _binary_streams() -> Iterator[None]:
    """Write streams as binary (Flate only), not ASCII85 on top: a fifth smaller and faster.

    reportlab reads this choice from its global configuration only, so it is set for the
    time of one document and restored, under :data:`REPORTLAB_LOCK` (no other document
    sees it changed, and a document drawn in parallel cannot restore the wrong value).
    """
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


def uses_arabic_script(doc: Document) -> bool:
    """True when the document is written in Arabic script (by language, else by letters)."""
    primary = doc.lang.split("-")[0].lower()
    if primary in _ARABIC_SCRIPT_LANGUAGES:
        return True
    if primary != "und":
        return False
    sample = document_text(doc)[:4000]
    letters = [script_of(ch) for ch in sample if ch.isalpha()]
    return letters.count("arabic") > len(letters) / 2


def _set_metadata(canvas: Canvas, doc: Document, lang: str, options: WriterOptions) -> None:
    meta = doc.meta
    canvas.setTitle(document_title(doc, options, lang))
    canvas.setAuthor(_info_text(meta.byline or meta.provider or ""))
    canvas.setSubject(_info_text(meta.summary or meta.subheadline or ""))
    canvas.setKeywords(_info_text(", ".join(meta.keywords)))
    canvas.setCreator("newsconv")
    canvas._doc.info.producer = "newsconv (reportlab)"
    moment = meta.updated or meta.date or options.timestamp()
    stamp = _pdf_date(moment)
    canvas._doc.info._dateFormatter = lambda *_parts: stamp
    canvas.setViewerPreference("DisplayDocTitle", "true")
    primary = doc.lang.split("-")[0].lower()
    if doc.dir == "rtl" or primary in RTL_LANGUAGES:
        canvas.setViewerPreference("Direction", "/R2L")
    info = canvas._doc.info
    description = Description(
        title=info.title,
        language=lang,
        author=info.author,
        subject=info.subject,
        keywords=info.keywords,
        creator=info.creator,
        producer=info.producer,
        moment=moment,
    )
    canvas._doc.Catalog.Metadata = metadata_stream(description)


def _info_text(text: str) -> str:
    """Logical Unicode for the document information dictionary, without bidi controls."""
    return " ".join(strip_bidi_controls(text).split())


def _pdf_date(moment: datetime) -> str:
    """A PDF date string (``D:YYYYMMDDHHmmSS+00'00'``) in UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    utc = moment.astimezone(UTC)
    return utc.strftime("D:%Y%m%d%H%M%S+00'00'")
