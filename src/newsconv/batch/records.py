"""The small values that travel between the batch engine and its workers.

Everything here is a frozen dataclass of plain values, so that it pickles cheaply to a
process pool or a Dask cluster: a worker receives :class:`Task` values and a
:class:`JobSpec`, and sends back one :class:`Result` per input.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic


class Status(enum.Enum):
    """What happened to one output of one input."""

    WRITTEN = "written"
    UNCHANGED = "unchanged"
    FAILED = "failed"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class ConvertOptions:
    """What applies to every input of a batch: parsing switches, metadata, writer options."""

    strict: bool = False
    infer: bool = True
    meta: Mapping[str, str] = field(default_factory=dict)
    """Metadata overrides, as ``--meta key=value`` gives them."""
    title: str | None = None
    writer_options: Mapping[str, str] = field(default_factory=dict)
    """Writer-specific options (``-O key=value``, ``--page-size``, ``--body``)."""

    def fingerprint(self, fmt: str, version: str, epoch: str) -> str:
        """A key that changes whenever the output of ``fmt`` could change for the same input."""
        parts = {
            "format": fmt,
            "version": version,
            "epoch": epoch,
            "strict": self.strict,
            "infer": self.infer,
            "meta": sorted(self.meta.items()),
            "title": self.title,
            "options": sorted(self.writer_options.items()),
        }
        text = json.dumps(parts, sort_keys=True, ensure_ascii=True)
        return hashlib.sha256(text.encode("ascii")).hexdigest()[:32]  # even lone surrogates


@dataclass(frozen=True, slots=True)
class Target:
    """One output to produce: the format, where it goes, and its manifest key."""

    format: str
    path: str
    fingerprint: str


@dataclass(frozen=True, slots=True)
class Task:
    """One input and the outputs a worker must produce for it."""

    input: str
    targets: tuple[Target, ...]
    known_sha256: str = ""
    """The input's hash in the manifest: when the bytes still hash to it, outputs whose
    files match ``known_outputs`` are left alone."""
    known_outputs: Mapping[str, str] = field(default_factory=dict)
    """Output path → hash recorded in the manifest for this input."""


@dataclass(frozen=True, slots=True)
class JobSpec:
    """What every worker needs besides its tasks."""

    options: ConvertOptions
    formats: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OutputRecord:
    """One output of one input: where it is, how big, its hash, and what happened."""

    format: str
    path: str
    status: Status
    size: int = 0
    sha256: str = ""
    fingerprint: str = ""
    mtime_ns: int = 0
    error: str = ""


@dataclass(frozen=True, slots=True)
class Result:
    """What a worker did with one input. Small: paths, sizes, hashes and diagnostics."""

    input: str
    outputs: tuple[OutputRecord, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    """Everything the parser and the writers reported, as values."""
    error: str = ""
    """Why the input as a whole failed (unreadable, not parsable, its worker died)."""
    input_sha256: str = ""
    input_size: int = 0
    input_mtime_ns: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when the input and every one of its outputs succeeded."""
        return not self.error and all(o.status is not Status.FAILED for o in self.outputs)

    def failures(self) -> list[str]:
        """One reason per failure: the input's own, or each failed output's."""
        if self.error:
            return [self.error]
        return [f"{o.format}: {o.error}" for o in self.outputs if o.status is Status.FAILED]
