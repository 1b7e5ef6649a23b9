"""Start-up time of the command line: ``newsconv --help`` and ``newsconv formats``.

Each command is run ``--runs`` times (after one warm-up run, as hyperfine does) and the
median wall time and CPU time are printed, with their ratios to ``python -c pass`` measured
the same way in the same run (and ``python -c "import click"`` for scale: the command line
needs click). Absolute times on a shared machine mean little; the ratios say what newsconv
adds, and on a busy machine the CPU time is the steadier measure. Goal: ≤ 0.25 s on a
machine where Python alone starts in 0.14 s.

    python benchmarks/startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def median_seconds(command: list[str], runs: int) -> tuple[float, float]:
    """The median wall time and median CPU time (user + system) of ``runs`` runs of
    ``command``, after one warm-up run. On a busy machine the CPU time is the steadier one."""
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    walls, cpus = [], []
    for _ in range(runs):
        before = _children_cpu()
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        walls.append(time.perf_counter() - start)
        cpus.append(_children_cpu() - before)
    return statistics.median(walls), statistics.median(cpus)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


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
    print(f"{'':24}{'wall':>9}{'':12}{'CPU':>9}")
    print(f"{'python -c pass':24}{_ms(python[0])}{'(baseline)':>12}{_ms(python[1])}")
    _row("python -c 'import click'", click, python)
    for extra in (["--help"], ["formats"], ["--version"]):
        seconds = median_seconds([*newsconv_command(), *extra], args.runs)
        _row("newsconv " + " ".join(extra), seconds, python)
    return 0


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:6.1f} ms"


def _row(label: str, times: tuple[float, float], base: tuple[float, float]) -> None:
    wall, cpu = times
    print(f"{label:24}{_ms(wall)}  ×{wall / base[0]:5.2f}   {_ms(cpu)}  ×{cpu / base[1]:5.2f}")


if __name__ == "__main__":
    sys.exit(main())
