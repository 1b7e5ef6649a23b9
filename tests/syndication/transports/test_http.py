"""The HTTP push transport against a real webhook endpoint that checks signatures."""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from email.utils import formatdate
from pathlib import Path

import pytest

from newsconv.syndication.transports import http
from newsconv.syndication.transports.base import (
    AuthError,
    ConfigError,
    GoneError,
    PermanentError,
    TransportError,
)

from .conftest import make_secrets, messages, payload
from .httpserver import SECRET, WebhookServer
from .netutil import free_port

WRONG = "whsec_" + base64.b64encode(b"not-the-partner-key").decode()
SECRETS = make_secrets({"HOOK_SECRET": SECRET, "WRONG_SECRET": WRONG})


@pytest.fixture
def hook() -> Iterator[WebhookServer]:
    server = WebhookServer()
    yield server
    server.stop()


def connect(url: str, tmp_path: Path, **extra: object) -> http.HttpTransport:
    table: dict[str, object] = {"kind": "http", "url": url, "secret_env": "HOOK_SECRET"}
    table["timeout"] = 5
    table.update(extra)
    return http.connect(table, base_dir=tmp_path, secret=SECRETS)


def test_signed_push_is_accepted(hook: WebhookServer, tmp_path: Path) -> None:
    transport = connect(hook.url, tmp_path, headers={"x-agency": "newsconv"})
    try:
        receipt = transport.deliver(payload(data=b'{"uri": "a"}', key="delivery-1"))
        assert not transport.exists("story-1.xml")
    finally:
        transport.close()
    assert receipt.status == 204 and receipt.remote == hook.url
    assert hook.endpoint.received == {"delivery-1": b'{"uri": "a"}'}
    assert hook.endpoint.rejected_signatures == 0


def test_a_push_cannot_be_removed(hook: WebhookServer, tmp_path: Path) -> None:
    transport = connect(hook.url, tmp_path)
    try:
        transport.deliver(payload())
        assert transport.remove("story-1.xml") is False
    finally:
        transport.close()
    assert len(hook.endpoint.received) == 1


def test_payload_headers_may_carry_any_text(hook: WebhookServer, tmp_path: Path) -> None:
    transport = connect(hook.url, tmp_path)
    try:
        sent = payload(name="خبر-1.json", key="k")
        with_headers = type(sent)(**{**sent.__dict__, "headers": {"x-newsconv-guid": "urn:خبر"}})
        assert transport.deliver(with_headers).status == 204
    finally:
        transport.close()
    assert list(hook.endpoint.received) == ["k"]


def test_replay_of_the_same_key_is_seen_once(hook: WebhookServer, tmp_path: Path) -> None:
    transport = connect(hook.url, tmp_path)
    try:
        transport.deliver(payload(key="delivery-1"))
        transport.deliver(payload(key="delivery-1"))
        transport.deliver(payload(key="delivery-2"))
    finally:
        transport.close()
    assert hook.endpoint.requests == 3
    assert sorted(hook.endpoint.received) == ["delivery-1", "delivery-2"]


def test_wrong_secret_is_refused_and_never_shown(hook: WebhookServer, tmp_path: Path) -> None:
    transport = connect(hook.url, tmp_path, secret_env="WRONG_SECRET")
    with pytest.raises(AuthError) as refused:
        transport.deliver(payload())
    transport.close()
    assert refused.value.status == 401 and refused.value.disables_partner
    assert hook.endpoint.rejected_signatures == 1 and not hook.endpoint.received
    text = messages(refused.value)
    assert WRONG not in text and WRONG.removeprefix("whsec_") not in text
    assert SECRET.removeprefix("whsec_") not in text


def test_server_down_then_up(tmp_path: Path) -> None:
    port = free_port()
    transport = connect(f"http://127.0.0.1:{port}/in", tmp_path)
    with pytest.raises(TransportError) as down:
        transport.deliver(payload(key="k"))
    assert down.value.retryable and down.value.status is None
    server = WebhookServer(port)
    try:
        transport.deliver(payload(key="k"))
    finally:
        transport.close()
        server.stop()
    assert list(server.endpoint.received) == ["k"]


def test_server_errors_then_success(hook: WebhookServer, tmp_path: Path) -> None:
    hook.endpoint.script = [(500, {}), (503, {"retry-after": "7"})]
    transport = connect(hook.url, tmp_path)
    outcomes: list[object] = []
    try:
        for _ in range(3):
            try:
                outcomes.append(transport.deliver(payload(key="k")).status)
            except TransportError as exc:
                assert exc.retryable and not exc.disables_partner
                outcomes.append((exc.status, exc.retry_after))
    finally:
        transport.close()
    assert outcomes == [(500, None), (503, 7.0), 204]
    assert list(hook.endpoint.received) == ["k"]


