"""The ``sftp`` transport (:mod:`paramiko`), with a pinned host key.

The server must present the key pinned in the partner file (``host_key``, an OpenSSH public key
line, or an entry of a ``known_hosts`` file): an unknown or changed key is refused with an
AuthError before any credential is sent, and nothing is ever auto-accepted. A payload is written
under a hidden temporary name in the partner's folder, its size checked, then renamed with the
``posix-rename`` extension (plain rename where the server lacks it), so the final name never
shows a partial file. The temporary name depends on the idempotency key, so the next attempt of
the same delivery overwrites what a dropped connection left behind, then renames it away.

No socket is opened by :func:`connect`; the first operation connects, and any network failure
drops the session so the next operation starts a fresh one.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import posixpath
import socket
import struct
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import paramiko
from paramiko.ssh_exception import IncompatiblePeer

from . import spec as keys
from .base import (
    AuthError,
    ConfigError,
    Payload,
    PermanentError,
    Receipt,
    SecretLookup,
    TransportError,
)

KIND = "sftp"
_KEYS = (
    "host", "port", "user", "password_env", "key_file", "passphrase_env", "host_key",
    "known_hosts", "path", "timeout",
)  # fmt: skip
_KEY_TYPES = (
    "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa",
)  # fmt: skip
_NETWORK_ERRORS = (OSError, EOFError, paramiko.SSHException)


@dataclass(frozen=True)
class SftpSettings:
    """A checked ``sftp`` transport table."""

    host: str
    port: int
    user: str
    password_env: str | None
    key_file: str | None
    passphrase_env: str | None
    host_key: bytes | None
    """The pinned key's blob, when pinned inline."""
    known_hosts: str | None
    path: str
    timeout: float


def settings(spec: Mapping[str, object]) -> SftpSettings:
    """Check ``spec`` and return its values with defaults filled in."""
    keys.check_keys(spec, KIND, _KEYS)
    password_env, key_file = keys.text(spec, "password_env"), keys.text(spec, "key_file")
    if (password_env is None) == (key_file is None):
        raise ConfigError("give exactly one of 'password_env' and 'key_file'", key="password_env")
    host_key, known_hosts = keys.text(spec, "host_key"), keys.text(spec, "known_hosts")
    if (host_key is None) == (known_hosts is None):
        message = "pin the server's key: give exactly one of 'host_key' and 'known_hosts'"
        raise ConfigError(message, key="host_key")
    return SftpSettings(
        host=keys.required_text(spec, "host"),
        port=keys.port(spec, 22),
        user=keys.required_text(spec, "user"),
        password_env=password_env,
        key_file=key_file,
        passphrase_env=keys.text(spec, "passphrase_env"),
        host_key=public_key_blob(host_key) if host_key else None,
        known_hosts=known_hosts,
        path=keys.text(spec, "path", ".") or ".",
        timeout=keys.seconds(spec, "timeout", 30),
    )


def public_key_blob(line: str) -> bytes:
    """The key blob of an OpenSSH public key line ``"ssh-ed25519 AAAA… [comment]"``."""
    fields = line.split()
    if len(fields) < 2 or fields[0] not in _KEY_TYPES:
        message = "'host_key' must be a public key line such as 'ssh-ed25519 AAAA…'"
        raise ConfigError(message, key="host_key")
    try:
        blob = base64.b64decode(fields[1], validate=True)
        (size,) = struct.unpack(">I", blob[:4])
    except (binascii.Error, struct.error):
        raise ConfigError("'host_key' holds invalid base64 key data", key="host_key") from None
    if blob[4 : 4 + size] != fields[0].encode():
        raise ConfigError("'host_key' data does not match its key type", key="host_key")
    return blob


def check(spec: Mapping[str, object]) -> None:
    """Validate an ``sftp`` transport table (secrets and key files are not read)."""
    settings(spec)


def connect(spec: Mapping[str, object], *, base_dir: Path, secret: SecretLookup) -> SftpTransport:
    """A transport to the SFTP server of ``spec``; reads credentials and pinned keys now."""
    options = settings(spec)
    pinned = _pinned_keys(options, base_dir)
    if options.key_file:
        passphrase = secret(options.passphrase_env) if options.passphrase_env else None
        credential: str | paramiko.PKey = _load_key(base_dir / options.key_file, passphrase)
    else:
        assert options.password_env is not None
        credential = secret(options.password_env)
    return SftpTransport(options, credential, pinned)


def _pinned_keys(options: SftpSettings, base_dir: Path) -> list[bytes]:
    if options.host_key is not None:
        return [options.host_key]
    assert options.known_hosts is not None
    try:
        known = paramiko.HostKeys(str(base_dir / options.known_hosts))
    except (OSError, paramiko.SSHException) as exc:
        message = f"cannot read known_hosts file {options.known_hosts} ({type(exc).__name__})"
        raise ConfigError(message, key="known_hosts") from None
    name = options.host if options.port == 22 else f"[{options.host}]:{options.port}"
    entries = known.lookup(name)
    if not entries:
        message = f"{options.known_hosts} has no key for {name}"
        raise ConfigError(message, key="known_hosts")
    return [key.asbytes() for key in entries.values()]


def _load_key(path: Path, passphrase: str | None) -> paramiko.PKey:
    try:
        return paramiko.PKey.from_path(path, passphrase)
    except (OSError, paramiko.SSHException, ValueError) as exc:
        message = f"cannot load key_file {path.name} ({type(exc).__name__})"
        raise ConfigError(message, key="key_file") from None


