"""Golden files: the Arabic example as newsItem, newsMessage and ninjs, and a rich item."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest

import newsconv
from newsconv.model import Document
from newsconv.validate import validate_newsml, validate_ninjs
from newsconv.writers.base import WriterOptions
from newsconv.writers.newsml import NewsMessageWriter, NewsMLWriter
from newsconv.writers.ninjs import NinjsWriter

Golden = Callable[[str, str], None]
ALMATY = timezone(timedelta(hours=6))
OPTIONS = WriterOptions(now=datetime(2022, 1, 10, 18, 30, tzinfo=ALMATY))
RICH_META = {
    "headline": "توكاييف: كازاخستان نجت من محاولة انقلاب",
    "byline": "بقلم فريق التحرير",
    "dateline": "نور سلطان، 10 يناير",
    "date": "2022-01-10T17:05:00+06:00",
    "provider": "example.com",
    "slugline": "kazakhstan-coup",
    "subjects": "medtop:11000000",
    "keywords": "كازاخستان، روسيا",
    "urgency": "3",
    "copyright": "© 2022 example.com",
}


def example(example_text: str, meta: dict[str, str] | None = None) -> Document:
    return newsconv.parse(example_text, source="examples/kazakhstan.txt", meta=meta)


@pytest.fixture(autouse=True)
def _no_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def test_example_item(example_text: str, golden: Golden) -> None:
    xml = NewsMLWriter().write(example(example_text), OPTIONS)
    assert validate_newsml(xml) == []
    golden("newsml/kazakhstan.item.xml", xml.decode("utf-8"))


def test_example_message(example_text: str, golden: Golden) -> None:
    options = WriterOptions(now=OPTIONS.now, extra={"sender": "example.com", "channel": "world"})
    xml = NewsMessageWriter().write_many([example(example_text)], options)
    assert validate_newsml(xml) == []
    golden("newsml/kazakhstan.message.xml", xml.decode("utf-8"))


def test_example_ninjs(example_text: str, golden: Golden) -> None:
    text = NinjsWriter().write(example(example_text), OPTIONS)
    assert validate_ninjs(text) == []
    golden("newsml/kazakhstan.ninjs.json", text)


@pytest.mark.parametrize("body", ["xhtml", "nitf"])
def test_example_with_metadata(example_text: str, golden: Golden, body: str) -> None:
    options = WriterOptions(now=OPTIONS.now, extra={"body": body})
    xml = NewsMLWriter().write(example(example_text, RICH_META), options)
    assert validate_newsml(xml) == []
    golden(f"newsml/kazakhstan-meta.{body}.item.xml", xml.decode("utf-8"))
