"""Fixtures of the transport tests: real servers on 127.0.0.1, started and stopped here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import trustme

from newsconv.syndication.transports.base import ConfigError, Payload

from .ftpserver import FtpServer
from .netutil import free_port


@pytest.fixture(scope="session")
def tls_ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def ca_file(tls_ca: trustme.CA, tmp_path: Path) -> Path:
    path = tmp_path / "ca.pem"
    tls_ca.cert_pem.write_to_path(str(path))
    return path


@pytest.fixture
def server_cert(tls_ca: trustme.CA, tmp_path: Path) -> Path:
    path = tmp_path / "server.pem"
    tls_ca.issue_cert("127.0.0.1").private_key_and_cert_chain_pem.write_to_path(str(path))
    return path


@pytest.fixture
def ftp_root(tmp_path: Path) -> Path:
    root = tmp_path / "ftp"
    (root / "in").mkdir(parents=True)
    return root


@pytest.fixture
def ftp_server(ftp_root: Path) -> Iterator[FtpServer]:
    server = FtpServer(ftp_root, free_port())
    yield server
    server.stop()


def make_secrets(values: dict[str, str]) -> Callable[[str], str]:
    """A secret lookup over ``values``, raising ConfigError for unknown names."""

    def lookup(name: str) -> str:
        try:
            return values[name]
        except KeyError:
            raise ConfigError(f"environment variable {name} is not set", key=name) from None

    return lookup


def payload(name: str = "story-1.xml", data: bytes = b"<newsItem/>", key: str = "k1") -> Payload:
    """A payload for ``name`` with idempotency key ``key``."""
    return Payload(name=name, data=data, media_type="application/xml", idempotency_key=key)


def messages(exc: BaseException | None) -> str:
    """Every message in an exception chain, to check that no secret leaks into it."""
    parts = []
    while exc is not None:
        parts.append(f"{type(exc).__name__}: {exc} {exc.args!r}")
        exc = exc.__cause__ or exc.__context__
    return "\n".join(parts)
