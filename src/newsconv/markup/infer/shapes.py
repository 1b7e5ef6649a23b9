"""Line shapes: what a paragraph looks like from its text alone.

* ``separator``: no letter or digit (a rule of dashes or dots);
* ``item``: a list entry: a bullet, a number or a footnote marker;
* ``pair``: two short names joined by a spaced dash: a fixture «A - B», a byline
  «name ـ town»;
* ``fact``: a ``Label: value`` line of a fact box: a known label (date, place, scorers…)
  or a value made mostly of numbers;
* ``short``: short, one sentence, no sentence-ending punctuation: may be a heading;
* ``body``: anything else: running text.

The heading and related-list rules read paragraphs through these shapes; the helpers
here (sentence ends, questions, continuations) are shared by both.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from ...model import Block, Paragraph, inline_text
from ...text.controls import BIDI_CONTROLS
from .lexicon import FACT_LABELS, fold_word

SENTENCE_END = frozenset(".!…;؛,،")
"""Characters that end a sentence (':' and '?' may end a heading; they do in real articles)."""
HEADING_MAX_WORDS = 10
HEADING_MAX_CHARS = 80
SHORT_MAX_CHARS = 160
"""Past this length a line is body text, whatever else it looks like."""
PAIR_SIDE_MAX_WORDS = 4
FACT_LABEL_MAX_WORDS = 3

Shape = Literal["separator", "item", "pair", "fact", "short", "body"]
ENTRIES = frozenset({"item", "pair", "fact"})
"""The shapes of list entries."""

BULLET = re.compile(r"^(?:[-–—•▪●◦·]|\[[^\]\s]{1,10}\]|\(\d{1,3}\)\s|\d{1,4}\s?[.)\-–—]\s)")
NUMBERED = re.compile(r"^(?:\d{1,2}|الف|[^\W\d_])ـ?\u200c?\s?(?:[-–—]|ـ{2,}|\))\s")
"""A numbered or lettered line: «2ــ …», «ب- …», «الف) …»."""
_PAIR = re.compile(r"^([^-–—ـ:]+?)(?:\s+[-–—ـ]+\s*|\s*[-–—ـ]+\s+)([^-–—ـ:]+?)(?:\s*/[^/]*)?$")
_PAIR_DASHES = "-–—ـ"
_PAIR_MAX_TOKENS = 2 * PAIR_SIDE_MAX_WORDS + 1
"""The most tokens a pair without a ``/`` tail has: its sides' words, and the dash
between them as a token of its own at most."""
_SPACED_DASHES = tuple(pair for dash in _PAIR_DASHES for pair in (" " + dash, dash + " "))
_INNER_SENTENCE = re.compile(r"(?:(?<!\.)\.(?!\.)|[!؟?…])[»\"”’')\]]*\s+\S")
"""A sentence ending inside the line. Two dots («خارج التغطية.. لماذا») are a pause
that headlines use, not a full stop."""
_CLOSERS = " \t\u00a0\"'”’»)]"
_QUESTION_END = frozenset("?؟")
_INVISIBLES = "".join(sorted(BIDI_CONTROLS)) + "\ufeff"
INVISIBLE = re.compile(f"[{_INVISIBLES}]")
"""Bidi controls and byte-order marks: invisible, and no part of a line's shape."""
CONTINUATION = re.compile(r"^(?:\.\.|…|[a-z][a-z'’-]*\s)")
"""A line that goes on from the one before: an ellipsis, or a first word in lower case
(«iPhone 15 review» is not one)."""


_OTHER_SPACE = re.compile(r"[^\S ]")
"""Whitespace other than a space, which :func:`plain` changes (as it does spaces at an end
or doubled): one character class, scanned much faster than an alternation."""


def plain(text: str) -> str:
    """``text`` without bidi controls and BOMs, whitespace collapsed.

    Text that needs no change is returned as it is: a huge line is not split into a
    list of words (which would take ten times its size in memory).
    """
    if text.isprintable() or _printable_but_zwnj(text):  # no white space but spaces:
        if text[:1] != " " and text[-1:] != " " and "  " not in text:  # the usual line
            return text
        return _single_spaced(text)
    for space in _USUAL_OTHER_SPACES:  # white space either way: the same words
        if space in text:
            text = text.replace(space, " ")
    if text.isprintable() or _printable_but_zwnj(text):
        return _single_spaced(text)
    if any(map(text.__contains__, _INVISIBLES)):
        text = INVISIBLE.sub("", text)
    if len(text) > _SPLIT_MAX_CHARS and not _uneven_space(text):
        return text  # a huge line is looked through for each kind of space instead
    return " ".join(text.split())


