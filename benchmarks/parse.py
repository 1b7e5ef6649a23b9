"""Parser throughput in MB/s, and the cost per byte at 100 KB against 10 MB (linearity).

    python benchmarks/parse.py

The baseline is a plain ``str.splitlines()`` + ``len()`` pass over the same text in the same
run, so the ratio says how much parsing costs over merely reading the lines.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from newsconv.markup import parse_document

try:
    from .common import best_of, corpus_paths
except ImportError:  # run as a script
    from common import best_of, corpus_paths  # type: ignore[no-redef]

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
    parse_time = best_of(repeats, lambda: parse_document(text))
    base_time = best_of(repeats, lambda: [len(line) for line in text.splitlines()])
    return parse_time, base_time, size


def main() -> None:
    text = corpus_text()
    print(f"input: {len(corpus_paths())} articles, {len(text.encode('utf-8')) / 1e6:.2f} MB")
    print(f"{'size':>8} {'MB/s':>8} {'ns/byte':>9} {'vs splitlines':>14}")
    per_byte = {}
    for label, size, repeats in (
        ("100 KB", 100_000, 20),
        ("1 MB", 1_000_000, 5),
        ("10 MB", 10_000_000, 2),
    ):
        parse_time, base_time, nbytes = measure(sized(text, size), repeats)
        per_byte[label] = parse_time / nbytes
        print(
            f"{label:>8} {nbytes / parse_time / 1e6:8.2f} {per_byte[label] * 1e9:9.1f}"
            f" {parse_time / base_time:13.1f}x"
        )
    ratio = per_byte["10 MB"] / per_byte["100 KB"]
    print(f"cost per byte, 10 MB / 100 KB: {ratio:.2f} (1.00 = perfectly linear)")


if __name__ == "__main__":
    main()
