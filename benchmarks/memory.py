"""Memory of one long-lived worker: resident set after every ``--every`` articles.

A batch worker converts article after article in one process. This script does the same
in this process (the corpus repeated to ``--count`` articles, every format, the worker's
own warm-up first) and prints the resident set (``VmRSS``) and its peak (``VmHWM``) as it
goes, so growth shows as a curve rather than as two points: the per-process caches (word
widths, shaped runs, font subsets, escapes) fill while new words arrive and must then
stay flat. The last line compares the peak after the first ``--every`` articles, after
half the run and at the end. Linux only (reads ``/proc/self/status``).

    python benchmarks/memory.py [--count 5000] [--every 250]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import newsconv
from newsconv.batch.worker import start_worker
from newsconv.diagnostics import NewsconvError
from newsconv.writers import registry

try:
    from .common import corpus_paths
except ImportError:  # run as a script
    from common import corpus_paths  # type: ignore[no-redef]


def memory_mib() -> tuple[int, int]:
    """This process's resident set and its peak so far, in MiB."""
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(value.split()[0]) // 1024
    return values["VmRSS"], values["VmHWM"]


def convert(text: str, formats: list[str]) -> int:
    """Parse once and render every format, as a batch worker does (files not written);
    how many of the conversions failed (counted and printed: a run whose conversions fail
    measures nothing)."""
    try:
        document = newsconv.parse(text)
    except NewsconvError:
        return len(formats)
    failed = 0
    for fmt in formats:
        try:
            newsconv.render(document, fmt)
        except NewsconvError:
            failed += 1
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--every", type=int, default=250)
    args = parser.parse_args()
    formats = registry.names()
    start_worker(formats)
    texts = [path.read_text(encoding="utf-8") for path in corpus_paths()]
    print(f"{len(texts)} distinct articles repeated to {args.count}, formats: {', '.join(formats)}")
    print(f"after warm-up      RSS {memory_mib()[0]:4d} MiB")
    curve: dict[int, int] = {}
    failed = 0
    for index in range(args.count):
        failed += convert(texts[index % len(texts)], formats)
        done = index + 1
        if done % args.every == 0 or done == args.count:
            rss, peak = memory_mib()
            curve[done] = peak
            print(
                f"{done:6d} articles  RSS {rss:4d} MiB  peak {peak:4d} MiB"
                + (f"  ({failed} conversions failed)" if failed else ""),
                flush=True,
            )
    first, last = min(curve), max(curve)
    middle = min(curve, key=lambda done: abs(done - last // 2))
    print(
        f"peak {curve[first]} MiB after {first}, {curve[middle]} MiB after {middle},"
        f" {curve[last]} MiB after {last}"
        f" (second half: {100 * (curve[last] - curve[middle]) / curve[middle]:+.1f} %)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
