"""Greedy line filling and cutting over-long words between clusters."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from newsconv.text.linebreak import Item, cluster_boundaries, cut_word, fill_lines, soft_breaks


def items(widths: list[float]) -> list[Item]:
    out, start = [], 0
    for width in widths:
        out.append(Item(start, start + 1, width))
        start += 2
    return out


def test_fills_greedily() -> None:
    lines = fill_lines(items([30, 30, 30, 30]), space=5, width=70)
    assert [(line.first, line.last) for line in lines] == [(0, 1), (2, 3)]
    assert lines[0].width == 65


def test_exact_fit_stays_on_the_line() -> None:
    lines = fill_lines(items([30, 35]), space=5, width=70)
    assert len(lines) == 1


def test_an_item_wider_than_the_line_gets_a_line_of_its_own() -> None:
    lines = fill_lines(items([10, 100, 10]), space=5, width=50)
    assert [(line.first, line.last) for line in lines] == [(0, 0), (1, 1), (2, 2)]


def test_empty_input_has_no_lines() -> None:
    assert fill_lines([], space=5, width=50) == []


def test_cut_word_respects_clusters_and_width() -> None:
    widths = [10.0, 0.0, 10.0, 10.0, 0.0, 10.0]
    boundaries = cluster_boundaries(6, lambda k: widths[k] == 0.0)
    pieces = cut_word(100, widths, boundaries, width=20)
    assert [(p.start, p.end) for p in pieces] == [(100, 103), (103, 106)]
    assert [p.space_before for p in pieces] == [True, False]
    assert all(p.width <= 20 for p in pieces)


@given(
    st.lists(st.floats(min_value=1, max_value=60), min_size=1, max_size=40),
    st.floats(min_value=60, max_value=300),
)
def test_lines_tile_the_items_in_order_and_fit(widths: list[float], width: float) -> None:
    lines = fill_lines(items(widths), space=4, width=width)
    assert lines[0].first == 0 and lines[-1].last == len(widths) - 1
    for before, after in itertools.pairwise(lines):
        assert after.first == before.last + 1
    assert all(line.width <= width + 1e-6 for line in lines)


def test_an_address_is_cut_after_a_slash_or_hyphen_that_fits() -> None:
    word = "https://newsconv.example/section-name/long"
    widths = [1.0] * len(word)
    pieces = cut_word(0, widths, [True] * len(word), width=20, preferred=soft_breaks(word))
    assert [word[p.start : p.end] for p in pieces] == [
        "https://newsconv.",
        "example/section-",
        "name/long",
    ]


def test_soft_breaks_keep_runs_of_punctuation_whole() -> None:
    assert [k for k, soft in enumerate(soft_breaks("a://b-c")) if soft] == [4, 6]


@given(
    st.lists(st.floats(min_value=0.5, max_value=15), min_size=1, max_size=60),
    st.lists(st.booleans(), min_size=60, max_size=60),
    st.lists(st.booleans(), min_size=60, max_size=60),
    st.floats(min_value=15, max_value=80),
)
def test_cut_pieces_tile_the_word_and_fit(
    widths: list[float], allowed: list[bool], preferred: list[bool], width: float
) -> None:
    boundaries = [True, *allowed[1 : len(widths)]]
    pieces = cut_word(7, widths, boundaries, width, preferred[: len(widths)])
    assert pieces[0].start == 7 and pieces[-1].end == 7 + len(widths)
    for before, after in itertools.pairwise(pieces):
        assert after.start == before.end and boundaries[after.start - 7]
    for piece in pieces:
        assert abs(piece.width - sum(widths[piece.start - 7 : piece.end - 7])) < 1e-6
        cuttable = any(boundaries[k - 7] for k in range(piece.start + 1, piece.end))
        assert piece.width <= width + 1e-6 or not cuttable
