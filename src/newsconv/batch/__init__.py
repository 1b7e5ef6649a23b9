"""Converting many articles at once, on any :class:`concurrent.futures.Executor`.

>>> from newsconv.batch import convert_many
>>> for result in convert_many(["in/a.txt", "in/b.txt"], ["html", "pdf"], "out"):
...     print(result.input, result.ok)  # doctest: +SKIP

:func:`convert_many` plans every output path first (distinct, never an input; see
:mod:`newsconv.batch.plan`), then sends chunks of inputs to the executor — a local process
pool by default, a Dask cluster with ``Client.get_executor()`` — keeping a bounded number
in flight. Workers read the inputs and write the outputs atomically themselves; back come
small :class:`Result` records, in the order they complete. With ``incremental=True`` a
manifest beside the outputs (:mod:`newsconv.batch.manifest`) skips what did not change.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Generator, Iterable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..writers import registry
from .manifest import MANIFEST_NAME, Manifest
from .plan import (
    PlanError,
    output_stems,
    output_suffixes,
    refuse_output_file_as_input,
    refuse_overwriting_inputs,
)
from .records import ConvertOptions, JobSpec, OutputRecord, Result, Status, Target, Task

if TYPE_CHECKING:
    from .engine import Engine, InlineExecutor

__all__ = [
    "MANIFEST_NAME",
    "ConvertOptions",
    "InlineExecutor",
    "OutputRecord",
    "PlanError",
    "Result",
    "Status",
    "convert_many",
]


def __getattr__(name: str) -> Any:
    if name == "InlineExecutor":  # imported on use: the engine brings the writers' modules
        from .engine import InlineExecutor

        return InlineExecutor
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def convert_many(
    inputs: Iterable[str | os.PathLike[str]],
    formats: Sequence[str],
    out_dir: str | os.PathLike[str],
    *,
    executor: Executor | None = None,
    options: ConvertOptions | None = None,
    incremental: bool = False,
    force: bool = False,
    workers: int | None = None,
    chunk_size: int | None = None,
    window: int | None = None,
) -> Generator[Result, None, None]:
    """Convert every input to every format in ``out_dir``; one :class:`Result` per input.

    ``executor``: where the work runs; None starts a process pool of ``workers`` processes
    (the CPU count by default; 1 converts in this process) and stops it at the end. An
    executor you give is used as it is and left running. ``incremental``: read and append
    the manifest in ``out_dir`` and leave unchanged outputs alone; ``force`` converts
    everything again (and records it). ``chunk_size`` inputs go to a worker at a time, and
    at most ``window`` chunks are in flight (defaults follow the number of workers).

    Output paths are planned and checked before this returns; :class:`PlanError` is raised
    when an output would overwrite an input. Nothing is converted until the returned
    iterator is consumed; closing it early stops the workers newsconv started.
    """
    names = [os.fspath(name) for name in inputs]
    plan = _Plan(names, tuple(formats), Path(out_dir), options or ConvertOptions())
    if incremental:
        refuse_output_file_as_input(names, str(plan.out_dir / MANIFEST_NAME))
    count = workers or _executor_workers(executor) or os.cpu_count() or 1
    if executor is None:  # no more processes than inputs
        count = max(1, min(count, len(names)))
    size = chunk_size or max(1, min(16, len(names) // (count * 8)))
    manifest = Manifest.load(plan.out_dir) if incremental else None
    return _run(plan, manifest, force, executor, count, size, window or 2 * count + 1)


class _Plan:
    """Every input's targets, decided and checked up front."""

    def __init__(
        self, names: list[str], formats: tuple[str, ...], out_dir: Path, options: ConvertOptions
    ) -> None:
        extensions = {fmt: registry.get(fmt).extension for fmt in formats}
        self.names = names
        self.out_dir = out_dir
        self._out_folder = str(out_dir)
        self.suffixes = output_suffixes(formats, extensions)
        self.stems = output_stems(names, list(self.suffixes.values()))
        refuse_overwriting_inputs(names, out_dir, self.stems, list(self.suffixes.values()))
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        self.fingerprints = {
            fmt: options.fingerprint(fmt, f"{__version__}/{registry.provenance(fmt)}", epoch)
            for fmt in formats
        }
        self.job = JobSpec(options, formats)

    def tasks(self) -> Iterator[Task]:
        for name, stem in zip(self.names, self.stems, strict=True):
            yield Task(name, tuple(self._target(stem, fmt) for fmt in self.job.formats))

    def _target(self, stem: str, fmt: str) -> Target:
        path = os.path.join(self._out_folder, f"{stem}.{self.suffixes[fmt]}")  # no Path: per output
        return Target(fmt, path, self.fingerprints[fmt])


def _run(
    plan: _Plan,
    manifest: Manifest | None,
    force: bool,
    executor: Executor | None,
    workers: int,
    chunk_size: int,
    window: int,
) -> Generator[Result, None, None]:
    from .engine import Engine, InlineExecutor
    from .executors import process_pool, renew_pool

    owned = executor is None
    if executor is None:
        executor = InlineExecutor() if workers == 1 else process_pool(workers)
    renew = renew_pool(workers) if owned and workers > 1 else None
    engine = Engine(plan.job, executor, window, renew)
    finished = False
    try:
        with manifest.appender() if manifest else contextlib.nullcontext() as recorder:
            if manifest is not None:
                manifest.compact()
            for result in _results(plan, manifest if not force else None, engine, chunk_size):
                if recorder is not None:
                    recorder.record(result)
                yield result
        finished = True
    finally:
        if owned:
            engine.forget()
            _stop(engine.executor, graceful=finished)
        else:
            engine.cancel()


def _results(
    plan: _Plan, manifest: Manifest | None, engine: Engine, chunk_size: int
) -> Iterator[Result]:
    """Unchanged inputs at once; the others through the engine, a chunk at a time."""
    pending: list[Task] = []

    def tasks() -> Iterator[Task]:
        yield from pending
        pending.clear()

    for task in plan.tasks():
        planned = manifest.plan(task) if manifest is not None else task
        if isinstance(planned, Result):
            yield planned
            continue
        pending.append(planned)
        if len(pending) >= chunk_size:
            yield from engine.feed(list(tasks()))
    if pending:
        yield from engine.feed(list(tasks()))
    yield from engine.finish()


def _executor_workers(executor: Executor | None) -> int | None:
    count = getattr(executor, "_max_workers", None)
    return count if isinstance(count, int) else None


def _stop(executor: Executor, graceful: bool) -> None:
    """Shut down an executor newsconv started. Its futures are never cancelled from here: a
    process pool cancels them in its manager thread, which otherwise may meet a cancelled
    future when it fails the work of workers that were killed, and die with a traceback."""
    if graceful or not isinstance(executor, ProcessPoolExecutor):
        executor.shutdown(wait=True)
    else:
        from .executors import stop_pool

        stop_pool(executor)
