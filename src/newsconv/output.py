"""Writing outputs atomically: a temporary file in the target folder, then a rename.

Temporary files are named ``.nc-<pid>-<random>.tmp``: short (an output name may use all
255 bytes a file name allows) and recognisable, so that one left behind by a writer that
was killed is removed by a later run once its process is gone (or it is a day old).
Nothing else in the folder is ever touched.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import threading
import time
from collections.abc import Collection, Sequence
from pathlib import Path

TEMP_PREFIX = ".nc-"
TEMP_SUFFIX = ".tmp"
_TEMP_NAME = re.compile(r"^\.nc-(\d{1,10})-[0-9a-f]{8}\.tmp$")
STALE_AFTER_SECONDS = 24 * 3600
"""A temporary file this old is stale even if a process with its pid is running."""
_DEAD_WRITER_GRACE_SECONDS = 10
"""A dead writer's temporary file is left alone this long (clocks of shared folders)."""

_cleaned_folders: set[Path] = set()
_cleaned_lock = threading.Lock()


def write_atomic(path: Path, data: str | bytes, *, sync_parent: bool = True) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one.

    The bytes go to a temporary file beside ``path``, are flushed to disk, and the file is
    renamed over ``path``. A new file gets the permissions the umask allows (as ``open``
    would give it); an existing file keeps its own. On any failure the temporary file is
    removed and ``path`` is left as it was. ``sync_parent=False`` leaves making the new
    name durable to the caller (:func:`sync_folder` once for many files).
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    clean_stale_temporaries(folder)
    mode = _existing_mode(path)
    fd, temp_path = _create_temporary(folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            if mode is not None:
                os.fchmod(handle.fileno(), mode)
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_path, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_path)
        raise
    if sync_parent:
        sync_folder(folder)


def _existing_mode(path: Path) -> int | None:
    """The permission bits of the file at ``path``, or None when there is none."""
    try:
        return path.stat().st_mode & 0o7777
    except (FileNotFoundError, NotADirectoryError):
        return None


def _create_temporary(folder: Path) -> tuple[int, Path]:
    """A new, exclusively created temporary file in ``folder`` (mode 0666 less the umask)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _attempt in range(100):
        temp_path = folder / temp_name()
        try:
            return os.open(temp_path, flags, 0o666), temp_path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(folder))


def temp_name(pid: int | None = None) -> str:
    """A temporary file name of this process: ``.nc-<pid>-<8 hex digits>.tmp``."""
    return f"{TEMP_PREFIX}{os.getpid() if pid is None else pid}-{secrets.token_hex(4)}{TEMP_SUFFIX}"


def clean_stale_temporaries(folder: Path, *, force: bool = False) -> list[Path]:
    """Remove our temporary files in ``folder`` whose writer is gone; return them.

    Runs once per folder and process unless ``force``. Only names of our own pattern are
    considered: one is stale when no process has its pid any more (and it is a few seconds
    old), or when it is older than :data:`STALE_AFTER_SECONDS`.
    """
    key = folder.resolve()
    with _cleaned_lock:
        if key in _cleaned_folders and not force:
            return []
        _cleaned_folders.add(key)
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if match is None or not _is_stale(entry, int(match.group(1)), now):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def remove_temporaries_of(folder: Path, pids: Collection[int]) -> list[Path]:
    """Remove our temporary files in ``folder`` written by ``pids``, processes the caller
    knows are dead (killed workers of a batch); return them."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if match is None or int(match.group(1)) not in pids:
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _is_stale(entry: os.DirEntry[str], pid: int, now: float) -> bool:
    try:
        if not entry.is_file(follow_symlinks=False):
            return False
        age = now - entry.stat(follow_symlinks=False).st_mtime
    except OSError:
        return False
    if age > STALE_AFTER_SECONDS:
        return True
    return age > _DEAD_WRITER_GRACE_SECONDS and not _process_alive(pid)


def _process_alive(pid: int) -> bool:
    """True when a process with ``pid`` exists (or might: it belongs to someone else)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:
        return True
    return True


def sync_folder(folder: Path) -> None:
    """Make the rename durable where the platform allows opening a folder."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def write_side_files(folder: Path, files: Sequence[tuple[str, bytes]]) -> None:
    """The files a writer asked for beside its output (copied images), each atomically;
    a name that would leave ``folder`` is refused."""
    for relative, data in files:
        target = (folder / relative).resolve()
        if not target.is_relative_to(folder.resolve()):
            raise OSError(f"{relative} is not inside {folder}")
        write_atomic(target, data)
