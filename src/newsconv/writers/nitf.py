"""NITF 3.6 bodies for NewsML-G2 ``inlineXML`` (``--body nitf``).

NITF has ``xml:lang`` but no direction attribute: receivers take the direction from the
language (the item's ``dir`` still says it). Everything in ``body.content`` sits in a
``block``; a container inside another container is written flat (its title as ``hl2``)
because NITF blocks do not nest.
"""

from __future__ import annotations

from datetime import datetime
from typing import assert_never

from lxml import etree

from ..iptc.identity import ItemIdentity
from ..model import (
    Block,
    Bold,
    Box,
    Columns,
    Document,
    Figure,
    Heading,
    Inline,
    Italic,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    RelatedList,
    Span,
    Text,
)
from ..text.controls import strip_xml_illegal
from ..text.labels import related_label
from ..text.urls import safe_url
from .xhtml import XML_LANG, last_child

NITF_NS = "http://iptc.org/std/NITF/2006-10-18/"
NITF_MEDIA_TYPE = "application/nitf+xml"
_P = f"{{{NITF_NS}}}"


def _el(
    parent: etree._Element, tag: str, text: str | None = None, /, **attrs: str
) -> etree._Element:
    element = etree.SubElement(parent, _P + tag, attrs)
    if text is not None:
        element.text = strip_xml_illegal(text)
    return element


def nitf_element(doc: Document, identity: ItemIdentity | None = None) -> etree._Element:
    """A ``nitf`` element: ``head`` (title, subjects, ``docdata`` with the item's identity),
    ``body.head`` (headline, byline…), ``body.content``. With ``identity`` the document
    stands on its own: NITF readers find the guid, date, urgency and keywords in it."""
    root = etree.Element(_P + "nitf", {XML_LANG: doc.lang}, nsmap={None: NITF_NS})  # type: ignore[dict-item]
    head = _el(root, "head")
    _el(head, "title", doc.meta.headline or doc.meta.slugline or "")
    if identity is not None:
        _subjects(doc, head)
        _docdata(doc, identity, _el(head, "docdata"))
    body = _el(root, "body")
    _body_head(doc, _el(body, "body.head"))
    _content(doc, _el(body, "body.content"))
    return root


def _content(doc: Document, content: etree._Element) -> None:
    """Every top-level block inside a ``block``: a container (columns, box, related list)
    gets one of its own, runs of other blocks share one. Ingest code reads the children
    of ``body.content/block``, so nothing stands directly under ``body.content``."""
    shared: etree._Element | None = None
    for block in doc.blocks:
        if isinstance(block, Columns | Box | RelatedList):
            shared = None
            _block(doc, content, block, nested=False)
        else:
            if shared is None:
                shared = _el(content, "block")
            _block(doc, shared, block, nested=True)


def _subjects(doc: Document, head: etree._Element) -> None:
    """IPTC subject codes (``subj:``) as ``tobject.subject`` reference numbers."""
    codes = [code.split(":", 1)[1] for code in doc.meta.subjects if code.startswith("subj:")]
    codes = [code for code in codes if code.isdigit() and len(code) == 8]
    if codes:
        tobject = _el(head, "tobject", **{"tobject.type": "news"})
        for code in codes:
            _el(tobject, "tobject.subject", **{"tobject.subject.refnum": code})


def _docdata(doc: Document, identity: ItemIdentity, docdata: etree._Element) -> None:
    _el(docdata, "doc-id", **{"id-string": identity.guid})
    if doc.meta.urgency is not None:
        _el(docdata, "urgency", **{"ed-urg": str(doc.meta.urgency)})
    _el(docdata, "date.issue", norm=_norm(identity.version_created))
    if doc.meta.keywords:
        keys = _el(docdata, "key-list")
        for keyword in doc.meta.keywords:
            _el(keys, "keyword", key=strip_xml_illegal(keyword))


def _norm(moment: datetime) -> str:
    """ISO 8601 basic format, as NITF's ``norm`` attributes take it."""
    return moment.strftime("%Y%m%dT%H%M%S%z") if moment.tzinfo else moment.strftime("%Y%m%dT%H%M%S")


