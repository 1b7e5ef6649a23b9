"""PDF text layer and speed against Typst: the parts of ``benchmarks/pdf.py`` that need
the test helpers (the engines) or the optional ``typst`` package.

* :func:`recall_table` prints the mean word recall (%) per engine and language over the
  corpus, the example, the feature articles and the Hebrew and Urdu test texts (the
  measure of ``tests/pdf_engines.py``), and how often each engine finds «كازاخستان» in
  the example (9 occurrences); pdfminer.six is listed for information.
* :func:`typst_comparison` times the example, changed each time (a number added to its
  first paragraph), with newsconv and with a warm Typst compiler given the same fonts,
  alternately in the same process. Both reuse what did not change: Typst its memoised
  layout, newsconv its laid-out paragraphs and drawn lines (see
  :mod:`newsconv.writers.pdf.fontplan`). Then the same over different corpus articles,
  where little can be reused.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tests import pdf_engines

import newsconv
from newsconv.model import Document, Heading, Paragraph, Quote, RelatedList, inline_text
from newsconv.writers.base import WriterOptions
from newsconv.writers.pdf import PdfWriter, forget_reused_work

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "src" / "newsconv" / "fonts"
LANGUAGES = ("example", "blocks", "ar", "fa", "ur", "he", "en", "mixed")
ENGINES = ("poppler", "pdfium", "mupdf", "pypdf", "pdfjs", "pdfminer")
"""The five engines the text layer is made for, and pdfminer.six for information (it has
no bidi at all: right-to-left text comes out in drawing order)."""


def _articles(corpus: Sequence[Path], example: Path) -> dict[str, list[Path]]:
    data = ROOT / "tests" / "data"
    out: dict[str, list[Path]] = {
        "example": [example],
        "blocks": [ROOT / "examples" / "features-ar.txt", ROOT / "examples" / "features-en.txt"],
        "ur": [data / "urdu.txt"],
        "he": [data / "hebrew.txt"],
    }
    for path in corpus:
        if path != example:
            out.setdefault(path.parent.name, []).append(path)
    return out


def _folder_loader(folder: Path) -> Callable[[str], bytes | None]:
    def load(src: str) -> bytes | None:
        path = (folder / src).resolve()
        return path.read_bytes() if folder.resolve() in path.parents and path.is_file() else None

    return load


def recall_table(corpus: Sequence[Path], example: Path) -> None:
    """Print mean recall per engine × language, and the raw search of the example."""
    articles = _articles(corpus, example)
    writer = PdfWriter()
    with tempfile.TemporaryDirectory() as folder:
        pdfs: dict[Path, Path] = {}
        for language, paths in articles.items():
            for path in paths:
                doc = newsconv.parse(path.read_text(encoding="utf-8"), source=str(path))
                options = WriterOptions(load_resource=_folder_loader(path.parent))
                pdf = Path(folder) / f"{language}-{path.parent.name}-{path.stem}.pdf"
                pdf.write_bytes(writer.write(doc, options))
                pdfs[path] = pdf
        texts: dict[str, dict[Path, str] | str] = {}
        for engine in ENGINES:
            try:
                if engine == "pdfjs":
                    texts[engine] = pdf_engines.pdfjs_texts(list(pdfs.values()))
                else:
                    read = pdf_engines.ENGINES.get(engine, pdf_engines.pdfminer)
                    texts[engine] = {pdf: read(pdf) for pdf in pdfs.values()}
            except (ImportError, FileNotFoundError, OSError) as error:
                texts[engine] = f"skipped ({error})"
    counts = {lang: len(paths) for lang, paths in articles.items()}
    print("\nword recall (%), mean over the articles of each language (count in brackets)")
    header = "".join(f"{f'{lang} ({counts.get(lang, 0)})':>14}" for lang in LANGUAGES)
    print(f"  {'engine':9}{header}{'«كازاخستان»':>14}")
    for engine in ENGINES:
        got = texts[engine]
        if isinstance(got, str):
            print(f"  {engine:9} {got}")
            continue
        cells = []
        for language in LANGUAGES:
            scores = [
                pdf_engines.recall(
                    pdf_engines.source_words(path.read_text(encoding="utf-8")), got[pdfs[path]]
                )
                for path in articles.get(language, [])
            ]
            cells.append(f"{statistics.fmean(scores):14.1f}" if scores else f"{'-':>14}")
        found = got[pdfs[example]].count("كازاخستان")
        print(f"  {engine:9}" + "".join(cells) + f"{found:>12}/9")


# ----------------------------------------------------------------------------- Typst


def typst_source(doc: Document) -> str:
    """The article as Typst markup in the bundled fonts (headline, headings, paragraphs,
    quotes, related titles), right to left when the document is."""
    rtl = doc.dir == "rtl"
    lines = [
        f'#set text(font: ("Amiri", "DejaVu Sans"), lang: "{doc.lang.split("-")[0]}",'
        f" dir: {'rtl' if rtl else 'ltr'}, size: 12pt)",
        '#set page(paper: "a4", margin: 2cm)',
        "#set par(justify: true)",
    ]
    if doc.meta.headline:
        lines.append(f"= {_escape(doc.meta.headline)}\n")
    for block in doc.blocks:
        lines.extend(_typst_block(block))
    return "\n".join(lines)


def _typst_block(block: object) -> list[str]:
    if isinstance(block, Heading):
        return [f"== {_escape(inline_text(block.children))}\n"]
    if isinstance(block, Paragraph):
        return [_escape(inline_text(block.children)) + "\n"]
    if isinstance(block, Quote):
        inner = "\n\n".join(line for child in block.children for line in _typst_block(child))
        return [f"#quote(block: true)[{inner}]\n"]
    if isinstance(block, RelatedList):
        return [f"- {_escape(item.title)}" for item in block.items] + [""]
    children = getattr(block, "children", ())
    return [line for child in children for line in _typst_block(child)]


def _escape(text: str) -> str:
    return "".join("\\" + ch if ch in "\\#[]*_`$<>@=-+/~\"'" else ch for ch in text)


def typst_comparison(
    example_text: str, count: int, rounds: int, corpus: Sequence[Path] = ()
) -> None:
    """Print both rates for ``count`` changed examples, best of ``rounds``, alternating;
    then the same for ``count`` different corpus articles, when given."""
    try:
        import typst
    except ImportError:
        print("\nTypst: skipped (pip install typst)")
        return
    compiler = typst.Compiler(font_paths=[str(FONTS)], ignore_system_fonts=True)
    changed = [
        newsconv.parse(example_text.replace("كازاخستان", f"كازاخستان {n}", 1)) for n in range(count)
    ]
    _compare(compiler, f"example changed each time, {count} documents", changed, rounds)
    if corpus:
        articles = [newsconv.parse(path.read_text(encoding="utf-8")) for path in corpus]
        label = f"{len(articles)} different corpus articles, newsconv cold each round"
        _compare(compiler, label, articles, rounds, cold=True)


def _compare(
    compiler: Any, label: str, docs: Sequence[Document], rounds: int, cold: bool = False
) -> None:
    """Wall and CPU time per document of newsconv and Typst, alternately, best of
    ``rounds`` (CPU time is the process's, all threads, less disturbed by other load).
    ``cold`` drops what newsconv keeps between documents before each of its rounds
    (Typst keeps its memoised work: this only favours Typst)."""
    sources = [typst_source(doc).encode("utf-8") for doc in docs]
    writer, options = PdfWriter(), WriterOptions()
    compiler.compile(input=sources[-1], format="pdf")  # warm both
    writer.write(docs[-1], options)

    def ours() -> None:
        if cold:
            forget_reused_work()
        for doc in docs:
            writer.write(doc, options)

    def theirs() -> None:
        for source in sources:
            compiler.compile(input=source, format="pdf")

    wall = {"newsconv": float("inf"), "typst": float("inf")}
    cpu = dict(wall)
    for _ in range(rounds):
        for name, work in (("newsconv", ours), ("typst", theirs)):
            start, start_cpu = time.perf_counter(), time.process_time()
            work()
            wall[name] = min(wall[name], time.perf_counter() - start)
            cpu[name] = min(cpu[name], time.process_time() - start_cpu)
    count = len(docs)
    print(f"\n{label}, best of {rounds} (same process)")
    print(f"  {'':10}{'PDFs/s':>9}{'CPU ms/PDF':>12}")
    for name, note in (("newsconv", ""), ("typst", " (warm compiler, same fonts)")):
        print(f"  {name:10}{count / wall[name]:9.1f}{cpu[name] / count * 1000:12.2f}{note}")
    print(
        f"  ratio     {wall['typst'] / wall['newsconv']:9.2f}x"
        f"{cpu['typst'] / cpu['newsconv']:11.2f}x (Typst's time / ours)"
    )
