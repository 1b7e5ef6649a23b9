"""A huge single-line article costs what the same text costs in ordinary lines.

Timing is measured by ``benchmarks/hostile.py``; here the parser's memory is traced (no
list of every word of a line), and each writer runs a long mixed-direction line in a
child process under a CPU-time limit that a quadratic pass cannot meet.
"""

from __future__ import annotations

import sys
import tracemalloc
from pathlib import Path

import pytest

import newsconv

from .harness import long_line, no_traceback, run_cli


def _traced_peak(text: str) -> int:
    newsconv.parse("warm up the parser and its caches with a line of text")
    tracemalloc.start()
    try:
        newsconv.parse(text)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_parser_memory_of_one_huge_line_stays_near_its_size() -> None:
    one_line = long_line(400_000)
    assert _traced_peak(one_line) < 6 * sys.getsizeof(one_line)  # a list of words: 12×


@pytest.mark.parametrize("fmt", ["html", "newsml", "ninjs"])
def test_writers_take_a_long_mixed_direction_line_in_linear_time(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "long.txt").write_text(long_line(600_000), encoding="utf-8")
    result = run_cli(["convert", "long.txt", "-t", fmt, "--out-dir", "out"], tmp_path)
    no_traceback(result)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
