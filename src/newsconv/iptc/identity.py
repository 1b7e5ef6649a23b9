"""Identity and time of an item: guid, provider token, dates with time zones.

The guid never depends on the article's text, so a corrected article keeps its guid
(except for text from stdin with no metadata at all, which the writers warn about);
the dates come from metadata or from the reproducible ``options.timestamp()``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

from ..model import Document, document_text
from ..writers.base import WriterOptions
from ..writers.options import WriterOption
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


PROVIDER_OPTION = WriterOption(
    "provider", str, "", "provider's name or domain when the metadata names none"
)


def provider_name(doc: Document, options: WriterOptions) -> str | None:
    """The provider's name: metadata ``provider``, else the writer option ``provider``."""
    return doc.meta.provider or options.option(PROVIDER_OPTION.name, "").strip() or None


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


def _file_stem(source: str) -> str | None:
    """The input file's name without folder and extension (``in/ar/001.txt`` -> ``001``),
    so the guid is the same however the path was typed; None for stdin or a string."""
    if source in _ANONYMOUS_SOURCES:
        return None
    name = source.replace("\\", "/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    return slug_token(stem) or None


def item_slug(doc: Document) -> str | None:
    """The last part of a derived guid: slugline, else the input file's stem, else the
    headline; None when the article has none of them (text from stdin with no metadata).

    An explicit headline is metadata; a headline derived from the lead is not used, so
    the guid never follows the article's text.
    """
    meta = doc.meta
    if meta.slugline and slug_token(meta.slugline):
        return slug_token(meta.slugline)
    from_source = _file_stem(doc.source)
    if from_source:
        return from_source
    if meta.headline and not meta.headline_derived and slug_token(meta.headline):
        return slug_token(meta.headline)
    return None


def _content_slug(doc: Document) -> str:
    """A last resort that at least tells different articles apart: a digest of the body.
    It changes with any correction of the text, so the writers warn when it is used."""
    digest = hashlib.sha256(document_text(doc).encode("utf-8", "surrogatepass"))
    return "item-" + digest.hexdigest()[:16]


def _guid(doc: Document, provider: str, created: datetime) -> tuple[str, bool]:
    """The guid and whether it is stable (survives a correction of the text)."""
    if doc.meta.guid and clean_meta(doc.meta.guid):
        return clean_meta(doc.meta.guid), True
    slug = item_slug(doc)
    day = created.strftime("%Y%m%d")
    return f"urn:newsml:{provider}:{day}:{slug or _content_slug(doc)}", slug is not None


@dataclass(frozen=True, slots=True)
class ItemIdentity:
    """Everything about an item's identity and time, computed once per document."""

    guid: str
    stable: bool
    """False when nothing but the text identifies the article (see :func:`item_slug`)."""
    provider_token: str
    provider_name: str | None
    first_created: datetime
    version_created: datetime
    vocabulary_base: str


def identity_of(doc: Document, options: WriterOptions) -> ItemIdentity:
    """The identity of ``doc`` as written by the NewsML-G2 and ninjs writers.

    The guid is the ``guid`` metadata, else ``urn:newsml:PROVIDER:YYYYMMDD:SLUG`` with the
    slug of :func:`item_slug`: the same article gets the same guid from any folder.
    """
    meta = doc.meta
    created = meta.date or options.timestamp()
    token = provider_token(doc, options)
    guid, stable = _guid(doc, token, created)
    return ItemIdentity(
        guid=guid,
        stable=stable,
        provider_token=token,
        provider_name=provider_name(doc, options),
        first_created=created,
        version_created=meta.updated or created,
        vocabulary_base=_vocabulary_base(token),
    )


UNSTABLE_GUID = "unstable-guid"


def warn_if_unstable(doc: Document, identity: ItemIdentity, options: WriterOptions) -> None:
    """Report a guid that only the text makes: a corrected version would get another."""
    if not identity.stable:
        options.warn(
            doc,
            UNSTABLE_GUID,
            f"the guid {identity.guid} is made from the text, so a corrected version gets "
            "another one; give a guid or slugline (--meta guid=…, --meta slugline=…)",
        )
