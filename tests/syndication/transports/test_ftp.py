"""The FTP and FTPS transports against a real pyftpdlib server."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsconv.syndication.transports import ftp
from newsconv.syndication.transports.base import (
    AuthError,
    ConfigError,
    PermanentError,
    TransportError,
)

from .conftest import make_secrets, messages, payload
from .ftpserver import DROP_USER, PASSWORD, USER, FtpServer
from .netutil import free_port, silent_server

SECRETS = make_secrets({"FTP_PW": PASSWORD, "BAD_PW": "wrong-Secret-77"})


def spec(port: int, **extra: object) -> dict[str, object]:
    table: dict[str, object] = {
        "kind": "ftp",
        "host": "127.0.0.1",
        "port": port,
        "user": USER,
        "password_env": "FTP_PW",
        "path": "/in",
        "timeout": 5,
    }
    table.update(extra)
    return table


def connect(port: int, tmp_path: Path, **extra: object) -> ftp.FtpTransport:
    return ftp.connect(spec(port, **extra), base_dir=tmp_path, secret=SECRETS)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_delivers_by_rename_and_reports_existence(ftp_server: FtpServer, tmp_path: Path) -> None:
    transport = connect(ftp_server.port, tmp_path)
    try:
        assert not transport.exists("story-1.xml")
        receipt = transport.deliver(payload(data=b"<newsItem>one</newsItem>"))
        assert transport.exists("story-1.xml")
    finally:
        transport.close()
    folder = ftp_server.root / "in"
    assert receipt.remote == "/in/story-1.xml"
    assert (folder / "story-1.xml").read_bytes() == b"<newsItem>one</newsItem>"
    assert leftovers(folder) == []
    [(source, target)] = ftp_server.faults.renames
    assert source.startswith(".nc-tmp-") and target == "story-1.xml"


def test_remove_deletes_the_final_file(ftp_server: FtpServer, tmp_path: Path) -> None:
    transport = connect(ftp_server.port, tmp_path)
    try:
        transport.deliver(payload())
        assert transport.remove("story-1.xml") is True
        assert not transport.exists("story-1.xml")
        assert transport.remove("story-1.xml") is True  # already gone is fine
    finally:
        transport.close()
    assert list((ftp_server.root / "in").iterdir()) == []


def test_a_refused_removal_is_a_permanent_error(ftp_server: FtpServer, tmp_path: Path) -> None:
    transport = connect(ftp_server.port, tmp_path, user=DROP_USER)
    try:
        transport.deliver(payload())
        with pytest.raises(PermanentError, match=r"removal of story-1\.xml: .* refused") as refused:
            transport.remove("story-1.xml")
        assert transport.exists("story-1.xml")
    finally:
        transport.close()
    assert PASSWORD not in messages(refused.value)


def test_replay_after_lost_outcome_is_seen_once(ftp_server: FtpServer, tmp_path: Path) -> None:
    """A runner that lost the outcome of a delivery asks ``exists`` before sending again."""
    first = connect(ftp_server.port, tmp_path)
    first.deliver(payload(key="same"))
    first.close()
    second = connect(ftp_server.port, tmp_path)
    try:
        if not second.exists("story-1.xml"):
            second.deliver(payload(key="same"))
    finally:
        second.close()
    assert [target for _, target in ftp_server.faults.renames] == ["story-1.xml"]


def test_server_down_then_up(ftp_root: Path, tmp_path: Path) -> None:
    port = free_port()
    transport = connect(port, tmp_path)
    with pytest.raises(TransportError) as down:
        transport.deliver(payload())
    assert down.value.retryable and not down.value.disables_partner
    server = FtpServer(ftp_root, port)
    try:
        transport.deliver(payload())
    finally:
        transport.close()
        server.stop()
    assert (ftp_root / "in" / "story-1.xml").exists()


def test_connection_dropped_mid_upload_leaves_no_final_file(
    ftp_server: FtpServer, tmp_path: Path
) -> None:
    folder = ftp_server.root / "in"
    data = bytes(range(256)) * 4096  # 1 MiB
    ftp_server.faults.drop_uploads = 1
    transport = connect(ftp_server.port, tmp_path)
    try:
        with pytest.raises(TransportError) as dropped:
            transport.deliver(payload(data=data))
        assert dropped.value.retryable
        assert not (folder / "story-1.xml").exists()
        assert not transport.exists("story-1.xml")
        assert leftovers(folder)  # the partial upload sits under the hidden temporary name
        transport.deliver(payload(data=data))
    finally:
        transport.close()
    assert (folder / "story-1.xml").read_bytes() == data
    assert leftovers(folder) == []


def test_transient_refusal_then_success(ftp_server: FtpServer, tmp_path: Path) -> None:
    ftp_server.faults.stor_replies = ["451 Local error in processing", "452 Disk full"]
    transport = connect(ftp_server.port, tmp_path)
    try:
        for reply in ("451", "452"):
            with pytest.raises(TransportError, match=reply) as busy:
                transport.deliver(payload())
            assert type(busy.value) is TransportError and busy.value.retryable
        transport.deliver(payload())
    finally:
        transport.close()
    assert (ftp_server.root / "in" / "story-1.xml").exists()


def test_permanent_refusal_of_a_file_name(ftp_server: FtpServer, tmp_path: Path) -> None:
    ftp_server.faults.stor_replies = ["553 File name not allowed"]
    transport = connect(ftp_server.port, tmp_path)
    with pytest.raises(PermanentError, match="553") as refused:
        transport.deliver(payload())
    transport.close()
    assert not refused.value.disables_partner


def test_a_hung_server_times_out(tmp_path: Path) -> None:
    with silent_server() as port:
        transport = connect(port, tmp_path, timeout=0.3)
        with pytest.raises(TransportError) as hung:
            transport.deliver(payload())
        transport.close()
    assert hung.value.retryable and "timed out" in str(hung.value)


def test_wrong_password_is_an_auth_error_without_the_secret(
    ftp_server: FtpServer, tmp_path: Path
) -> None:
    transport = connect(ftp_server.port, tmp_path, password_env="BAD_PW")
    with pytest.raises(AuthError) as refused:
        transport.deliver(payload())
    assert refused.value.disables_partner and not refused.value.retryable
    assert "wrong-Secret-77" not in messages(refused.value)
    assert PASSWORD not in messages(refused.value)


def test_missing_remote_folder_is_permanent(ftp_server: FtpServer, tmp_path: Path) -> None:
    transport = connect(ftp_server.port, tmp_path, path="/nowhere")
    with pytest.raises(PermanentError) as refused:
        transport.exists("story-1.xml")
    assert not refused.value.retryable and not refused.value.disables_partner
    assert "550" in str(refused.value)


def test_ftps_with_a_trusted_certificate(
    ftp_root: Path, server_cert: Path, ca_file: Path, tmp_path: Path
) -> None:
    server = FtpServer(ftp_root, free_port(), cert=server_cert)
    transport = connect(server.port, tmp_path, kind="ftps", ca_file=ca_file.name)
    try:
        transport.deliver(payload(data=b"over TLS"))
        assert transport.exists("story-1.xml")
    finally:
        transport.close()
        server.stop()
    assert transport.kind == "ftps"
    assert (ftp_root / "in" / "story-1.xml").read_bytes() == b"over TLS"


def test_ftps_refuses_an_untrusted_certificate(
    ftp_root: Path, server_cert: Path, tmp_path: Path
) -> None:
    server = FtpServer(ftp_root, free_port(), cert=server_cert)
    transport = connect(server.port, tmp_path, kind="ftps")  # system CAs only
    try:
        with pytest.raises(AuthError, match="not trusted"):
            transport.deliver(payload())
    finally:
        transport.close()
        server.stop()
    assert not (ftp_root / "in" / "story-1.xml").exists()


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"host": None}, "host"),
        ({"port": 0}, "port"),
        ({"port": "21"}, "port"),
        ({"passive": "yes"}, "passive"),
        ({"timeout": -1}, "timeout"),
        ({"ca_file": "ca.pem"}, "ca_file"),  # only for ftps
        ({"password": "inline"}, "password"),
        ({"kind": "sftp"}, "kind"),
    ],
)
def test_check_names_the_bad_key(change: dict[str, object], key: str) -> None:
    table = {k: v for k, v in {**spec(21), **change}.items() if v is not None}
    with pytest.raises(ConfigError) as bad:
        ftp.check(table)
    assert bad.value.key == key


def test_check_accepts_defaults_and_ftps() -> None:
    ftp.check({"kind": "ftp", "host": "wire.example"})
    ftp.check({"kind": "ftps", "host": "wire.example", "ca_file": "ca.pem"})
    assert ftp.settings({"kind": "ftp", "host": "h"}).port == 21
