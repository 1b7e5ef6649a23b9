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
before it and body text (or a list) after it, once the first body paragraph has been
seen. The rules are measured against hand labels of real articles
(``benchmarks/inference.py``); every rule is there because a real article needed it.
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
    Inline,
    LineBreak,
    Link,
    Metadata,
    Paragraph,
    Quote,
    RelatedItem,
    RelatedList,
    inline_text,
    walk_blocks,
)
from ..text.controls import BIDI_CONTROLS
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
SHORT_MAX_CHARS = 160
"""Past this length a line is body text, whatever else it looks like."""
NUMBERED_HEADING_MAX_WORDS = 15
"""A numbered section heading («ب- …») may be a whole short sentence."""
LEAD_IN_MIN_WORDS = 6
"""A line this long ending in ':' introduces what follows; it is not a heading."""
INTERVIEW_MIN_QUESTIONS = 3
"""This many questions marked with «*» or «-» make an interview: then every question line
is the interviewer's, a paragraph, marked or not."""
PAIR_SIDE_MAX_WORDS = 4
HEADLINE_MAX_WORDS = 25
DERIVED_HEADLINE_WORDS = 12
RELATED_MIN_WORDS = 4
RELATED_MAX_WORDS = 16
RELATED_MIN_ITEMS = 2
RELATED_MAX_ITEMS = 8
LABEL_MAX_CHARS = 40
"""Longer than any «Read more» label, diacritics included."""

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
_TRAILING_CONTROLS = "\u202c\u2069\u200e\u200f\ufeff \t"
_INVISIBLE = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "\ufeff]")
_QUESTION_MARKERS = frozenset("*-–—•")
_CONTINUATION = re.compile(r"^(?:\.\.|…|[a-z][a-z'’-]*\s)")
"""A line that goes on from the one before: an ellipsis, or a first word in lower case
(«iPhone 15 review» is not one)."""
_ADDRESS = re.compile(r"https?://|www\.|\S@\S+\.\w")
_QUOTE_PAIRS = {"«": "»", "“": "”", '"': '"', "„": "“", "‹": "›"}

_RELATED_LABELS = (
    "اقرأ أيضا|اقرأ المزيد|مقالات أخرى|مقالات ذات صلة|أخبار ذات صلة|مواضيع ذات صلة"
    "|موضوعات ذات صلة|بیشتر بخوانید|همچنین بخوانید|مطالب مرتبط|اخبار مرتبط|مزید پڑھیں"
    "|یہ بھی پڑھیں|متعلقہ خبریں|קראו עוד|קראו גם|כתבות נוספות|read more|read also|also read"
    "|related articles|related stories|see also|à lire aussi|lire aussi|lea también"
    "|mehr zum thema|lesen sie auch"
)
"""How a related-articles list is introduced, in the languages newsconv labels."""


# ----------------------------------------------------------------------------- line shapes


def plain(text: str) -> str:
    """``text`` without bidi controls and BOMs, whitespace collapsed."""
    return " ".join(_INVISIBLE.sub("", text).split())


def words(text: str) -> int:
    """Number of whitespace-separated words."""
    return len(text.split())


def shape(text: str) -> Shape:
    """The shape of one paragraph's text (see the module docstring)."""
    return _shape(plain(text))


def heading_like(text: str) -> bool:
    """Short, no sentence-ending punctuation, one sentence, not a list entry."""
    return _shape(plain(text)) == "short"


def related_like(text: str) -> bool:
    """A title of another article: headline-length, one sentence, no final stop or colon."""
    return _related_like(plain(text))


def _shape(text: str) -> Shape:
    if not any(ch.isalnum() for ch in text):
        return "separator"
    if _BULLET.match(text) or _NUMBERED.match(text):
        return "item"
    if len(text) > SHORT_MAX_CHARS:
        return "body"
    if _pair(text):
        return "pair"
    if 0 < words(text) <= HEADING_MAX_WORDS and len(text) <= HEADING_MAX_CHARS:
        return "body" if _sentence_like(text) else "short"
    return "body"


def _pair(text: str) -> bool:
    match = _PAIR.match(text)
    return match is not None and all(
        0 < words(side) <= PAIR_SIDE_MAX_WORDS and not _sentence_like(side)
        for side in match.groups()
    )


def _sentence_like(text: str) -> bool:
    return _last_char(text) in SENTENCE_END or bool(_INNER_SENTENCE.search(text))


