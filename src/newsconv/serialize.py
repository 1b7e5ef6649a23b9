"""The document model as JSON (stamped with :data:`~newsconv.model.MODEL_VERSION`) and back.

:func:`loads` takes text from anywhere: whatever it holds (invalid JSON, unknown nodes or
fields, any depth of nesting) ends in a :class:`~newsconv.diagnostics.NewsconvError` that
says what is wrong, never in another exception.
"""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import datetime
from typing import Any, cast

from . import model
from .diagnostics import NewsconvError
from .model import MODEL_VERSION, Document

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


def to_data(value: object) -> object:
    """A JSON-ready value: nodes become objects tagged with ``type``, tuples become lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data: dict[str, object] = {"type": type(value).__name__}
        for field in dataclasses.fields(value):
            data[field.name] = to_data(getattr(value, field.name))
        return data
    if isinstance(value, tuple | list):
        return [to_data(item) for item in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def from_data(data: object, field_name: str = "") -> object:
    """The model value a :func:`to_data` result stands for."""
    if isinstance(data, dict):
        cls = _NODE_TYPES.get(str(data.get("type")))
        if cls is None:
            raise NewsconvError(f"unknown node type {data.get('type')!r} in model JSON")
        kwargs = {k: from_data(v, k) for k, v in data.items() if k != "type"}
        return cls(**kwargs)
    if isinstance(data, list):
        if field_name in _PAIR_FIELDS:
            return tuple(tuple(cast(list[str], pair)) for pair in data)
        return tuple(from_data(item) for item in data)
    if isinstance(data, str) and field_name in _DATETIME_FIELDS:
        return datetime.fromisoformat(data)
    return data


def dumps(doc: Document, indent: int | None = 2) -> str:
    """The document as JSON text: ``{"model_version": …, "document": {…}}``."""
    payload = {"model_version": MODEL_VERSION, "document": to_data(doc)}
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
