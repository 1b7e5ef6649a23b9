"""PDFs per second for the example and the corpus, against the naive reportlab recipe.

The baseline, run in the same process on the same parsed articles, is the recipe most
Arabic-PDF answers give: reshape and ``get_display`` each whole paragraph, then let
platypus wrap it in a ``Paragraph`` (its lines come out bottom to top, its harakat are
deleted, and it has no header, columns, ActualText or metadata); each pass starts cold
(``forget_reused_work``). Also printed: the rate and CPU time per PDF for the example
changed each time, and for the corpus articles (newsconv cold), next to Typst's warm
compiler (optional ``typst`` package, same fonts), the cost per word of one article of
1,000 to 20,000 words (linearity; each paragraph its own, cold), peak memory, the word
recall of five PDF text engines per language (``--engines``; see
``benchmarks/pdf_engines.py``) and with ``--checks`` the table of RTL checks over the
corpus (both need the test helpers). Rates are ratios measured in one
process: absolute figures depend on the machine and its load.

    python benchmarks/pdf.py [--rounds 3] [--checks] [--engines]
"""

from __future__ import annotations

import argparse
import io
import logging
import resource
import sys
import tracemalloc
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import arabic_reshaper
from bidi.algorithm import get_display
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate

import newsconv
from newsconv.model import Document, block_text, walk_blocks
from newsconv.writers.base import WriterOptions
from newsconv.writers.pdf import PdfWriter, forget_reused_work

try:
    from .common import EXAMPLE, best_of, corpus_paths
    from .pdf_engines import recall_table, typst_comparison
except ImportError:  # run as a script
    from common import EXAMPLE, best_of, corpus_paths  # type: ignore[no-redef]

    from pdf_engines import recall_table, typst_comparison  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "src" / "newsconv" / "fonts" / "Amiri-Regular.ttf"


def naive_recipe() -> Callable[[Document], bytes]:
    """The common recipe: whole-paragraph reshape + bidi, then platypus wraps it."""
    pdfmetrics.registerFont(TTFont("NaiveAmiri", str(FONT)))
    style = ParagraphStyle(
        "body", fontName="NaiveAmiri", fontSize=12, leading=20, alignment=TA_RIGHT
    )

    def build(doc: Document) -> bytes:
        out = io.BytesIO()
        story = [
            Paragraph(get_display(arabic_reshaper.reshape(line)), style)
            for block in walk_blocks(doc.blocks)
            for line in block_text(block).split("\n")
            if line.strip()
        ]
        SimpleDocTemplate(out, pagesize=A4, invariant=1).build(story)
        return out.getvalue()

    return build


def newsconv_pdf() -> Callable[[Document], bytes]:
    """newsconv's writer with default options."""
    writer, options = PdfWriter(), WriterOptions()
    return lambda doc: writer.write(doc, options)


def rate(build: Callable[[Document], bytes], docs: Sequence[Document], rounds: int) -> float:
    """Documents per second, best of ``rounds`` passes, each starting cold (nothing kept
    from the pass before)."""

    def cold_pass() -> None:
        forget_reused_work()
        for doc in docs:
            build(doc)

    seconds = best_of(rounds, cold_pass)
    return len(docs) / seconds


def long_article(words: int, docs: Sequence[Document]) -> Document:
    """An Arabic article of about ``words`` words, made of corpus paragraphs with headings."""
    paragraphs = [
        block_text(block)
        for doc in docs
        if doc.lang == "ar"
        for block in walk_blocks(doc.blocks)
        if len(block_text(block).split()) > 30
    ]
    lines: list[str] = []
    count = 0
    while count < words:
        text = paragraphs[len(lines) % len(paragraphs)]
        if len(lines) % 12 == 0:
            lines.append(f"الجزء {len(lines) // 12 + 1}")
        lines.append(f"{text} ({len(lines)})")  # each paragraph its own: nothing reused
        count += len(text.split())
    return newsconv.parse("[meta]\nheadline: مقال طويل\nlang: ar\n[/meta]\n" + "\n".join(lines))


def linearity(docs: Sequence[Document], rounds: int) -> list[tuple[int, float, int]]:
    """(words, µs per word, pages) for articles of growing length."""
    build = newsconv_pdf()
    out = []
    for words in (1000, 5000, 20000):
        doc = long_article(words, docs)
        real = sum(len(block_text(block).split()) for block in walk_blocks(doc.blocks))
        seconds = best_of(rounds, lambda doc=doc: (forget_reused_work(), build(doc)))
        pages = build(doc).count(b"/Type /Page\n")
        out.append((real, seconds / real * 1e6, pages))
    return out


def peak_memory(build: Callable[[Document], bytes], docs: Sequence[Document]) -> float:
    """Peak traced allocation (MiB) while building every document once."""
    tracemalloc.start()
    for doc in docs:
        build(doc)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def checks_table(paths: Sequence[Path]) -> None:
    """How many corpus articles pass each check."""
    from tests.pdf_render import check, render

    passed: Counter[str] = Counter()
    for path in paths:
        doc = newsconv.parse(path.read_text(encoding="utf-8"), source=str(path))
        for result in check(doc, render(doc)):
            passed[result.name] += result.ok
    print(f"\nchecks over {len(paths)} articles")
    for name, count in passed.items():
        print(f"  {name:18} {count}/{len(paths)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--checks", action="store_true", help="also run every check on the corpus")
    parser.add_argument(
        "--engines", action="store_true", help="also print the text-engine recall table"
    )
    args = parser.parse_args()
    logging.getLogger("newsconv").setLevel(logging.ERROR)

    paths = corpus_paths()
    docs = [newsconv.parse(p.read_text(encoding="utf-8"), source=str(p)) for p in paths]
    example = newsconv.parse(EXAMPLE.read_text(encoding="utf-8"), source=str(EXAMPLE))
    ours, naive = newsconv_pdf(), naive_recipe()
    for build in (ours, naive):  # load fonts and caches before timing
        build(example)

    print(f"{'':28}{'newsconv':>12}{'naive recipe':>14}{'ratio':>8}")
    for label, sample, repeat in (
        ("example (PDFs/s)", [example], 30),
        ("corpus (articles/s)", docs, 1),
    ):
        fast = rate(ours, sample * repeat, args.rounds)
        slow = rate(naive, sample * repeat, args.rounds)
        print(f"{label:28}{fast:12.1f}{slow:14.1f}{fast / slow:8.2f}")

    typst_comparison(EXAMPLE.read_text(encoding="utf-8"), 30, args.rounds, paths)

    sizes = [len(ours(doc)) for doc in docs]
    print(
        f"\ncorpus: {len(docs)} articles, {sum(sizes) / len(sizes) / 1024:.0f} KiB per PDF "
        f"on average, {max(sizes) / 1024:.0f} KiB largest"
    )

    print("\nlinearity (one article)")
    table = linearity(docs, args.rounds)
    for words, micro, pages in table:
        print(f"  {words:6d} words  {pages:3d} pages  {micro:7.1f} µs/word")
    print(f"  cost per word, 20k vs 1k words: {table[-1][1] / table[0][1]:.2f}x")

    print(
        f"\npeak traced memory, whole corpus: {peak_memory(ours, docs):.1f} MiB; "
        f"20k-word article: {peak_memory(ours, [long_article(20000, docs)]):.1f} MiB; "
        f"max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )
    if args.engines:
        recall_table(paths, EXAMPLE)
    if args.checks:
        checks_table(paths)


if __name__ == "__main__":
    main()
