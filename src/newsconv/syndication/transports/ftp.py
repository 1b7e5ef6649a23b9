"""The ``ftp`` and ``ftps`` transports (:mod:`ftplib`); ``ftps`` is explicit TLS with a
protected data channel.

A payload is stored under a hidden temporary name in the partner's folder, then renamed
(RNFR/RNTO) to its final name, so a partner polling the folder never sees a partial file under
the final name. The temporary name depends on the delivery's idempotency key: when a connection
drops mid-upload, the next attempt removes the leftover before uploading again.

No socket is opened by :func:`connect`; the first operation logs in, and any network failure
drops the session so that the next operation starts a fresh one.
"""

from __future__ import annotations

import contextlib
import ftplib
import posixpath
import ssl
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

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

KIND = "ftp"
KINDS = ("ftp", "ftps")
_KEYS = ("host", "port", "user", "password_env", "path", "timeout", "passive", "ca_file")
_NETWORK_ERRORS = (OSError, EOFError, ftplib.error_reply, ftplib.error_proto)


@dataclass(frozen=True)
class FtpSettings:
    """A checked ``ftp``/``ftps`` transport table."""

    host: str
    port: int
    user: str
    password_env: str | None
    path: str
    timeout: float
    passive: bool
    tls: bool
    ca_file: str | None


def settings(spec: Mapping[str, object]) -> FtpSettings:
    """Check ``spec`` and return its values with defaults filled in."""
    kind = spec.get("kind", KIND)
    if kind not in KINDS:
        raise ConfigError(f"the FTP transport handles kinds ftp and ftps, not {kind!r}", key="kind")
    tls = kind == "ftps"
    keys.check_keys(spec, str(kind), _KEYS if tls else _KEYS[:-1])
    path = keys.text(spec, "path", "/")
    assert path is not None
    return FtpSettings(
        host=keys.required_text(spec, "host"),
        port=keys.port(spec, 21),
        user=keys.text(spec, "user", "anonymous") or "anonymous",
        password_env=keys.text(spec, "password_env"),
        path=path,
        timeout=keys.seconds(spec, "timeout", 30),
        passive=keys.flag(spec, "passive", True),
        tls=tls,
        ca_file=keys.text(spec, "ca_file"),
    )


def check(spec: Mapping[str, object]) -> None:
    """Validate an ``ftp`` or ``ftps`` transport table (secrets are not read)."""
    settings(spec)


def connect(spec: Mapping[str, object], *, base_dir: Path, secret: SecretLookup) -> FtpTransport:
    """A transport to the FTP server of ``spec``; reads the password through ``secret``."""
    options = settings(spec)
    password = secret(options.password_env) if options.password_env else ""
    ca_file = str(base_dir / options.ca_file) if options.ca_file else None
    return FtpTransport(options, password, ca_file)


