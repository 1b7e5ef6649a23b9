"""The newsconv markup parser: text in, a :class:`~newsconv.model.Document` out.

Pipeline: decode → split lines → clean control characters → blocks (shortcodes, meta,
inline markup) → inference (headline, sub-headings, related list) → language/direction.
"""

from __future__ import annotations

import gc
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from ..diagnostics import Diagnostic, Severity
from ..model import Block, Document, Metadata, Position, walk_blocks
from ..text.controls import (
    find_xml_illegal,
    remove_indexes,
    suspect_offsets,
    unbalanced_bidi,
)
from ..text.urls import is_url_key, unsafe_reason
from . import infer as inference
from .blocks import BlockParser
from .explicit import title_heading
from .infer.headings import DEFAULT_TUNING, HeadingTuning
from .meta import INFERENCE_RULES, apply
from .report import Reporter
from .source import Line, decode, split_lines


def parse_document(
    source_text: str | bytes,
    *,
    source: str = "<string>",
    strict: bool = False,
    infer: bool = True,
    meta: Mapping[str, object] | None = None,
    tuning: HeadingTuning = DEFAULT_TUNING,
    notes: dict[Position, str] | None = None,
) -> tuple[Document, list[Diagnostic]]:
    """Parse markup into a document and the diagnostics found on the way.

    ``meta`` holds typed metadata values (see :mod:`newsconv.markup.meta`) that override
    the document's own ``[meta]`` block; ``tuning`` sets the numbers of the sub-heading
    rules (for measuring them; the defaults are the tuned ones); ``notes``, when given,
    receives why inference gave lines their roles, by position (see :mod:`.explain`). Raises
    :class:`~newsconv.diagnostics.ParseError` in strict mode on the first warning, and in
    any mode on an unrecoverable error.
    """
    with collection_paused():
        return _parse(source_text, source, strict, infer, meta, tuning, notes)


@contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cyclic garbage collector held off while a document is built: the parser
    makes many objects that live on and no reference cycles, and the collections their
    number would trigger cost a tenth of the time of a large parse. The collector is on
    again afterwards, after an error too, unless it was off before."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _parse(
    source_text: str | bytes,
    source: str,
    strict: bool,
    infer: bool,
    meta: Mapping[str, object] | None,
    tuning: HeadingTuning,
    notes: dict[Position, str] | None,
) -> tuple[Document, list[Diagnostic]]:
    reporter = Reporter(source, strict)
    text = decode(source_text, reporter) if isinstance(source_text, bytes) else source_text
    lines = split_lines(text)
    suspects = suspect_offsets(text)
    if suspects:
        lines = clean_lines(lines, suspects, reporter)
    result = BlockParser(reporter).parse(lines)
    values = {**result.meta, **clean_metadata(meta or {}, reporter)}
    metadata = apply(Metadata(), values)
    blocks, metadata = title_heading(result.blocks, metadata, result.title)
    rules = rules_to_apply(infer, values.get("infer"))
    if notes is not None:
        notes.update(explicit_notes(result.blocks, result.explicit))
    blocks, metadata = infer_structure(blocks, metadata, rules, result.explicit, tuning, notes)
    given_lang = values.get("lang")
    lang, direction = inference.document_language(
        blocks, metadata, given_lang if isinstance(given_lang, str) else None
    )
    if not blocks and not metadata.headline:
        reporter.warn("empty-document", "the document has no text", 1, 1)
    body = inference.mark_directions(tuple(blocks), lang, direction)
    document = Document(body, metadata, lang, direction, source)
    return document, sorted(reporter.diagnostics, key=lambda d: (d.line, d.column))


def infer_structure(
    blocks: list[Block],
    metadata: Metadata,
    rules: frozenset[str],
    fixed: frozenset[int] = frozenset(),
    tuning: HeadingTuning = DEFAULT_TUNING,
    notes: dict[Position, str] | None = None,
) -> tuple[list[Block], Metadata]:
    """The blocks and metadata once the inference ``rules`` (headline, headings, related)
    have run; blocks whose offsets are in ``fixed`` were marked explicitly and stay."""
    if "headline" in rules:
        blocks, metadata = inference.infer_headline(blocks, metadata, fixed, notes)
    if "headings" in rules:
        blocks = inference.infer_headings(blocks, fixed, tuning, notes)
    if "related" in rules:
        blocks = inference.infer_related(blocks, fixed, notes)
    return blocks, metadata


