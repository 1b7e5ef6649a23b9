"""Article metadata: ``key: value`` lines of a ``[meta]`` block, or the same keys given by the
API (``meta={...}``) and the CLI (``--meta key=value``, ``--meta-file``)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from ..model import Metadata

KEY_ALIASES = {
    "title": "headline",
    "subtitle": "subheadline",
    "author": "byline",
    "by": "byline",
    "language": "lang",
    "id": "guid",
    "slug": "slugline",
    "tags": "keywords",
    "subject": "subjects",
    "description": "summary",
    "credit": "creditline",
    "status": "pubstatus",
    "note": "ednote",
    "location": "located",
}
TEXT_KEYS = frozenset(
    {
        "headline",
        "subheadline",
        "byline",
        "dateline",
        "slugline",
        "summary",
        "genre",
        "provider",
        "copyright",
        "creditline",
        "located",
        "ednote",
        "url",
        "guid",
    }
)
DATE_KEYS = frozenset({"date", "updated", "embargo"})
LIST_KEYS = frozenset({"keywords", "subjects"})
CHOICES = {"pubstatus": ("usable", "withheld", "canceled"), "signal": ("update", "correction")}
KNOWN_KEYS = (
    TEXT_KEYS | DATE_KEYS | LIST_KEYS | set(CHOICES) | {"lang", "version", "urgency", "infer"}
)
INFERENCE_RULES = ("headline", "headings", "related")
"""The structure rules ``infer:`` may name; ``yes`` is all of them, ``no`` none."""
_YES = frozenset({"yes", "true", "on", "all"})
_NO = frozenset({"no", "false", "off", "none"})

_LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_SUBJECT = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*:\S+$")


class MetaValueError(ValueError):
    """A metadata value that does not fit its key; the message says what is expected."""


def canonical_key(key: str) -> str:
    """The canonical name of a metadata key (lower case, aliases resolved, ``_`` for ``-``)."""
    key = key.strip().lower().replace("-", "_")
    return KEY_ALIASES.get(key, key)


def parse_datetime(value: str) -> datetime:
    """An ISO 8601 date or date-time; one without a UTC offset is taken as UTC."""
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise MetaValueError(
            f"{value!r} is not an ISO 8601 date (e.g. 2022-01-10 or 2022-01-10T09:30:00+03:00)"
        ) from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _int_in(low: int, high: int) -> Callable[[str], int]:
    def convert(value: str) -> int:
        if not value.strip().isdigit() or not low <= int(value) <= high:
            raise MetaValueError(f"{value!r} is not a whole number from {low} to {high}")
        return int(value)

    return convert


def _lang(value: str) -> str:
    if not _LANG_TAG.match(value.strip()):
        raise MetaValueError(f"{value!r} is not a BCP 47 language tag (e.g. ar, fa, en-GB)")
    return value.strip()


def _list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in re.split(r"[,،;]", value) if part.strip())


def _subjects(value: str) -> tuple[str, ...]:
    codes = _list(value)
    bad = [code for code in codes if not _SUBJECT.match(code)]
    if bad:
        raise MetaValueError(f"subjects must be QCodes such as medtop:11000000, not {bad[0]!r}")
    return codes


def _rules(value: str) -> frozenset[str]:
    """``infer:`` as the set of rules to apply: yes, no, or a list of rule names."""
    word = value.strip().lower()
    if word in _YES:
        return frozenset(INFERENCE_RULES)
    if word in _NO:
        return frozenset()
    names = {name.lower() for name in _list(value)}
    unknown = sorted(names - set(INFERENCE_RULES))
    if unknown or not names:
        choices = ", ".join(INFERENCE_RULES)
        raise MetaValueError(f"{value!r} is not yes, no or a list of rules from {choices}")
    return frozenset(names)


def _choice(key: str) -> Callable[[str], str]:
    def convert(value: str) -> str:
        choice = value.strip().lower()
        if choice not in CHOICES[key]:
            raise MetaValueError(f"{value!r} is not one of {', '.join(CHOICES[key])}")
        return choice

    return convert


def _text(value: str) -> str:
    return value.strip()


def converter(key: str) -> Callable[[str], object]:
    """The function that turns a raw string into the typed value of ``key``."""
    if key in DATE_KEYS:
        return parse_datetime
    if key in CHOICES:
        return _choice(key)
    special: dict[str, Callable[[str], object]] = {
        "version": _int_in(1, 1_000_000),
        "urgency": _int_in(1, 9),
        "lang": _lang,
        "keywords": _list,
        "subjects": _subjects,
        "infer": _rules,
    }
    return special.get(key, _text)


def convert_value(key: str, value: str) -> object:
    """The typed value of ``key``; raises :class:`MetaValueError` when it does not fit."""
    return converter(key)(value)


def apply(meta: Metadata, values: Mapping[str, object]) -> Metadata:
    """``meta`` with typed ``values`` set; unknown keys go to ``extra``."""
    known = {k: v for k, v in values.items() if k in _FIELDS}
    skip = {"lang", "infer"}
    extra = tuple((k, str(v)) for k, v in values.items() if k not in _FIELDS and k not in skip)
    if not known and not extra:
        return meta  # nothing to set: no copy of every field
    if "headline" in known:
        known["headline_derived"] = False
    return dataclasses.replace(meta, **known, extra=meta.extra + extra)  # type: ignore[arg-type]


_FIELDS = frozenset(f.name for f in dataclasses.fields(Metadata)) - {"extra", "headline_derived"}


def typed_values(raw: Mapping[str, str]) -> dict[str, object]:
    """Typed metadata from raw strings (API and CLI); raises MetaValueError naming the key."""
    values: dict[str, object] = {}
    for key, value in raw.items():
        name = canonical_key(key)
        try:
            values[name] = convert_value(name, str(value))
        except MetaValueError as exc:
            raise MetaValueError(f"metadata {key!r}: {exc}") from None
    return values
