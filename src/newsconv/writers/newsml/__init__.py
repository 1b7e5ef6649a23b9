"""``--to newsml`` (one NewsML-G2 2.35 ``newsItem``) and ``--to newsml-message`` (a feed).

Writer options: ``body=xhtml|xhtml-flat|nitf`` (the ``inlineXML`` content), ``provider`` (when the
metadata names none); for messages also ``sender``, ``priority``, ``destination`` and
``channel`` (comma-separated for several).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from lxml import etree

from ...iptc.identity import PROVIDER_OPTION
from ...model import Document
from ..base import WriterOptions
from ..options import WriterOption
from ..safety import safe_document
from .body import BODY_OPTION, body_format
from .item import ItemBuilder
from .layout import indent_document
from .message import MESSAGE_OPTIONS, message_element

__all__ = ["NewsMLWriter", "NewsMessageWriter", "serialize"]


def serialize(root: etree._Element) -> bytes:
    """The XML as UTF-8 bytes: declaration, indentation (never inside mixed content), final
    newline. Bytes, as XML declares its own encoding (and it saves a costly decode)."""
    indent_document(root)
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8") + b"\n"
    )


class NewsMLWriter:
    """One IPTC NewsML-G2 2.35 (power) ``newsItem`` per article."""

    name: ClassVar[str] = "newsml"
    description: ClassVar[str] = "IPTC NewsML-G2 2.35 newsItem (XHTML or NITF body)"
    media_type: ClassVar[str] = "application/vnd.iptc.g2.newsitem+xml"
    extension: ClassVar[str] = "xml"
    binary: ClassVar[bool] = True
    options: ClassVar[tuple[WriterOption, ...]] = (BODY_OPTION, PROVIDER_OPTION)

    def write(self, doc: Document, options: WriterOptions) -> bytes:
        """The ``newsItem`` as XML text."""
        body = body_format(options.option(BODY_OPTION.name, BODY_OPTION.default))
        return serialize(ItemBuilder(safe_document(doc, options), options, body).build())


class NewsMessageWriter:
    """A NewsML-G2 ``newsMessage`` carrying the full ``newsItem`` of every article."""

    name: ClassVar[str] = "newsml-message"
    description: ClassVar[str] = "IPTC NewsML-G2 2.35 newsMessage for wire feeds"
    media_type: ClassVar[str] = "application/vnd.iptc.g2.newsmessage+xml"
    extension: ClassVar[str] = "xml"
    binary: ClassVar[bool] = True
    options: ClassVar[tuple[WriterOption, ...]] = (BODY_OPTION, PROVIDER_OPTION, *MESSAGE_OPTIONS)

    def write(self, doc: Document, options: WriterOptions) -> bytes:
        """A message with one item."""
        return self.write_many([doc], options)

    def write_many(self, docs: Sequence[Document], options: WriterOptions) -> bytes:
        """A message with one item per document, in order."""
        body = body_format(options.option(BODY_OPTION.name, BODY_OPTION.default))
        safe = [safe_document(doc, options) for doc in docs]
        return serialize(message_element(safe, options, body))
