"""Metadata mapping of the NewsML-G2 writer: each ``[meta]`` key lands in its element."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from lxml import etree

import newsconv
from newsconv.diagnostics import Severity, WriterError
from newsconv.iptc.catalog import G2_NS
from newsconv.model import Document
from newsconv.validate import validate_newsml
from newsconv.writers.base import WriterOptions
from newsconv.writers.newsml import NewsMLWriter
from newsconv.writers.xhtml import XHTML_NS, XML_LANG

NS = {"g": G2_NS, "h": XHTML_NS}
NOW = WriterOptions(now=datetime(2025, 3, 2, 8, 0, tzinfo=UTC))

RICH = """[meta]
headline: نمو الاقتصاد السعودي 3.2% في الربع الرابع
subheadline: القطاع غير النفطي يقود النمو
byline: بقلم سارة أحمد
dateline: الرياض، 1 مارس
date: 2025-03-01T09:00:00+03:00
updated: 2025-03-01T12:25:00+03:00
embargo: 2025-03-01T14:00:00+03:00
version: 3
slugline: economy-growth
keywords: التضخم، أسعار الفائدة
subjects: medtop:04000000, medtop:20000379
summary: أظهرت بيانات رسمية نمو الاقتصاد.
urgency: 4
genre: Analysis
provider: example.com
copyright: © 2025 وكالة المثال
creditline: وكالة المثال للأنباء
located: الرياض
pubstatus: withheld
signal: correction
ednote: تصحيح: تعديل نسبة النمو.
url: https://example.com/ar/news/42
desk: economy
[/meta]
أظهرت بيانات رسمية اليوم نمو الناتج المحلي الإجمالي بنسبة 3.2%، بحسب GASTAT.
[related]
البنك المركزي يثبت أسعار الفائدة | https://example.com/ar/news/31
تقرير بلا رابط
[/related]
"""


def item_of(doc: Document, options: WriterOptions = NOW) -> etree._Element:
    xml = NewsMLWriter().write(doc, options)
    assert validate_newsml(xml) == []
    return etree.fromstring(xml)


def rich(**overrides: str) -> Document:
    return newsconv.parse(RICH, source="rich.txt", meta=overrides or None)


def text(item: etree._Element, path: str) -> str | None:
    return item.findtext(path, namespaces=NS)


def attr(item: etree._Element, path: str, name: str) -> str | None:
    element = item.find(path, NS)
    assert element is not None, f"{path} is missing"
    return element.get(name)


def test_identity_attributes() -> None:
    item = item_of(rich())
    assert item.get("guid") == "urn:newsml:example.com:20250301:economy-growth"
    assert item.get("version") == "3"
    assert (item.get("standard"), item.get("standardversion")) == ("NewsML-G2", "2.35")
    assert item.get("conformance") == "power"
    assert (item.get(XML_LANG), item.get("dir")) == ("ar", "rtl")


def test_given_guid_wins() -> None:
    item = item_of(rich(guid="tag:example.com,2025:42"))
    assert item.get("guid") == "tag:example.com,2025:42"


def test_item_meta_mapping() -> None:
    item = item_of(rich())
    meta = "g:itemMeta/"
    assert attr(item, meta + "g:itemClass", "qcode") == "ninat:text"
    assert attr(item, meta + "g:provider", "literal") == "example.com"
    assert text(item, meta + "g:versionCreated") == "2025-03-01T12:25:00+03:00"
    assert text(item, meta + "g:firstCreated") == "2025-03-01T09:00:00+03:00"
    assert text(item, meta + "g:embargoed") == "2025-03-01T14:00:00+03:00"
    assert attr(item, meta + "g:pubStatus", "qcode") == "stat:withheld"
    assert text(item, meta + "g:edNote") == "تصحيح: تعديل نسبة النمو."
    assert attr(item, meta + "g:signal", "qcode") == "sig:correction"
    canonical = item.find(meta + "g:link[@rel='ncrel:canonical']", NS)
    assert canonical is not None and canonical.get("href") == "https://example.com/ar/news/42"


def test_related_articles_become_see_also_links() -> None:
    links = item_of(rich()).findall("g:itemMeta/g:link[@rel='irel:seeAlso']", NS)
    # a link needs href or residref: the related article without a URL is left to the body
    assert [link.get("href") for link in links] == ["https://example.com/ar/news/31"]
    titles = [link.find("g:title", NS) for link in links]
    assert [t.text for t in titles if t is not None] == ["البنك المركزي يثبت أسعار الفائدة"]
    body = item_of(rich()).find("g:contentSet/g:inlineXML/h:html/h:body", NS)
    assert body is not None and "تقرير بلا رابط" in "".join(body.itertext())
    assert all(t is not None and t.get("dir") == "rtl" for t in titles)


def test_content_meta_mapping() -> None:
    item = item_of(rich())
    cm = "g:contentMeta/"
    assert text(item, cm + "g:urgency") == "4"
    assert text(item, cm + "g:contentCreated") == "2025-03-01T09:00:00+03:00"
    assert text(item, cm + "g:contentModified") == "2025-03-01T12:25:00+03:00"
    assert text(item, cm + "g:located/g:name") == "الرياض"
    assert text(item, cm + "g:creator/g:name") == "سارة أحمد"
    assert attr(item, cm + "g:language", "tag") == "ar"
    assert attr(item, cm + "g:genre", "qcode") == "ncgenre:analysis"
    assert text(item, cm + "g:genre/g:name") == "Analysis"
    subjects = item.findall(cm + "g:subject", NS)
    assert [s.get("qcode") for s in subjects] == ["medtop:04000000", "medtop:20000379"]
    assert [k.text for k in item.findall(cm + "g:keyword", NS)] == ["التضخم", "أسعار الفائدة"]
    assert text(item, cm + "g:slugline") == "economy-growth"
    headline = item.find(cm + "g:headline", NS)
    assert headline is not None and headline.get("role") is None
    assert headline.text == "نمو الاقتصاد السعودي 3.2% في الربع الرابع"
    assert (headline.get(XML_LANG), headline.get("dir")) == ("ar", "rtl")
    sub = text(item, cm + "g:headline[@role='ncrole:subheadline']")
    assert sub == "القطاع غير النفطي يقود النمو"
    assert text(item, cm + "g:dateline") == "الرياض، 1 مارس"
    assert text(item, cm + "g:by") == "بقلم سارة أحمد"
    assert text(item, cm + "g:creditline") == "وكالة المثال للأنباء"
    assert (
        text(item, cm + "g:description[@role='drol:summary']") == "أظهرت بيانات رسمية نمو الاقتصاد."
    )
    assert attr(item, cm + "g:contentMetaExtProperty", "rel") == "ncprop:desk"
    assert attr(item, cm + "g:contentMetaExtProperty", "value") == "economy"


def test_content_meta_follows_schema_order() -> None:
    cm = item_of(rich()).find("g:contentMeta", NS)
    assert cm is not None
    names = [etree.QName(child).localname for child in cm]
    administrative = ["urgency", "contentCreated", "contentModified", "located", "creator"]
    assert names[: len(administrative)] == administrative
    assert names.index("language") < names.index("headline") < names.index("description")


def test_rights_info_when_copyright_is_known() -> None:
    item = item_of(rich())
    assert text(item, "g:rightsInfo/g:copyrightNotice") == "© 2025 وكالة المثال"
    assert text(item, "g:rightsInfo/g:copyrightHolder/g:name") == "example.com"
    plain = item_of(newsconv.parse("Just one paragraph of English text here."))
    assert plain.find("g:rightsInfo", NS) is None


def test_catalogs_declare_every_alias() -> None:
    item = item_of(rich())
    assert attr(item, "g:catalogRef", "href") == (
        "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_41.xml"
    )
    schemes = {s.get("alias"): s.get("uri") for s in item.findall("g:catalog/g:scheme", NS)}
    assert schemes["ncgenre"] == "https://example.com/newsconv/cv/genre/"
    assert schemes["ncrole"] == "https://example.com/newsconv/cv/role/"


def test_iptc_genre_is_kept_as_qcode() -> None:
    item = item_of(rich(genre="genre:Current"))
    assert attr(item, "g:contentMeta/g:genre", "qcode") == "genre:Current"


def test_byline_prefix_is_not_part_of_the_creator_name() -> None:
    item = item_of(rich(byline="By Jane Doe"))
    assert text(item, "g:contentMeta/g:creator/g:name") == "Jane Doe"
    assert text(item, "g:contentMeta/g:by") == "By Jane Doe"


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({}, None),
        ({"version": "2"}, "sig:update"),
        ({"signal": "update"}, "sig:update"),
        ({"version": "3", "pubstatus": "canceled"}, None),
        ({"version": "3", "pubstatus": "withheld"}, None),
    ],
)
def test_signal_from_version_or_metadata(meta: dict[str, str], expected: str | None) -> None:
    doc = newsconv.parse("[meta]\nheadline: H\n[/meta]\nSome body text here.", meta=meta)
    signal = item_of(doc).find("g:itemMeta/g:signal", NS)
    assert (signal.get("qcode") if signal is not None else None) == expected


@pytest.mark.parametrize("status", ["usable", "withheld", "canceled"])
def test_pub_status(status: str) -> None:
    item = item_of(rich(pubstatus=status))
    assert attr(item, "g:itemMeta/g:pubStatus", "qcode") == f"stat:{status}"


def test_bad_metadata_values_are_diagnostics_and_stay_out_of_the_item() -> None:
    source = RICH.replace("urgency: 4", "urgency: 12").replace(
        "embargo: 2025-03-01T14:00:00+03:00", "embargo: tomorrow"
    )
    result = newsconv.parse_with_diagnostics(source)
    bad = [d for d in result.diagnostics if d.code == "meta-value"]
    assert len(bad) == 2 and all(d.severity == Severity.ERROR for d in bad)
    item = item_of(result.document)
    assert item.find("g:contentMeta/g:urgency", NS) is None
    assert item.find("g:itemMeta/g:embargoed", NS) is None


def test_unknown_subject_scheme_is_a_literal_or_a_strict_error() -> None:
    doc = rich(subjects="medtop:04000000, acme:42")
    item = item_of(doc)
    literal = item.find("g:contentMeta/g:subject[@literal='acme:42']", NS)
    assert literal is not None and literal.get("qcode") is None
    with pytest.raises(WriterError, match="acme:42"):
        NewsMLWriter().write(doc, WriterOptions(now=NOW.now, strict=True))


def test_zone_is_kept_and_naive_dates_are_utc() -> None:
    item = item_of(rich(date="2025-03-01T09:00:00"))
    assert text(item, "g:itemMeta/g:firstCreated") == "2025-03-01T09:00:00Z"


def test_source_date_epoch_is_used_without_a_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1641805200")
    doc = newsconv.parse("Some body text without any metadata.", source="story.txt")
    item = item_of(doc, WriterOptions())
    assert text(item, "g:itemMeta/g:versionCreated") == "2022-01-10T09:00:00Z"
    assert item.get("guid") == "urn:newsml:unknown:20220110:story"
    assert NewsMLWriter().write(doc, WriterOptions()) == NewsMLWriter().write(doc, WriterOptions())


def test_guid_does_not_follow_the_text() -> None:
    corrected = RICH.replace("بنسبة 3.2%", "بنسبة 3.4%")
    first = item_of(newsconv.parse(RICH, source="rich.txt"))
    second = item_of(newsconv.parse(corrected, source="rich.txt", meta={"version": "4"}))
    assert first.get("guid") == second.get("guid")
    assert (first.get("version"), second.get("version")) == ("3", "4")


def test_guid_without_slugline_comes_from_the_file_stem_only() -> None:
    body = "[meta]\ndate: 2024-05-06\nprovider: Example News Agency\n[/meta]\nBody text here."
    guids = {
        item_of(newsconv.parse(body, source=source)).get("guid")
        for source in ("in/kazakhstan.txt", "kazakhstan.txt", "/abs/path/in/kazakhstan.txt")
    }
    assert guids == {"urn:newsml:example-news-agency:20240506:kazakhstan"}


def test_non_latin_slugline_is_percent_encoded() -> None:
    item = item_of(rich(slugline="اقتصاد نمو"))
    guid = item.get("guid") or ""
    assert (
        guid
        == "urn:newsml:example.com:20250301:%D8%A7%D9%82%D8%AA%D8%B5%D8%A7%D8%AF-%D9%86%D9%85%D9%88"
    )


def test_xhtml_body_holds_the_article_only() -> None:
    item = item_of(rich())
    html = item.find("g:contentSet/g:inlineXML/h:html", NS)
    assert html is not None
    inline = html.getparent()
    assert inline is not None and inline.get("contenttype") == "application/xhtml+xml"
    assert html.find(".//h:header", NS) is None  # headline, byline… are in contentMeta
    body_text = " ".join(html.find("h:body", NS).itertext())  # type: ignore[union-attr]
    assert "نمو الاقتصاد السعودي 3.2% في الربع الرابع" not in body_text
    assert inline.get("wordcount") == "22"  # words never run across block edges
    span = html.find(".//h:p/h:span[@dir='ltr']", NS)
    assert span is not None and span.text == "GASTAT"
    assert html.find("h:body/h:aside[@class='nc-related']", NS) is not None


def test_unknown_body_format_is_an_error() -> None:
    with pytest.raises(WriterError, match="body format"):
        NewsMLWriter().write(rich(), WriterOptions(extra={"body": "markdown"}))


def test_nitf_body_content_holds_blocks_only() -> None:
    item = item_of(rich(), WriterOptions(now=NOW.now, extra={"body": "nitf"}))
    content = item.find(".//n:body.content", {"n": "http://iptc.org/std/NITF/2006-10-18/"})
    assert content is not None and len(content)
    assert {etree.QName(child).localname for child in content} == {"block"}
    docdata = item.find(".//n:docdata/n:doc-id", {"n": "http://iptc.org/std/NITF/2006-10-18/"})
    assert docdata is not None and docdata.get("id-string") == item.get("guid")


def test_flat_xhtml_body_is_top_level_text_only() -> None:
    item = item_of(rich(), WriterOptions(now=NOW.now, extra={"body": "xhtml-flat"}))
    body = item.find("g:contentSet/g:inlineXML/h:html/h:body", NS)
    assert body is not None and len(body)
    assert {etree.QName(child).localname for child in body} <= {"p", "h2"}
    assert all(len(child) == 0 and child.text for child in body)
    assert "GASTAT" in "".join(body.itertext()) and "تقرير بلا رابط" in "".join(body.itertext())
