"""The library's public calls: parse markup, convert a document, list writers."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .diagnostics import Diagnostic, MetadataError, Severity, WriterError
from .markup import parse_document
from .markup.explain import explain as explain_roles
from .markup.meta import MetaValueError, typed_values
from .model import Document, Position
from .writers import registry
from .writers.base import DiagnosticSink, MultiWriter, SideFiles, WriterOptions

log = logging.getLogger("newsconv")


@dataclass(frozen=True, slots=True)
class ParseResult:
    """A parsed document and every diagnostic found while parsing it."""

    document: Document
    diagnostics: tuple[Diagnostic, ...]


def parse_with_diagnostics(
    text: str | bytes,
    *,
    source: str = "<string>",
    strict: bool = False,
    infer: bool = True,
    meta: Mapping[str, str] | None = None,
) -> ParseResult:
    """Parse markup and return the document with its diagnostics.

    ``meta`` maps metadata keys to strings (as ``--meta key=value`` does); they override the
    document's own ``[meta]`` block. Raises :class:`~newsconv.diagnostics.MetadataError` for
    a bad value there, and :class:`~newsconv.diagnostics.ParseError` in strict mode.
    """
    try:
        overrides = typed_values(meta or {})
    except MetaValueError as exc:
        raise MetadataError(str(exc)) from None
    document, diagnostics = parse_document(
        text, source=source, strict=strict, infer=infer, meta=overrides
    )
    return ParseResult(document, tuple(diagnostics))


def explain(
    text: str | bytes,
    *,
    source: str = "<string>",
    infer: bool = True,
    meta: Mapping[str, str] | None = None,
) -> str:
    """One row a line of ``text``: its number, the role it was given and the rule or the
    features that decided it (what ``newsconv inspect --explain`` prints)."""
    try:
        overrides = typed_values(meta or {})
    except MetaValueError as exc:
        raise MetadataError(str(exc)) from None
    notes: dict[Position, str] = {}
    document, _diagnostics = parse_document(
        text, source=source, infer=infer, meta=overrides, notes=notes
    )
    return explain_roles(document, notes)


def parse(
    text: str | bytes,
    *,
    source: str = "<string>",
    strict: bool = False,
    infer: bool = True,
    meta: Mapping[str, str] | None = None,
) -> Document:
    """Parse markup into a :class:`~newsconv.model.Document`; diagnostics go to ``logging``."""
    result = parse_with_diagnostics(text, source=source, strict=strict, infer=infer, meta=meta)
    _log(result.diagnostics)
    return result.document


@dataclass(frozen=True, slots=True)
class WriteResult:
    """A writer's output and the diagnostics it reported while rendering."""

    data: str | bytes
    diagnostics: tuple[Diagnostic, ...]
    files: tuple[tuple[str, bytes], ...] = ()
    """Files to write beside the output, by relative path (see ``-O images=copy``)."""


def render(
    docs: Document | Sequence[Document],
    to: str,
    options: WriterOptions | None = None,
) -> WriteResult:
    """Render like :func:`convert`, returning the writer's diagnostics as values too.

    The diagnostics go to a fresh sink, whatever ``options.diagnostics`` holds.
    """
    writer = registry.get(to)
    sink, side_files = DiagnosticSink(), SideFiles()
    options = dataclasses.replace(
        options or WriterOptions(), diagnostics=sink, side_files=side_files
    )
    many = [docs] if isinstance(docs, Document) else list(docs)
    if len(many) == 1:
        data = writer.write(many[0], options)
    elif isinstance(writer, MultiWriter):
        data = writer.write_many(many, options)
    else:
        raise WriterError(f"the {to} writer writes one document per output; got {len(many)}")
    return WriteResult(data, sink.diagnostics, side_files.files)


def convert(
    docs: Document | Sequence[Document],
    to: str,
    options: WriterOptions | None = None,
) -> str | bytes:
    """Render one document, or several into one output when the writer supports it; the
    writer's diagnostics go to ``logging`` (use :func:`render` to get them as values)."""
    result = render(docs, to, options)
    _log(result.diagnostics)
    return result.data


def _log(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        level = logging.WARNING if diagnostic.severity >= Severity.WARNING else logging.INFO
        log.log(level, "%s", diagnostic)


def writer_names() -> list[str]:
    """Names of every registered output format."""
    return registry.names()
