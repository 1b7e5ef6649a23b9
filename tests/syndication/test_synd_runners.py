"""Several runners on one ledger, and runners killed with SIGKILL at random moments: every
(partner, guid, version, format) reaches the partner exactly once, whole, and in order for
ordered partners. A watcher polls the drop folders the way a partner does, noting every file
it sees (a second delivery under a name shows up as a new inode) and reading each new file at
once (a partial file would not parse)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

from lxml import etree

from newsconv.syndication import enqueue

from .helpers import article, open_all, partner_file, visible_files

PARTNERS = """
[partners.wire]
formats = ["newsml", "ninjs"]
transport = { kind = "directory", path = "drop/wire" }

[partners.ordered]
formats = ["ninjs"]
ordered = true
transport = { kind = "directory", path = "drop/ordered" }
"""


class PartnerWatcher(threading.Thread):
    """Polls drop folders like a partner: names → inodes seen, and files that did not parse."""

    def __init__(self, folders: list[Path]) -> None:
        super().__init__(daemon=True)
        self.folders = folders
        self.seen: dict[tuple[str, str], set[int]] = defaultdict(set)
        self.broken: list[str] = []
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.is_set():
            self.scan()
            time.sleep(0.002)
        self.scan()

    def scan(self) -> None:
        for folder in self.folders:
            if not folder.exists():
                continue
            for entry in os.scandir(folder):
                if entry.name.startswith("."):
                    continue
                try:
                    inode = entry.inode()
                    key = (folder.name, entry.name)
                    if inode not in self.seen[key]:
                        self.seen[key].add(inode)
                        self.check(Path(entry.path))
                except FileNotFoundError:
                    continue

    def check(self, path: Path) -> None:
        data = path.read_bytes()
        try:
            json.loads(data) if path.suffix == ".json" else etree.fromstring(data)
        except (ValueError, etree.XMLSyntaxError):
            self.broken.append(path.name)

    def files(self) -> int:
        return sum(len(inodes) for inodes in self.seen.values())

    def stop(self) -> None:
        self.halt.set()
        self.join()


def prepare(tmp_path: Path, ledger_table: str, articles: int) -> Path:
    path = partner_file(tmp_path, ledger_table.replace("lease = 5", "lease = 1"), PARTNERS)
    config, ledger = open_all(path)
    for n in range(articles):
        for text in ("First version.", "Second version, longer. " * 20):
            source = article(tmp_path / "in", f"story{n:03d}", text)
            enqueue(ledger, config, source.read_bytes(), str(source))
    ledger.close()
    return path


def runner_command(config: Path, batch: int = 4) -> list[str]:
    return [
        sys.executable,
        "-m",
        "newsconv",
        "syndicate",
        "-c",
        str(config),
        "run",
        "--once",
        "--batch",
        str(batch),
    ]


def open_deliveries(config_path: Path) -> int:
    return count_deliveries(config_path, "state <> 'delivered'")


def count_deliveries(config_path: Path, where: str) -> int:
    _config, ledger = open_all(config_path)
    rows = ledger.db.rows(f"SELECT COUNT(*) FROM deliveries WHERE {where}")
    ledger.close()
    return int(rows[0][0])


def wait_until_held(config_path: Path, runners: list[subprocess.Popen[bytes]]) -> None:
    """Until a runner holds a delivery (claimed, not yet recorded), or none is left running."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and any(r.poll() is None for r in runners):
        if count_deliveries(config_path, "state = 'in_progress'"):
            return
        time.sleep(0.003)


