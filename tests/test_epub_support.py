"""Helpers for the EPUB tests (no tests here): read a book back, run the RTL checklist."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

import newsconv
from newsconv.model import Document
from newsconv.writers.base import WriterOptions
from newsconv.writers.epub import EpubWriter

OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
XHTML = "http://www.w3.org/1999/xhtml"
EPUB = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NS = {"opf": OPF, "dc": DC, "x": XHTML, "epub": EPUB}
ACCESSIBILITY = (
    "schema:accessMode",
    "schema:accessibilityFeature",
    "schema:accessibilityHazard",
    "schema:accessibilitySummary",
    "schema:accessModeSufficient",
)


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)
"""A 1×1 PNG image."""


def parse_file(path: Path) -> Document:
    return newsconv.parse(path.read_text(encoding="utf-8"), source=str(path))


def single(doc: Document, **options: object) -> bytes:
    return EpubWriter().write(doc, WriterOptions(**options))  # type: ignore[arg-type]


def digest(docs: list[Document], **options: object) -> bytes:
    return EpubWriter().write_many(docs, WriterOptions(**options))  # type: ignore[arg-type]


@dataclass
class Book:
    """An EPUB opened for inspection."""

    data: bytes

    def __post_init__(self) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(self.data))
        container = etree.fromstring(self.zip.read("META-INF/container.xml"))
        rootfile = container.find(".//{*}rootfile")
        assert rootfile is not None
        self.opf_path = rootfile.get("full-path", "")
        self.base = self.opf_path.rsplit("/", 1)[0] + "/" if "/" in self.opf_path else ""
        self.opf = etree.fromstring(self.zip.read(self.opf_path))

    def read(self, href: str) -> bytes:
        return self.zip.read(self.base + href)

    def xml(self, href: str) -> etree._Element:
        return etree.fromstring(self.read(href))

    def manifest(self) -> dict[str, tuple[str, str]]:
        """id -> (href, media type)."""
        return {
            item.get("id", ""): (item.get("href", ""), item.get("media-type", ""))
            for item in self.opf.iterfind("opf:manifest/opf:item", NS)
        }

    def nav_href(self) -> str:
        item = self.opf.find("opf:manifest/opf:item[@properties='nav']", NS)
        assert item is not None
        return item.get("href", "")

    def spine_hrefs(self) -> list[str]:
        manifest = self.manifest()
        return [
            manifest[ref.get("idref", "")][0]
            for ref in self.opf.iterfind("opf:spine/opf:itemref", NS)
        ]

    def content_hrefs(self) -> list[str]:
        """Every XHTML document of the manifest (content documents and the nav)."""
        return [
            href for href, media in self.manifest().values() if media == "application/xhtml+xml"
        ]

    def css(self) -> str:
        return "\n".join(
            self.read(href).decode("utf-8")
            for href, media in self.manifest().values()
            if media == "text/css"
        )

    def text(self, href: str) -> str:
        body = self.xml(href).find("x:body", NS)
        assert body is not None
        return "".join(body.itertext())


def meta_values(book: Book, prop: str) -> list[str]:
    return [
        m.text or "" for m in book.opf.iterfind(f"opf:metadata/opf:meta[@property='{prop}']", NS)
    ]


def checklist(book: Book) -> list[str]:
    """Every point of the RTL/packaging checklist the book fails (empty when it passes)."""
    problems: list[str] = []
    first = book.zip.infolist()[0]
    if first.filename != "mimetype" or first.compress_type != zipfile.ZIP_STORED:
        problems.append("mimetype is not the first, stored entry")
    if book.zip.read("mimetype") != b"application/epub+zip":
        problems.append("mimetype content")
    problems += _package_problems(book)
    for href in book.content_hrefs():
        problems += _document_problems(book, href)
    css = book.css()
    if re.search(r"(^|[;{\s])(direction|unicode-bidi)\s*:", css):
        problems.append("CSS uses direction or unicode-bidi")
    return problems


def _package_problems(book: Book) -> list[str]:
    problems: list[str] = []
    uid = book.opf.get("unique-identifier")
    identifiers = book.opf.findall(f"opf:metadata/dc:identifier[@id='{uid}']", NS)
    if len(identifiers) != 1 or not (identifiers[0].text or "").strip():
        problems.append("unique identifier")
    if len(meta_values(book, "dcterms:modified")) != 1:
        problems.append("not exactly one dcterms:modified")
    for name in ("title", "language"):
        if not [e for e in book.opf.iterfind(f"opf:metadata/dc:{name}", NS) if e.text]:
            problems.append(f"no dc:{name}")
    for prop in ACCESSIBILITY:
        if not meta_values(book, prop):
            problems.append(f"no {prop}")
    spine = book.opf.find("opf:spine", NS)
    assert spine is not None
    nav_root = book.xml(book.nav_href())
    if nav_root.get("dir") == "rtl" and spine.get("page-progression-direction") != "rtl":
        problems.append("RTL book without page-progression-direction=rtl")
    return problems


def _document_problems(book: Book, href: str) -> list[str]:
    problems: list[str] = []
    root = book.xml(href)
    for attr in ("lang", XML_LANG, "dir"):
        if not root.get(attr):
            problems.append(f"{href}: root has no {attr}")
    if root.get("lang") != root.get(XML_LANG):
        problems.append(f"{href}: lang and xml:lang differ")
    levels = [int(e.tag[-1]) for e in root.iter() if re.fullmatch(r"\{.*\}h[1-6]", str(e.tag))]
    previous = 0
    for level in levels:
        if level > previous + 1:
            problems.append(f"{href}: heading h{level} follows h{previous}")
        previous = level
    for image in root.iter(f"{{{XHTML}}}img"):
        if image.get("alt") is None:
            problems.append(f"{href}: image without alt")
    return problems
