"""Typed writer options: each writer declares the ``-O key=value`` options it reads.

A writer class lists its options in ``options: ClassVar[tuple[WriterOption, ...]]``; the
command line checks every ``-O`` pair against the chosen writers' declarations (an unknown
key or a bad value is a usage error naming the writer and its keys), ``newsconv formats
--options`` lists them, and shortcut flags such as ``--page-size`` take their choices from
them. A plugin without a declaration receives its options unchecked, as before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .base import Writer, WriterOptions

_TRUE = ("yes", "true", "1", "on")
_FALSE = ("no", "false", "0", "off")


@dataclass(frozen=True, slots=True)
class WriterOption:
    """One option a writer reads: its key, value type, default and help."""

    name: str
    type: type[str] | type[int] | type[float] | type[bool]
    default: str
    """The default as written on the command line ('' when there is none)."""
    help: str
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None

    def problem(self, raw: str) -> str | None:
        """Why ``raw`` is not a valid value, or None when it is."""
        text = raw.strip().lower() if self.choices or self.type is bool else raw.strip()
        if self.choices:
            return None if text in self.choices else f"one of {', '.join(self.choices)}"
        if self.type is bool:
            return None if text in _TRUE + _FALSE else "yes or no"
        if self.type in (int, float):
            return self._number_problem(text)
        return None

    def _number_problem(self, text: str) -> str | None:
        kind = "a whole number" if self.type is int else "a number"
        try:
            number = int(text) if self.type is int else float(text)
        except ValueError:
            return kind
        low, high = self.minimum, self.maximum
        if (low is not None and number < low) or (high is not None and number > high):
            return f"{kind} from {low:g} to {high:g}"
        return None

    def value(self, options: WriterOptions) -> str | int | float | bool:
        """The option's typed value in ``options`` (its default when not given).

        Values were checked by the caller; an unchecked bad value raises ``ValueError``.
        """
        raw = options.option(self.name, self.default)
        problem = self.problem(raw)
        if problem is not None:
            raise ValueError(f"{self.name}={raw!r}: expected {problem}")
        text = raw.strip()
        if self.type is bool:
            return text.lower() in _TRUE
        if self.type is int:
            return int(text)
        if self.type is float:
            return float(text)
        return text.lower() if self.choices else text

    def describe_type(self) -> str:
        """The value type as ``newsconv formats --options`` shows it."""
        if self.choices:
            return "|".join(self.choices)
        name = {str: "text", int: "integer", float: "number", bool: "yes|no"}[self.type]
        if self.minimum is not None and self.maximum is not None:
            return f"{name} {self.minimum:g}-{self.maximum:g}"
        return name


def switched_off(options: WriterOptions, key: str) -> bool:
    """Whether the yes/no option ``key`` is given as no (not given, it is yes)."""
    return options.option(key, "yes").lower() in _FALSE


def declared(writer: Writer) -> tuple[WriterOption, ...] | None:
    """The options ``writer`` declares, or None for a writer that declares none."""
    found = getattr(writer, "options", None)
    if not isinstance(found, tuple) or not all(isinstance(o, WriterOption) for o in found):
        return None
    return found


def find(writer: Writer, key: str) -> WriterOption | None:
    """The declaration of ``key`` in ``writer``, if it declares one."""
    return next((o for o in declared(writer) or () if o.name == key), None)


class OptionError(ValueError):
    """A ``-O`` option that none of the chosen writers reads, or a bad value."""


def check(writers: Mapping[str, Writer], extra: Mapping[str, str]) -> None:
    """Check ``extra`` against the declarations of ``writers`` (name -> writer).

    A key must be declared by at least one of them (unless one declares nothing), and its
    value must suit every writer that declares it.
    """
    unchecked = any(declared(writer) is None for writer in writers.values())
    for key, raw in extra.items():
        readers = [(name, option) for name, w in writers.items() if (option := find(w, key))]
        if not readers and not unchecked:
            raise OptionError(_unknown(key, writers))
        for name, option in readers:
            problem = option.problem(raw)
            if problem is not None:
                raise OptionError(
                    f"the {name} writer's option {key}={raw!r} is not valid: expected {problem}"
                )


def _unknown(key: str, writers: Mapping[str, Writer]) -> str:
    parts = []
    for name, writer in writers.items():
        keys = ", ".join(o.name for o in declared(writer) or ()) or "none"
        parts.append(f"{name}: {keys}")
    return f"unknown writer option {key!r} (valid keys — {'; '.join(parts)})"


def listing(writers: Sequence[tuple[str, Writer]]) -> list[tuple[str, WriterOption]]:
    """Every declared option of ``writers``, by writer, in declaration order."""
    return [(name, option) for name, writer in writers for option in declared(writer) or ()]
