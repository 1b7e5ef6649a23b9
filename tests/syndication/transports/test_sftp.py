"""The SFTP transport against a real SFTP server, with pinned host keys."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import asyncssh
import pytest

from newsconv.syndication.transports import sftp
from newsconv.syndication.transports.base import (
    AuthError,
    ConfigError,
    PermanentError,
    TransportError,
)

from .conftest import make_secrets, messages, payload
from .netutil import free_port, silent_server
from .sftpserver import PASSWORD, USER, SftpServer

SECRETS = make_secrets({"SFTP_PW": PASSWORD, "BAD_PW": "wrong-Secret-3c"})


@pytest.fixture(scope="module")
def host_key() -> asyncssh.SSHKey:
    return asyncssh.generate_private_key("ssh-ed25519")


def public_line(key: asyncssh.SSHKey) -> str:
    return bytes(key.export_public_key("openssh")).decode().strip()


@pytest.fixture
def sftp_root(tmp_path: Path) -> Path:
    root = tmp_path / "sftp"
    (root / "in").mkdir(parents=True)
    return root


@pytest.fixture
def server(sftp_root: Path, host_key: asyncssh.SSHKey) -> Iterator[SftpServer]:
    running = SftpServer(sftp_root, host_key)
    yield running
    running.stop()


def spec(port: int, pinned: asyncssh.SSHKey, **extra: object) -> dict[str, object]:
    table: dict[str, object] = {
        "kind": "sftp",
        "host": "127.0.0.1",
        "port": port,
        "user": USER,
        "password_env": "SFTP_PW",
        "host_key": public_line(pinned),
        "path": "/in",
        "timeout": 5,
    }
    table.update(extra)
    return {k: v for k, v in table.items() if v is not None}


def connect(
    port: int, pinned: asyncssh.SSHKey, tmp_path: Path, **extra: object
) -> sftp.SftpTransport:
    return sftp.connect(spec(port, pinned, **extra), base_dir=tmp_path, secret=SECRETS)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_remove_deletes_the_final_file(
    server: SftpServer, host_key: asyncssh.SSHKey, tmp_path: Path
) -> None:
    transport = connect(server.port, host_key, tmp_path)
    try:
        transport.deliver(payload())
        assert transport.remove("story-1.xml") is True
        assert not transport.exists("story-1.xml")
        assert transport.remove("story-1.xml") is True  # already gone is fine
    finally:
        transport.close()
    assert list((server.root / "in").iterdir()) == []


def test_delivers_by_rename_and_reports_existence(
    server: SftpServer, host_key: asyncssh.SSHKey, tmp_path: Path
) -> None:
    transport = connect(server.port, host_key, tmp_path)
    try:
        assert not transport.exists("story-1.xml")
        receipt = transport.deliver(payload(data=b"<newsItem>one</newsItem>"))
        assert transport.exists("story-1.xml")
        transport.deliver(payload(name="story-2.xml", data=b"two"))
    finally:
        transport.close()
    folder = server.root / "in"
    assert receipt.remote == "/in/story-1.xml"
    assert (folder / "story-1.xml").read_bytes() == b"<newsItem>one</newsItem>"
    assert (folder / "story-2.xml").read_bytes() == b"two"
    assert leftovers(folder) == []
    assert [t for s, t in server.faults.renames if s.startswith(".nc-tmp-")] == [
        "story-1.xml",
        "story-2.xml",
    ]


def test_replay_after_lost_outcome_is_seen_once(
    server: SftpServer, host_key: asyncssh.SSHKey, tmp_path: Path
) -> None:
    first = connect(server.port, host_key, tmp_path)
    first.deliver(payload(key="same"))
    first.close()
    second = connect(server.port, host_key, tmp_path)
    try:
        if not second.exists("story-1.xml"):
            second.deliver(payload(key="same"))
    finally:
        second.close()
    assert [target for _, target in server.faults.renames] == ["story-1.xml"]


def test_unknown_host_key_is_refused_before_login(server: SftpServer, tmp_path: Path) -> None:
    other = asyncssh.generate_private_key("ssh-ed25519")
    transport = connect(server.port, other, tmp_path)
    with pytest.raises(AuthError, match="not the pinned key") as refused:
        transport.deliver(payload())
    transport.close()
    assert refused.value.disables_partner and not refused.value.retryable
    assert not (server.root / "in" / "story-1.xml").exists()


def test_a_pinned_key_of_another_type_is_refused(server: SftpServer, tmp_path: Path) -> None:
    other = asyncssh.generate_private_key("ecdsa-sha2-nistp256")
    transport = connect(server.port, other, tmp_path)
    with pytest.raises(AuthError, match="pinned type") as refused:
        transport.exists("story-1.xml")
    transport.close()
    assert refused.value.disables_partner


def test_known_hosts_file_pins_the_key(
    server: SftpServer, host_key: asyncssh.SSHKey, tmp_path: Path
) -> None:
    (tmp_path / "known_hosts").write_text(
        f"[127.0.0.1]:{server.port} {public_line(host_key)}\n", encoding="utf-8"
    )
    transport = connect(server.port, host_key, tmp_path, host_key=None, known_hosts="known_hosts")
    try:
        transport.deliver(payload())
    finally:
        transport.close()
    assert (server.root / "in" / "story-1.xml").exists()


def test_known_hosts_without_the_host_is_a_config_error(
    host_key: asyncssh.SSHKey, tmp_path: Path
) -> None:
    (tmp_path / "known_hosts").write_text(f"elsewhere {public_line(host_key)}\n")
    with pytest.raises(ConfigError) as bad:
        connect(2222, host_key, tmp_path, host_key=None, known_hosts="known_hosts")
    assert bad.value.key == "known_hosts"


def test_key_file_login(sftp_root: Path, host_key: asyncssh.SSHKey, tmp_path: Path) -> None:
    client_key = asyncssh.generate_private_key("ssh-ed25519")
    client_key.write_private_key(str(tmp_path / "id_ed25519"), format_name="openssh")
    server = SftpServer(sftp_root, host_key, client_key=client_key)
    transport = connect(server.port, host_key, tmp_path, password_env=None, key_file="id_ed25519")
    try:
        transport.deliver(payload())
    finally:
        transport.close()
        server.stop()
    assert (sftp_root / "in" / "story-1.xml").exists()


def test_wrong_password_is_an_auth_error_without_the_secret(
    server: SftpServer, host_key: asyncssh.SSHKey, tmp_path: Path
) -> None:
    transport = connect(server.port, host_key, tmp_path, password_env="BAD_PW")
    with pytest.raises(AuthError) as refused:
        transport.deliver(payload())
    transport.close()
    assert refused.value.disables_partner
    assert "wrong-Secret-3c" not in messages(refused.value)
    assert PASSWORD not in messages(refused.value)


def test_server_down_then_up(sftp_root: Path, host_key: asyncssh.SSHKey, tmp_path: Path) -> None:
    port = free_port()
    transport = connect(port, host_key, tmp_path)
    with pytest.raises(TransportError) as down:
        transport.deliver(payload())
    assert down.value.retryable and not down.value.disables_partner
    server = SftpServer(sftp_root, host_key, port=port)
    try:
        transport.deliver(payload())
    finally:
        transport.close()
        server.stop()
    assert (sftp_root / "in" / "story-1.xml").exists()


def test_a_hung_server_times_out(host_key: asyncssh.SSHKey, tmp_path: Path) -> None:
    with silent_server() as port:
        transport = connect(port, host_key, tmp_path, timeout=0.3)
        with pytest.raises(TransportError) as hung:
            transport.deliver(payload())
        transport.close()
    assert hung.value.retryable


def test_connection_dropped_mid_upload_leaves_no_final_file(
    server: SftpServer, host_key: asyncssh.SSHKey, tmp_path: Path
) -> None:
    folder = server.root / "in"
    data = bytes(range(256)) * 4096
    server.faults.drop_uploads = 1
    transport = connect(server.port, host_key, tmp_path)
    try:
        with pytest.raises(TransportError) as dropped:
            transport.deliver(payload(data=data))
        assert dropped.value.retryable
        assert not (folder / "story-1.xml").exists()
        assert leftovers(folder)
        assert not transport.exists("story-1.xml")
        transport.deliver(payload(data=data))
    finally:
        transport.close()
    assert (folder / "story-1.xml").read_bytes() == data
    assert leftovers(folder) == []


def test_plain_rename_replaces_an_earlier_copy(
    server: SftpServer, host_key: asyncssh.SSHKey, tmp_path: Path
) -> None:
    server.faults.posix_rename = False
    transport = connect(server.port, host_key, tmp_path)
    try:
        transport.deliver(payload(data=b"first"))
        transport.deliver(payload(data=b"second"))
    finally:
        transport.close()
    assert (server.root / "in" / "story-1.xml").read_bytes() == b"second"
    assert leftovers(server.root / "in") == []


def test_missing_remote_folder_is_permanent(
    server: SftpServer, host_key: asyncssh.SSHKey, tmp_path: Path
) -> None:
    transport = connect(server.port, host_key, tmp_path, path="/nowhere")
    with pytest.raises(PermanentError) as refused:
        transport.deliver(payload())
    transport.close()
    assert not refused.value.retryable and not refused.value.disables_partner


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"host_key": None}, "host_key"),
        ({"known_hosts": "known_hosts"}, "host_key"),
        ({"host_key": "ssh-ed25519 !!!"}, "host_key"),
        ({"host_key": "ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAABAQ"}, "host_key"),
        ({"host_key": "/etc/ssh/known_hosts"}, "host_key"),
        ({"password_env": None}, "password_env"),
        ({"key_file": "id_ed25519"}, "password_env"),
        ({"user": None}, "user"),
        ({"auto_add": True}, "auto_add"),
    ],
)
def test_check_names_the_bad_key(
    host_key: asyncssh.SSHKey, change: dict[str, object], key: str
) -> None:
    with pytest.raises(ConfigError) as bad:
        sftp.check(spec(22, host_key, **change))
    assert bad.value.key == key
