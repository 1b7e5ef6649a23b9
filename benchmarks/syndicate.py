"""Syndication throughput: releases delivered to a directory partner through the ledger,
against the same render-and-deliver loop with no ledger, in the same process.

Articles are parsed and rendered once, when enqueued (timed apart as the enqueue rate). Both
loops then hand the same rendered files, under the same names, in batches of the same size,
to the same directory transport (temp files written and fsynced in parallel, renamed, folder
fsynced once a batch); only the ledger loop claims, reads the release and its rendition,
records and logs through the SQLite ledger. The two loops are timed in
the same process on the same releases, one after the other (the ledger loop first, so that
its memory readings are not inflated by the other loop), so the ratio (ledger / bare) is what
the ledger costs per delivery; machine load moves both. Resident memory is printed at the
start, middle and end of the ledger run (it stays flat when nothing accumulates).

    python benchmarks/syndicate.py [--releases N] [--format newsml] [--batch 32]
                                   [--postgres postgresql://user@host/db]

With ``--postgres`` the ledger is a fresh schema in that database (dropped afterwards).
"""

from __future__ import annotations

import argparse
import os
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


def rss_mb() -> float:
    """Resident memory of this process now, in MiB (Linux; the peak elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mb()


def write_partner_file(folder: Path, fmt: str, ledger_url: str | None) -> Path:
    path = folder / "partners.toml"
    ledger = f'url = "{ledger_url}"' if ledger_url else 'path = "ledger.db"'
    path.write_text(
        f"[ledger]\n{ledger}\n\n[partners.drop]\n"
        f'formats = ["{fmt}"]\ntransport = {{ kind = "directory", path = "drop" }}\n',
        encoding="utf-8",
    )
    return path


def postgres_schema(url: str, name: str, *, drop: bool = False) -> str:
    """Create (or drop) schema ``name`` in the database at ``url``; the URL that uses it."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {name} CASCADE" if drop else f"CREATE SCHEMA {name}")
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-c%20search_path%3D{name}"


def enqueue_releases(
    folder: Path, count: int, fmt: str, ledger_url: str | None = None
) -> tuple[Path, float]:
    """Enqueue ``count`` releases (corpus articles in turn, each with its own guid)."""
    sources = [(str(p), p.read_bytes()) for p in corpus_paths()]
    config_path = write_partner_file(folder, fmt, ledger_url)
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


def bare_loop(config_path: Path, target: Path, batch: int) -> float:
    """The same loop with no ledger: name each rendered release and deliver it, in batches,
    with the same transport (releases and renditions are read into memory untimed)."""
    config = load_config(config_path)
    partner = config.partners["drop"]
    fmt = partner.formats[0]
    ledger = Ledger(config.ledger.url)
    ids = [int(r[0]) for r in ledger.db.rows("SELECT id FROM releases ORDER BY id")]
    releases = ledger.releases(ids)
    stored = ledger.renditions(ids, variant_key(partner, fmt))
    ledger.close()
    transport = DirectoryTransport(target)
    start = time.perf_counter()
    for first in range(0, len(ids), batch):
        payloads = []
        for seq in ids[first : first + batch]:
            data, media_type, extension = stored[seq]
            name = remote_name(partner, releases[seq], fmt, extension, seq)
            payloads.append(Payload(name, data, media_type, str(seq)))
        transport.deliver_many(payloads)
    took = time.perf_counter() - start
    transport.close()
    return took


def ledger_loop(config_path: Path, count: int, batch: int) -> tuple[float, list[float]]:
    """Deliver everything through the ledger; returns the time and RSS samples."""
    config = load_config(config_path)
    ledger = Ledger(config.ledger.url)
    samples = [rss_mb()]

    def progress(stats: RunStats) -> None:
        if len(samples) == 1 and stats.delivered >= count // 2:
            samples.append(rss_mb())

    runner = Runner(config, ledger, batch=batch, on_progress=progress)
    start = time.perf_counter()
    stats = runner.run_once()
    took = time.perf_counter() - start
    samples.append(rss_mb())
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
    parser.add_argument("--postgres", metavar="URL", help="PostgreSQL ledger instead of SQLite")
    args = parser.parse_args()
    schema = f"newsconv_bench_{os.getpid()}"
    ledger_url = postgres_schema(args.postgres, schema) if args.postgres else None
    try:
        with tempfile.TemporaryDirectory(prefix="newsconv-synd-bench-") as tmp:
            folder = Path(tmp)
            config_path, enqueue_time = enqueue_releases(
                folder, args.releases, args.format, ledger_url
            )
            took, rss = ledger_loop(config_path, args.releases, args.batch)
            bare = bare_loop(config_path, folder / "bare-drop", args.batch)
    finally:
        if args.postgres:
            postgres_schema(args.postgres, schema, drop=True)
    n = args.releases
    backend = "PostgreSQL" if args.postgres else "SQLite"
    print(
        f"releases: {n}, format {args.format}, one directory partner, batch {args.batch},"
        f" {backend} ledger"
    )
    print(f"enqueue:        {n / enqueue_time:8.0f} releases/s")
    print(f"no ledger:      {n / bare:8.0f} deliveries/s  (transport loop only)")
    print(f"with ledger:    {n / took:8.0f} deliveries/s")
    print(f"ledger overhead: {took / bare - 1:+.1%}  (ratio {took / bare:.3f}, same process)")
    print(
        "RSS MiB at start / middle / end of the ledger run: "
        + " / ".join(f"{value:.0f}" for value in rss)
        + f"  (process peak {peak_rss_mb():.0f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
