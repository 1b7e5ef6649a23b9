"""Throughput of the NewsML-G2 writer on the corpus, against a bare lxml baseline.

The baseline builds and serialises (UTF-8), with bare lxml calls, the very XHTML body the
writer puts in ``inlineXML`` (same elements, attributes and text, taken from the renderer
before timing), without metadata or rendering logic. A lighter reference (one element per
block with its plain text) is printed too. Everything runs in the same process on the same
parsed documents, interleaved round by round; parsing happens before any timing.

    python benchmarks/newsml.py [--rounds N] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from lxml import etree

import newsconv
from newsconv.model import Document, Heading, Paragraph, block_text, walk_blocks
from newsconv.writers.base import WriterOptions
from newsconv.writers.newsml import NewsMessageWriter, NewsMLWriter
from newsconv.writers.newsml.body import xhtml_element
from newsconv.writers.ninjs import NinjsWriter
from newsconv.writers.xhtml import XHTML_NS

try:
    from .common import CORPUS, ROOT
except ImportError:  # run as a script
    from common import CORPUS, ROOT  # type: ignore[no-redef]

OPTIONS = WriterOptions()


def load(corpus: Path) -> list[Document]:
    """Every example and corpus article, parsed (outside the timed loops)."""
    paths = [*sorted((ROOT / "examples").glob("*.txt")), *sorted(corpus.glob("*/*.txt"))]
    return [
        newsconv.parse_with_diagnostics(
            p.read_text(encoding="utf-8"), source=f"{p.parent.name}/{p.name}"
        ).document
        for p in paths
    ]


Snapshot = tuple[str, dict[str, str], str | None, str | None, list["Snapshot"]]


def snapshot(element: etree._Element) -> Snapshot:
    """The XHTML body newsconv renders for a document, as plain data (taken untimed)."""
    attrs = {str(k): str(v) for k, v in element.attrib.items()}
    children = [snapshot(child) for child in element]
    return str(element.tag), attrs, element.text, element.tail, children


def build(data: Snapshot, parent: etree._Element | None) -> etree._Element:
    """Bare lxml: the same elements, attributes and text, with no rendering logic."""
    tag, attrs, text, tail, children = data
    if parent is None:
        element = etree.Element(tag, attrs, nsmap={None: XHTML_NS})  # type: ignore[dict-item]
    else:
        element = etree.SubElement(parent, tag, attrs)
    element.text, element.tail = text, tail
    for child in children:
        build(child, element)
    return element


def bare_body(data: Snapshot) -> bytes:
    """The baseline: build the same XHTML body with bare lxml calls and serialise it."""
    return etree.tostring(build(data, None), encoding="utf-8")


def block_text_body(doc: Document) -> bytes:
    """A lighter reference: one element per block holding its plain text, serialised."""
    html = etree.Element(f"{{{XHTML_NS}}}html", nsmap={None: XHTML_NS})  # type: ignore[dict-item]
    html.set("lang", doc.lang)
    html.set("dir", doc.dir)
    body = etree.SubElement(html, f"{{{XHTML_NS}}}body")
    for block in walk_blocks(doc.blocks):
        tag = "h2" if isinstance(block, Heading) else "p" if isinstance(block, Paragraph) else "div"
        etree.SubElement(body, f"{{{XHTML_NS}}}{tag}").text = block_text(block)
    return etree.tostring(html, encoding="utf-8")


def best_rates(
    candidates: dict[str, Callable[[Document], object]], docs: Sequence[Document], rounds: int
) -> dict[str, float]:
    """Documents per second of each candidate: the best of ``rounds`` passes over ``docs``.

    Passes are interleaved (one pass of each candidate per round), so that load from
    other processes affects the baseline and the writers alike.
    """
    best = dict.fromkeys(candidates, float("inf"))
    for _ in range(rounds):
        for name, render in candidates.items():
            start = time.perf_counter()
            for doc in docs:
                render(doc)
            best[name] = min(best[name], time.perf_counter() - start)
    return {name: len(docs) / seconds for name, seconds in best.items()}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    docs = load(args.corpus)
    size = sum(len(NewsMLWriter().write(d, OPTIONS)) for d in docs)
    print(f"{len(docs)} documents, {size / len(docs) / 1024:.1f} KiB of NewsML-G2 each")
    newsml, ninjs, message = NewsMLWriter(), NinjsWriter(), NewsMessageWriter()
    nitf = WriterOptions(extra={"body": "nitf"})
    snapshots = {id(doc): snapshot(xhtml_element(doc)) for doc in docs}
    baseline = "bare lxml, same XHTML body (baseline)"
    candidates: dict[str, Callable[[Document], object]] = {
        baseline: lambda d: bare_body(snapshots[id(d)]),
        "bare lxml, block text only (reference)": block_text_body,
        "newsml (newsItem, XHTML body)": lambda d: newsml.write(d, OPTIONS),
        "newsml --body nitf": lambda d: newsml.write(d, nitf),
        "ninjs": lambda d: ninjs.write(d, OPTIONS),
    }
    rates = best_rates(candidates, docs, args.rounds)
    whole = best_rates({"m": lambda _d: message.write_many(docs, OPTIONS)}, docs[:1], args.rounds)
    rates["newsml-message (whole corpus per message)"] = whole["m"] * len(docs)
    for name, value in rates.items():
        print(f"{name:42s} {value:9.0f} items/s   ratio to baseline {value / rates[baseline]:5.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
