"""Indentation that never changes the text: only containers of block elements get newlines.

``pretty_print`` would also indent inside mixed content (a ``p`` holding a ``cite``, an
``li`` holding an ``a``), adding spaces that readers of the body would see.
"""

from __future__ import annotations

from lxml import etree

from ...iptc.catalog import G2_NS
from ..nitf import NITF_NS
from ..xhtml import XHTML_NS

_XHTML_CONTAINERS = ("html", "head", "body", "header", "div", "aside", "blockquote", "ul", "ol")
_NITF_CONTAINERS = (
    "nitf",
    "head",
    "body",
    "body.head",
    "hedline",
    "body.content",
    "tobject",
    "docdata",
    "key-list",
    "block",
    "bq",
    "media",
    "ul",
    "abstract",
)
BODY_CONTAINERS = frozenset(
    [f"{{{XHTML_NS}}}{name}" for name in (*_XHTML_CONTAINERS, "figure")]
    + [f"{{{NITF_NS}}}{name}" for name in _NITF_CONTAINERS]
)
"""Body elements (Clark names) whose children are blocks, never inline content."""
_INLINE_XML = f"{{{G2_NS}}}inlineXML"
_STEP = "  "


def indent_document(root: etree._Element) -> None:
    """Indent the NewsML-G2 envelope (lxml's indent) and the blocks of each body.

    Body content is taken out while lxml indents, so nothing inside paragraphs changes.
    """
    bodies = [(inline, list(inline)) for inline in root.iter(_INLINE_XML)]
    for inline, content in bodies:
        for child in content:
            inline.remove(child)
    etree.indent(root, space=_STEP)
    for inline, content in bodies:
        level = sum(1 for _ in inline.iterancestors()) + 1
        inline.text = "\n" + _STEP * level
        for child in content:
            inline.append(child)
            indent_body(child, level)
            child.tail = "\n" + _STEP * level
        if content:
            content[-1].tail = "\n" + _STEP * (level - 1)


def indent_body(element: etree._Element, level: int) -> None:
    """Put each child of a body container on its own line, two spaces per level."""
    if element.tag not in BODY_CONTAINERS or not len(element):
        return
    inner = "\n" + _STEP * (level + 1)
    element.text = inner
    for child in element:
        if child.tag in BODY_CONTAINERS:
            indent_body(child, level + 1)
        child.tail = inner
    element[-1].tail = "\n" + _STEP * level
