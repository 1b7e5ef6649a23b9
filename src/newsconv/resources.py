"""Local resources (images) for writers: only files inside the input's folder, never a URL."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .images import BAD_IMAGE
from .writers.base import ResourceLoader, ResourceRefusal

MAX_RESOURCE_BYTES = 20 * 1024 * 1024
REFUSED = "image-refused"
"""Code of a resource the loader will not read (a URL, a path out of the folder, a special
file); a missing or unreadable file is ``image-unavailable``, a file too big ``bad-image``."""
UNAVAILABLE = "image-unavailable"


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
    20 MiB are refused with a :class:`~newsconv.writers.base.ResourceRefusal` saying why,
    which the writer reports at the figure.
    """
    root = base.resolve()

    def load(src: str) -> bytes | ResourceRefusal:
        if not src:
            return ResourceRefusal(UNAVAILABLE, "is empty: there is no file to read")
        if is_remote(src):
            return ResourceRefusal(REFUSED, "is a URL; only files in the article's folder are read")
        try:
            candidate = (root / unquote(urlsplit(src).path)).resolve()
        except (ValueError, OSError, RuntimeError):
            return ResourceRefusal(REFUSED, "is not a usable file path")
        if not candidate.is_relative_to(root):
            return ResourceRefusal(REFUSED, "is outside the article's folder")
        return _read_limited(candidate)

    return load


def _read_limited(path: Path) -> bytes | ResourceRefusal:
    """The bytes of a regular file of at most :data:`MAX_RESOURCE_BYTES`, else why not."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not block
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return ResourceRefusal(REFUSED, "is not a regular file")
            data = handle.read(MAX_RESOURCE_BYTES + 1)
    except OSError as exc:
        return _unreadable(exc)
    if len(data) > MAX_RESOURCE_BYTES:
        limit = MAX_RESOURCE_BYTES // (1024 * 1024)
        return ResourceRefusal(BAD_IMAGE, f"is larger than {limit} MiB")
    return data


def _unreadable(exc: OSError) -> ResourceRefusal:
    if exc.errno == errno.ENOENT:
        return ResourceRefusal(UNAVAILABLE, "does not exist in the article's folder")
    if exc.errno in (errno.EISDIR, errno.ENXIO):  # a folder; a socket
        return ResourceRefusal(REFUSED, "is not a regular file")
    return ResourceRefusal(UNAVAILABLE, f"cannot be read ({exc.strerror or exc})")
