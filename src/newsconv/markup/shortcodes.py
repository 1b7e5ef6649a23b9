"""WordPress-style shortcodes: ``[name attr="v" flag]``, ``[/name]``, ``[name … /]``.

Only known tag names are markup; every other bracketed text is literal. ``[[name]]``
escapes a tag: it stands for the literal text ``[name]``.
"""

from __future__ import annotations

import html
import re
from typing import NamedTuple

BLOCK_TAGS = frozenset(
    {"two-column", "quote", "box", "image", "caption", "related", "list", "meta", "heading", "p"}
)
INLINE_TAGS = frozenset({"b", "i", "link"})
KNOWN_TAGS = BLOCK_TAGS | INLINE_TAGS

_NAME = re.compile(r"/?([A-Za-z][A-Za-z0-9_-]*)")
_ATTR = re.compile(
    r"""\s+([A-Za-z_][A-Za-z0-9_:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'\]]+))"""
    r"""|\s+([A-Za-z_][A-Za-z0-9_:.-]*)(?=[\s\]/])"""
)
_END = re.compile(r"\s*(/?)\]")


class Tag(NamedTuple):
    """One shortcode as written: its name, attributes and extent in the scanned text.
    A named tuple: one is made for every tag, and a tuple is made faster."""

    name: str
    attrs: dict[str, str]
    closing: bool
    self_closing: bool
    start: int
    end: int
    """Index just after the closing ``]``."""

    def attr(self, key: str) -> str | None:
        """An attribute value, or None."""
        return self.attrs.get(key)


def scan_tag(text: str, start: int) -> Tag | None:
    """The known shortcode that begins at ``text[start] == '['``, or None if it is literal."""
    name_match = _NAME.match(text, start + 1)
    if name_match is None:
        return None
    name = name_match.group(1).lower()
    if name not in KNOWN_TAGS:
        return None
    closing = text[start + 1] == "/"
    position = name_match.end()
    attrs: dict[str, str] = {}
    if text.startswith("]", position):  # no attributes, nothing before the bracket
        return Tag(name, attrs, closing, False, start, position + 1)
    if not closing:
        position = _scan_attrs(text, position, attrs)
    end = _END.match(text, position)
    if end is None:
        return None
    self_closing = end.group(1) == "/"
    if closing and self_closing:
        return None
    return Tag(name, attrs, closing, self_closing, start, end.end())


def _scan_attrs(text: str, position: int, attrs: dict[str, str]) -> int:
    while True:
        match = _ATTR.match(text, position)
        if match is None:
            return position
        key, double, single, bare, flag = match.groups()
        if flag is not None:
            attrs[flag.lower()] = ""
        else:
            attrs[key.lower()] = html.unescape(first_group(double, single, bare))
        position = match.end()


def first_group(*groups: str | None) -> str:
    """The first of the alternative groups of a match that took part in it."""
    for group in groups:
        if group is not None:
            return group
    raise ValueError("no group took part in the match")


def scan_escape(text: str, start: int) -> tuple[str, int] | None:
    """For ``[[tag …]]`` at ``start``: the literal text it stands for and the index after it."""
    if not text.startswith("[[", start):
        return None
    tag = scan_tag(text, start + 1)
    if tag is None or not text.startswith("]", tag.end):
        return None
    return text[start + 1 : tag.end], tag.end + 1


def whole_line_tag(text: str) -> Tag | None:
    """The block tag that makes up all of a line (surrounding spaces allowed), or None."""
    stripped = text.strip()
    if not stripped.startswith("[") or not stripped.endswith("]"):
        return None
    offset = len(text) - len(text.lstrip())
    tag = scan_tag(text, offset)
    if tag is None or tag.name not in BLOCK_TAGS or text[tag.end :].strip():
        return None
    return tag
