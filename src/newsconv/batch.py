"""Running a conversion job for the command line: reading inputs, parsing, rendering,
writing outputs atomically, and collecting what failed without stopping the batch."""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path, PurePath

import click
from rich.console import Console
from rich.progress import Progress

from .api import ParseResult, WriteResult, parse_with_diagnostics, render
from .diagnostics import (
    Diagnostic,
    MetadataError,
    NewsconvError,
    ParseError,
    Severity,
    WriterError,
    worst,
)
from .model import Document
from .output import write_atomic
from .resources import folder_loader
from .writers import registry
from .writers.base import MultiWriter, WriterOptions

err = Console(stderr=True, highlight=False, soft_wrap=True)
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
        return sys.stdin.buffer.read()
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
    jobs: int = 1
    """Worker processes for a batch with ``--out-dir`` (1: convert in this process)."""

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
        parallel = self.jobs > 1 and out_dir is not None and len(inputs) > 1 and "-" not in inputs
        if parallel:
            return self._run_parallel(list(zip(inputs, stems, strict=True)), out_dir)
        outcome = Outcome()
        with _progress(len(inputs)) as advance:
            for name, stem in zip(inputs, stems, strict=True):
                reported = len(outcome.diagnostics)
                self.convert_one(name, stem, output, out_dir, outcome)
                print_diagnostics(outcome.diagnostics[reported:], self.verbose)
                advance()
        return outcome

    def _run_parallel(self, work: list[tuple[str, str]], out_dir: str | None) -> Outcome:
        """Inputs spread over ``jobs`` processes; outcomes merged in input order."""
        results: list[Outcome | None] = [None] * len(work)
        workers = min(self.jobs, len(work))
        context = multiprocessing.get_context("spawn")  # no fork under the progress thread
        with (
            _progress(len(work)) as advance,
            ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool,
        ):
            futures = {
                pool.submit(_convert_in_worker, self, name, stem, out_dir): index
                for index, (name, stem) in enumerate(work)
            }
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                advance()
        merged = Outcome()
        for result in results:
            assert result is not None
            merged.written.extend(result.written)
            merged.failed.extend(result.failed)
            merged.diagnostics.extend(result.diagnostics)
            print_diagnostics(result.diagnostics, self.verbose)
        return merged

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
            _write_side_files(Path(target).parent, result.files)
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


def _write_side_files(folder: Path, files: Sequence[tuple[str, bytes]]) -> None:
    """The files a writer asked for beside its output (copied images), each atomically."""
    for relative, data in files:
        target = (folder / relative).resolve()
        if not target.is_relative_to(folder.resolve()):
            raise OSError(f"{relative} is not inside {folder}")
        write_atomic(target, data)


def _convert_in_worker(job: ConvertJob, name: str, stem: str, out_dir: str | None) -> Outcome:
    """Convert one input in a worker process (module level, so that it can be pickled)."""
    outcome = Outcome()
    job.convert_one(name, stem, None, out_dir, outcome)
    return outcome


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on an interactive terminal for batches; nothing otherwise."""
    if total < 2 or not err.is_terminal:
        yield lambda: None
        return
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("converting", total=total)
        yield lambda: progress.advance(task)


def output_stems(inputs: Sequence[str]) -> list[str]:
    """The file-name stem of each input's outputs: its own stem, or, where two inputs share
    one (``ar/001.txt`` and ``fa/001.txt``), as many of their folder names as tell them
    apart (``ar-001``, ``fa-001``), so that no output overwrites another."""
    paths = [
        PurePath("stdin") if name == "-" else PurePath(name).with_suffix("") for name in inputs
    ]
    depths = [1] * len(paths)
    while True:
        stems = ["-".join(path.parts[-depth:]) for path, depth in zip(paths, depths, strict=True)]
        counts = Counter(stems)
        clashing = [i for i, stem in enumerate(stems) if counts[stem] > 1]
        longer = [i for i in clashing if depths[i] < len(paths[i].parts)]
        if not longer:
            return stems
        for i in longer:
            depths[i] += 1


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
    if isinstance(data, str):
        sys.stdout.write(data)
        sys.stdout.flush()
        return
    if sys.stdout.isatty():
        raise click.UsageError("binary output to a terminal; use -o FILE")
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
