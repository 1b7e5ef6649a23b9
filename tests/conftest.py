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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite the expected files under tests/golden/ from the current output",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """``golden(relative_path, actual_text)``: compare with tests/golden/…, or rewrite it
    when pytest runs with ``--update-goldens``."""
    update = bool(request.config.getoption("--update-goldens"))

    def check(relative: str, actual: str) -> None:
        path = ROOT / "tests" / "golden" / relative
        if update or not path.exists():
            if not update:
                pytest.fail(
                    f"golden {relative} is missing; run pytest --update-goldens and review it"
                )
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, f"output differs from tests/golden/{relative} (--update-goldens)"

    return check
