"""The newsconv markup parser: text in, a :class:`~newsconv.model.Document` out.

Pipeline: decode → split lines → clean control characters → blocks (shortcodes, meta,
inline markup) → inference (headline, sub-headings, related list) → language/direction.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from ..diagnostics import Diagnostic
from ..model import Block, Document, Metadata
from ..text.controls import find_xml_illegal, remove_indexes, unbalanced_bidi
from . import infer as inference
from .blocks import BlockParser
from .meta import apply
from .report import Reporter
from .source import Line, decode, split_lines


def parse_document(
    source_text: str | bytes,
    *,
    source: str = "<string>",
    strict: bool = False,
    infer: bool = True,
    meta: Mapping[str, object] | None = None,
) -> tuple[Document, list[Diagnostic]]:
    """Parse markup into a document and the diagnostics found on the way.

    ``meta`` holds typed metadata values (see :mod:`newsconv.markup.meta`) that override
    the document's own ``[meta]`` block. Raises :class:`~newsconv.diagnostics.ParseError`
    in strict mode on the first warning, and in any mode on an unrecoverable error.
    """
    reporter = Reporter(source, strict)
    text = decode(source_text, reporter) if isinstance(source_text, bytes) else source_text
    lines = [clean_line(line, reporter) for line in split_lines(text)]
    result = BlockParser(reporter).parse(lines)
    values = {**result.meta, **(meta or {})}
    metadata = apply(Metadata(), values)
    blocks: list[Block] = result.blocks
    if infer:
        blocks, metadata = inference.infer_headline(blocks, metadata)
        blocks = inference.infer_related(inference.infer_headings(blocks))
    given_lang = values.get("lang")
    lang, direction = inference.document_language(
        blocks, metadata, given_lang if isinstance(given_lang, str) else None
    )
    body = inference.mark_directions(tuple(blocks), lang, direction)
    document = Document(body, metadata, lang, direction, source)
    return document, sorted(reporter.diagnostics, key=lambda d: (d.line, d.column))


def clean_line(line: Line, reporter: Reporter) -> Line:
    """``line`` without XML-illegal characters and unbalanced bidi controls, each reported.

    Balanced embeddings, overrides and isolates are kept; an opener that is never closed on
    its line (or a terminator with no opener) would leak into whatever follows in a writer.
    """
    illegal = find_xml_illegal(line.text)
    for index in illegal:
        code = f"U+{ord(line.text[index]):04X}"
        reporter.warn("control-char", f"control character {code} removed", line.number, index + 1)
    text = remove_indexes(line.text, illegal) if illegal else line.text
    stray = unbalanced_bidi(text)
    for index in stray:
        code = f"U+{ord(text[index]):04X}"
        reporter.warn(
            "bidi-unbalanced", f"unbalanced bidi control {code} removed", line.number, index + 1
        )
    if not illegal and not stray:
        return line
    return dataclasses.replace(line, text=remove_indexes(text, stray) if stray else text)
