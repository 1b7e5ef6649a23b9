"""The worker side of a batch: read an input, convert it, write its outputs atomically.

Runs in any process of any executor (a local process pool, a Dask worker on another
machine). The first call in a process starts the worker once — writers imported, fonts
registered, the NewsML catalog and the font subsets of ordinary text built, the on-disk
subset cache switched on — so that no article pays for it. What goes back to the caller
is a small :class:`~newsconv.batch.records.Result`: paths, sizes, hashes, diagnostics.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import logging
import os
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from pathlib import Path

from ..api import parse_with_diagnostics, render
from ..diagnostics import Diagnostic, NewsconvError, ParseError, Severity, worst
from ..model import Document
from ..resources import folder_loader
from ..text import fontsubset
from ..writers import registry
from ..writers.base import WriterOptions
from .records import JobSpec, OutputRecord, Result, Status, Target, Task
from .storage import ChunkStorage

log = logging.getLogger("newsconv")

_started: set[str] = set()
_own_process = False

GC_THRESHOLD = 5000
"""Allocations between young-generation collections in a process newsconv started for
itself (Python's default is 700): a conversion allocates many short-lived objects, and
most collections found nothing to free."""

WARM_UP = """[meta]
headline: Warm-up ترحيب
lang: ar
[/meta]
نص عربي قصير مع English words, שלום, ۱۲۳ and 123.
"""
"""A tiny article in the three script families, converted once per worker and format so
that fonts, subsets, schemas and caches are ready before the first real article."""


def convert_chunk(tasks: Sequence[Task], job: JobSpec) -> list[Result]:
    """Convert each task in this process; one result per task, never an exception.

    Outputs are written in the background while the next task converts
    (:mod:`~newsconv.batch.storage`); the results go back once all of them are on disk."""
    start_worker(job.formats)
    storage = ChunkStorage()
    drafts = [_convert_task(task, job, storage) for task in tasks]
    storage.finish()
    return [draft.result() for draft in drafts]


def start_worker(formats: Sequence[str]) -> None:
    """Everything a worker does once: idempotent, cheap after the first call."""
    missing = [fmt for fmt in formats if fmt not in _started]
    if not missing:
        return
    if not _started:
        with contextlib.suppress(RuntimeError):  # no home folder: subsets stay in memory
            fontsubset.use_disk_cache(fontsubset.default_cache_dir())
    document = parse_with_diagnostics(WARM_UP, source="<warm-up>").document
    for fmt in missing:
        _started.add(fmt)
        with _captured_logs("<warm-up>"), contextlib.suppress(Exception):
            registry.get(fmt).write(document, WriterOptions())
    if _own_process:
        settle_memory()


def claim_process() -> None:
    """Mark this process as one newsconv started to convert (a pool worker, a worker of a
    local cluster it made): after the warm-up the worker may tune the interpreter for
    converting. Never called in a caller's own process or on a cluster we did not start."""
    global _own_process
    _own_process = True
    settle_memory()


def settle_memory() -> None:
    """Keep the cyclic garbage collector off what is already loaded (modules, fonts, the
    writers' tables: collected again and again for nothing) and run it less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


def convert_task(task: Task, job: JobSpec) -> Result:
    """Read, parse and render one input; write every target that is not unchanged."""
    storage = ChunkStorage()
    draft = _convert_task(task, job, storage)
    storage.finish()
    return draft.result()


class _Draft:
    """A task's result whose outputs may still be on their way to the disk."""

    def __init__(self, result: Result, outputs: list[OutputRecord | Future[OutputRecord]]):
        self._result = result
        self._outputs = outputs

    def result(self) -> Result:
        """The finished result (call after the chunk's storage has finished)."""
        if not self._outputs:
            return self._result
        outputs = tuple(_stored(item) for item in self._outputs)
        return dataclasses.replace(self._result, outputs=outputs)


def _stored(item: OutputRecord | Future[OutputRecord]) -> OutputRecord:
    if isinstance(item, OutputRecord):
        return item
    return item.result()


def _convert_task(task: Task, job: JobSpec, storage: ChunkStorage) -> _Draft:
    started = time.perf_counter()
    try:
        info = os.stat(task.input)  # before reading: a later change makes it look newer
        data = Path(task.input).read_bytes()
    except OSError as exc:
        return _Draft(Result(task.input, error=f"cannot read: {exc.strerror or exc}"), [])
    digest = hashlib.sha256(data).hexdigest()
    kept = _unchanged_outputs(task, digest)
    todo = [target for target in task.targets if target.path not in kept]
    outputs: list[OutputRecord | Future[OutputRecord]] = [
        kept[t.path] for t in task.targets if t.path in kept
    ]
    diagnostics: list[Diagnostic] = []
    error = ""
    if todo:
        error = _convert(task.input, data, todo, job, storage, outputs, diagnostics)
    result = Result(
        input=task.input,
        diagnostics=tuple(diagnostics),
        error=error,
        input_sha256=digest,
        input_size=info.st_size,
        input_mtime_ns=info.st_mtime_ns,
        seconds=time.perf_counter() - started,
    )
    return _Draft(result, outputs)


def _convert(
    name: str,
    data: bytes,
    targets: Sequence[Target],
    job: JobSpec,
    storage: ChunkStorage,
    outputs: list[OutputRecord | Future[OutputRecord]],
    diagnostics: list[Diagnostic],
) -> str:
    """Parse and render; returns the input's error, or "" when it parsed."""
    options = job.options
    with _captured_logs(name) as logged:
        try:
            parsed = parse_with_diagnostics(
                data, source=name, strict=options.strict, infer=options.infer, meta=options.meta
            )
        except ParseError as exc:
            diagnostics.extend(exc.diagnostics)
            return "parse failed"
        except NewsconvError as exc:
            return str(exc)
        diagnostics.extend(parsed.diagnostics)
        writer_options = WriterOptions(
            title=options.title,
            strict=options.strict,
            load_resource=folder_loader(Path(name).resolve().parent),
            extra=dict(options.writer_options),
        )
        for target in targets:
            outputs.append(
                _render_target(parsed.document, target, writer_options, name, storage, diagnostics)
            )
    diagnostics.extend(logged)
    return ""


def _render_target(
    document: Document,
    target: Target,
    options: WriterOptions,
    name: str,
    storage: ChunkStorage,
    diagnostics: list[Diagnostic],
) -> OutputRecord | Future[OutputRecord]:
    """Render one target and queue it for writing; the writer's diagnostics go to
    ``diagnostics``, and under ``--strict`` a warning fails the output."""

    def failed(message: str) -> OutputRecord:
        return OutputRecord(target.format, target.path, Status.FAILED, error=message)

    try:
        result = render(document, target.format, options)
        diagnostics.extend(result.diagnostics)
        level = worst(result.diagnostics)
        if options.strict and level is not None and level >= Severity.WARNING:
            return failed("warnings are errors under --strict")
        data, side_files = result.data, result.files
    except NewsconvError as exc:
        return failed(str(exc))
    except Exception as exc:  # a writer's bug fails this output only
        log.info("the %s writer failed on %s", target.format, name, exc_info=True)
        return failed(f"internal error in the {target.format} writer ({type(exc).__name__}: {exc})")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    return storage.store(target, payload, side_files)


def _unchanged_outputs(task: Task, digest: str) -> dict[str, OutputRecord]:
    """Targets whose file still holds what the manifest recorded for these input bytes."""
    if not task.known_sha256 or digest != task.known_sha256:
        return {}
    kept: dict[str, OutputRecord] = {}
    for target in task.targets:
        expected = task.known_outputs.get(target.path)
        if not expected:
            continue
        try:
            payload = Path(target.path).read_bytes()
            mtime = os.stat(target.path).st_mtime_ns
        except OSError:
            continue
        if hashlib.sha256(payload).hexdigest() == expected:
            kept[target.path] = OutputRecord(
                target.format,
                target.path,
                Status.UNCHANGED,
                size=len(payload),
                sha256=expected,
                fingerprint=target.fingerprint,
                mtime_ns=mtime,
            )
    return kept


class _DiagnosticHandler(logging.Handler):
    """Turns the log records of one conversion, in this thread, into diagnostics (values,
    not lines on a worker's standard error that nobody reads)."""

    def __init__(self, source: str) -> None:
        super().__init__(logging.WARNING)
        self.source = source
        self.thread = threading.get_ident()
        self.found: list[Diagnostic] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread:
            return
        severity = Severity.ERROR if record.levelno >= logging.ERROR else Severity.WARNING
        self.found.append(Diagnostic(severity, "writer", record.getMessage(), self.source))


_capturing = 0
_capture_lock = threading.Lock()


@contextlib.contextmanager
def _captured_logs(source: str) -> Iterator[list[Diagnostic]]:
    """While converting, the ``newsconv`` logger's warnings become diagnostics and are not
    also printed by the handlers above it."""
    global _capturing
    handler = _DiagnosticHandler(source)
    logger = logging.getLogger("newsconv")
    with _capture_lock:
        _capturing += 1
        logger.propagate = False
        logger.addHandler(handler)
    try:
        yield handler.found
    finally:
        with _capture_lock:
            logger.removeHandler(handler)
            _capturing -= 1
            logger.propagate = _capturing == 0
