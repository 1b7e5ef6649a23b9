"""Model JSON written by ``dumps``: one depth limit on both sides, any depth a clear error."""

from __future__ import annotations

import json
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsconv
from newsconv.diagnostics import NewsconvError
from newsconv.model import (
    NOWHERE,
    Block,
    Bold,
    Box,
    Columns,
    Document,
    Inline,
    Italic,
    Link,
    Paragraph,
    Position,
    Quote,
    Span,
    Text,
)
from newsconv.serialize import MAX_JSON_DEPTH, dumps, loads, to_data

HOSTILE_DEPTH = 20_000  # far past any recursion limit
INLINE_WRAPPERS = ("bold", "italic", "link", "span")
CONTAINER_WRAPPERS = ("quote", "box", "columns")
# payload, document, blocks (3), paragraph and its children (2), text and its position (2)
FIXED_LEVELS = 7
DEEPEST_WRAPPERS = (MAX_JSON_DEPTH - FIXED_LEVELS) // 2
"""Each wrapper (an inline or a container) takes two levels: itself and its children."""


def wrap_inline(kind: str, inner: Inline, pos: Position) -> Inline:
    children = (Text("w "), inner)
    if kind == "bold":
        return Bold(children, pos)
    if kind == "italic":
        return Italic(children, pos)
    if kind == "link":
        return Link("https://example.org/a", children, pos)
    return Span(children, "ar", "rtl", pos)


def wrap_block(kind: str, inner: Block, pos: Position) -> Block:
    children = (Paragraph((Text("p"),)), inner)
    if kind == "quote":
        return Quote(children, "someone", pos)
    if kind == "box":
        return Box(children, "title", pos)
    return Columns(children, 2, pos)


def nested_document(containers: list[str], inlines: list[str], positions: bool) -> Document:
    """A document built through the API: containers around a paragraph of nested inlines."""
    line = iter(range(1, 1_000_000))

    def pos() -> Position:
        return Position(next(line), 3, 0) if positions else NOWHERE

    node: Inline = Text("innermost", pos())
    for kind in reversed(inlines):
        node = wrap_inline(kind, node, pos())
    block: Block = Paragraph((node,), pos())
    for kind in reversed(containers):
        block = wrap_block(kind, block, pos())
    return Document((block,), lang="ar", dir="rtl", source="api")


def bracket_depth(text: str) -> int:
    """How deep the arrays and objects of JSON ``text`` nest (read by the json module)."""
    deepest = 0
    stack = [(json.loads(text), 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, level)
            items = value.values() if isinstance(value, dict) else value
            stack.extend((item, level + 1) for item in items)
    return deepest


@st.composite
def nestings(draw: st.DrawFn) -> tuple[list[str], list[str], bool]:
    """Wrapper chains from well within the limit to just past it."""
    total = draw(st.integers(DEEPEST_WRAPPERS - 6, DEEPEST_WRAPPERS + 3))
    count = draw(st.integers(0, total))
    containers = draw(st.lists(st.sampled_from(CONTAINER_WRAPPERS), min_size=count, max_size=count))
    size = total - count
    inlines = draw(st.lists(st.sampled_from(INLINE_WRAPPERS), min_size=size, max_size=size))
    return containers, inlines, draw(st.booleans())


@settings(max_examples=30, deadline=None)
@given(nestings(), st.sampled_from([None, 0, 2]))
def test_what_dumps_writes_loads_reads_back(
    nesting: tuple[list[str], list[str], bool], indent: int | None
) -> None:
    containers, inlines, positions = nesting
    doc = nested_document(containers, inlines, positions)
    levels = FIXED_LEVELS + 2 * (len(containers) + len(inlines))
    if levels <= MAX_JSON_DEPTH:
        text = dumps(doc, indent=indent)
        assert bracket_depth(text) == levels
        assert loads(text) == doc
    else:
        with pytest.raises(NewsconvError, match=f"nests deeper than {MAX_JSON_DEPTH} levels"):
            dumps(doc, indent=indent)


def test_the_limit_is_exact() -> None:
    inlines = ["bold"] * DEEPEST_WRAPPERS
    deepest = nested_document([], inlines, positions=False)
    assert loads(dumps(deepest)) == deepest
    with pytest.raises(NewsconvError, match="nests deeper"):
        dumps(nested_document([], [*inlines, "bold"], positions=False))


def test_the_refusal_names_the_node_position() -> None:
    doc = nested_document(["quote"] * 20, ["italic"] * (DEEPEST_WRAPPERS + 5), positions=True)
    # the positions count lines from the innermost text outwards: the first node too deep
    # (walking in from the document) is the wrapper whose children cross the limit
    with pytest.raises(NewsconvError, match=r"\(the node at line \d+, column 3\)") as caught:
        dumps(doc)
    assert "could not be loaded back" in str(caught.value)


@pytest.mark.parametrize("where", ["inline", "containers"])
def test_hostile_depth_built_through_the_api_is_a_clear_error(where: str) -> None:
    inlines = ["bold", "link"] * (HOSTILE_DEPTH // 2) if where == "inline" else []
    containers = ["box"] * HOSTILE_DEPTH if where == "containers" else []
    doc = nested_document(containers, inlines, positions=False)
    with pytest.raises(NewsconvError, match=f"nests deeper than {MAX_JSON_DEPTH} levels") as err:
        dumps(doc)
    assert "line" not in str(err.value)  # a document without positions names none


def test_to_data_without_a_limit_walks_any_depth() -> None:
    doc = nested_document([], ["span"] * HOSTILE_DEPTH, positions=False)
    data = to_data(doc)
    assert isinstance(data, dict) and data["type"] == "Document"


@pytest.mark.parametrize("depth", [DEEPEST_WRAPPERS + 1, 5000])
def test_the_json_writer_flattens_and_its_output_loads(depth: int) -> None:
    doc = nested_document(["box"] * 40, ["bold"] * depth, positions=True)
    result = newsconv.render(doc, "json")
    assert isinstance(result.data, str)
    assert loads(result.data) != doc
    assert "innermost" in result.data
    assert {d.code for d in result.diagnostics} == {"too-deep"}


def stack_depth() -> int:
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1  # type: ignore[assignment]
    return depth


def test_loading_at_the_limit_needs_no_python_recursion() -> None:
    deepest = nested_document(["box"] * 10, ["bold"] * (DEEPEST_WRAPPERS - 10), positions=True)
    text = dumps(deepest, indent=None)
    limit = sys.getrecursionlimit()
    # room for the JSON decoder's own count of levels, not for two frames per level
    sys.setrecursionlimit(stack_depth() + MAX_JSON_DEPTH + 60)
    try:
        loaded = loads(text)
    finally:
        sys.setrecursionlimit(limit)
    assert loaded == deepest
