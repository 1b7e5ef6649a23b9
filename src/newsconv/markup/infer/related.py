"""The related-articles tail: titles after a «Read more» label, or headline-like lines
that close the article after its last body paragraph."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from ...model import Block, Link, Paragraph, Position, RelatedItem, RelatedList, inline_text
from .shapes import (
    CONTINUATION,
    ENTRIES,
    SENTENCE_END,
    last_char,
    line_of,
    paragraph_text,
    plain,
    plain_shape,
    sentence_like,
    words,
)

RELATED_MIN_WORDS = 4
RELATED_MAX_WORDS = 16
RELATED_MIN_ITEMS = 2
RELATED_MAX_ITEMS = 8
LABEL_MAX_CHARS = 40
"""Longer than any «Read more» label, diacritics included."""

_RELATED_LABELS = (
    "اقرأ أيضا|اقرأ المزيد|مقالات أخرى|مقالات ذات صلة|أخبار ذات صلة|مواضيع ذات صلة"
    "|موضوعات ذات صلة|بیشتر بخوانید|همچنین بخوانید|مطالب مرتبط|اخبار مرتبط|مزید پڑھیں"
    "|یہ بھی پڑھیں|متعلقہ خبریں|קראו עוד|קראו גם|כתבות נוספות|read more|read also|also read"
    "|related articles|related stories|see also|à lire aussi|lire aussi|lea también"
    "|mehr zum thema|lesen sie auch"
)
"""How a related-articles list is introduced, in the languages newsconv labels."""


def related_like(text: str) -> bool:
    """A title of another article: headline-length, one sentence, no final stop or colon."""
    return _related_like(plain(text))


def _related_like(text: str) -> bool:
    return (
        RELATED_MIN_WORDS <= words(text) <= RELATED_MAX_WORDS
        and last_char(text) not in SENTENCE_END | {":"}
        and plain_shape(text) not in ENTRIES
        and not CONTINUATION.match(text)
    )


def infer_related(
    blocks: list[Block],
    fixed: frozenset[int] = frozenset(),
    notes: dict[Position, str] | None = None,
) -> list[Block]:
    """The related-articles tail: lines after a «Read more» label, or two or more
    headline-like lines that close the article after its last body paragraph. Paragraphs
    marked explicitly (their offsets in ``fixed``) are never taken into a list; ``notes``,
    when given, receives why each title is one."""
    labelled = _labelled_related(blocks, fixed)
    if labelled is not None:
        _note_items(labelled[-1], "a title after a «Read more» label", notes)
        return labelled
    start = len(blocks)
    while start > 0 and len(blocks) - start < RELATED_MAX_ITEMS:
        text = _free_text(blocks[start - 1], fixed)
        if text is None or not related_like(text):
            break
        start -= 1
    if len(blocks) - start < RELATED_MIN_ITEMS or start == 0:
        return blocks
    before = line_of(blocks[start - 1])
    if before.kind != "body" or before.text.endswith(":"):
        return blocks  # a paragraph ending in ':' introduces the lines: verse, a list
    tail = _related_list(blocks[start:])
    why = f"one of {len(tail.items)} headline-like lines closing the article after body text"
    _note_items(tail, why, notes)
    return [*blocks[:start], tail]


def _note_items(block: Block, why: str, notes: dict[Position, str] | None) -> None:
    if notes is not None and isinstance(block, RelatedList):
        notes.update((item.pos, why) for item in block.items)
        if block.title is not None:
            notes[block.pos] = "a «Read more» label: the title of the list"


def _free_text(block: Block, fixed: frozenset[int]) -> str | None:
    """The text of a paragraph that inference may change; None for any other block."""
    return None if block.pos.offset in fixed else paragraph_text(block)


def _labelled_related(blocks: list[Block], fixed: frozenset[int]) -> list[Block] | None:
    """A «Read more» label near the end and the titles after it (or glued to it). A label
    on a line of its own becomes the list's title, as written: the model keeps every word."""
    first = max(0, len(blocks) - RELATED_MAX_ITEMS - 1)
    for index in range(len(blocks) - 1, first - 1, -1):
        text = _free_text(blocks[index], fixed)
        rest = after_related_label(text) if text is not None else None
        if rest is None:
            continue
        titles = [_free_text(block, fixed) for block in blocks[index + 1 :]]
        if not all(title is not None and related_like(title) for title in titles):
            return None
        if rest:  # titles glued to the label: the whole line is one item
            return None if sentence_like(rest) else [*blocks[:index], _related_list(blocks[index:])]
        if index + 1 == len(blocks):
            return None
        return [*blocks[:index], _related_list(blocks[index + 1 :], label=blocks[index])]
    return None


def after_related_label(text: str) -> str | None:
    """What follows a «Read more» label that ``text`` starts with ("" when the line is
    the label alone), or None when it starts with none. Compared case-, diacritic- and
    spelling-folded; the titles may be glued to the label."""
    head = plain(text[: 4 * LABEL_MAX_CHARS])  # the start is enough to rule most lines out
    if len(head) < LABEL_MAX_CHARS and len(text) > 4 * LABEL_MAX_CHARS:
        head = plain(text)  # the start is mostly spaces or invisible controls
    if _fold_initial(head[:1]) not in _LABEL_INITIALS:
        return None
    start = _fold(head[:LABEL_MAX_CHARS])
    if not start.startswith(_FOLDED_LABELS):
        return None  # one call for every label: most lines start with none
    for label in _FOLDED_LABELS:
        if start.startswith(label):
            return _fold(plain(text))[len(label) :].strip(" :：-–—")
    return None


@lru_cache(maxsize=1024)
def _fold_initial(ch: str) -> str:
    """:func:`_fold` of one character, remembered: every line's first is looked at."""
    return _fold(ch)


def _fold(text: str) -> str:
    """Case-folded, decomposed, without combining marks and tatweel, Arabic and Persian
    letter variants made one (all but the decomposition in one ``str.translate``)."""
    return unicodedata.normalize("NFKD", text.casefold()).translate(_FOLD_TABLE)


_FOLD_LETTERS = str.maketrans("أإآیکى", "ااايكي")


class _FoldTable(dict[int, str]):
    """``str.translate`` table, filled on demand: combining marks and tatweel dropped,
    letters of :data:`_FOLD_LETTERS` replaced, anything else kept."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = "" if unicodedata.combining(ch) or ch == "\u0640" else ch.translate(_FOLD_LETTERS)
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()
_FOLDED_LABELS = tuple(_fold(label) for label in _RELATED_LABELS.split("|"))
_LABEL_INITIALS = frozenset(label[0] for label in _FOLDED_LABELS)


def _related_list(items: Sequence[Block], label: Block | None = None) -> RelatedList:
    """One item a paragraph; a title that is a link keeps the link's URL. A label line
    before the items gives the list its title and its position."""
    paragraphs = [block for block in items if isinstance(block, Paragraph)]
    entries = tuple(
        RelatedItem(inline_text(p.children).strip(), _link_url(p), p.pos, p.lang, p.dir)
        for p in paragraphs
    )
    if isinstance(label, Paragraph):
        title = inline_text(label.children).strip()
        return RelatedList(entries, label.pos, inferred=True, title=title)
    return RelatedList(entries, paragraphs[0].pos, inferred=True)


def _link_url(paragraph: Paragraph) -> str | None:
    links = [child for child in paragraph.children if isinstance(child, Link)]
    return links[0].url if len(links) == 1 else None
