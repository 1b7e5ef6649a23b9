"""Conversions the command line runs in its own process: standard input, ``-o`` files,
standard output and digests. Batches written to ``--out-dir`` go through
:func:`newsconv.batch.convert_many`."""

from __future__ import annotations

import errno
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import click
from rich.console import Console

from ..api import ParseResult, WriteResult, parse_with_diagnostics, render
from ..diagnostics import (
    Diagnostic,
    MetadataError,
    NewsconvError,
    ParseError,
    Severity,
    WriterError,
    worst,
)
from ..model import Document
from ..output import write_atomic, write_side_files
from ..resources import folder_loader
from ..writers import registry
from ..writers.base import MultiWriter, WriterOptions
from .plan import output_stems

err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False)
"""Standard error for the command line; it never reads console markup in what it prints."""
log = logging.getLogger("newsconv")


@dataclass
class Outcome:
    """What one command did: files written and inputs that failed, with why."""

    written: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """What the writers reported (printed by the process that reports the batch)."""


class InputError(NewsconvError):
    """An input file could not be read."""


def read_input(name: str) -> bytes:
    """The bytes of an input file, or of standard input for ``-``."""
    if name == "-":
        if sys.stdin is None:
            raise InputError("<stdin>: standard input is closed")
        try:
            return sys.stdin.buffer.read()
        except OSError as exc:
            raise InputError(f"<stdin>: cannot read: {exc.strerror or exc}") from None
    try:
        return Path(name).read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None


def print_diagnostics(diagnostics: Sequence[Diagnostic], show_info: bool = False) -> None:
    """Diagnostics to standard error, one ``file:line:col: severity[code]: message`` a line."""
    for diagnostic in diagnostics:
        if diagnostic.severity >= Severity.WARNING or show_info:
            click.echo(str(diagnostic), err=True)


def load_document(
    name: str, strict: bool, infer: bool, meta: dict[str, str], verbose: bool = False
) -> ParseResult:
    """Read and parse one input, printing its diagnostics."""
    data = read_input(name)
    source = "<stdin>" if name == "-" else name
    try:
        result = parse_with_diagnostics(data, source=source, strict=strict, infer=infer, meta=meta)
    except ParseError as exc:
        print_diagnostics(exc.diagnostics, verbose)
        raise
    print_diagnostics(result.diagnostics, verbose)
    return result


