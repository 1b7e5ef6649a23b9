"""Local resources (images) for writers: only files inside the input's folder, never a URL."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .writers.base import ResourceLoader

log = logging.getLogger(__name__)
MAX_RESOURCE_BYTES = 20 * 1024 * 1024


def is_remote(src: str) -> bool:
    """True for anything with a URL scheme (http, https, ftp, data, file…) or a ``//host`` form."""
    parts = urlsplit(src)
    return bool(parts.scheme and len(parts.scheme) > 1) or src.startswith("//")


def folder_loader(base: Path) -> ResourceLoader:
    """A loader that reads ``src`` relative to ``base`` and refuses anything outside it.

    Remote URLs are never fetched; paths that leave ``base`` (``..``, absolute paths,
    symbolic links pointing elsewhere) and files over 20 MiB are refused with a log line.
    """
    root = base.resolve()

    def load(src: str) -> bytes | None:
        if not src or is_remote(src):
            return None
        candidate = (root / unquote(urlsplit(src).path)).resolve()
        if not candidate.is_relative_to(root):
            log.warning("resource %r is outside %s; not read", src, root)
            return None
        if not candidate.is_file() or candidate.stat().st_size > MAX_RESOURCE_BYTES:
            log.warning("resource %r is not a readable file under 20 MiB; not read", src)
            return None
        return candidate.read_bytes()

    return load
