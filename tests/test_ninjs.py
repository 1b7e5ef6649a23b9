"""ninjs 3.1 writer: metadata mapping, body, associations, schema validity."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from lxml import etree

import newsconv
from newsconv.model import Document
from newsconv.validate import validate_ninjs
from newsconv.writers.base import WriterOptions
from newsconv.writers.newsml import NewsMLWriter
from newsconv.writers.ninjs import NinjsWriter
from newsconv.writers.xhtml import XML_LANG, text_of

NOW = WriterOptions(now=datetime(2025, 3, 2, 8, 0, tzinfo=UTC))
SOURCE = """[meta]
headline: Growth beats forecasts
subheadline: Non-oil sector leads
byline: By Jane Doe
dateline: RIYADH, March 1
date: 2025-03-01T09:00:00+03:00
updated: 2025-03-01T12:25:00+03:00
embargo: 2025-03-01T14:00:00+03:00
version: 2
slugline: economy-growth
keywords: inflation, rates
subjects: medtop:04000000, acme:7
summary: Official data show growth.
urgency: 3
genre: genre:Current
provider: example.com
copyright: (c) 2025 Example
located: Riyadh
pubstatus: usable
ednote: Corrects the growth figure.
url: https://example.com/news/42
[/meta]
The economy grew 3.2% according to «الهيئة العامة للإحصاء».
[related]
Central bank holds rates | https://example.com/news/31
A report without a link
[/related]
"""


def ninjs(doc: Document) -> dict[str, Any]:
    text = NinjsWriter().write(doc, NOW)
    assert validate_ninjs(text) == []
    data = json.loads(text)
    assert isinstance(data, dict)
    return data


def test_identity_and_dates() -> None:
    data = ninjs(newsconv.parse(SOURCE))
    item = etree.fromstring(NewsMLWriter().write(newsconv.parse(SOURCE), NOW))
    assert data["uri"] == item.get("guid") == "urn:newsml:example.com:20250301:economy-growth"
    assert data["standard"]["version"] == "3.1"
    assert data["version"] == "2"
    assert data["firstCreated"] == data["contentCreated"] == "2025-03-01T09:00:00+03:00"
    assert data["versionCreated"] == "2025-03-01T12:25:00+03:00"
    assert data["embargoedUntil"] == "2025-03-01T14:00:00+03:00"


def test_metadata_mapping() -> None:
    data = ninjs(newsconv.parse(SOURCE))
    assert data["type"] == "text" and data["pubStatus"] == "usable"
    assert data["urgency"] == 3 and data["language"] == "en"
    assert data["headlines"] == [
        {"role": "main", "value": "Growth beats forecasts"},
        {"role": "sub", "value": "Non-oil sector leads"},
    ]
    assert data["by"] == "By Jane Doe" and data["located"] == "Riyadh"
    assert data["slugline"] == "economy-growth" and data["edNote"] == "Corrects the growth figure."
    assert data["copyrightHolder"] == "example.com"
    assert data["copyrightNotice"] == "(c) 2025 Example"
    roles = {d["role"]: d["value"] for d in data["descriptions"]}
    assert roles == {"summary": "Official data show growth."}
    assert data["genres"] == [
        {"literal": "genre:Current", "uri": "http://cv.iptc.org/newscodes/genre/Current"}
    ]
    assert data["altIds"] == [{"role": "url", "value": "https://example.com/news/42"}]


def test_subjects_and_keywords() -> None:
    subjects = ninjs(newsconv.parse(SOURCE))["subjects"]
    assert subjects[0] == {
        "literal": "medtop:04000000",
        "rel": "about",
        "uri": "http://cv.iptc.org/newscodes/mediatopic/04000000",
    }
    assert subjects[1] == {"literal": "acme:7", "rel": "about"}
    assert subjects[2:] == [
        {"name": "inflation", "rel": "keyword"},
        {"name": "rates", "rel": "keyword"},
    ]


def test_related_articles_with_a_url_are_associations() -> None:
    data = ninjs(newsconv.parse(SOURCE))
    associations = data["associations"]
    assert [a["uri"] for a in associations] == ["https://example.com/news/31"]
    assert [a["headlines"][0]["value"] for a in associations] == ["Central bank holds rates"]
    assert {a["rel"] for a in associations} == {"seeAlso"}
    assert "A report without a link" in data["bodies"][0]["value"]  # its title stays in the body


def test_dateline_is_located_when_no_place_is_given() -> None:
    data = ninjs(newsconv.parse(SOURCE.replace("located: Riyadh\n", "")))
    assert data["located"] == "RIYADH, March 1"
    assert all(d["role"] != "dateline" for d in data["descriptions"])


def test_body_is_xhtml_with_language_direction_and_isolated_runs() -> None:
    body = ninjs(newsconv.parse(SOURCE))["bodies"][0]
    assert body["contentType"] == "application/xhtml+xml"
    div = etree.fromstring(body["value"].encode("utf-8"))
    assert (div.get("lang"), div.get(XML_LANG), div.get("dir")) == ("en", "en", "ltr")
    spans = [s for s in div.iter("{*}span") if s.get("dir") == "rtl"]
    assert [s.text for s in spans] == ["الهيئة العامة للإحصاء"]
    assert body["wordCount"] == len(text_of(div).split())


def test_arabic_example_without_metadata(example_text: str) -> None:
    data = ninjs(newsconv.parse(example_text, source="examples/kazakhstan.txt"))
    assert data["language"] == "ar"
    assert data["versionCreated"] == "2025-03-02T08:00:00Z"
    div = etree.fromstring(data["bodies"][0]["value"].encode("utf-8"))
    assert div.get("dir") == "rtl"
    assert "associations" not in data  # its related articles have no URL


def test_output_is_reproducible() -> None:
    doc = newsconv.parse(SOURCE)
    assert NinjsWriter().write(doc, NOW) == NinjsWriter().write(newsconv.parse(SOURCE), NOW)