class SftpTransport:
    """Uploads payloads to one SFTP folder, atomically by rename."""

    kind = KIND

    def __init__(
        self, options: SftpSettings, credential: str | paramiko.PKey, pinned: list[bytes]
    ) -> None:
        self._options = options
        self._credential = credential
        self._pinned = pinned
        self._where = f"{options.host}:{options.port}"
        self._transport: paramiko.Transport | None = None
        self._sftp: paramiko.SFTPClient | None = None

    def deliver(self, payload: Payload) -> Receipt:
        """Write to a temporary name, check its size, then rename it to ``payload.name``."""
        final = posixpath.join(self._options.path, payload.name)
        temp = posixpath.join(
            self._options.path, keys.temp_name(payload.name, payload.idempotency_key)
        )
        with self._failures(f"upload of {payload.name}"):
            sftp = self._session()
            with sftp.open(temp, "wb") as remote:  # truncates a leftover of an earlier attempt
                remote.set_pipelined(True)
                remote.write(payload.data)
            size = sftp.stat(temp).st_size
            if size != len(payload.data):
                message = f"upload of {payload.name} stored {size} of {len(payload.data)} bytes"
                raise TransportError(message)
            _rename(sftp, temp, final)
        return Receipt(remote=final)

    def exists(self, name: str) -> bool:
        """Whether ``name`` is in the partner's folder."""
        with self._failures(f"lookup of {name}"):
            try:
                self._session().stat(posixpath.join(self._options.path, name))
            except FileNotFoundError:
                return False
            return True

    def remove(self, name: str) -> bool:
        """Remove ``name`` from the partner's folder (already gone is fine)."""
        with self._failures(f"removal of {name}"), contextlib.suppress(FileNotFoundError):
            self._session().remove(posixpath.join(self._options.path, name))
        return True

    def close(self) -> None:
        """Close the SFTP session and the SSH connection."""
        sftp, transport = self._sftp, self._transport
        self._sftp = self._transport = None
        if sftp is not None:
            with contextlib.suppress(*_NETWORK_ERRORS):
                sftp.close()
        if transport is not None:
            transport.close()

    def _session(self) -> paramiko.SFTPClient:
        if self._sftp is None:
            self._sftp = self._open()
        return self._sftp

    def _open(self) -> paramiko.SFTPClient:
        timeout = self._options.timeout
        sock = socket.create_connection((self._options.host, self._options.port), timeout)
        transport = self._transport = paramiko.Transport(sock)
        transport.banner_timeout = transport.handshake_timeout = timeout
        transport.auth_timeout = timeout
        security = transport.get_security_options()
        security.key_types = _preferred_key_types(self._pinned, security.key_types)
        transport.start_client(timeout=timeout)
        self._verify(transport.get_remote_server_key())
        if isinstance(self._credential, paramiko.PKey):
            transport.auth_publickey(self._options.user, self._credential)
        else:
            transport.auth_password(self._options.user, self._credential)
        sftp = paramiko.SFTPClient.from_transport(transport)
        if sftp is None:
            raise TransportError(f"{self._where} refused to start an SFTP session")
        sftp.get_channel().settimeout(timeout)  # type: ignore[union-attr]
        return sftp

    def _verify(self, key: paramiko.PKey) -> None:
        """Refuse a server whose key is not the pinned one (before any credential is sent)."""
        if key.asbytes() not in self._pinned:
            raise AuthError(
                f"host key of {self._where} ({key.get_name()} {key.fingerprint}) "
                "is not the pinned key; refusing to connect"
            )

    @contextlib.contextmanager
    def _failures(self, action: str) -> Iterator[None]:
        """Turn paramiko and network exceptions into transport errors, dropping the session."""
        try:
            yield
        except TransportError:
            self.close()
            raise
        except paramiko.AuthenticationException as exc:
            self.close()
            user = self._options.user
            raise AuthError(f"{action}: {self._where} refused user {user!r}") from exc
        except IncompatiblePeer as exc:
            self.close()
            raise _incompatible(action, self._where, exc) from exc
        except (PermissionError, FileNotFoundError) as exc:
            raise PermanentError(f"{action}: {self._where} refused ({_reason(exc)})") from exc
        except _NETWORK_ERRORS as exc:
            self.close()
            message = f"{action}: connection to {self._where} failed ({_reason(exc)})"
            raise TransportError(message) from exc


def _incompatible(action: str, where: str, exc: IncompatiblePeer) -> PermanentError:
    """No common algorithm: when it is the host key, the server's key changed type."""
    if "host key" in str(exc):
        return AuthError(f"{action}: {where} offers no key of the pinned type; refusing")
    return PermanentError(f"{action}: {where} shares no algorithm with us ({_reason(exc)})")


def _preferred_key_types(pinned: list[bytes], default: Sequence[str]) -> list[str]:
    """Host key algorithms to offer: those of the pinned keys, so the server shows one of them."""
    wanted: list[str] = []
    for blob in pinned:
        (size,) = struct.unpack(">I", blob[:4])
        name = blob[4 : 4 + size].decode()
        wanted += ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"] if name == "ssh-rsa" else [name]
    offered = [name for name in default if name in wanted]
    return offered or list(default)


def _rename(sftp: paramiko.SFTPClient, source: str, target: str) -> None:
    """Atomic rename over an existing target; remove-then-rename where the server lacks it."""
    try:
        sftp.posix_rename(source, target)
    except (PermissionError, FileNotFoundError):
        raise
    except OSError:
        try:
            sftp.rename(source, target)
        except OSError:
            sftp.remove(target)
            sftp.rename(source, target)


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text[:200]
