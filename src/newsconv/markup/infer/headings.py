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

from ...model import (
    Block,
    Box,
    Columns,
    Heading,
    Inline,
    LineBreak,
    Paragraph,
    Position,
    Quote,
    inline_text,
)
from .lexicon import (
    BOUND_STARTS,
    CONTINUING_STARTS,
    byline,
    fold_word,
    formula,
    open_ended,
    says,
)
from .shapes import (
    BLOCK_LINE,
    BULLET,
    CONTINUATION,
    ENTRIES,
    NUMBERED,
    Line,
    heading_like,
    is_question,
    plain,
    rule_line,
    starts_with,
    words,
)

INTERVIEW_MIN_QUESTIONS = 3
"""This many questions marked with «*» or «-» make an interview: then every question line
is the interviewer's, a paragraph, marked or not."""
VERSE_MIN_WORDS = 3
"""Two rhyming lines this long are a verse, not a heading over a heading."""
VOCALISED_MIN_MARKS = 3
"""A line with this many Arabic short-vowel marks is verse or scripture, not a heading."""


@dataclasses.dataclass(frozen=True, slots=True)
class HeadingTuning:
    """The numbers and switches of the sub-heading rules. The defaults are the values that
    score best on labelled articles (``benchmarks/inference.py`` chooses them again with
    each source left out in turn, to measure how they carry over to unseen sources)."""

    max_words: int = 10
    """Longest heading, in words (numbered and marked headings aside)."""
    lead_in_min_words: int = 6
    """A line this long ending in ':' introduces what follows; it is not a heading."""
    numbered_max_words: int = 15
    """A numbered or marked section heading («ب- …») may be a whole short sentence."""
    stacked: bool = True
    """Two short lines over body text are a heading and a sub-heading."""
    marked: bool = True
    """A line with a list marker («- », «* », «1. ») alone between paragraphs is a heading."""


DEFAULT_TUNING = HeadingTuning()
_TRAILING_CONTROLS = "\u202c\u2069\u200e\u200f\ufeff \t"
_QUESTION_MARKERS = frozenset("*-–—•")
_ADDRESS = re.compile(r"https?://|www\.|\S@\S+\.\w")
_QUOTE_PAIRS = {"«": "»", "“": "”", '"': '"', "„": "“", "‹": "›"}
_HARAKAT = re.compile("[\u064b-\u0652]")
_CANDIDATES = frozenset({"short", "question"})
_MAY_HEAD = _CANDIDATES | {"item"}
_BEFORE_HEADING = frozenset({"body", "item", "pair", "block", "question"})


def infer_headings(
    blocks: list[Block],
    fixed: frozenset[int] = frozenset(),
    tuning: HeadingTuning = DEFAULT_TUNING,
    notes: dict[Position, str] | None = None,
) -> list[Block]:
    """Turn short paragraphs that head body text (or a list) into sub-headings.

    Containers are searched too; no sub-heading comes before the first body paragraph
    (the lines under the headline are bylines, datelines and standfirsts). A paragraph
    marked explicitly (its offset in ``fixed``) stays a paragraph and counts as body text.
    ``notes``, when given, receives why each line is or is not a heading, by position.
    """
    interview = _marked_questions(blocks) >= INTERVIEW_MIN_QUESTIONS
    return _HeadingPass(interview, fixed, tuning, notes).run(blocks)


def _marked_questions(blocks: Sequence[Block]) -> int:
    """How many paragraphs (in containers too) are interview questions marked with «*»
    or «-»."""
    count = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            text = inline_text(block.children)
            count += (
                starts_with(text, _QUESTION_MARKERS)  # rare: looked at closer only then
                and is_question(text.rstrip(_TRAILING_CONTROLS))
                and _marked_question(plain(text))
            )
        elif isinstance(block, Columns | Quote | Box):
            count += _marked_questions(block.children)
    return count