@pytest.mark.parametrize("status", [408, 429])
def test_timeout_and_rate_limit_statuses_are_retried(
    hook: WebhookServer, tmp_path: Path, status: int
) -> None:
    when = formatdate(time.time() + 120, usegmt=True)
    hook.endpoint.script = [(status, {"retry-after": when})]
    transport = connect(hook.url, tmp_path)
    with pytest.raises(TransportError) as later:
        transport.deliver(payload())
    transport.close()
    assert type(later.value) is TransportError and later.value.status == status
    assert later.value.retry_after is not None and 100 < later.value.retry_after <= 120


@pytest.mark.parametrize(
    ("status", "error"),
    [(401, AuthError), (403, AuthError), (410, GoneError), (400, PermanentError),
     (404, PermanentError), (413, PermanentError), (422, PermanentError)],
)  # fmt: skip
def test_refusals_are_classified(
    hook: WebhookServer, tmp_path: Path, status: int, error: type[TransportError]
) -> None:
    hook.endpoint.script = [(status, {"retry-after": "5"})]
    transport = connect(hook.url, tmp_path)
    with pytest.raises(TransportError) as refused:
        transport.deliver(payload())
    transport.close()
    assert type(refused.value) is error and refused.value.status == status
    assert not refused.value.retryable
    assert refused.value.disables_partner == (status in (401, 403, 410))


def test_connection_dropped_mid_upload_is_retried_and_seen_once(
    hook: WebhookServer, tmp_path: Path
) -> None:
    hook.endpoint.drop_next = 1
    transport = connect(hook.url, tmp_path)
    try:
        with pytest.raises(TransportError) as dropped:
            transport.deliver(payload(data=b"x" * 200_000, key="k"))
        assert dropped.value.retryable and not hook.endpoint.received
        transport.deliver(payload(data=b"x" * 200_000, key="k"))
    finally:
        transport.close()
    assert hook.endpoint.received == {"k": b"x" * 200_000}


def test_a_slow_partner_times_out(hook: WebhookServer, tmp_path: Path) -> None:
    hook.endpoint.stall = 1.0
    transport = connect(hook.url, tmp_path, timeout=0.2)
    with pytest.raises(TransportError, match="timed out") as slow:
        transport.deliver(payload())
    transport.close()
    assert slow.value.retryable


def test_messages_hide_the_query_string(tmp_path: Path) -> None:
    port = free_port()
    transport = connect(f"http://127.0.0.1:{port}/in?token=tok-Secret-5", tmp_path)
    with pytest.raises(TransportError) as down:
        transport.deliver(payload())
    transport.close()
    assert "tok-Secret-5" not in str(down.value)


def test_signature_matches_the_standard_webhooks_example() -> None:
    key = http.signing_key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    body = b'{"test": 2432232314}'
    value = http.signature(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)
    assert value == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_raw_secrets_are_used_as_they_are() -> None:
    assert http.signing_key("plain text") == b"plain text"
    with pytest.raises(ConfigError):
        http.signing_key("whsec_%%%")


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("120", 120.0), (" 0 ", 0.0), ("soon", None), (None, None), ("-5", None),
     ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)],
)  # fmt: skip
def test_retry_after_values(value: str | None, seconds: float | None) -> None:
    assert http.retry_after(value, time.time()) == seconds


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"url": "ftp://partner.example/in"}, "url"),
        ({"url": "https://user:pw@partner.example/in"}, "url"),
        ({"url": None}, "url"),
        ({"method": "GET"}, "method"),
        ({"headers": {"x": 1}}, "headers"),
        ({"timeout": "5"}, "timeout"),
        ({"secret": "inline"}, "secret"),
        ({"url": "http://[::1/in"}, "url"),
        ({"url": "http://ex\x00a/in"}, "url"),
        ({"headers": {"x-desk": "الأخبار"}}, "headers"),
        ({"headers": {"x-desk": "a\r\nb"}}, "headers"),
    ],
)
def test_check_names_the_bad_key(change: dict[str, object], key: str) -> None:
    table = {"kind": "http", "url": "https://partner.example/in", "secret_env": "S", **change}
    with pytest.raises(ConfigError) as bad:
        http.check({k: v for k, v in table.items() if v is not None})
    assert bad.value.key == key
