"""Delivery: retries with backoff, the breaker, ordered partners, expired leases and the
remote check before a resend, disabled partners. Each test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from newsconv.syndication import Runner, enqueue
from newsconv.syndication.claims import Outcome, claim, finish
from newsconv.syndication.ledger import Ledger
from newsconv.syndication.status import status_report

from .helpers import article, open_all, partner_file, visible_files

ONE = """
[partners.p]
formats = ["ninjs"]
transport = { kind = "directory", path = "drop/p" }
retry = { max_attempts = 3, backoff = 10, jitter = 0 }
breaker = { failures = 100 }
"""


class Clock:
    def __init__(self, now: float = 1.8e9) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def block(folder: Path) -> None:
    """Make the drop folder unwritable: a plain file sits where the folder should be."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder")


def enqueue_some(ledger: Ledger, config: object, tmp_path: Path, count: int, now: float) -> None:
    for n in range(count):
        path = article(tmp_path / "in", f"story{n}")
        enqueue(ledger, config, path.read_bytes(), str(path), now=now)  # type: ignore[arg-type]


def by_state(ledger: Ledger) -> dict[str, int]:
    return {str(s): int(c) for s, c in ledger.db.rows(
        "SELECT state, COUNT(*) FROM deliveries GROUP BY state")}  # fmt: skip


def test_failure_retries_with_backoff_then_delivers(tmp_path: Path, ledger_table: str) -> None:
    config, ledger = open_all(partner_file(tmp_path, ledger_table, ONE))
    clock = Clock()
    enqueue_some(ledger, config, tmp_path, 2, clock.now)
    drop = tmp_path / "drop" / "p"
    block(drop)
    runner = Runner(config, ledger, clock=clock)
    runner.run_once()
    assert by_state(ledger) == {"retrying": 2}
    due = [float(r[0]) for r in ledger.db.rows("SELECT next_at FROM deliveries")]
    assert due == [clock.now + 10, clock.now + 10]  # backoff 10 s, no jitter
    log = ledger.attempts(1)
    assert log[0][2] == "error" and log[0][4] == "TransportError"
    clock.now += 5
    runner.run_once()  # not due yet
    assert by_state(ledger) == {"retrying": 2}
    drop.unlink()
    clock.now += 6
    runner.run_once()
    assert by_state(ledger) == {"delivered": 2}
    assert len(visible_files(drop)) == 2
    ledger.close()


def test_gives_up_after_max_attempts_and_retry_command_revives(
    tmp_path: Path, ledger_table: str
) -> None:
    config, ledger = open_all(partner_file(tmp_path, ledger_table, ONE))
    clock = Clock()
    enqueue_some(ledger, config, tmp_path, 1, clock.now)
    block(tmp_path / "drop" / "p")
    runner = Runner(config, ledger, clock=clock)
    for _ in range(3):
        runner.run_once()
        clock.now += 100
    assert by_state(ledger) == {"failed": 1}
    assert status_report(config, ledger, clock.now)["totals"]["failed"] == 1
    (tmp_path / "drop" / "p").unlink()
    from newsconv.cli import main

    assert main(["syndicate", "-c", str(config.path), "retry", "-p", "p"]) == 0
    assert main(["syndicate", "-c", str(config.path), "run", "--once"]) == 0
    assert by_state(ledger) == {"delivered": 1}
    ledger.close()


def test_breaker_pauses_partner_after_consecutive_failures(
    tmp_path: Path, ledger_table: str
) -> None:
    partners = ONE.replace("failures = 100", "failures = 2, pause = 60")
    config, ledger = open_all(partner_file(tmp_path, ledger_table, partners))
    clock = Clock()
    enqueue_some(ledger, config, tmp_path, 4, clock.now)
    block(tmp_path / "drop" / "p")
    Runner(config, ledger, clock=clock, batch=1).run_once()
    attempts = int(ledger.db.rows("SELECT COUNT(*) FROM attempts")[0][0])
    assert attempts == 2  # paused after two failures in a row, the rest were not tried
    report = status_report(config, ledger, clock.now)
    assert report["partners"]["p"]["paused"]
    (tmp_path / "drop" / "p").unlink()
    clock.now += 61
    Runner(config, ledger, clock=clock).run_once()
    assert by_state(ledger) == {"delivered": 4}
    ledger.close()


