"""The model nodes the parser makes by the thousand, built without the dataclass
``__init__``: a frozen dataclass sets each field through ``object.__setattr__``, which
costs about twice as much as setting the slot through its descriptor, as done here.

The result is the very object the class's own constructor makes (same type, fields,
equality, hash and immutability); the parser calls these only with values of the types
the fields declare. Documents built through the API use the classes themselves.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from ..model import Direction, Heading, Inline, Paragraph, Position, Text, inline_text

_new = object.__new__


def _setters(cls: type, *names: str) -> tuple[Callable[[Any, Any], None], ...]:
    """The ``__set__`` of the slot descriptors of ``names`` on ``cls``."""
    return tuple(cls.__dict__[name].__set__ for name in names)


_POS_LINE, _POS_COLUMN, _POS_OFFSET = _setters(Position, "line", "column", "offset")
_TEXT_TEXT, _TEXT_POS = _setters(Text, "text", "pos")
_PARA_CHILDREN, _PARA_POS, _PARA_LANG, _PARA_DIR = _setters(
    Paragraph, "children", "pos", "lang", "dir"
)


def position(line: int, column: int, offset: int) -> Position:
    """``Position(line, column, offset)``."""
    pos = _new(Position)
    _POS_LINE(pos, line)
    _POS_COLUMN(pos, column)
    _POS_OFFSET(pos, offset)
    return pos


def text_run(text: str, pos: Position) -> Text:
    """``Text(text, pos)``."""
    run = _new(Text)
    _TEXT_TEXT(run, text)
    _TEXT_POS(run, pos)
    return run


def paragraph(
    children: tuple[Inline, ...],
    pos: Position,
    lang: str | None = None,
    dir: Direction | None = None,
) -> Paragraph:
    """``Paragraph(children, pos, lang, dir)``."""
    block = _new(Paragraph)
    _PARA_CHILDREN(block, children)
    _PARA_POS(block, pos)
    _PARA_LANG(block, lang)
    _PARA_DIR(block, dir)
    return block


def with_language(
    block: Paragraph | Heading, lang: str | None, dir: Direction | None
) -> Paragraph | Heading:
    """``dataclasses.replace(block, lang=lang, dir=dir)``, a paragraph without its costly
    field-by-field copy."""
    if type(block) is Paragraph:
        return paragraph(block.children, block.pos, lang, dir)
    return dataclasses.replace(block, lang=lang, dir=dir)


def holds_text(children: tuple[Inline, ...]) -> bool:
    """Whether the text of ``children`` is more than white space (the leading text runs
    usually tell, without joining the text of all)."""
    for child in children:
        if type(child) is not Text:
            break
        if child.text and not child.text.isspace():
            return True
    return bool(inline_text(children).strip())
