"""The durable ledger: releases, deliveries and the attempt log, on SQLite or PostgreSQL.

A delivery moves ``pending`` → ``in_progress`` (claimed with a lease) → ``delivered`` |
``retrying`` | ``failed``; ``superseded`` and ``canceled`` end it without sending. A lease that
runs out (the runner died mid-send) returns the delivery to ``retrying``; the next claim then
counts as a resend and the runner first asks the transport whether the file already arrived.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .db import Database, Row
from .schema import create_schema

OPEN_STATES = ("pending", "retrying", "in_progress")
"""States in which a delivery may still be sent."""
STATES = ("pending", "in_progress", "retrying", "delivered", "failed", "superseded", "canceled")
KILL_PRIORITY, NORMAL_PRIORITY = 0, 1

_RELEASE_COLUMNS = (
    "id, guid, version, action, pubstatus, signal, ednote, content_hash, source_name, source,"
    " meta, facts, embargo, created_at"
)
_CLAIM_COLUMNS = (
    "d.id, d.release_id, d.partner, d.guid, d.version, d.format, d.priority, d.attempts,"
    " d.claims, d.force, d.queued_at, d.idempotency_key"
)


@dataclass(frozen=True)
class Release:
    """One enqueued version of an article."""

    id: int
    guid: str
    version: int
    action: str
    pubstatus: str
    signal: str | None
    ednote: str | None
    content_hash: str
    source_name: str
    source: bytes
    meta: dict[str, str]
    facts: dict[str, Any]
    embargo: float | None
    created_at: float

    @classmethod
    def from_row(cls, row: Row) -> Release:
        values = list(row)
        values[9] = bytes(values[9])
        values[10] = json.loads(values[10])
        values[11] = json.loads(values[11])
        return cls(*values)

    @property
    def is_kill(self) -> bool:
        """A kill or a withdrawal (pub status canceled or withheld)."""
        return self.pubstatus in ("canceled", "withheld")


@dataclass(frozen=True)
class Claim:
    """A delivery a runner holds under a lease."""

    id: int
    release_id: int
    partner: str
    guid: str
    version: int
    format: str
    priority: int
    attempts: int
    claims: int
    force: bool
    queued_at: float
    idempotency_key: str

    @property
    def is_resend(self) -> bool:
        """Claimed before: the file may already be at the partner."""
        return self.claims > 1 and not self.force


class Ledger:
    """The ledger at ``url`` (``sqlite:///path`` or ``postgresql://…``)."""

    def __init__(self, url: str, lease: float = 60.0) -> None:
        self.db = Database(url)
        self.lease = lease
        create_schema(self.db)

    def close(self) -> None:
        """Close the database connection."""
        self.db.close()

    # ------------------------------------------------------------------ releases

    def latest_release(self, guid: str) -> Release | None:
        """The newest version of ``guid``, or None."""
        rows = self.db.rows(
            f"SELECT {_RELEASE_COLUMNS} FROM releases WHERE guid = ? ORDER BY version DESC LIMIT 1",
            (guid,),
        )
        return Release.from_row(rows[0]) if rows else None

    def release(self, release_id: int) -> Release:
        """The release with this id."""
        rows = self.db.rows(f"SELECT {_RELEASE_COLUMNS} FROM releases WHERE id = ?", (release_id,))
        return Release.from_row(rows[0])

    def releases(self, ids: Sequence[int]) -> dict[int, Release]:
        """Several releases by id, in one query."""
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        rows = self.db.rows(
            f"SELECT {_RELEASE_COLUMNS} FROM releases WHERE id IN ({marks})", list(ids)
        )
        return {int(row[0]): Release.from_row(row) for row in rows}

    def insert_release(self, values: dict[str, Any]) -> int:
        """Store a release (inside the caller's transaction); returns its id."""
        row = self.db.rows(
            "INSERT INTO releases (guid, version, action, pubstatus, signal, ednote, content_hash,"
            " source_name, source, meta, facts, embargo, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                values["guid"],
                values["version"],
                values["action"],
                values["pubstatus"],
                values["signal"],
                values["ednote"],
                values["content_hash"],
                values["source_name"],
                values["source"],
                json.dumps(values["meta"]),
                json.dumps(values["facts"]),
                values["embargo"],
                values["created_at"],
            ),
        )
        return int(row[0][0])

    def history(self, guid: str, partner: str, fmt: str) -> list[tuple[int, str, int, int]]:
        """(id, state, claims, priority) of earlier deliveries of ``guid`` to a partner."""
        return [
            (int(r[0]), str(r[1]), int(r[2]), int(r[3]))
            for r in self.db.rows(
                "SELECT id, state, claims, priority FROM deliveries"
                " WHERE guid = ? AND partner = ? AND format = ? ORDER BY id",
                (guid, partner, fmt),
            )
        ]

    def insert_delivery(
        self,
        release: int,
        partner: str,
        guid: str,
        version: int,
        fmt: str,
        priority: int,
        due: float,
        now: float,
        key: str,
    ) -> None:
        """Add a pending delivery (inside the caller's transaction)."""
        self.db.execute(
            "INSERT INTO deliveries (release_id, partner, guid, version, format, priority, state,"
            " next_at, queued_at, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)",
            (release, partner, guid, version, fmt, priority, due, now, key),
        )

    def set_state(self, ids: Sequence[int], state: str, note: str) -> None:
        """End deliveries without sending them (superseded, canceled)."""
        for delivery in ids:
            self.db.execute(
                "UPDATE deliveries SET state = ?, last_error = ?, lease_owner = NULL WHERE id = ?",
                (state, note, delivery),
            )

    # ------------------------------------------------------------------ renditions

    def rendition(self, release: int, variant: str) -> tuple[bytes, str, str] | None:
        """(data, media type, extension) of a stored rendition, or None."""
        rows = self.db.rows(
            "SELECT data, media_type, extension FROM renditions"
            " WHERE release_id = ? AND variant = ?",
            (release, variant),
        )
        return (bytes(rows[0][0]), str(rows[0][1]), str(rows[0][2])) if rows else None

    def renditions(self, ids: Sequence[int], variant: str) -> dict[int, tuple[bytes, str, str]]:
        """Stored renditions of several releases in one variant, by release id."""
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        rows = self.db.rows(
            "SELECT release_id, data, media_type, extension FROM renditions"
            f" WHERE variant = ? AND release_id IN ({marks})",
            [variant, *ids],
        )
        return {int(r[0]): (bytes(r[1]), str(r[2]), str(r[3])) for r in rows}

    def store_renditions(self, items: Sequence[tuple[int, str, bytes, str, str]]) -> None:
        """Keep (release, variant, data, media type, extension) rows; the first one wins
        (a rendition of a release is the same bytes whoever renders it)."""
        with self.db.transaction():
            for release, variant, data, media_type, extension in items:
                self.db.execute(
                    "INSERT INTO renditions (release_id, variant, media_type, extension, data)"
                    " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (release, variant, media_type, extension, data),
                )

    # ------------------------------------------------------------------ diagnostics

    def store_diagnostics(self, release: int, items: Sequence[tuple[str, str, str]]) -> None:
        """Keep the (stage, severity, line) diagnostics of a release's parse and renditions."""
        with self.db.transaction():
            for stage, severity, text in items:
                self.db.execute(
                    "INSERT INTO release_diagnostics (release_id, stage, severity, text)"
                    " VALUES (?, ?, ?, ?)",
                    (release, stage, severity, text),
                )

    def release_diagnostics(
        self, guid: str | None = None, limit: int = 20
    ) -> list[tuple[str, int, str, str, str]]:
        """(guid, version, stage, severity, line) of the newest ``limit`` releases that have
        diagnostics (of ``guid`` only when given), newest release first."""
        where, params = ("WHERE r.guid = ?", [guid]) if guid else ("", [])
        rows = self.db.rows(
            "SELECT r.guid, r.version, d.stage, d.severity, d.text"
            " FROM release_diagnostics d JOIN releases r ON r.id = d.release_id"
            " WHERE d.release_id IN (SELECT DISTINCT d2.release_id FROM release_diagnostics d2"
            f" JOIN releases r ON r.id = d2.release_id {where}"
            " ORDER BY d2.release_id DESC LIMIT ?)"
            " ORDER BY d.release_id DESC, d.id",
            [*params, limit],
        )
        return [(str(g), int(v), str(st), str(sev), str(t)) for g, v, st, sev, t in rows]

    # ------------------------------------------------------------------ partners

    def ensure_partners(self, partners: Sequence[str]) -> None:
        """Give every partner a breaker row."""
        with self.db.transaction():
            for partner in partners:
                self.db.execute(
                    "INSERT INTO partner_state (partner) VALUES (?) ON CONFLICT DO NOTHING",
                    (partner,),
                )

    def partner_states(self) -> dict[str, tuple[bool, str | None, float, int]]:
        """partner → (disabled, reason, paused_until, consecutive failures)."""
        return {
            str(r[0]): (bool(r[1]), r[2], float(r[3]), int(r[4]))
            for r in self.db.rows(
                "SELECT partner, disabled, reason, paused_until, failures FROM partner_state"
            )
        }

    # ------------------------------------------------------------------ attempts

    def log_attempt(
        self,
        delivery: int,
        at: float,
        runner: str,
        outcome: str,
        status: int | None = None,
        error_class: str | None = None,
        message: str | None = None,
    ) -> None:
        """Append one line to the attempt log."""
        self.db.execute(
            "INSERT INTO attempts (delivery_id, at, runner, outcome, status, error_class, message)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (delivery, at, runner, outcome, status, error_class, message),
        )

    def attempts(self, delivery: int) -> list[Row]:
        """The attempt log of one delivery: (at, runner, outcome, status, error class, message)."""
        return self.db.rows(
            "SELECT at, runner, outcome, status, error_class, message FROM attempts"
            " WHERE delivery_id = ? ORDER BY id",
            (delivery,),
        )

    # ------------------------------------------------------------------ status and admin

    def counts(self, now: float) -> list[tuple[str, str, int, int]]:
        """(partner, state, count, held by embargo) for every partner and state present."""
        rows = self.db.rows(
            "SELECT partner, state, COUNT(*),"
            " SUM(CASE WHEN state = 'pending' AND next_at > ? THEN 1 ELSE 0 END)"
            " FROM deliveries GROUP BY partner, state ORDER BY partner, state",
            (now,),
        )
        return [(str(r[0]), str(r[1]), int(r[2]), int(r[3] or 0)) for r in rows]

    def select_deliveries(
        self, partner: str | None, guid: str | None, states: Sequence[str]
    ) -> list[tuple[int, str]]:
        """(id, partner) of deliveries matching partner and/or guid in ``states``."""
        marks = ", ".join("?" for _ in states)
        where = [f"state IN ({marks})"]
        params: list[Any] = list(states)
        for column, value in (("partner", partner), ("guid", guid)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        return [
            (int(r[0]), str(r[1]))
            for r in self.db.rows(
                f"SELECT id, partner FROM deliveries WHERE {' AND '.join(where)} ORDER BY id",
                params,
            )
        ]

    def requeue(self, ids: Sequence[int], now: float, *, force: bool) -> None:
        """Make deliveries due again with a fresh retry budget.

        ``force``: send even if the partner already has the file.
        """
        for delivery in ids:
            self.db.execute(
                "UPDATE deliveries SET state = 'retrying', attempts = 0, next_at = ?,"
                " queued_at = ?, force = ?, lease_owner = NULL, last_error = NULL WHERE id = ?",
                (now, now, int(force), delivery),
            )

    def reset_breaker(self, partner: str) -> None:
        """Enable a disabled or paused partner again."""
        self.db.execute(
            "UPDATE partner_state SET disabled = 0, reason = NULL, paused_until = 0, failures = 0"
            " WHERE partner = ?",
            (partner,),
        )
