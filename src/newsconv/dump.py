"""A readable, indented tree of a document (``newsconv inspect``, parser goldens)."""

from __future__ import annotations

import dataclasses
from typing import assert_never

from .model import (
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
    Paragraph,
    Position,
    Quote,
    RelatedList,
    Span,
    Text,
)

INDENT = "  "


def tree(doc: Document) -> str:
    """The document as an indented tree, one node a line, with ``@line:column`` positions."""
    lines = [f"Document lang={doc.lang} dir={doc.dir} source={doc.source}"]
    lines.extend(_meta_lines(doc))
    for block in doc.blocks:
        lines.extend(_block(block, 1))
    return "\n".join(lines) + "\n"


def _meta_lines(doc: Document) -> list[str]:
    lines = [f"{INDENT}Metadata"]
    for field in dataclasses.fields(doc.meta):
        value = getattr(doc.meta, field.name)
        default = field.default if field.default is not dataclasses.MISSING else None
        if value != default and value != ():
            shown = value.isoformat() if hasattr(value, "isoformat") else value
            lines.append(f"{INDENT * 2}{field.name}: {shown!r}")
    return lines


def _at(pos: Position) -> str:
    return f"@{pos.line}:{pos.column}"


def _langdir(node: object) -> str:
    parts = [f"{key}={value}" for key in ("lang", "dir") if (value := getattr(node, key, None))]
    return (" " + " ".join(parts)) if parts else ""


def _block(block: Block, depth: int) -> list[str]:
    pad = INDENT * depth
    match block:
        case Paragraph():
            return [
                f"{pad}Paragraph {_at(block.pos)}{_langdir(block)}",
                *_inlines(block.children, depth + 1),
            ]
        case Heading():
            mark = " inferred" if block.inferred else ""
            mark += f" level={block.level}" if block.level != 1 else ""
            head = f"{pad}Heading {_at(block.pos)}{mark}{_langdir(block)}"
            return [head, *_inlines(block.children, depth + 1)]
        case Columns():
            return [
                f"{pad}Columns count={block.count} {_at(block.pos)}",
                *_blocks(block.children, depth + 1),
            ]
        case Quote():
            cite = f" cite={block.cite!r}" if block.cite else ""
            return [f"{pad}Quote {_at(block.pos)}{cite}", *_blocks(block.children, depth + 1)]
        case Box():
            title = f" title={block.title!r}" if block.title else ""
            return [f"{pad}Box {_at(block.pos)}{title}", *_blocks(block.children, depth + 1)]
        case Figure():
            head = f"{pad}Figure {_at(block.pos)} src={block.src!r} alt={block.alt!r}"
            credit = f" credit={block.credit!r}" if block.credit else ""
            decorative = " decorative" if block.decorative else ""
            return [head + credit + decorative, *_inlines(block.caption, depth + 1)]
        case RelatedList():
            mark = " inferred" if block.inferred else ""
            title = f" title={block.title!r}" if block.title else ""
            lines = [f"{pad}RelatedList {_at(block.pos)}{mark}{title}"]
            for item in block.items:
                url = f" url={item.url!r}" if item.url else ""
                lines.append(
                    f"{pad}{INDENT}Item {_at(item.pos)}{_langdir(item)}{url} {item.title!r}"
                )
            return lines
        case ListBlock():
            kind = "ordered" if block.ordered else "bulleted"
            lines = [f"{pad}List {kind} {_at(block.pos)}"]
            for entry in block.items:
                lines.append(f"{pad}{INDENT}Item {_at(entry.pos)}{_langdir(entry)}")
                lines.extend(_inlines(entry.children, depth + 2))
            return lines
        case _:
            assert_never(block)


def _blocks(blocks: tuple[Block, ...], depth: int) -> list[str]:
    return [line for block in blocks for line in _block(block, depth)]


def _inlines(nodes: tuple[Inline, ...], depth: int) -> list[str]:
    return [line for node in nodes for line in _inline(node, depth)]


def _inline(node: Inline, depth: int) -> list[str]:
    pad = INDENT * depth
    match node:
        case Text():
            return [f"{pad}Text {_at(node.pos)} {node.text!r}"]
        case LineBreak():
            return [f"{pad}LineBreak {_at(node.pos)}"]
        case Bold() | Italic():
            return [
                f"{pad}{type(node).__name__} {_at(node.pos)}",
                *_inlines(node.children, depth + 1),
            ]
        case Link():
            return [
                f"{pad}Link {_at(node.pos)} url={node.url!r}",
                *_inlines(node.children, depth + 1),
            ]
        case Span():
            return [
                f"{pad}Span {_at(node.pos)}{_langdir(node)}",
                *_inlines(node.children, depth + 1),
            ]
        case _:
            assert_never(node)
