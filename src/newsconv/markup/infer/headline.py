"""The headline of an article that gives none: its title-like first line, or one derived
from the lead."""

from __future__ import annotations

import dataclasses
import re

from ...model import Block, Metadata, Position
from .shapes import INVISIBLE, last_char, paragraph_text, plain, words

HEADLINE_MAX_WORDS = 25
DERIVED_HEADLINE_WORDS = 12


def infer_headline(
    blocks: list[Block],
    meta: Metadata,
    fixed: frozenset[int] = frozenset(),
    notes: dict[Position, str] | None = None,
) -> tuple[list[Block], Metadata]:
    """Take a title-like first paragraph as the headline, or derive one from the lead.
    A paragraph marked explicitly (its offset in ``fixed``) stays a paragraph; ``notes``,
    when given, receives why the first line became the headline."""
    if meta.headline:
        return blocks, meta
    first = paragraph_text(blocks[0]) if blocks and blocks[0].pos.offset not in fixed else None
    if first is not None and len(blocks) > 1 and _title_like(first):
        if notes is not None:
            notes[blocks[0].pos] = f"title-like first line: {words(plain(first))} words"
        return blocks[1:], dataclasses.replace(meta, headline=first.strip(), headline_derived=False)
    lead = next((t for b in blocks if (t := paragraph_text(b))), None)
    if lead is None:
        return blocks, meta
    return blocks, dataclasses.replace(meta, headline=derive_headline(lead), headline_derived=True)


def _title_like(text: str) -> bool:
    text = plain(text)
    count = len(text.split(maxsplit=HEADLINE_MAX_WORDS))  # no list of every word
    return 0 < count <= HEADLINE_MAX_WORDS and last_char(text) not in ".;؛,،"


def derive_headline(lead: str) -> str:
    """A short headline from the lead: its first sentence, cut to a dozen words."""
    sentence = re.split(r"(?<=[.!؟?])\s", INVISIBLE.sub("", lead).strip(), maxsplit=1)[0]
    parts = sentence.split(maxsplit=DERIVED_HEADLINE_WORDS)
    if len(parts) <= DERIVED_HEADLINE_WORDS:
        return sentence.rstrip(".")
    return " ".join(parts[:DERIVED_HEADLINE_WORDS]).rstrip("،,;؛:") + "…"
