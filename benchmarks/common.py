"""Shared helpers for the benchmark scripts: inputs from the corpus, timing, tables."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSCONV_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
EXAMPLE = ROOT / "examples" / "kazakhstan.txt"


def corpus_paths() -> list[Path]:
    """Every corpus article, or just the bundled example when the corpus is not there."""
    paths = sorted(CORPUS.glob("*/*.txt"))
    return paths or [EXAMPLE]


def best_of(repeats: int, work: Callable[[], object]) -> float:
    """The fastest of ``repeats`` runs of ``work``, in seconds."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def best_cpu_of(repeats: int, work: Callable[[], object]) -> float:
    """The least CPU time of this process over ``repeats`` runs of ``work``, in seconds
    (less disturbed than wall time by other work on a shared machine)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best
