"""The headline of an article that gives none: its title-like first line, or one derived
from the lead."""

from __future__ import annotations

import dataclasses
import re

from ...model import Block, Metadata
from .shapes import INVISIBLE, last_char, paragraph_text, plain

HEADLINE_MAX_WORDS = 25
DERIVED_HEADLINE_WORDS = 12


def infer_headline(blocks: list[Block], meta: Metadata) -> tuple[list[Block], Metadata]:
    """Take a title-like first paragraph as the headline, or derive one from the lead."""
    if meta.headline:
        return blocks, meta
    first = paragraph_text(blocks[0]) if blocks else None
    if first is not None and len(blocks) > 1 and _title_like(first):
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
