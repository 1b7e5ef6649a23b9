"""Package metadata: identifiers, dates, Dublin Core and accessibility properties."""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime

from ...model import Direction, Document, document_text
from ...text.script import text_direction
from ...text.urls import safe_url
from .package import XML_LANG, Meta

_NAMESPACE = uuid.UUID("5b0f3a1e-8c2d-5e47-9a61-3f1c7d2e9b84")
"""The uuid5 namespace of newsconv book identifiers."""


def article_key(doc: Document) -> str:
    """A stable key of an article: its guid and version, else a hash of its content."""
    if doc.meta.guid:
        return f"guid:{doc.meta.guid}:{doc.meta.version}"
    date = doc.meta.date.isoformat() if doc.meta.date else ""
    digest = hashlib.sha256(f"{date}\n{document_text(doc)}".encode()).hexdigest()
    return f"text:{digest}"


def book_identifier(keys: Sequence[str]) -> str:
    """``urn:uuid:`` + a uuid5 of the article keys: the same articles, the same identifier."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, chr(10).join(keys))}"


def modified_time(docs: Sequence[Document], fallback: datetime) -> datetime:
    """The newest ``updated``/``date`` of the articles, else ``fallback``, in UTC to the second."""
    moments = [moment for doc in docs for moment in (doc.meta.updated, doc.meta.date) if moment]
    moment = max(moments) if moments else fallback
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)


def primary_language(docs: Sequence[Document]) -> tuple[str, Direction]:
    """The most frequent language of ``docs`` (first seen wins a tie) and its direction."""
    counts = Counter(doc.lang for doc in docs)
    best = max(counts.values())
    first = next(doc for doc in docs if counts[doc.lang] == best)
    return first.lang, first.dir


def languages(docs: Sequence[Document], primary: str) -> tuple[str, ...]:
    """Every language of ``docs``, the primary one first."""
    ordered = [primary]
    for doc in docs:
        if doc.lang not in ordered:
            ordered.append(doc.lang)
    return tuple(ordered)


def title_meta(title: str, lang: str, dir: Direction) -> Meta:
    """``dc:title`` with the direction of its own text."""
    attrs = {"id": "dc-title", "dir": text_direction(title, dir)}
    if attrs["dir"] == dir:
        attrs[XML_LANG] = lang
    return Meta("DC", "title", title, attrs)


def article_metadata(doc: Document) -> list[Meta]:
    """Dublin Core entries taken from one article's metadata."""
    meta = doc.meta
    entries: list[Meta] = []
    if meta.byline:
        entries.append(Meta("DC", "creator", meta.byline, {"id": "dc-creator"}))
    if meta.date:
        entries.append(Meta("DC", "date", _w3c(meta.date)))
    for name, value in (
        ("publisher", meta.provider),
        ("rights", meta.copyright),
        ("description", meta.summary),
        ("source", safe_url(meta.url)),
    ):
        if value:
            entries.append(Meta("DC", name, value))
    entries.extend(Meta("DC", "subject", keyword) for keyword in meta.keywords)
    return entries


def digest_metadata(docs: Sequence[Document]) -> list[Meta]:
    """Dublin Core entries of a digest: its date and the articles' publishers."""
    entries: list[Meta] = []
    dates = [doc.meta.date for doc in docs if doc.meta.date]
    if dates:
        entries.append(Meta("DC", "date", _w3c(max(dates))))
    publishers = dict.fromkeys(doc.meta.provider for doc in docs if doc.meta.provider)
    entries.extend(Meta("DC", "publisher", publisher) for publisher in publishers)
    return entries


def accessibility_metadata(has_images: bool) -> list[Meta]:
    """The schema.org accessibility properties EPUB Accessibility asks for."""
    features = ["structuralNavigation", "tableOfContents", "readingOrder"]
    modes = ["textual"]
    if has_images:
        features.append("alternativeText")
        modes.append("visual")
    summary = (
        "Text with sub-headings and a navigable table of contents; reading order follows "
        "the articles; language and text direction are marked on every document."
    )
    if has_images:
        summary += " Images carry text alternatives."
    entries = [Meta(None, "schema:accessMode", mode) for mode in modes]
    entries.append(Meta(None, "schema:accessModeSufficient", "textual"))
    entries.extend(Meta(None, "schema:accessibilityFeature", feature) for feature in features)
    entries.append(Meta(None, "schema:accessibilityHazard", "none"))
    entries.append(Meta(None, "schema:accessibilitySummary", summary, {XML_LANG: "en"}))
    return entries


def _w3c(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
