"""Language and direction: of the whole document, and of each paragraph, heading and
related title whose prose runs against it."""

from __future__ import annotations

import dataclasses
from typing import TypeVar

from ...model import (
    Block,
    Box,
    Columns,
    Direction,
    Heading,
    ListBlock,
    ListItem,
    Metadata,
    Paragraph,
    Quote,
    RelatedItem,
    RelatedList,
    inline_text,
    walk_blocks,
)
from ...text.language import ascii_prose_language, prose_language
from ...text.script import (
    against,
    detect_language,
    language_direction,
    prose_words,
    text_direction,
)
from ...text.words import rtl_prose_settled
from ..nodes import with_language

_B = TypeVar("_B", bound=Columns | Quote | Box | RelatedList | ListBlock)
SAMPLE_MAX_CHARS = 4000
"""Enough text to tell a document's language; the rest is not read."""
PARAGRAPH_SAMPLE_CHARS = 20000
"""Enough of one paragraph to tell its direction (a huge single line is not read whole)."""


def document_language(
    blocks: list[Block], meta: Metadata, given: str | None
) -> tuple[str, Direction]:
    """The document's language and direction: given, else detected from its text."""
    if given:
        return given, language_direction(given)
    sample = " ".join(_sample_texts(blocks, meta))
    lang = detect_language(sample) or "und"
    if lang == "und":
        return lang, text_direction(sample)
    return lang, language_direction(lang)


def _sample_texts(blocks: list[Block], meta: Metadata) -> list[str]:
    """The headline and leading paragraphs, cut at :data:`SAMPLE_MAX_CHARS` characters in
    all (a word past the limit is kept whole), so that one huge line is not read whole."""
    texts = [meta.headline or ""]
    room = SAMPLE_MAX_CHARS - len(texts[0])
    for block in walk_blocks(tuple(blocks)):
        if room <= 0:
            break
        if isinstance(block, Paragraph | Heading):
            text = inline_text(block.children)
            cut = text.find(" ", room)
            texts.append(text if cut < 0 else text[:cut])
            room -= len(texts[-1])
    return texts


def mark_directions(blocks: tuple[Block, ...], lang: str, dir: Direction) -> tuple[Block, ...]:
    """Set ``lang``/``dir`` on every paragraph, heading and related item that differs."""
    return tuple(_mark(block, lang, dir) for block in blocks)


def _mark(block: Block, lang: str, dir: Direction) -> Block:
    match block:
        case Paragraph() | Heading():
            if block.dir is not None:
                return block
            own_lang, own_dir = _differs(inline_text(block.children), lang, dir)
            return with_language(block, own_lang, own_dir) if own_dir else block
        case Columns() | Quote() | Box():
            children = mark_directions(block.children, lang, dir)
            return _unless_same(block, block.children, children, "children")
        case RelatedList():
            items = tuple(_mark_item(item, lang, dir) for item in block.items)
            return _unless_same(block, block.items, items, "items")
        case ListBlock():
            entries = tuple(_mark_entry(entry, lang, dir) for entry in block.items)
            return _unless_same(block, block.items, entries, "items")
        case _:
            return block


def _unless_same(block: _B, old: tuple[object, ...], new: tuple[object, ...], name: str) -> _B:
    """``block`` with ``name`` set to ``new``, or ``block`` itself when no part of it changed
    (``dataclasses.replace`` is costly next to the rest of the work)."""
    if all(a is b for a, b in zip(old, new, strict=True)):
        return block
    return dataclasses.replace(block, **{name: new})  # type: ignore[arg-type]


def _mark_entry(entry: ListItem, lang: str, dir: Direction) -> ListItem:
    if entry.dir is not None:
        return entry
    own_lang, own_dir = _differs(inline_text(entry.children), lang, dir)
    return dataclasses.replace(entry, lang=own_lang, dir=own_dir) if own_dir else entry


def _mark_item(item: RelatedItem, lang: str, dir: Direction) -> RelatedItem:
    if item.dir is not None:
        return item
    own_lang, own_dir = _differs(item.title, lang, dir)
    return dataclasses.replace(item, lang=own_lang, dir=own_dir) if own_dir else item


def _differs(text: str, lang: str, dir: Direction) -> tuple[str | None, Direction | None]:
    """The language and direction of a paragraph whose prose runs against the document;
    a paragraph of URLs or code alone keeps the document's language. A paragraph longer
    than :data:`PARAGRAPH_SAMPLE_CHARS` is judged by its beginning."""
    if not against(text, dir):
        return None, None  # not one letter runs the other way
    if len(text) > PARAGRAPH_SAMPLE_CHARS:
        cut = text.find(" ", PARAGRAPH_SAMPLE_CHARS)
        text = text if cut < 0 else text[:cut]
    if dir == "rtl" and text.isascii():  # letters alone run left to right: no need to count
        if text_direction(text, dir) == dir:
            return None, None  # no letter at all in the part looked at
        own_lang = ascii_prose_language(text)
        return (own_lang if own_lang != lang else None), "ltr"
    if dir == "rtl" and rtl_prose_settled(text):
        return None, None  # a few Latin words in right-to-left prose: no need to find them
    prose = prose_words(text)
    joined = " ".join(prose)  # the prose direction and language read the same join
    own_dir = text_direction(joined if prose else text, dir)
    if own_dir == dir:
        return None, None
    own_lang = prose_language(text, prose, joined) if prose else None
    return (own_lang if own_lang != lang else None), own_dir
