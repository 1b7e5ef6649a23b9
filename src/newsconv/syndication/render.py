"""Rendering one delivery: the release's article through the partner's writer and options."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from ..api import parse_with_diagnostics
from ..diagnostics import Diagnostic, Severity
from ..markup.meta import apply, typed_values
from ..model import Document
from ..resources import folder_loader
from ..writers import registry
from ..writers.base import ResourceLoader, WriterOptions
from .ledger import Release
from .names import render_name
from .profile import Partner


@dataclass(frozen=True)
class Rendered:
    """The bytes of one delivery and how to name them."""

    data: bytes
    media_type: str
    extension: str
    diagnostics: tuple[Diagnostic, ...] = ()
    """What the writer reported (a refused or bad image, an unsafe URL repaired…)."""


class DocumentCache:
    """Parsed articles by release id (a release goes to several partners and formats)."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._docs: OrderedDict[int, Document] = OrderedDict()

    def get(self, release: Release) -> Document:
        """The parsed article of ``release``, with the release's identity and signals."""
        doc = self._docs.get(release.id)
        if doc is None:
            doc = parse_with_diagnostics(
                release.source, source=release.source_name, meta=release.meta
            ).document
            self._docs[release.id] = doc
            if len(self._docs) > self.size:
                self._docs.popitem(last=False)
        else:
            self._docs.move_to_end(release.id)
        return doc


def release_options(release: Release, partner: Partner, fmt: str) -> WriterOptions:
    """Writer options of one delivery: the partner's options, 'now' pinned to the release,
    and the article's images read from its own folder (when it was read from a file)."""
    return WriterOptions(
        now=datetime.fromtimestamp(release.created_at, tz=UTC).replace(microsecond=0),
        extra=dict(partner.options.get(fmt, {})),
        load_resource=images_beside(release.source_name),
    )


def _no_image(_src: str) -> bytes | None:
    return None


def images_beside(source_name: str) -> ResourceLoader:
    """Reads an article's images from the folder of its file, and nothing outside it."""
    source = Path(source_name)
    return folder_loader(source.resolve().parent) if source.is_file() else _no_image


def render(doc: Document, release: Release, partner: Partner, fmt: str) -> Rendered:
    """The article of ``release`` in format ``fmt`` with ``partner``'s writer options."""
    writer = registry.get(fmt)
    options = release_options(release, partner, fmt)
    output = writer.write(doc, options)
    data = output.encode("utf-8") if isinstance(output, str) else output
    return Rendered(data, writer.media_type, writer.extension, options.diagnostics.diagnostics)


def feed_entry(doc: Document, release: Release, partner: Partner, fmt: str) -> Rendered:
    """The content of ``release``'s entry in ``partner``'s ``fmt`` feed: its ninjs form, with
    the partner's writer options for that feed."""
    writer = registry.get("ninjs")
    options = release_options(release, partner, fmt)
    output = writer.write(doc, options)
    data = output.encode("utf-8") if isinstance(output, str) else output
    return Rendered(data, writer.media_type, writer.extension, options.diagnostics.diagnostics)


def reportable(diagnostics: tuple[Diagnostic, ...]) -> tuple[Diagnostic, ...]:
    """The warnings and errors among ``diagnostics`` (notes are not shown, as in the CLI)."""
    return tuple(d for d in diagnostics if d.severity >= Severity.WARNING)


def variant_key(partner: Partner, fmt: str) -> str:
    """Names a rendition: the format and the partner's writer options for it."""
    options = sorted(partner.options.get(fmt, {}).items())
    return fmt + "".join(f";{key}={value}" for key, value in options)


def with_release_meta(doc: Document, release: Release, user_meta: dict[str, str]) -> Document:
    """``doc`` (parsed with ``user_meta``) carrying the release's own identity and signals,
    without parsing it again (those keys do not change what inference finds)."""
    extra = {k: v for k, v in release.meta.items() if k not in user_meta}
    return replace(doc, meta=apply(doc.meta, typed_values(extra)))


def remote_name(partner: Partner, release: Release, fmt: str, extension: str, seq: int) -> str:
    """The file name of one delivery in the partner's remote folder."""
    return render_name(
        partner.name_template,
        {
            "guid": release.guid,
            "version": release.version,
            "seq": seq,
            "slug": str(release.facts.get("slug") or "item"),
            "format": fmt,
            "ext": extension,
        },
    )
