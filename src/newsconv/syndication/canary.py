"""``newsconv partner test ID``: a small file through the partner's real transport, checked
and removed again where the transport can (directory, FTP, SFTP, S3; an HTTP push stays)."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from .config import SyndicationConfig
from .profile import Partner
from .runner import env_secret
from .transports import transport_module
from .transports.base import ConfigError, Payload, Transport, TransportError


@dataclass(frozen=True)
class CanaryReport:
    """Whether the canary arrived, and a one-line account."""

    ok: bool
    message: str


def send_canary(config: SyndicationConfig, partner: Partner) -> CanaryReport:
    """Deliver ``newsconv-canary-….txt`` to ``partner``, check it is there if the transport
    can tell, then remove it if the transport can (a push cannot be taken back)."""
    token = secrets.token_hex(6)
    name = f"newsconv-canary-{token}.txt"
    data = f"newsconv canary for partner {partner.id}: {token}\n".encode()
    payload = Payload(name, data, "text/plain", f"nc_canary_{token}")
    started = time.monotonic()
    try:
        transport = transport_module(partner.transport_kind).connect(
            partner.transport, base_dir=config.base_dir, secret=env_secret
        )
        try:
            receipt = transport.deliver(payload)
            seen = transport.exists(name)
            took = time.monotonic() - started
            cleanup = _removed(transport, name)
        finally:
            transport.close()
    except ConfigError as exc:
        return CanaryReport(False, f"{partner.id}: configuration: {exc}")
    except TransportError as exc:
        return CanaryReport(False, f"{partner.id}: {_failure(exc)}")
    where = receipt.remote + (f" (status {receipt.status})" if receipt.status else "")
    check = "present remotely" if seen else "presence not checkable"
    message = f"{partner.id}: canary delivered to {where} in {took:.2f}s; {check}{cleanup}"
    return CanaryReport(True, message)


def _removed(transport: Transport, name: str) -> str:
    """Remove the canary; what became of it, to append to the report. A partner that takes
    files but refuses removals still passes the test, with the leftover named."""
    try:
        if not transport.remove(name):
            return "; a push cannot be taken back, so it stays with the partner"
        if transport.exists(name):
            return "; still there after its removal: remove it by hand"
    except TransportError as exc:
        return f"; could not remove it ({_failure(exc)}): remove it by hand"
    return "; removed"


def _failure(exc: TransportError) -> str:
    status = f" (status {exc.status})" if exc.status else ""
    return f"{type(exc).__name__}{status}: {exc}"
