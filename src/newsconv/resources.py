"""Local resources (images) for writers: only files inside the input's folder, never a URL."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .writers.base import ResourceLoader

log = logging.getLogger(__name__)
MAX_RESOURCE_BYTES = 20 * 1024 * 1024


def is_remote(src: str) -> bool:
    """True for anything with a URL scheme (http, https, ftp, data, file…) or a ``//host`` form."""
    if src.startswith("//"):
        return True
    try:
        parts = urlsplit(src)
    except ValueError:
        return True  # not a path either: never read
    return bool(parts.scheme and len(parts.scheme) > 1)


def folder_loader(base: Path) -> ResourceLoader:
    """A loader that reads ``src`` relative to ``base`` and refuses anything outside it.

    Remote URLs are never fetched; paths that leave ``base`` (``..``, absolute paths,
    symbolic links pointing elsewhere), anything but a regular file, and files over
    20 MiB are refused with a log line.
    """
    root = base.resolve()

    def load(src: str) -> bytes | None:
        if not src or is_remote(src):
            return None
        try:
            candidate = (root / unquote(urlsplit(src).path)).resolve()
        except (ValueError, OSError, RuntimeError):
            log.warning("resource %r is not a usable path; not read", src)
            return None
        if not candidate.is_relative_to(root):
            log.warning("resource %r is outside %s; not read", src, root)
            return None
        return _read_limited(src, candidate)

    return load


def _read_limited(src: str, path: Path) -> bytes | None:
    """The bytes of a regular file of at most :data:`MAX_RESOURCE_BYTES`, else None."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not block
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise IsADirectoryError(src)
            data = handle.read(MAX_RESOURCE_BYTES + 1)
    except OSError:
        data = None
    if data is None or len(data) > MAX_RESOURCE_BYTES:
        log.warning("resource %r is not a readable file under 20 MiB; not read", src)
        return None
    return data
