"""The ``s3`` transport: objects in an S3-compatible bucket (:mod:`boto3`).

An object appears whole or not at all, so no temporary name is needed. Each payload is put with
``If-None-Match: *``: when the object is already there (HTTP 412) and carries the same
idempotency key in its metadata, the earlier attempt got through and this one counts as
delivered without writing again; an object left by another delivery under the same name is
replaced, as the file transports replace it by rename.

Errors: refused or missing credentials are AuthErrors, a missing bucket a GoneError, 408, 429,
5xx and network failures are retryable (Retry-After passed on), other refusals permanent.
botocore's own retries are turned off: the runner's retry policy decides.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlsplit

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    HTTPClientError,
    NoCredentialsError,
    PartialCredentialsError,
)
from botocore.exceptions import ConnectionError as NetworkError

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
from .http import retry_after

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

KIND = "s3"
_KEYS = (
    "bucket", "prefix", "endpoint_url", "region", "access_key_env", "secret_key_env", "timeout",
)  # fmt: skip
_AUTH_CODES = frozenset(
    {"InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "InvalidToken",
     "ExpiredToken", "AuthorizationHeaderMalformed", "InvalidClientTokenId"}
)  # fmt: skip
_RETRY_CODES = frozenset(
    {"SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable", "Throttling",
     "ConditionalRequestConflict", "OperationAborted"}
)  # fmt: skip
_MISSING = frozenset({"404", "NoSuchKey", "NotFound"})
_METADATA_KEY = "idempotency-key"
T = TypeVar("T")
_SESSION_LOCK = threading.Lock()


def check(spec: Mapping[str, object]) -> None:
    """Validate an ``s3`` transport table (the credentials themselves are not read)."""
    keys.check_keys(spec, KIND, _KEYS)
    keys.required_text(spec, "bucket")
    _prefix(spec)
    endpoint = keys.text(spec, "endpoint_url")
    if endpoint is not None and urlsplit(endpoint).scheme not in ("http", "https"):
        raise ConfigError(
            "'endpoint_url' must be an http:// or https:// address", key="endpoint_url"
        )
    keys.text(spec, "region")
    if (keys.text(spec, "access_key_env") is None) != (keys.text(spec, "secret_key_env") is None):
        message = "give both 'access_key_env' and 'secret_key_env', or neither"
        raise ConfigError(message, key="access_key_env")
    keys.seconds(spec, "timeout", 30)


def connect(spec: Mapping[str, object], *, base_dir: Path, secret: SecretLookup) -> S3Transport:
    """A transport to the bucket of ``spec``, with the credentials named by its ``*_env`` keys
    (boto3's usual credential chain when they are absent)."""
    check(spec)
    access_env, secret_env = keys.text(spec, "access_key_env"), keys.text(spec, "secret_key_env")
    endpoint = keys.text(spec, "endpoint_url")
    timeout = keys.seconds(spec, "timeout", 30)
    config = Config(
        connect_timeout=timeout,
        read_timeout=timeout,
        retries={"total_max_attempts": 1},
        s3={"addressing_style": "path" if endpoint else "auto"},
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
    )
    access_key = secret(access_env) if access_env else None
    secret_key = secret(secret_env) if secret_env else None
    try:
        with _SESSION_LOCK:
            client = _session().client(
                "s3",
                endpoint_url=endpoint,
                region_name=keys.text(spec, "region"),
                aws_access_key_id=access_key,
                aws_secret_access_key=secret_key,
                config=config,
            )
    except (BotoCoreError, ValueError) as exc:
        message = f"cannot set up the S3 client ({type(exc).__name__}); check 'region'"
        raise ConfigError(message, key="region") from None
    return S3Transport(client, keys.required_text(spec, "bucket"), _prefix(spec))


@functools.cache
def _session() -> boto3.session.Session:
    """One boto3 session per process: its loaded service models make new clients cheap."""
    return boto3.session.Session()


def _prefix(spec: Mapping[str, object]) -> str:
    """The key prefix, ending with ``/`` unless empty."""
    value = spec.get("prefix", "")
    if not isinstance(value, str):
        raise ConfigError("'prefix' must be a string", key="prefix")
    value = value.strip("/")
    return f"{value}/" if value else ""


class S3Transport:
    """Puts payloads as objects under one bucket and prefix, once per idempotency key."""

    kind = KIND

    def __init__(self, client: S3Client, bucket: str, prefix: str) -> None:
        self._client = client
        self._bucket = bucket
        self._prefix = prefix

    def deliver(self, payload: Payload) -> Receipt:
        """Put ``payload`` unless the same delivery already put it."""
        key = self._prefix + payload.name
        action = f"put of {self._address(key)}"
        try:
            self._put(key, payload, conditional=True)
        except ClientError as exc:
            if _status(exc) != 412:
                raise _classify(action, exc) from exc
            if self._stored_key(key, action) == payload.idempotency_key:
                return Receipt(remote=self._address(key), status=412)
            self._guarded(action, lambda: self._put(key, payload, conditional=False))
        except (BotoCoreError, OSError) as exc:
            raise _unreachable(action, exc) from exc
        return Receipt(remote=self._address(key), status=200)

    def exists(self, name: str) -> bool:
        """Whether the object for ``name`` is in the bucket (HEAD)."""
        key = self._prefix + name
        try:
            self._client.head_object(Bucket=self._bucket, Key=key)
        except ClientError as exc:
            if _code(exc) in _MISSING:
                return False
            raise _classify(f"lookup of {self._address(key)}", exc) from exc
        except (BotoCoreError, OSError) as exc:
            raise _unreachable(f"lookup of {self._address(key)}", exc) from exc
        return True

    def remove(self, name: str) -> bool:
        """DELETE the object for ``name`` (in a versioned bucket this adds a delete marker;
        earlier versions stay until the bucket's lifecycle rules expire them)."""
        key = self._prefix + name
        action = f"removal of {self._address(key)}"
        self._guarded(action, lambda: self._client.delete_object(Bucket=self._bucket, Key=key))
        return True

    def close(self) -> None:
        """Close the client's connection pool."""
        self._client.close()

    def _put(self, key: str, payload: Payload, *, conditional: bool) -> None:
        extra = {"IfNoneMatch": "*"} if conditional else {}
        self._client.put_object(
            Bucket=self._bucket,
            Key=key,
            Body=payload.data,
            ContentType=payload.media_type,
            Metadata={_METADATA_KEY: payload.idempotency_key},
            **extra,  # type: ignore[arg-type]
        )

    def _stored_key(self, key: str, action: str) -> str | None:
        """The idempotency key recorded on the object already stored under ``key``."""
        head = self._guarded(action, lambda: self._client.head_object(Bucket=self._bucket, Key=key))
        return head.get("Metadata", {}).get(_METADATA_KEY)

    def _guarded(self, action: str, call: Callable[[], T]) -> T:
        try:
            return call()
        except ClientError as exc:
            raise _classify(action, exc) from exc
        except (BotoCoreError, OSError) as exc:
            raise _unreachable(action, exc) from exc

    def _address(self, key: str) -> str:
        return f"s3://{self._bucket}/{key}"


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def _status(exc: ClientError) -> int | None:
    return exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")


def _classify(action: str, exc: ClientError) -> TransportError:
    code, status = _code(exc), _status(exc)
    message = f"{action}: {code or 'error'} (HTTP {status})"
    if code in _AUTH_CODES or status in (401, 403):
        return AuthError(message, status=status)
    if code == "NoSuchBucket":
        return GoneError(message, status=status)
    if code in _RETRY_CODES or status in (408, 429) or (status or 0) >= 500:
        headers = exc.response.get("ResponseMetadata", {}).get("HTTPHeaders", {})
        delay = retry_after(headers.get("retry-after"), time.time())
        return TransportError(message, status=status, retry_after=delay)
    return PermanentError(message, status=status)


def _unreachable(action: str, exc: BaseException) -> TransportError:
    if isinstance(exc, NoCredentialsError | PartialCredentialsError):
        return AuthError(f"{action}: no usable credentials")
    if isinstance(exc, NetworkError | HTTPClientError | OSError):
        return TransportError(f"{action}: connection failed ({type(exc).__name__})")
    return PermanentError(f"{action}: {type(exc).__name__}")
