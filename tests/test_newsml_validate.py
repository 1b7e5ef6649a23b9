"""Offline validation helpers: schema errors, zones, QCode aliases, no network."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from lxml import etree

import newsconv
from newsconv.validate import (
    NetworkRefused,
    newsml_schema,
    validate_newsml,
    validate_ninjs,
)
from newsconv.writers.base import WriterOptions
from newsconv.writers.newsml import NewsMLWriter

NOW = WriterOptions(now=datetime(2025, 3, 2, 8, 0, tzinfo=UTC))


@pytest.fixture
def item_xml() -> str:
    doc = newsconv.parse("[meta]\nheadline: Hello\n[/meta]\nA paragraph.", source="a.txt")
    return NewsMLWriter().write(doc, NOW).decode("utf-8")


def test_valid_item_has_no_problems(item_xml: str) -> None:
    assert validate_newsml(item_xml) == []
    assert validate_newsml(item_xml) == []


def test_schema_errors_are_reported_with_lines(item_xml: str) -> None:
    broken = item_xml.replace('<itemClass qcode="ninat:text"/>', "")
    problems = validate_newsml(broken)
    assert problems and all(p.startswith("line ") for p in problems)
    assert any("provider" in p and "itemClass" in p for p in problems)


def test_missing_time_zone_is_reported(item_xml: str) -> None:
    zoneless = item_xml.replace("2025-03-02T08:00:00Z", "2025-03-02T08:00:00")
    problems = validate_newsml(zoneless)
    assert len(problems) == 2 and all("has no time zone" in p for p in problems)


def test_undeclared_qcode_alias_is_reported(item_xml: str) -> None:
    problems = validate_newsml(item_xml.replace("ninat:text", "nonesuch:text"))
    assert problems == [
        "line 11: QCode 'nonesuch:text' in @qcode: scheme alias 'nonesuch' is not declared "
        "in a catalog"
    ]


def test_inline_catalog_declares_aliases(item_xml: str) -> None:
    assert validate_newsml(item_xml.replace('rel="irel:', 'rel="ncrel:')) == []
    without_catalog_ref = item_xml.replace("catalog.IPTC-G2-Standards_41.xml", "other.xml")
    assert validate_newsml(without_catalog_ref) == []  # unknown remote catalog: not judged


def test_malformed_xml() -> None:
    assert validate_newsml("<newsItem>")[0].startswith("line 1: not well-formed XML")


def test_nitf_bodies_are_schema_checked(item_xml: str) -> None:
    doc = newsconv.parse("[meta]\nheadline: Hello\n[/meta]\nA paragraph.", source="a.txt")
    options = WriterOptions(now=NOW.now, extra={"body": "nitf"})
    nitf = NewsMLWriter().write(doc, options).decode("utf-8")
    assert validate_newsml(nitf) == []
    broken = nitf.replace("<body.content>", "<body.content><nonsense/>")
    assert any("nonsense" in p for p in validate_newsml(broken))


def test_schema_loads_offline_and_is_cached() -> None:
    assert newsml_schema() is newsml_schema()
    assert newsml_schema(with_nitf=True) is not newsml_schema()


def test_remote_schema_imports_are_refused() -> None:
    xsd = (
        b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        b'<xs:import namespace="urn:x" schemaLocation="http://example.com/x.xsd"/></xs:schema>'
    )
    from newsconv.validate import _parser

    with pytest.raises((NetworkRefused, etree.XMLSchemaParseError)):
        etree.XMLSchema(etree.fromstring(xsd, _parser()))


def test_ninjs_problems() -> None:
    assert validate_ninjs('{"uri": "urn:x:1"}') == []
    problems = validate_ninjs('{"uri": "not a uri", "versionCreated": "2025-03-01T09:00", "x": 1}')
    assert any(p.startswith("uri:") for p in problems)
    assert any(p.startswith("versionCreated:") for p in problems)
    assert any("'x' was unexpected" in p for p in problems)
    assert validate_ninjs("{")[0].startswith("line 1: not valid JSON")


@pytest.mark.parametrize(
    ("moment", "valid"),
    [
        ("2025-03-01T09:00:00Z", True),
        ("2025-03-01T09:00:00.250+03:00", True),
        ("2025-03-01T09:00:00", False),
        ("2025-02-30T09:00:00Z", False),
    ],
)
def test_ninjs_date_times_need_a_zone(moment: str, valid: bool) -> None:
    problems = validate_ninjs(f'{{"uri": "urn:x:1", "firstCreated": "{moment}"}}')
    assert (problems == []) is valid


def test_ninjs_remote_references_are_refused() -> None:
    geo = '{"uri": "urn:x:1", "places": [{"name": "x", "geoJSON": {"type": "Point"}}]}'
    assert validate_ninjs(geo)[0].startswith("cannot check offline")


def test_lists_in_nitf_bodies_validate() -> None:
    doc = newsconv.parse(
        "Body text long enough to be a paragraph here.\n<ol><li>One</li><li>Two</li></ol>"
    )
    for body in ("xhtml", "nitf"):
        xml = NewsMLWriter().write(doc, WriterOptions(now=NOW.now, extra={"body": body}))
        assert validate_newsml(xml) == []
        assert b"<ol" in xml and b"<li>Two</li>" in xml
