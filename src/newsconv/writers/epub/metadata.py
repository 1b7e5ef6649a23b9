"""Package metadata: identifiers, dates, Dublin Core and accessibility properties."""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
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


CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
"""The ``dcterms:conformsTo`` value of a book that meets EPUB Accessibility 1.1 at WCAG 2.1 AA."""


@dataclass(frozen=True, slots=True)
class ImageCount:
    """The images a book shows, and how many of them lack a text alternative."""

    shown: int = 0
    undescribed: int = 0
    """Images with no alt text that the author did not mark decorative."""


def accessibility_metadata(images: ImageCount, certified_by: str | None = None) -> list[Meta]:
    """The EPUB Accessibility 1.1 properties of a book.

    Every book is text with language, direction and structure marked, so it conforms to
    WCAG 2.1 AA unless an image lacks a text alternative: then textual reading is not
    sufficient, ``alternativeText`` is not claimed and no conformance is declared.
    ``certified_by`` (the publisher's ``certified-by`` option) names who checked the book.
    """
    described = images.undescribed == 0
    modes = ["textual", "visual"] if images.shown else ["textual"]
    sufficient = ["textual"] if described else []
    if images.shown:
        sufficient.append("textual,visual")
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "ARIA"]
    features.append("displayTransformability")
    if images.shown and described:
        features.append("alternativeText")
    entries = [Meta(None, "schema:accessMode", mode) for mode in modes]
    entries.extend(Meta(None, "schema:accessModeSufficient", mode) for mode in sufficient)
    entries.extend(Meta(None, "schema:accessibilityFeature", feature) for feature in features)
    entries.append(Meta(None, "schema:accessibilityHazard", "none"))
    summary = _summary(images)
    entries.append(Meta(None, "schema:accessibilitySummary", summary, {XML_LANG: "en"}))
    if described:
        entries.append(Meta(None, "dcterms:conformsTo", CONFORMANCE))
    if certified_by and certified_by.strip():
        entries.append(Meta(None, "a11y:certifiedBy", certified_by.strip()))
    return entries


def _summary(images: ImageCount) -> str:
    summary = (
        "Text with headings, ARIA roles and a navigable table of contents; reading order "
        "follows the articles; language and text direction are marked on every document "
        "and on every run in another script."
    )
    if not images.shown:
        return summary
    if images.undescribed:
        count = images.undescribed
        return summary + f" {count} of {images.shown} images have no text alternative."
    return summary + " Every image has a text alternative or is marked decorative."


def _w3c(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
