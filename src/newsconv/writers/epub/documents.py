"""The XHTML content documents of a book: article chapters, the digest title page, the nav.

Every document carries ``lang``, ``xml:lang`` and ``dir`` on its root element. Chapters reuse
the shared body renderer; sub-headings get ids so the navigation document can point at them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from ...model import Direction, Document
from ...text.controls import strip_xml_illegal
from ...text.labels import contents_label
from ...text.script import text_direction
from ..xhtml import XHTML_NS, XML_LANG, BodyRenderer, BodyStyle, header_elements, text_of
from .resources import safe_href
from .style import STYLESHEET_NAME

EPUB_NS = "http://www.idpf.org/2007/ops"
EPUB_TYPE = f"{{{EPUB_NS}}}type"
_H = f"{{{XHTML_NS}}}"
_NSMAP = {None: XHTML_NS, "epub": EPUB_NS}


@dataclass(frozen=True, slots=True)
class Section:
    """A sub-heading of a chapter, as the navigation lists it."""

    anchor: str
    title: str


@dataclass(frozen=True, slots=True)
class Chapter:
    """One article rendered as a content document."""

    file_name: str
    title: str
    lang: str
    dir: Direction
    sections: tuple[Section, ...]
    root: etree._Element


def new_document(title: str, lang: str, dir: Direction) -> tuple[etree._Element, etree._Element]:
    """An empty XHTML document (root and body) with lang, xml:lang, dir and the stylesheet."""
    root = etree.Element(_H + "html", nsmap=_NSMAP)  # type: ignore[arg-type]
    set_lang_dir(root, lang, dir)
    head = etree.SubElement(root, _H + "head")
    etree.SubElement(head, _H + "meta", charset="utf-8")
    etree.SubElement(head, _H + "title").text = clean(title)
    link = etree.SubElement(head, _H + "link", rel="stylesheet", type="text/css")
    link.set("href", STYLESHEET_NAME)
    body = etree.SubElement(root, _H + "body")
    return root, body


def set_lang_dir(element: etree._Element, lang: str, dir: Direction) -> None:
    """Write ``lang``, ``xml:lang`` and ``dir``."""
    element.set("lang", lang)
    element.set(XML_LANG, lang)
    element.set("dir", dir)


def clean(text: str) -> str:
    """Text without the characters XML forbids."""
    return strip_xml_illegal(text)


def serialize(root: etree._Element) -> bytes:
    """A content document as UTF-8 XHTML with the HTML5 doctype."""
    body = etree.tostring(root, encoding="utf-8")
    return b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n' + body + b"\n"


def chapter_title(doc: Document, fallback: str) -> str:
    """The title of an article: its headline, else ``fallback``."""
    headline = (doc.meta.headline or "").strip()
    return clean(headline) or fallback


def build_chapter(
    doc: Document, file_name: str, style: BodyStyle, title: str, *, title_page: bool
) -> Chapter:
    """One article: its header (a title page of its own when ``title_page``) and body.

    The article is a ``section`` (``epub:type="chapter"`` with its matching ARIA role
    ``doc-chapter``, which HTML allows on ``section`` but not on ``article``).
    """
    root, body = new_document(title, doc.lang, doc.dir)
    article = etree.SubElement(body, _H + "section", {"class": "nc-article"})
    article.set(EPUB_TYPE, "chapter")
    article.set("role", "doc-chapter")
    header_elements(doc, article, style)
    header = article[0]
    if title_page:
        header.set("class", header.get("class", "") + " nc-titlepage")
        header.set(EPUB_TYPE, "titlepage")
    if header.find(_H + "h1") is None:
        etree.SubElement(header, _H + "h1").text = title
        header.insert(0, header[-1])
    _add_credits(doc, header)
    BodyRenderer(doc, style).render_blocks(article, doc.blocks, doc.dir)
    sections = _number_sections(article, style.heading_level)
    _sanitize_links(article)
    return Chapter(file_name, title, doc.lang, doc.dir, sections, root)


def _add_credits(doc: Document, header: etree._Element) -> None:
    meta = doc.meta
    credits = [value for value in (meta.creditline, meta.copyright) if value]
    if credits:
        line = etree.SubElement(header, _H + "p", {"class": "nc-credits"})
        line.text = clean(" · ".join(credits))


def _number_sections(article: etree._Element, level: int) -> tuple[Section, ...]:
    sections: list[Section] = []
    for number, heading in enumerate(article.iter(f"{_H}h{level}"), start=1):
        anchor = f"s{number}"
        heading.set("id", anchor)
        title = " ".join(text_of(heading).split())
        sections.append(Section(anchor, title or anchor))
    return tuple(sections)


def _sanitize_links(root: etree._Element) -> None:
    for link in root.iter(_H + "a"):
        href = link.get("href")
        if href is None:
            continue
        target = safe_href(href)
        if target is None:
            del link.attrib["href"]
        else:
            link.set("href", target)


def build_digest_title(title: str, date: str | None, lang: str, dir: Direction) -> etree._Element:
    """The title page of a digest: its title and date."""
    root, body = new_document(title, lang, dir)
    section = etree.SubElement(body, _H + "section", {"class": "nc-digest-title"})
    section.set(EPUB_TYPE, "titlepage")
    heading = etree.SubElement(section, _H + "h1")
    heading.text = title
    own_dir = text_direction(title, dir)
    if own_dir != dir:
        heading.set("dir", own_dir)
    if date:
        etree.SubElement(section, _H + "p", {"class": "nc-date"}).text = date
    return root


@dataclass(frozen=True, slots=True)
class Landmark:
    """An entry of the landmarks navigation (``titlepage``, ``toc``, ``bodymatter``)."""

    kind: str
    href: str
    title: str


def build_nav(
    chapters: Sequence[Chapter],
    landmarks: Sequence[Landmark],
    lang: str,
    dir: Direction,
) -> etree._Element:
    """The navigation document: one entry per chapter with its sub-headings nested."""
    label = contents_label(lang)
    root, body = new_document(label, lang, dir)
    toc = etree.SubElement(body, _H + "nav", {"id": "toc", "role": "doc-toc"})
    toc.set(EPUB_TYPE, "toc")
    etree.SubElement(toc, _H + "h1").text = label
    entries = etree.SubElement(toc, _H + "ol")
    for chapter in chapters:
        item = etree.SubElement(entries, _H + "li")
        if chapter.lang != lang or chapter.dir != dir:
            set_lang_dir(item, chapter.lang, chapter.dir)
        etree.SubElement(item, _H + "a", href=chapter.file_name).text = chapter.title
        if chapter.sections:
            nested = etree.SubElement(item, _H + "ol")
            for section in chapter.sections:
                entry = etree.SubElement(nested, _H + "li")
                href = f"{chapter.file_name}#{section.anchor}"
                etree.SubElement(entry, _H + "a", href=href).text = section.title
    marks = etree.SubElement(body, _H + "nav", hidden="hidden")
    marks.set(EPUB_TYPE, "landmarks")
    marks_list = etree.SubElement(marks, _H + "ol")
    for landmark in landmarks:
        entry = etree.SubElement(marks_list, _H + "li")
        link = etree.SubElement(entry, _H + "a", href=landmark.href)
        link.set(EPUB_TYPE, landmark.kind)
        link.text = landmark.title
    return root


def document_texts(roots: Sequence[etree._Element]) -> list[str]:
    """The text of every document, for choosing the characters fonts must cover."""
    return [text_of(root) for root in roots]
