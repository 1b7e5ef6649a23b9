"""The partner file: one TOML file naming the ledger and every partner's profile.

Every problem is reported as ``FILE:LINE: error: KEY: message`` where ``KEY`` is the dotted
key at fault; ``tomllib`` has no positions, so :mod:`.tomlpos` finds the line.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..diagnostics import NewsconvError
from .names import NameTemplateError, check_template
from .profile import FEED_FORMATS, BreakerPolicy, Filters, Partner, RetryPolicy
from .tomlpos import KeyPath, line_of
from .transports import transport_module
from .transports.base import ConfigError

_PARTNER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_PLAIN_SECRETS = ("password", "secret", "token", "passphrase", "access_key", "secret_key")
_TOP_KEYS = {"ledger", "partners"}
_LEDGER_KEYS = {"path", "url", "lease"}
_PARTNER_KEYS = {
    "active",
    "formats",
    "options",
    "filters",
    "transport",
    "name",
    "ordered",
    "supersede",
    "retry",
    "breaker",
    "feed",
}


class PartnerFileError(NewsconvError):
    """A partner file that cannot be used; the message names file, line and key."""

    def __init__(self, file: str, line: int, key: str, message: str) -> None:
        super().__init__(
            f"{file}:{line}: error: {key}: {message}" if key else f"{file}:{line}: error: {message}"
        )
        self.file, self.line, self.key = file, line, key


@dataclass(frozen=True)
class LedgerSettings:
    """Where the ledger lives: a SQLite file, or a PostgreSQL URL shared by several machines."""

    url: str
    """``sqlite:///absolute/path`` or ``postgresql://…``."""
    lease: float = 60.0
    """Seconds a claim lasts before another runner may take the delivery back."""


@dataclass(frozen=True)
class SyndicationConfig:
    """A loaded partner file."""

    path: Path
    ledger: LedgerSettings
    partners: Mapping[str, Partner] = field(default_factory=dict)

    @property
    def base_dir(self) -> Path:
        """The folder of the partner file: relative paths resolve against it."""
        return self.path.parent


def load_config(path: str | Path) -> SyndicationConfig:
    """Read and check the partner file at ``path``; raises :class:`PartnerFileError`."""
    file = Path(path)
    try:
        source = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PartnerFileError(str(file), 1, "", f"cannot read: {exc}") from None
    return parse_config(source, file)


def parse_config(source: str, file: Path) -> SyndicationConfig:
    """Check the TOML text ``source`` of the partner file ``file``."""
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = int(where.group(1)) if where else 1
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise PartnerFileError(str(file), line, "", f"not valid TOML: {message}") from None
    return _Reader(source, file.resolve()).config(data)


