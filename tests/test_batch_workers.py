"""Batch workers under crashes and signals: a killed worker, SIGTERM, a parent killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsconv.cli import main
from newsconv.writers import registry

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc")

PLUGIN = """
import os, signal, time

class CrashWriter:
    name = "crash"; description = "dies on CRASH"; media_type = "text/plain"
    extension = "crash"; binary = False

    def write(self, doc, options):
        if doc.meta.headline == "CRASH":
            os.kill(os.getpid(), signal.SIGKILL)
        return "ok"

class SlowWriter:
    name = "slow"; description = "takes its time"; media_type = "text/plain"
    extension = "slow"; binary = False

    def write(self, doc, options):
        headline = doc.meta.headline or ""
        if headline.startswith("Article"):
            time.sleep(0.3 if int(headline.split()[1]) < 4 else 3.0)
        return "ok"
"""

BODY = "A paragraph of body text that is long enough to count as one here.\n"


@pytest.fixture
def plugins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Two test writers installed as a plugin distribution on ``sys.path``."""
    site = tmp_path / "site"
    info = site / "batchtest-1.0.dist-info"
    info.mkdir(parents=True)
    (site / "batchtest.py").write_text(PLUGIN, encoding="utf-8")
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: batchtest\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        "[newsconv.writers]\ncrash = batchtest:CrashWriter\nslow = batchtest:SlowWriter\n"
    )
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(site), *sys.path]))
    monkeypatch.setenv("NEWSCONV_CACHE_DIR", str(tmp_path / "cache"))
    registry.refresh()
    yield site
    registry.refresh()


def articles(folder: Path, count: int, crash_at: int | None = None) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for index in range(count):
        headline = "CRASH" if index == crash_at else f"Article {index}"
        path = folder / f"{index:03d}.txt"
        path.write_text(f"[meta]\nheadline: {headline}\n[/meta]\n{BODY}", encoding="utf-8")
        names.append(str(path))
    return names


def test_a_killed_worker_fails_only_its_input(
    plugins: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = articles(tmp_path / "in", 12, crash_at=5)
    out = tmp_path / "out"
    code = main(["convert", *inputs, "-t", "crash", "-t", "json", "--out-dir", str(out), "-j", "2"])
    err = capsys.readouterr().err
    assert code == 2
    assert "005.txt: its worker process died" in err
    assert "12 input(s), 1 failed" in err  # the summary
    written = sorted(p.name for p in out.iterdir())
    expected = sorted(f"{i:03d}.{ext}" for i in range(12) if i != 5 for ext in ("crash", "json"))
    assert written == expected


def children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def start_batch(tmp_path: Path, count: int = 60) -> tuple[subprocess.Popen[bytes], Path]:
    inputs = articles(tmp_path / "in", count)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "newsconv", "convert", *inputs, "-t", "slow"]
    process = subprocess.Popen(
        [*command, "--out-dir", str(out), "-j", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while not (out.exists() and any(out.glob("*.slow"))):
        assert process.poll() is None and time.monotonic() < deadline, process.stderr
        time.sleep(0.05)
    return process, out


def wait_gone(pids: set[int], seconds: float = 10) -> set[int]:
    deadline = time.monotonic() + seconds
    while (left := {p for p in pids if alive(p)}) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def settled(out: Path) -> list[str]:
    first = sorted(p.name for p in out.iterdir())
    time.sleep(1.0)
    second = sorted(p.name for p in out.iterdir())
    assert first == second, "files still appear after the batch stopped"
    return second


def test_sigterm_stops_cleanly_with_exit_2(plugins: Path, tmp_path: Path) -> None:
    process, out = start_batch(tmp_path)
    workers = children(process.pid)
    assert workers
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2, err
    text = err.decode()
    assert "interrupted after" in text and "input(s)" in text and "Traceback" not in text
    assert not wait_gone(workers)
    names = settled(out)
    assert len(names) < 60 and not [n for n in names if n.endswith(".tmp")]


def test_workers_exit_when_their_parent_is_killed(plugins: Path, tmp_path: Path) -> None:
    process, out = start_batch(tmp_path)
    workers = children(process.pid)
    assert workers
    process.kill()
    process.communicate(timeout=30)
    assert not wait_gone(workers, 2.0)  # in the middle of a 3 s conversion
    assert len(settled(out)) < 60


def test_sigterm_stops_a_single_conversion_with_exit_2(tmp_path: Path) -> None:
    target = tmp_path / "a.html"
    command = [sys.executable, "-m", "newsconv", "convert", "-", "--to", "html", "-o", str(target)]
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdin is not None
    process.stdin.write(BODY.encode())
    process.stdin.flush()  # standard input stays open: the command waits for the rest
    wait_reading_stdin(process.pid)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 2, err
    assert b"aborted" in err and b"Traceback" not in err
    assert not list(tmp_path.iterdir())


def wait_reading_stdin(pid: int) -> None:
    """Until the process blocks in ``read(0, …)`` (after its start-up)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            call = Path(f"/proc/{pid}/syscall").read_text().split()
        except OSError:
            call = []
        if call[:2] == ["0", "0x0"]:
            return
        time.sleep(0.05)
    pytest.skip("cannot see the process block on standard input")


def test_stopping_a_pool_whose_workers_die_first_reports_no_thread_error(
    plugins: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closing the batch kills the workers; on a loaded machine the pool's manager thread
    sees them die before the pool is shut down, with queued chunks not yet started."""
    from concurrent.futures import ProcessPoolExecutor

    from newsconv.batch import convert_many

    shutdown = ProcessPoolExecutor.shutdown

    def late_shutdown(pool: ProcessPoolExecutor, wait: bool = True, **kwargs: bool) -> None:
        manager = getattr(pool, "_executor_manager_thread", None)
        if manager is not None:
            manager.join(30)  # the manager has handled the dead workers on its own
        shutdown(pool, wait, **kwargs)

    errors: list[threading.ExceptHookArgs] = []
    monkeypatch.setattr(ProcessPoolExecutor, "shutdown", late_shutdown)
    monkeypatch.setattr(threading, "excepthook", errors.append)
    inputs = articles(tmp_path / "in", 12)
    results = convert_many(inputs, ["slow"], tmp_path / "out", workers=2, chunk_size=1, window=12)
    first = next(results)  # two chunks run, one waits in the call queue, the rest are queued
    results.close()
    assert first.input.endswith(".txt")
    assert [f"{e.thread.name if e.thread else ''}: {e.exc_value!r}" for e in errors] == []
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.endswith(".tmp")]
