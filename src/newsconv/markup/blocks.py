"""Block structure: one paragraph a line, block shortcodes on lines of their own, the
leading ``[meta]`` block, figures, related lists and HTML block quotes."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..diagnostics import Severity
from ..model import (
    MAX_BLOCK_DEPTH,
    Block,
    Box,
    Columns,
    Figure,
    Inline,
    ListBlock,
    ListItem,
    Paragraph,
    Position,
    Quote,
    RelatedItem,
    RelatedList,
    Text,
)
from ..text.urls import is_url_key, unsafe_reason
from .explicit import EXPLICIT_TAGS, Segment, explicit_blocks, heading_level, html_block_line
from .inline import InlineParser
from .meta import KNOWN_KEYS, MetaValueError, canonical_key, convert_value
from .nodes import holds_text, paragraph, position, text_run
from .report import Reporter
from .shortcodes import Tag, scan_tag, whole_line_tag
from .source import Line

MAX_DEPTH = MAX_BLOCK_DEPTH
"""How deep containers may nest; deeper tags are kept as text."""
CONTAINERS = frozenset({"two-column", "quote", "box"})
LINE_BLOCKS = frozenset({"meta", "related", "list", "image", "caption", "heading", "p"})
"""Block tags whose content is lines (metadata, titles, items, a caption, text), not blocks."""
FIGURES = frozenset({"image", "caption"})

_IMG = re.compile(r"<img\b([^<>]*)>", re.IGNORECASE)
_IMG_ATTR = re.compile(r"""(src|alt|title)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_HTML_LIST_OPEN = re.compile(r"^\s*(?:</?p>\s*)*<(ul|ol)\b[^<>]*>", re.IGNORECASE)
_HTML_LIST_CLOSE = re.compile(r"</(?:ul|ol)>(?:\s*</?p>)*\s*$", re.IGNORECASE)
_HTML_ITEM = re.compile(r"<li\b[^<>]*>(.*?)(?:</li>|(?=<li\b)|$)", re.IGNORECASE | re.DOTALL)
_ITEM_MARKER = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_HTML_QUOTE_TAG = re.compile(r"<(/?)blockquote\b[^<>]*>", re.IGNORECASE)


@dataclass(slots=True)
class _Open:
    """A block tag whose closing tag has not been seen yet."""

    tag: Tag
    pos: Position
    children: list[Block] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    html: bool = False


@dataclass(slots=True)
class _HtmlList:
    """An HTML list being read, line by line."""

    ordered: bool
    pos: Position
    items: list[ListItem] = field(default_factory=list)

    def block(self) -> ListBlock:
        return ListBlock(tuple(self.items), self.ordered, self.pos)


@dataclass(slots=True)
class BlockResult:
    """What the block pass found: body blocks and raw metadata from ``[meta]`` blocks."""

    blocks: list[Block]
    meta: dict[str, object]
    explicit: frozenset[int] = frozenset()
    """Source offsets of the paragraphs and headings the markup marked explicitly."""
    title: int | None = None
    """Source offset of an ``<h1>`` line that came before any body text."""


