"""Feeding chunks of tasks to an executor with a bounded window, results in completion order.

Any :class:`concurrent.futures.Executor` works: a process pool, a Dask ``ClientExecutor``,
a thread pool, :class:`InlineExecutor`. At most ``window`` chunks are in flight, so a
million inputs never mean a million futures, and each result is handed on as soon as its
chunk is done. When a worker process dies (``kill -9``, out of memory) a process pool is
broken for good: if the engine owns the pool it starts a fresh one and runs the inputs
that were in flight again one at a time, so that only the input that kills its worker
fails; an executor the caller gave is not replaced, and its lost inputs fail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from concurrent.futures.process import BrokenProcessPool
from concurrent.futures.thread import BrokenThreadPool
from pathlib import Path
from typing import Any

from ..output import remove_temporaries_of
from .executors import worker_pids
from .records import JobSpec, Result, Task
from .worker import convert_chunk

WORKER_DIED = "its worker process died (killed, or out of memory); the batch went on"

_Broken = (BrokenProcessPool, BrokenThreadPool)


class InlineExecutor(Executor):
    """Runs each call at once in the calling thread (one worker, no process to start)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            if not isinstance(exc, Exception):
                raise
            future.set_exception(exc)
        return future


class Engine:
    """Runs chunks on one executor; replaces it when it breaks, if it may."""

    def __init__(
        self,
        job: JobSpec,
        executor: Executor,
        window: int,
        renew: Callable[[Executor], Executor] | None = None,
    ) -> None:
        self.job = job
        self.executor = executor
        self.window = max(1, window)
        self.renew = renew
        """Shuts a broken executor down and returns a fresh one (None: not ours to renew)."""
        self.pending: dict[Future[list[Result]], Sequence[Task]] = {}

    def feed(self, chunk: Sequence[Task]) -> Iterator[Result]:
        """Submit ``chunk``, first handing on results until the window has room."""
        while len(self.pending) >= self.window:
            yield from self._collect()
        yield from self._submit(chunk)

    def finish(self) -> Iterator[Result]:
        """The results of everything still in flight, in the order they complete."""
        while self.pending:
            yield from self._collect()

    def cancel(self) -> None:
        """Forget what is still in flight (on an interruption), cancelling what has not started."""
        for future in self.pending:
            future.cancel()
        self.forget()

    def forget(self) -> None:
        """Forget what is still in flight without cancelling it: for an executor that is
        stopped next and cancels its queued work itself."""
        self.pending.clear()

    def _submit(self, chunk: Sequence[Task]) -> Iterator[Result]:
        try:
            future = self.executor.submit(convert_chunk, chunk, self.job)
        except _Broken:
            yield from self._recover([chunk])
            return
        self.pending[future] = chunk

    def _collect(self) -> Iterator[Result]:
        done, _ = wait(list(self.pending), return_when=FIRST_COMPLETED)
        broken: list[Sequence[Task]] = []
        for future in done:
            chunk = self.pending.pop(future)
            try:
                results = future.result()
            except _Broken:
                broken.append(chunk)
                continue
            except Exception as exc:  # the executor could not run the chunk at all
                results = [Result(task.input, error=_lost(exc)) for task in chunk]
            yield from results
        if broken:
            yield from self._recover(broken)

    def _recover(self, broken: list[Sequence[Task]]) -> Iterator[Result]:
        """The pool broke: keep what finished, run the rest again one by one, fresh pool."""
        suspects = [task for chunk in broken for task in chunk]
        for future, chunk in list(self.pending.items()):
            if future.done() and not future.cancelled() and future.exception() is None:
                yield from future.result()
            else:
                suspects.extend(chunk)
        self.pending.clear()
        if self.renew is None:
            yield from (
                Result(t.input, error=f"the executor broke; {WORKER_DIED}") for t in suspects
            )
            return
        self._renew(suspects)
        for task in suspects:
            yield from self._isolated(task)

    def _renew(self, suspects: Sequence[Task]) -> None:
        """A fresh executor; the temporary files the killed workers left are removed."""
        assert self.renew is not None
        dead = worker_pids(self.executor)
        self.executor = self.renew(self.executor)
        for folder in {Path(t.path).parent for task in suspects for t in task.targets}:
            remove_temporaries_of(folder, dead)

    def _isolated(self, task: Task) -> Iterator[Result]:
        assert self.renew is not None
        try:
            results = self.executor.submit(convert_chunk, [task], self.job).result()
        except _Broken:
            self._renew([task])
            results = [Result(task.input, error=WORKER_DIED)]
        except Exception as exc:
            results = [Result(task.input, error=_lost(exc))]
        yield from results


def _lost(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return f"the executor failed: {type(exc).__name__}" + (f": {text[0]}" if text else "")
