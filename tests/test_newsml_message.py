"""The newsMessage writer: header fields, transmitId identity, one full newsItem per article."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from lxml import etree

import newsconv
from newsconv.diagnostics import WriterError
from newsconv.iptc.catalog import G2_NS
from newsconv.model import Document
from newsconv.validate import validate_newsml
from newsconv.writers.base import MultiWriter, WriterOptions
from newsconv.writers.newsml import NewsMessageWriter, NewsMLWriter

NS = {"g": G2_NS}
MORNING = datetime(2025, 3, 1, 9, 15, tzinfo=UTC)


def article(slug: str, urgency: int | None = None, body: str = "A short report.") -> Document:
    meta = {"slugline": slug, "provider": "example.com", "date": "2025-03-01T08:00:00Z"}
    if urgency is not None:
        meta["urgency"] = str(urgency)
    return newsconv.parse(body, meta=meta)


def message(docs: list[Document], **extra: str) -> etree._Element:
    xml = NewsMessageWriter().write_many(docs, WriterOptions(now=MORNING, extra=extra))
    assert validate_newsml(xml) == []
    return etree.fromstring(xml)


def header(root: etree._Element, name: str) -> list[str | None]:
    return [element.text for element in root.findall(f"g:header/g:{name}", NS)]


def test_is_a_multi_writer_registered_under_its_name() -> None:
    writer = NewsMessageWriter()
    assert isinstance(writer, MultiWriter)
    docs = [article("one"), article("two")]
    assert newsconv.convert(docs, "newsml-message", WriterOptions(now=MORNING)) == (
        writer.write_many(docs, WriterOptions(now=MORNING))
    )


def test_header_fields() -> None:
    root = message(
        [article("one", 6), article("two", 3)],
        sender="wire.example.com",
        destination="partners",
        channel="ar-economy, ar-world",
    )
    assert header(root, "sent") == ["2025-03-01T09:15:00Z"]
    assert header(root, "sender") == ["wire.example.com"]
    assert header(root, "priority") == ["3"]
    assert header(root, "origin") == ["newsconv"]
    assert header(root, "destination") == ["partners"]
    assert header(root, "channel") == ["ar-economy", "ar-world"]
    transmit = header(root, "transmitId")[0] or ""
    assert transmit.startswith("wire.example.com:20250301:")


def test_defaults_sender_from_provider_and_priority_five() -> None:
    root = message([article("one")])
    assert header(root, "sender") == ["example.com"]
    assert header(root, "priority") == ["5"]
    assert root.find("g:header/g:destination", NS) is None


def test_priority_option_is_checked() -> None:
    assert header(message([article("one", 2)], priority="7"), "priority") == ["7"]
    with pytest.raises(WriterError, match="priority"):
        NewsMessageWriter().write_many([article("one")], WriterOptions(extra={"priority": "10"}))


def test_transmit_id_is_deterministic_and_differs_per_message_and_day() -> None:
    docs = [article("one"), article("two")]
    ids = {header(message(docs), "transmitId")[0] for _ in range(2)}
    assert len(ids) == 1
    other_content = header(message([article("one"), article("three")]), "transmitId")[0]
    assert other_content not in ids
    next_day = NewsMessageWriter().write_many(
        docs, WriterOptions(now=datetime(2025, 3, 2, 9, 15, tzinfo=UTC))
    )
    root = etree.fromstring(next_day)
    assert (root.findtext("g:header/g:transmitId", namespaces=NS) or "").split(":")[1] == (
        "20250302"
    )


def test_items_are_the_full_news_items_in_order() -> None:
    docs = [article("one", body="First story."), article("two", body="Second story.")]
    root = message(docs)
    items = root.findall("g:itemSet/g:newsItem", NS)
    assert [item.get("guid") for item in items] == [
        "urn:newsml:example.com:20250301:one",
        "urn:newsml:example.com:20250301:two",
    ]
    single = NewsMLWriter().write(docs[0], WriterOptions(now=MORNING))
    assert canonical(etree.tostring(items[0])) == canonical(single)


def canonical(xml: bytes) -> bytes:
    """C14N without indentation (these test bodies have no mixed content)."""
    parser = etree.XMLParser(remove_blank_text=True)
    return etree.tostring(etree.fromstring(xml, parser), method="c14n")


def test_single_document_write_is_a_message_of_one() -> None:
    xml = NewsMessageWriter().write(article("one"), WriterOptions(now=MORNING))
    root = etree.fromstring(xml)
    assert len(root.findall("g:itemSet/g:newsItem", NS)) == 1


def test_empty_message_is_refused() -> None:
    with pytest.raises(WriterError, match="at least one"):
        NewsMessageWriter().write_many([], WriterOptions())


def test_sent_is_never_before_the_newest_item() -> None:
    docs = [article("one"), newsconv.parse("Later.", meta={"updated": "2025-03-01T12:30:00+03:00"})]
    early = NewsMessageWriter().write_many(
        docs, WriterOptions(now=datetime(1970, 1, 1, tzinfo=UTC))
    )
    root = etree.fromstring(early)
    assert header(root, "sent") == ["2025-03-01T12:30:00+03:00"]
    assert (header(root, "transmitId")[0] or "").split(":")[1] == "20250301"
    assert header(message(docs[:1]), "sent") == ["2025-03-01T09:15:00Z"]
