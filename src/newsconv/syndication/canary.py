"""``newsconv partner test ID``: a small file through the partner's real transport."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from .config import SyndicationConfig
from .profile import Partner
from .runner import env_secret
from .transports import transport_module
from .transports.base import ConfigError, Payload, TransportError


@dataclass(frozen=True)
class CanaryReport:
    """Whether the canary arrived, and a one-line account."""

    ok: bool
    message: str


def send_canary(config: SyndicationConfig, partner: Partner) -> CanaryReport:
    """Deliver ``newsconv-canary-….txt`` to ``partner`` and check it is there if possible."""
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
        finally:
            transport.close()
    except ConfigError as exc:
        return CanaryReport(False, f"{partner.id}: configuration: {exc}")
    except TransportError as exc:
        status = f" (status {exc.status})" if exc.status else ""
        return CanaryReport(False, f"{partner.id}: {type(exc).__name__}{status}: {exc}")
    took = time.monotonic() - started
    where = receipt.remote + (f" (status {receipt.status})" if receipt.status else "")
    check = "present remotely" if seen else "presence not checkable"
    return CanaryReport(True, f"{partner.id}: canary delivered to {where} in {took:.2f}s; {check}")
