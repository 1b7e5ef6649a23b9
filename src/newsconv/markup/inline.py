"""Inline markup inside one paragraph: ``[b]``, ``[i]``, ``[link]``, the inline HTML that
real CMS exports carry, and HTML entities."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..model import (
    MAX_INLINE_DEPTH,
    Bold,
    Direction,
    Inline,
    Italic,
    LineBreak,
    Link,
    Position,
    Span,
    Text,
)
from ..text.urls import unsafe_reason
from .nodes import position, text_run
from .report import Reporter
from .shortcodes import BLOCK_TAGS, INLINE_TAGS, first_group, scan_escape, scan_tag

_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)((?:\s[^<>]*)?)\s*(/?)>|<!--.*?-->", re.DOTALL)
_HTML_ATTR = re.compile(
    r"""([A-Za-z_:][A-Za-z0-9_:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"""
)
_SPECIAL = re.compile(r"[\[<]")

# HTML tag name -> the inline kind it stands for
_HTML_KINDS = {"b": "b", "strong": "b", "i": "i", "em": "i", "a": "link", "span": "span"}
_SILENT_HTML = frozenset({"p", "div", "font", "u", "sup", "sub", "small", "big", "ins", "del"})
"""Tags dropped without a warning: wrappers whose loss changes nothing a reader needs."""


@dataclass(slots=True)
class _Open:
    kind: str
    syntax: str  # "shortcode" or "html"
    attrs: dict[str, str]
    raw: str
    column: int
    matched: bool = False


@dataclass(slots=True)
class _Close:
    kind: str
    syntax: str
    raw: str
    column: int
    matched: bool = False


@dataclass(slots=True)
class _Frame:
    open: _Open | None
    children: list[Inline] = field(default_factory=list)
    flattened: bool = False
    """True for markup nested too deep: its children go to the enclosing frame."""


_Token = str | _Open | _Close | LineBreak


class InlineParser:
    """Parses the inline content of one line; positions are reported against that line."""

    def __init__(self, reporter: Reporter, line: int, line_offset: int) -> None:
        self.reporter = reporter
        self.line = line
        self.line_offset = line_offset
        self._reported_depth = False

    def parse(self, text: str, column: int = 1) -> tuple[Inline, ...]:
        """Inline nodes of ``text``, which starts at ``column`` of the line."""
        if "[" not in text and "<" not in text:  # no markup: the common case, one text run
            children: list[Inline] = []
            self._add_text(children, text, column)
            return tuple(children)
        tokens = self._tokens(text, column)
        _pair(tokens)
        return self._build(tokens, column)

    # ------------------------------------------------------------------ tokens

    def _tokens(self, text: str, column: int) -> list[tuple[int, _Token]]:
        tokens: list[tuple[int, _Token]] = []
        position = 0
        literal_start = 0
        while (match := _SPECIAL.search(text, position)) is not None:
            index = match.start()
            token, end = self._markup_at(text, index, column + index)
            if token is None:
                position = index + 1
                continue
            if index > literal_start:
                tokens.append((column + literal_start, text[literal_start:index]))
            if not (isinstance(token, str) and not token):
                tokens.append((column + index, token))
            position = literal_start = end
        if literal_start < len(text):
            tokens.append((column + literal_start, text[literal_start:]))
        return tokens

    def _markup_at(self, text: str, index: int, column: int) -> tuple[_Token | None, int]:
        if text[index] == "[":
            return self._shortcode_at(text, index, column)
        match = _HTML_TAG.match(text, index)
        if match is None:
            return None, index
        return self._html_token(match, column), match.end()

    def _shortcode_at(self, text: str, index: int, column: int) -> tuple[_Token | None, int]:
        escape = scan_escape(text, index)
        if escape is not None:
            return escape
        tag = scan_tag(text, index)
        if tag is None:
            return None, index
        raw = text[index : tag.end]
        if tag.name in BLOCK_TAGS:
            self.reporter.warn(
                "block-tag-inline",
                f"block tag [{tag.name}] must stand on its own line; kept as text",
                self.line,
                column,
            )
            return raw, tag.end
        if tag.closing:
            return _Close(tag.name, "shortcode", raw, column), tag.end
        if tag.self_closing:
            return raw, tag.end
        return _Open(tag.name, "shortcode", tag.attrs, raw, column), tag.end

    def _html_token(self, match: re.Match[str], column: int) -> _Token:
        if match.group(2) is None:  # a comment
            return ""
        closing, name, attr_text, _self = match.groups()
        name = name.lower()
        if name == "br":
            return LineBreak(self._pos(column))
        kind = _HTML_KINDS.get(name)
        if kind is None:
            if name not in _SILENT_HTML:
                self.reporter.warn(
                    "html-dropped",
                    f"HTML tag <{closing}{name}> dropped, its text kept",
                    self.line,
                    column,
                )
            return ""
        if closing:
            return _Close(kind, "html", match.group(0), column)
        return _Open(kind, "html", _html_attrs(attr_text), match.group(0), column)

    # ------------------------------------------------------------------ tree

    def _build(self, tokens: list[tuple[int, _Token]], column: int) -> tuple[Inline, ...]:
        stack = [_Frame(None)]
        for token_column, token in tokens:
            if isinstance(token, str):
                self._add_text(stack[-1].children, token, token_column)
            elif isinstance(token, LineBreak):
                stack[-1].children.append(token)
            elif isinstance(token, _Open):
                if token.matched:
                    stack.append(self._frame(token, stack))
                else:
                    self._unmatched(stack[-1].children, token.raw, token.syntax, token_column)
            elif token.matched:
                frame = stack.pop()
                assert frame.open is not None
                if not frame.flattened:
                    stack[-1].children.append(self._node(frame.open, tuple(frame.children)))
            else:
                self._unmatched(stack[-1].children, token.raw, token.syntax, token_column)
        return tuple(_merge_text(stack[0].children))

    def _frame(self, token: _Open, stack: list[_Frame]) -> _Frame:
        """The frame of an opening tag; past :data:`MAX_INLINE_DEPTH` its content joins the
        enclosing node (the text is kept, the formatting dropped, reported once a line)."""
        depth = len(stack) - 1
        if depth < MAX_INLINE_DEPTH:
            return _Frame(token)
        if not self._reported_depth:
            self._reported_depth = True
            self.reporter.warn(
                "too-deep",
                f"inline markup nests deeper than {MAX_INLINE_DEPTH} levels;"
                " the formatting of deeper levels is dropped, their text kept",
                self.line,
                token.column,
            )
        return _Frame(token, stack[-1].children, flattened=True)

    def _unmatched(self, children: list[Inline], raw: str, syntax: str, column: int) -> None:
        if syntax == "shortcode":
            children.append(Text(raw, self._pos(column)))  # an unpaired [i] is a footnote mark
        else:
            self.reporter.warn(
                "html-unpaired", f"unpaired HTML tag {raw} dropped", self.line, column
            )

    def _add_text(self, children: list[Inline], raw: str, column: int) -> None:
        text = html.unescape(raw) if "&" in raw else raw
        if text:
            children.append(text_run(text, self._pos(column)))

    def _node(self, opened: _Open, children: tuple[Inline, ...]) -> Inline:
        pos = self._pos(opened.column)
        if opened.kind == "b":
            return Bold(children, pos)
        if opened.kind == "i":
            return Italic(children, pos)
        if opened.kind == "link":
            url = self._link_url(opened)
            return Link(url, children, pos) if url else Span(children, pos=pos)
        direction = opened.attrs.get("dir", "").lower()
        dir: Direction | None = (
            "rtl" if direction == "rtl" else "ltr" if direction == "ltr" else None
        )
        return Span(children, opened.attrs.get("lang") or None, dir, pos)

    def _link_url(self, opened: _Open) -> str:
        """The target of a link, or "" when it has none or it is unsafe (reported)."""
        url = opened.attrs.get("url") or opened.attrs.get("href") or ""
        reason = unsafe_reason(url) if url else None
        if reason is None:
            return url
        self.reporter.warn("unsafe-url", f"link target dropped: {reason}", self.line, opened.column)
        return ""

    def _pos(self, column: int) -> Position:
        return position(self.line, column, self.line_offset + column - 1)


def _html_attrs(text: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for match in _HTML_ATTR.finditer(text):
        key, double, single, bare = match.groups()
        attrs[key.lower()] = html.unescape(first_group(double, single, bare))
    return attrs


def _pair(tokens: list[tuple[int, _Token]]) -> None:
    """Mark each opening token that has a matching closing token (and that closing token)."""
    stack: list[_Open] = []
    for _column, token in tokens:
        if isinstance(token, _Open):
            stack.append(token)
        elif isinstance(token, _Close):
            for depth in range(len(stack) - 1, -1, -1):
                opened = stack[depth]
                if opened.kind == token.kind and opened.syntax == token.syntax:
                    opened.matched = token.matched = True
                    del stack[depth:]
                    break


def _merge_text(children: list[Inline]) -> list[Inline]:
    merged: list[Inline] = []
    for child in children:
        if merged and isinstance(child, Text) and isinstance(prev := merged[-1], Text):
            merged[-1] = Text(prev.text + child.text, prev.pos)
        else:
            merged.append(child)
    return merged


__all__ = ["INLINE_TAGS", "InlineParser"]