def _single_spaced(text: str) -> str:
    """``text``, whose only white space is spaces, with its spaces collapsed: what
    ``" ".join(text.split())`` gives, without making an object of every word."""
    while "  " in text:
        text = text.replace("  ", " ")
    return text.strip(" ")


_USUAL_OTHER_SPACES = "\u00a0\t"
"""The white space other than spaces found in real articles (no-break spaces, tabs):
made spaces in place, so that a line with no other change needs no split and join."""


_SPLIT_MAX_CHARS = 20_000
"""Up to this length a line is split and joined again (the same text when its white
space is even), which is cheaper than looking for each kind of space in it."""


def _printable_but_zwnj(text: str) -> bool:
    """Printable once its ZWNJs are left out (Persian words are full of them): no other
    invisible character and no white space but spaces, since none of those is printable.
    Only asked of text that is not printable as it is."""
    return _ZWNJ in text and text.replace(_ZWNJ, "").isprintable()


_ZWNJ = "\u200c"


def _uneven_space(text: str) -> bool:
    """Whether :func:`plain` changes the whitespace of ``text``."""
    return _spaces_to_collapse(text) or any(map(text.__contains__, _OTHER_SPACES))


def _spaces_to_collapse(text: str) -> bool:
    """A space at either end of ``text`` or two in a row."""
    return text[:1].isspace() or text[-1:].isspace() or "  " in text


_OTHER_SPACES = "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace() and ch != " ")
"""Every character :data:`_OTHER_SPACE` matches (there is no white space past U+3000):
looked for one by one with ``in``, many times faster than a scan by a regex."""


_NOT_IN_PLAIN = _INVISIBLES + " " + _OTHER_SPACES
"""What :func:`plain` removes or collapses: no line it returns starts with one."""


def starts_with(text: str, firsts: frozenset[str]) -> bool:
    """Whether ``plain(text)`` starts with one of ``firsts`` (without making it plain)."""
    return text.lstrip(_NOT_IN_PLAIN)[:1] in firsts


_BULLET_MARKS = frozenset("-–—•▪●◦·[(")
"""The first characters :data:`BULLET` can match but digits: a mark or a bracket."""
_WORD = re.compile(r"\S+")
_ALNUM = re.compile(r"[^\W_]")
"""A letter or digit: what ``str.isalnum`` accepts (a word character but ``_``)."""


def words(text: str) -> int:
    """Number of whitespace-separated words (a long text is counted without a list)."""
    if len(text) <= SHORT_MAX_CHARS * 8:
        return len(text.split())
    return sum(1 for _word in _WORD.finditer(text))


def shape(text: str) -> Shape:
    """The shape of one paragraph's text (see the module docstring)."""
    return plain_shape(plain(text))


def heading_like(text: str) -> bool:
    """Short, no sentence-ending punctuation, one sentence, not a list entry."""
    return plain_shape(plain(text)) == "short"


def plain_shape(text: str) -> Shape:
    """The shape of text already made :func:`plain`."""
    if not text[:1].isalnum() and _ALNUM.search(text) is None:
        return "separator"
    if _bullet(text) or NUMBERED.match(text):
        return "item"
    if len(text) > SHORT_MAX_CHARS:
        return "body"
    if _pair(text):
        return "pair"
    if ":" in text and _fact(text):
        return "fact"
    if len(text) <= HEADING_MAX_CHARS and 0 < words(text) <= HEADING_MAX_WORDS:
        return "body" if sentence_like(text) else "short"
    return "body"


def _bullet(text: str) -> bool:
    """Whether :data:`BULLET` matches (looked for only after a mark, bracket or digit)."""
    first = text[:1]
    return (first in _BULLET_MARKS or first.isdecimal()) and BULLET.match(text) is not None


def _pair(text: str) -> bool:
    if "-" not in text and "–" not in text and "—" not in text and "ـ" not in text:
        return False  # no dash: no pair (and no costly backtracking in _PAIR)
    if text.isprintable() and not any(map(text.__contains__, _SPACED_DASHES)):
        return False  # no dash next to a space, the only white space: no separator
    if "/" not in text and len(text.split()) > _PAIR_MAX_TOKENS:
        return False  # more words than two sides and the dash between them can hold
    match = _PAIR.match(text)
    return match is not None and all(
        0 < words(side) <= PAIR_SIDE_MAX_WORDS and not sentence_like(side)
        for side in match.groups()
    )


