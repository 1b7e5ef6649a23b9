"""The item's content: an XHTML document (default) or NITF 3.6, for ``inlineXML``."""

from __future__ import annotations

import dataclasses
from typing import Literal

from lxml import etree

from ...diagnostics import WriterError
from ...model import Document
from ...text.controls import strip_xml_illegal
from ..nitf import NITF_MEDIA_TYPE, nitf_element
from ..xhtml import XHTML_NS, BodyRenderer, BodyStyle, header_elements

BodyFormat = Literal["xhtml", "nitf"]
BODY_FORMATS: tuple[BodyFormat, ...] = ("xhtml", "nitf")
XHTML_MEDIA_TYPE = "application/xhtml+xml"
G2_BODY_STYLE = BodyStyle(namespace=XHTML_NS, xml_lang=True)


def body_format(value: str) -> BodyFormat:
    """The body format named by the ``body`` writer option."""
    for known in BODY_FORMATS:
        if value.strip().lower() == known:
            return known
    raise WriterError(f"unknown body format {value!r}; use one of {', '.join(BODY_FORMATS)}")


def header_document(doc: Document) -> Document:
    """``doc`` without a headline derived from the lead (the lead is in the body already)."""
    if not doc.meta.headline_derived:
        return doc
    return dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, headline=None))


def has_header(doc: Document) -> bool:
    """True when the body starts with a header: a given headline, sub-headline, byline…"""
    meta = doc.meta
    headline = meta.headline and not meta.headline_derived
    return bool(headline or meta.subheadline or meta.byline or meta.dateline or meta.date)


def xhtml_element(doc: Document) -> etree._Element:
    """One XHTML ``html`` element with ``lang``, ``xml:lang`` and ``dir``: header, then body."""
    renderer = BodyRenderer(doc, G2_BODY_STYLE)
    html = renderer.element("html")
    renderer.set_lang_dir(html, doc.lang, doc.dir)
    head = renderer.element("head", html)
    renderer.element("title", head).text = text_of_title(doc)
    body = renderer.element("body", html)
    if has_header(doc):
        header_elements(header_document(doc), body, G2_BODY_STYLE)
    renderer.render_blocks(body, doc.blocks, doc.dir)
    return html


def text_of_title(doc: Document) -> str:
    """The XHTML ``title``: the headline (given or derived) or the slugline."""
    return strip_xml_illegal(doc.meta.headline or doc.meta.slugline or "")


def content_element(doc: Document, fmt: BodyFormat) -> tuple[etree._Element, str]:
    """The body root for ``inlineXML`` and its media type."""
    if fmt == "nitf":
        return nitf_element(doc), NITF_MEDIA_TYPE
    return xhtml_element(doc), XHTML_MEDIA_TYPE
