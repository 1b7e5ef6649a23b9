"""Local resources: only files inside the input's folder, never a URL, never fetched."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from newsconv.resources import MAX_RESOURCE_BYTES, _unreadable, folder_loader, is_remote
from newsconv.writers.base import ResourceRefusal


def refusal(loaded: bytes | ResourceRefusal | None) -> tuple[str, str]:
    assert isinstance(loaded, ResourceRefusal), loaded
    return loaded.code, loaded.reason


@pytest.fixture
def article_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "article"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "a.png").write_bytes(b"\x89PNG local")
    (folder / "space name.png").write_bytes(b"spaced")
    (tmp_path / "secret.txt").write_text("outside")
    return folder


@pytest.mark.parametrize(
    "src",
    [
        "http://example.org/a.png",
        "https://x/y",
        "ftp://h/f",
        "data:image/png;base64,AA",
        "file:///etc/passwd",
        "//cdn/x.png",
    ],
)
def test_remote_sources_are_never_read(article_dir: Path, src: str) -> None:
    assert is_remote(src)
    assert refusal(folder_loader(article_dir)(src))[0] == "image-refused"


def test_local_files_inside_the_folder_are_read(article_dir: Path) -> None:
    load = folder_loader(article_dir)
    assert load("images/a.png") == b"\x89PNG local"
    assert load("./images/a.png") == b"\x89PNG local"
    assert load("space%20name.png") == b"spaced"


@pytest.mark.parametrize(
    ("src", "code", "reason"),
    [
        ("../secret.txt", "image-refused", "is outside the article's folder"),
        ("images/../../secret.txt", "image-refused", "is outside the article's folder"),
        ("/etc/hostname", "image-refused", "is outside the article's folder"),
        ("", "image-unavailable", "is empty: there is no file to read"),
        ("images", "image-refused", "is not a regular file"),
        ("missing.png", "image-unavailable", "does not exist in the article's folder"),
    ],
)
def test_paths_leaving_the_folder_or_not_files_are_refused_saying_why(
    article_dir: Path, src: str, code: str, reason: str
) -> None:
    assert refusal(folder_loader(article_dir)(src)) == (code, reason)


def test_symlink_out_of_the_folder_is_refused(article_dir: Path) -> None:
    link = article_dir / "link.txt"
    os.symlink(article_dir.parent / "secret.txt", link)
    assert refusal(folder_loader(article_dir)("link.txt"))[0] == "image-refused"


def test_special_files_and_huge_files_are_refused(article_dir: Path) -> None:
    os.mkfifo(article_dir / "pipe.png")
    with open(article_dir / "huge.png", "wb") as handle:
        handle.truncate(MAX_RESOURCE_BYTES + 1)
    load = folder_loader(article_dir)
    assert refusal(load("pipe.png")) == ("image-refused", "is not a regular file")
    assert refusal(load("huge.png")) == ("bad-image", "is larger than 20 MiB")


def test_unreadable_files_say_why() -> None:
    # a file root cannot read is hard to make here; the errno decides the refusal
    denied = _unreadable(OSError(errno.EACCES, "Permission denied"))
    assert (denied.code, denied.reason) == (
        "image-unavailable",
        "cannot be read (Permission denied)",
    )
    socket = _unreadable(OSError(errno.ENXIO, "No such device or address"))
    assert (socket.code, socket.reason) == ("image-refused", "is not a regular file")
