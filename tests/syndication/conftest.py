"""Fixtures of the syndication tests: a ledger on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from .pgserver import PostgresServer, start_postgres

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    server = start_postgres()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_table(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The ``[ledger]`` table of a partner file, for each backend."""
    if request.param == "sqlite":
        return f'[ledger]\npath = "{tmp_path / "ledger.db"}"\nlease = 5\n'
    server: PostgresServer = request.getfixturevalue("pg_server")
    url = server.create_database(f"ledger_{next(_numbers)}")
    return f'[ledger]\nurl = "{url}"\nlease = 5\n'


ROOT_EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
