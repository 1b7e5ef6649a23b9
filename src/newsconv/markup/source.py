"""Reading the input: decoding, BOM, line endings, and positions of each line."""

from __future__ import annotations

import itertools
import re
from typing import NamedTuple

from ..diagnostics import Diagnostic, Severity
from .report import Reporter

_LINE_END = re.compile(r"\r\n|\r|\n")
BOM = "\ufeff"


class Line(NamedTuple):
    """One physical line of input: its text (without the line ending), number and offset.
    A named tuple: one is made for every line, and a tuple is made faster."""

    text: str
    number: int
    offset: int


def decode(data: bytes, reporter: Reporter) -> str:
    """UTF-8 text of ``data``; invalid bytes are an error (replaced in lenient mode)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_col_of_byte(data, exc.start)
        reporter.report(
            Severity.WARNING,
            "invalid-utf8",
            f"invalid UTF-8 at byte offset {exc.start} ({data[exc.start : exc.start + 1]!r})"
            " (lenient mode replaces it with U+FFFD)",
            line,
            column,
            recoverable=True,
        )
        return data.decode("utf-8", errors="replace")


def _line_col_of_byte(data: bytes, index: int) -> tuple[int, int]:
    before = data[:index]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return line, column


def split_lines(text: str) -> list[Line]:
    """The lines of ``text``: LF, CRLF and CR all end a line; a leading BOM is dropped."""
    base = 1 if text.startswith(BOM) else 0
    if "\r" not in text:
        return _split_at_newlines(text, base)
    lines: list[Line] = []
    start = base
    number = 1
    for match in _LINE_END.finditer(text, base):
        lines.append(Line(text[start : match.start()], number, start))
        start = match.end()
        number += 1
    if start < len(text):
        lines.append(Line(text[start:], number, start))
    return lines


def _split_at_newlines(text: str, base: int) -> list[Line]:
    """:func:`split_lines` of a text whose only line ending is LF (one ``str.split``; the
    lines made by ``tuple.__new__`` itself, without the named tuple's ``__new__``, a
    Python function)."""
    texts = text[base:].split("\n")
    if not texts[-1]:
        texts.pop()  # the text ends with a line ending (or is empty): no line after it
    starts = itertools.accumulate(map((1).__add__, map(len, texts)), initial=base)
    fields = zip(texts, itertools.count(1), starts)
    return list(map(tuple.__new__, itertools.repeat(Line), fields))


__all__ = ["BOM", "Diagnostic", "Line", "decode", "split_lines"]
