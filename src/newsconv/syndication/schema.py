"""The ledger's tables, one schema for SQLite and PostgreSQL (types filled in by :mod:`.db`).

``releases``: every version of every article that was enqueued, with its source text.
``deliveries``: one row per (partner, guid, version, format), the unit that is sent once.
``attempts``: append-only log of every attempt and its outcome.
``renditions``: the bytes of a release in one format with one set of writer options, rendered
once (when enqueued) and shared by every partner that gets that variant.
``release_diagnostics``: the warnings and errors of parsing and rendering a release (stage
``parse`` or a rendition's variant), as ``file:line:col: severity[code]: message`` lines.
``partner_state``: each partner's breaker (disabled, paused) shared by all runners.
"""

from __future__ import annotations

from .db import Database

STATEMENTS = (
    """CREATE TABLE IF NOT EXISTS releases (
        id {id},
        guid TEXT NOT NULL,
        version INTEGER NOT NULL,
        action TEXT NOT NULL,
        pubstatus TEXT NOT NULL,
        signal TEXT,
        ednote TEXT,
        content_hash TEXT NOT NULL,
        source_name TEXT NOT NULL,
        source {blob} NOT NULL,
        meta TEXT NOT NULL,
        facts TEXT NOT NULL,
        embargo {real},
        created_at {real} NOT NULL,
        UNIQUE (guid, version)
    )""",
    """CREATE TABLE IF NOT EXISTS deliveries (
        id {id},
        release_id INTEGER NOT NULL REFERENCES releases (id),
        partner TEXT NOT NULL,
        guid TEXT NOT NULL,
        version INTEGER NOT NULL,
        format TEXT NOT NULL,
        priority INTEGER NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        claims INTEGER NOT NULL DEFAULT 0,
        force INTEGER NOT NULL DEFAULT 0,
        next_at {real} NOT NULL,
        queued_at {real} NOT NULL,
        lease_owner TEXT,
        lease_until {real},
        remote_name TEXT,
        idempotency_key TEXT NOT NULL,
        last_error TEXT,
        delivered_at {real},
        UNIQUE (partner, guid, version, format)
    )""",
    "CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (partner, state, priority, id)",
    "CREATE INDEX IF NOT EXISTS deliveries_guid ON deliveries (guid, partner, format, id)",
    "CREATE INDEX IF NOT EXISTS deliveries_lease ON deliveries (state, lease_until)",
    """CREATE TABLE IF NOT EXISTS attempts (
        id {id},
        delivery_id INTEGER NOT NULL REFERENCES deliveries (id),
        at {real} NOT NULL,
        runner TEXT NOT NULL,
        outcome TEXT NOT NULL,
        status INTEGER,
        error_class TEXT,
        message TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS attempts_delivery ON attempts (delivery_id)",
    """CREATE TABLE IF NOT EXISTS renditions (
        release_id INTEGER NOT NULL REFERENCES releases (id),
        variant TEXT NOT NULL,
        media_type TEXT NOT NULL,
        extension TEXT NOT NULL,
        data {blob} NOT NULL,
        PRIMARY KEY (release_id, variant)
    )""",
    """CREATE TABLE IF NOT EXISTS release_diagnostics (
        id {id},
        release_id INTEGER NOT NULL REFERENCES releases (id),
        stage TEXT NOT NULL,
        severity TEXT NOT NULL,
        text TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS release_diagnostics_release ON release_diagnostics (release_id)",
    """CREATE TABLE IF NOT EXISTS partner_state (
        partner TEXT PRIMARY KEY,
        disabled INTEGER NOT NULL DEFAULT 0,
        reason TEXT,
        paused_until {real} NOT NULL DEFAULT 0,
        failures INTEGER NOT NULL DEFAULT 0
    )""",
)


TABLES = (
    "releases",
    "deliveries",
    "attempts",
    "renditions",
    "release_diagnostics",
    "partner_state",
)


def create_schema(db: Database) -> None:
    """Create the tables if missing (several runners may start at once).

    On PostgreSQL nothing is run when every table exists: ``CREATE INDEX IF NOT EXISTS``
    still locks its table, which would make a starting runner wait for (and deadlock
    with) the runners already at work.
    """
    if db.dialect == "postgresql" and _all_tables_exist(db):
        return
    with db.transaction():
        if db.dialect == "postgresql":
            db.execute("SELECT pg_advisory_xact_lock(846152)")
        for statement in STATEMENTS:
            db.execute(statement)


def _all_tables_exist(db: Database) -> bool:
    marks = ", ".join("to_regclass(?)" for _ in TABLES)
    row = db.rows(f"SELECT {marks}", TABLES)[0]
    return all(value is not None for value in row)