def _last_char(text: str) -> str:
    stripped = text.rstrip(_CLOSERS)
    return stripped[-1:] if stripped else ""


def _question(text: str) -> bool:
    return _last_char(text) in _QUESTION_END


def _related_like(text: str) -> bool:
    return (
        RELATED_MIN_WORDS <= words(text) <= RELATED_MAX_WORDS
        and _last_char(text) not in SENTENCE_END | {":"}
        and _shape(text) not in _ENTRIES
        and not _CONTINUATION.match(text)
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
    text = plain(text)
    return 0 < words(text) <= HEADLINE_MAX_WORDS and _last_char(text) not in ".;؛,،"


def derive_headline(lead: str) -> str:
    """A short headline from the lead: its first sentence, cut to a dozen words."""
    sentence = re.split(r"(?<=[.!؟?])\s", _INVISIBLE.sub("", lead).strip(), maxsplit=1)[0]
    parts = sentence.split()
    if len(parts) <= DERIVED_HEADLINE_WORDS:
        return sentence.rstrip(".")
    return " ".join(parts[:DERIVED_HEADLINE_WORDS]).rstrip("،,;؛:") + "…"


# ----------------------------------------------------------------------------- sub-headings


@dataclasses.dataclass(frozen=True, slots=True)
class _Line:
    """A block as the heading rules see it: its plain text and its kind (a shape, or
    ``question`` for a short question, a whole sentence, or ``block`` for a non-paragraph)."""

    text: str
    kind: str


def _line(block: Block) -> _Line:
    if not isinstance(block, Paragraph):
        return _Line("", "block")
    text = plain(inline_text(block.children))
    return _Line(text, _line_kind(text))


def _line_kind(text: str) -> str:
    kind = _shape(text)
    return "question" if kind == "short" and _question(text) else kind


def infer_headings(blocks: list[Block]) -> list[Block]:
    """Turn short paragraphs that head body text (or a list) into sub-headings.

    Containers are searched too; no sub-heading comes before the first body paragraph
    (the lines under the headline are bylines, datelines and standfirsts).
    """
    texts = (inline_text(paragraph.children) for paragraph in _paragraphs(blocks))
    questions = (text for text in texts if _question(text.rstrip(_TRAILING_CONTROLS)))
    marked = sum(1 for text in questions if _marked_question(plain(text)))
    return _HeadingPass(interview=marked >= INTERVIEW_MIN_QUESTIONS).run(blocks)


def _paragraphs(blocks: Sequence[Block]) -> list[Paragraph]:
    found: list[Paragraph] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            found.append(block)
        elif isinstance(block, Columns | Quote | Box):
            found.extend(_paragraphs(block.children))
    return found


@dataclasses.dataclass(slots=True)
class _HeadingPass:
    """One walk over the blocks, remembering whether body text has been seen."""

    interview: bool
    seen_body: bool = False

    def run(self, blocks: Sequence[Block]) -> list[Block]:
        lines = [_line(block) for block in blocks]
        out: list[Block] = []
        for index, block in enumerate(blocks):
            match block:
                case Paragraph() if self._is_heading(lines, index):
                    children = _without_edge_breaks(block.children)
                    out.append(Heading(children, block.pos, block.lang, block.dir, True))
                case Columns() | Quote() | Box():
                    out.append(dataclasses.replace(block, children=tuple(self.run(block.children))))
                case _:
                    out.append(block)
            self.seen_body = self.seen_body or lines[index].kind == "body"
        return out

    def _is_heading(self, lines: list[_Line], index: int) -> bool:
        line = lines[index]
        numbered = line.kind == "item" and _numbered_heading(line.text)
        if not self.seen_body or not (line.kind in ("short", "question") or numbered):
            return False
        if self._rejected(line.text, numbered):
            return False
        kinds = [other.kind for other in lines]
        if _neighbour(kinds, index, -1) not in ("body", "item", "pair", "block", "question"):
            return False
        after = _following(kinds, index, numbered)
        return after in ("body", "block") or (after == "list" and not numbered)

    def _rejected(self, text: str, numbered: bool) -> bool:
        """Lines that look short but are not headings: interview questions, lead-ins
        («Here is what he said:»), sentences continued from the line before, web and
        mail addresses, and the first line of a quotation."""
        if _marked_question(text) or (self.interview and _question(text)):
            return True
        if text.endswith(":") and words(text) >= LEAD_IN_MIN_WORDS and not numbered:
            return True
        if _CONTINUATION.match(text) or _ADDRESS.search(text):
            return True
        return _opens_quotation(text)


def _without_edge_breaks(children: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """A heading's inlines without the line breaks (``<br>``) leaked around them."""
    start, end = 0, len(children)
    while start < end and isinstance(children[start], LineBreak):
        start += 1
    while end > start and isinstance(children[end - 1], LineBreak):
        end -= 1
    return children[start:end]


def _marked_question(text: str) -> bool:
    """An interviewer's question: «* …?» or «- …?»."""
    return text[:1] in _QUESTION_MARKERS and _question(text)


def _numbered_heading(text: str) -> bool:
    """A numbered or lettered line («2ــ …», «ب- …») short enough to head a section."""
    return bool(_NUMBERED.match(text)) and words(text) <= NUMBERED_HEADING_MAX_WORDS


def _opens_quotation(text: str) -> bool:
    closer = _QUOTE_PAIRS.get(text[:1])
    return closer is not None and closer not in text[1:]


def _neighbour(kinds: list[str], index: int, step: int) -> str | None:
    """The kind of the nearest non-separator block before or after ``index``."""
    index += step
    while 0 <= index < len(kinds) and kinds[index] == "separator":
        index += step
    return kinds[index] if 0 <= index < len(kinds) else None


def _following(kinds: list[str], index: int, numbered: bool) -> str | None:
    """What follows a candidate: ``body``/``block``, ``list`` (a bulleted or numbered
    entry, or two pairs), or the kind found. One pair right under a heading may be its
    byline («name ـ town»)."""
    after = [kind for kind in kinds[index + 1 :] if kind != "separator"][:2]
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
    before = _line(blocks[start - 1])
    if before.kind != "body" or before.text.endswith(":"):
        return blocks  # a paragraph ending in ':' introduces the lines: verse, a list
    return [*blocks[:start], _related_list(blocks[start:])]


def _labelled_related(blocks: list[Block]) -> list[Block] | None:
    """A «Read more» label near the end and the titles after it (or glued to it). A label
    on a line of its own stays a paragraph before the list: the model keeps every word."""
    first = max(0, len(blocks) - RELATED_MAX_ITEMS - 1)
    for index in range(len(blocks) - 1, first - 1, -1):
        text = _text(blocks[index])
        rest = after_related_label(text) if text is not None else None
        if rest is None:
            continue
        titles = [_text(block) for block in blocks[index + 1 :]]
        if not all(title is not None and related_like(title) for title in titles):
            return None
        if rest:  # titles glued to the label: the whole line is one item
            return (
                None if _sentence_like(rest) else [*blocks[:index], _related_list(blocks[index:])]
            )
        if index + 1 == len(blocks):
            return None
        return [*blocks[: index + 1], _related_list(blocks[index + 1 :])]
    return None


def after_related_label(text: str) -> str | None:
    """What follows a «Read more» label that ``text`` starts with ("" when the line is
    the label alone), or None when it starts with none. Compared case-, diacritic- and
    spelling-folded; the titles may be glued to the label."""
    text = plain(text)
    if _fold(text[:1]) not in _LABEL_INITIALS:
        return None
    start = _fold(text[:LABEL_MAX_CHARS])
    for label in _FOLDED_LABELS:
        if start.startswith(label):
            return _fold(text)[len(label) :].strip(" :：-–—")
    return None


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ch != "\u0640")
    return kept.translate(_FOLD_LETTERS)


_FOLD_LETTERS = str.maketrans("أإآیکى", "ااايكي")
_FOLDED_LABELS = tuple(_fold(label) for label in _RELATED_LABELS.split("|"))
_LABEL_INITIALS = frozenset(label[0] for label in _FOLDED_LABELS)


def _related_list(items: Sequence[Block]) -> RelatedList:
    """One item a paragraph; a title that is a link keeps the link's URL."""
    paragraphs = [block for block in items if isinstance(block, Paragraph)]
    entries = tuple(
        RelatedItem(inline_text(p.children).strip(), _link_url(p), p.pos, p.lang, p.dir)
        for p in paragraphs
    )
    return RelatedList(entries, paragraphs[0].pos, inferred=True)


def _link_url(paragraph: Paragraph) -> str | None:
    links = [child for child in paragraph.children if isinstance(child, Link)]
    return links[0].url if len(links) == 1 else None


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
