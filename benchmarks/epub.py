"""Single-article EPUBs per second on the corpus, against a bare ebooklib book of each article.

The baseline builds, in the same process and on the same parsed articles, the smallest book
ebooklib makes: one chapter of paragraphs, an NCX and a nav, no font and no metadata beyond
title, language and identifier. newsconv is timed twice: a cold pass with an empty font
subset cache (the first articles of each character-group combination pay for subsetting)
and warm passes. Book sizes are reported per corpus language.

    python benchmarks/epub.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import html
import io
import logging
import statistics
import sys
import time
import zipfile
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from ebooklib import epub

import newsconv
from newsconv.model import Document, block_text, walk_blocks
from newsconv.text import fontsubset
from newsconv.writers.base import WriterOptions
from newsconv.writers.epub import EpubWriter

try:
    from .common import corpus_paths
except ImportError:  # run as a script
    from common import corpus_paths  # type: ignore[no-redef]


def bare_ebooklib_book(doc: Document) -> bytes:
    """The same article as a minimal ebooklib book: paragraphs only."""
    book = epub.EpubBook()
    book.set_identifier("bench")
    book.set_title(doc.meta.headline or "article")
    book.set_language(doc.lang)
    paragraphs = "".join(
        f"<p>{html.escape(line)}</p>"
        for block in walk_blocks(doc.blocks)
        for line in block_text(block).split("\n")
        if line
    )
    chapter = epub.EpubHtml(title="article", file_name="article.xhtml", lang=doc.lang)
    chapter.content = f"<html><body>{paragraphs}</body></html>"
    book.add_item(chapter)
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", chapter]
    book.toc = [chapter]
    out = io.BytesIO()
    epub.write_epub(out, book)
    return out.getvalue()


def timed(build: Callable[[Document], bytes], docs: Sequence[Document]) -> tuple[float, list[int]]:
    """Seconds to build one book per document, and the book sizes."""
    sizes: list[int] = []
    start = time.perf_counter()
    for doc in docs:
        sizes.append(len(build(doc)))
    return time.perf_counter() - start, sizes


def font_bytes(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(i.file_size for i in archive.infolist() if i.filename.endswith(".woff"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    paths = corpus_paths()
    docs = [newsconv.parse(p.read_text(encoding="utf-8"), source=str(p)) for p in paths]
    writer, options = EpubWriter(), WriterOptions()

    def newsconv_book(doc: Document) -> bytes:
        return writer.write(doc, options)

    fontsubset.subset_cache_clear()
    cold_seconds, sizes = timed(newsconv_book, docs)
    warm, bare = [], []
    for _ in range(args.rounds):
        warm.append(timed(newsconv_book, docs)[0])
        bare.append(timed(bare_ebooklib_book, docs)[0])
    n = len(docs)
    warm_rate, bare_rate = n / statistics.median(warm), n / statistics.median(bare)
    print(f"articles: {n} ({args.rounds} warm rounds, median)")
    print(f"newsconv EPUB, cold font cache : {n / cold_seconds:8.1f} books/s")
    print(f"newsconv EPUB, warm            : {warm_rate:8.1f} books/s")
    print(f"bare ebooklib baseline         : {bare_rate:8.1f} books/s")
    print(f"ratio newsconv/baseline (warm) : {warm_rate / bare_rate:8.2f}")
    print(f"font subsets built (cold pass) : {fontsubset._subset_font.cache_info().currsize}")
    by_language: dict[str, list[int]] = defaultdict(list)
    for path, size in zip(paths, sizes, strict=True):
        by_language[path.parent.name].append(size)
    print("book sizes (bytes): language  count  median  max   fonts in a median book")
    for language, values in sorted(by_language.items()):
        doc = docs[sizes.index(sorted(values)[len(values) // 2])]
        fonts = font_bytes(writer.write(doc, options))
        print(
            f"  {language:8} {len(values):5} {int(statistics.median(values)):8} "
            f"{max(values):6} {fonts:8}"
        )
    start = time.perf_counter()
    book = writer.write_many(docs, WriterOptions(title="Corpus digest"))
    seconds = time.perf_counter() - start
    print(f"digest of the corpus: {len(book)} bytes, fonts {font_bytes(book)}, {seconds:.2f} s")
    exact = writer.write(docs[0], WriterOptions(extra={"fonts": "exact"}))
    print(f"{paths[0].parent.name}/{paths[0].name} with fonts=exact: {len(exact)} bytes")


if __name__ == "__main__":
    main()