def spawn(command: list[str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as handle:
        return subprocess.Popen(command, stderr=handle)


def check_exactly_once(tmp_path: Path, config_path: Path, watcher: PartnerWatcher) -> None:
    _config, ledger = open_all(config_path)
    rows = ledger.db.rows(
        "SELECT d.id, d.partner, d.state, d.remote_name,"
        " SUM(CASE WHEN a.outcome = 'delivered' THEN 1 ELSE 0 END)"
        " FROM deliveries d LEFT JOIN attempts a ON a.delivery_id = d.id"
        " GROUP BY d.id, d.partner, d.state, d.remote_name ORDER BY d.id"
    )
    assert {str(r[2]) for r in rows} == {"delivered"}
    assert all(int(r[4] or 0) <= 1 for r in rows), "a delivery was sent twice"
    expected = {(str(r[1]), str(r[3])) for r in rows}
    present = {
        (f.parent.name, f.name)
        for p in ("wire", "ordered")
        for f in visible_files(tmp_path / "drop" / p)
    }
    assert present == expected
    twice = {key: inodes for key, inodes in watcher.seen.items() if len(inodes) > 1}
    assert not twice, f"the partner saw files delivered twice: {sorted(twice)[:5]}"
    assert not watcher.broken, f"partial files were visible: {watcher.broken[:5]}"
    ordered = [str(r[3]) for r in rows if r[1] == "ordered"]  # delivery order = enqueue order
    folder = tmp_path / "drop" / "ordered"
    by_time = sorted(ordered, key=lambda name: (folder / name).stat().st_mtime_ns)
    assert by_time == ordered
    ledger.close()


def test_two_concurrent_runners_never_send_the_same_delivery(
    tmp_path: Path, ledger_table: str
) -> None:
    config = prepare(tmp_path, ledger_table, 12)
    watcher = PartnerWatcher([tmp_path / "drop" / "wire", tmp_path / "drop" / "ordered"])
    watcher.start()
    logs = [tmp_path / f"runner{n}.log" for n in range(2)]
    runners = [spawn(runner_command(config), log) for log in logs]
    codes = [r.wait(timeout=120) for r in runners]
    watcher.stop()
    assert codes == [0, 0], [log.read_text() for log in logs]
    check_exactly_once(tmp_path, config, watcher)


def test_kill_9_at_random_moments_then_rerun(tmp_path: Path, ledger_table: str) -> None:
    seed = int(os.environ.get("NEWSCONV_KILL_SEED", time.time_ns() % 100000))
    rng = random.Random(seed)
    config = prepare(tmp_path, ledger_table, 40)
    watcher = PartnerWatcher([tmp_path / "drop" / "wire", tmp_path / "drop" / "ordered"])
    watcher.start()
    held_kills = 0
    for round_ in range(16):
        if not open_deliveries(config) or (round_ >= 6 and held_kills):
            break
        count = rng.choice((1, 2))
        # small batches: a runner spends most of its time holding a delivery; the kill lands
        # a random moment after one is claimed: mid-send or between sending and recording
        runners = [
            spawn(runner_command(config, batch=rng.choice((1, 2))), tmp_path / f"kill{n}.log")
            for n in range(count)
        ]
        wait_until_held(config, runners)
        time.sleep(rng.uniform(0.0, 0.03))
        for n, process in enumerate(runners):
            process.send_signal(signal.SIGKILL)
            code = process.wait()
            log = tmp_path / f"kill{n}.log"
            assert code in (0, -signal.SIGKILL), (seed, code, log.read_text(errors="replace"))
        # a kill that landed between two deliveries leaves nothing held: more rounds until
        # one has landed while a delivery was claimed and not yet recorded
        held_kills += count_deliveries(config, "state = 'in_progress'") > 0
    time.sleep(1.2)  # leases of the killed runners (1 s) run out
    for _attempt in range(4):
        done = subprocess.run(runner_command(config), capture_output=True, timeout=300)
        if done.returncode == 0:
            break
        time.sleep(1.2)
    watcher.stop()
    assert done.returncode == 0, (seed, done.stderr.decode())
    check_exactly_once(tmp_path, config, watcher)
    _config, ledger = open_all(config)
    interrupted = ledger.db.rows("SELECT COUNT(*) FROM attempts WHERE outcome = 'lease-expired'")
    ledger.close()
    assert held_kills > 0, (seed, "no kill landed while a delivery was held")
    assert interrupted[0][0] > 0, "a held delivery was not taken back when its lease ran out"
