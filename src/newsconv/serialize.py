"""The document model as JSON (stamped with :data:`~newsconv.model.MODEL_VERSION`) and back.

:func:`loads` takes text from anywhere: whatever it holds (invalid JSON, unknown nodes or
fields, any depth of nesting) ends in a :class:`~newsconv.diagnostics.NewsconvError` that
says what is wrong, never in another exception. :func:`dumps` writes only what ``loads``
reads back: a document nesting deeper than :data:`MAX_JSON_DEPTH` is refused the same way.
Neither direction recurses in Python.
"""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import datetime
from typing import Any, cast

from . import model
from .diagnostics import NewsconvError
from .model import MODEL_VERSION, NOWHERE, Document, Position

_NODE_TYPES: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (
        model.Text,
        model.Bold,
        model.Italic,
        model.Link,
        model.LineBreak,
        model.Span,
        model.Paragraph,
        model.Heading,
        model.Columns,
        model.Quote,
        model.Box,
        model.Figure,
        model.RelatedItem,
        model.RelatedList,
        model.ListItem,
        model.ListBlock,
        model.Metadata,
        model.Position,
        model.Document,
    )
}
MAX_JSON_DEPTH = 256
"""How deep arrays and objects may nest in model JSON. A document the parser makes needs
fewer than 100 levels (containers nest 6 deep, inline markup 32); a deeper text is refused
before it is decoded, so no depth can exhaust the stack."""
_JSON_NESTING = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]')
"""String literals (skipped whole, brackets inside them do not count) and brackets."""
_DATETIME_FIELDS = frozenset({"date", "updated", "embargo"})
_PAIR_FIELDS = frozenset({"extra"})


def to_data(value: object, max_depth: int | None = None) -> object:
    """A JSON-ready value: nodes become objects tagged with ``type``, tuples become lists.

    Built with an explicit stack, so no depth of nesting exhausts the Python stack. With
    ``max_depth``, a value whose arrays and objects would nest deeper than that many levels
    is refused with a :class:`~newsconv.diagnostics.NewsconvError` naming the deepest
    node's source position when it has one.
    """
    return _to_data(value, max_depth, 1)


def _to_data(value: object, max_depth: int | None, level: int) -> object:
    """:func:`to_data` for a value whose arrays and objects open at ``level``."""
    root: list[object] = [None]
    stack: list[tuple[object, _Slot, int, Position]] = [(value, (root, 0), level, NOWHERE)]
    while stack:
        item, (parent, key), level, pos = stack.pop()
        if dataclasses.is_dataclass(item) and not isinstance(item, type):
            pos = _position_of(item, pos)
            _check_level(level, max_depth, pos)
            data: dict[str, object] = {"type": type(item).__name__}
            for field in dataclasses.fields(item):
                data[field.name] = None  # the key's place, filled when its value is built
                stack.append((getattr(item, field.name), (data, field.name), level + 1, pos))
            parent[key] = data  # type: ignore[index]
        elif isinstance(item, tuple | list):
            _check_level(level, max_depth, pos)
            items: list[object] = [None] * len(item)
            stack.extend((child, (items, i), level + 1, pos) for i, child in enumerate(item))
            parent[key] = items  # type: ignore[index]
        else:
            parent[key] = item.isoformat() if isinstance(item, datetime) else item  # type: ignore[index]
    return root[0]


_Slot = tuple[list[object] | dict[str, object], int | str]
"""Where a converted value goes: its parent list or object and its index or key."""


def _position_of(node: object, enclosing: Position) -> Position:
    """The source position of ``node``, or of the nearest enclosing node that has one."""
    pos = getattr(node, "pos", None)
    return pos if isinstance(pos, Position) and pos != NOWHERE else enclosing


def _check_level(level: int, max_depth: int | None, pos: Position) -> None:
    """Refuse an array or object opening at ``level`` when that is deeper than allowed."""
    if max_depth is None or level <= max_depth:
        return
    where = "" if pos == NOWHERE else f" (the node at line {pos.line}, column {pos.column})"
    raise NewsconvError(
        f"model JSON nests deeper than {max_depth} levels{where};"
        " a document this deep could not be loaded back"
    )


