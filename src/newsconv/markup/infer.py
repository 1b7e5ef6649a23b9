"""Structure inference for CMS exports that carry no markup: headline, sub-headings,
the related-articles tail, and language and direction per document and per paragraph.

Every paragraph is first given a *shape* from its text alone:

* ``separator``: no letter or digit (a rule of dashes or dots);
* ``item``: a list entry: a bullet, a number or a footnote marker;
* ``pair``: two short names joined by a spaced dash: a fixture «A - B», a byline
  «name ـ town»;
* ``short``: short, one sentence, no sentence-ending punctuation: may be a heading;
* ``body``: anything else: running text.

A ``short`` paragraph becomes a sub-heading when it sits between body text (or a list)
before it and body text (or a list of at least two items) after it, once the first body
paragraph has been seen. The rules are measured against hand labels of real articles
(``benchmarks/inference.py``).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Sequence
from typing import Literal

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
)
from ..text.controls import strip_bidi_controls
from ..text.script import (
    detect_language,
    language_direction,
    prose_direction,
    prose_words,
    text_direction,
)

SENTENCE_END = frozenset(".!…;؛,،")
"""Characters that end a sentence (':' and '?' may end a heading; they do in real articles)."""
HEADING_MAX_WORDS = 10
HEADING_MAX_CHARS = 80
NUMBERED_HEADING_MAX_WORDS = 15
"""A numbered section heading («ب- …») may be a whole short sentence."""
LEAD_IN_MIN_WORDS = 6
"""A line this long ending in ':' introduces what follows; it is not a heading."""
INTERVIEW_MIN_QUESTIONS = 3
"""This many short question lines make an interview: the questions are paragraphs."""
PAIR_SIDE_MAX_WORDS = 4
HEADLINE_MAX_WORDS = 25
DERIVED_HEADLINE_WORDS = 12
BODY_MIN_WORDS = 12
RELATED_MIN_WORDS = 4
RELATED_MAX_WORDS = 16
RELATED_MIN_ITEMS = 2
RELATED_MAX_ITEMS = 8

Shape = Literal["separator", "item", "pair", "short", "body"]
_ENTRIES = frozenset({"item", "pair"})

_BULLET = re.compile(r"^(?:[-–—•▪●◦·]|\[[^\]\s]{1,10}\]|\(\d{1,3}\)\s|\d{1,4}\s?[.)\-–—]\s)")
_NUMBERED = re.compile(r"^(?:\d{1,2}|الف|[^\W\d_])ـ?\u200c?\s?(?:[-–—]|ـ{2,}|\))\s")
_PAIR = re.compile(r"^([^-–—ـ:]+?)(?:\s+[-–—ـ]+\s*|\s*[-–—ـ]+\s+)([^-–—ـ:]+?)(?:\s*/[^/]*)?$")
_INNER_SENTENCE = re.compile(r"(?:(?<!\.)\.(?!\.)|[!؟?…])[»\"”’')\]]*\s+\S")
"""A sentence ending inside the line. Two dots («خارج التغطية.. لماذا») are a pause
that headlines use, not a full stop."""
_CLOSERS = " \t\u00a0\"'”’»)]"
_QUESTION_END = frozenset("?؟")
_QUESTION_MARKERS = frozenset("*-–—•")
_CONTINUATION = re.compile(r"^(?:\.\.|…|[a-z])")
_QUOTE_PAIRS = {"«": "»", "“": "”", '"': '"', "„": "“", "‹": "›"}

_RELATED_LABELS = (
    "اقرأ أيضا",
    "اقرأ ايضا",
    "إقرأ أيضا",
    "اقرأ المزيد",
    "مقالات أخرى",
    "مقالات ذات صلة",
    "أخبار ذات صلة",
    "مواضيع ذات صلة",
    "موضوعات ذات صلة",
    "بیشتر بخوانید",
    "همچنین بخوانید",
    "مطالب مرتبط",
    "اخبار مرتبط",
    "مزید پڑھیں",
    "یہ بھی پڑھیں",
    "متعلقہ خبریں",
    "קראו עוד",
    "קראו גם",
    "כתבות נוספות",
    "read more",
    "read also",
    "also read",
    "related articles",
    "related stories",
    "see also",
    "à lire aussi",
    "lire aussi",
    "lea también",
    "mehr zum thema",
    "lesen sie auch",
)
"""How a related-articles list is introduced, in the languages newsconv labels."""


# ----------------------------------------------------------------------------- line shapes


def plain(text: str) -> str:
    """``text`` without bidi controls and BOMs, whitespace collapsed."""
    return " ".join(strip_bidi_controls(text).replace("\ufeff", "").split())


def words(text: str) -> int:
    """Number of whitespace-separated words."""
    return len(text.split())


def _last_char(text: str) -> str:
    stripped = text.rstrip(_CLOSERS + "\u200f\u200e")
    return stripped[-1:] if stripped else ""


def is_item(text: str) -> bool:
    """A list entry: a bullet, a number or a footnote marker."""
    text = plain(text)
    return bool(_BULLET.match(text) or _NUMBERED.match(text))


def is_pair(text: str) -> bool:
    """Two short names joined by a spaced dash: a fixture, or a «name ـ town» byline."""
    match = _PAIR.match(plain(text))
    if match is None:
        return False
    sides = (match.group(1), match.group(2))
    return all(
        0 < words(side) <= PAIR_SIDE_MAX_WORDS and not _sentence_like(side) for side in sides
    )


def _sentence_like(text: str) -> bool:
    return _last_char(text) in SENTENCE_END or bool(_INNER_SENTENCE.search(text))


def heading_like(text: str) -> bool:
    """Short, no sentence-ending punctuation, one sentence, not a list entry."""
    text = plain(text)
    return (
        0 < words(text) <= HEADING_MAX_WORDS
        and len(text) <= HEADING_MAX_CHARS
        and not _sentence_like(text)
        and not is_item(text)
        and not is_pair(text)
    )


def shape(text: str) -> Shape:
    """The shape of one paragraph's text (see the module docstring)."""
    text = plain(text)
    if not any(ch.isalnum() for ch in text):
        return "separator"
    if is_item(text):
        return "item"
    if is_pair(text):
        return "pair"
    return "short" if heading_like(text) else "body"


