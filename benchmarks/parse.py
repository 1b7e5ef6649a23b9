"""Parser throughput: example-sized articles per second (with inference), MB/s at 100 KB,
1 MB and 10 MB, and the cost per byte at 10 MB against 100 KB (linearity).

    python benchmarks/parse.py

Timings are CPU time of this process (``time.process_time``), the best of several passes, so
that other work on the machine disturbs them less. The baseline is a plain
``str.splitlines()`` + ``len()`` pass over the same text in the same run: the ratio says how
much parsing costs over merely reading the lines, and stays comparable between machines.
Goals: 1,500 example-sized articles/s and 10 MB/s at 10 MB, on one core.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from newsconv.markup import parse_document

try:
    from .common import EXAMPLE, best_cpu_of, corpus_paths
except ImportError:  # run as a script
    from common import EXAMPLE, best_cpu_of, corpus_paths  # type: ignore[no-redef]

ARTICLES_PER_PASS = 50
ARTICLE_GOAL = 1500
MB_GOAL = 10.0

MARKUP_SAMPLE = (
    '[two-column]\nA [b]bold[/b] line with a [link url="https://example.org"]link[/link].\n'
    '[/two-column]\n[quote cite="Source"]\nQuoted text &amp; an entity.\n[/quote]\n'
)


def corpus_text() -> str:
    """All corpus articles, one after another, with some markup between them."""
    articles = [path.read_text(encoding="utf-8") for path in corpus_paths()]
    return "\n".join(article + "\n" + MARKUP_SAMPLE for article in articles)


def sized(text: str, size: int) -> str:
    """``text`` repeated and cut at a line end to about ``size`` UTF-8 bytes."""
    unit = len(text.encode("utf-8"))
    repeated = text * (size // unit + 1)
    cut = repeated.encode("utf-8")[:size].decode("utf-8", errors="ignore")
    return cut[: cut.rfind("\n") + 1]


def measure(text: str, repeats: int) -> tuple[float, float, int]:
    """(parse seconds, baseline seconds, bytes) for ``text``."""
    size = len(text.encode("utf-8"))
    parse_time = best_cpu_of(repeats, lambda: parse_document(text))
    base_time = best_cpu_of(repeats, lambda: [len(line) for line in text.splitlines()])
    return parse_time, base_time, size


def articles(repeats: int = 9) -> None:
    """Example-sized articles per second, with inference and without, against the
    baseline pass over the same article."""
    text = EXAMPLE.read_text(encoding="utf-8")
    parse_document(text)  # build the lazily made tables first

    def many(infer: bool) -> None:
        for _ in range(ARTICLES_PER_PASS):
            parse_document(text, infer=infer)

    def baseline() -> None:
        for _ in range(ARTICLES_PER_PASS):
            [len(line) for line in text.splitlines()]

    base = best_cpu_of(repeats, baseline) / ARTICLES_PER_PASS
    size = len(text.encode("utf-8"))
    print(f"example article ({size:,} bytes), best of {repeats} passes of {ARTICLES_PER_PASS}:")
    for infer in (True, False):
        secs = best_cpu_of(repeats, lambda: many(infer)) / ARTICLES_PER_PASS  # noqa: B023
        met = "met" if 1 / secs >= ARTICLE_GOAL else "not met"
        goal = f"  (goal {ARTICLE_GOAL:,}: {met})" if infer else ""
        print(
            f"  infer={infer!s:<5} {1 / secs:8.0f} articles/s {secs * 1e3:7.3f} ms"
            f" {secs / base:8.1f}x splitlines{goal}"
        )


def main() -> None:
    articles()
    text = corpus_text()
    print(f"input: {len(corpus_paths())} articles, {len(text.encode('utf-8')) / 1e6:.2f} MB")
    print(f"{'size':>8} {'MB/s':>8} {'ns/byte':>9} {'vs splitlines':>14}")
    per_byte = {}
    for label, size, repeats in (
        ("100 KB", 100_000, 20),
        ("1 MB", 1_000_000, 5),
        ("10 MB", 10_000_000, 3),
    ):
        parse_time, base_time, nbytes = measure(sized(text, size), repeats)
        per_byte[label] = parse_time / nbytes
        print(
            f"{label:>8} {nbytes / parse_time / 1e6:8.2f} {per_byte[label] * 1e9:9.1f}"
            f" {parse_time / base_time:13.1f}x"
        )
    ratio = per_byte["10 MB"] / per_byte["100 KB"]
    print(f"cost per byte, 10 MB / 100 KB: {ratio:.2f} (1.00 = perfectly linear)")
    at_10_mb = 1e-6 / per_byte["10 MB"]
    verdict = "met" if at_10_mb >= MB_GOAL else "not met"
    print(f"goal at 10 MB: {MB_GOAL:.0f} MB/s ({verdict}: {at_10_mb:.2f} MB/s)")


if __name__ == "__main__":
    main()
