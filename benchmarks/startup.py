"""Start-up time of the command line: ``newsconv --help`` and ``newsconv formats``.

Each command is run ``--runs`` times (after one warm-up run, as hyperfine does) and the
median wall time is printed, with its ratio to ``python -c pass`` and to
``python -c "import click"`` measured the same way in the same run — absolute times on a
shared machine mean little, the ratios say what newsconv adds. Goal: ≤ 0.25 s where
Python alone starts in 0.14 s, i.e. a ratio to ``python -c pass`` of at most about 1.8.

    python benchmarks/startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def median_seconds(command: list[str], runs: int) -> float:
    """The median wall time of ``runs`` runs of ``command`` (after one warm-up run)."""
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def newsconv_command() -> list[str]:
    """The installed console script beside this Python, else ``python -m newsconv``."""
    script = Path(sys.executable).with_name("newsconv")
    if script.exists():
        return [str(script)]
    found = shutil.which("newsconv")
    return [found] if found else [sys.executable, "-m", "newsconv"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    python = median_seconds([sys.executable, "-c", "pass"], args.runs)
    click = median_seconds([sys.executable, "-c", "import click"], args.runs)
    print(f"python -c pass        {python * 1000:7.1f} ms  (baseline)")
    print(f"python -c import click {click * 1000:6.1f} ms  ×{click / python:.2f}")
    for extra in (["--help"], ["formats"], ["--version"]):
        seconds = median_seconds([*newsconv_command(), *extra], args.runs)
        label = "newsconv " + " ".join(extra)
        print(f"{label:<22}{seconds * 1000:7.1f} ms  ×{seconds / python:.2f} of python alone")
    return 0


if __name__ == "__main__":
    sys.exit(main())
