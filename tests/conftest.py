"""Shared fixtures: the example, the real-article corpus in ../shared, temp dirs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLE = EXAMPLES / "kazakhstan.txt"
SHARED = Path(os.environ.get("NEWSCONV_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"


def shared_or_skip(path: Path) -> Path:
    """``path`` inside ../shared; a missing one fails under CI and skips elsewhere."""
    if not path.exists():
        message = f"{path} is missing (set NEWSCONV_SHARED to the shared folder)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def corpus_files() -> list[Path]:
    """Every article of the shared corpus (empty when it is not there)."""
    return sorted(CORPUS.glob("*/*.txt")) if CORPUS.exists() else []


def corpus_ids() -> list[str]:
    return [f"{p.parent.name}/{p.stem}" for p in corpus_files()]


@pytest.fixture
def corpus_dir() -> Path:
    return shared_or_skip(CORPUS)


@pytest.fixture
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Corpus-parametrised tests need the corpus: fail loudly under CI when it is absent."""
    if os.environ.get("CI") and not CORPUS.exists():
        raise pytest.UsageError(f"CI is set but the corpus {CORPUS} is missing")
