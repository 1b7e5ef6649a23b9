"""The item's content for ``inlineXML``: an XHTML document (default), the same flattened to
top-level paragraphs (``xhtml-flat``), or NITF 3.6 (``nitf``)."""

from __future__ import annotations

from typing import Literal

from lxml import etree

from ...diagnostics import WriterError
from ...iptc.identity import ItemIdentity
from ...model import Document
from ...text.controls import strip_xml_illegal
from ..flatbody import render_flat
from ..nitf import NITF_MEDIA_TYPE, nitf_element
from ..options import WriterOption
from ..xhtml import XHTML_NS, BodyRenderer, BodyStyle

BodyFormat = Literal["xhtml", "xhtml-flat", "nitf"]
BODY_FORMATS: tuple[BodyFormat, ...] = ("xhtml", "xhtml-flat", "nitf")
XHTML_MEDIA_TYPE = "application/xhtml+xml"
G2_BODY_STYLE = BodyStyle(namespace=XHTML_NS, xml_lang=True)


BODY_OPTION = WriterOption(
    "body",
    str,
    "xhtml",
    "inlineXML content: xhtml, xhtml-flat (top-level p/h2 only) or nitf (NITF 3.6)",
    choices=BODY_FORMATS,
)


def body_format(value: str) -> BodyFormat:
    """The body format named by the ``body`` writer option."""
    for known in BODY_FORMATS:
        if value.strip().lower() == known:
            return known
    raise WriterError(f"unknown body format {value!r}; use one of {', '.join(BODY_FORMATS)}")


def xhtml_element(doc: Document, flat: bool = False) -> etree._Element:
    """One XHTML ``html`` element with ``lang``, ``xml:lang`` and ``dir`` holding the article
    only: headline, byline and dateline are item metadata (``contentMeta``), not body text.
    ``flat`` writes top-level ``p``/``h2`` with plain text (see :mod:`..flatbody`)."""
    renderer = BodyRenderer(doc, G2_BODY_STYLE)
    html = renderer.element("html")
    renderer.set_lang_dir(html, doc.lang, doc.dir)
    head = renderer.element("head", html)
    renderer.element("title", head).text = text_of_title(doc)
    body = renderer.element("body", html)
    if flat:
        render_flat(renderer, body)
    else:
        renderer.render_blocks(body, doc.blocks, doc.dir)
    return html


def text_of_title(doc: Document) -> str:
    """The XHTML ``title``: the headline (given or derived) or the slugline."""
    return strip_xml_illegal(doc.meta.headline or doc.meta.slugline or "")


def content_element(
    doc: Document, fmt: BodyFormat, identity: ItemIdentity
) -> tuple[etree._Element, str]:
    """The body root for ``inlineXML`` and its media type."""
    if fmt == "nitf":
        return nitf_element(doc, identity), NITF_MEDIA_TYPE
    return xhtml_element(doc, flat=fmt == "xhtml-flat"), XHTML_MEDIA_TYPE