@dataclasses.dataclass(slots=True)
class _HeadingPass:
    """One walk over the blocks, remembering whether body text has been seen."""

    interview: bool
    fixed: frozenset[int]
    tuning: HeadingTuning
    notes: dict[Position, str] | None = None
    """Why each line is or is not a heading, by position, when asked for."""
    seen_body: bool = False
    reasons: dict[int, str] = dataclasses.field(default_factory=dict)
    """Why, by index in the blocks being walked, until copied to ``notes``."""

    def run(self, blocks: Sequence[Block], nested: bool = False) -> list[Block]:
        """The blocks with sub-headings found; ``nested`` inside a quote, box or columns,
        where the container's edge counts as a block before the first line."""
        lines = [self._line(block) for block in blocks]
        kinds = [line.kind for line in lines]
        out: list[Block] = []
        levels: dict[int, int] = {}
        for index, block in enumerate(blocks):
            kind = kinds[index]
            if kind in _MAY_HEAD:  # a paragraph, not marked explicitly (those are "body")
                levels.update(self._levels(lines, kinds, index, nested, levels))
                if self.notes is not None:
                    self.notes.update((blocks[i].pos, why) for i, why in self.reasons.items())
                    self.reasons.clear()
            if index in levels:
                assert isinstance(block, Paragraph)
                children = _without_edge_breaks(block.children)
                level = levels[index]
                out.append(Heading(children, block.pos, block.lang, block.dir, True, level))
            elif isinstance(block, Columns | Quote | Box):
                inner = tuple(self.run(block.children, nested=True))
                same = all(a is b for a, b in zip(inner, block.children, strict=True))
                out.append(block if same else dataclasses.replace(block, children=inner))
            else:
                out.append(block)
            if kind == "body":
                self.seen_body = True
        return out

    def _line(self, block: Block) -> Line:
        if not isinstance(block, Paragraph):
            return BLOCK_LINE
        text = inline_text(block.children)
        if block.pos.offset in self.fixed:
            return Line(plain(text), "body")
        return rule_line(text)

    def _levels(
        self, lines: list[Line], kinds: list[str], index: int, nested: bool, known: dict[int, int]
    ) -> dict[int, int]:
        """``{index: level}`` of the heading at ``index`` (and of the sub-heading under it),
        or nothing; why is noted when notes are kept."""
        if index in known:
            return {}
        if not self.seen_body:
            if lines[index].kind in _CANDIDATES:
                self._note(index, "short, but no heading comes before the first body paragraph")
            return {}
        single, why = self._single(lines, kinds, index, nested)
        if single:
            self._note(index, why)
            return {index: 1}
        under, why_stacked = self._stacked(lines, kinds, index, nested)
        if under is None:
            self._note(index, why)
            return {}
        self._note(index, why_stacked)
        self._note(under, "sub-heading right under a heading: " + why_stacked)
        return {index: 1, under: 2}

    def _note(self, index: int, why: str) -> None:
        if self.notes is not None and why:
            self.reasons[index] = why

    def _single(
        self, lines: list[Line], kinds: list[str], index: int, nested: bool
    ) -> tuple[bool, str]:
        """Whether the line at ``index`` heads what follows on its own, and why (not)."""
        line = lines[index]
        marked = line.kind == "item" and self._marked_heading(line.text)
        if not (line.kind in _CANDIDATES or marked):
            return False, ""  # not a candidate: its shape says why
        rejection = self._rejection(line.text, marked)
        if rejection is not None:
            return False, rejection
        before = _neighbour(kinds, index, -1) or ("block" if nested else None)
        if before not in _BEFORE_HEADING or (before == "item" and _bulleted(line.text)):
            return False, f"{line.kind} line after a {before or 'start'} line"
        if marked and _next_kinds(kinds, index, 1) == ["item"]:
            return False, "one entry of a list"
        if _continued_by(lines, kinds, index):
            return False, "the next line goes on with its sentence"
        after = _following(kinds, index, marked)
        shape = "marked or numbered" if marked else line.kind
        why = f"{shape} line, {words(line.text)} words, {before} before, {after} after"
        return after in ("body", "block") or (after == "list" and not marked), why

    def _stacked(
        self, lines: list[Line], kinds: list[str], index: int, nested: bool
    ) -> tuple[int | None, str]:
        """The index of the sub-heading right under a heading at ``index``: two short lines
        between body text (a section heading, a sub-section heading), unless they read as
        a couplet or as one sentence broken in two."""
        under = _next_index(kinds, index)
        if not self.tuning.stacked or under is None:
            return None, ""
        first, second = lines[index], lines[under]
        if first.kind != "short" or second.kind not in _CANDIDATES:
            return None, ""
        if self._rejection(first.text, False) or self._rejection(second.text, False):
            return None, ""
        before = _neighbour(kinds, index, -1) or ("block" if nested else None)
        if before not in _BEFORE_HEADING or _introduces(lines, kinds, index):
            return None, ""
        if _continues(second.text) or _verse(first.text, second.text):
            return None, ""
        if _continued_by(lines, kinds, under) or _following(kinds, under, False) not in (
            "body",
            "block",
        ):
            return None, ""
        return under, f"two short lines between {before} and body text"

    def _rejection(self, text: str, marked: bool) -> str | None:
        """Why a line that looks short is not a heading, or None: interview questions,
        lead-ins («Here is what he said:»), sentences continued from the line before or
        going on in the next, web and mail addresses, the first line of a quotation, and
        formulas such as the basmala that open a quoted letter."""
        if _marked_question(text) or (self.interview and is_question(text)):
            return "an interview question"
        parts = text.split()
        if text.endswith(":") and len(parts) >= self.tuning.lead_in_min_words and not marked:
            return f"a lead-in: {len(parts)} words ending in ':'"
        if text.endswith(":") and says(parts):
            return "introduces a quotation: a verb of saying and ':'"
        if not marked and len(parts) > self.tuning.max_words:
            return f"longer than {self.tuning.max_words} words"
        if CONTINUATION.match(text):
            return "goes on from the line before"
        if _address(text):
            return "holds a web or mail address"
        if formula(text):
            return "an opening formula (basmala, salutation)"
        if byline(text):
            return "a byline"
        if _vocalised(text):
            return "vocalised like verse or scripture"
        if not text.endswith(":") and open_ended(parts[-1]):
            return f"ends with «{parts[-1]}», which goes on in the next line"
        return "opens a quotation" if _opens_quotation(text) else None

    def _marked_heading(self, text: str) -> bool:
        """A numbered or lettered line («2ــ …», «ب- …»), or one with a list marker
        («- …», «1. …») over a short title, short enough to head a section."""
        if words(text) > self.tuning.numbered_max_words:
            return False
        if NUMBERED.match(text):
            return True
        marker = BULLET.match(text)
        return self.tuning.marked and marker is not None and _title_after(text[marker.end() :])


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


