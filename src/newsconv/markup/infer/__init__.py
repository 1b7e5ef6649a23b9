"""Structure inference for CMS exports that carry no markup: headline, sub-headings,
the related-articles tail, and language and direction per document and per paragraph.

Every paragraph is first given a *shape* from its text alone (:mod:`.shapes`); the
headline (:mod:`.headline`), sub-heading (:mod:`.headings`) and related-list
(:mod:`.related`) rules read paragraphs through those shapes, and :mod:`.language`
marks what runs against the document's direction. The rules are measured against hand
labels of real articles (``benchmarks/inference.py``); every rule is there because a
real article needed it.
"""

from __future__ import annotations

from .headings import DEFAULT_TUNING, HeadingTuning, infer_headings
from .headline import derive_headline, infer_headline
from .language import document_language, mark_directions
from .related import after_related_label, infer_related, related_like
from .shapes import Shape, heading_like, plain, shape, words

__all__ = [
    "DEFAULT_TUNING",
    "HeadingTuning",
    "Shape",
    "after_related_label",
    "derive_headline",
    "document_language",
    "heading_like",
    "infer_headings",
    "infer_headline",
    "infer_related",
    "mark_directions",
    "plain",
    "related_like",
    "shape",
    "words",
]