class FtpTransport:
    """Uploads payloads to one FTP folder, atomically by rename."""

    def __init__(self, options: FtpSettings, password: str, ca_file: str | None) -> None:
        self.kind = "ftps" if options.tls else KIND
        self._options = options
        self._password = password
        self._ca_file = ca_file
        self._ftp: ftplib.FTP | None = None

    def deliver(self, payload: Payload) -> Receipt:
        """Upload to a temporary name, then rename it to ``payload.name``."""
        temp = keys.temp_name(payload.name, payload.idempotency_key)
        with self._failures(f"upload of {payload.name}"):
            ftp = self._session()
            _discard(ftp, temp)
            _store(ftp, temp, payload.data)
            try:
                _check_size(ftp, temp, len(payload.data))
                ftp.rename(temp, payload.name)
            except ftplib.error_perm:
                _discard(ftp, temp)
                raise
        return Receipt(remote=posixpath.join(self._options.path, payload.name))

    def exists(self, name: str) -> bool:
        """Whether ``name`` is in the partner's folder (SIZE, or a listing if SIZE is refused)."""
        with self._failures(f"lookup of {name}"):
            ftp = self._session()
            try:
                ftp.voidcmd("TYPE I")
                ftp.size(name)
            except ftplib.error_perm as exc:
                if str(exc).startswith("550"):
                    return False
                return name in ftp.nlst()
            return True

    def remove(self, name: str) -> bool:
        """DELE ``name`` in the partner's folder (already gone is fine; a refusal is a
        PermanentError)."""
        with self._failures(f"removal of {name}"):
            try:
                self._session().delete(name)
            except ftplib.error_perm as exc:
                if not str(exc).startswith("550") or self.exists(name):
                    raise
        return True

    def close(self) -> None:
        """Log out and close the control connection."""
        ftp, self._ftp = self._ftp, None
        if ftp is not None:
            with contextlib.suppress(*_NETWORK_ERRORS, ftplib.error_perm, ftplib.error_temp):
                ftp.quit()
            ftp.close()

    def _session(self) -> ftplib.FTP:
        if self._ftp is None:
            self._ftp = self._login()
        return self._ftp

    def _login(self) -> ftplib.FTP:
        options = self._options
        ftp: ftplib.FTP
        if options.tls:
            context = ssl.create_default_context(cafile=self._ca_file)
            ftp = ftplib.FTP_TLS(context=context, timeout=options.timeout)
        else:
            ftp = ftplib.FTP(timeout=options.timeout)
        try:
            ftp.connect(options.host, options.port)
            ftp.login(options.user, self._password)
            if isinstance(ftp, ftplib.FTP_TLS):
                ftp.prot_p()
            ftp.set_pasv(options.passive)
            ftp.cwd(options.path)
        except BaseException:
            ftp.close()
            raise
        return ftp

    @contextlib.contextmanager
    def _failures(self, action: str) -> Iterator[None]:
        """Turn ftplib and network exceptions into transport errors, dropping the session."""
        where = f"{self._options.host}:{self._options.port}"
        try:
            yield
        except ftplib.error_perm as exc:
            self.close()
            raise _refusal(action, where, exc) from exc
        except ssl.SSLCertVerificationError as exc:
            self.close()
            raise AuthError(f"{action}: TLS certificate of {where} not trusted") from exc
        except ftplib.error_temp as exc:
            self.close()
            raise TransportError(f"{action}: {where} answered {_reply(exc)}") from exc
        except _NETWORK_ERRORS as exc:
            self.close()
            message = f"{action}: connection to {where} failed ({_reason(exc)})"
            raise TransportError(message) from exc


def _store(ftp: ftplib.FTP, name: str, data: bytes) -> None:
    """STOR ``data`` as ``name``; the server's final reply, not the TLS shutdown, says it arrived.

    Some servers close a protected data connection without answering the TLS close-notify,
    which :meth:`ftplib.FTP.storbinary` reports as an error although every byte arrived.
    """
    ftp.voidcmd("TYPE I")
    with ftp.transfercmd(f"STOR {name}") as conn:
        conn.sendall(data)
        if isinstance(conn, ssl.SSLSocket):
            with contextlib.suppress(ssl.SSLError, OSError):
                conn.unwrap()
    ftp.voidresp()


def _check_size(ftp: ftplib.FTP, name: str, expected: int) -> None:
    """Refuse to publish an upload the server holds a different number of bytes of."""
    try:
        size = ftp.size(name)
    except ftplib.error_perm:
        return  # SIZE not supported: the transfer's own reply is all there is
    if size is not None and size != expected:
        raise TransportError(f"upload of {name} stored {size} of {expected} bytes")


def _discard(ftp: ftplib.FTP, name: str) -> None:
    """Delete ``name`` if it is there (a leftover of an interrupted upload)."""
    with contextlib.suppress(ftplib.error_perm):
        ftp.delete(name)


def _refusal(action: str, where: str, exc: ftplib.error_perm) -> PermanentError:
    reply = _reply(exc)
    if reply.startswith("530"):
        return AuthError(f"{action}: {where} refused the login ({reply})")
    return PermanentError(f"{action}: {where} refused ({reply})")


def _reply(exc: Exception) -> str:
    """The server's reply line, cut short (server replies never contain our password)."""
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
