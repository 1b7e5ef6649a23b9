"""Why each line got its role: one row a source line, with the rule or the features that
decided it (``newsconv inspect --explain``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ..model import (
    Block,
    Box,
    Columns,
    Document,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Position,
    Quote,
    RelatedList,
    inline_text,
)
from .infer.shapes import line_of, words

SNIPPET_CHARS = 48
_SHAPES = {
    "body": "running text",
    "short": "short, but not between body text",
    "question": "a short question, but not between body text",
    "item": "a list entry (bullet or number)",
    "pair": "two names joined by a dash (fixture, byline)",
    "fact": "a 'Label: value' fact line",
    "separator": "no letters: a separator",
}


@dataclass(frozen=True, slots=True)
class Row:
    """One explained line: where it is, the role it got, why, and how it starts."""

    line: int
    role: str
    why: str
    text: str


def explain(doc: Document, notes: Mapping[Position, str]) -> str:
    """A table of every line with a role, in source order: line number, role, reason and
    the line's first words. ``notes`` are the reasons the parser recorded, by position
    (see :func:`~newsconv.markup.parse_document`); a noted line that is no block of the
    body is the one taken as the headline."""
    rows = list(_rows(doc.blocks, notes, ""))
    shown = {row.line for row in rows}
    for pos, why in notes.items():
        if pos.line not in shown:
            rows.append(Row(pos.line, "headline", why, doc.meta.headline or ""))
    rows.sort(key=lambda row: row.line)
    width = max((len(row.role) for row in rows), default=8)
    return "".join(
        f"{row.line:>5}  {row.role:<{width}}  {row.why}  | {_snippet(row.text)}\n" for row in rows
    )


def _rows(blocks: tuple[Block, ...], notes: Mapping[Position, str], within: str) -> Iterator[Row]:
    for block in blocks:
        match block:
            case Heading():
                level = f" {block.level}" if block.level != 1 else ""
                origin = "" if block.inferred else "marked explicitly"
                why = notes.get(block.pos, origin)
                text = inline_text(block.children)
                yield Row(block.pos.line, f"{within}heading{level}", why, text)
            case Paragraph():
                yield Row(
                    block.pos.line,
                    f"{within}paragraph",
                    notes.get(block.pos) or _shape_reason(block),
                    inline_text(block.children),
                )
            case RelatedList():
                yield from _related_rows(block, notes, within)
            case ListBlock():
                for entry in block.items:
                    text = inline_text(entry.children)
                    yield Row(entry.pos.line, f"{within}list item", "list markup", text)
            case Figure():
                yield Row(block.pos.line, f"{within}figure", "figure markup", block.src)
            case Columns() | Quote() | Box():
                name = type(block).__name__.lower()
                yield from _rows(block.children, notes, f"{within}{name} › ")


def _related_rows(block: RelatedList, notes: Mapping[Position, str], within: str) -> Iterator[Row]:
    if block.title is not None and block.pos in notes:
        yield Row(block.pos.line, f"{within}related label", notes[block.pos], block.title)
    for item in block.items:
        why = notes.get(item.pos) or "[related] markup"
        yield Row(item.pos.line, f"{within}related", why, item.title)


def _shape_reason(block: Paragraph) -> str:
    line = line_of(block)
    return f"{_SHAPES.get(line.kind, line.kind)}, {words(line.text)} words"


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET_CHARS else flat[: SNIPPET_CHARS - 1] + "…"
