"""The S3 transport against a real S3-compatible server (moto)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsconv.syndication.transports import s3
from newsconv.syndication.transports.base import (
    AuthError,
    ConfigError,
    GoneError,
    TransportError,
)

from .conftest import make_secrets, messages, payload
from .httpserver import WebhookServer
from .netutil import cutting_proxy, free_port
from .s3server import ACCESS_KEY, REGION, SECRET_KEY, S3Server

SECRETS = make_secrets({"S3_KEY": ACCESS_KEY, "S3_SECRET": SECRET_KEY})


@pytest.fixture(scope="module")
def server() -> Iterator[S3Server]:
    running = S3Server()
    yield running
    running.stop()


def spec(url: str, bucket: str, **extra: object) -> dict[str, object]:
    table: dict[str, object] = {
        "kind": "s3",
        "bucket": bucket,
        "prefix": "wire/in",
        "endpoint_url": url,
        "region": REGION,
        "access_key_env": "S3_KEY",
        "secret_key_env": "S3_SECRET",
        "timeout": 5,
    }
    table.update(extra)
    return table


def connect(url: str, bucket: str, tmp_path: Path, **extra: object) -> s3.S3Transport:
    return s3.connect(spec(url, bucket, **extra), base_dir=tmp_path, secret=SECRETS)


def stored(server: S3Server, bucket: str, key: str) -> bytes:
    client: Any = server.client()
    return bytes(client.get_object(Bucket=bucket, Key=key)["Body"].read())


def versions(server: S3Server, bucket: str) -> list[str]:
    client: Any = server.client()
    listed = client.list_object_versions(Bucket=bucket).get("Versions", [])
    return sorted(v["Key"] for v in listed)


def test_put_and_exists(server: S3Server, tmp_path: Path) -> None:
    bucket = server.new_bucket()
    transport = connect(server.url, bucket, tmp_path)
    try:
        assert not transport.exists("story-1.xml")
        receipt = transport.deliver(payload(data=b"<newsItem/>"))
        assert transport.exists("story-1.xml")
    finally:
        transport.close()
    assert receipt.remote == f"s3://{bucket}/wire/in/story-1.xml" and receipt.status == 200
    assert stored(server, bucket, "wire/in/story-1.xml") == b"<newsItem/>"


def test_remove_deletes_the_object(server: S3Server, tmp_path: Path) -> None:
    bucket = server.new_bucket()
    transport = connect(server.url, bucket, tmp_path)
    try:
        transport.deliver(payload())
        assert transport.remove("story-1.xml") is True
        assert not transport.exists("story-1.xml")
        assert transport.remove("story-1.xml") is True  # already gone is fine
    finally:
        transport.close()
    client: Any = server.client()
    assert client.list_objects_v2(Bucket=bucket).get("KeyCount") == 0


def test_replay_of_the_same_key_is_written_once(server: S3Server, tmp_path: Path) -> None:
    bucket = server.new_bucket(versioned=True)
    transport = connect(server.url, bucket, tmp_path)
    try:
        first = transport.deliver(payload(key="delivery-1"))
        again = transport.deliver(payload(key="delivery-1"))
    finally:
        transport.close()
    assert (first.status, again.status) == (200, 412)
    assert versions(server, bucket) == ["wire/in/story-1.xml"]


def test_another_delivery_under_the_same_name_replaces_it(server: S3Server, tmp_path: Path) -> None:
    bucket = server.new_bucket()
    transport = connect(server.url, bucket, tmp_path)
    try:
        transport.deliver(payload(data=b"first", key="delivery-1"))
        receipt = transport.deliver(payload(data=b"resent", key="delivery-2"))
    finally:
        transport.close()
    assert receipt.status == 200
    assert stored(server, bucket, "wire/in/story-1.xml") == b"resent"


def test_server_down_then_up(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    transport = connect(url, "wire-late", tmp_path)
    with pytest.raises(TransportError) as down:
        transport.deliver(payload())
    assert down.value.retryable and not down.value.disables_partner
    server = S3Server(port)
    try:
        server.client().create_bucket(Bucket="wire-late")
        transport.deliver(payload())
        assert stored(server, "wire-late", "wire/in/story-1.xml") == b"<newsItem/>"
    finally:
        transport.close()
        server.stop()


def test_connection_dropped_mid_upload_leaves_no_object(server: S3Server, tmp_path: Path) -> None:
    bucket = server.new_bucket()
    data = bytes(range(256)) * 4096
    with cutting_proxy(server.port) as proxy:
        proxy.cut_after = 65536
        transport = connect(f"http://127.0.0.1:{proxy.port}", bucket, tmp_path)
        try:
            with pytest.raises(TransportError) as dropped:
                transport.deliver(payload(data=data))
            assert dropped.value.retryable and proxy.cuts == 1
            proxy.cut_after = None
            assert not transport.exists("story-1.xml")
            transport.deliver(payload(data=data))
        finally:
            transport.close()
    assert stored(server, bucket, "wire/in/story-1.xml") == data


def test_missing_bucket_is_gone(server: S3Server, tmp_path: Path) -> None:
    transport = connect(server.url, "wire-never-made", tmp_path)
    with pytest.raises(GoneError) as gone:
        transport.deliver(payload())
    transport.close()
    assert gone.value.status == 404 and gone.value.disables_partner


def test_refused_credentials_are_an_auth_error_without_the_secret(
    server: S3Server, tmp_path: Path
) -> None:
    bucket = server.new_bucket()
    transport = connect(server.url, bucket, tmp_path)
    server.require_auth(True)
    try:
        with pytest.raises(AuthError) as refused:
            transport.deliver(payload())
        with pytest.raises(AuthError):
            transport.exists("story-1.xml")
    finally:
        server.require_auth(False)
        transport.close()
    assert refused.value.status == 403 and refused.value.disables_partner
    assert SECRET_KEY not in messages(refused.value)


def test_an_unusable_region_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as bad:
        connect("http://127.0.0.1:9", "wire", tmp_path, endpoint_url=None, region="no region!")
    assert bad.value.key == "region"


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"bucket": None}, "bucket"),
        ({"prefix": 3}, "prefix"),
        ({"endpoint_url": "ftp://x"}, "endpoint_url"),
        ({"secret_key_env": None}, "access_key_env"),
        ({"timeout": 0}, "timeout"),
        ({"secret_key": "inline"}, "secret_key"),
    ],
)
def test_check_names_the_bad_key(change: dict[str, object], key: str) -> None:
    table = {
        k: v for k, v in {**spec("http://127.0.0.1:9", "b"), **change}.items() if v is not None
    }
    with pytest.raises(ConfigError) as bad:
        s3.check(table)
    assert bad.value.key == key


@pytest.mark.parametrize(("status", "retryable"), [(503, True), (429, True), (400, False)])
def test_status_classes_from_an_endpoint_in_trouble(
    tmp_path: Path, status: int, retryable: bool
) -> None:
    """A plain HTTP server answering for an overloaded or confused S3 endpoint."""
    hook = WebhookServer()
    hook.endpoint.script = [(status, {"retry-after": "3"})]
    transport = connect(f"http://127.0.0.1:{hook.port}", "wire", tmp_path)
    try:
        with pytest.raises(TransportError) as failed:
            transport.deliver(payload())
    finally:
        transport.close()
        hook.stop()
    assert failed.value.status == status and failed.value.retryable == retryable
    assert failed.value.retry_after == (3.0 if retryable else None)
