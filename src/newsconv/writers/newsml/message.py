"""The ``newsMessage`` of a wire feed: a header and the full ``newsItem`` of each article."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime

from lxml import etree

from ...diagnostics import WriterError
from ...iptc.identity import g2_datetime, identity_of, provider_token
from ...model import Document
from ..base import WriterOptions
from ..options import WriterOption
from .body import BodyFormat
from .item import ItemBuilder, g2, new_root

ORIGIN = "newsconv"
DEFAULT_PRIORITY = 5
DUPLICATE_GUID = "duplicate-guid"
MESSAGE_OPTIONS = (
    WriterOption("sender", str, "", "the message header's sender (default: the provider)"),
    WriterOption(
        "priority",
        int,
        "",
        "message priority (default: the most urgent item's)",
        minimum=1,
        maximum=9,
    ),
    WriterOption("destination", str, "", "destinations, comma-separated"),
    WriterOption("channel", str, "", "channels, comma-separated"),
)


def message_element(
    docs: Sequence[Document], options: WriterOptions, body: BodyFormat
) -> etree._Element:
    """A ``newsMessage`` holding one ``newsItem`` per document, in the given order."""
    if not docs:
        raise WriterError("a news message needs at least one article")
    message = new_root("newsMessage")
    header = g2(message, "header")
    item_set = g2(message, "itemSet")
    for doc in docs:
        ItemBuilder(doc, options, body).build(item_set)
    _warn_duplicates(docs, item_set, options)
    _header(header, docs, options, _digest(item_set))
    return message


def _warn_duplicates(
    docs: Sequence[Document], item_set: etree._Element, options: WriterOptions
) -> None:
    """Receivers keep one item per guid: two articles with one guid lose one of them."""
    first_with: dict[str, Document] = {}
    for doc, item in zip(docs, item_set, strict=True):
        guid = str(item.get("guid"))
        if guid in first_with:
            options.warn(
                doc,
                DUPLICATE_GUID,
                f"the guid {guid} is also the guid of {first_with[guid].source}: receivers "
                "keep only one of them; give a guid or slugline (--meta guid=…, slugline: …)",
            )
        else:
            first_with[guid] = doc


def _header(
    header: etree._Element, docs: Sequence[Document], options: WriterOptions, digest: str
) -> None:
    sent = sent_time(docs, options)
    sender = sender_name(docs, options)
    g2(header, "sent", g2_datetime(sent))
    g2(header, "sender", sender)
    g2(header, "transmitId", f"{sender}:{sent.strftime('%Y%m%d')}:{digest}")
    g2(header, "priority", str(message_priority(docs, options)))
    g2(header, "origin", ORIGIN)
    for name in ("destination", "channel"):
        for value in _listed(options.option(name, "")):
            g2(header, name, value)


def sent_time(docs: Sequence[Document], options: WriterOptions) -> datetime:
    """The reproducible 'now', but never earlier than the newest item's ``versionCreated``.

    Without ``SOURCE_DATE_EPOCH`` or an explicit time, 'now' is the 1970 epoch; a message
    cannot have been sent before the versions it carries were created.
    """
    newest = max(identity_of(doc, options).version_created for doc in docs)
    now = options.timestamp()
    return now if now >= newest else newest


def _digest(item_set: etree._Element) -> str:
    """16 hex digits of the SHA-256 of the canonical items: same items, same transmitId."""
    return hashlib.sha256(etree.tostring(item_set, method="c14n")).hexdigest()[:16]


def sender_name(docs: Sequence[Document], options: WriterOptions) -> str:
    """The ``sender`` option, else the first article's provider token."""
    return options.option("sender", "").strip() or provider_token(docs[0], options)


def message_priority(docs: Sequence[Document], options: WriterOptions) -> int:
    """The ``priority`` option (1-9), else the most urgent article's urgency, else 5."""
    raw = options.option("priority", "").strip()
    if raw:
        if not raw.isdigit() or not 1 <= int(raw) <= 9:
            raise WriterError(f"priority {raw!r} is not a whole number from 1 to 9")
        return int(raw)
    urgencies = [doc.meta.urgency for doc in docs if doc.meta.urgency is not None]
    return min(urgencies, default=DEFAULT_PRIORITY)


def _listed(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]
