"""The real runner against real FTP, SFTP, HTTP and S3 partners: every (partner, guid, version,
format) reaches the partner exactly once as the partner sees it (renames into the final name,
webhook ids, object versions), whole, in order for the ordered partner, with two runners at
once and with runners killed with SIGKILL at random moments."""

from __future__ import annotations

import base64
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsconv.cli import main
from newsconv.syndication import Runner, enqueue

from ..helpers import article, open_all, partner_file
from .ftpserver import DROP_USER
from .remote import SECRETS, RemotePartners
from .s3server import S3Server

LEDGER = '[ledger]\npath = "ledger.db"\nlease = 1\n'


@pytest.fixture(scope="module")
def s3() -> Iterator[S3Server]:
    server = S3Server()
    yield server
    server.stop()


@pytest.fixture
def remote(tmp_path: Path, s3: S3Server) -> Iterator[RemotePartners]:
    partners = RemotePartners.start(tmp_path / "partners", s3)
    yield partners
    partners.stop()


def prepare(tmp_path: Path, remote: RemotePartners, articles: int) -> Path:
    path = partner_file(tmp_path, LEDGER, remote.tables())
    config, ledger = open_all(path)
    for n in range(articles):
        for text in ("First version.", "Second version, longer. " * 20):
            source = article(tmp_path / "in", f"story{n:03d}", text)
            enqueue(ledger, config, source.read_bytes(), str(source))
    ledger.close()
    return path


def expected(config_path: Path) -> dict[str, list[str]]:
    """Per partner, in delivery order: remote names (webhook ids for the HTTP partner)."""
    _config, ledger = open_all(config_path)
    rows = ledger.db.rows(
        "SELECT partner, remote_name, idempotency_key, state FROM deliveries ORDER BY id"
    )
    ledger.close()
    assert {str(r[3]) for r in rows} == {"delivered"}
    return {
        partner: [str(r[2] if partner == "hooks" else r[1]) for r in rows if r[0] == partner]
        for partner in ("ftp", "sftp", "hooks", "bucket")
    }


def check_exactly_once(config_path: Path, remote: RemotePartners) -> None:
    wanted = expected(config_path)
    seen = remote.seen()
    for partner, names in wanted.items():
        assert seen[partner] == Counter(names), partner
    ordered = [target for _, target in remote.sftp.faults.renames]
    assert ordered == wanted["sftp"], "the ordered partner got versions out of order"
    assert not remote.unreadable()


def runner_command(config: Path) -> list[str]:
    return [sys.executable, "-m", "newsconv", "syndicate", "-c", str(config), "run", "--once",
            "--batch", "4"]  # fmt: skip


def runner_env() -> dict[str, str]:
    return {**os.environ, **SECRETS}