def numbered_heading_like(text: str) -> bool:
    """A numbered or lettered line («2ــ …», «ب- …») short enough to head a section."""
    text = plain(text)
    return bool(_NUMBERED.match(text)) and words(text) <= NUMBERED_HEADING_MAX_WORDS


def is_question(text: str) -> bool:
    """Ends with a question mark (Latin or Arabic)."""
    return _last_char(plain(text)) in _QUESTION_END


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
    text = plain(text)
    return 0 < words(text) <= HEADLINE_MAX_WORDS and _last_char(text) not in ".;؛,،"


def derive_headline(lead: str) -> str:
    """A short headline from the lead: its first sentence, cut to a dozen words."""
    sentence = re.split(r"(?<=[.!؟?])\s", plain(lead), maxsplit=1)[0]
    parts = sentence.split()
    if len(parts) <= DERIVED_HEADLINE_WORDS:
        return sentence.rstrip(".")
    return " ".join(parts[:DERIVED_HEADLINE_WORDS]).rstrip("،,;؛:") + "…"


# ----------------------------------------------------------------------------- sub-headings


def infer_headings(blocks: list[Block]) -> list[Block]:
    """Turn short paragraphs that head body text (or a list) into sub-headings.

    Containers are searched too; no sub-heading comes before the first body paragraph
    (the lines under the headline are bylines, datelines and standfirsts).
    """
    questions = sum(1 for text in _paragraph_texts(blocks) if _short_question(text))
    return _HeadingPass(interview=questions >= INTERVIEW_MIN_QUESTIONS).run(blocks)


def _paragraph_texts(blocks: Sequence[Block]) -> list[str]:
    texts: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            texts.append(inline_text(block.children))
        elif isinstance(block, Columns | Quote | Box):
            texts.extend(_paragraph_texts(block.children))
    return texts


def _short_question(text: str) -> bool:
    return is_question(text) and shape(text) == "short"


@dataclasses.dataclass(slots=True)
class _HeadingPass:
    """One walk over the blocks, remembering whether body text has been seen."""

    interview: bool
    seen_body: bool = False

    def run(self, blocks: Sequence[Block]) -> list[Block]:
        shapes = [_block_shape(block) for block in blocks]
        out: list[Block] = []
        for index, block in enumerate(blocks):
            match block:
                case Paragraph() if self._is_heading(block, index, shapes):
                    out.append(Heading(block.children, block.pos, block.lang, block.dir, True))
                case Columns() | Quote() | Box():
                    out.append(dataclasses.replace(block, children=tuple(self.run(block.children))))
                case _:
                    out.append(block)
            self.seen_body = self.seen_body or shapes[index] == "body"
        return out

    def _is_heading(self, block: Paragraph, index: int, shapes: list[str]) -> bool:
        text = inline_text(block.children)
        numbered = shapes[index] == "item" and numbered_heading_like(text)
        if not self.seen_body or not (shapes[index] in ("short", "question") or numbered):
            return False
        if self._rejected(text, numbered):
            return False
        if _neighbour(shapes, index, -1) not in ("body", "item", "pair", "block", "question"):
            return False
        after = _following(shapes, index, numbered)
        return after in ("body", "block") or (after == "list" and not numbered)

    def _rejected(self, text: str, numbered: bool) -> bool:
        """Lines that look short but are not headings: interview questions, lead-ins
        («Here is what he said:»), and sentences continued from the line before."""
        text = plain(text)
        if is_question(text) and (self.interview or text[:1] in _QUESTION_MARKERS):
            return True
        if text.endswith(":") and words(text) >= LEAD_IN_MIN_WORDS and not numbered:
            return True
        return bool(_CONTINUATION.match(text)) or _opens_quotation(text)


