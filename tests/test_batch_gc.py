"""Processes newsconv starts to convert tune the garbage collector; a caller's never."""

from __future__ import annotations

import gc
from pathlib import Path

from newsconv.batch import convert_many
from newsconv.batch.executors import process_pool
from newsconv.batch.worker import GC_THRESHOLD


def gc_state() -> tuple[int, int]:
    return gc.get_freeze_count(), gc.get_threshold()[0]


def _article(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "a.txt"
    path.write_text("[meta]\nheadline: One\n[/meta]\nBody text of the article.\n")
    return path


def test_a_pool_worker_freezes_what_it_loaded_and_collects_less_often(tmp_path: Path) -> None:
    source = _article(tmp_path / "in")
    pool = process_pool(1)
    try:
        results = list(convert_many([source], ["html"], tmp_path / "out", executor=pool))
        assert results[0].ok
        frozen, threshold = pool.submit(gc_state).result()
    finally:
        pool.shutdown()
    assert frozen > 10_000  # modules, fonts and tables loaded by the warm-up
    assert threshold == GC_THRESHOLD


def test_the_callers_own_process_is_left_alone(tmp_path: Path) -> None:
    before = gc_state()
    source = _article(tmp_path / "in")
    results = list(convert_many([source], ["html", "pdf"], tmp_path / "out", workers=1))
    assert results[0].ok
    assert gc_state() == before
