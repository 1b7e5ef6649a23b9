"""What every writer checks before rendering a document, whoever built it.

The parser already refuses unsafe URLs and limits nesting, but a document can also be
built through the API or loaded from model JSON. :func:`safe_document` gives writers a
document they can render without recursing past the stack or writing a script URL:
links to unsafe targets become plain spans (their text kept), unsafe image sources and
related URLs are dropped, and inline or container nesting beyond
:data:`~newsconv.model.MAX_INLINE_DEPTH` / :data:`~newsconv.model.MAX_BLOCK_DEPTH` is
flattened, keeping every character. Each repair is reported to the writer's diagnostics
as the parser reports it (``unsafe-url``, ``too-deep``), at the node's source position when
the document has one; under ``--strict`` it fails the output like any writer warning.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import assert_never

from ..model import (
    MAX_BLOCK_DEPTH,
    MAX_INLINE_DEPTH,
    NOWHERE,
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
    Position,
    Quote,
    RelatedList,
    Span,
    Text,
    inline_leaves,
)
from ..text.urls import is_url_key, safe_url, unsafe_reason
from .base import WriterOptions

_CONTAINERS = (Columns, Quote, Box)
_INLINE_TOO_DEEP = (
    f"inline markup nests deeper than {MAX_INLINE_DEPTH} levels;"
    " the formatting of deeper levels is dropped, their text kept"
)
_BLOCK_TOO_DEEP = (
    f"containers nest deeper than {MAX_BLOCK_DEPTH} levels;"
    " the deeper ones are flattened, their content kept"
)


def safe_document(doc: Document, options: WriterOptions) -> Document:
    """``doc`` itself when it is safe to render, else a copy made safe, each repair
    reported to ``options`` as a warning."""
    if not _needs_repair(doc):
        return doc
    repairs = _Repairs()
    meta = _meta(doc.meta, repairs)
    blocks = tuple(_blocks(doc.blocks, 0, repairs))
    for code, message, pos in repairs.found():
        options.warn(doc, code, message, pos)
    return dataclasses.replace(doc, blocks=blocks, meta=meta)


class _Repairs:
    """The repairs made to one document: unsafe URLs one each, too deep nesting once a line
    (once for a document without positions), as the parser reports them."""

    __slots__ = ("_found",)

    def __init__(self) -> None:
        self._found: dict[tuple[str, str, int, int], tuple[str, str, Position]] = {}

    def unsafe(self, what: str, url: str, pos: Position) -> None:
        """``url`` (``what`` it was) was dropped."""
        reason = unsafe_reason(url) or "nothing is left of it once blanks are removed"
        message = f"{what} dropped: {reason}"
        key = ("unsafe-url", message, pos.line, pos.column)
        self._found.setdefault(key, ("unsafe-url", message, pos))

    def too_deep(self, message: str, pos: Position) -> None:
        """Formatting or containers at ``pos`` were flattened."""
        self._found.setdefault(("too-deep", message, pos.line, 0), ("too-deep", message, pos))

    def found(self) -> list[tuple[str, str, Position]]:
        """Code, message and position of each repair, in document order."""
        return list(self._found.values())


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


def _kept(url: str | None, what: str, pos: Position, repairs: _Repairs) -> bool:
    """True when ``url`` may be written (or there is none); an unsafe one is reported."""
    return not url or _safe(url, what, pos, repairs)


def _safe(url: str, what: str, pos: Position, repairs: _Repairs) -> bool:
    """True when ``url`` may be written; otherwise it is reported."""
    if safe_url(url) is not None:
        return True
    repairs.unsafe(what, url, pos)
    return False


def _meta(meta: Metadata, repairs: _Repairs) -> Metadata:
    extra = tuple(
        (key, value)
        for key, value in meta.extra
        if not is_url_key(key) or _kept(value, f"metadata {key}", NOWHERE, repairs)
    )
    url = meta.url if _kept(meta.url, "metadata url", NOWHERE, repairs) else None
    return dataclasses.replace(meta, url=url, extra=extra)


def _blocks(blocks: tuple[Block, ...], depth: int, repairs: _Repairs) -> Iterator[Block]:
    for block in blocks:
        if isinstance(block, _CONTAINERS) and depth >= MAX_BLOCK_DEPTH:
            repairs.too_deep(_BLOCK_TOO_DEEP, block.pos)
            yield from (_block(leaf, depth, repairs) for leaf in _leaf_blocks(block.children))
        else:
            yield _block(block, depth, repairs)


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


def _block(block: Block, depth: int, repairs: _Repairs) -> Block:
    match block:
        case Columns() | Quote() | Box():
            children = tuple(_blocks(block.children, depth + 1, repairs))
            return dataclasses.replace(block, children=children)
        case Paragraph() | Heading():
            return dataclasses.replace(block, children=_inlines(block.children, 1, repairs))
        case Figure():
            src = block.src if _kept(block.src, "image source", block.pos, repairs) else ""
            caption = _inlines(block.caption, 1, repairs)
            return dataclasses.replace(block, src=src, caption=caption)
        case RelatedList():
            related = tuple(
                item
                if _kept(item.url, "related link", item.pos, repairs)
                else dataclasses.replace(item, url=None)
                for item in block.items
            )
            return dataclasses.replace(block, items=related)
        case ListBlock():
            entries = tuple(
                dataclasses.replace(item, children=_inlines(item.children, 1, repairs))
                for item in block.items
            )
            return dataclasses.replace(block, items=entries)
        case _:
            assert_never(block)


def _inlines(nodes: tuple[Inline, ...], depth: int, repairs: _Repairs) -> tuple[Inline, ...]:
    repaired: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text | LineBreak):
            repaired.append(node)
        elif depth > MAX_INLINE_DEPTH:
            repairs.too_deep(_INLINE_TOO_DEEP, node.pos)
            repaired.extend(inline_leaves(node.children))
        elif isinstance(node, Link) and not _safe(node.url, "link target", node.pos, repairs):
            repaired.append(Span(_inlines(node.children, depth + 1, repairs), pos=node.pos))
        elif isinstance(node, Bold | Italic | Link | Span):
            children = _inlines(node.children, depth + 1, repairs)
            repaired.append(dataclasses.replace(node, children=children))
    return tuple(repaired)
