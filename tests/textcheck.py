"""An independent 'input minus markup' used to check that parsing loses no body text."""

from __future__ import annotations

import html
import re

from newsconv.model import Document, document_text
from newsconv.text.controls import remove_indexes, strip_xml_illegal, unbalanced_bidi

_BLOCK_HTML = re.compile(r"</?(?:blockquote|p|div|ul|ol|li)\b[^<>]*>", re.IGNORECASE)
"""Block-level tags: a block boundary, so a space in the text."""
_HTML = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>", re.DOTALL)
_BLOCK_TAG = re.compile(r"\[/?(?:two-column|quote|box|image|related|list|meta)\b[^\]]*\]")
_CAPTION = re.compile(r"""\[caption\b[^\]]*?caption="([^"]*)"[^\]]*\]|\[/?caption\b[^\]]*\]""")
_RELATED_TITLE = re.compile(r"""\[related\b[^\]]*?title=(?:"([^"]*)"|'([^']*)')[^\]]*\]""")
_INLINE_PAIRS = (("[b]", "[/b]"), ("[i]", "[/i]"))
_LINK = re.compile(r"\[link\b[^\]]*\](.*?)\[/link\]")


def strip_markup(source: str) -> str:
    """The body text of ``source``: tags removed, entities decoded, bad controls dropped."""
    lines = []
    for line in source.splitlines():
        line = strip_xml_illegal(line)
        line = remove_indexes(line, unbalanced_bidi(line))
        line = _CAPTION.sub(lambda m: m.group(1) or "", line)
        line = _RELATED_TITLE.sub(lambda m: m.group(1) or m.group(2) or "", line)
        line = _BLOCK_TAG.sub("", _HTML.sub("", _BLOCK_HTML.sub(" ", line)))
        line = _LINK.sub(r"\1", line)
        for opener, closer in _INLINE_PAIRS:
            if opener in line and closer in line:
                line = line.replace(opener, "").replace(closer, "")
        lines.append(html.unescape(line))
    return normalise("\n".join(lines))


def normalise(text: str) -> str:
    """Whitespace folded to single spaces."""
    return " ".join(text.split())


def model_text(doc: Document) -> str:
    """All text the model holds, whitespace folded."""
    return normalise(document_text(doc))
