"""Storing a worker's outputs on a background thread while it converts the next article.

Writing an output durably means waiting for the disk twice (the file's data, then the
folder entry of its new name): a few milliseconds per output, seven outputs per article,
time in which a worker's core would otherwise stand idle. A :class:`ChunkStorage` hands each
rendered output to a small pool of writer threads (``fsync`` releases the GIL) and the
worker goes on with the next article; the folders are made durable once per chunk, not
once per output. A chunk's results are sent back only when :meth:`ChunkStorage.finish`
has returned, so a result that says "written" always names a whole file on disk, and a
worker killed in the middle leaves only its own temporary files, which the engine removes.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from ..output import sync_folder, write_atomic, write_side_files
from .records import OutputRecord, Status, Target

WRITER_THREADS = 2
"""Outputs written at once by one worker process: enough to keep the disk busy while the
converting thread renders, few enough to hold little memory."""

_pool: ThreadPoolExecutor | None = None
_pool_pid = 0
_pool_lock = threading.Lock()


def _writers() -> ThreadPoolExecutor:
    """This process's writer threads, started on first use (again in a forked child)."""
    global _pool, _pool_pid
    with _pool_lock:
        if _pool is None or _pool_pid != os.getpid():
            _pool = ThreadPoolExecutor(WRITER_THREADS, thread_name_prefix="newsconv-store")
            _pool_pid = os.getpid()
        return _pool


class ChunkStorage:
    """The outputs of one chunk, written in the background; durable after :meth:`finish`."""

    def __init__(self) -> None:
        self._folders: set[str] = set()
        self._pending: list[Future[OutputRecord]] = []

    def store(
        self, target: Target, payload: bytes, side_files: Sequence[tuple[str, bytes]]
    ) -> Future[OutputRecord]:
        """Queue ``payload`` (and the files the writer asked for beside it) for ``target``."""
        self._folders.add(os.path.dirname(target.path) or ".")
        future = _writers().submit(store_output, target, payload, side_files)
        self._pending.append(future)
        return future

    def finish(self) -> None:
        """Wait for every queued output, then make the folders' new names durable."""
        for future in self._pending:
            future.exception()  # wait; store_output returns a record for every failure
        self._pending.clear()
        for folder in sorted(self._folders):
            sync_folder(Path(folder))
        self._folders.clear()


def store_output(
    target: Target, payload: bytes, side_files: Sequence[tuple[str, bytes]]
) -> OutputRecord:
    """Write one output atomically (its folder is synced by the caller) and describe it."""
    try:
        write_side_files(Path(target.path).parent, side_files)
        write_atomic(Path(target.path), payload, sync_parent=False)
        mtime = os.stat(target.path).st_mtime_ns
    except OSError as exc:
        return _failed(target, f"{target.path}: cannot write: {exc.strerror or exc}")
    except Exception as exc:  # never lose the chunk's other results to one odd failure
        return _failed(target, f"{target.path}: cannot write ({type(exc).__name__}: {exc})")
    return OutputRecord(
        target.format,
        target.path,
        Status.WRITTEN,
        size=len(payload),
        sha256=hashlib.sha256(payload).hexdigest(),
        fingerprint=target.fingerprint,
        mtime_ns=mtime,
    )


def _failed(target: Target, message: str) -> OutputRecord:
    return OutputRecord(target.format, target.path, Status.FAILED, error=message)