@dataclass
class ConvertJob:
    """One ``convert`` run: the formats, options and metadata applied to every input."""

    formats: list[str]
    extra: dict[str, str]
    title: str | None
    strict: bool
    infer: bool
    meta: dict[str, str]
    verbose: bool

    def options(self, base: Path | None) -> WriterOptions:
        loader = folder_loader(base) if base is not None else WriterOptions().load_resource
        return WriterOptions(
            title=self.title, strict=self.strict, load_resource=loader, extra=self.extra
        )

    def load(self, name: str, outcome: Outcome) -> Document | None:
        try:
            return load_document(name, self.strict, self.infer, self.meta, self.verbose).document
        except (InputError, ParseError, MetadataError) as exc:
            reason = "parse failed" if isinstance(exc, ParseError) else str(exc)
            if not isinstance(exc, ParseError):
                click.echo(f"newsconv: error: {exc}", err=True)
            outcome.failed.append(("<stdin>" if name == "-" else name, reason))
            return None

    def run_each(self, inputs: Sequence[str], output: str | None, out_dir: str | None) -> Outcome:
        stems = output_stems(inputs)
        outcome = Outcome()
        for name, stem in zip(inputs, stems, strict=True):
            reported = len(outcome.diagnostics)
            self.convert_one(name, stem, output, out_dir, outcome)
            print_diagnostics(outcome.diagnostics[reported:], self.verbose)
        return outcome

    def convert_one(
        self, name: str, stem: str, output: str | None, out_dir: str | None, outcome: Outcome
    ) -> None:
        doc = self.load(name, outcome)
        if doc is None:
            return
        base = None if name == "-" else Path(name).resolve().parent
        for fmt in self.formats:
            target = _target(stem, fmt, self.formats, output, out_dir)
            self.emit(fmt, [doc], target, self.options(base), outcome, name)

    def run_combined(self, inputs: Sequence[str], output: str | None) -> Outcome:
        outcome = Outcome()
        docs = [doc for name in inputs if (doc := self.load(name, outcome)) is not None]
        if not docs:
            return outcome
        first = next((n for n in inputs if n != "-"), None)
        base = Path(first).resolve().parent if first else None
        fmt = self.formats[0]
        writer = registry.get(fmt)
        if not isinstance(writer, MultiWriter):
            outcome.failed.append(
                (
                    fmt,
                    f"the {fmt} writer cannot combine several inputs;"
                    " use --out-dir for one file each",
                )
            )
            return outcome
        self.emit(fmt, docs, output or "-", self.options(base), outcome, ", ".join(inputs))
        print_diagnostics(outcome.diagnostics, self.verbose)
        return outcome

    def emit(
        self,
        fmt: str,
        docs: list[Document],
        target: str,
        options: WriterOptions,
        outcome: Outcome,
        label: str,
    ) -> None:
        try:
            result = self._rendered(fmt, docs, options, outcome)
        except NewsconvError as exc:
            click.echo(f"newsconv: error: {label}: {fmt}: {exc}", err=True)
            outcome.failed.append((label, f"{fmt}: {exc}"))
            return
        except Exception as exc:  # a writer's bug must not stop the batch
            log.info("the %s writer failed on %s", fmt, label, exc_info=True)
            message = (
                f"internal error in the {fmt} writer ({type(exc).__name__}: {exc}); -v shows more"
            )
            click.echo(f"newsconv: error: {label}: {message}", err=True)
            outcome.failed.append((label, f"{fmt}: {message}"))
            return
        if target == "-":
            _to_stdout(result.data)
            if result.files:
                click.echo(f"newsconv: warning: {label}: no folder to copy images to", err=True)
            return
        try:
            write_side_files(Path(target).parent, result.files)
            write_atomic(Path(target), result.data)
        except OSError as exc:
            click.echo(f"newsconv: error: {target}: cannot write: {exc.strerror or exc}", err=True)
            outcome.failed.append((label, f"{target}: {exc.strerror or exc}"))
            return
        outcome.written.append(Path(target))

    def _rendered(
        self, fmt: str, docs: list[Document], options: WriterOptions, outcome: Outcome
    ) -> WriteResult:
        """The writer's output; its diagnostics go to ``outcome``, and under --strict a
        warning fails the output."""
        result = render(docs, fmt, options)
        outcome.diagnostics.extend(result.diagnostics)
        level = worst(result.diagnostics)
        if self.strict and level is not None and level >= Severity.WARNING:
            raise WriterError("warnings are errors under --strict")
        return result


def _target(
    stem: str, fmt: str, formats: Sequence[str], output: str | None, out_dir: str | None
) -> str:
    """Where one output goes: ``-o``, stdout, or ``DIR/stem.ext`` (``stem.format.ext`` when
    two chosen formats share an extension, as newsml and newsml-message do; a format named
    like its extension, such as json, keeps the plain name)."""
    if output:
        return output
    if out_dir is None:
        return "-"
    extension = registry.get(fmt).extension
    shared = fmt != extension and sum(registry.get(o).extension == extension for o in formats) > 1
    suffix = f"{fmt}.{extension}" if shared else extension
    return str(Path(out_dir) / f"{stem}.{suffix}")


def _to_stdout(data: str | bytes) -> None:
    if sys.stdout is None:
        raise BrokenPipeError(errno.EPIPE, "standard output is closed")
    if isinstance(data, str):
        sys.stdout.write(data)
        sys.stdout.flush()
        return
    if sys.stdout.isatty():
        raise click.UsageError("binary output to a terminal; use -o FILE")
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
