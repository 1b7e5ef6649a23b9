"""Reading a transport table: typed getters that name the offending key when a value is wrong.

Shared by the remote transports (FTP, SFTP, HTTP, S3). None of these ever reads a secret's
value: a ``*_env`` key holds the *name* of an environment variable.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping

from .base import ConfigError

TEMP_PREFIX = ".nc-tmp-"
"""Temporary remote files start with this prefix; partners should ignore dot files."""


def check_keys(spec: Mapping[str, object], kind: str, allowed: Collection[str]) -> None:
    """Refuse keys that a ``kind`` transport does not know (``kind`` itself is always allowed)."""
    for key in spec:
        if key != "kind" and key not in allowed:
            known = ", ".join(sorted(allowed))
            raise ConfigError(
                f"unknown key {key!r} for a {kind} transport (known: {known})", key=key
            )


def text(
    spec: Mapping[str, object], key: str, default: str | None = None, *, required: bool = False
) -> str | None:
    """A non-empty string value, ``default`` when absent; ConfigError if missing or mistyped."""
    value = spec.get(key)
    if value is None:
        if required:
            raise ConfigError(f"missing required key {key!r}", key=key)
        return default
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{key!r} must be a non-empty string", key=key)
    return value


def required_text(spec: Mapping[str, object], key: str) -> str:
    """A required non-empty string value."""
    value = text(spec, key, required=True)
    assert value is not None
    return value


def port(spec: Mapping[str, object], default: int) -> int:
    """The ``port`` key: an integer from 1 to 65535."""
    value = spec.get("port", default)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 65536:
        raise ConfigError("'port' must be an integer from 1 to 65535", key="port")
    return value


def seconds(spec: Mapping[str, object], key: str, default: float) -> float:
    """A positive number of seconds (integer or decimal)."""
    value = spec.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ConfigError(f"{key!r} must be a positive number of seconds", key=key)
    return float(value)


def flag(spec: Mapping[str, object], key: str, default: bool) -> bool:
    """A boolean value."""
    value = spec.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(f"{key!r} must be true or false", key=key)
    return value


def string_table(spec: Mapping[str, object], key: str) -> dict[str, str]:
    """A table of string values (e.g. static HTTP headers); empty when absent."""
    value = spec.get(key, {})
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ConfigError(f"{key!r} must be a table of strings", key=key)
    return dict(value)


def temp_name(name: str, idempotency_key: str) -> str:
    """The hidden temporary name a payload is uploaded under before its rename.

    It depends only on the final name and the idempotency key, so the next attempt of the same
    delivery finds (and removes) what a dropped connection left behind.
    """
    digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:16]
    return f"{TEMP_PREFIX}{digest}-{name}"
