"""Model inlines to :class:`~newsconv.text.paragraph.StyledText`: text, styles, positions."""

from __future__ import annotations

import re
from typing import assert_never

from ...model import (
    NOWHERE,
    Bold,
    Inline,
    Italic,
    LineBreak,
    Link,
    Position,
    Span,
    Text,
)
from ...text.paragraph import PLAIN, RunStyle, StyledText

_SPACES = re.compile(r"[ \t\r\n\u000b\u000c]+")
"""Breaking white space, collapsed to one space as a typesetter does (no-break spaces stay)."""

_TO_COLLAPSE = ("  ", "\n", "\t", "\r", "\x0b", "\x0c")
"""What :data:`_SPACES` changes when it is in a text."""


def _collapsed(text: str) -> str:
    """``text`` with its breaking white space collapsed (most text has none to collapse,
    which a few substring tests find faster than the regular expression)."""
    if any(run in text for run in _TO_COLLAPSE):
        return _SPACES.sub(" ", text)
    return text


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.starts: list[int] = []
        self.styles: list[RunStyle] = []
        self.origins: list[tuple[int, Position]] = []

    def add(self, text: str, style: RunStyle, pos: Position) -> None:
        """Append ``text`` (already collapsed), dropping a space after a space or a break."""
        if text.startswith(" ") and (not self.parts or self.parts[-1][-1] in " \n"):
            text = text[1:]
            pos = Position(pos.line, pos.column + 1, pos.offset + 1) if pos.line else pos
        if text == "\n":
            self._drop_trailing_space()
        if not text:
            return
        if not self.styles or self.styles[-1] != style:
            if self.starts and self.starts[-1] == self.length:
                self.styles[-1] = style
            else:
                self.starts.append(self.length)
                self.styles.append(style)
        if pos.line:
            self.origins.append((self.length, pos))
        self.parts.append(text)
        self.length += len(text)

    def _drop_trailing_space(self) -> None:
        if self.parts and self.parts[-1].endswith(" "):
            self.parts[-1] = self.parts[-1][:-1]
            self.length -= 1
            self.starts = [min(start, self.length) for start in self.starts]

    def walk(self, nodes: tuple[Inline, ...], style: RunStyle) -> None:
        for node in nodes:
            match node:
                case Text():
                    self.add(_collapsed(node.text), style, node.pos)
                case Bold():
                    self.walk(node.children, _with(style, bold=True))
                case Italic():
                    self.walk(node.children, _with(style, italic=True))
                case Link():
                    self.walk(node.children, RunStyle(style.bold, style.italic, node.url))
                case LineBreak():
                    self.add("\n", style, node.pos)
                case Span():
                    self.walk(node.children, style)
                case _:
                    assert_never(node)


def _with(style: RunStyle, *, bold: bool | None = None, italic: bool | None = None) -> RunStyle:
    return RunStyle(
        style.bold if bold is None else bold,
        style.italic if italic is None else italic,
        style.link,
    )


def styled_text(nodes: tuple[Inline, ...], base: RunStyle = PLAIN, prefix: str = "") -> StyledText:
    """The paragraph text of ``nodes`` with its style spans, white space collapsed."""
    builder = _Builder()
    if prefix:
        builder.add(prefix, base, NOWHERE)
    builder.walk(nodes, base)
    return _finish(builder)


def plain_text(text: str, style: RunStyle = PLAIN, pos: Position = NOWHERE) -> StyledText:
    """A one-style paragraph (headline, label, caption credit)."""
    builder = _Builder()
    builder.add(_collapsed(text), style, pos)
    return _finish(builder)


def _finish(builder: _Builder) -> StyledText:
    builder._drop_trailing_space()
    text = "".join(builder.parts)
    starts = tuple(builder.starts) or (0,)
    styles = tuple(builder.styles) or (PLAIN,)
    return StyledText(text, starts, styles, tuple(builder.origins))


def link_texts(styled: StyledText) -> list[tuple[str, str]]:
    """The hyperlinks of ``styled``: (address, text) in logical order, neighbouring spans
    with the same address (a bold word inside a link) joined, as they are drawn."""
    found: list[tuple[str, str]] = []
    ends = (*styled.span_starts[1:], len(styled.text))
    previous: str | None = None
    for start, end, style in zip(styled.span_starts, ends, styled.span_styles, strict=True):
        link = style.link
        if link is not None and link == previous:
            found[-1] = (link, found[-1][1] + styled.text[start:end])
        elif link is not None:
            found.append((link, styled.text[start:end]))
        previous = link
    return found