class _Reader:
    """Turns the decoded TOML into profiles, raising errors that point at the source."""

    def __init__(self, source: str, file: Path) -> None:
        self.source = source
        self.file = file

    def fail(self, path: KeyPath, message: str) -> PartnerFileError:
        return PartnerFileError(str(self.file), line_of(self.source, path), ".".join(path), message)

    def config(self, data: dict[str, Any]) -> SyndicationConfig:
        self.unknown_keys(data, _TOP_KEYS, ())
        ledger = self.ledger(self.table(data, ("ledger",)))
        partners_table = self.table(data, ("partners",))
        partners = {pid: self.partner(pid, partners_table[pid]) for pid in partners_table}
        return SyndicationConfig(self.file, ledger, partners)

    def table(self, data: Mapping[str, Any], path: KeyPath) -> dict[str, Any]:
        value = data.get(path[-1], {})
        if not isinstance(value, dict):
            raise self.fail(path, "must be a table")
        return value

    def unknown_keys(self, data: Mapping[str, Any], known: set[str], path: KeyPath) -> None:
        for key in data:
            if key not in known:
                raise self.fail((*path, key), f"unknown key (known: {', '.join(sorted(known))})")

    def ledger(self, data: dict[str, Any]) -> LedgerSettings:
        self.unknown_keys(data, _LEDGER_KEYS, ("ledger",))
        lease = self.number(data, ("ledger", "lease"), 60.0, low=1.0)
        if "url" in data:
            url = data["url"]
            if not isinstance(url, str) or not url.startswith(("postgresql://", "postgres://")):
                raise self.fail(("ledger", "url"), "must be a postgresql://… URL")
            if urlsplit(url).password:
                raise self.fail(
                    ("ledger", "url"),
                    "no password in the URL: secrets by reference only (PGPASSWORD or ~/.pgpass)",
                )
            return LedgerSettings(url, lease)
        name = data.get("path", "syndication.db")
        if not isinstance(name, str) or not name:
            raise self.fail(("ledger", "path"), "must be a file name")
        return LedgerSettings(f"sqlite:///{(self.file.parent / name).resolve()}", lease)

    def partner(self, pid: str, data: Any) -> Partner:
        here: KeyPath = ("partners", pid)
        if not _PARTNER_ID.match(pid):
            raise self.fail(here, "a partner id is letters, digits, '_', '-' or '.'")
        if not isinstance(data, dict):
            raise self.fail(here, "must be a table")
        self.unknown_keys(data, _PARTNER_KEYS, here)
        formats = self.formats(data, (*here, "formats"))
        template = data.get("name", Partner.name_template)
        if not isinstance(template, str):
            raise self.fail((*here, "name"), "must be a string")
        try:
            check_template(template)
        except NameTemplateError as exc:
            raise self.fail((*here, "name"), str(exc)) from None
        return Partner(
            id=pid,
            active=self.flag(data, (*here, "active"), True),
            formats=formats,
            options=self.options(data.get("options", {}), formats, (*here, "options")),
            filters=self.filters(data.get("filters", {}), (*here, "filters")),
            transport=self.transport(data.get("transport"), (*here, "transport")),
            name_template=template,
            ordered=self.flag(data, (*here, "ordered"), False),
            supersede=self.flag(data, (*here, "supersede"), False),
            retry=self.retry(self.table(data, (*here, "retry")), (*here, "retry")),
            breaker=self.breaker(self.table(data, (*here, "breaker")), (*here, "breaker")),
            feed=self.feed(self.table(data, (*here, "feed")), (*here, "feed")),
        )

    def formats(self, data: dict[str, Any], path: KeyPath) -> tuple[str, ...]:
        from ..writers import registry

        value = data.get("formats")
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise self.fail(path, "must be a non-empty list of format names")
        known = set(registry.names()) | set(FEED_FORMATS)
        for name in value:
            if name not in known:
                raise self.fail(
                    path, f"unknown format {name!r} (known: {', '.join(sorted(known))})"
                )
        if len(set(value)) != len(value):
            raise self.fail(path, "lists a format twice")
        return tuple(value)

    def flag(self, data: dict[str, Any], path: KeyPath, default: bool) -> bool:
        value = data.get(path[-1], default)
        if not isinstance(value, bool):
            raise self.fail(path, "must be true or false")
        return value

    def number(
        self, data: Mapping[str, Any], path: KeyPath, default: float, *, low: float = 0.0
    ) -> float:
        value = data.get(path[-1], default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < low:
            raise self.fail(path, f"must be a number ≥ {low:g}")
        return float(value)

    def whole(self, data: Mapping[str, Any], path: KeyPath, default: int, *, low: int = 1) -> int:
        value = data.get(path[-1], default)
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise self.fail(path, f"must be a whole number ≥ {low}")
        return value

    def options(
        self, data: Any, formats: tuple[str, ...], path: KeyPath
    ) -> Mapping[str, Mapping[str, str]]:
        if not isinstance(data, dict):
            raise self.fail(path, "must be a table of per-format tables")
        options: dict[str, dict[str, str]] = {}
        for name, table in data.items():
            if name not in formats:
                raise self.fail((*path, name), "options for a format this partner does not get")
            if not isinstance(table, dict):
                raise self.fail((*path, name), "must be a table of writer options")
            options[name] = {}
            for key, value in table.items():
                if isinstance(value, dict | list):
                    raise self.fail((*path, name, key), "must be a string, number or boolean")
                text = ("yes" if value else "no") if isinstance(value, bool) else str(value)
                options[name][key] = text
        return options

    def strings(self, data: Mapping[str, Any], path: KeyPath) -> tuple[str, ...]:
        value = data.get(path[-1], [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(path, "must be a string or a list of strings")
        return tuple(value)

    def filters(self, data: Any, path: KeyPath) -> Filters:
        if not isinstance(data, dict):
            raise self.fail(path, "must be a table")
        known = {"languages", "subjects", "genres", "urgency", "keywords", "providers"}
        self.unknown_keys(data, known, path)
        urgency = data.get("urgency")
        if urgency is not None and (
            isinstance(urgency, bool) or not isinstance(urgency, int) or not 1 <= urgency <= 9
        ):
            raise self.fail((*path, "urgency"), "must be a whole number from 1 to 9")
        return Filters(
            languages=self.strings(data, (*path, "languages")),
            subjects=self.strings(data, (*path, "subjects")),
            genres=self.strings(data, (*path, "genres")),
            urgency=urgency,
            keywords=self.strings(data, (*path, "keywords")),
            providers=self.strings(data, (*path, "providers")),
        )

    def transport(self, data: Any, path: KeyPath) -> Mapping[str, object]:
        if not isinstance(data, dict):
            raise self.fail(path, "every partner needs a transport table with a 'kind'")
        kind = data.get("kind")
        if not isinstance(kind, str):
            raise self.fail((*path, "kind"), "must name a transport kind")
        for key in data:
            if key in _PLAIN_SECRETS:
                raise self.fail(
                    (*path, key), f"secrets are given by reference only: use '{key}_env'"
                )
        try:
            transport_module(kind).check(data)
        except ConfigError as exc:
            raise self.fail((*path, exc.key), str(exc)) from None
        return dict(data)

    def retry(self, data: dict[str, Any], path: KeyPath) -> RetryPolicy:
        known = {"max_attempts", "max_age", "backoff", "factor", "max_backoff", "jitter"}
        self.unknown_keys(data, known, path)
        jitter = self.number(data, (*path, "jitter"), 0.2)
        if jitter > 1:
            raise self.fail((*path, "jitter"), "must be a fraction from 0 to 1")
        return RetryPolicy(
            max_attempts=self.whole(data, (*path, "max_attempts"), 8),
            max_age=self.number(data, (*path, "max_age"), 86400.0, low=1.0),
            backoff=self.number(data, (*path, "backoff"), 2.0),
            factor=self.number(data, (*path, "factor"), 2.0, low=1.0),
            max_backoff=self.number(data, (*path, "max_backoff"), 600.0),
            jitter=jitter,
        )

    def breaker(self, data: dict[str, Any], path: KeyPath) -> BreakerPolicy:
        self.unknown_keys(data, {"failures", "pause"}, path)
        return BreakerPolicy(
            failures=self.whole(data, (*path, "failures"), 5),
            pause=self.number(data, (*path, "pause"), 300.0),
        )

    def feed(self, data: dict[str, Any], path: KeyPath) -> Mapping[str, str | int]:
        self.unknown_keys(data, {"title", "link", "size", "atom_name", "json_name"}, path)
        feed: dict[str, str | int] = {"size": self.whole(data, (*path, "size"), 50)}
        for key in ("title", "link", "atom_name", "json_name"):
            if key in data:
                if not isinstance(data[key], str) or not data[key]:
                    raise self.fail((*path, key), "must be a non-empty string")
                feed[key] = data[key]
        for key in ("atom_name", "json_name"):
            if key in feed:
                try:
                    check_template(str(feed[key]), fields=False)
                except NameTemplateError as exc:
                    raise self.fail((*path, key), str(exc)) from None
        return feed
