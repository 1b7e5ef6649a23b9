"""Text that describes the file to readers and assistive technology: its title and the
descriptions of its link annotations (PDF/UA-1 asks for a non-empty ``dc:title``, shown
as the window title, and an alternate description in every link's ``/Contents``).

Both are logical Unicode (the order the text is read in, as the model holds it, not the
order the glyphs are drawn in) without bidi controls, one space between words, and of a
bounded length.
"""

from __future__ import annotations

from ...model import Document, document_text
from ...text.controls import strip_bidi_controls
from ...text.labels import untitled_label
from ..base import WriterOptions

TITLE_WORDS = 10
"""A title made from the body takes at most this many of its first words…"""
TITLE_CHARS = 80
"""…and at most this many characters (a word over the limit is left out)."""
LINK_TEXT_CHARS = 120
"""The most of a link's text its description repeats."""
LINK_URL_CHARS = 200
"""The most of a link's address its description repeats."""
ELLIPSIS = "…"


def clean(text: str) -> str:
    """``text`` without bidi controls, its white space collapsed to single spaces."""
    return " ".join(strip_bidi_controls(text).split())


def document_title(doc: Document, options: WriterOptions, lang: str) -> str:
    """Never empty: the headline, else the title option, else the first words of the
    body (:data:`TITLE_WORDS`, :data:`TITLE_CHARS`), else «Untitled» in ``lang``."""
    for given in (doc.meta.headline, options.title):
        if given and clean(given):
            return clean(given)
    words = clean(document_text(doc)).split(" ")
    return _first_words(words) or untitled_label(lang)


def _first_words(words: list[str]) -> str:
    """The first words that fit the limits, with an ellipsis when some are left out."""
    kept: list[str] = []
    for word in words[:TITLE_WORDS]:
        if len(" ".join([*kept, word])) > TITLE_CHARS:
            break
        kept.append(word)
    if not kept and words and words[0]:
        return _cut(words[0], TITLE_CHARS)  # one long word: its beginning
    title = " ".join(kept)
    return title + ELLIPSIS if title and len(kept) < len(words) else title


def link_description(text: str, url: str) -> str:
    """A link annotation's ``/Contents``: its visible text, then its address in
    parentheses (the address alone for a link without text or whose text is its
    address), each cut to :data:`LINK_TEXT_CHARS` / :data:`LINK_URL_CHARS`."""
    words = clean(text)
    address = _cut(clean(url), LINK_URL_CHARS)
    if not words or words == clean(url):
        return address
    return f"{_cut(words, LINK_TEXT_CHARS)} ({address})"


def _cut(text: str, limit: int) -> str:
    """``text``, or its first ``limit`` - 1 characters and an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS
