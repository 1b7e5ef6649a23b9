"""Every article of the corpus and the example becomes a valid newsItem, newsMessage and ninjs
document, and keeps its language and every character of its text."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

import newsconv
from newsconv.iptc.catalog import G2_NS
from newsconv.model import Box, Document, Quote, block_text, walk_blocks
from newsconv.text.controls import strip_xml_illegal
from newsconv.text.script import detect_language
from newsconv.validate import validate_newsml, validate_ninjs
from newsconv.writers.base import WriterOptions
from newsconv.writers.newsml import NewsMessageWriter, NewsMLWriter
from newsconv.writers.ninjs import NinjsWriter
from newsconv.writers.nitf import NITF_NS
from newsconv.writers.xhtml import XHTML_NS, XML_LANG, text_of

from .conftest import EXAMPLES, corpus_files, corpus_ids

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.txt"))
CASES = [*EXAMPLE_FILES, *corpus_files()]
IDS = [*(f"examples/{path.stem}" for path in EXAMPLE_FILES), *corpus_ids()]
NOW = WriterOptions(now=datetime(2022, 1, 10, 9, 0, tzinfo=UTC))
G2 = {"g": G2_NS, "h": XHTML_NS, "n": NITF_NS}


def load(path: Path) -> Document:
    """Parse an article with a source name relative to its folder's parent (stable guids)."""
    source = f"{path.parent.name}/{path.name}"
    return newsconv.parse(path.read_text(encoding="utf-8"), source=source)


def squeeze(text: str) -> str:
    """Text without whitespace and XML-illegal characters, for preservation checks."""
    return "".join(strip_xml_illegal(text).split())


def assert_text_kept(doc: Document, body: etree._Element) -> None:
    """Every block's text appears in ``body``: leaf blocks in document order, container
    labels (box title, quote attribution) anywhere, since formats place them differently."""
    rendered = squeeze(text_of(body))
    position = 0
    for block in walk_blocks(doc.blocks):
        expected = squeeze(block_text(block))
        if not expected:
            continue
        if isinstance(block, Box | Quote):
            assert expected in rendered, (
                f"label of {type(block).__name__} at {block.pos} is missing"
            )
            continue
        found = rendered.find(expected, position)
        assert found >= 0, f"text of {type(block).__name__} at {block.pos} is missing"
        position = found + len(expected)


def assert_language(doc: Document, item: etree._Element, content: etree._Element) -> None:
    detected = detect_language(newsconv.model.document_text(doc)) or doc.lang
    assert item.get(XML_LANG) == doc.lang == detected
    assert content.get(XML_LANG) == doc.lang
    assert item.get("dir") == doc.dir
    for element in content.iter():
        if element.get("lang") is not None:
            assert element.get(XML_LANG) == element.get("lang")


@pytest.mark.parametrize("path", CASES, ids=IDS)
def test_article_becomes_valid_newsml_with_xhtml_body(path: Path) -> None:
    doc = load(path)
    xml = NewsMLWriter().write(doc, NOW)
    assert validate_newsml(xml) == []
    item = etree.fromstring(xml)
    html = item.find("g:contentSet/g:inlineXML/h:html", G2)
    assert html is not None
    assert html.get("lang") == html.get(XML_LANG) == doc.lang and html.get("dir") == doc.dir
    assert_language(doc, item, html)
    body = html.find("h:body", G2)
    assert body is not None
    assert_text_kept(doc, body)
    headline = item.findtext("g:contentMeta/g:headline", namespaces=G2)
    assert squeeze(headline or "") == squeeze(doc.meta.headline or "")


@pytest.mark.parametrize("path", CASES, ids=IDS)
def test_article_becomes_valid_newsml_with_nitf_body(path: Path) -> None:
    doc = load(path)
    xml = NewsMLWriter().write(doc, WriterOptions(now=NOW.now, extra={"body": "nitf"}))
    assert validate_newsml(xml) == []
    item = etree.fromstring(xml)
    nitf = item.find("g:contentSet/g:inlineXML/n:nitf", G2)
    assert nitf is not None and nitf.get(XML_LANG) == doc.lang
    content = nitf.find("n:body/n:body.content", G2)
    assert content is not None
    assert_text_kept(doc, content)


@pytest.mark.parametrize("path", CASES, ids=IDS)
def test_article_becomes_valid_ninjs(path: Path) -> None:
    doc = load(path)
    text = NinjsWriter().write(doc, NOW)
    assert validate_ninjs(text) == []
    data = newsconv_json(text)
    assert data["language"] == doc.lang
    body = etree.fromstring(data["bodies"][0]["value"].encode("utf-8"))
    assert body.get(XML_LANG) == doc.lang and body.get("dir") == doc.dir
    assert_text_kept(doc, body)


def newsconv_json(text: str) -> dict[str, Any]:
    data = json.loads(text)
    assert isinstance(data, dict)
    return data


def test_whole_corpus_is_one_valid_news_message(corpus_dir: Path) -> None:
    docs = [load(path) for path in CASES]
    sent = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)  # later than every article's date
    options = WriterOptions(now=sent, extra={"sender": "example.com", "channel": "ar, fa"})
    result = newsconv.render(docs, "newsml-message", options)
    xml = result.data
    assert isinstance(xml, bytes)
    assert validate_newsml(xml) == []
    message = etree.fromstring(xml)
    items = message.findall("g:itemSet/g:newsItem", G2)
    assert len(items) == len(docs) == len(corpus_files()) + len(EXAMPLE_FILES)
    guids = [item.get("guid") for item in items]
    # bare articles are told apart by file name only: ar/001 and fa/001 share a guid,
    # and the message says so for each article that repeats one
    repeated = len(guids) - len(set(guids))
    assert repeated > 0
    duplicates = [d for d in result.diagnostics if d.code == "duplicate-guid"]
    assert len(duplicates) == repeated
    assert {d.file for d in duplicates} <= {doc.source for doc in docs}
    assert [item.get(XML_LANG) for item in items] == [doc.lang for doc in docs]
    transmit_id = message.findtext("g:header/g:transmitId", namespaces=G2) or ""
    assert re.fullmatch(r"example\.com:20260102:[0-9a-f]{16}", transmit_id)
    assert message.findtext("g:header/g:sent", namespaces=G2) == "2026-01-02T03:04:00Z"
    assert [c.text for c in message.findall("g:header/g:channel", G2)] == ["ar", "fa"]


def test_corpus_outputs_are_reproducible() -> None:
    """Same input, same bytes: two conversions of the same articles are identical."""
    docs = [load(path) for path in CASES[:20]]
    for writer in (NewsMLWriter(), NinjsWriter()):
        assert [writer.write(d, NOW) for d in docs] == [writer.write(d, NOW) for d in docs]
    first = NewsMessageWriter().write_many(docs, NOW)
    assert first == NewsMessageWriter().write_many([load(p) for p in CASES[:20]], NOW)
