"""A throwaway PostgreSQL server on 127.0.0.1 for the ledger tests.

``initdb`` runs in a fresh temporary folder and ``pg_ctl`` starts the server on a free port
with its socket in that folder. PostgreSQL refuses to run as root, so under root the server
runs as ``nobody`` (the folder is handed to that user). Without the binaries the tests skip,
except under CI, where they fail.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest


def postgres_bin() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``: $NEWSCONV_PG_BIN, Debian's, or the PATH."""
    candidates = [os.environ.get("NEWSCONV_PG_BIN", "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    found = shutil.which("initdb")
    candidates.append(str(Path(found).parent) if found else "")
    for folder in candidates:
        if folder and (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def missing(reason: str) -> None:
    """Skip the test, or fail it under CI."""
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL is required under CI: {reason}")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PostgresServer:
    """A running server; ``url(db)`` gives a connection URL for database ``db``."""

    bindir: Path
    folder: Path
    port: int
    as_user: list[str]

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A fresh, empty schema ``name`` (quicker than a database) and a URL that uses it."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{name}"')
        return self.url() + f"?options=-c%20search_path%3D{name}"

    def stop(self) -> None:
        subprocess.run(
            [*self.as_user, str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"),
             "-m", "immediate", "stop"],
            capture_output=True, check=False, cwd=self.folder,
        )  # fmt: skip
        shutil.rmtree(self.folder, ignore_errors=True)


def start_postgres() -> PostgresServer:
    """Start a fresh server (call :meth:`PostgresServer.stop` when done)."""
    bindir = postgres_bin()
    if bindir is None:
        missing("PostgreSQL server binaries not found (Debian: apt-get install postgresql)")
        raise AssertionError  # unreachable
    try:
        import psycopg  # noqa: F401
    except ImportError:
        missing("psycopg is not installed (pip install 'newsconv[postgres]')")
    folder = Path(tempfile.mkdtemp(prefix="newsconv-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        import pwd

        user = pwd.getpwnam("nobody")
        os.chown(folder, user.pw_uid, user.pw_gid)
        as_user = ["runuser", "-u", "nobody", "--"]
    port = _free_port()
    data = folder / "data"
    steps = [
        [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
         "-E", "UTF8", "--no-sync", "--locale=C"],
        [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-w",
         "-t", "60", "-o",
         f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
         " -c max_connections=50 -c shared_buffers=16MB", "start"],
    ]  # fmt: skip
    for step in steps:
        done = subprocess.run(
            [*as_user, *step], capture_output=True, text=True, cwd=folder, check=False
        )
        if done.returncode != 0:
            log = (folder / "server.log").read_text() if (folder / "server.log").exists() else ""
            shutil.rmtree(folder, ignore_errors=True)
            raise RuntimeError(f"{step[0]} failed: {done.stderr}{done.stdout}{log}")
    return PostgresServer(bindir, folder, port, as_user)
