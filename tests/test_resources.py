"""Local resources: only files inside the input's folder, never a URL, never fetched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsconv.resources import folder_loader, is_remote


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
    assert folder_loader(article_dir)(src) is None


def test_local_files_inside_the_folder_are_read(article_dir: Path) -> None:
    load = folder_loader(article_dir)
    assert load("images/a.png") == b"\x89PNG local"
    assert load("./images/a.png") == b"\x89PNG local"
    assert load("space%20name.png") == b"spaced"


@pytest.mark.parametrize(
    "src", ["../secret.txt", "images/../../secret.txt", "/etc/hostname", "", "images"]
)
def test_paths_leaving_the_folder_or_not_files_are_refused(article_dir: Path, src: str) -> None:
    assert folder_loader(article_dir)(src) is None


def test_symlink_out_of_the_folder_is_refused(article_dir: Path) -> None:
    link = article_dir / "link.txt"
    os.symlink(article_dir.parent / "secret.txt", link)
    assert folder_loader(article_dir)("link.txt") is None


def test_windows_drive_letters_are_not_taken_for_url_schemes() -> None:
    assert not is_remote("C:photos/a.png")  # a one-letter scheme is a drive, not a URL
    assert not is_remote("images/a.png")
