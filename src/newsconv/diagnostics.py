"""Diagnostics are values: severity, code, message and the source position they concern."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Severity(enum.IntEnum):
    """How serious a diagnostic is; ordered so that ``max()`` finds the worst."""

    INFO = 10
    WARNING = 20
    ERROR = 30

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in an input, with where it is."""

    severity: Severity
    code: str
    message: str
    file: str = "<string>"
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        """``file:line:col: severity[code]: message`` as compilers print it."""
        return (
            f"{self.file}:{self.line}:{self.column}: {self.severity}[{self.code}]: {self.message}"
        )


class NewsconvError(Exception):
    """Base class of every error newsconv raises on purpose."""


class ParseError(NewsconvError):
    """The input could not be parsed (strict mode, or an error lenient mode cannot recover)."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics) or "parse failed")


class MetadataError(NewsconvError):
    """Metadata supplied through the API or the CLI is not valid."""


class WriterError(NewsconvError):
    """A writer could not produce its output."""


class UnknownFormatError(NewsconvError):
    """No writer is registered under the requested name."""


def worst(diagnostics: Iterable[Diagnostic]) -> Severity | None:
    """The highest severity among ``diagnostics``, or None when there are none."""
    return max((d.severity for d in diagnostics), default=None)
