"""A faster formatter for reportlab's PDF objects, with the very bytes reportlab writes.

reportlab formats every dictionary, array, name, number and reference of a file through
one generic function that tests each value against all its kinds in turn and encodes
every name and string through a Python codec. While a document is saved, that function
is replaced by :func:`format_object`, which formats the common kinds directly (names of
dictionary keys made once per process, ASCII text encoded without the codec) and hands
everything else to reportlab's own function.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc

_REPORTLAB_FORMAT: Callable[..., bytes] = pdfdoc.format
_NOT_PLAIN = re.compile("[^\t\n\r\x20-\x7e]")
"""Characters the PDFDocEncoding codec may map elsewhere or refuse; all others are ASCII
bytes of themselves."""
_KEYS: dict[str, bytes] = {}
"""Dictionary key -> its formatted name and the space after it."""
_KINDS: dict[type, str] = {}
"""Class -> how :func:`format_object` formats its instances."""


@contextmanager
def fast_formatting() -> Iterator[None]:
    """Format with :func:`format_object` for the time of a save (under the drawing lock:
    the replacement writes the same bytes, so a file saved meanwhile elsewhere is
    unaffected)."""
    saved = pdfdoc.format
    pdfdoc.format = format_object
    try:
        yield
    finally:
        pdfdoc.format = saved


def _encoded(text: str) -> bytes:
    if _NOT_PLAIN.search(text) is None:
        return text.encode("ascii")
    return bytes(pdfdoc.pdfdocEnc(text))


def _kind(cls: type) -> str:
    kind = _KINDS.get(cls)
    if kind is None:
        format_method = getattr(cls, "format", None)
        if hasattr(cls, "__RefOnly__") or hasattr(cls, "__Comment__"):
            kind = "other"
        elif format_method is pdfdoc.PDFDictionary.format:
            kind = "dictionary"
        elif format_method is pdfdoc.PDFArray.format:
            kind = "array"
        elif format_method is pdfdoc.PDFObjectReference.format:
            kind = "reference"
        else:
            kind = "other"
        _KINDS[cls] = kind
    return kind


def format_object(element: Any, document: Any, toplevel: int = 0) -> bytes:
    """The bytes reportlab's ``pdfdoc.format`` gives ``element``."""
    cls = element.__class__
    if cls is str:
        return _encoded(element)
    if cls is int or cls is float:
        return _encoded(pdfdoc.fp_str(element))
    if cls is bytes:
        return element  # type: ignore[no-any-return]
    kind = _kind(cls)
    if kind == "other" or hasattr(element, "__Comment__") or hasattr(element, "__RefOnly__"):
        return _REPORTLAB_FORMAT(element, document, toplevel)
    if kind == "reference":
        number, version = document.idToObjectNumberAndVersion[element.name]
        return f"{number} {version} R".encode("ascii")
    if kind == "dictionary":
        return _dictionary(element, document)
    return _array(element, document)


def _dictionary(element: Any, document: Any) -> bytes:
    entries = element.dict
    keys = list(entries)
    if not isinstance(entries, OrderedDict):
        keys.sort()
    parts = []
    for key in keys:
        name = _KEYS.get(key)
        if name is None:
            name = _KEYS[key] = _encoded(pdfdoc.PDFName(key)) + b" "
        parts.append(name + format_object(entries[key], document))
    return b"<<\n" + _joined(element, parts, 6) + b"\n>>"


def _array(element: Any, document: Any) -> bytes:
    parts = [format_object(item, document) for item in element.sequence]
    return b"[ " + _joined(element, parts, 10) + b" ]"


def _joined(element: Any, parts: list[bytes], per_line: int) -> bytes:
    """A dictionary's or array's items as reportlab lays them out: one per line when the
    element is multiline, else ``per_line`` to a line."""
    if (element.multiline and rl_config.pdfMultiLine) or element.multiline == "forced":
        return b"\n ".join(parts)
    for index in reversed(range(per_line, len(parts), per_line)):
        parts.insert(index, b"\n ")
    return b" ".join(parts)