def from_data(data: object, field_name: str = "") -> object:
    """The model value a :func:`to_data` result stands for.

    Built bottom-up with an explicit stack, so no depth of nesting exhausts the Python stack.
    """
    built: list[object] = []  # the values of finished items, in order
    todo: list[tuple[bool, object, str]] = [(False, data, field_name)]
    while todo:
        children_built, item, name = todo.pop()
        if children_built:
            built.append(_assemble(item, built))
        elif isinstance(item, dict):
            _node_type(item)  # refuse an unknown node before reading what it holds
            todo.append((True, item, name))
            fields = [(k, v) for k, v in item.items() if k != "type"]
            todo.extend((False, value, key) for key, value in reversed(fields))
        elif isinstance(item, list) and name not in _PAIR_FIELDS:
            todo.append((True, item, name))
            todo.extend((False, value, "") for value in reversed(item))
        else:
            built.append(_leaf(item, name))
    return built[0]


def _node_type(data: dict[str, object]) -> type[Any]:
    cls = _NODE_TYPES.get(str(data.get("type")))
    if cls is None:
        raise NewsconvError(f"unknown node type {data.get('type')!r} in model JSON")
    return cls


def _assemble(item: object, built: list[object]) -> object:
    """The node or tuple ``item`` stands for, from its children's values at the end of
    ``built`` (which it takes off)."""
    if isinstance(item, dict):
        keys = [key for key in item if key != "type"]
        values = _take(built, len(keys))
        return _node_type(item)(**dict(zip(keys, values, strict=True)))
    return tuple(_take(built, len(cast(list[object], item))))


def _take(built: list[object], count: int) -> list[object]:
    """The last ``count`` values of ``built``, removed from it."""
    if count == 0:
        return []
    taken = built[-count:]
    del built[-count:]
    return taken


def _leaf(item: object, field_name: str) -> object:
    """A value without nodes inside: a date, the pairs of ``extra``, a string or number."""
    if isinstance(item, list):  # pairs
        return tuple(tuple(cast(list[str], pair)) for pair in item)
    if isinstance(item, str) and field_name in _DATETIME_FIELDS:
        return datetime.fromisoformat(item)
    return item


def dumps(doc: Document, indent: int | None = 2) -> str:
    """The document as JSON text: ``{"model_version": …, "document": {…}}``.

    Raises :class:`~newsconv.diagnostics.NewsconvError` when the JSON would nest deeper
    than :data:`MAX_JSON_DEPTH` levels, the most :func:`loads` reads back: whatever
    ``dumps`` writes, ``loads`` reads. (The ``json`` writer flattens deep nesting first.)
    """
    document = _to_data(doc, MAX_JSON_DEPTH, 2)  # the payload object is level 1
    payload = {"model_version": MODEL_VERSION, "document": document}
    return json.dumps(payload, ensure_ascii=False, indent=indent, sort_keys=False) + "\n"


def loads(text: str) -> Document:
    """The document in JSON produced by :func:`dumps` (same model version only).

    Raises :class:`~newsconv.diagnostics.NewsconvError` for anything else: text that is not
    JSON, nests deeper than :data:`MAX_JSON_DEPTH`, or does not describe a document.
    """
    _check_depth(text)
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NewsconvError(
            f"model JSON is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    if not isinstance(payload, dict):
        raise NewsconvError("model JSON is not an object with model_version and document")
    version = payload.get("model_version")
    if version != MODEL_VERSION:
        raise NewsconvError(f"model JSON version {version!r} is not {MODEL_VERSION!r}")
    try:
        document = from_data(payload.get("document"))
    except (TypeError, ValueError) as exc:  # a field a node does not have, a bad date…
        raise NewsconvError(f"model JSON does not describe a document: {exc}") from None
    if not isinstance(document, Document):
        raise NewsconvError("model JSON does not hold a document")
    return document


def _check_depth(text: str) -> None:
    """Refuse ``text`` when its arrays and objects nest deeper than :data:`MAX_JSON_DEPTH`,
    naming the line and column where they do (one pass, no recursion)."""
    depth = 0
    for match in _JSON_NESTING.finditer(text):
        start = match.start()
        opening = text[start]
        if opening in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                line = text.count("\n", 0, start) + 1
                column = start - text.rfind("\n", 0, start)
                raise NewsconvError(
                    f"model JSON nests deeper than {MAX_JSON_DEPTH} levels"
                    f" (line {line}, column {column})"
                )
        elif opening in "]}":
            depth -= 1
