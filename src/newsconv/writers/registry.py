"""The writer registry: every writer, built-in or third-party, comes from the
``newsconv.writers`` entry-point group and is imported only when it is asked for."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from importlib.metadata import EntryPoint, entry_points

from ..diagnostics import UnknownFormatError, WriterError
from .base import MultiWriter, Writer

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


@cache
def _entry_points() -> dict[str, EntryPoint]:
    found: dict[str, EntryPoint] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(ep.name, ep)
    return found


def names() -> list[str]:
    """Names of every registered writer, sorted, without importing any of them."""
    return sorted(_entry_points())


def _distribution(ep: EntryPoint) -> str:
    return ep.dist.name if ep.dist is not None else "unknown distribution"


@cache
def get(name: str) -> Writer:
    """The writer registered as ``name``, imported and instantiated on first use."""
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


def describe() -> tuple[list[WriterInfo], list[BrokenWriter]]:
    """Load every writer: the ones that work, and the ones that failed with their reason."""
    infos: list[WriterInfo] = []
    broken: list[BrokenWriter] = []
    for name in names():
        ep = _entry_points()[name]
        try:
            writer = get(name)
        except WriterError as exc:
            log.info("%s", exc)
            broken.append(BrokenWriter(name, _distribution(ep), str(exc)))
            continue
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
