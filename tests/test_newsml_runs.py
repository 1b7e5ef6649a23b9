"""``direction_runs`` (used for every text of the XHTML body) agrees with the character-by-
character definition of a foreign-direction run, on generated text and on the corpus."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsconv.model import Direction
from newsconv.text.script import char_direction, direction_runs

from .conftest import corpus_files

MIXED_ALPHABET = "abc XYZ 123 ۱۲ ،.«»()-\u200c\u200f\u061c\u202b\u2067 سلام پژ שלום ١٢٣ \u0300\n"


def reference_runs(text: str, base: Direction) -> list[tuple[str, Direction]]:
    """The definition, one character at a time: a foreign run spans from a strong foreign
    character to the last strong foreign character, or digit that joins it (European digits;
    Arabic-Indic ones too in left-to-right text), before the next strong base character."""
    other: Direction = "ltr" if base == "rtl" else "rtl"
    joining = {"EN"} if base == "rtl" else {"EN", "AN"}
    runs: list[tuple[str, Direction]] = []
    start, foreign_start, foreign_end = 0, -1, 0
    for index, ch in enumerate(text + "\uffff"):
        direction = char_direction(ch) if index < len(text) else base
        if direction is None:
            if foreign_start >= 0 and unicodedata.bidirectional(ch) in joining:
                foreign_end = index + 1
        elif direction == other:
            foreign_start = index if foreign_start < 0 else foreign_start
            foreign_end = index + 1
        elif foreign_start >= 0:
            if foreign_start > start:
                runs.append((text[start:foreign_start], base))
            runs.append((text[foreign_start:foreign_end], other))
            start, foreign_start = foreign_end, -1
    if start < len(text):
        runs.append((text[start:], base))
    return runs


@given(st.text(alphabet=MIXED_ALPHABET, max_size=60), st.sampled_from(["ltr", "rtl"]))
def test_matches_the_definition_on_generated_text(text: str, base: Direction) -> None:
    assert direction_runs(text, base) == reference_runs(text, base)


@given(st.text(max_size=40), st.sampled_from(["ltr", "rtl"]))
def test_matches_the_definition_on_any_unicode(text: str, base: Direction) -> None:
    runs = direction_runs(text, base)
    assert runs == reference_runs(text, base)
    assert "".join(run for run, _ in runs) == text


def test_numbers_join_the_run_before_them() -> None:
    assert direction_runs("اشترى iPhone 15 أمس", "rtl") == [
        ("اشترى ", "rtl"),
        ("iPhone 15", "ltr"),
        (" أمس", "rtl"),
    ]
    assert direction_runs("He said שלום ١٢ today", "ltr")[1] == ("שלום ١٢", "rtl")


def test_text_beyond_the_bmp_takes_the_same_path() -> None:
    text = "قال 𝐀𝐁 GASTAT 2024 ثم"  # mathematical bold letters are strong left to right
    assert direction_runs(text, "rtl") == reference_runs(text, "rtl")
    assert direction_runs(text, "rtl")[1] == ("𝐀𝐁 GASTAT 2024", "ltr")


@pytest.mark.parametrize("base", ["ltr", "rtl"])
def test_matches_the_definition_on_the_corpus(base: Direction) -> None:
    paths: list[Path] = corpus_files()[:40]
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            assert direction_runs(line, base) == reference_runs(line, base), path
