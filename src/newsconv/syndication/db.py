"""One database interface over SQLite (the default) and PostgreSQL (runners on several
machines). The ledger's SQL is written once, with ``?`` placeholders; this module adapts the
placeholders, the schema's few type names and the row-locking clause to the backend."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

from ..diagnostics import NewsconvError

Row = tuple[Any, ...]


class LedgerError(NewsconvError):
    """The ledger cannot be opened or used."""


class Cursor(Protocol):
    """The part of a DB-API cursor the ledger uses."""

    rowcount: int

    def fetchall(self) -> list[Any]: ...

    def fetchone(self) -> Any: ...


SCHEMA_TYPES = {
    "sqlite": {"id": "INTEGER PRIMARY KEY AUTOINCREMENT", "blob": "BLOB", "real": "REAL"},
    "postgresql": {"id": "BIGSERIAL PRIMARY KEY", "blob": "BYTEA", "real": "DOUBLE PRECISION"},
}


class Database:
    """A connection to the ledger database with explicit write transactions."""

    def __init__(self, url: str) -> None:
        self.url = url
        if url.startswith("sqlite:///"):
            self.dialect = "sqlite"
            self._conn: Any = _open_sqlite(url[len("sqlite:///") :])
        elif url.startswith(("postgresql://", "postgres://")):
            self.dialect = "postgresql"
            self._conn = _open_postgresql(url)
        else:
            raise LedgerError(f"unsupported ledger URL {url!r}")
        self.lock_clause = " FOR UPDATE OF d SKIP LOCKED" if self.dialect == "postgresql" else ""
        """Appended to claim queries: skip rows another runner is claiming right now."""
        self.row_lock = " FOR UPDATE" if self.dialect == "postgresql" else ""
        """Appended to a query that must wait for a row another transaction holds."""

    def sql(self, text: str) -> str:
        """``text`` with the backend's placeholders and schema types."""
        if self.dialect == "postgresql":
            text = text.replace("%", "%%").replace("?", "%s")
        return text.format(**SCHEMA_TYPES[self.dialect]) if "{" in text else text

    def execute(self, text: str, params: Sequence[Any] = ()) -> Cursor:
        """Run one statement."""
        cursor: Cursor = self._conn.execute(self.sql(text), tuple(params))
        return cursor

    @property
    def transient_errors(self) -> tuple[type[BaseException], ...]:
        """Errors after which the same work may simply be tried again (lock timeouts,
        deadlocks chosen as victim, serialisation failures)."""
        if self.dialect == "sqlite":
            return (sqlite3.OperationalError,)
        import psycopg

        return (
            psycopg.errors.DeadlockDetected,
            psycopg.errors.SerializationFailure,
            psycopg.errors.LockNotAvailable,
            psycopg.OperationalError,
        )

    def execute_many(self, text: str, params: Sequence[Sequence[Any]]) -> None:
        """Run one statement for each parameter tuple (one round trip where the driver can)."""
        if not params:
            return
        if self.dialect == "sqlite":
            self._conn.executemany(self.sql(text), [tuple(p) for p in params])
        else:
            with self._conn.cursor() as cursor:
                cursor.executemany(self.sql(text), [tuple(p) for p in params])

    def rows(self, text: str, params: Sequence[Any] = ()) -> list[Row]:
        """All result rows of a query, as tuples."""
        return [tuple(row) for row in self.execute(text, params).fetchall()]

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """A write transaction; SQLite takes its write lock at once, so claims are serialised."""
        self._conn.execute("BEGIN IMMEDIATE" if self.dialect == "sqlite" else "BEGIN")
        try:
            yield self
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()


def _open_sqlite(path: str) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(path, timeout=60.0, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA busy_timeout=60000")
        conn.execute("PRAGMA foreign_keys=ON")
    except sqlite3.Error as exc:
        raise LedgerError(f"cannot open the ledger {path}: {exc}") from None
    return conn


def _open_postgresql(url: str) -> Any:
    try:
        import psycopg
    except ImportError:
        raise LedgerError(
            "a postgresql:// ledger needs psycopg: pip install 'newsconv[postgres]'"
        ) from None
    try:
        return psycopg.connect(url, autocommit=True)
    except psycopg.Error as exc:
        raise LedgerError(f"cannot connect to the ledger database: {exc}") from None


def lock_name(db: Database, name: str) -> None:
    """Serialise transactions about ``name`` (an article guid) across runners on PostgreSQL;
    SQLite's write transaction already excludes every other writer."""
    if db.dialect == "postgresql":
        db.execute("SELECT pg_advisory_xact_lock(hashtext(?))", (name,))
