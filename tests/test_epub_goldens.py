"""Golden files: the normalised package, navigation and chapter text of two books.

The zip bytes themselves are not compared (compression may differ between zlib builds);
the XML is re-serialised with lxml, and the @font-face rules (which name subset files
only) are left out of the stylesheet.
"""

from __future__ import annotations

import re

from lxml import etree

import newsconv

from .conftest import EXAMPLE
from .test_epub_support import Book, digest, parse_file, single


def _normalised(data: bytes) -> str:
    parser = etree.XMLParser(remove_blank_text=True)
    root = etree.fromstring(data, parser)
    return etree.tostring(root, pretty_print=True, encoding="unicode")


def _golden_text(book: Book, hrefs: list[str]) -> str:
    parts = ["# zip entries"]
    parts += [
        f"{i.filename} {'stored' if i.compress_type == 0 else 'deflated'}"
        for i in book.zip.infolist()
    ]
    for href in ["content.opf", *hrefs]:
        parts += [f"# {href}", _normalised(book.read(href)).rstrip()]
    parts += ["# styles/book.css", re.sub(r"@font-face[^\n]*\n", "", book.css()).strip()]
    return "\n".join(parts) + "\n"


def test_golden_example(golden) -> None:  # type: ignore[no-untyped-def]
    book = Book(single(parse_file(EXAMPLE)))
    golden("epub/kazakhstan.txt", _golden_text(book, ["nav.xhtml", "toc.ncx", "article.xhtml"]))


def test_golden_digest(golden) -> None:  # type: ignore[no-untyped-def]
    english = newsconv.parse(
        "[meta]\nheadline: Markets rally\nbyline: Staff\ndate: 2024-05-01T08:00:00Z\n[/meta]\n"
        'Stocks rose.\n[quote cite="An analyst"]A good day.[/quote]\n'
        '[box title="Numbers"]Up 2%.[/box]\n'
    )
    book = Book(digest([parse_file(EXAMPLE), english], title="موجز"))
    hrefs = ["title.xhtml", "nav.xhtml", "toc.ncx", "article-002.xhtml"]
    golden("epub/digest.txt", _golden_text(book, hrefs))
