"""A flat XHTML body: top-level ``p`` and ``h2`` elements holding plain text only.

Some ingest code keeps only the text directly inside each child of ``body`` and drops
nested elements (a ``div``, an ``aside``, a ``b`` inside a paragraph). This layout gives
such consumers every word: containers are unwrapped, inline formatting is left out, list
items, captions, citations and related titles become paragraphs of their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import assert_never

from lxml import etree

from ..model import (
    Block,
    Box,
    Columns,
    Document,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    RelatedList,
    inline_text,
)
from ..text.controls import strip_xml_illegal
from ..text.labels import related_label
from .xhtml import BodyRenderer


def flat_lines(doc: Document, blocks: tuple[Block, ...]) -> Iterator[tuple[str, str]]:
    """``(tag, text)`` of each top-level element, in reading order; empty texts skipped."""
    for block in blocks:
        yield from _block_lines(doc, block)


def _block_lines(doc: Document, block: Block) -> Iterator[tuple[str, str]]:
    match block:
        case Paragraph():
            yield "p", inline_text(block.children)
        case Heading():
            yield "h2", inline_text(block.children)
        case Columns():
            yield from flat_lines(doc, block.children)
        case Quote():
            yield from flat_lines(doc, block.children)
            yield "p", block.cite or ""
        case Box():
            yield "h2", block.title or ""
            yield from flat_lines(doc, block.children)
        case Figure():
            yield "p", " ".join(filter(None, [inline_text(block.caption), block.credit]))
        case ListBlock():
            for item in block.items:
                yield "p", inline_text(item.children)
        case RelatedList():
            if block.items:
                yield "h2", block.title or related_label(doc.lang)
            for related in block.items:
                yield "p", related.title
        case _:
            assert_never(block)


def render_flat(renderer: BodyRenderer, body: etree._Element) -> None:
    """Append the flat body of ``renderer.doc`` to ``body``: one element per line of text."""
    for tag, text in flat_lines(renderer.doc, renderer.doc.blocks):
        cleaned = " ".join(strip_xml_illegal(text).split())
        if cleaned:
            renderer.element(tag, body).text = cleaned
