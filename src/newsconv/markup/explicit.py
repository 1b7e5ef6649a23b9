"""Explicit structure: blocks whose role the author gave, and that inference never changes.

* ``[heading level=N]…[/heading]``: a sub-heading (level 1, a section, by default; 2 a
  sub-section, up to 5), on one line or around lines that are joined;
* ``[p]…[/p]``: a paragraph, however short or title-like; around several lines, each line
  is one such paragraph;
* a whole line wrapped in ``<h1>``…``<h6>`` or ``<p>`` (CMS exports): a heading (``<h1>``
  and ``<h2>`` at level 1, ``<h3>`` at level 2, …) or a paragraph (but a ``<p>`` holding
  only bold text is how many CMSs write a sub-heading: it is left to inference). An
  ``<h1>`` line before any body text is the article's title: it gives the headline when
  the metadata has none.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from ..model import Block, Heading, Inline, Metadata, Paragraph, Position, Text, inline_text
from .inline import InlineParser
from .nodes import holds_text
from .report import Reporter
from .shortcodes import Tag
from .source import Line

EXPLICIT_TAGS = frozenset({"heading", "p"})
MAX_LEVEL = 5
"""Depth of the deepest heading under the headline (rendered ``<h6>`` under ``<h1>``)."""

_HTML_BLOCK_LINE = re.compile(
    r"^(\s*)<(h[1-6]|p)(?:\s[^<>]*)?>(.*)</\2\s*>\s*$", re.IGNORECASE | re.DOTALL
)
_ALL_BOLD = re.compile(r"^\s*<(b|strong)(?:\s[^<>]*)?>(.*)</\1\s*>\s*$", re.I | re.S)
_NESTED_BLOCK = re.compile(r"</?(?:h[1-6]|p|blockquote|ul|ol|li)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Segment:
    """The content of an explicit block on one line: the text and where it starts."""

    line: Line
    start: int
    content: str
    anchor: int | None = None
    """Where a paragraph made of it is placed: its tag's index, else its first letter."""


@dataclass(frozen=True, slots=True)
class HtmlBlockLine:
    """A line wholly wrapped in one HTML heading or paragraph element."""

    name: str
    """``heading`` or ``p``, as the shortcode that means the same."""
    level: int
    start: int
    """Index of the ``<`` of the opening tag."""
    segment: Segment
    title: bool = False
    """An ``<h1>`` element: the title of the document."""


def html_block_line(line: Line) -> HtmlBlockLine | None:
    """The ``<hN>``/``<p>`` element that makes up all of ``line``, or None (a line holding
    more than one block element is left to the ordinary rules)."""
    match = _HTML_BLOCK_LINE.match(line.text)
    if match is None or _NESTED_BLOCK.search(match.group(3)):
        return None
    element = match.group(2).lower()
    if element == "p" and _all_bold(match.group(3)):
        return None  # how many CMSs mark a sub-heading: left to inference
    name = "p" if element == "p" else "heading"
    level = 1 if element == "p" else max(1, int(element[1]) - 1)
    start = match.start(2) - 1
    segment = Segment(line, match.start(3), match.group(3), start)
    return HtmlBlockLine(name, level, start, segment, element == "h1")


def _all_bold(content: str) -> bool:
    """``<b>…</b>`` or ``<strong>…</strong>`` around the whole content."""
    match = _ALL_BOLD.match(content)
    return match is not None and f"</{match.group(1).lower()}" not in match.group(2).lower()


def title_heading(
    blocks: list[Block], meta: Metadata, title: int | None
) -> tuple[list[Block], Metadata]:
    """The ``<h1>`` heading at offset ``title``, first of the body, taken as the headline
    when the metadata gives none."""
    first = blocks[0] if blocks else None
    if meta.headline or not isinstance(first, Heading) or first.pos.offset != title:
        return blocks, meta
    headline = inline_text(first.children).strip()
    return blocks[1:], dataclasses.replace(meta, headline=headline, headline_derived=False)


def heading_level(tag: Tag, reporter: Reporter, pos: Position) -> int:
    """The ``level`` attribute of a ``[heading]`` tag: 1 when absent, 1 with a warning
    when it is not a whole number from 1 to :data:`MAX_LEVEL`."""
    value = tag.attr("level")
    if value is None:
        return 1
    if value.strip().isdigit() and 1 <= int(value) <= MAX_LEVEL:
        return int(value)
    message = f"heading level {value!r} is not a whole number from 1 to {MAX_LEVEL}; 1 used"
    reporter.warn("heading-level", message, pos.line, pos.column)
    return 1


def explicit_blocks(
    name: str, level: int, segments: list[Segment], pos: Position, reporter: Reporter
) -> list[Block]:
    """The heading (segments joined by spaces) or the paragraphs (one a segment) that an
    explicit tag stands for; an empty heading is dropped with a warning."""
    if name == "p":
        parsed = ((_inlines(s, reporter), s) for s in segments)
        return [Paragraph(inl, _start(s)) for inl, s in parsed if holds_text(inl)]
    children: list[Inline] = []
    for segment in segments:
        inlines = _inlines(segment, reporter)
        if holds_text(inlines):
            if children:
                children.append(Text(" ", _start(segment)))
            children.extend(inlines)
    if not children:
        reporter.warn("empty-block", "[heading] is empty; ignored", pos.line, pos.column)
        return []
    return [Heading(tuple(children), pos, level=level)]


def _inlines(segment: Segment, reporter: Reporter) -> tuple[Inline, ...]:
    body = segment.content.strip()
    if not body:
        return ()
    lead = len(segment.content) - len(segment.content.lstrip())
    parser = InlineParser(reporter, segment.line.number, segment.line.offset)
    return parser.parse(body, segment.start + lead + 1)


def _start(segment: Segment) -> Position:
    lead = len(segment.content) - len(segment.content.lstrip())
    index = segment.start + lead if segment.anchor is None else segment.anchor
    return Position(segment.line.number, index + 1, segment.line.offset + index)
