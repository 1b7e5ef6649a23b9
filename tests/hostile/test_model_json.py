"""Model JSON from anywhere: any depth or damage ends in one clear NewsconvError."""

from __future__ import annotations

import json

import pytest

from newsconv.diagnostics import NewsconvError
from newsconv.model import MODEL_VERSION, Bold, Document, Inline, Paragraph, Text
from newsconv.serialize import MAX_JSON_DEPTH, dumps, loads

HOSTILE_DEPTH = 100_000


def wrapped(document: str) -> str:
    return f'{{"model_version": "{MODEL_VERSION}", "document": {document}}}'


def nested_bold(depth: int) -> Document:
    node: Inline = Text("innermost")
    for level in range(depth):
        node = Bold((Text(f"w{level} "), node))
    return Document((Paragraph((node,)),), lang="en")


@pytest.mark.parametrize(
    "text",
    [
        "[" * HOSTILE_DEPTH + "]" * HOSTILE_DEPTH,
        '{"a":' * HOSTILE_DEPTH + "1" + "}" * HOSTILE_DEPTH,
        wrapped("[" * HOSTILE_DEPTH + "]" * HOSTILE_DEPTH),
        wrapped('{"type": "Text", "text": ' * HOSTILE_DEPTH + "1" + "}" * HOSTILE_DEPTH),
        wrapped("[{" * HOSTILE_DEPTH),  # deep and unterminated
    ],
    ids=["lists", "objects", "lists-in-document", "nodes-in-document", "unterminated"],
)
def test_hostile_depth_is_a_clear_error(text: str) -> None:
    with pytest.raises(NewsconvError, match=f"nests deeper than {MAX_JSON_DEPTH} levels"):
        loads(text)


def test_the_error_says_where_the_nesting_gets_too_deep() -> None:
    text = '{\n "s": "[[[[ brackets in a string do not count",\n "d": ' + "[" * 300
    # the object is level 1, so the 256th bracket of line 3 (after 6 characters) is too deep
    with pytest.raises(NewsconvError, match=r"\(line 3, column 262\)"):
        loads(text)


def test_documents_near_the_limit_still_load() -> None:
    # the payload, document, blocks, paragraph and its children take 5 levels, each bold 2
    # (itself and its children), the innermost text and its position 2
    deepest = (MAX_JSON_DEPTH - 7) // 2
    doc = nested_bold(deepest)
    text = dumps(doc, indent=None)
    assert loads(text) == doc
    with pytest.raises(NewsconvError, match="nests deeper"):
        loads(dumps(nested_bold(deepest + 1), indent=None))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{not json", "is not valid JSON: Expecting property name"),
        ("[1, 2]", "is not an object"),
        ('{"model_version": "0.1", "document": {}}', "version '0.1'"),
        (wrapped('{"type": "Script"}'), "unknown node type 'Script'"),
        (wrapped('{"type": "Document", "blocks": [], "evil": 1}'), "does not describe"),
        (wrapped('{"type": "Text", "text": "x"}'), "does not hold a document"),
        (
            wrapped(
                '{"type": "Document", "blocks": [], "meta": {"type": "Metadata", "date": "x"}}'
            ),
            "does not describe a document: Invalid isoformat",
        ),
    ],
)
def test_damaged_model_json_is_a_clear_error(text: str, words: str) -> None:
    with pytest.raises(NewsconvError, match=words):
        loads(text)


def test_a_dumped_document_round_trips() -> None:
    doc = nested_bold(3)
    assert loads(dumps(doc)) == doc
    assert json.loads(dumps(doc))["model_version"] == MODEL_VERSION
