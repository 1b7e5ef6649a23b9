"""The writer protocol and the options every writer receives."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import ClassVar, Protocol, runtime_checkable

from ..diagnostics import Diagnostic, Severity
from ..model import NOWHERE, Document, Position
from ..text.controls import XML_ILLEGAL, strip_xml_illegal


@dataclass(frozen=True, slots=True)
class ResourceRefusal:
    """Why a loader did not give a resource: the diagnostic code the writer reports
    (``image-refused``, ``image-unavailable``, ``bad-image``) and the reason, worded to
    follow the resource's name (``"is outside the article's folder"``)."""

    code: str
    reason: str


ResourceLoader = Callable[[str], bytes | ResourceRefusal | None]
"""Returns the bytes of a local resource (an image ``src``), or why it may not be read
(a :class:`ResourceRefusal`, or None for no reason given)."""

UNREADABLE = ResourceRefusal("image-unavailable", "cannot be read")
"""What a loader's None means."""


def _no_resources(_src: str) -> bytes | ResourceRefusal | None:
    return ResourceRefusal("image-unavailable", "cannot be read: no folder to read it from")


class DiagnosticSink:
    """Collects the diagnostics a writer reports while rendering: values, not log lines.

    The caller reads :attr:`diagnostics` after ``write`` returns (``newsconv.render`` does),
    so they reach the user the same way from a worker process as from this one.
    """

    __slots__ = ("_found",)

    def __init__(self) -> None:
        self._found: list[Diagnostic] = []

    def report(self, diagnostic: Diagnostic) -> None:
        """Record one diagnostic."""
        self._found.append(diagnostic)

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Everything reported so far, in order."""
        return tuple(self._found)


class SideFiles:
    """Files a writer asks to be written beside its output (an HTML page's copied images),
    by path relative to the output's folder. Writers never write files themselves."""

    __slots__ = ("_files",)

    def __init__(self) -> None:
        self._files: dict[str, bytes] = {}

    def add(self, relative_path: str, data: bytes) -> None:
        """Ask for ``data`` at ``relative_path`` (a plain relative path, ``/``-separated)."""
        self._files[relative_path] = data

    @property
    def files(self) -> tuple[tuple[str, bytes], ...]:
        """Every requested file, in the order first asked for."""
        return tuple(self._files.items())


@dataclass(frozen=True, slots=True)
class WriterOptions:
    """Options shared by every writer, plus writer-specific ``extra`` key/value pairs.

    Writers never touch the filesystem or the network: local resources arrive through
    ``load_resource``, which the caller restricts to the input's folder.
    """

    title: str | None = None
    """Title of a multi-article output (a digest or a news message)."""
    strict: bool = False
    now: datetime | None = None
    """The moment to stamp as 'generated at'; None means use :func:`build_time`."""
    load_resource: ResourceLoader = _no_resources
    extra: Mapping[str, str] = field(default_factory=dict)
    """Writer-specific options, e.g. ``body=nitf`` or ``page-size=letter``."""
    diagnostics: DiagnosticSink = field(default_factory=DiagnosticSink, compare=False)
    """Where the writer reports problems (a dropped image, a missing glyph…)."""
    side_files: SideFiles = field(default_factory=SideFiles, compare=False)
    """Where the writer puts files that belong beside its output."""

    def __post_init__(self) -> None:
        if self.title is not None and XML_ILLEGAL.search(self.title):
            object.__setattr__(self, "title", strip_xml_illegal(self.title))

    def option(self, key: str, default: str) -> str:
        """A writer-specific option with a default."""
        return self.extra.get(key, default)

    def warn(self, doc: Document, code: str, message: str, position: Position = NOWHERE) -> None:
        """Report a warning about ``doc`` at ``position`` (the document itself by default)."""
        self.diagnostics.report(
            Diagnostic(Severity.WARNING, code, message, doc.source, position.line, position.column)
        )

    def resource(self, src: str) -> bytes | ResourceRefusal:
        """The bytes of the local resource ``src``, or why it cannot be had."""
        loaded = self.load_resource(src)
        if isinstance(loaded, ResourceRefusal):
            return loaded
        return UNREADABLE if loaded is None else loaded

    def timestamp(self) -> datetime:
        """A reproducible 'now': the given time, else ``SOURCE_DATE_EPOCH``, else the epoch."""
        return self.now if self.now is not None else build_time()


def build_time() -> datetime:
    """``SOURCE_DATE_EPOCH`` as an aware UTC datetime, or 1970-01-01T00:00:00Z when unset.

    Outputs never depend on the wall clock, so the same input always gives the same bytes.
    """
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    seconds = int(raw) if raw.isdigit() else 0
    return datetime.fromtimestamp(seconds, tz=UTC)


@runtime_checkable
class Writer(Protocol):
    """What a writer plugin provides. Register a class under ``newsconv.writers``."""

    name: ClassVar[str]
    description: ClassVar[str]
    media_type: ClassVar[str]
    extension: ClassVar[str]
    """File extension without the dot."""
    binary: ClassVar[bool]
    """True when :meth:`write` returns bytes, False when it returns str."""

    def write(self, doc: Document, options: WriterOptions) -> str | bytes:
        """Render one document."""
        ...


@runtime_checkable
class MultiWriter(Writer, Protocol):
    """A writer that can also put many documents into one output (a digest, a news message)."""

    def write_many(self, docs: Sequence[Document], options: WriterOptions) -> str | bytes:
        """Render several documents into one output."""
        ...
