"""``--to json``: the document model as JSON, stamped with the model version."""

from __future__ import annotations

from typing import ClassVar

from ..model import Document
from ..serialize import dumps
from .base import WriterOptions
from .options import WriterOption
from .safety import safe_document


class JsonWriter:
    """The model itself, for debugging and for other tools."""

    name: ClassVar[str] = "json"
    description: ClassVar[str] = "the document model as JSON (with model_version)"
    media_type: ClassVar[str] = "application/json"
    extension: ClassVar[str] = "json"
    binary: ClassVar[bool] = False
    options: ClassVar[tuple[WriterOption, ...]] = ()

    def write(self, doc: Document, options: WriterOptions) -> str:
        """The document as indented JSON."""
        return dumps(safe_document(doc, options))
