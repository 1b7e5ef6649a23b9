"""A worker's outputs are written in the background, durable before its results go back."""

from __future__ import annotations

import hashlib
import os
import stat
import threading
from pathlib import Path

import pytest

from newsconv.batch import convert_many, storage
from newsconv.batch.records import ConvertOptions, JobSpec, Status, Target, Task
from newsconv.batch.worker import convert_chunk

ARTICLE = "[meta]\nheadline: Article {n}\n[/meta]\nA paragraph of body text number {n}.\n"
FORMATS = ("html", "json", "newsml")


def _tasks(tmp_path: Path, count: int) -> list[Task]:
    tasks = []
    for n in range(count):
        source = tmp_path / "in" / f"a{n}.txt"
        source.parent.mkdir(exist_ok=True)
        source.write_text(ARTICLE.format(n=n), encoding="utf-8")
        targets = tuple(Target(fmt, str(tmp_path / "out" / f"a{n}.{fmt}"), "fp") for fmt in FORMATS)
        tasks.append(Task(str(source), targets))
    return tasks


def _count_folder_syncs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every fsync of a folder (files are synced one by one, folders should not be)."""
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return synced


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="names folders via /proc")
def test_a_chunk_syncs_its_output_folder_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tasks = _tasks(tmp_path, 5)
    (tmp_path / "out").mkdir()
    synced = _count_folder_syncs(monkeypatch)
    results = convert_chunk(tasks, JobSpec(ConvertOptions(), FORMATS))
    assert all(result.ok for result in results)
    assert synced.count(str(tmp_path / "out")) == 1  # not once per output (15)


def test_results_come_back_only_when_every_output_is_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer threads are held back until the worker has rendered the whole chunk:
    the renders go on meanwhile, and still no result names a file that is not there."""
    tasks = _tasks(tmp_path, 4)
    release = threading.Event()
    rendered_while_held: list[bool] = []
    real_store = storage.store_output

    def held_store(target: Target, payload: bytes, side: tuple[tuple[str, bytes], ...]):  # type: ignore[no-untyped-def]
        release.wait(timeout=30)
        return real_store(target, payload, side)

    real_finish = storage.ChunkStorage.finish

    def finish(self: storage.ChunkStorage) -> None:
        rendered_while_held.append(not any(Path(t.path).exists() for t in tasks[-1].targets))
        release.set()
        real_finish(self)

    monkeypatch.setattr(storage, "store_output", held_store)
    monkeypatch.setattr(storage.ChunkStorage, "finish", finish)
    results = convert_chunk(tasks, JobSpec(ConvertOptions(), FORMATS))
    assert rendered_while_held == [True]  # every article rendered before any write finished
    for result in results:
        assert [o.status for o in result.outputs] == [Status.WRITTEN] * len(FORMATS)
        for output in result.outputs:
            data = Path(output.path).read_bytes()
            assert hashlib.sha256(data).hexdigest() == output.sha256
            assert len(data) == output.size


def test_a_write_that_fails_in_the_background_fails_only_its_output(tmp_path: Path) -> None:
    tasks = _tasks(tmp_path, 2)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a1.json").mkdir()  # a folder where the output file should go
    results = {
        Path(r.input).name: r for r in convert_chunk(tasks, JobSpec(ConvertOptions(), FORMATS))
    }
    assert results["a0.txt"].ok
    failed = [o for o in results["a1.txt"].outputs if o.status is Status.FAILED]
    assert [o.format for o in failed] == ["json"]
    assert "cannot write" in failed[0].error
    assert not [name for name in os.listdir(tmp_path / "out") if name.startswith(".nc-")]


def test_a_batch_on_threads_shares_the_writer_threads(tmp_path: Path) -> None:
    """Several converting threads in one process (a thread pool, a Dask worker) queue on the
    same writer threads; every output arrives whole."""
    from concurrent.futures import ThreadPoolExecutor

    tasks = _tasks(tmp_path, 24)
    with ThreadPoolExecutor(4) as executor:
        results = list(
            convert_many([t.input for t in tasks], FORMATS, tmp_path / "out", executor=executor)
        )
    assert len(results) == 24 and all(r.ok for r in results)
    for result in results:
        for output in result.outputs:
            assert hashlib.sha256(Path(output.path).read_bytes()).hexdigest() == output.sha256
