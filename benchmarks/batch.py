"""Batch throughput: articles per second on 1 and 2 workers, Dask against the process pool,
an unchanged rerun against the first run, and the peak memory of each worker.

The corpus (or the bundled example) is copied, repeated, to ``--count`` articles (5,000 by
default; ``--count 200`` for a quick run) and converted to every format. Every number is a
ratio between runs made by this script in the same process on the same machine, which is
what survives a busy machine:

* 2 workers against 1 worker (both a process pool of spawned interpreters, both
  recording the incremental manifest; goal ≥ 1.8× on 2 cores);
* a Dask ``LocalCluster`` of 2 single-threaded workers against the 2-process pool
  (goal ≥ 0.9×);
* an incremental rerun with nothing changed against the first incremental run (goal
  ≥ 50×);
* each pool worker's peak resident memory (``VmHWM``) after ``--small`` articles and
  after ``--count`` articles (goal: flat).

    python benchmarks/batch.py [--count 5000] [--small 500] [--no-dask]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from newsconv.batch import convert_many
from newsconv.batch.executors import dask_executor, process_pool
from newsconv.writers import registry

try:
    from .common import corpus_paths
except ImportError:  # run as a script
    from common import corpus_paths  # type: ignore[no-redef]


def repeated_corpus(folder: Path, count: int) -> list[Path]:
    """``count`` articles: the corpus copied over and over under distinct names."""
    sources = corpus_paths()
    folder.mkdir(parents=True, exist_ok=True)
    inputs = []
    for index in range(count):
        source = sources[index % len(sources)]
        target = folder / f"{index:05d}-{source.parent.name}-{source.name}"
        shutil.copyfile(source, target)
        inputs.append(target)
    return inputs


def timed_run(
    inputs: list[Path], out: Path, executor: Executor, workers: int, incremental: bool = False
) -> tuple[float, int]:
    """Seconds for one batch, and how many inputs failed."""
    start = time.perf_counter()
    failed = 0
    for result in convert_many(
        inputs,
        registry.names(),
        out,
        executor=executor,
        workers=workers,
        incremental=incremental,
    ):
        failed += not result.ok
    return time.perf_counter() - start, failed


def pool_run(
    inputs: list[Path], out: Path, workers: int, incremental: bool = False
) -> tuple[float, int, list[int]]:
    """A run on a fresh pool (its start-up included); also each worker's peak RSS in KiB.

    The CPU seconds the workers used are printed too: on a machine other work keeps busy,
    wall-clock scaling says little, while equal CPU per article on 1 and 2 workers shows
    that the pool adds no work of its own."""
    start = time.perf_counter()
    cpu = _children_cpu()
    pool = process_pool(workers)
    try:
        _, failed = timed_run(inputs, out, pool, workers, incremental)
        peaks = worker_peaks(pool)
    finally:
        pool.shutdown(wait=True)
    used = _children_cpu() - cpu
    if used > 0:
        print(f"  ({workers} worker(s): {used / len(inputs) * 1000:.0f} ms of CPU per article)")
    CPU_SECONDS[workers] = used
    return time.perf_counter() - start, failed, peaks


CPU_SECONDS: dict[int, float] = {}
"""CPU seconds of the last pool run with this many workers."""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def worker_peaks(pool: ProcessPoolExecutor) -> list[int]:
    """``VmHWM`` (peak resident set) of each live pool worker, in KiB (Linux)."""
    peaks = []
    for pid in dict(getattr(pool, "_processes", None) or {}):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]))
    return peaks


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:7.1f} articles/s ({seconds:6.1f} s)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--small", type=int, default=500)
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()
    small = min(args.small, args.count)
    with tempfile.TemporaryDirectory(prefix="newsconv-batch-") as scratch:
        root = Path(scratch)
        inputs = repeated_corpus(root / "in", args.count)
        formats = registry.names()
        print(f"{args.count} articles × {len(formats)} formats ({', '.join(formats)})")

        # both incremental: the same work per article (the parent records the manifest)
        one, failed1, _ = pool_run(inputs, root / "one", 1, incremental=True)
        two, failed2, peaks_count = pool_run(inputs, root / "two", 2, incremental=True)
        print(f"1 worker          {rate(args.count, one)}")
        print(f"2 workers         {rate(args.count, two)}  scaling ×{one / two:.2f} (goal ≥ 1.8)")
        if CPU_SECONDS.get(1) and CPU_SECONDS.get(2):
            ideal = 2 * CPU_SECONDS[1] / CPU_SECONDS[2]
            print(f"  (on two idle cores the CPU used would allow ×{ideal:.2f})")

        rerun, _, _ = pool_run(inputs, root / "two", 2, incremental=True)
        print(f"unchanged rerun   {rate(args.count, rerun)}  ×{two / rerun:.0f} faster (goal ≥ 50)")

        if not args.no_dask:
            start = time.perf_counter()
            cpu = _children_cpu()
            with dask_executor(None, 2) as (executor, workers):
                ready = time.perf_counter() - start
                dask, failed_dask = timed_run(inputs, root / "dask", executor, workers)
            used = _children_cpu() - cpu
            print(f"  (Dask: {used / args.count * 1000:.0f} ms of CPU per article)")
            print(
                f"Dask 2 workers    {rate(args.count, dask)}  ×{two / dask:.2f} of the pool"
                f" (goal ≥ 0.9; the cluster took {ready:.1f} s more to start){_failed(failed_dask)}"
            )

        _, _, peaks_small = pool_run(inputs[:small], root / "small", 2)
        print(
            f"peak RSS/worker   {_mib(peaks_small)} after {small} articles,"
            f" {_mib(peaks_count)} after {args.count}"
        )
        if failed1 or failed2:
            print(f"failed inputs: {failed1} (1 worker), {failed2} (2 workers)")
    return 0


def _mib(peaks: list[int]) -> str:
    return "/".join(f"{kib / 1024:.0f}" for kib in sorted(peaks)) + " MiB"


def _failed(count: int) -> str:
    return f"; {count} failed" if count else ""


if __name__ == "__main__":
    sys.exit(main())
