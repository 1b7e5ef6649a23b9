"""Collecting diagnostics while parsing: lenient mode records them, strict mode fails."""

from __future__ import annotations

from ..diagnostics import Diagnostic, ParseError, Severity


class Reporter:
    """Collects the diagnostics of one parse.

    In lenient mode every recoverable problem is recorded and parsing goes on. In strict
    mode the first warning or error raises :class:`ParseError`.
    """

    def __init__(self, source: str, strict: bool = False) -> None:
        self.source = source
        self.strict = strict
        self.diagnostics: list[Diagnostic] = []

    def report(
        self,
        severity: Severity,
        code: str,
        message: str,
        line: int,
        column: int,
        *,
        recoverable: bool = True,
    ) -> None:
        """Record one diagnostic; raise when strict mode or the problem forbids going on."""
        diagnostic = Diagnostic(severity, code, message, self.source, line, column)
        self.diagnostics.append(diagnostic)
        if (self.strict and severity >= Severity.WARNING) or not recoverable:
            raise ParseError(self.diagnostics)

    def warn(self, code: str, message: str, line: int, column: int) -> None:
        """Record a recoverable problem."""
        self.report(Severity.WARNING, code, message, line, column)

    def info(self, code: str, message: str, line: int, column: int) -> None:
        """Record something worth knowing that is not a problem."""
        self.report(Severity.INFO, code, message, line, column)
