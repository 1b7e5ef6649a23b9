"""Sub-headings: short paragraphs that head body text.

A ``short`` paragraph (see :mod:`.shapes`) becomes a sub-heading when it sits between
body text (or a list) before it and body text (or a list) after it, once the first body
paragraph has been seen. Interview questions, lead-ins, continued sentences, addresses
and opening quotations are never headings.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from ...model import Block, Box, Columns, Heading, Inline, LineBreak, Paragraph, Quote, inline_text
from .shapes import CONTINUATION, ENTRIES, NUMBERED, Line, is_question, line_of, plain, words

NUMBERED_HEADING_MAX_WORDS = 15
"""A numbered section heading («ب- …») may be a whole short sentence."""
LEAD_IN_MIN_WORDS = 6
"""A line this long ending in ':' introduces what follows; it is not a heading."""
INTERVIEW_MIN_QUESTIONS = 3
"""This many questions marked with «*» or «-» make an interview: then every question line
is the interviewer's, a paragraph, marked or not."""

_TRAILING_CONTROLS = "\u202c\u2069\u200e\u200f\ufeff \t"
_QUESTION_MARKERS = frozenset("*-–—•")
_ADDRESS = re.compile(r"https?://|www\.|\S@\S+\.\w")
_QUOTE_PAIRS = {"«": "»", "“": "”", '"': '"', "„": "“", "‹": "›"}


def infer_headings(blocks: list[Block], fixed: frozenset[int] = frozenset()) -> list[Block]:
    """Turn short paragraphs that head body text (or a list) into sub-headings.

    Containers are searched too; no sub-heading comes before the first body paragraph
    (the lines under the headline are bylines, datelines and standfirsts). A paragraph
    marked explicitly (its offset in ``fixed``) stays a paragraph and counts as body text.
    """
    texts = (inline_text(paragraph.children) for paragraph in _paragraphs(blocks))
    questions = (text for text in texts if is_question(text.rstrip(_TRAILING_CONTROLS)))
    marked = sum(1 for text in questions if _marked_question(plain(text)))
    return _HeadingPass(marked >= INTERVIEW_MIN_QUESTIONS, fixed).run(blocks)


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
    fixed: frozenset[int]
    seen_body: bool = False

    def run(self, blocks: Sequence[Block], nested: bool = False) -> list[Block]:
        """The blocks with sub-headings found; ``nested`` inside a quote, box or columns,
        where the container's edge counts as a block before the first line."""
        lines = [self._line(block) for block in blocks]
        kinds = [line.kind for line in lines]
        out: list[Block] = []
        for index, block in enumerate(blocks):
            match block:
                case Paragraph() if block.pos.offset not in self.fixed and self._is_heading(
                    lines, kinds, index, nested
                ):
                    children = _without_edge_breaks(block.children)
                    out.append(Heading(children, block.pos, block.lang, block.dir, True))
                case Columns() | Quote() | Box():
                    inner = tuple(self.run(block.children, nested=True))
                    out.append(dataclasses.replace(block, children=inner))
                case _:
                    out.append(block)
            self.seen_body = self.seen_body or lines[index].kind == "body"
        return out

    def _line(self, block: Block) -> Line:
        if block.pos.offset in self.fixed and isinstance(block, Paragraph):
            return Line(plain(inline_text(block.children)), "body")
        return line_of(block)

    def _is_heading(self, lines: list[Line], kinds: list[str], index: int, nested: bool) -> bool:
        line = lines[index]
        numbered = line.kind == "item" and _numbered_heading(line.text)
        if not self.seen_body or not (line.kind in ("short", "question") or numbered):
            return False
        if self._rejected(line.text, numbered):
            return False
        before = _neighbour(kinds, index, -1) or ("block" if nested else None)
        if before not in ("body", "item", "pair", "block", "question"):
            return False
        after = _following(kinds, index, numbered)
        return after in ("body", "block") or (after == "list" and not numbered)

    def _rejected(self, text: str, numbered: bool) -> bool:
        """Lines that look short but are not headings: interview questions, lead-ins
        («Here is what he said:»), sentences continued from the line before, web and
        mail addresses, and the first line of a quotation."""
        if _marked_question(text) or (self.interview and is_question(text)):
            return True
        if text.endswith(":") and words(text) >= LEAD_IN_MIN_WORDS and not numbered:
            return True
        if CONTINUATION.match(text) or _ADDRESS.search(text):
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
    return text[:1] in _QUESTION_MARKERS and is_question(text)


def _numbered_heading(text: str) -> bool:
    """A numbered or lettered line («2ــ …», «ب- …») short enough to head a section."""
    return bool(NUMBERED.match(text)) and words(text) <= NUMBERED_HEADING_MAX_WORDS


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
    after = _next_kinds(kinds, index, 2)
    if not after:
        return None
    if after[0] == "item" and not numbered:
        return "list"
    if len(after) > 1 and after[0] == "pair":
        if after[1] in ENTRIES:
            return "list"
        if not numbered:
            return after[1]
    return after[0]


def _next_kinds(kinds: list[str], index: int, count: int) -> list[str]:
    """The kinds of the next ``count`` non-separator blocks after ``index``."""
    found: list[str] = []
    for position in range(index + 1, len(kinds)):
        if kinds[position] != "separator":
            found.append(kinds[position])
            if len(found) == count:
                break
    return found
