"""Golden parser cases: tests/cases/parser/NAME.txt -> tests/golden/parser/NAME.tree.

Each golden holds the tree dump and the diagnostics; regenerate with --update-goldens.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import newsconv
from newsconv.dump import tree

CASES = sorted((Path(__file__).parent / "cases" / "parser").glob("*.txt"))


def render_case(path: Path) -> str:
    result = newsconv.parse_with_diagnostics(path.read_bytes(), source=path.name)
    diagnostics = "\n".join(str(d) for d in result.diagnostics)
    return (
        tree(result.document)
        + "--- diagnostics ---\n"
        + (diagnostics + "\n" if diagnostics else "")
    )


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_parser_golden(path: Path, golden) -> None:  # type: ignore[no-untyped-def]
    golden(f"parser/{path.stem}.tree", render_case(path))


def test_every_case_has_a_golden() -> None:
    goldens = {p.stem for p in (Path(__file__).parent / "golden" / "parser").glob("*.tree")}
    assert goldens == {p.stem for p in CASES}
