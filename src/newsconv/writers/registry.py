"""The writer registry: every writer, built-in or third-party, comes from the
``newsconv.writers`` entry-point group and is imported only when it is asked for."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from ..diagnostics import UnknownFormatError, WriterError

if TYPE_CHECKING:  # imported when first needed: the command line starts faster
    from importlib.metadata import EntryPoint

    from .base import Writer

ENTRY_POINT_GROUP = "newsconv.writers"
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WriterInfo:
    """A registered writer as listed by ``newsconv formats``."""

    name: str
    description: str
    media_type: str
    extension: str
    binary: bool
    multi: bool
    distribution: str


@dataclass(frozen=True, slots=True)
class BrokenWriter:
    """A registered writer that could not be loaded, and why."""

    name: str
    distribution: str
    error: str


BUILTIN_INFO: dict[str, tuple[str, str, str, bool, bool]] = {
    "newsconv.writers.json_writer:JsonWriter": (
        "the document model as JSON (with model_version)",
        "application/json",
        "json",
        False,
        False,
    ),
    "newsconv.writers.html:HtmlWriter": (
        "standalone HTML5 page",
        "text/html",
        "html",
        False,
        False,
    ),
    "newsconv.writers.newsml:NewsMLWriter": (
        "IPTC NewsML-G2 2.35 newsItem (XHTML or NITF body)",
        "application/vnd.iptc.g2.newsitem+xml",
        "xml",
        True,
        False,
    ),
    "newsconv.writers.newsml:NewsMessageWriter": (
        "IPTC NewsML-G2 2.35 newsMessage for wire feeds",
        "application/vnd.iptc.g2.newsmessage+xml",
        "xml",
        True,
        True,
    ),
    "newsconv.writers.ninjs:NinjsWriter": (
        "IPTC ninjs 3.1 JSON (XHTML body)",
        "application/json",
        "json",
        False,
        False,
    ),
    "newsconv.writers.epub:EpubWriter": (
        "EPUB 3 book: one article, or a digest of many",
        "application/epub+zip",
        "epub",
        True,
        True,
    ),
    "newsconv.writers.pdf:PdfWriter": (
        "PDF document (A4 or letter), right to left done right",
        "application/pdf",
        "pdf",
        True,
        False,
    ),
}
"""What ``newsconv formats`` shows of each built-in writer (description, media type,
extension, binary, many→one), so that listing them imports none; a test keeps it equal to
the writers' own attributes."""


@cache
def _entry_points() -> dict[str, EntryPoint]:
    from importlib.metadata import entry_points

    found: dict[str, EntryPoint] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(ep.name, ep)
    return found


def names() -> list[str]:
    """Names of every registered writer, sorted, without importing any of them."""
    return sorted(_entry_points())


def provenance(name: str) -> str:
    """The distribution and version that provide writer ``name`` (``newsconv 0.1.0``)."""
    ep = _entry_points().get(name)
    if ep is None or ep.dist is None:
        return "unknown"
    return f"{ep.dist.name} {ep.dist.version}"


def _distribution(ep: EntryPoint) -> str:
    return ep.dist.name if ep.dist is not None else "unknown distribution"


@cache
def get(name: str) -> Writer:
    """The writer registered as ``name``, imported and instantiated on first use."""
    from .base import Writer

    ep = _entry_points().get(name)
    if ep is None:
        known = ", ".join(names())
        raise UnknownFormatError(f"unknown output format {name!r} (available: {known})")
    try:
        writer = ep.load()()
    except Exception as exc:  # a broken plugin must not take the program down
        raise WriterError(
            f"writer {name!r} from {_distribution(ep)} could not be loaded: {exc}"
        ) from exc
    if not isinstance(writer, Writer):
        raise WriterError(f"writer {name!r} from {_distribution(ep)} is not a newsconv writer")
    return writer


def describe(import_builtins: bool = True) -> tuple[list[WriterInfo], list[BrokenWriter]]:
    """Load every writer: the ones that work, and the ones that failed with their reason.

    ``import_builtins=False`` describes newsconv's own writers from :data:`BUILTIN_INFO`
    without importing them (plugins are always imported)."""
    infos: list[WriterInfo] = []
    broken: list[BrokenWriter] = []
    for name in names():
        ep = _entry_points()[name]
        known = BUILTIN_INFO.get(ep.value) if _distribution(ep) == "newsconv" else None
        if known is not None and not import_builtins:
            infos.append(WriterInfo(name, *known, distribution="newsconv"))
            continue
        try:
            writer = get(name)
        except WriterError as exc:
            log.info("%s", exc)
            broken.append(BrokenWriter(name, _distribution(ep), str(exc)))
            continue
        from .base import MultiWriter

        infos.append(
            WriterInfo(
                name=name,
                description=writer.description,
                media_type=writer.media_type,
                extension=writer.extension,
                binary=writer.binary,
                multi=isinstance(writer, MultiWriter),
                distribution=_distribution(ep),
            )
        )
    return infos, broken


def refresh() -> None:
    """Forget what was discovered (after installing a plugin in the same process)."""
    _entry_points.cache_clear()
    get.cache_clear()
