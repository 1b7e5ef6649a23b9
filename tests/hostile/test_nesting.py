"""Any depth of nesting: the parser and every writer finish, keep the text and report it."""

from __future__ import annotations

import pytest

import newsconv
from newsconv.model import (
    MAX_INLINE_DEPTH,
    Bold,
    Box,
    Document,
    Inline,
    Italic,
    Paragraph,
    Quote,
    Span,
    Text,
    document_text,
)
from newsconv.writers import registry

from .harness import deep_blocks, deep_html, deep_inline


def inline_depth(nodes: tuple[Inline, ...]) -> int:
    deepest = 0
    stack = [(node, 1) for node in nodes]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, Bold | Italic | Span):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in node.children)
    return deepest


@pytest.mark.parametrize("source", [deep_inline(5000), deep_html(5000)], ids=["short", "html"])
def test_parser_limits_depth_and_keeps_the_text(source: str) -> None:
    result = newsconv.parse_with_diagnostics(source, source="deep.txt")
    [paragraph] = result.document.blocks
    assert isinstance(paragraph, Paragraph)
    assert inline_depth(paragraph.children) == MAX_INLINE_DEPTH
    text = document_text(result.document)
    assert "deepword" in text or "htmlword" in text
    assert text.startswith("Start of a paragraph") and text.endswith("end of it.")
    too_deep = [d for d in result.diagnostics if d.code == "too-deep"]
    assert len(too_deep) == 1 and too_deep[0].line == 1


def test_nesting_within_the_limit_is_kept() -> None:
    doc = newsconv.parse(deep_inline(MAX_INLINE_DEPTH) + " more words here.")
    [paragraph] = doc.blocks
    assert isinstance(paragraph, Paragraph)
    assert inline_depth(paragraph.children) == MAX_INLINE_DEPTH


@pytest.mark.parametrize("fmt", registry.names())
@pytest.mark.parametrize("source", [deep_inline(3000), deep_html(3000), deep_blocks(300)])
def test_every_writer_renders_deep_markup(fmt: str, source: str) -> None:
    out = newsconv.convert(newsconv.parse(source), fmt)
    if fmt not in ("pdf", "epub"):
        text = out if isinstance(out, str) else out.decode("utf-8")
        assert any(word in text for word in ("deepword", "htmlword", "blockword"))


def _deep_api_document(depth: int) -> Document:
    node: Inline = Text("innermost")
    for level in range(depth):
        node = (Bold, Italic)[level % 2]((Text(f"w{level} "), node))
    block: Paragraph | Quote | Box = Paragraph((node,))
    for level in range(depth):
        block = Quote((block,)) if level % 2 else Box((block,), title=f"box {level}")
    return Document((block,), lang="en", source="api")


@pytest.mark.parametrize("fmt", registry.names())
def test_every_writer_flattens_deep_api_documents(fmt: str) -> None:
    out = newsconv.convert(_deep_api_document(2000), fmt)
    if fmt not in ("pdf", "epub"):
        text = out if isinstance(out, str) else out.decode("utf-8")
        assert "innermost" in text and "w0 " in text and "w1999 " in text