def test_disabling_failure_stops_partner_until_retry(tmp_path: Path, ledger_table: str) -> None:
    config, ledger = open_all(partner_file(tmp_path, ledger_table, ONE))
    clock = Clock()
    enqueue_some(ledger, config, tmp_path, 3, clock.now)
    partner = config.partners["p"]
    ledger.ensure_partners(["p"])
    held = claim(ledger, partner, "r1", clock.now, 1)
    refused = Outcome(
        held[0],
        False,
        "error",
        status=401,
        error_class="AuthError",
        message="credentials refused",
        retryable=False,
        disables_partner=True,
    )
    finish(ledger, partner, "r1", clock.now, [refused])
    assert claim(ledger, partner, "r1", clock.now, 10) == []
    report = status_report(config, ledger, clock.now)["partners"]["p"]
    assert report["disabled"] and report["reason"] == "credentials refused"
    assert by_state(ledger) == {"failed": 1, "pending": 2}
    with ledger.db.transaction():
        ledger.reset_breaker("p")
    assert len(claim(ledger, partner, "r1", clock.now, 10)) == 2
    ledger.close()


def test_ordered_partner_stops_at_first_failure(tmp_path: Path, ledger_table: str) -> None:
    partners = ONE.replace('formats = ["ninjs"]', 'formats = ["ninjs"]\nordered = true')
    config, ledger = open_all(partner_file(tmp_path, ledger_table, partners))
    clock = Clock()
    enqueue_some(ledger, config, tmp_path, 3, clock.now)
    block(tmp_path / "drop" / "p")
    Runner(config, ledger, clock=clock).run_once()
    assert by_state(ledger) == {"retrying": 1, "pending": 2}
    assert int(ledger.db.rows("SELECT COUNT(*) FROM attempts")[0][0]) == 1
    (tmp_path / "drop" / "p").unlink()
    clock.now += 11
    Runner(config, ledger, clock=clock).run_once()
    files = visible_files(tmp_path / "drop" / "p")
    by_time = [p.name for p in sorted(files, key=lambda p: p.stat().st_mtime_ns)]
    assert [name.split(":")[-1] if ":" in name else name for name in by_time] == sorted(by_time)
    ledger.close()


def test_ordered_partner_has_one_delivery_in_flight(tmp_path: Path, ledger_table: str) -> None:
    partners = ONE.replace('formats = ["ninjs"]', 'formats = ["ninjs"]\nordered = true')
    config, ledger = open_all(partner_file(tmp_path, ledger_table, partners))
    enqueue_some(ledger, config, tmp_path, 3, 1.8e9)
    partner = config.partners["p"]
    ledger.ensure_partners(["p"])
    first = claim(ledger, partner, "r1", 1.8e9, 1)
    assert len(first) == 1
    assert claim(ledger, partner, "r2", 1.8e9, 5) == []
    ledger.close()


def test_versions_never_overtake_each_other(tmp_path: Path, ledger_table: str) -> None:
    config, ledger = open_all(partner_file(tmp_path, ledger_table, ONE))
    for text in ("One.", "Two."):
        path = article(tmp_path / "in", "story", text)
        enqueue(ledger, config, path.read_bytes(), str(path), now=1.8e9)
    partner = config.partners["p"]
    ledger.ensure_partners(["p"])
    held = claim(ledger, partner, "r1", 1.8e9, 1)
    assert [c.version for c in held] == [1]
    assert claim(ledger, partner, "r2", 1.8e9, 5) == []  # v2 waits for v1
    ledger.close()


