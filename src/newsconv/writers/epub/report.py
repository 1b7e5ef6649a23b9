"""What a book leaves out, reported as diagnostics: images it cannot carry, links that
would point nowhere inside a book."""

from __future__ import annotations

from collections.abc import Iterator
from typing import assert_never

from ...images import BAD_IMAGE, ImageProblem
from ...model import (
    Bold,
    Document,
    Figure,
    Heading,
    Inline,
    Italic,
    Link,
    ListBlock,
    Paragraph,
    Position,
    RelatedList,
    Span,
    walk_blocks,
)
from ..base import ResourceRefusal, WriterOptions
from .resources import safe_href


def _links_in(nodes: tuple[Inline, ...]) -> Iterator[tuple[str, Position]]:
    for node in nodes:
        if isinstance(node, Link):
            yield node.url, node.pos
        if isinstance(node, Bold | Italic | Link | Span):
            yield from _links_in(node.children)


def links_of(doc: Document) -> Iterator[tuple[str, Position]]:
    """Every link target of the article's body with where it was written."""
    for block in walk_blocks(doc.blocks):
        match block:
            case Paragraph() | Heading():
                yield from _links_in(block.children)
            case ListBlock():
                for item in block.items:
                    yield from _links_in(item.children)
            case Figure():
                yield from _links_in(block.caption)
            case RelatedList():
                yield from ((item.url, item.pos) for item in block.items if item.url)
            case _:
                pass


def report_dropped_links(doc: Document, options: WriterOptions) -> None:
    """Warn about each link a book cannot keep (relative, or a scheme books may not use);
    its text stays."""
    for url, position in links_of(doc):
        if safe_href(url) is None:
            message = f"link {url[:60]!r} cannot point anywhere from a book; its text is kept"
            options.warn(doc, "link-dropped", message, position)


def report_missing_image(
    doc: Document,
    figure: Figure,
    options: WriterOptions,
    problem: ImageProblem | ResourceRefusal | None = None,
) -> None:
    """Warn about a figure whose image the book cannot carry; its alt text stays."""
    name = repr(figure.src[:60])
    match problem:
        case ImageProblem():
            code, reason = BAD_IMAGE, f"image {problem.source[:60]!r} {problem.reason}"
        case ResourceRefusal():
            code, reason = problem.code, f"image {name} {problem.reason}"
        case None:
            code = "image-unavailable"
            reason = f"image {name} is not a readable local PNG, JPEG, GIF or WebP file"
        case _:
            assert_never(problem)
    message = f"{reason}; left out of the book, its alt text kept"
    options.warn(doc, code, message, figure.pos)
