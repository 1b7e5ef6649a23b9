"""Identity and time of an item: guid, provider token, dates with time zones.

The guid never depends on the article's text, so a corrected article keeps its guid;
the dates come from metadata or from the reproducible ``options.timestamp()``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

from ...model import Document
from ..base import WriterOptions
from .text import clean_meta

UNKNOWN_PROVIDER = "unknown"
"""Provider token written when neither metadata nor options name the provider."""

_DOMAIN = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")
_SEPARATORS = re.compile(r"[\s/\\?#:]+")
_ANONYMOUS_SOURCES = frozenset({"", "-", "<string>", "<stdin>"})


def g2_datetime(moment: datetime) -> str:
    """An ISO 8601 date-time that always carries its zone (``Z`` for UTC).

    A naive datetime (which the parser never produces) is taken as UTC.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    text = moment.isoformat(timespec="microseconds" if moment.microsecond else "seconds")
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def first_created(doc: Document, options: WriterOptions) -> datetime:
    """When the article was first created: its ``date``, else the reproducible 'now'."""
    return doc.meta.date or options.timestamp()


def version_created(doc: Document, options: WriterOptions) -> datetime:
    """When this version was created: ``updated``, else ``date``, else the reproducible 'now'."""
    return doc.meta.updated or first_created(doc, options)


def slug_token(text: str, limit: int = 80) -> str:
    """``text`` as a URN-safe token: NFC, lower case, separators as ``-``, others %-encoded.

    At most ``limit`` characters of ``text`` are kept (cut before encoding, so no escape
    sequence is ever broken).
    """
    normal = _SEPARATORS.sub("-", unicodedata.normalize("NFC", text).strip().lower())
    return quote(normal.strip("-")[:limit].strip("-"), safe="-._~")


def provider_name(doc: Document, options: WriterOptions) -> str | None:
    """The provider's name: metadata ``provider``, else the writer option ``provider``."""
    return doc.meta.provider or options.option("provider", "").strip() or None


def provider_token(doc: Document, options: WriterOptions) -> str:
    """The provider as written in URNs: its domain as is, any other name as a slug."""
    name = provider_name(doc, options)
    if not name:
        return UNKNOWN_PROVIDER
    lowered = name.strip().lower()
    return lowered if _DOMAIN.match(lowered) else slug_token(name) or UNKNOWN_PROVIDER


def vocabulary_base(doc: Document, options: WriterOptions) -> str:
    """The URI under which the provider's own schemes live (ends with ``/`` or ``:``)."""
    return _vocabulary_base(provider_token(doc, options))


def _vocabulary_base(token: str) -> str:
    if _DOMAIN.match(token):
        return f"https://{token}/newsconv/cv/"
    return f"urn:newsml:{token}:newsconv:cv:"


def _source_slug(source: str) -> str | None:
    """``<folder>-<stem>`` of an input path (``ar/001.txt`` -> ``ar-001``)."""
    if source in _ANONYMOUS_SOURCES:
        return None
    parts = source.replace("\\", "/").rsplit("/", 2)[-2:]
    parts[-1] = parts[-1].rsplit(".", 1)[0] if "." in parts[-1].lstrip(".") else parts[-1]
    return slug_token("-".join(part for part in parts if part)) or None


def item_slug(doc: Document) -> str:
    """The last part of a derived guid: slugline, else the input's name, else the headline.

    An explicit headline is metadata; a headline derived from the lead is not used, so
    the guid never follows the article's text.
    """
    meta = doc.meta
    if meta.slugline and slug_token(meta.slugline):
        return slug_token(meta.slugline)
    from_source = _source_slug(doc.source)
    if from_source:
        return from_source
    if meta.headline and not meta.headline_derived and slug_token(meta.headline):
        return slug_token(meta.headline)
    return "item"


def _guid(doc: Document, provider: str, created: datetime) -> str:
    if doc.meta.guid and clean_meta(doc.meta.guid):
        return clean_meta(doc.meta.guid)
    return f"urn:newsml:{provider}:{created.strftime('%Y%m%d')}:{item_slug(doc)}"


@dataclass(frozen=True, slots=True)
class ItemIdentity:
    """Everything about an item's identity and time, computed once per document."""

    guid: str
    provider_token: str
    provider_name: str | None
    first_created: datetime
    version_created: datetime
    vocabulary_base: str


def identity_of(doc: Document, options: WriterOptions) -> ItemIdentity:
    """The identity of ``doc`` as written by the NewsML-G2 and ninjs writers."""
    meta = doc.meta
    created = meta.date or options.timestamp()
    token = provider_token(doc, options)
    return ItemIdentity(
        guid=_guid(doc, token, created),
        provider_token=token,
        provider_name=provider_name(doc, options),
        first_created=created,
        version_created=meta.updated or created,
        vocabulary_base=_vocabulary_base(token),
    )
