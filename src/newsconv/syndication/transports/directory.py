"""The ``directory`` transport: a local or mounted drop folder.

A payload is written to a hidden temporary name (``.nc-<pid>-<hex>.tmp``, the same as every
output newsconv writes; leftovers of a killed runner are removed by the next one) in the
destination folder itself, flushed to disk, then renamed to its final name, so a partner
polling the folder sees either nothing or the whole file, never a part of it. The folder's
entry is flushed too, so a delivered file survives a power cut once the ledger says it was
delivered.

``deliver_many`` does the same for a batch: the temporary files are written and flushed in
parallel (the file system then commits their flushes together, far fewer disk waits), renamed
in order, and the folder is flushed once.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ...output import clean_stale_temporaries, temp_name
from .base import ConfigError, Payload, Receipt, SecretLookup, TransportError

KIND = "directory"
_KEYS = {"kind", "path"}


def check(spec: Mapping[str, object]) -> None:
    """Validate a ``directory`` transport table."""
    for key in spec:
        if key not in _KEYS:
            raise ConfigError(f"unknown key {key!r} for a directory transport", key=key)
    path = spec.get("path")
    if not isinstance(path, str) or not path.strip():
        raise ConfigError("a directory transport needs 'path', a folder name", key="path")


def connect(
    spec: Mapping[str, object], *, base_dir: Path, secret: SecretLookup
) -> DirectoryTransport:
    """A transport writing into ``spec['path']`` (relative to ``base_dir``)."""
    check(spec)
    return DirectoryTransport(base_dir / str(spec["path"]))


@dataclass
class DirectoryTransport:
    """Delivers files into ``folder`` atomically (temp name in the same folder, fsync, rename)."""

    folder: Path
    kind: str = KIND
    _pool: ThreadPoolExecutor | None = field(default=None, repr=False)

    def deliver(self, payload: Payload) -> Receipt:
        """Write ``payload`` under its final name; the name is never visible half-written."""
        result = self.deliver_many([payload])[0]
        if isinstance(result, TransportError):
            raise result
        return result

    def deliver_many(self, payloads: Sequence[Payload]) -> list[Receipt | TransportError]:
        """Deliver several payloads atomically, each one's result in order."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            error = TransportError(f"cannot create {self.folder}: {exc.strerror or exc}")
            return [error for _ in payloads]
        clean_stale_temporaries(self.folder)  # left by a runner killed mid-write (once a process)
        if len(payloads) == 1:
            staged = [self._stage(payloads[0])]
        else:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(8, thread_name_prefix="newsconv-directory")
            staged = list(self._pool.map(self._stage, payloads))
        results = [self._publish(p, s) for p, s in zip(payloads, staged, strict=True)]
        try:
            _sync_folder(self.folder)
        except OSError as exc:
            error = TransportError(f"cannot flush {self.folder}: {exc.strerror or exc}")
            return [error for _ in results]
        return results

    def _stage(self, payload: Payload) -> Path | TransportError:
        temp = self.folder / temp_name()  # hidden; a dead writer's leftovers are cleaned
        try:
            _write_synced(temp, payload.data)
        except OSError as exc:
            with contextlib.suppress(OSError):
                temp.unlink()
            return TransportError(f"cannot write {temp}: {exc.strerror or exc}")
        return temp

    def _publish(self, payload: Payload, staged: Path | TransportError) -> Receipt | TransportError:
        if isinstance(staged, TransportError):
            return staged
        target = self.folder / payload.name
        try:
            os.replace(staged, target)
        except OSError as exc:
            with contextlib.suppress(OSError):
                staged.unlink()
            return TransportError(f"cannot write {target}: {exc.strerror or exc}")
        return Receipt(remote=str(target))

    def exists(self, name: str) -> bool:
        """Whether the final file ``name`` is in the folder."""
        return (self.folder / name).is_file()

    def remove(self, name: str) -> bool:
        """Delete the final file ``name`` from the folder (already gone is fine)."""
        target = self.folder / name
        try:
            target.unlink(missing_ok=True)
        except OSError as exc:
            raise TransportError(f"cannot remove {target}: {exc.strerror or exc}") from exc
        return True

    def close(self) -> None:
        """Stop the writer threads."""
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


def _write_synced(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