class BlockParser:
    """Builds blocks from lines; one instance parses one document."""

    def __init__(self, reporter: Reporter) -> None:
        self.reporter = reporter
        self.stack: list[_Open] = []
        self.blocks: list[Block] = []
        self.meta: dict[str, object] = {}
        self.seen_body = False
        self.html_list: _HtmlList | None = None
        self.explicit: set[int] = set()
        self.title: int | None = None

    def parse(self, lines: list[Line]) -> BlockResult:
        """All blocks of the document; unclosed tags close at its end."""
        for line in lines:
            self._line(line)
        if self.html_list is not None:
            pos = self.html_list.pos
            self.reporter.warn(
                "unclosed-tag", "HTML list is never closed; closed at end of document", *_lc(pos)
            )
            self._add(self.html_list.block())
            self.html_list = None
        while self.stack:
            opened = self.stack[-1]
            self.reporter.warn(
                "unclosed-tag",
                f"[{opened.tag.name}] is never closed; closed at end of document",
                opened.pos.line,
                opened.pos.column,
            )
            self._close_top()
        return BlockResult(self.blocks, self.meta, frozenset(self.explicit), self.title)

    # ------------------------------------------------------------------ dispatch

    def _line(self, line: Line) -> None:
        top = self.stack[-1] if self.stack else None
        if "[" not in line.text and "<" not in line.text:  # no tag of any kind: the common case
            if top is not None and top.tag.name in LINE_BLOCKS:
                top.lines.append(line)
            else:
                self._plain_paragraph(line)
            return
        tag = whole_line_tag(line.text)
        if top is not None and top.tag.name in LINE_BLOCKS:
            if tag is not None and tag.closing and tag.name == top.tag.name:
                self._close_top()
            else:
                top.lines.append(line)
            return
        if tag is not None:
            self._tag_line(tag, line)
        elif line.text.strip():
            self._text_line(line)

    def _tag_line(self, tag: Tag, line: Line) -> None:
        pos = _pos(line, tag.start)
        if tag.closing:
            self._close(tag, pos)
        elif tag.self_closing:
            self._self_closing(tag, pos)
        elif tag.name == "meta" and (self.seen_body or self.stack):
            self.reporter.warn(
                "late-meta", "[meta] should come first; its keys still apply", *_lc(pos)
            )
            self.stack.append(_Open(tag, pos))
        elif len(self.stack) >= MAX_DEPTH and tag.name in CONTAINERS:
            message = f"[{tag.name}] nests deeper than {MAX_DEPTH}; kept as text"
            self.reporter.warn("too-deep", message, *_lc(pos))
            self._add(Paragraph((Text(line.text.strip(), pos),), pos))
        else:
            self.stack.append(_Open(tag, pos))

    def _self_closing(self, tag: Tag, pos: Position) -> None:
        if tag.name in FIGURES:
            self._add(self._figure(tag, (), pos, ""))
        elif tag.name in CONTAINERS:
            self._add(_container(tag, [], pos))
        else:
            self.reporter.warn("empty-block", f"[{tag.name} /] is empty; ignored", *_lc(pos))

    def _close(self, tag: Tag, pos: Position) -> None:
        names = [opened.tag.name for opened in self.stack]
        if tag.name not in names:
            self.reporter.warn("stray-close", f"[/{tag.name}] closes nothing; ignored", *_lc(pos))
            return
        while self.stack[-1].tag.name != tag.name:
            inner = self.stack[-1]
            self.reporter.warn(
                "unclosed-tag",
                f"[{inner.tag.name}] is closed by [/{tag.name}] at line {pos.line}",
                *_lc(inner.pos),
            )
            self._close_top()
        self._close_top()

    def _close_top(self) -> None:
        opened = self.stack.pop()
        name = opened.tag.name
        if name == "meta":
            self._meta(opened)
        elif name == "related":
            self._add(self._related(opened))
        elif name == "list":
            self._add(self._shortcode_list(opened))
        elif name in FIGURES:
            self._add(self._figure_block(opened))
        elif name in EXPLICIT_TAGS:
            segments = [Segment(line, 0, line.text) for line in opened.lines]
            self._explicit(opened.tag, segments, opened.pos)
        else:
            self._add(_container(opened.tag, opened.children, opened.pos))

    def _add(self, block: Block) -> None:
        self.seen_body = True
        if self.stack:
            self.stack[-1].children.append(block)
        else:
            self.blocks.append(block)

    # ------------------------------------------------------------------ text lines

    def _plain_paragraph(self, line: Line) -> None:
        """A line without markup: one paragraph of one text run (entities decoded), or
        nothing when it is blank. The run and the paragraph start at the same place."""
        body = line.text.strip()
        text = html.unescape(body) if "&" in body else body
        if text.strip():
            lead = line.text.index(body[0])
            pos = position(line.number, lead + 1, line.offset + lead)
            self._add(paragraph((text_run(text, pos),), pos))

    def _text_line(self, line: Line) -> None:
        html_block = html_block_line(line)
        if html_block is not None:
            if html_block.title and not self.seen_body and not self.stack:
                self.title = line.offset + html_block.start
            as_tag = Tag(html_block.name, {"level": str(html_block.level)}, False, False, 0, 0)
            self._explicit(as_tag, [html_block.segment], _pos(line, html_block.start))
            return
        if self._html_list_line(line) or self._one_line_block(line):
            return
        start = 0
        for tag in _HTML_QUOTE_TAG.finditer(line.text):
            closing = bool(tag.group(1))
            if closing and not (self.stack and self.stack[-1].html):
                continue  # closes nothing: the inline parser drops it, the text stays whole
            self._paragraph(line, start, tag.start())
            if closing:
                self._close_top()
            else:
                self._open_html_quote(_pos(line, tag.start()))
            start = tag.end()
        self._paragraph(line, start, len(line.text))

    def _open_html_quote(self, pos: Position) -> None:
        """``<blockquote>`` anywhere in a line: what follows is quoted."""
        if len(self.stack) >= MAX_DEPTH:
            message = f"<blockquote> nests deeper than {MAX_DEPTH}; its text is kept unquoted"
            self.reporter.warn("too-deep", message, *_lc(pos))
            return
        self.stack.append(_Open(Tag("quote", {}, False, False, 0, 0), pos, html=True))

    def _paragraph(self, line: Line, start: int, end: int) -> None:
        segment = line.text[start:end]
        lead = len(segment) - len(segment.lstrip())
        body = segment.strip()
        if not body:
            return
        parser = InlineParser(self.reporter, line.number, line.offset)
        children = parser.parse(body, start + lead + 1)
        if not holds_text(children):
            return
        self._add(paragraph(children, _pos(line, start + lead)))

    # ------------------------------------------------------------------ lists

    def _html_list_line(self, line: Line) -> bool:
        """Take ``line`` into an HTML list (``<ul>``/``<ol>``, ``<li>`` items); False when
        the line is not part of one."""
        text = line.text
        start = 0
        if self.html_list is None:
            opened = _HTML_LIST_OPEN.match(text)
            if opened is None:
                return False
            ordered = opened.group(1).lower() == "ol"
            self.html_list = _HtmlList(ordered, _pos(line, opened.start(1) - 1))
            start = opened.end()
        closing = _HTML_LIST_CLOSE.search(text, start)
        end = closing.start() if closing else len(text)
        matches = list(_HTML_ITEM.finditer(text, start, end))
        for match in matches:
            self._list_item(line, match.start(1), match.group(1))
        if not matches:
            self._list_item(line, start, text[start:end])
        if closing:
            self._add(self.html_list.block())
            self.html_list = None
        return True

    def _list_item(self, line: Line, start: int, content: str) -> None:
        assert self.html_list is not None
        item = self._item(line, start, content)
        if item is not None:
            self.html_list.items.append(item)

    def _item(self, line: Line, start: int, content: str) -> ListItem | None:
        lead = len(content) - len(content.lstrip())
        body = content.strip()
        if not body:
            return None
        children = InlineParser(self.reporter, line.number, line.offset).parse(
            body, start + lead + 1
        )
        if not holds_text(children):
            return None
        return ListItem(children, _pos(line, start + lead))

    def _shortcode_list(self, opened: _Open) -> ListBlock:
        items = []
        for line in opened.lines:
            marker = _ITEM_MARKER.match(line.text)
            start = marker.end() if marker else 0
            item = self._item(line, start, line.text[start:])
            if item is not None:
                items.append(item)
        ordered = "ordered" in opened.tag.attrs or opened.tag.attr("type") in ("1", "ordered")
        return ListBlock(tuple(items), ordered, opened.pos)

    # ------------------------------------------------------------------ figures

    def _one_line_block(self, line: Line) -> bool:
        """A figure, heading or paragraph tag opened and closed on one line; False when
        ``line`` is no such thing."""
        stripped = line.text.strip()
        offset = len(line.text) - len(line.text.lstrip())
        tag = scan_tag(line.text, offset) if stripped.startswith("[") else None
        if tag is None or tag.name not in FIGURES | EXPLICIT_TAGS or tag.closing:
            return False
        closing = f"[/{tag.name}]"
        if not stripped.lower().endswith(closing):
            return False
        inner_end = len(line.text.rstrip()) - len(closing)
        content = line.text[tag.end : inner_end]
        if tag.name in EXPLICIT_TAGS:
            segment = Segment(line, tag.end, content, tag.start)
            self._explicit(tag, [segment], _pos(line, tag.start))
            return True
        caption = self._inline(line, tag.end, content)
        self._add(self._figure(tag, caption, _pos(line, tag.start), content))
        return True

    def _explicit(self, tag: Tag, segments: list[Segment], pos: Position) -> None:
        level = heading_level(tag, self.reporter, pos) if tag.name == "heading" else 1
        for block in explicit_blocks(tag.name, level, segments, pos, self.reporter):
            self.explicit.add(block.pos.offset)
            self._add(block)

    def _figure_block(self, opened: _Open) -> Figure:
        caption: list[Inline] = []
        raw: list[str] = []
        for line in opened.lines:
            if line.text.strip():
                raw.append(line.text)
                caption.extend(self._inline(line, 0, line.text))
        return self._figure(opened.tag, tuple(caption), opened.pos, "\n".join(raw))

    def _inline(self, line: Line, start: int, content: str) -> tuple[Inline, ...]:
        if not content.strip():
            return ()
        without_img = _IMG.sub("", content)
        parser = InlineParser(self.reporter, line.number, line.offset)
        lead = len(without_img) - len(without_img.lstrip())
        return parser.parse(without_img.strip(), start + lead + 1)

    def _figure(self, tag: Tag, caption: tuple[Inline, ...], pos: Position, raw: str) -> Figure:
        img = _img_attrs(raw)
        src = self._safe(tag.attr("src") or img.get("src", ""), "image source", pos)
        if not src:
            self.reporter.warn("figure-no-src", f"[{tag.name}] has no image source", *_lc(pos))
        caption_attr = tag.attr("caption")
        if caption_attr and not holds_text(caption):
            caption = (Text(caption_attr, pos),)
        alt = tag.attr("alt") or img.get("alt") or img.get("title") or ""
        decorative = tag.attr("decorative") is not None
        if src and not alt.strip() and not decorative:
            self.reporter.warn(
                "figure-no-alt",
                f'[{tag.name}] has no alt text: describe the image with alt="…", '
                "or mark it decorative",
                *_lc(pos),
            )
        return Figure(src, "" if decorative else alt, tag.attr("credit"), caption, pos, decorative)

    # ------------------------------------------------------------------ related, meta

    def _related(self, opened: _Open) -> RelatedList:
        items = []
        for line in opened.lines:
            title, _bar, url = line.text.partition("|")
            if title.strip():
                lead = len(line.text) - len(line.text.lstrip())
                pos = _pos(line, lead)
                target = self._safe(url.strip(), "related link", _pos(line, len(title) + 1))
                items.append(RelatedItem(html.unescape(title.strip()), target or None, pos))
        heading = (opened.tag.attr("title") or "").strip() or None
        return RelatedList(tuple(items), opened.pos, title=heading)

    def _meta(self, opened: _Open) -> None:
        for line in opened.lines:
            if not line.text.strip() or line.text.lstrip().startswith("#"):
                continue
            key, colon, value = line.text.partition(":")
            column = len(line.text) - len(line.text.lstrip()) + 1
            if not colon or not key.strip():
                self.reporter.warn(
                    "meta-syntax", "metadata lines are 'key: value'", line.number, column
                )
                continue
            self._meta_value(canonical_key(key), value.strip(), line, column)

    def _meta_value(self, key: str, value: str, line: Line, column: int) -> None:
        if key not in KNOWN_KEYS:
            self.reporter.info(
                "meta-unknown", f"unknown metadata key {key!r} kept as extra", line.number, column
            )
        after_colon = line.text.index(":") + 1
        rest = line.text[after_colon:]
        value_column = after_colon + len(rest) - len(rest.lstrip()) + 1
        value_pos = _pos(line, value_column - 1)
        if is_url_key(key) and not self._safe(value, f"metadata {key}", value_pos):
            return
        try:
            self.meta[key] = convert_value(key, value)
        except MetaValueError as exc:
            self.reporter.report(
                Severity.ERROR, "meta-value", f"{key}: {exc}", line.number, value_column
            )

    def _safe(self, url: str, what: str, pos: Position) -> str:
        """``url`` when it is safe to link to, else "" with a warning at ``pos``."""
        reason = unsafe_reason(url) if url else None
        if reason is None:
            return url
        self.reporter.warn("unsafe-url", f"{what} dropped: {reason}", *_lc(pos))
        return ""


def _container(tag: Tag, children: list[Block], pos: Position) -> Block:
    if tag.name == "quote":
        return Quote(tuple(children), tag.attr("cite"), pos)
    if tag.name == "box":
        return Box(tuple(children), tag.attr("title"), pos)
    return Columns(tuple(children), 2, pos)


def _img_attrs(raw: str) -> dict[str, str]:
    match = _IMG.search(raw)
    if match is None:
        return {}
    attrs: dict[str, str] = {}
    for attr in _IMG_ATTR.finditer(match.group(1)):
        attrs[attr.group(1).lower()] = html.unescape(attr.group(2) or attr.group(3) or "")
    return attrs


def _pos(line: Line, index: int) -> Position:
    return position(line.number, index + 1, line.offset + index)


def _lc(pos: Position) -> tuple[int, int]:
    return pos.line, pos.column
