"""Atomic writes: permissions as ``open`` would give them, short and recognisable temporary
names, and temporary files of killed writers cleaned up (ours only)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsconv import output
from newsconv.output import clean_stale_temporaries, temp_name, write_atomic


@pytest.fixture
def umask() -> Iterator[None]:
    previous = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(previous)


def test_new_file_follows_the_umask(tmp_path: Path, umask: None) -> None:
    target = tmp_path / "out.html"
    write_atomic(target, "<p>x</p>")
    assert target.stat().st_mode & 0o777 == 0o640


def test_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "private.html"
    target.write_text("old")
    target.chmod(0o600)
    write_atomic(target, "new")
    assert target.read_text() == "new"
    assert target.stat().st_mode & 0o777 == 0o600


def test_output_name_of_255_bytes(tmp_path: Path) -> None:
    name = "ع" * 125 + ".html"  # 250 bytes of Arabic plus the extension
    assert len(name.encode("utf-8")) == 255
    write_atomic(tmp_path / name, "x")
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_temporary_names_are_short_and_ours() -> None:
    name = temp_name()
    assert len(name) <= 30 and output._TEMP_NAME.match(name)
    assert name != temp_name()


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _aged(path: Path, seconds: float) -> Path:
    moment = time.time() - seconds
    os.utime(path, (moment, moment))
    return path


def test_stale_temporaries_of_dead_writers_are_removed(tmp_path: Path) -> None:
    dead = tmp_path / temp_name(_dead_pid())
    dead.write_bytes(b"partial")
    _aged(dead, 60)
    ancient = tmp_path / temp_name(os.getppid())
    ancient.write_bytes(b"partial")
    _aged(ancient, output.STALE_AFTER_SECONDS + 60)
    fresh_dead = tmp_path / temp_name(_dead_pid())
    fresh_dead.write_bytes(b"just now")  # its writer may be on another host: wait a little
    alive = tmp_path / temp_name(os.getppid())
    alive.write_bytes(b"being written")
    _aged(alive, 60)
    others = [tmp_path / ".nc-notours.tmp", tmp_path / "a.html.tmp", tmp_path / ".nc-1-xyz.tmp"]
    for other in others:
        other.write_bytes(b"keep")
        _aged(other, output.STALE_AFTER_SECONDS + 60)
    removed = clean_stale_temporaries(tmp_path, force=True)
    assert sorted(removed) == sorted([dead, ancient])
    assert fresh_dead.exists() and alive.exists()
    assert all(other.exists() for other in others)


def test_write_cleans_temporaries_left_by_a_killed_writer(tmp_path: Path) -> None:
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from newsconv import output\n"
        "output.os.replace = lambda *a: os.kill(os.getpid(), 9)\n"
        "output.write_atomic(Path(sys.argv[1]), 'x' * 1000)\n"
    )
    target = tmp_path / "out" / "a.html"
    killed = subprocess.run([sys.executable, "-c", script, str(target)], check=False)
    assert killed.returncode == -9
    left = [p for p in target.parent.iterdir()]
    assert len(left) == 1 and output._TEMP_NAME.match(left[0].name)
    _aged(left[0], 60)
    output._cleaned_folders.clear()
    write_atomic(target.parent / "b.html", "y")
    assert sorted(p.name for p in target.parent.iterdir()) == ["b.html"]
