"""EPUBCheck on real books: the examples, one article per corpus language, the corpus digest.

Each book is checked by its own EPUBCheck process; the processes run side by side and the
digest of the whole corpus covers every article's XHTML in one run. Under CI a missing
Java runtime or EPUBCheck fails the run instead of skipping it.
"""

from __future__ import annotations

import json
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import newsconv
from newsconv.checkfiles import epubcheck_jar
from newsconv.resources import folder_loader

from .conftest import CORPUS, EXAMPLE, EXAMPLES, corpus_files, shared_or_skip
from .test_epub_support import PNG, digest, parse_file, single
from .tools import java, missing

FEATURES = """[meta]
headline: اختبار كل العناصر
byline: مراسلنا
dateline: القاهرة
date: 2024-03-05T09:30:00+02:00
keywords: اختبار
[/meta]
فقرة أولى فيها <a href="https://example.com/a b">رابط</a> و<a href="../x.html">رابط محلي</a>.
فقرة ثانية فيها كلمة <span lang="he">שלום</span> بالعبرية.
[two-column]
العمود الأول.
العمود الثاني.
[/two-column]
[quote cite="مصدر"]
اقتباس.
[/quote]
[box title="أرقام"]
صندوق.
[/box]
[image src="photo.png" alt="صورة" credit="وكالة"]تعليق[/image]
[image src="https://example.com/remote.jpg" alt="صورة بعيدة"]لا تُجلب[/image]
[related]
خبر آخر | https://example.com/other
خبر بلا رابط
[/related]
"""

pytestmark = pytest.mark.slow


def _epubcheck_command() -> list[str]:
    """``java -jar …/epubcheck.jar``; a missing runtime or EPUBCheck fails under CI."""
    java_path = java()
    jar = epubcheck_jar()
    if jar is None or not jar.exists():
        missing(f"EPUBCheck 5 (the epubcheck package{f', {jar}' if jar else ''})")
    assert jar is not None
    return [java_path, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-jar", str(jar)]


def _books(tmp: Path) -> dict[str, Path]:
    shared_or_skip(CORPUS)
    books: dict[str, bytes] = {"example": single(parse_file(EXAMPLE))}
    features = newsconv.parse(FEATURES)
    books["features"] = single(
        features, load_resource={"photo.png": PNG}.get, extra={"fonts": "exact"}
    )
    examples = [parse_file(path) for path in sorted(EXAMPLES.glob("*.txt"))]
    books["examples-digest"] = digest(
        examples, title="newsconv examples", load_resource=folder_loader(EXAMPLES)
    )
    assert b"EPUB/images/" in books["examples-digest"]
    files = corpus_files()
    for language in ("ar", "fa", "en", "mixed"):
        first = next(path for path in files if path.parent.name == language)
        books[f"corpus-{language}"] = single(parse_file(first))
    books["corpus-digest"] = digest([parse_file(path) for path in files], title="Corpus digest")
    paths: dict[str, Path] = {}
    for name, data in books.items():
        paths[name] = tmp / f"{name}.epub"
        paths[name].write_bytes(data)
    return paths


def _check(command: list[str], book: Path) -> dict[str, object]:
    """One EPUBCheck run; its JSON report."""
    report = book.with_suffix(".json")
    run = subprocess.run(
        [*command, str(book), "--json", str(report)], capture_output=True, text=True, timeout=300
    )
    assert report.exists(), f"EPUBCheck wrote no report for {book.name}: {run.stdout[-2000:]}"
    result: dict[str, object] = json.loads(report.read_text(encoding="utf-8"))
    return result


def _run_all(command: list[str], books: dict[str, Path]) -> dict[str, dict[str, object]]:
    """Every book checked, as many at once as there are cores."""
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {name: pool.submit(_check, command, path) for name, path in books.items()}
        return {name: future.result() for name, future in futures.items()}


def test_epubcheck_reports_no_error_and_no_warning(tmp_path: Path) -> None:
    command = _epubcheck_command()
    results = _run_all(command, _books(tmp_path))
    failures = []
    for name, result in results.items():
        checker = result["checker"]
        assert isinstance(checker, dict)
        assert str(checker["checkerVersion"]).startswith("5.")
        counts = (checker["nFatal"], checker["nError"], checker["nWarning"])
        if counts != (0, 0, 0):
            messages = result["messages"]
            assert isinstance(messages, list)
            details = [
                f"{m['severity']} {m['ID']} {m['message']} {m['locations'][:1]}" for m in messages
            ]
            failures.append(
                f"{name}: fatal/error/warning = {counts}\n  " + "\n  ".join(details[:20])
            )
    assert not failures, "\n".join(failures)
    assert set(results) == {
        "example",
        "features",
        "examples-digest",
        "corpus-ar",
        "corpus-fa",
        "corpus-en",
        "corpus-mixed",
        "corpus-digest",
    }
