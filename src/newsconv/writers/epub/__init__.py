"""``--to epub``: EPUB 3 books, one article each or a digest of many, right to left done right.

A single article becomes one chapter that opens on its own title page (headline,
sub-headline, byline, dateline, date). A digest gets a title page, a contents page and one
chapter per article; every chapter keeps its article's ``lang`` and ``dir``. The Arabic-
script font (Amiri) is embedded, subset to the characters the book uses, so Arabic, Persian
and Urdu render on readers that have no Arabic font. Output is reproducible: the identifier
is a uuid5 of the articles and every timestamp comes from the articles' dates or
:meth:`WriterOptions.timestamp`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from lxml import etree

from ...diagnostics import WriterError
from ...model import Direction, Document, Figure
from ...text.fontsubset import used_code_points
from ...text.labels import contents_label, digest_label, untitled_label
from ..base import WriterOptions
from ..options import WriterOption
from ..safety import safe_document
from ..xhtml import XHTML_NS, BodyStyle
from .documents import (
    Chapter,
    Landmark,
    build_chapter,
    build_digest_title,
    build_nav,
    chapter_title,
    document_texts,
    serialize,
)
from .metadata import (
    ImageCount,
    accessibility_metadata,
    article_key,
    article_metadata,
    book_identifier,
    digest_metadata,
    languages,
    modified_time,
    primary_language,
    title_meta,
)
from .package import XHTML_MEDIA_TYPE, Meta, PackagePlan, Resource, build_package
from .report import report_dropped_links, report_missing_image
from .resources import FONT_MODES, FontMode, ImageStore, embedded_fonts
from .style import STYLESHEET_NAME, stylesheet

__all__ = ["EpubWriter"]

NAV_FILE = "nav.xhtml"
TITLE_FILE = "title.xhtml"


FONTS_OPTION = WriterOption(
    "fonts",
    str,
    "subset",
    "embedded fonts: subset (shared character groups), exact (smallest book) or none",
    choices=FONT_MODES,
)


class EpubWriter:
    """EPUB 3 books that pass EPUBCheck with no error and no warning.

    Writer options: ``fonts=subset`` (default: Amiri/DejaVu subsets shared between books
    using the same character groups), ``fonts=exact`` (only the characters used: smallest
    book, slower), ``fonts=none`` (embed no font). ``options.title`` names a digest.
    """

    name: ClassVar[str] = "epub"
    description: ClassVar[str] = "EPUB 3 book: one article, or a digest of many"
    media_type: ClassVar[str] = "application/epub+zip"
    extension: ClassVar[str] = "epub"
    binary: ClassVar[bool] = True
    options: ClassVar[tuple[WriterOption, ...]] = (FONTS_OPTION,)

    def write(self, doc: Document, options: WriterOptions) -> bytes:
        """One article as a book: its title page and body in one chapter."""
        return _BookBuilder(options).single(safe_document(doc, options))

    def write_many(self, docs: Sequence[Document], options: WriterOptions) -> bytes:
        """A digest: title page, contents, one chapter per article."""
        if not docs:
            raise WriterError("an EPUB digest needs at least one article")
        return _BookBuilder(options).digest([safe_document(doc, options) for doc in docs])


@dataclass(frozen=True, slots=True)
class _Front:
    """What the package needs besides the chapters."""

    identifier: str
    title: str
    lang: str
    dir: Direction
    metadata: list[Meta]
    front_matter: list[tuple[str, etree._Element]]
    nav: etree._Element
    nav_after_title_page: bool


class _BookBuilder:
    """Builds one book; holds the images collected while rendering."""

    def __init__(self, options: WriterOptions) -> None:
        self.options = options
        self.images = ImageStore(options.resource)
        self.style = BodyStyle(
            namespace=XHTML_NS, xml_lang=True, accessible=True, figure_src=self._figure_source
        )
        self.font_mode = _font_mode(options)
        self._current: Document | None = None

    def _figure_source(self, figure: Figure) -> str | None:
        source = self.images.source(figure)
        if source is None and self._current is not None:
            report_missing_image(self._current, figure, self.options, self.images.refused)
        return source

    def _chapter(self, doc: Document, file_name: str, title: str, title_page: bool) -> Chapter:
        """One article's chapter; what it leaves out is reported against the article."""
        self._current = doc
        report_dropped_links(doc, self.options)
        try:
            return build_chapter(doc, file_name, self.style, title, title_page=title_page)
        finally:
            self._current = None

    def single(self, doc: Document) -> bytes:
        """The book of one article."""
        title = chapter_title(doc, untitled_label(doc.lang))
        chapter = self._chapter(doc, "article.xhtml", title, title_page=True)
        landmarks = [Landmark("bodymatter", chapter.file_name, title)]
        front = _Front(
            identifier=book_identifier([article_key(doc)]),
            title=title,
            lang=doc.lang,
            dir=doc.dir,
            metadata=[title_meta(title, doc.lang, doc.dir), *article_metadata(doc)],
            front_matter=[],
            nav=build_nav([chapter], landmarks, doc.lang, doc.dir),
            nav_after_title_page=False,
        )
        return self._package([doc], [chapter], front)

    def digest(self, docs: Sequence[Document]) -> bytes:
        """The book of several articles."""
        lang, dir = primary_language(docs)
        chapters = [
            self._chapter(
                doc,
                f"article-{number:03d}.xhtml",
                chapter_title(doc, f"{untitled_label(doc.lang)} {number}"),
                title_page=False,
            )
            for number, doc in enumerate(docs, start=1)
        ]
        date = self._digest_date(docs)
        title = (self.options.title or "").strip() or " ".join(
            part for part in (digest_label(lang), date) if part
        )
        landmarks = [
            Landmark("titlepage", TITLE_FILE, title),
            Landmark("toc", NAV_FILE, contents_label(lang)),
            Landmark("bodymatter", chapters[0].file_name, chapters[0].title),
        ]
        front = _Front(
            identifier=book_identifier([f"digest:{title}", *map(article_key, docs)]),
            title=title,
            lang=lang,
            dir=dir,
            metadata=[title_meta(title, lang, dir), *digest_metadata(docs)],
            front_matter=[(TITLE_FILE, build_digest_title(title, date, lang, dir))],
            nav=build_nav(chapters, landmarks, lang, dir),
            nav_after_title_page=True,
        )
        return self._package(docs, chapters, front)

    def _digest_date(self, docs: Sequence[Document]) -> str | None:
        dates = [doc.meta.date for doc in docs if doc.meta.date]
        if dates:
            return max(dates).date().isoformat()
        return self.options.now.date().isoformat() if self.options.now else None

    def _package(
        self, docs: Sequence[Document], chapters: Sequence[Chapter], front: _Front
    ) -> bytes:
        roots = [root for _, root in front.front_matter] + [c.root for c in chapters]
        used = used_code_points([front.title, *document_texts([*roots, front.nav])])
        faces = embedded_fonts(used, self.font_mode)
        css = stylesheet(faces).encode("utf-8")
        resources = [Resource(STYLESHEET_NAME, "text/css", css)]
        resources += [Resource(f.file_name, f.media_type, f.data) for f in faces]
        resources += [
            Resource(i.file_name, i.media_type, i.data) for i in self.images.images.values()
        ]
        documents = [
            Resource(name, XHTML_MEDIA_TYPE, serialize(root)) for name, root in front.front_matter
        ]
        documents += [Resource(c.file_name, XHTML_MEDIA_TYPE, serialize(c.root)) for c in chapters]
        plan = PackagePlan(
            identifier=front.identifier,
            title=front.title,
            languages=languages(docs, front.lang),
            direction=front.dir,
            modified=modified_time(docs, self.options.timestamp()),
            metadata=(*front.metadata, *self._accessibility(docs)),
            documents=tuple(documents),
            nav=Resource(NAV_FILE, XHTML_MEDIA_TYPE, serialize(front.nav)),
            nav_after_title_page=front.nav_after_title_page,
            chapters=tuple(chapters),
            resources=tuple(resources),
        )
        return build_package(plan)

    def _accessibility(self, docs: Sequence[Document]) -> list[Meta]:
        images = ImageCount(self.images.shown, self.images.undescribed)
        return accessibility_metadata(images, _certifier(self.options, docs))


def _certifier(options: WriterOptions, docs: Sequence[Document]) -> str | None:
    """Who certified the book's accessibility: the ``certified-by`` writer option, else the
    ``certified-by`` metadata key when the articles that have one agree on it."""
    given = options.option("certified-by", "").strip()
    if given:
        return given
    named = {value.strip() for doc in docs for key, value in doc.meta.extra if key == _CERTIFIER}
    named.discard("")
    return named.pop() if len(named) == 1 else None


_CERTIFIER = "certified_by"


def _font_mode(options: WriterOptions) -> FontMode:
    mode = options.option(FONTS_OPTION.name, FONTS_OPTION.default)
    if mode not in FONT_MODES:
        choices = ", ".join(FONT_MODES)
        raise WriterError(f"epub: fonts={mode!r} is not one of {choices}")
    return mode
