"""``newsconv convert … --out-dir``: a batch on a process pool or a Dask cluster, shown.

Diagnostics and failures are printed as results arrive; the summary tables at the end.
``SIGTERM`` stops a batch the way Ctrl-C does: the workers are stopped, finished outputs
stay, the summary is printed and the exit code is 2.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor
from types import FrameType

import click
from rich.console import Console

from . import convert_many
from .executors import dask_executor
from .records import ConvertOptions, Result
from .report import Tally, progress, slowest_table, summary_table

EXIT_OK, EXIT_ERRORS = 0, 2


def run_batch(
    inputs: Sequence[str],
    formats: Sequence[str],
    out_dir: str,
    options: ConvertOptions,
    *,
    console: Console,
    jobs: int = 1,
    executor: str = "process",
    scheduler: str | None = None,
    incremental: bool = False,
    force: bool = False,
    verbose: bool = False,
) -> int:
    """Convert ``inputs`` into ``out_dir`` and report; returns the exit code."""
    tally = Tally(tuple(formats))
    interrupted = False
    with _executor(executor, scheduler, jobs) as (pool, workers):
        results = convert_many(
            inputs,
            formats,
            out_dir,
            executor=pool,
            options=options,
            incremental=incremental,
            force=force,
            workers=workers,
        )
        try:
            with sigterm_interrupts(), progress(console, len(inputs)) as advance:
                for result in results:
                    _show(result, verbose)
                    tally.add(result)
                    advance()
        except KeyboardInterrupt:
            interrupted = True
        finally:
            results.close()
    _summary(console, tally, list(formats))
    if interrupted:
        click.echo(
            f"newsconv: interrupted after {tally.inputs} of {len(inputs)} input(s);"
            " finished outputs are kept",
            err=True,
        )
        return EXIT_ERRORS
    return EXIT_ERRORS if tally.failed_inputs else EXIT_OK


@contextlib.contextmanager
def _executor(kind: str, scheduler: str | None, jobs: int) -> Iterator[tuple[Executor | None, int]]:
    if kind == "dask" or scheduler:
        with dask_executor(scheduler, jobs) as (pool, workers):
            yield pool, workers
    else:
        yield None, jobs


def _show(result: Result, verbose: bool) -> None:
    from ..diagnostics import Severity

    for diagnostic in result.diagnostics:
        if diagnostic.severity >= Severity.WARNING or verbose:
            click.echo(str(diagnostic), err=True)
    for reason in result.failures():
        click.echo(f"newsconv: error: {result.input}: {reason}", err=True)


def _summary(console: Console, tally: Tally, formats: list[str]) -> None:
    console.print(summary_table(tally, formats))
    slowest = slowest_table(tally)
    if slowest is not None and tally.inputs > 1:
        console.print(slowest)


@contextlib.contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """While the batch runs, ``SIGTERM`` raises :class:`KeyboardInterrupt` like ``SIGINT``."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
