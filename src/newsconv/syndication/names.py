"""Remote file names from a partner's template; the result never leaves the remote folder.

Fields: ``{guid}``, ``{version}``, ``{seq}``, ``{slug}``, ``{format}``, ``{ext}``. Values are
reduced to ``A-Z a-z 0-9 . _ -`` (anything else becomes ``_``), the template's own text may
not contain a separator, and the final name is checked once more before any transport sees it.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping

FIELDS = frozenset({"guid", "version", "seq", "slug", "format", "ext"})
MAX_NAME = 200
"""Longest remote name in bytes (leaves room for a transport's temporary prefix)."""
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class NameTemplateError(ValueError):
    """A template or a rendered name that is not a plain file name."""


def check_template(template: str, *, fields: bool = True) -> None:
    """Raise :class:`NameTemplateError` unless ``template`` can only give plain names."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise NameTemplateError(f"bad template {template!r}: {exc}") from None
    for literal, name, spec, conversion in parsed:
        check_literal(literal)
        if name is None:
            continue
        if not fields:
            raise NameTemplateError("a feed file name takes no {fields}")
        if name not in FIELDS:
            raise NameTemplateError(
                f"unknown field {{{name}}} (fields: {', '.join(sorted(FIELDS))})"
            )
        if spec or conversion:
            raise NameTemplateError(f"field {{{name}}} takes no format or conversion")
    if not template:
        raise NameTemplateError("a file name may not be empty")
    if fields and not any(name in ("guid", "seq") for _l, name, _s, _c in parsed):
        raise NameTemplateError("the template needs {guid} or {seq} so that names differ")


def check_literal(text: str) -> None:
    """Fixed template text may not hold a separator or a control character."""
    if "/" in text or "\\" in text or _CONTROL.search(text):
        raise NameTemplateError("a file name may not contain '/', '\\' or control characters")


def safe_part(value: str) -> str:
    """``value`` reduced to characters that are safe in any file system."""
    return _UNSAFE.sub("_", value).strip("._") or "_"


def render_name(template: str, values: Mapping[str, str | int]) -> str:
    """The remote name of one delivery; raises :class:`NameTemplateError` if unusable."""
    name = template.format(**{key: safe_part(str(value)) for key, value in values.items()})
    check_name(name)
    return name


def check_name(name: str) -> None:
    """Raise :class:`NameTemplateError` unless ``name`` stays inside the remote folder."""
    check_literal(name)
    if name in ("", ".", "..") or name.startswith(".") or ".." in name.split("/"):
        raise NameTemplateError(f"{name!r} is not a plain file name")
    if len(name.encode("utf-8")) > MAX_NAME:
        raise NameTemplateError(f"{name[:40]!r}… is longer than {MAX_NAME} bytes")