def _opens_quotation(text: str) -> bool:
    """Starts a quotation that the line does not close: the first line of a quote."""
    closer = _QUOTE_PAIRS.get(text[:1])
    return closer is not None and closer not in text[1:]


def _block_shape(block: Block) -> str:
    """A paragraph's text shape (a short question counts as ``question``: it is a whole
    sentence); any other block counts as ``block``."""
    if not isinstance(block, Paragraph):
        return "block"
    text = inline_text(block.children)
    found = shape(text)
    return "question" if found == "short" and is_question(text) else found


def _neighbour(shapes: list[str], index: int, step: int) -> str | None:
    """The shape of the nearest non-separator block before or after ``index``."""
    index += step
    while 0 <= index < len(shapes) and shapes[index] == "separator":
        index += step
    return shapes[index] if 0 <= index < len(shapes) else None


def _following(shapes: list[str], index: int, numbered: bool) -> str | None:
    """What follows a candidate: ``body``/``block``, ``list`` (a bulleted or numbered
    entry, or two pairs), or the shape found. One pair right under a heading may be its
    byline («name ـ town»)."""
    after = [s for s in shapes[index + 1 :] if s != "separator"][:2]
    if not after:
        return None
    if after[0] == "item" and not numbered:
        return "list"
    if len(after) > 1 and after[0] == "pair":
        if after[1] in _ENTRIES:
            return "list"
        if not numbered:
            return after[1]
    return after[0]


# ----------------------------------------------------------------------------- related tail


def infer_related(blocks: list[Block]) -> list[Block]:
    """The related-articles tail: lines after a «Read more» label, or two or more
    headline-like lines that close the article after its last body paragraph."""
    labelled = _labelled_related(blocks)
    if labelled is not None:
        return labelled
    start = len(blocks)
    while start > 0 and len(blocks) - start < RELATED_MAX_ITEMS:
        text = _text(blocks[start - 1])
        if text is None or not related_like(text):
            break
        start -= 1
    if len(blocks) - start < RELATED_MIN_ITEMS or start == 0:
        return blocks
    if _block_shape(blocks[start - 1]) != "body":
        return blocks
    return [*blocks[:start], _related_list(blocks[start:], blocks[start])]


def related_like(text: str) -> bool:
    """A title of another article: headline-length, one sentence, no final stop or colon."""
    text = plain(text)
    return (
        RELATED_MIN_WORDS <= words(text) <= RELATED_MAX_WORDS
        and _last_char(text) not in SENTENCE_END | {":"}
        and not is_item(text)
        and not is_pair(text)
        and not _CONTINUATION.match(text)
    )


def _labelled_related(blocks: list[Block]) -> list[Block] | None:
    """A «Read more» label near the end and the titles after it (or on its own line)."""
    first = max(0, len(blocks) - RELATED_MAX_ITEMS - 1)
    for index in range(len(blocks) - 1, first - 1, -1):
        text = _text(blocks[index])
        label = related_label_of(text) if text is not None else None
        if label is None or text is None:
            continue
        rest = [_text(block) for block in blocks[index + 1 :]]
        if not all(t is not None and related_like(t) for t in rest):
            return None
        glued = plain(text)[len(label) :].strip(" :：-–—")
        items = blocks[index:] if glued else blocks[index + 1 :]
        if not items or (glued and _sentence_like(glued)):
            return None
        return [*blocks[:index], _related_list(items, blocks[index])]
    return None


def related_label_of(text: str) -> str | None:
    """The «Read more» label ``text`` starts with, as written there, or None."""
    normal = _fold(plain(text))
    for label in _RELATED_LABELS:
        folded = _fold(label)
        if normal.startswith(folded):
            return plain(text)[: _prefix_length(plain(text), len(folded))]
    return None


def _fold(text: str) -> str:
    """Case, diacritics and alef/yeh/kaf spellings folded for label matching."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ch != "\u0640")
    return kept.translate(str.maketrans("أإآیکى", "ااايكي"))


def _prefix_length(text: str, folded_length: int) -> int:
    """How many characters of ``text`` fold to ``folded_length`` characters."""
    for end in range(len(text) + 1):
        if len(_fold(text[:end])) >= folded_length:
            return end
    return len(text)


def _related_list(items: Sequence[Block], first: Block) -> RelatedList:
    entries = tuple(_related_item(block) for block in items if isinstance(block, Paragraph))
    return RelatedList(entries, first.pos, inferred=True)


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
    for text in _paragraph_texts(blocks):
        texts.append(text)
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
    if item.dir is not None:
        return item
    own_lang, own_dir = _differs(item.title, lang, dir)
    return dataclasses.replace(item, lang=own_lang, dir=own_dir) if own_dir else item


def _differs(text: str, lang: str, dir: Direction) -> tuple[str | None, Direction | None]:
    """The language and direction of a paragraph whose prose runs against the document;
    a paragraph of URLs or code alone keeps the document's language."""
    own_dir = prose_direction(text, dir)
    if own_dir == dir:
        return None, None
    own_lang = detect_language(text) if prose_words(text) else None
    return (own_lang if own_lang != lang else None), own_dir
