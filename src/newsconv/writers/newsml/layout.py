"""Indentation that never changes the text: only containers of block elements get newlines.

``pretty_print`` would also indent inside mixed content (a ``p`` holding a ``cite``, an
``li`` holding an ``a``), adding spaces that readers of the body would see.
"""

from __future__ import annotations

from lxml import etree

from ..nitf import NITF_NS
from ..xhtml import XHTML_NS
from .catalog import G2_NS

BODY_CONTAINERS = {
    XHTML_NS: frozenset(
        {"html", "head", "body", "header", "div", "aside", "blockquote", "ul", "ol", "figure"}
    ),
    NITF_NS: frozenset(
        {
            "nitf",
            "head",
            "body",
            "body.head",
            "hedline",
            "body.content",
            "block",
            "bq",
            "media",
            "ul",
            "abstract",
        }
    ),
}


def _is_container(element: etree._Element) -> bool:
    qname = etree.QName(element)
    if qname.namespace == G2_NS:
        return not (element.text and element.text.strip())
    return qname.localname in BODY_CONTAINERS.get(qname.namespace or "", frozenset())


def indent(element: etree._Element, level: int = 0) -> None:
    """Put each child of a container on its own line, two spaces per level."""
    if not len(element) or not _is_container(element):
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in element:
        indent(child, level + 1)
        child.tail = inner
    element[-1].tail = "\n" + "  " * level