def _body_head(doc: Document, parent: etree._Element) -> None:
    meta = doc.meta
    if (meta.headline and not meta.headline_derived) or meta.subheadline:
        hedline = _el(parent, "hedline")
        _el(hedline, "hl1", meta.headline if not meta.headline_derived else "")
        if meta.subheadline:
            _el(hedline, "hl2", meta.subheadline)
    if meta.byline:
        _el(parent, "byline", meta.byline)
    if meta.dateline or meta.date:
        dateline = _el(parent, "dateline", meta.dateline)
        if meta.date:
            date = _el(dateline, "story.date", meta.date.date().isoformat())
            date.set("norm", meta.date.strftime("%Y%m%dT%H%M%S%z"))
    if meta.summary:
        _el(_el(parent, "abstract"), "p", meta.summary)


def _block(doc: Document, parent: etree._Element, block: Block, nested: bool) -> None:
    match block:
        case Paragraph():
            _inlines(_with_lang(_el(parent, "p"), block.lang), block.children)
        case Heading():
            _inlines(_with_lang(_el(parent, "hl2"), block.lang), block.children)
        case Columns():
            target = parent if nested else _el(parent, "block", **{"class": _columns_class(block)})
            _blocks(doc, target, block.children)
        case Box():
            _box(doc, parent, block, nested)
        case Quote():
            _quote(doc, parent, block)
        case Figure():
            _figure(parent, block)
        case RelatedList():
            _related(doc, parent, block, nested)
        case ListBlock():
            _list(parent, block)
        case _:
            assert_never(block)


def _blocks(doc: Document, parent: etree._Element, blocks: tuple[Block, ...]) -> None:
    for block in blocks:
        _block(doc, parent, block, nested=True)


def _columns_class(block: Columns) -> str:
    return f"nc-columns nc-columns-{block.count}"


def _box(doc: Document, parent: etree._Element, block: Box, nested: bool) -> None:
    target = parent if nested else _el(parent, "block", **{"class": "nc-box"})
    if block.title:
        _el(target, "hl2", block.title, **{"class": "nc-box-title"})
    _blocks(doc, target, block.children)


def _quote(doc: Document, parent: etree._Element, block: Quote) -> None:
    quote = _el(parent, "bq", **{"class": "nc-quote"})
    inner = _el(quote, "block")
    for child in block.children:
        _block(doc, inner, child, nested=True)
    if block.cite:
        _el(quote, "credit", block.cite)


def _figure(parent: etree._Element, block: Figure) -> None:
    media = _el(parent, "media", **{"media-type": "image", "class": "nc-figure"})
    attrs = {"source": safe_url(block.src) or ""}
    if block.alt:
        attrs["alternate-text"] = strip_xml_illegal(block.alt)
    _el(media, "media-reference", **attrs)
    if block.caption:
        _inlines(_el(media, "media-caption"), block.caption)
    if block.credit:
        _el(media, "media-producer", block.credit)


def _related(doc: Document, parent: etree._Element, block: RelatedList, nested: bool) -> None:
    if not block.items:
        return  # NITF lists need at least one item
    target = parent if nested else _el(parent, "block", **{"class": "nc-related"})
    title = block.title or related_label(doc.lang)
    _el(target, "hl2", title, **{"class": "nc-related-title"})
    items = _el(target, "ul")
    for item in block.items:
        li = _with_lang(_el(items, "li"), item.lang)
        if href := safe_url(item.url):
            _el(li, "a", item.title, href=href)
        else:
            _append_text(li, item.title)


def _list(parent: etree._Element, block: ListBlock) -> None:
    if not block.items:
        return  # NITF lists need at least one item
    items = _el(parent, "ol" if block.ordered else "ul")
    for entry in block.items:
        _inlines(_with_lang(_el(items, "li"), entry.lang), entry.children)


def _with_lang(element: etree._Element, lang: str | None) -> etree._Element:
    if lang:
        element.set(XML_LANG, lang)
    return element


def _inlines(parent: etree._Element, nodes: tuple[Inline, ...]) -> None:
    for node in nodes:
        _inline(parent, node)


def _inline(parent: etree._Element, node: Inline) -> None:
    match node:
        case Text():
            _append_text(parent, node.text)
        case Bold():
            _inlines(_el(parent, "em", **{"class": "nc-bold"}), node.children)
        case Italic():
            _inlines(_el(parent, "em"), node.children)
        case Link():
            href = safe_url(node.url)
            _inlines(_el(parent, "a", href=href) if href else parent, node.children)
        case LineBreak():
            _el(parent, "br")
        case Span():
            target = _with_lang(_el(parent, "lang"), node.lang) if node.lang else parent
            _inlines(target, node.children)
        case _:
            assert_never(node)


def _append_text(parent: etree._Element, text: str) -> None:
    text = strip_xml_illegal(text)
    last = last_child(parent)
    if last is not None:
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
