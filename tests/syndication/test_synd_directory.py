"""The directory transport: atomic files, batches, and failures of single files."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsconv.syndication.transports import MODULES, transport_module
from newsconv.syndication.transports.base import ConfigError, Payload, Receipt, TransportError
from newsconv.syndication.transports.directory import DirectoryTransport, check


def payload(name: str, data: bytes = b"<x/>") -> Payload:
    return Payload(name, data, "application/xml", f"key-{name}")


def test_batch_delivers_each_and_reports_single_failures(tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    (drop / "b.xml").mkdir(parents=True)  # a folder sits where b.xml should go
    transport = DirectoryTransport(drop)
    results = transport.deliver_many([payload("a.xml"), payload("b.xml"), payload("c.xml")])
    transport.close()
    assert isinstance(results[0], Receipt) and isinstance(results[2], Receipt)
    assert isinstance(results[1], TransportError)
    assert sorted(p.name for p in drop.iterdir()) == ["a.xml", "b.xml", "c.xml"]
    assert (drop / "a.xml").read_bytes() == b"<x/>" and (drop / "b.xml").is_dir()


def test_single_delivery_replaces_atomically_and_leaves_no_temp(tmp_path: Path) -> None:
    transport = DirectoryTransport(tmp_path / "drop")
    transport.deliver(payload("a.xml", b"old"))
    transport.deliver(payload("a.xml", b"new"))
    assert [p.name for p in (tmp_path / "drop").iterdir()] == ["a.xml"]
    assert (tmp_path / "drop" / "a.xml").read_bytes() == b"new"
    assert transport.exists("a.xml") and not transport.exists("b.xml")


def test_remove_deletes_the_final_file(tmp_path: Path) -> None:
    transport = DirectoryTransport(tmp_path / "drop")
    transport.deliver(Payload("a.xml", b"<a/>", "application/xml", "k"))
    assert transport.remove("a.xml") is True
    assert not transport.exists("a.xml") and list((tmp_path / "drop").iterdir()) == []
    assert transport.remove("a.xml") is True  # already gone is fine
    (tmp_path / "drop" / "folder.xml").mkdir()
    with pytest.raises(TransportError, match="cannot remove"):
        transport.remove("folder.xml")


def test_unwritable_folder_is_a_retryable_error(tmp_path: Path) -> None:
    (tmp_path / "drop").write_text("a file, not a folder")
    with pytest.raises(TransportError) as caught:
        DirectoryTransport(tmp_path / "drop").deliver(payload("a.xml"))
    assert caught.value.retryable and not caught.value.disables_partner


def test_factory_and_check() -> None:
    assert transport_module("directory").KIND == "directory"
    assert MODULES["ftps"] == MODULES["ftp"] == "newsconv.syndication.transports.ftp"
    assert {kind: MODULES[kind].rsplit(".", 1)[1] for kind in ("sftp", "http", "s3")} == {
        "sftp": "sftp",
        "http": "http",
        "s3": "s3",
    }
    with pytest.raises(ConfigError) as caught:
        check({"kind": "directory"})
    assert caught.value.key == "path"
    with pytest.raises(ConfigError) as unknown:
        transport_module("carrier-pigeon")
    assert unknown.value.key == "kind"