@pytest.mark.parametrize("already_there", [True, False])
def test_expired_lease_returns_to_retrying_and_resend_checks_remote(
    tmp_path: Path, ledger_table: str, already_there: bool
) -> None:
    config, ledger = open_all(partner_file(tmp_path, ledger_table, ONE))
    clock = Clock()
    enqueue_some(ledger, config, tmp_path, 1, clock.now)
    dead = Runner(config, ledger, clock=clock)
    held = claim(ledger, config.partners["p"], dead.name, clock.now, 1)
    payload = dead.payload(config.partners["p"], held[0])
    if already_there:  # the dead runner had sent the file, but not recorded it
        dead.transport(config.partners["p"]).deliver(payload)
    target = tmp_path / "drop" / "p" / payload.name
    before = target.stat().st_ino if already_there else None
    clock.now += 2
    Runner(config, ledger, clock=clock).run_once()
    assert by_state(ledger) == {"in_progress": 1}  # lease (5 s) not expired yet
    clock.now += 10
    Runner(config, ledger, clock=clock).run_once()
    assert by_state(ledger) == {"delivered": 1}
    outcomes = [row[2] for row in ledger.attempts(held[0].id)]
    assert outcomes == ["lease-expired", "found" if already_there else "delivered"]
    if already_there:
        assert target.stat().st_ino == before  # not written again
    ledger.close()


def test_resend_sends_again_even_if_present(tmp_path: Path, ledger_table: str) -> None:
    config, ledger = open_all(partner_file(tmp_path, ledger_table, ONE))
    enqueue_some(ledger, config, tmp_path, 1, time.time())
    Runner(config, ledger).run_once()
    target = visible_files(tmp_path / "drop" / "p")[0]
    inode = target.stat().st_ino
    from newsconv.cli import main

    assert main(["syndicate", "-c", str(config.path), "resend", "-p", "p"]) == 0
    assert main(["syndicate", "-c", str(config.path), "run", "--once"]) == 0
    assert target.stat().st_ino != inode
    assert [row[2] for row in ledger.attempts(1)] == ["delivered", "delivered"]
    ledger.close()


def test_cancel_drops_pending(tmp_path: Path, ledger_table: str) -> None:
    config, ledger = open_all(partner_file(tmp_path, ledger_table, ONE))
    enqueue_some(ledger, config, tmp_path, 2, 1.8e9)
    from newsconv.cli import main

    assert main(["syndicate", "-c", str(config.path), "cancel", "-p", "p"]) == 0
    assert main(["syndicate", "-c", str(config.path), "run", "--once"]) == 0
    assert by_state(ledger) == {"canceled": 2}
    assert visible_files(tmp_path / "drop" / "p") == []
    ledger.close()


def test_renewed_lease_is_not_taken_back(tmp_path: Path, ledger_table: str) -> None:
    from newsconv.syndication.claims import reclaim_expired, renew_leases

    config, ledger = open_all(partner_file(tmp_path, ledger_table, ONE))
    enqueue_some(ledger, config, tmp_path, 2, 1.8e9)
    ledger.ensure_partners(["p"])
    held = claim(ledger, config.partners["p"], "r1", 1.8e9, 2)
    renew_leases(ledger, "r1", [held[1].id], 1.8e9 + 4)  # lease 5 s: now until 1.8e9 + 9
    renew_leases(ledger, "someone-else", [held[0].id], 1.8e9 + 4)  # not theirs: no effect
    assert reclaim_expired(ledger, "r2", 1.8e9 + 6) == 1
    assert by_state(ledger) == {"retrying": 1, "in_progress": 1}
    ledger.close()


def test_starting_runner_does_not_lock_tables_in_use(pg_server: object) -> None:
    """A runner starting while others hold write locks must not wait for them (on
    PostgreSQL, ``CREATE INDEX IF NOT EXISTS`` would, and could deadlock with them)."""
    import threading

    import psycopg

    from .pgserver import PostgresServer

    assert isinstance(pg_server, PostgresServer)
    url = pg_server.create_database("busy_tables")
    Ledger(url).close()
    with psycopg.connect(url) as busy:
        busy.execute("INSERT INTO partner_state (partner) VALUES ('x')")
        busy.execute("LOCK TABLE deliveries IN ROW EXCLUSIVE MODE")  # held until the end
        opened: list[Ledger] = []
        starter = threading.Thread(target=lambda: opened.append(Ledger(url)), daemon=True)
        starter.start()
        starter.join(timeout=10)
        assert opened, "opening the ledger waited for another transaction's locks"
        opened[0].close()
        busy.rollback()