def explicit_notes(blocks: list[Block], fixed: frozenset[int]) -> dict[Position, str]:
    """``marked explicitly`` for every block the markup gave its role."""
    return {
        block.pos: "marked explicitly"
        for block in walk_blocks(tuple(blocks))
        if block.pos.offset in fixed
    }


def rules_to_apply(infer: bool, given: object) -> frozenset[str]:
    """The inference rules to run: none when ``infer`` is off, else the ``infer:`` value
    of the metadata (a set of rule names), else all of them."""
    if not infer:
        return frozenset()
    return given if isinstance(given, frozenset) else frozenset(INFERENCE_RULES)


def clean_lines(lines: list[Line], suspects: list[int], reporter: Reporter) -> list[Line]:
    """``lines`` with :func:`clean_line` applied to those that hold a character it may
    remove (``suspects``: their offsets in the text, see
    :func:`~newsconv.text.controls.suspect_offsets`); the others are not looked at again."""
    starts = [line.offset for line in lines]
    to_clean = dict.fromkeys(bisect_right(starts, offset) - 1 for offset in suspects)
    cleaned = lines.copy()
    for index in to_clean:
        cleaned[index] = clean_line(lines[index], reporter)
    return cleaned


def clean_line(line: Line, reporter: Reporter) -> Line:
    """``line`` without XML-illegal characters and unbalanced bidi controls, reported once
    per run of neighbouring characters, at their column in the line as written.

    Balanced embeddings, overrides and isolates are kept; an opener that is never closed on
    its line (or a terminator with no opener) would leak into whatever follows in a writer.
    """
    illegal = find_xml_illegal(line.text)
    text = remove_indexes(line.text, illegal) if illegal else line.text
    stray = unbalanced_bidi(text)
    if not illegal and not stray:
        return line
    dropped = set(illegal)
    kept = [index for index in range(len(line.text)) if index not in dropped]
    report_runs(reporter, line, illegal, "control-char", "control character")
    stray_in_line = [kept[index] for index in stray]
    report_runs(reporter, line, stray_in_line, "bidi-unbalanced", "unbalanced bidi control")
    return line._replace(text=remove_indexes(text, stray) if stray else text)


def report_runs(reporter: Reporter, line: Line, indexes: list[int], code: str, what: str) -> None:
    """One warning per run of adjacent removed characters."""
    runs: list[list[int]] = []
    for index in indexes:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    for run in runs:
        codes = " ".join(f"U+{ord(line.text[index]):04X}" for index in run)
        label = what if len(run) == 1 else f"{len(run)} {what}s"
        reporter.warn(code, f"{label} {codes} removed", line.number, run[0] + 1)


class _Prefixed(Reporter):
    """Reports into another reporter with a prefix on every message (the metadata key)."""

    def __init__(self, target: Reporter, prefix: str) -> None:
        super().__init__(target.source, target.strict)
        self.target = target
        self.prefix = prefix

    def report(
        self,
        severity: Severity,
        code: str,
        message: str,
        line: int,
        column: int,
        *,
        recoverable: bool = True,
    ) -> None:
        self.target.report(
            severity, code, self.prefix + message, line, column, recoverable=recoverable
        )


def clean_metadata(values: Mapping[str, object], reporter: Reporter) -> dict[str, object]:
    """Metadata given by the API or the command line, cleaned like body text: XML-illegal
    characters (NUL, lone surrogates…) and unbalanced bidi controls removed, an unsafe URL
    dropped, each with a warning naming the key (at line 0: it has no line in the input)."""
    cleaned: dict[str, object] = {}
    for key, value in values.items():
        prefixed = _Prefixed(reporter, f"metadata {key!r}: ")
        if isinstance(value, str):
            text = clean_line(Line(value, 0, 0), prefixed).text
            if is_url_key(key) and (reason := unsafe_reason(text)) is not None:
                prefixed.warn("unsafe-url", f"dropped: {reason}", 0, 0)
                continue
            cleaned[key] = text
        elif isinstance(value, tuple):
            items = (
                clean_line(Line(v, 0, 0), prefixed).text if isinstance(v, str) else v for v in value
            )
            cleaned[key] = tuple(item for item in items if item != "")
        else:
            cleaned[key] = value
    return cleaned
