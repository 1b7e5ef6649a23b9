"""Delivery transports, one module per kind, imported only when a partner uses that kind.

Every module defines ``KIND``, ``check(spec)`` and ``connect(spec, *, base_dir, secret)``
(see :mod:`.base`).
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .base import ConfigError

MODULES = {
    "directory": "newsconv.syndication.transports.directory",
    "ftp": "newsconv.syndication.transports.ftp",
    "ftps": "newsconv.syndication.transports.ftp",
    "sftp": "newsconv.syndication.transports.sftp",
    "http": "newsconv.syndication.transports.http",
    "s3": "newsconv.syndication.transports.s3",
}
"""Transport kind → the module that implements it (FTPS shares the FTP module)."""


def transport_module(kind: str) -> ModuleType:
    """The module implementing ``kind``; ConfigError for an unknown or uninstalled kind."""
    name = MODULES.get(kind)
    if name is None:
        known = ", ".join(sorted(MODULES))
        raise ConfigError(f"unknown transport kind {kind!r} (known: {known})", key="kind")
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise ConfigError(
            f"transport kind {kind!r} is not available: {exc} (install its extra)", key="kind"
        ) from None
