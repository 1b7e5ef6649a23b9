"""A huge single-line article costs what the same text costs in ordinary lines.

Timing is measured by ``benchmarks/hostile.py``; here the parser's memory is traced (no
list of every word of a line), and each writer runs a long mixed-direction line in a
child process under a CPU-time limit that a quadratic pass cannot meet.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .harness import long_line, no_traceback, run_cli

_PEAK = """
import sys, tracemalloc
import newsconv
text = sys.stdin.buffer.read().decode("utf-8")
newsconv.parse("warm up the parser and its caches with a line of text")
tracemalloc.start()
newsconv.parse(text)
print(tracemalloc.get_traced_memory()[1])
"""


def _traced_peak(text: str) -> int:
    """The peak memory traced while ``text`` is parsed, in a fresh interpreter: what other
    tests left running in this process (threads, caches) cannot add to it."""
    done = subprocess.run(
        [sys.executable, "-c", _PEAK],
        input=text.encode("utf-8"),
        capture_output=True,
        check=True,
        timeout=120,
    )
    return int(done.stdout)


def test_parser_memory_of_one_huge_line_stays_near_its_size() -> None:
    one_line = long_line(400_000)
    assert _traced_peak(one_line) < 6 * sys.getsizeof(one_line)  # a list of words: 12×


@pytest.mark.parametrize("fmt", ["html", "newsml", "ninjs"])
def test_writers_take_a_long_mixed_direction_line_in_linear_time(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "long.txt").write_text(long_line(600_000), encoding="utf-8")
    result = run_cli(["convert", "long.txt", "-t", fmt, "--out-dir", "out"], tmp_path)
    no_traceback(result)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
