"""A real SFTP server on 127.0.0.1 (asyncssh, on its own event loop in a thread)."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncssh

USER = "nc"
PASSWORD = "sftp-Secret-41ab"


@dataclass
class SftpFaults:
    """What the server does wrong, and what it saw."""

    drop_uploads: int = 0
    """How many next uploads have their connection aborted by the server mid-transfer."""
    drop_after: int = 65536
    renames: list[tuple[str, str]] = field(default_factory=list)
    posix_rename: bool = True
    """Whether the posix-rename extension is offered (plain rename otherwise)."""


class SftpServer:
    """asyncssh serving ``root`` (chrooted) on ``port`` with ``host_key``."""

    def __init__(
        self,
        root: Path,
        host_key: asyncssh.SSHKey,
        port: int = 0,
        client_key: asyncssh.SSHKey | None = None,
    ) -> None:
        self.root = root
        self.faults = SftpFaults()
        self._host_key = host_key
        self._client_key = client_key
        self._connections: list[asyncssh.SSHServerConnection] = []
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._acceptor = self._call(self._listen(port))
        self.port = int(self._acceptor.get_port())

    def stop(self) -> None:
        self._call(self._shutdown())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()

    def _call(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(10)

    async def _shutdown(self) -> None:
        self._acceptor.close()
        await self._acceptor.wait_closed()
        for connection in self._connections:
            connection.abort()
            await connection.wait_closed()
        await asyncio.sleep(0)

    async def _listen(self, port: int) -> asyncssh.SSHAcceptor:
        return await asyncssh.listen(
            "127.0.0.1",
            port,
            server_host_keys=[self._host_key],
            server_factory=lambda: _Login(self._client_key, self._connections),
            sftp_factory=lambda chan: _Sftp(chan, self.root, self.faults),
            allow_scp=False,
        )


class _Login(asyncssh.SSHServer):
    def __init__(
        self, client_key: asyncssh.SSHKey | None, connections: list[asyncssh.SSHServerConnection]
    ) -> None:
        self._client_key = client_key
        self._connections = connections

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._connections.append(conn)

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        return username == USER and password == PASSWORD

    def public_key_auth_supported(self) -> bool:
        return self._client_key is not None

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        assert self._client_key is not None
        return username == USER and key.public_data == self._client_key.public_data


class _Sftp(asyncssh.SFTPServer):
    def __init__(self, chan: asyncssh.SSHServerChannel[bytes], root: Path, faults: SftpFaults):
        super().__init__(chan, chroot=bytes(root))
        self._faults = faults

    def write(self, file_obj: object, offset: int, data: bytes) -> Any:
        faults = self._faults
        if faults.drop_uploads and offset + len(data) >= faults.drop_after:
            faults.drop_uploads -= 1
            self.connection.abort()
            raise asyncssh.SFTPFailure("connection lost")
        return super().write(file_obj, offset, data)

    def posix_rename(self, oldpath: bytes, newpath: bytes) -> Any:
        if not self._faults.posix_rename:
            raise asyncssh.SFTPOpUnsupported("posix-rename not supported")
        self._faults.renames.append((Path(oldpath.decode()).name, Path(newpath.decode()).name))
        return super().posix_rename(oldpath, newpath)

    def rename(self, oldpath: bytes, newpath: bytes) -> Any:
        self._faults.renames.append((Path(oldpath.decode()).name, Path(newpath.decode()).name))
        return super().rename(oldpath, newpath)
