"""Every real article parses in lenient mode without errors, and no body text is lost."""

from __future__ import annotations

from pathlib import Path

import pytest

import newsconv
from newsconv.diagnostics import Severity

from .conftest import EXAMPLE, corpus_files, corpus_ids
from .textcheck import model_text, strip_markup

FILES = [*corpus_files(), EXAMPLE]
IDS = [*corpus_ids(), "example"]


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_article_parses_without_errors(path: Path) -> None:
    result = newsconv.parse_with_diagnostics(path.read_bytes(), source=str(path))
    errors = [d for d in result.diagnostics if d.severity >= Severity.ERROR]
    assert errors == []
    assert result.document.blocks


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_no_body_text_is_lost(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    doc = newsconv.parse(source, source=str(path))
    assert model_text(doc) == strip_markup(source)


def test_corpus_is_complete(corpus_dir: Path) -> None:
    """The shared corpus is the one the suite was written against (all four folders)."""
    assert {p.name for p in corpus_dir.iterdir() if p.is_dir()} == {"ar", "fa", "en", "mixed"}
    assert len(corpus_files()) >= 100
