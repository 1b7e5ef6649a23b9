"""What every writer checks before rendering a document, whoever built it.

The parser already refuses unsafe URLs and limits nesting, but a document can also be
built through the API or loaded from model JSON. :func:`safe_document` gives writers a
document they can render without recursing past the stack or writing a script URL:
links to unsafe targets become plain spans (their text kept), unsafe image sources and
related URLs are dropped, and inline or container nesting beyond
:data:`~newsconv.model.MAX_INLINE_DEPTH` / :data:`~newsconv.model.MAX_BLOCK_DEPTH` is
flattened, keeping every character.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterator
from typing import assert_never

from ..model import (
    MAX_BLOCK_DEPTH,
    MAX_INLINE_DEPTH,
    Block,
    Bold,
    Box,
    Columns,
    Document,
    Figure,
    Heading,
    Inline,
    Italic,
    LineBreak,
    Link,
    ListBlock,
    Metadata,
    Paragraph,
    Quote,
    RelatedList,
    Span,
    Text,
    inline_leaves,
)
from ..text.urls import is_url_key, safe_url

log = logging.getLogger("newsconv")

_CONTAINERS = (Columns, Quote, Box)


def safe_document(doc: Document) -> Document:
    """``doc`` itself when it is safe to render, else a copy made safe (logged once)."""
    if not _needs_repair(doc):
        return doc
    log.warning(
        "%s: unsafe URLs dropped or nesting deeper than %d levels flattened before writing",
        doc.source,
        MAX_INLINE_DEPTH,
    )
    blocks = tuple(_blocks(doc.blocks, 0))
    return dataclasses.replace(doc, blocks=blocks, meta=_meta(doc.meta))


# ----------------------------------------------------------------------------- detection


def _needs_repair(doc: Document) -> bool:
    meta = doc.meta
    if meta.url and safe_url(meta.url) is None:
        return True
    if any(is_url_key(key) and value and safe_url(value) is None for key, value in meta.extra):
        return True
    return any(_block_needs_repair(block, depth) for block, depth in _blocks_with_depth(doc))


def _blocks_with_depth(doc: Document) -> Iterator[tuple[Block, int]]:
    stack: list[tuple[Block, int]] = [(block, 0) for block in reversed(doc.blocks)]
    while stack:
        block, depth = stack.pop()
        yield block, depth
        if isinstance(block, _CONTAINERS):
            stack.extend((child, depth + 1) for child in reversed(block.children))


def _block_needs_repair(block: Block, depth: int) -> bool:
    match block:
        case Columns() | Quote() | Box():
            return depth >= MAX_BLOCK_DEPTH
        case Paragraph() | Heading():
            return _inlines_need_repair(block.children)
        case Figure():
            unsafe_src = bool(block.src) and safe_url(block.src) is None
            return unsafe_src or _inlines_need_repair(block.caption)
        case RelatedList():
            return any(item.url and safe_url(item.url) is None for item in block.items)
        case ListBlock():
            return any(_inlines_need_repair(item.children) for item in block.items)
        case _:
            assert_never(block)


def _inlines_need_repair(nodes: tuple[Inline, ...]) -> bool:
    stack: list[tuple[Inline, int]] = [(node, 1) for node in nodes]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, Text | LineBreak):
            continue
        if depth > MAX_INLINE_DEPTH:
            return True
        if isinstance(node, Link) and safe_url(node.url) is None:
            return True
        stack.extend((child, depth + 1) for child in node.children)
    return False


# ----------------------------------------------------------------------------- repair


def _meta(meta: Metadata) -> Metadata:
    extra = tuple(
        (key, value)
        for key, value in meta.extra
        if not (is_url_key(key) and value and safe_url(value) is None)
    )
    url = meta.url if meta.url and safe_url(meta.url) is not None else None
    return dataclasses.replace(meta, url=url, extra=extra)


def _blocks(blocks: tuple[Block, ...], depth: int) -> Iterator[Block]:
    for block in blocks:
        if isinstance(block, _CONTAINERS) and depth >= MAX_BLOCK_DEPTH:
            yield from (_block(leaf, depth) for leaf in _leaf_blocks(block.children))
        else:
            yield _block(block, depth)


def _leaf_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """The non-container blocks inside ``blocks``, in reading order (no recursion)."""
    stack: list[Iterator[Block]] = [iter(blocks)]
    while stack:
        block = next(stack[-1], None)
        if block is None:
            stack.pop()
        elif isinstance(block, _CONTAINERS):
            stack.append(iter(block.children))
        else:
            yield block


def _block(block: Block, depth: int) -> Block:
    match block:
        case Columns() | Quote() | Box():
            return dataclasses.replace(block, children=tuple(_blocks(block.children, depth + 1)))
        case Paragraph() | Heading():
            return dataclasses.replace(block, children=_inlines(block.children, 1))
        case Figure():
            src = block.src if safe_url(block.src) is not None else ""
            return dataclasses.replace(block, src=src, caption=_inlines(block.caption, 1))
        case RelatedList():
            related = tuple(
                dataclasses.replace(item, url=item.url if safe_url(item.url) else None)
                for item in block.items
            )
            return dataclasses.replace(block, items=related)
        case ListBlock():
            entries = tuple(
                dataclasses.replace(item, children=_inlines(item.children, 1))
                for item in block.items
            )
            return dataclasses.replace(block, items=entries)
        case _:
            assert_never(block)


def _inlines(nodes: tuple[Inline, ...], depth: int) -> tuple[Inline, ...]:
    repaired: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text | LineBreak):
            repaired.append(node)
        elif depth > MAX_INLINE_DEPTH:
            repaired.extend(inline_leaves(node.children))
        elif isinstance(node, Link) and safe_url(node.url) is None:
            repaired.append(Span(_inlines(node.children, depth + 1), pos=node.pos))
        elif isinstance(node, Bold | Italic | Link | Span):
            repaired.append(dataclasses.replace(node, children=_inlines(node.children, depth + 1)))
    return tuple(repaired)
