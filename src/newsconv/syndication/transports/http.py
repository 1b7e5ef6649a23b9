"""The ``http`` transport: push each payload to a partner's endpoint (:mod:`httpx`).

Requests are signed as Standard Webhooks: ``webhook-id`` is the delivery's idempotency key (the
same on every retry, so the partner can drop duplicates), ``webhook-timestamp`` the time of the
attempt, ``webhook-signature`` ``v1,`` + base64 HMAC-SHA256 over ``"{id}.{timestamp}."`` and the
body. Signing the id and the time with the body means a captured request cannot be replayed
later as a new delivery.

Answers: 2xx delivered; 401/403 AuthError and 410 GoneError (the partner is disabled);
408, 429 and 5xx retryable, with Retry-After (seconds or an HTTP date) passed on; any other
status refused for good. A partner's answer cannot tell whether a file "exists", so
:meth:`HttpTransport.exists` is always False and duplicates are left to the webhook id; nor can
a push be taken back, so :meth:`HttpTransport.remove` does nothing (the canary of ``partner
test`` stays with the partner, recognisable by its name and ``nc_canary_`` webhook id).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from collections.abc import Callable, Mapping
from datetime import UTC
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx

from . import spec as keys
from .base import (
    AuthError,
    ConfigError,
    GoneError,
    Payload,
    PermanentError,
    Receipt,
    SecretLookup,
    TransportError,
)

KIND = "http"
_KEYS = ("url", "secret_env", "timeout", "headers", "method")
_METHODS = ("POST", "PUT")
_RETRYABLE = frozenset({408, 429})
_SECRET_PREFIX = "whsec_"


def check(spec: Mapping[str, object]) -> None:
    """Validate an ``http`` transport table (the secret itself is not read)."""
    keys.check_keys(spec, KIND, _KEYS)
    _check_url(keys.required_text(spec, "url"))
    keys.text(spec, "secret_env")
    keys.seconds(spec, "timeout", 30)
    for name, value in keys.string_table(spec, "headers").items():
        if not (_printable_ascii(name) and _printable_ascii(value)) or not name.strip():
            raise ConfigError("'headers' names and values must be printable ASCII", key="headers")
    if keys.text(spec, "method", "POST") not in _METHODS:
        raise ConfigError("'method' must be POST or PUT", key="method")


def _check_url(url: str) -> None:
    try:
        parts = urlsplit(url)
        httpx.URL(url)
    except (ValueError, httpx.InvalidURL):
        raise ConfigError("'url' is not a valid address", key="url") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError("'url' must be an http:// or https:// address", key="url")
    if parts.username or parts.password:
        raise ConfigError("'url' must not carry credentials; use 'secret_env'", key="url")


def connect(spec: Mapping[str, object], *, base_dir: Path, secret: SecretLookup) -> HttpTransport:
    """A transport posting to ``spec['url']``, signing with the secret named by ``secret_env``."""
    check(spec)
    secret_env = keys.text(spec, "secret_env")
    return HttpTransport(
        url=keys.required_text(spec, "url"),
        key=signing_key(secret(secret_env)) if secret_env else None,
        timeout=keys.seconds(spec, "timeout", 30),
        headers=keys.string_table(spec, "headers"),
        method=keys.text(spec, "method", "POST") or "POST",
    )


def signing_key(secret: str) -> bytes:
    """The HMAC key of a Standard Webhooks secret: ``whsec_`` + base64, or raw text."""
    if secret.startswith(_SECRET_PREFIX):
        try:
            return base64.b64decode(secret[len(_SECRET_PREFIX) :], validate=True)
        except binascii.Error:
            raise ConfigError("the webhook secret is not valid base64", key="secret_env") from None
    return secret.encode()


def signature(key: bytes, msg_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` value: ``v1,`` + base64 HMAC-SHA256 of id, timestamp, body."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


class HttpTransport:
    """Pushes payloads to one HTTP endpoint with signed requests."""

    kind = KIND

    def __init__(
        self,
        *,
        url: str,
        key: bytes | None,
        timeout: float,
        headers: Mapping[str, str],
        method: str = "POST",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._url = url
        self._key = key
        self._method = method
        self._clock = clock
        self._client = httpx.Client(timeout=timeout, headers=dict(headers))
        self._where = _display(url)

    def deliver(self, payload: Payload) -> Receipt:
        """Send ``payload`` once; the status decides between success and the error classes."""
        try:
            response = self._client.request(
                self._method, self._url, content=payload.data, headers=self._headers(payload)
            )
        except httpx.TimeoutException as exc:
            raise TransportError(f"push of {payload.name} to {self._where} timed out") from exc
        except httpx.HTTPError as exc:
            reason = type(exc).__name__
            message = f"push of {payload.name} to {self._where} failed ({reason})"
            raise TransportError(message) from exc
        _raise_for_status(response, f"push of {payload.name} to {self._where}", self._clock())
        return Receipt(remote=self._where, status=response.status_code)

    def exists(self, name: str) -> bool:
        """Unknowable over a push: always False (the partner dedups by webhook id)."""
        return False

    def remove(self, name: str) -> bool:
        """Impossible over a push: a webhook cannot take back what the partner received."""
        return False

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def _headers(self, payload: Payload) -> dict[bytes, bytes]:
        """Request headers; values may be any text (sent as UTF-8)."""
        headers = {
            **payload.headers,
            "content-type": payload.media_type,
            "content-disposition": f"attachment; filename*=UTF-8''{quote(payload.name)}",
            "idempotency-key": payload.idempotency_key,
            "webhook-id": payload.idempotency_key,
        }
        if self._key is not None:
            timestamp = int(self._clock())
            headers["webhook-timestamp"] = str(timestamp)
            headers["webhook-signature"] = signature(
                self._key, payload.idempotency_key, timestamp, payload.data
            )
        return {name.encode(): value.encode() for name, value in headers.items()}


def _printable_ascii(text: str) -> bool:
    return text.isascii() and text.isprintable()


def _raise_for_status(response: httpx.Response, action: str, now: float) -> None:
    status = response.status_code
    if 200 <= status < 300:
        return
    message = f"{action}: HTTP {status}"
    if status in (401, 403):
        raise AuthError(message, status=status)
    if status == 410:
        raise GoneError(message, status=status)
    if status in _RETRYABLE or status >= 500:
        delay = retry_after(response.headers.get("retry-after"), now)
        raise TransportError(message, status=status, retry_after=delay)
    raise PermanentError(message, status=status)


def retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After value (delay in seconds or an HTTP date), if valid."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - now)


def _display(url: str) -> str:
    """The endpoint as shown in messages: no query string (it may carry a token)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"
