"""The executors newsconv starts itself: a local process pool, or a Dask cluster's.

Pool workers ignore ``SIGINT`` (the parent decides how to stop) and exit when their parent
dies, however it dies: on Linux the kernel sends them ``SIGKILL`` (``PR_SET_PDEATHSIG``),
and everywhere a watchdog thread notices that the parent process is gone.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any

PR_SET_PDEATHSIG = 1
WATCHDOG_SECONDS = 0.5
NO_PROFILER = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.worker.memory.monitor-interval": "1s",
}
"""Dask workers sample their threads' stacks every 10 ms by default; for conversions that
costs about a quarter of the throughput, so the local cluster turns it off. Its workers'
event loops also wake every 20 ms (health tick) and 100 ms (memory monitor), each time
taking the GIL from the converting thread: the local cluster wakes them less often."""


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` fresh interpreters (spawned: no state inherited by forking)."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=guard_worker,
        initargs=(os.getpid(),),
    )


def guard_worker(parent: int) -> None:
    """Run first in every pool worker: stop with the parent, leave ``SIGINT`` to it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # it died before we asked to be told
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    _claim_process()


def _claim_process() -> None:
    from .worker import claim_process  # in the worker only: it brings the writers

    claim_process()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCHDOG_SECONDS)
    os._exit(1)


def worker_pids(executor: Executor) -> frozenset[int]:
    """The pids of a process pool's workers (empty for other executors)."""
    workers = dict(getattr(executor, "_processes", None) or {})  # no public way before 3.14
    return frozenset(pid for pid in workers if isinstance(pid, int))


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop at once: queued work is cancelled and running workers are killed."""
    workers = dict(getattr(pool, "_processes", None) or {})  # no public way before 3.14
    for process in workers.values():
        with contextlib.suppress(ProcessLookupError, AttributeError, ValueError):
            process.kill()
    pool.shutdown(wait=True, cancel_futures=True)


def renew_pool(workers: int) -> Callable[[Executor], Executor]:
    """A function that stops a broken pool and returns a fresh one of the same size."""

    def renew(broken: Executor) -> Executor:
        if isinstance(broken, ProcessPoolExecutor):
            stop_pool(broken)
        return process_pool(workers)

    return renew


@contextlib.contextmanager
def dask_executor(scheduler: str | None, workers: int) -> Iterator[tuple[Executor, int]]:
    """A Dask executor and its number of worker threads: the cluster at ``scheduler``
    (``tcp://host:8786``), or a local cluster of ``workers`` single-threaded processes on
    127.0.0.1 without a dashboard."""
    try:
        distributed: Any = importlib.import_module("distributed")  # typed loosely upstream
    except ImportError:
        from ..diagnostics import NewsconvError

        raise NewsconvError(
            "the Dask executor needs the dask extra: pip install 'newsconv[dask]'"
        ) from None
    if scheduler:
        with distributed.Client(scheduler) as client:
            threads = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
            yield client.get_executor(pure=False), max(1, threads)
        return
    dask: Any = importlib.import_module("dask")
    with (
        dask.config.set(NO_PROFILER),
        distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",  # any free loopback port: never clashes
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        client.run(_claim_process)  # our own cluster's workers, as our own pool's
        yield client.get_executor(pure=False), workers
