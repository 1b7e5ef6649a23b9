"""Only http, https, mailto and relative URLs reach an output, from the parser or the API."""

from __future__ import annotations

import html

import pytest

import newsconv
from newsconv.model import (
    Document,
    Figure,
    Link,
    Metadata,
    Paragraph,
    RelatedItem,
    RelatedList,
    Text,
)
from newsconv.writers import registry

from .harness import SCRIPT_URLS, output_urls, script_links, script_meta, unsafe_urls


def test_parser_drops_unsafe_targets_with_a_warning_and_keeps_the_text() -> None:
    source = script_links()
    result = newsconv.parse_with_diagnostics(source, source="links.txt")
    warnings = [d for d in result.diagnostics if d.code == "unsafe-url"]
    # two links and a related line per URL, three figures; an <a> whose href holds a "<"
    # is no tag at all (it stays text)
    tagless = sum("<" in url for url in SCRIPT_URLS)
    assert len(warnings) == 3 * len(SCRIPT_URLS) + 3 - tagless
    lines = source.splitlines()
    for warning in warnings:
        assert warning.file == "links.txt" and warning.line >= 2
        assert warning.column >= 1 and lines[warning.line - 1]
    text = newsconv.model.document_text(result.document)
    for index in range(len(SCRIPT_URLS)):
        assert f"linktext{index}" in text and f"anchortext{index}" in text
        assert f"Related title {index}" in text


def test_unsafe_metadata_urls_are_dropped() -> None:
    result = newsconv.parse_with_diagnostics(script_meta(), source="m.txt")
    assert result.document.meta.url is None
    assert not any(key == "image_url" for key, _ in result.document.meta.extra)
    lines = [d.line for d in result.diagnostics if d.code == "unsafe-url"]
    assert lines == [3, 4]


def test_unsafe_metadata_urls_from_the_api_are_dropped() -> None:
    result = newsconv.parse_with_diagnostics(
        "Body text of an article long enough.", meta={"url": "JavaScript:alert(1)"}
    )
    assert result.document.meta.url is None
    assert [d.code for d in result.diagnostics] == ["unsafe-url"]


@pytest.mark.parametrize("fmt", registry.names())
def test_parsed_script_links_reach_no_output(fmt: str) -> None:
    doc = newsconv.parse(script_links() + script_meta(), source="links.txt")
    out = newsconv.convert(doc, fmt)
    assert unsafe_urls(fmt, out) == []


def _api_document() -> Document:
    """A document built without the parser, holding script URLs everywhere a URL can go."""
    blocks = []
    for index, url in enumerate(SCRIPT_URLS):
        link = Link(url, (Text(f"linktext{index}"),))
        blocks.append(Paragraph((Text("Before "), link, Text(" after."))))
        blocks.append(Figure(url, "alt text", None, (Text(f"caption {index}"),)))
    items = tuple(RelatedItem(f"Related {i}", url) for i, url in enumerate(SCRIPT_URLS))
    blocks.append(RelatedList(items))
    meta = Metadata(
        headline="Headline",
        url="javascript:alert(1)",
        guid="javascript:alert(2)",
        extra=(("image_url", "data:text/html,x"), ("note", "kept")),
    )
    return Document(tuple(blocks), meta, "en", "ltr", "api")


@pytest.mark.parametrize("fmt", registry.names())
def test_api_documents_cannot_smuggle_script_urls(fmt: str) -> None:
    out = newsconv.convert(_api_document(), fmt)
    assert unsafe_urls(fmt, out) == []
    if fmt not in ("pdf", "epub"):
        text = out if isinstance(out, str) else out.decode("utf-8")
        assert "linktext7" in html.unescape(text)


def test_safe_links_survive_in_every_format() -> None:
    doc = newsconv.parse('See [link url="https://example.com/x"]this[/link] article text.')
    for fmt in registry.names():
        urls = list(output_urls(fmt, newsconv.convert(doc, fmt)))
        assert "https://example.com/x" in urls, fmt