def _bulleted(text: str) -> bool:
    """Marked like an entry of a bulleted or numbered list (not lettered «ب- »)."""
    return BULLET.match(text) is not None and NUMBERED.match(text) is None


def _title_after(rest: str) -> bool:
    """What follows a list marker reads as a title: short, not a sentence."""
    rest = rest.strip()
    return bool(rest) and heading_like(rest) and not is_question(rest)


def _continues(text: str, starts: frozenset[str] = CONTINUING_STARTS) -> bool:
    """A line that goes on from the one before: lower-case, or one of ``starts`` first."""
    parts = text.split(maxsplit=1)  # not the whole of a long line
    first = parts[0] if parts else ""
    return bool(CONTINUATION.match(text)) or fold_word(first) in starts


def _continued_by(lines: list[Line], kinds: list[str], index: int) -> bool:
    """The paragraph after ``index`` goes on with the same sentence (it starts in lower
    case or with a word that cannot open a sentence)."""
    after = _next_index(kinds, index)
    if after is None or kinds[after] == "block":
        return False
    return _continues(lines[after].text, BOUND_STARTS)


def _introduces(lines: list[Line], kinds: list[str], index: int) -> bool:
    """The paragraph before ``index`` ends in ':' — it introduces a quotation or a poem."""
    before = index - 1
    while before >= 0 and kinds[before] == "separator":
        before -= 1
    return before >= 0 and kinds[before] == "body" and lines[before].text.endswith(":")


def _verse(first: str, second: str) -> bool:
    """Two lines that rhyme (the same last two letters, each of several words)."""
    if min(words(first), words(second)) < VERSE_MIN_WORDS:
        return False
    ends = [fold_word(text.split()[-1]).rstrip(".,،!?؟…\"'»”)") for text in (first, second)]
    return len(ends[0]) >= 2 and ends[0][-2:] == ends[1][-2:]


def _address(text: str) -> bool:
    """Whether :data:`_ADDRESS` is found (looked for only where ``://``, ``www.`` or ``@``
    is, one of which every match holds)."""
    maybe = "://" in text or "www." in text or "@" in text
    return maybe and _ADDRESS.search(text) is not None


def _vocalised(text: str) -> bool:
    return len(_HARAKAT.findall(text)) >= VOCALISED_MIN_MARKS


def _next_index(kinds: list[str], index: int) -> int | None:
    """The index of the nearest non-separator block after ``index``."""
    index += 1
    while index < len(kinds) and kinds[index] == "separator":
        index += 1
    return index if index < len(kinds) else None


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
