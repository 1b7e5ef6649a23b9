"""Accessibility, checked for real: DAISY Ace on the EPUBs, axe-core on the HTML pages.

Both checkers run in headless Chromium from the npm project in ``tests/a11y``. They are
batched: one Ace process and one browser check every book, one browser (two tabs) checks
every page. Under CI missing Node, Chromium or npm packages fail the run; elsewhere the
tests skip and say what is missing.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

import newsconv
from newsconv.model import Document
from newsconv.resources import folder_loader

from .a11y_samples import LANGUAGES, sample_docs
from .conftest import CORPUS, EXAMPLE, EXAMPLES, corpus_files, shared_or_skip
from .test_epub_check import _epubcheck_command, _run_all
from .test_epub_support import PNG, digest, parse_file, single
from .tools import node_script

pytestmark = pytest.mark.slow

Violations = dict[str, list[dict[str, object]]]


def _photo(src: str) -> bytes | None:
    return PNG if src == "photo.png" else None


def _books() -> dict[str, bytes]:
    shared_or_skip(CORPUS)
    samples = sample_docs()
    books = {f"blocks-{lang}": single(doc, load_resource=_photo) for lang, doc in samples.items()}
    books["blocks-digest"] = digest(
        list(samples.values()), load_resource=_photo, extra={"certified-by": "newsconv tests"}
    )
    books["example"] = single(parse_file(EXAMPLE))
    examples = [parse_file(path) for path in sorted(EXAMPLES.glob("*.txt"))]
    books["examples-digest"] = digest(examples, load_resource=folder_loader(EXAMPLES))
    undescribed = newsconv.parse('Text of the article.\n[image src="photo.png"]A caption[/image]')
    books["undescribed-image"] = single(undescribed, load_resource=_photo)
    # one real article per corpus language, in one digest (the samples cover single books)
    firsts: dict[str, Document] = {}
    for path in corpus_files():
        if path.parent.name not in firsts:
            firsts[path.parent.name] = parse_file(path)
    books["corpus-digest"] = digest(list(firsts.values()), title="Corpus digest")
    return books


def _run_batch(script: str, module: str, report: Path, files: list[Path]) -> Violations:
    command, env = node_script(script, module)
    run = subprocess.run(
        [*command, str(report), *map(str, files)],
        capture_output=True,
        text=True,
        env=env,
        cwd=report.parent,
        timeout=600,
    )
    assert report.exists(), f"{script} wrote no report: {run.stderr[-3000:]}"
    result: Violations = json.loads(report.read_text(encoding="utf-8"))
    assert run.returncode == 0, f"{script} failed: {run.stderr[-3000:]}"
    return result


def _summary(results: Violations, describe: Callable[[dict[str, object]], str]) -> str:
    lines = []
    for name, found in results.items():
        lines.extend(f"{Path(name).name}: {describe(v)}" for v in found)
    return "\n".join(lines)


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("books")
    paths = {}
    for name, data in _books().items():
        paths[name] = folder / f"{name}.epub"
        paths[name].write_bytes(data)
    return paths


def test_ace_finds_no_violation_in_any_book(books: dict[str, Path]) -> None:
    report = next(iter(books.values())).parent / "ace.json"
    results = _run_batch("ace-batch.js", "@daisy/ace-core", report, list(books.values()))
    assert set(results) == {str(path) for path in books.values()}
    summary = _summary(
        results, lambda v: f"{v['impact']} {v['rule']} in {v['document']}: {v['message']}"
    )
    assert not summary, "Ace violations:\n" + summary


def test_accessible_books_still_pass_epubcheck(books: dict[str, Path]) -> None:
    # the digest holds every language's chapter; the single book adds the title page
    names = ("blocks-digest", "blocks-ar", "undescribed-image")
    chosen = {name: books[name] for name in names}
    failures = []
    for name, result in _run_all(_epubcheck_command(), chosen).items():
        checker = result["checker"]
        assert isinstance(checker, dict)
        if (checker["nFatal"], checker["nError"], checker["nWarning"]) != (0, 0, 0):
            failures.append(f"{name}: {result['messages']}")
    assert not failures, "\n".join(failures)


def _pages(folder: Path) -> list[Path]:
    shared_or_skip(CORPUS)
    (folder / "photo.png").write_bytes(PNG)
    docs = {f"blocks-{lang}": doc for lang, doc in sample_docs().items()}
    for path in [*sorted(EXAMPLES.glob("*.txt")), *corpus_files()]:
        docs[f"{path.parent.name}-{path.stem}"] = parse_file(path)
    pages = []
    for name, doc in docs.items():
        page = folder / f"{name}.html"
        page.write_text(str(newsconv.convert(doc, "html")), encoding="utf-8")
        pages.append(page)
    return pages


def test_axe_finds_no_wcag_violation_in_any_page(tmp_path: Path) -> None:
    pages = _pages(tmp_path)
    assert len(pages) >= len(LANGUAGES) + len(corpus_files())
    results = _run_batch("axe-batch.js", "axe-core", tmp_path / "axe.json", pages)
    assert set(results) == {str(page) for page in pages}
    summary = _summary(
        results, lambda v: f"{v['impact']} {v['rule']} ({v['help']}): {v['targets']}"
    )
    assert not summary, "axe-core violations:\n" + summary
