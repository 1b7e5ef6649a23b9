"""What every delivery transport provides: deliver a named payload atomically, tell whether a
final remote file exists, remove one where it can, and classify failures."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol


class TransportError(Exception):
    """A delivery attempt failed; ``retryable`` says whether trying again may help."""

    retryable: bool = True
    disables_partner: bool = False

    def __init__(
        self, message: str, *, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class PermanentError(TransportError):
    """The partner refused this payload for good (e.g. HTTP 4xx other than 408/429)."""

    retryable = False


class AuthError(PermanentError):
    """Credentials were refused: the partner is disabled until someone looks."""

    disables_partner = True


class GoneError(PermanentError):
    """The endpoint no longer exists (HTTP 410): the partner is disabled."""

    disables_partner = True


class ConfigError(ValueError):
    """A transport table in the partner file is wrong; ``key`` names the offending key."""

    def __init__(self, message: str, *, key: str) -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class Payload:
    """One file to deliver. ``name`` is the remote file name relative to the partner's remote
    folder, already checked (no separators, no ``..``, no control characters)."""

    name: str
    data: bytes
    media_type: str
    idempotency_key: str
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Receipt:
    """Where a payload landed and what the partner answered."""

    remote: str
    status: int | None = None


class Transport(Protocol):
    """A connection to one partner's receiving end."""

    kind: str

    def deliver(self, payload: Payload) -> Receipt:
        """Deliver atomically: the partner never sees a partial file under ``payload.name``."""
        ...

    def exists(self, name: str) -> bool:
        """Whether the final file ``name`` is already present remotely (False when unknowable)."""
        ...

    def remove(self, name: str) -> bool:
        """Remove the final file ``name`` (only ``partner test`` does, for its canary); True
        when it is gone or was not there, False when this transport cannot remove anything
        (a push). Failures raise :class:`TransportError` like deliveries."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...


SecretLookup = Callable[[str], str]
"""Reads a secret by reference (e.g. the name in ``password_env``); raises ConfigError if unset."""


class TransportFactory(Protocol):
    """What each transport module exposes as ``check`` and ``connect``."""

    def __call__(
        self, spec: Mapping[str, object], *, base_dir: Path, secret: SecretLookup
    ) -> Transport: ...
