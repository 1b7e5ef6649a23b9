"""The natural language a PDF declares when the document's own is undetermined (``und``).

PDF/UA-1 asks that the language of every piece of text be determinable: from the
catalog's ``/Lang``, or an element's. A parsed article carries the language its metadata
gives or the parser detects from its leading text; a document built in code, or one whose
metadata says ``und``, has none. Then the writer decides from the body itself, as the
parser does for each paragraph (:func:`~newsconv.text.script.detect_language`): every
paragraph, heading, list item and related title counts its letters for its own language
(the one it is marked with, else the one detected in its text), as do the headline and the
figures' alt texts and captions, and the language with the most letters wins. Blocks
detected in another language get their own ``/Lang``. When no language can be told — an
empty body, or text mostly in scripts newsconv cannot tell a language by — the writer
declares :data:`DEFAULT_LANGUAGE`, the language of the labels it prints for such a
document, and reports a ``language-undetermined`` warning.

The HTML and EPUB writers keep ``und``, which HTML allows; only the PDF needs a language.
Nothing here changes what is drawn: only the tags and the metadata.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator
from typing import TypeVar

from ...model import (
    Block,
    Box,
    Columns,
    Document,
    Figure,
    Heading,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    RelatedItem,
    RelatedList,
    inline_text,
    walk_blocks,
)
from ...text.script import detect_language
from ..base import WriterOptions

DEFAULT_LANGUAGE = "en"
"""Declared when the text tells no language: the language of the writer's own labels
(:mod:`newsconv.text.labels` falls back to English)."""

UNDETERMINED = "und"

SAMPLE_CHARS = 2000
"""How much of one block is read to tell its language."""

_Unit = Paragraph | Heading | ListItem | RelatedItem


def declared_language(doc: Document, options: WriterOptions) -> tuple[str, Document]:
    """The language the file declares and ``doc`` with ``lang`` set on each block that is
    in another one (``doc`` itself when its language is known)."""
    if doc.lang and doc.lang.lower() != UNDETERMINED:
        return doc.lang, doc
    found: dict[int, str | None] = {}
    weights: Counter[str | None] = Counter()
    for unit in _units(doc.blocks):
        found[id(unit)] = _language_of(unit)
        weights[found[id(unit)]] += sum(map(str.isalpha, _text(unit)))
    for text in _other_texts(doc):
        weights[detect_language(text[:SAMPLE_CHARS])] += sum(map(str.isalpha, text))
    lang = dominant(weights)
    if lang is None:
        lang = DEFAULT_LANGUAGE
        options.warn(
            doc,
            "language-undetermined",
            "the text tells no language newsconv knows; the PDF declares "
            f"{DEFAULT_LANGUAGE!r} (give the language as lang: in the metadata)",
        )
    blocks = tuple(_marked(block, lang, found) for block in doc.blocks)
    return lang, dataclasses.replace(doc, blocks=blocks)


def dominant(weights: Counter[str | None]) -> str | None:
    """The language with the most letters (the first counted wins a tie), or None when
    letters of no known language outnumber it, or there are no letters at all."""
    known = [(lang, count) for lang, count in weights.items() if lang and count]
    if not known:
        return None
    lang, count = max(known, key=lambda item: item[1])
    return lang if count >= weights[None] else None


def _units(blocks: tuple[Block, ...]) -> Iterator[_Unit]:
    """The blocks and items that can carry a language of their own, in reading order."""
    for block in walk_blocks(blocks):
        match block:
            case Paragraph() | Heading():
                yield block
            case ListBlock():
                yield from block.items
            case RelatedList():
                yield from block.items
            case _:
                pass


def _other_texts(doc: Document) -> Iterator[str]:
    """Text with no language of its own that counts too: the headline (unless taken from
    the body) and the figures' alt texts and captions."""
    if doc.meta.headline and not doc.meta.headline_derived:
        yield doc.meta.headline
    for block in walk_blocks(doc.blocks):
        if isinstance(block, Figure):
            yield f"{block.alt} {inline_text(block.caption)}"


def _text(unit: _Unit) -> str:
    return unit.title if isinstance(unit, RelatedItem) else inline_text(unit.children)


def _language_of(unit: _Unit) -> str | None:
    """The language a block is marked with, else the one its text is detected in."""
    if unit.lang:
        return unit.lang
    return detect_language(_text(unit)[:SAMPLE_CHARS])


def _marked(block: Block, lang: str, found: dict[int, str | None]) -> Block:
    """``block`` with its own ``lang`` where the detected one differs from ``lang``."""
    match block:
        case Paragraph():
            return _own(block, lang, found)
        case Heading():
            return _own(block, lang, found)
        case Columns() | Quote() | Box():
            children = tuple(_marked(child, lang, found) for child in block.children)
            return dataclasses.replace(block, children=children)
        case ListBlock():
            entries = tuple(_own(entry, lang, found) for entry in block.items)
            return dataclasses.replace(block, items=entries)
        case RelatedList():
            items = tuple(_own(item, lang, found) for item in block.items)
            return dataclasses.replace(block, items=items)
        case _:
            return block


_U = TypeVar("_U", Paragraph, Heading, ListItem, RelatedItem)


def _own(unit: _U, lang: str, found: dict[int, str | None]) -> _U:
    detected = found.get(id(unit))
    if unit.lang or detected is None or detected == lang:
        return unit
    return dataclasses.replace(unit, lang=detected)
