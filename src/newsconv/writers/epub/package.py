"""Assembling the book with ebooklib, and writing it as reproducible bytes.

ebooklib stamps zip entries with the wall clock, picks a random identifier and always
points the spine at an NCX, so: the identifier is set from a uuid5, every zip entry gets
the book's own timestamp, and an NCX (built by ebooklib from the same table of contents
as the navigation document) is always included.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ebooklib import epub

from ...model import Direction
from .documents import Chapter

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XHTML_MEDIA_TYPE = "application/xhtml+xml"
_STORED_SUFFIXES = (".woff", ".png", ".jpg", ".gif", ".webp")
"""Already compressed: deflating them again costs time and saves nothing."""
_ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Resource:
    """A file of the book other than a content document."""

    file_name: str
    media_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Meta:
    """One metadata entry of the package document."""

    namespace: str | None
    """``"DC"`` for Dublin Core elements, None for an EPUB 3 ``meta property``."""
    name: str
    value: str
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PackagePlan:
    """Everything the package document and the zip are made of."""

    identifier: str
    title: str
    languages: tuple[str, ...]
    direction: Direction
    modified: datetime
    metadata: tuple[Meta, ...]
    documents: tuple[Resource, ...]
    """Content documents in spine order: the title page (digests only), then the chapters."""
    nav: Resource
    nav_after_title_page: bool
    """Put the navigation document in the spine, as a contents page after the title page."""
    chapters: tuple[Chapter, ...]
    resources: tuple[Resource, ...]


def build_package(plan: PackagePlan) -> bytes:
    """The EPUB bytes for ``plan``: same plan, same bytes."""
    book = _book(plan)
    writer = _ReproducibleWriter(book, plan.modified, plan.languages[0], plan.direction)
    writer.process()
    writer.write()
    return writer.buffer.getvalue()


def _book(plan: PackagePlan) -> Any:
    book = epub.EpubBook()
    book.metadata = {}
    book.set_identifier(plan.identifier)
    book.title = plan.title
    for language in plan.languages:
        book.set_language(language)
    book.language = plan.languages[0]
    book.set_direction(plan.direction)
    for meta in plan.metadata:
        if meta.namespace == "DC":
            book.add_metadata("DC", meta.name, meta.value, meta.attrs or None)
        else:
            book.add_metadata(None, "meta", meta.value, {"property": meta.name, **meta.attrs})
    book.add_metadata(None, "meta", "", {"name": "generator", "content": "newsconv"})
    book.add_item(epub.EpubNcx())
    nav = _item(plan.nav, "nav")
    nav.properties = ["nav"]
    book.add_item(nav)
    spine: list[Any] = []
    for index, document in enumerate(plan.documents):
        spine.append(book.add_item(_item(document, _document_id(document, index))))
        if index == 0 and plan.nav_after_title_page:
            spine.append(nav)
    book.spine = spine
    for index, resource in enumerate(plan.resources):
        book.add_item(_item(resource, f"res-{index + 1}"))
    book.toc = _ncx_toc(plan.chapters)
    return book


def _document_id(document: Resource, index: int) -> str:
    stem = document.file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return f"doc-{stem}" if stem.replace("-", "").isalnum() else f"doc-{index + 1}"


def _item(resource: Resource, uid: str) -> Any:
    return epub.EpubItem(
        uid=uid,
        file_name=resource.file_name,
        media_type=resource.media_type,
        content=resource.data,
    )


def _ncx_toc(chapters: Sequence[Chapter]) -> list[Any]:
    toc: list[Any] = []
    for number, chapter in enumerate(chapters, start=1):
        if not chapter.sections:
            toc.append(epub.Link(chapter.file_name, chapter.title, f"nav-{number}"))
            continue
        links = [
            epub.Link(f"{chapter.file_name}#{section.anchor}", section.title, f"nav-{number}-{n}")
            for n, section in enumerate(chapter.sections, start=1)
        ]
        toc.append((epub.Section(chapter.title, chapter.file_name), links))
    return toc


def zip_time(moment: datetime) -> tuple[int, int, int, int, int, int]:
    """``moment`` in UTC as a zip entry timestamp (zip cannot go before 1980)."""
    moment = max(moment.astimezone(UTC), _ZIP_EPOCH)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


class _StampedZip:
    """The zip ebooklib writes into: every entry carries one timestamp and fixed attributes.

    ``mimetype`` and already-compressed files are stored, the rest deflated.
    """

    def __init__(self, buffer: io.BytesIO, stamp: tuple[int, int, int, int, int, int]) -> None:
        self._zip = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)
        self._stamp = stamp

    def writestr(self, name: str, data: str | bytes, compress_type: int | None = None) -> None:
        """Add one entry (``compress_type`` is decided here, whatever the caller asks)."""
        info = zipfile.ZipInfo(name, date_time=self._stamp)
        stored = name == "mimetype" or name.endswith(_STORED_SUFFIXES)
        info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        info.create_system = 3
        info.external_attr = 0o100644 << 16
        self._zip.writestr(info, data, compresslevel=None if stored else 6)

    def close(self) -> None:
        """Write the central directory."""
        self._zip.close()


class _ReproducibleWriter(epub.EpubWriter):  # type: ignore[misc]
    """ebooklib's writer with a fixed ``dcterms:modified`` and zip timestamps, and the
    book's language and direction on the package element."""

    def __init__(self, book: Any, modified: datetime, lang: str, direction: Direction) -> None:
        self.buffer = io.BytesIO()
        self._lang = lang
        self._direction = direction
        moment = modified.astimezone(UTC).replace(tzinfo=None)
        super().__init__(self.buffer, book, {"mtime": moment, "epub2_guide": False})
        self._stamp = zip_time(modified)

    def write(self) -> None:
        """Write the zip: ``mimetype`` first and stored, then the container, OPF and items."""
        self.out = _StampedZip(self.buffer, self._stamp)
        self.out.writestr("mimetype", "application/epub+zip")
        self._write_container()
        self._write_opf()
        self._write_items()
        self.out.close()

    def _write_opf_file(self, root: Any) -> None:
        # EPUB 3 reserves the rendition prefix; declaring it again only draws a warning.
        root.attrib.pop("prefix", None)
        # The package's own language and direction: reading systems and checkers (Ace's
        # epub-lang) take the default language of the metadata from here.
        root.set(XML_LANG, self._lang)
        root.set("dir", self._direction)
        super()._write_opf_file(root)