def spawn(config: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as handle:
        return subprocess.Popen(runner_command(config), stderr=handle, env=runner_env())


def test_runner_delivers_to_every_remote_kind(
    tmp_path: Path, remote: RemotePartners, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    config_path = prepare(tmp_path, remote, 3)
    config, ledger = open_all(config_path)
    runner = Runner(config, ledger)
    try:
        stats = runner.run_once()
    finally:
        runner.close()
        ledger.close()
    assert stats.delivered == 4 * 3 * 2
    check_exactly_once(config_path, remote)


def test_two_concurrent_runners_send_each_delivery_once(
    tmp_path: Path, remote: RemotePartners
) -> None:
    config = prepare(tmp_path, remote, 4)
    logs = [tmp_path / f"runner{n}.log" for n in range(2)]
    runners = [spawn(config, log) for log in logs]
    codes = [r.wait(timeout=120) for r in runners]
    assert codes == [0, 0], [log.read_text() for log in logs]
    check_exactly_once(config, remote)
    assert remote.hook.endpoint.requests == len(remote.hook.endpoint.received)


def test_kill_9_at_random_moments_then_rerun(tmp_path: Path, remote: RemotePartners) -> None:
    seed = int(os.environ.get("NEWSCONV_KILL_SEED", time.time_ns() % 100000))
    rng = random.Random(seed)
    config = prepare(tmp_path, remote, 8)
    killed_running = 0
    for round_ in range(2):
        before = remote.arrivals()
        count = rng.choice((1, 2))
        runners = [spawn(config, tmp_path / f"kill{round_}-{n}.log") for n in range(count)]
        started = time.monotonic()
        while (
            remote.arrivals() == before
            and any(process.poll() is None for process in runners)
            and time.monotonic() - started < 30
        ):
            time.sleep(0.01)  # the runners are delivering: now kill them at a random moment
        time.sleep(rng.uniform(0.0, 0.15))
        for process in runners:
            killed_running += process.poll() is None
            process.send_signal(signal.SIGKILL)
            process.wait()
    time.sleep(1.2)  # leases of the killed runners (1 s) run out
    for _attempt in range(4):
        done = subprocess.run(
            runner_command(config), capture_output=True, timeout=120, env=runner_env()
        )
        if done.returncode == 0:
            break
        time.sleep(1.2)
    assert done.returncode == 0, (seed, done.stderr.decode())
    check_exactly_once(config, remote)
    _config, ledger = open_all(config)
    interrupted = ledger.db.rows("SELECT COUNT(*) FROM attempts WHERE outcome = 'lease-expired'")
    ledger.close()
    if killed_running:  # a runner killed mid-run almost always holds claimed deliveries
        assert interrupted[0][0] > 0, (seed, "no runner was killed while holding a delivery")


def test_refused_credentials_disable_every_remote_partner_and_stay_secret(
    tmp_path: Path, remote: RemotePartners
) -> None:
    wrong = {name: f"wrong-{name}-Secret-7e1" for name in SECRETS}
    wrong["HOOK_SECRET"] = "whsec_" + base64.b64encode(b"wrong-hook-Secret-7e1").decode()
    config_path = prepare(tmp_path, remote, 2)
    config, ledger = open_all(config_path)
    runner = Runner(config, ledger, secret=wrong.__getitem__)
    remote.s3.require_auth(True)
    try:
        stats = runner.run_once()
    finally:
        remote.s3.require_auth(False)
        runner.close()
    disabled = dict(ledger.db.rows("SELECT partner, disabled FROM partner_state"))
    ledger.close()
    assert stats.delivered == 0
    assert disabled == {"ftp": 1, "sftp": 1, "hooks": 1, "bucket": 1}
    assert remote.arrivals() == 0 and not remote.seen()["bucket"]
    dump = "\n".join(sqlite3.connect(tmp_path / "ledger.db").iterdump())
    assert "AuthError" in dump
    for value in [*wrong.values(), *SECRETS.values()]:
        assert value not in dump and value.removeprefix("whsec_") not in dump


def canaries_left(remote: RemotePartners) -> dict[str, int]:
    """What each partner still holds: files in the FTP and SFTP folders (temporary ones
    too), canary pushes received, current objects in the bucket."""
    objects = remote.s3.client().list_objects_v2(Bucket=remote.bucket).get("Contents", [])
    return {
        "ftp": len(list((remote.ftp.root / "in").iterdir())),
        "sftp": len(list((remote.sftp.root / "in").iterdir())),
        "hooks": sum(key.startswith("nc_canary_") for key in remote.hook.endpoint.received),
        "bucket": len(objects),
    }


@pytest.mark.parametrize(
    ("partner", "check"),
    [("ftp", "present remotely; removed"), ("sftp", "present remotely; removed"),
     ("hooks", "presence not checkable; a push cannot be taken back, so it stays"),
     ("bucket", "present remotely; removed")],
)  # fmt: skip
def test_partner_test_sends_a_canary_to_each_remote_kind(
    tmp_path: Path,
    remote: RemotePartners,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    partner: str,
    check: str,
) -> None:
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    config = str(partner_file(tmp_path, LEDGER, remote.tables()))
    assert main(["partner", "-c", config, "test", partner]) == 0
    out = capsys.readouterr().out
    assert "canary delivered" in out and check in out
    left = {"ftp": 0, "sftp": 0, "hooks": 0, "bucket": 0}
    left["hooks"] = 1 if partner == "hooks" else 0
    assert canaries_left(remote) == left
    monkeypatch.setenv("FTP_PW", "wrong")
    monkeypatch.setenv("SFTP_PW", "wrong")
    monkeypatch.setenv("HOOK_SECRET", "wrong")
    monkeypatch.setenv("S3_KEY", "wrong")
    remote.s3.require_auth(True)
    try:
        assert main(["partner", "-c", config, "test", partner]) == 1
    finally:
        remote.s3.require_auth(False)
    out = capsys.readouterr().out
    assert "AuthError" in out and "wrong" not in out


def test_a_canary_the_partner_will_not_let_go_is_named(
    tmp_path: Path,
    remote: RemotePartners,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FTP_PW", SECRETS["FTP_PW"])
    ftp_only = remote.tables().split("[partners.sftp]")[0]
    table = ftp_only.replace('user = "nc"', f'user = "{DROP_USER}"')
    config = str(partner_file(tmp_path, LEDGER, table))
    assert main(["partner", "-c", config, "test", "ftp"]) == 0  # delivering works
    out = capsys.readouterr().out
    assert "present remotely; could not remove it (PermanentError: removal of" in out
    [left] = [path.name for path in (remote.ftp.root / "in").iterdir()]
    assert left.startswith("newsconv-canary-") and left in out and "by hand" in out
