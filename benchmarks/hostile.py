"""Huge single-line articles: time and memory per MB against the same text split into lines.

    python benchmarks/hostile.py            # 10 MB
    python benchmarks/hostile.py --mb 2     # a quicker run

The baseline is an ordinary article measured in the same run: the very same words, forty
to a line. Each stage (parse, then each writer) runs in a fresh child process so that its
peak memory (``ru_maxrss`` above the child's own start-up) is its own; the table prints
seconds and MB of memory per MB of input for both articles and the ratio single/lines.
A ratio near 1 means a long line costs what the same text costs in ordinary lines.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

STAGES = ("parse", "html", "newsml", "ninjs")
WORDS = ("كلمة", "word", "مثال", "example", "خبر", "news")


def article(megabytes: float, single_line: bool) -> str:
    """Mixed Arabic and English words (a direction change every word), one line or many."""
    target = int(megabytes * 1024 * 1024)
    words: list[str] = []
    size = 0
    index = 0
    while size < target:
        word = WORDS[index % len(WORDS)]
        words.append(word)
        size += len(word.encode("utf-8")) + 1
        index += 1
    if single_line:
        return " ".join(words) + "\n"
    lines = (" ".join(words[i : i + 40]) for i in range(0, len(words), 40))
    return "\n".join(lines) + "\n"


def child(stage: str, megabytes: float, single_line: bool) -> None:
    """Run one stage and print its seconds and peak memory growth (in bytes) as JSON."""
    import newsconv

    text = article(megabytes, single_line)
    doc = newsconv.parse(text) if stage != "parse" else None
    start_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    start = time.perf_counter()
    if doc is None:
        newsconv.parse(text)
    else:
        newsconv.convert(doc, stage)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"seconds": seconds, "memory": max(0, peak - start_rss)}))


def measure(stage: str, megabytes: float, single_line: bool) -> dict[str, float]:
    args = [sys.executable, __file__, "--child", stage, "--mb", str(megabytes)]
    if single_line:
        args.append("--single")
    run = subprocess.run(args, capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0)
    parser.add_argument("--child")
    parser.add_argument("--single", action="store_true")
    options = parser.parse_args()
    if options.child:
        child(options.child, options.mb, options.single)
        return
    mb = options.mb
    print(f"{mb:g} MB article, one line vs. the same words 40 to a line (child per stage)")
    print(
        f"{'stage':8} {'lines s/MB':>11} {'one s/MB':>9} {'ratio':>6}"
        f" {'lines MB/MB':>12} {'one MB/MB':>10} {'ratio':>6}"
    )
    for stage in STAGES:
        lines = measure(stage, mb, False)
        one = measure(stage, mb, True)
        time_ratio = one["seconds"] / max(lines["seconds"], 1e-9)
        memory_ratio = one["memory"] / max(lines["memory"], 1.0)
        print(
            f"{stage:8} {lines['seconds'] / mb:11.3f} {one['seconds'] / mb:9.3f}"
            f" {time_ratio:6.2f} {lines['memory'] / mb / 2**20:12.1f}"
            f" {one['memory'] / mb / 2**20:10.1f} {memory_ratio:6.2f}"
        )


if __name__ == "__main__":
    main()
