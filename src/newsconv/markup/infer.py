"""Structure inference for CMS exports that carry no markup: headline, sub-headings,
the related-articles tail, and language and direction per document and per paragraph.

The rules are measured against hand labels of real articles (see ``benchmarks/inference.py``).
"""

from __future__ import annotations

import dataclasses
import re

from ..model import (
    Block,
    Box,
    Columns,
    Direction,
    Heading,
    Metadata,
    Paragraph,
    Quote,
    RelatedItem,
    RelatedList,
    inline_text,
    walk_blocks,
)
from ..text.script import detect_language, language_direction, text_direction

SENTENCE_END = frozenset(".!…;؛,،")
"""Characters that end a sentence (':' and '?' may end a heading; they do in real articles)."""
HEADING_MAX_WORDS = 10
HEADING_MAX_CHARS = 80
HEADLINE_MAX_WORDS = 25
RELATED_MIN_WORDS = 4
RELATED_MAX_WORDS = 16
BODY_MIN_WORDS = 12
DERIVED_HEADLINE_WORDS = 12

_LIST_MARK = re.compile(r"^\s*(?:[-–—•*▪●]|\d+[.)-])\s")
_INNER_SENTENCE = re.compile(r"[.!؟?]\s+\S")


def words(text: str) -> int:
    """Number of whitespace-separated words."""
    return len(text.split())


def _last_char(text: str) -> str:
    stripped = text.rstrip(" \t\u00a0\u200f\u200e\"'”’»)")
    return stripped[-1:] if stripped else ""


def heading_like(text: str) -> bool:
    """Short, no sentence-ending punctuation, one sentence, not a list item."""
    text = text.strip()
    return (
        0 < words(text) <= HEADING_MAX_WORDS
        and len(text) <= HEADING_MAX_CHARS
        and _last_char(text) not in SENTENCE_END
        and not _INNER_SENTENCE.search(text)
        and not _LIST_MARK.match(text)
    )


def body_like(text: str) -> bool:
    """Running text: long, or a sentence that ends as sentences do."""
    return words(text) >= BODY_MIN_WORDS or (_last_char(text) in ".!…" and words(text) >= 4)


def related_like(text: str) -> bool:
    """A title of another article: a headline-length line without a final full stop."""
    text = text.strip()
    return (
        RELATED_MIN_WORDS <= words(text) <= RELATED_MAX_WORDS
        and _last_char(text) not in SENTENCE_END
        and not _LIST_MARK.match(text)
    )


def _text(block: Block) -> str | None:
    return inline_text(block.children) if isinstance(block, Paragraph) else None


# ----------------------------------------------------------------------------- headline


def infer_headline(blocks: list[Block], meta: Metadata) -> tuple[list[Block], Metadata]:
    """Take a title-like first paragraph as the headline, or derive one from the lead."""
    if meta.headline:
        return blocks, meta
    first = _text(blocks[0]) if blocks else None
    if first is not None and len(blocks) > 1 and _title_like(first):
        return blocks[1:], dataclasses.replace(meta, headline=first.strip(), headline_derived=False)
    lead = next((t for b in blocks if (t := _text(b))), None)
    if lead is None:
        return blocks, meta
    return blocks, dataclasses.replace(meta, headline=derive_headline(lead), headline_derived=True)


def _title_like(text: str) -> bool:
    return 0 < words(text) <= HEADLINE_MAX_WORDS and _last_char(text) not in ".;؛,،"


def derive_headline(lead: str) -> str:
    """A short headline from the lead: its first sentence, cut to a dozen words."""
    sentence = re.split(r"(?<=[.!؟?])\s", lead.strip(), maxsplit=1)[0]
    parts = sentence.split()
    if len(parts) <= DERIVED_HEADLINE_WORDS:
        return sentence.rstrip(".")
    return " ".join(parts[:DERIVED_HEADLINE_WORDS]).rstrip("،,;؛:") + "…"


# ----------------------------------------------------------------------------- sub-headings


def infer_headings(blocks: list[Block]) -> list[Block]:
    """Turn short unpunctuated paragraphs followed by body text into sub-headings."""
    out: list[Block] = []
    for index, block in enumerate(blocks):
        text = _text(block)
        if (
            isinstance(block, Paragraph)
            and text is not None
            and _is_subheading(blocks, index, text)
        ):
            out.append(Heading(block.children, block.pos, block.lang, block.dir, inferred=True))
        else:
            out.append(block)
    return out


def _is_subheading(blocks: list[Block], index: int, text: str) -> bool:
    if index == 0 or index + 1 >= len(blocks) or not heading_like(text):
        return False
    following = blocks[index + 1]
    if isinstance(following, Columns | Quote | Box):
        return True
    next_text = _text(following)
    return next_text is not None and body_like(next_text) and not heading_like(next_text)


# ----------------------------------------------------------------------------- related tail


def infer_related(blocks: list[Block]) -> list[Block]:
    """The run of title-like paragraphs after the last body paragraph becomes a related list."""
    start = len(blocks)
    while start > 0:
        text = _text(blocks[start - 1])
        if text is None or not related_like(text) or body_like_strict(text):
            break
        start -= 1
    if start == len(blocks) or start == 0 or not _has_body_before(blocks, start):
        return blocks
    items = tuple(_related_item(block) for block in blocks[start:] if isinstance(block, Paragraph))
    return [*blocks[:start], RelatedList(items, blocks[start].pos, inferred=True)]


def body_like_strict(text: str) -> bool:
    """A line that is certainly running text: ends with a full stop or is long."""
    return _last_char(text) in ".!…" or words(text) > RELATED_MAX_WORDS


def _has_body_before(blocks: list[Block], end: int) -> bool:
    last = _text(blocks[end - 1])
    return last is not None and body_like(last)


def _related_item(block: Paragraph) -> RelatedItem:
    return RelatedItem(inline_text(block.children).strip(), None, block.pos, block.lang, block.dir)


# ----------------------------------------------------------------------------- language


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
    texts = [meta.headline or ""]
    for block in walk_blocks(tuple(blocks)):
        if isinstance(block, Paragraph | Heading):
            texts.append(inline_text(block.children))
        if sum(len(t) for t in texts) > 4000:
            break
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
            return dataclasses.replace(block, lang=own_lang, dir=own_dir) if own_dir else block
        case Columns() | Quote() | Box():
            return dataclasses.replace(block, children=mark_directions(block.children, lang, dir))
        case RelatedList():
            items = tuple(_mark_item(item, lang, dir) for item in block.items)
            return dataclasses.replace(block, items=items)
        case _:
            return block


def _mark_item(item: RelatedItem, lang: str, dir: Direction) -> RelatedItem:
    own_lang, own_dir = _differs(item.title, lang, dir)
    return dataclasses.replace(item, lang=own_lang, dir=own_dir) if own_dir else item


def _differs(text: str, lang: str, dir: Direction) -> tuple[str | None, Direction | None]:
    own_dir = text_direction(text, dir)
    if own_dir == dir:
        return None, None
    own_lang = detect_language(text)
    return (own_lang if own_lang != lang else None), own_dir