def _fact(text: str) -> bool:
    """``Label: value`` with a label of one to three words that names a fact, or a value
    of which a third of the words or more hold digits (a date, a score, a price)."""
    label, colon, value = text.partition(":")
    if not colon or not value.strip() or not 0 < words(label) <= FACT_LABEL_MAX_WORDS:
        return False
    if not any(map(str.isalpha, label)) or value.rstrip().endswith(":"):
        return False  # «9-10:30:» is a time heading, not a fact
    if any(fold_word(word) in FACT_LABELS for word in label.split()):
        return True
    tokens = value.split()
    return 3 * sum(map(_holds_digit, tokens)) >= len(tokens)


def _holds_digit(token: str) -> bool:
    """Whether a character of ``token`` is a digit (a token of letters alone holds none:
    no character is both)."""
    return not token.isalpha() and any(map(str.isdigit, token))


def sentence_like(text: str) -> bool:
    """Ends in sentence punctuation, or holds a sentence end inside it."""
    return last_char(text) in SENTENCE_END or bool(_INNER_SENTENCE.search(text))


def last_char(text: str) -> str:
    """The last character before closing quotes, brackets and spaces ("" when none)."""
    stripped = text.rstrip(_CLOSERS)
    return stripped[-1:] if stripped else ""


def is_question(text: str) -> bool:
    """Ends in a question mark (Latin or Arabic), closing quotes aside."""
    return last_char(text) in _QUESTION_END


def paragraph_text(block: Block) -> str | None:
    """The text of a paragraph; None for any other block."""
    return inline_text(block.children) if isinstance(block, Paragraph) else None


class Line(NamedTuple):
    """A block as the heading rules see it: its plain text and its kind (a shape, or
    ``question`` for a short question, a whole sentence, or ``block`` for a non-paragraph).
    A named tuple: one is made for every block, and a tuple is made faster. (Of a long
    paragraph of body text, :func:`rule_line` keeps only the beginning and the end.)"""

    text: str
    kind: str


_new_tuple = tuple.__new__
"""Makes a :class:`Line` without the named tuple's ``__new__``, a Python function (one
line is made for every paragraph)."""
BLOCK_LINE = Line("", "block")
"""The :class:`Line` of any block but a paragraph."""


def line_of(block: Block) -> Line:
    """The :class:`Line` of one block."""
    if not isinstance(block, Paragraph):
        return BLOCK_LINE
    return line_of_text(inline_text(block.children))


def line_of_text(text: str) -> Line:
    """The :class:`Line` of a paragraph with this text."""
    text = plain(text)
    return _new_tuple(Line, (text, _line_kind(text)))


EXCERPT_CHARS = 2 * SHORT_MAX_CHARS
"""How much of the beginning of a long paragraph :func:`rule_line` makes plain (of its
end, :data:`_TAIL_CHARS`)."""
_TAIL_CHARS = 64
_FIRST_SPACE_BEFORE = 40
"""A paragraph is excerpted only when its first word ends before this (its first word
and whether it goes on from the line before are then read from its beginning)."""


def rule_line(text: str) -> Line:
    """The :class:`Line` of a paragraph as the heading rules read it: :func:`line_of_text`,
    except that of a long paragraph of body text, the text kept is only its plain
    beginning and end, joined by a space. Of body text the rules read nothing else (its
    first word, whether it goes on from the line before, its last character), and making
    the whole of a long paragraph plain costs more than all their other work on it."""
    excerpt = _body_excerpt(text)
    return line_of_text(text) if excerpt is None else _new_tuple(Line, (excerpt, "body"))


def _body_excerpt(text: str) -> str | None:
    """The plain beginning and end of ``text`` when its beginning alone shows it is body
    text: longer than a short line once plain, not an entry, and in a way no later
    character can change (no tatweel early, where a run of them may number a line; a
    space early, which ends the first word); else None.

    The plain text of a beginning is a beginning of the plain text, and the plain text of
    an end an end of it (:func:`plain` drops characters and collapses white space)."""
    if len(text) <= 2 * EXCERPT_CHARS:
        return None
    head = plain(text[:EXCERPT_CHARS])
    if len(head) <= SHORT_MAX_CHARS or "ـ" in head[:_NUMBER_MARK_BEFORE]:
        return None
    if head.find(" ", 1, _FIRST_SPACE_BEFORE) < 0 or plain_shape(head) != "body":
        return None
    tail = plain(text[-_TAIL_CHARS:])
    return f"{head} {tail}" if tail else None


_NUMBER_MARK_BEFORE = 7
"""Where the tatweels that may follow a number or letter of :data:`NUMBERED` start at the
latest: its other forms are decided by the first few characters."""


def _line_kind(text: str) -> str:
    kind = plain_shape(text)
    return "question" if kind == "short" and is_question(text) else kind
