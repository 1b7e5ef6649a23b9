"""Syndication throughput: releases delivered to a directory partner through the ledger,
against the same render-and-deliver loop with no ledger, in the same process.

Articles are parsed and rendered once, when enqueued (timed apart as the enqueue rate). Both
loops then hand the same rendered files, under the same names, to the same directory
transport (temp file, fsync, rename, folder fsync); only the ledger loop claims, reads the
release and its rendition, records and logs through the SQLite ledger. The two loops are timed in
the same process on the same releases, one after the other, so the ratio (ledger / bare) is
what the ledger costs per delivery; machine load moves both. Peak RSS is printed at the
start, middle and end of the ledger run (it stays flat when nothing accumulates).

    python benchmarks/syndicate.py [--releases N] [--format newsml] [--batch 32]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from newsconv.syndication import Ledger, Runner, RunStats, enqueue, load_config
from newsconv.syndication.render import remote_name, variant_key
from newsconv.syndication.transports.base import Payload
from newsconv.syndication.transports.directory import DirectoryTransport

try:
    from .common import corpus_paths
except ImportError:  # run as a script
    from common import corpus_paths  # type: ignore[no-redef]


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_partner_file(folder: Path, fmt: str) -> Path:
    path = folder / "partners.toml"
    path.write_text(
        '[ledger]\npath = "ledger.db"\n\n[partners.drop]\n'
        f'formats = ["{fmt}"]\ntransport = {{ kind = "directory", path = "drop" }}\n',
        encoding="utf-8",
    )
    return path


def enqueue_releases(folder: Path, count: int, fmt: str) -> tuple[Path, float]:
    """Enqueue ``count`` releases (corpus articles in turn, each with its own guid)."""
    sources = [(str(p), p.read_bytes()) for p in corpus_paths()]
    config_path = write_partner_file(folder, fmt)
    config = load_config(config_path)
    ledger = Ledger(config.ledger.url)
    start = time.perf_counter()
    for n in range(count):
        name, data = sources[n % len(sources)]
        meta = {"guid": f"urn:newsml:bench.example:20240101:{n}"}
        enqueue(ledger, config, data, name, meta=meta)
    took = time.perf_counter() - start
    ledger.close()
    return config_path, took


def bare_loop(config_path: Path, target: Path) -> float:
    """Deliver every rendered release with the same transport and names, no ledger involved
    (the renditions are read into memory before the clock starts)."""
    config = load_config(config_path)
    partner = config.partners["drop"]
    fmt = partner.formats[0]
    ledger = Ledger(config.ledger.url)
    payloads = []
    for seq, (release_id,) in enumerate(ledger.db.rows("SELECT id FROM releases"), start=1):
        release = ledger.release(int(release_id))
        stored = ledger.rendition(release.id, variant_key(partner, fmt))
        assert stored is not None
        name = remote_name(partner, release, fmt, stored[2], seq)
        payloads.append(Payload(name, stored[0], stored[1], str(seq)))
    ledger.close()
    transport = DirectoryTransport(target)
    start = time.perf_counter()
    for payload in payloads:
        transport.deliver(payload)
    return time.perf_counter() - start


def ledger_loop(config_path: Path, count: int, batch: int) -> tuple[float, list[float]]:
    """Deliver everything through the ledger; returns the time and RSS samples."""
    config = load_config(config_path)
    ledger = Ledger(config.ledger.url)
    samples = [peak_rss_mb()]

    def progress(stats: RunStats) -> None:
        if len(samples) == 1 and stats.delivered >= count // 2:
            samples.append(peak_rss_mb())

    runner = Runner(config, ledger, batch=batch, on_progress=progress)
    start = time.perf_counter()
    stats = runner.run_once()
    took = time.perf_counter() - start
    samples.append(peak_rss_mb())
    runner.close()
    ledger.close()
    if stats.delivered != count:
        raise SystemExit(f"delivered {stats.delivered} of {count}")
    return took, samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=10_000)
    parser.add_argument("--format", default="newsml")
    parser.add_argument("--batch", type=int, default=32)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsconv-synd-bench-") as tmp:
        folder = Path(tmp)
        config_path, enqueue_time = enqueue_releases(folder, args.releases, args.format)
        bare = bare_loop(config_path, folder / "bare-drop")
        took, rss = ledger_loop(config_path, args.releases, args.batch)
    n = args.releases
    print(f"releases: {n}, format {args.format}, one directory partner, batch {args.batch}")
    print(f"enqueue:        {n / enqueue_time:8.0f} releases/s")
    print(f"no ledger:      {n / bare:8.0f} deliveries/s  (transport loop only)")
    print(f"with ledger:    {n / took:8.0f} deliveries/s")
    print(f"ledger overhead: {took / bare - 1:+.1%}  (ratio {took / bare:.3f}, same process)")
    print("peak RSS MiB at start / middle / end of the ledger run: "
          + " / ".join(f"{value:.0f}" for value in rss))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
