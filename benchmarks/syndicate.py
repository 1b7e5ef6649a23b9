"""Syndication throughput: releases delivered to a directory partner, an SFTP partner and an
HTTP partner on loopback (``--partners`` picks) through the ledger, against the same
render-and-deliver loop with no ledger, in the same process.

Articles are parsed and rendered once, when enqueued (timed apart as the enqueue rate). Both
loops then hand the same rendered files, under the same names, in batches of the same size,
to the same directory transport (temp files written and fsynced in parallel, renamed, folder
fsynced once a batch); only the ledger loop claims, reads the release and its rendition,
records and logs through the SQLite ledger. The two loops are timed in
the same process on the same releases, one after the other (the ledger loop first, so that
its memory readings are not inflated by the other loop), so the ratio (ledger / bare) is what
the ledger costs per delivery; machine load moves both. Resident memory is printed at the
start, middle and end of the ledger run (it stays flat when nothing accumulates).

The SFTP server (asyncssh) and the HTTP endpoint (checking every signature) run in a child
process, so their work does not share this process's interpreter. Each partner is measured on
its own: a runner that serves only that partner, then its no-ledger loop (to a folder of its
own on the server), on the same releases. Transports without batch delivery get the batch's
payloads one by one in both loops.

    python benchmarks/syndicate.py [--releases N] [--format newsml] [--batch 32]
                                   [--partners directory,sftp,http]
                                   [--postgres postgresql://user@host/db]

With ``--postgres`` the ledger is a fresh schema in that database (dropped afterwards).
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from multiprocessing.connection import Connection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # the test servers

from newsconv.syndication import Ledger, Runner, RunStats, enqueue, load_config
from newsconv.syndication.render import remote_name, variant_key
from newsconv.syndication.runner import env_secret
from newsconv.syndication.transports import transport_module
from newsconv.syndication.transports.base import Payload, Transport
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


def write_partner_file(folder: Path, fmt: str, ledger_url: str | None, remote: str = "") -> Path:
    path = folder / "partners.toml"
    ledger = f'url = "{ledger_url}"' if ledger_url else 'path = "ledger.db"'
    path.write_text(
        f"[ledger]\n{ledger}\n\n[partners.drop]\n"
        f'formats = ["{fmt}"]\ntransport = {{ kind = "directory", path = "drop" }}\n' + remote,
        encoding="utf-8",
    )
    return path


SECRET_NAMES = {"sftp": "BENCH_SFTP_PASSWORD", "http": "BENCH_HOOK_SECRET"}
KINDS = {"directory": "drop", "sftp": "sftp", "http": "http"}
"""Partner kinds this benchmark can measure → their partner ids in the partner file."""


def serve_partners(root: str, reply: Connection) -> None:
    """Child process: an SFTP server and a signature-checking HTTP endpoint until told to stop."""
    import asyncssh
    from tests.syndication.transports import httpserver, sftpserver

    (Path(root) / "in").mkdir(parents=True)
    (Path(root) / "bare").mkdir()
    key = asyncssh.generate_private_key("ssh-ed25519")
    sftp = sftpserver.SftpServer(Path(root), key)
    hook = httpserver.WebhookServer()
    line = bytes(key.export_public_key("openssh")).decode().strip()
    reply.send({"sftp_port": sftp.port, "host_key": line, "url": hook.url,
                "secrets": {"sftp": sftpserver.PASSWORD, "http": httpserver.SECRET}})  # fmt: skip
    reply.recv()  # anything: stop
    reply.send(len(hook.endpoint.received))
    hook.stop()
    sftp.stop()


def start_servers(root: Path, kinds: list[str]) -> tuple[dict[str, object], Connection | None]:
    """The SFTP and HTTP partners in a child process (when asked for), their secrets set."""
    if not {"sftp", "http"} & set(kinds):
        return {}, None
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    context.Process(target=serve_partners, args=(str(root), theirs), daemon=True).start()
    served: dict[str, object] = ours.recv()
    secrets = served["secrets"]
    assert isinstance(secrets, dict)
    for kind, name in SECRET_NAMES.items():
        os.environ[name] = secrets[kind]
    return served, ours


def remote_tables(fmt: str, served: Mapping[str, object], kinds: list[str]) -> str:
    """Partner tables for the SFTP and HTTP partners that ``kinds`` names."""
    tables = {
        "sftp": f'transport = {{ kind = "sftp", host = "127.0.0.1", port = {served["sftp_port"]},'
        f' user = "nc", password_env = "{SECRET_NAMES["sftp"]}",'
        f' host_key = "{served["host_key"]}", path = "/in" }}',
        "http": f'transport = {{ kind = "http", url = "{served["url"]}",'
        f' secret_env = "{SECRET_NAMES["http"]}" }}',
    }
    return "".join(
        f'\n[partners.{kind}]\nformats = ["{fmt}"]\n{tables[kind]}\n'
        for kind in kinds
        if kind in tables
    )


def postgres_schema(url: str, name: str, *, drop: bool = False) -> str:
    """Create (or drop) schema ``name`` in the database at ``url``; the URL that uses it."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {name} CASCADE" if drop else f"CREATE SCHEMA {name}")
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-c%20search_path%3D{name}"


def enqueue_releases(
    folder: Path, count: int, fmt: str, ledger_url: str | None = None, remote: str = ""
) -> tuple[Path, float]:
    """Enqueue ``count`` releases (corpus articles in turn, each with its own guid)."""
    sources = [(str(p), p.read_bytes()) for p in corpus_paths()]
    config_path = write_partner_file(folder, fmt, ledger_url, remote)
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


def bare_transport(config_path: Path, partner_id: str) -> Transport:
    """The partner's own transport, aimed at a folder apart from the one the runner fills."""
    config = load_config(config_path)
    spec = config.partners[partner_id].transport
    if spec["kind"] == "directory":
        return DirectoryTransport(config.base_dir / "bare-drop")
    if spec["kind"] == "sftp":
        spec = {**spec, "path": "/bare"}
    module = transport_module(str(spec["kind"]))
    transport: Transport = module.connect(spec, base_dir=config.base_dir, secret=env_secret)
    return transport


def deliver_batch(transport: Transport, payloads: Sequence[Payload]) -> None:
    """As the runner does: the transport's batch delivery if it has one, else one by one."""
    deliver_many = getattr(transport, "deliver_many", None)
    if deliver_many is not None:
        deliver_many(payloads)
    else:
        for payload in payloads:
            transport.deliver(payload)


def bare_loop(
    config_path: Path, transport: Transport, batch: int, partner_id: str = "drop"
) -> float:
    """The same loop with no ledger: name each rendered release and deliver it, in batches,
    with the same transport (releases and renditions are read into memory untimed)."""
    config = load_config(config_path)
    partner = config.partners[partner_id]
    fmt = partner.formats[0]
    ledger = Ledger(config.ledger.url)
    ids = [int(r[0]) for r in ledger.db.rows("SELECT id FROM releases ORDER BY id")]
    releases = ledger.releases(ids)
    stored = ledger.renditions(ids, variant_key(partner, fmt))
    ledger.close()
    start = time.perf_counter()
    for first in range(0, len(ids), batch):
        payloads = []
        for seq in ids[first : first + batch]:
            data, media_type, extension = stored[seq]
            name = remote_name(partner, releases[seq], fmt, extension, seq)
            payloads.append(Payload(name, data, media_type, str(seq)))
        deliver_batch(transport, payloads)
    took = time.perf_counter() - start
    transport.close()
    return took


def ledger_loop(
    config_path: Path, count: int, batch: int, partner_id: str = "drop"
) -> tuple[float, list[float]]:
    """Deliver everything due to ``partner_id`` through the ledger (a runner that serves only
    that partner); returns the time and RSS samples."""
    config = load_config(config_path)
    config = dataclasses.replace(config, partners={partner_id: config.partners[partner_id]})
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
    parser.add_argument("--partners", default="directory,sftp,http",
                        help="partner kinds to measure, comma-separated")  # fmt: skip
    args = parser.parse_args()
    kinds = [kind.strip() for kind in args.partners.split(",") if kind.strip()]
    if not kinds or set(kinds) - set(KINDS):
        parser.error(f"--partners takes kinds among {', '.join(KINDS)}")
    schema = f"newsconv_bench_{os.getpid()}"
    ledger_url = postgres_schema(args.postgres, schema) if args.postgres else None
    n = args.releases
    results = []
    try:
        with tempfile.TemporaryDirectory(prefix="newsconv-synd-bench-") as tmp:
            folder = Path(tmp)
            served, control = start_servers(folder / "sftp", kinds)
            try:
                remote = remote_tables(args.format, served, kinds)
                config_path, enqueue_time = enqueue_releases(
                    folder, n, args.format, ledger_url, remote
                )
                for kind in kinds:
                    partner_id = KINDS[kind]
                    took, rss = ledger_loop(config_path, n, args.batch, partner_id)
                    transport = bare_transport(config_path, partner_id)
                    bare = bare_loop(config_path, transport, args.batch, partner_id)
                    results.append((kind, bare, took, rss))
            finally:
                if control is not None:
                    control.send("stop")
                    print(f"HTTP endpoint: {control.recv()} signed deliveries accepted "
                          "(runner and no-ledger loop each send every release once)")  # fmt: skip
    finally:
        if args.postgres:
            postgres_schema(args.postgres, schema, drop=True)
    backend = "PostgreSQL" if args.postgres else "SQLite"
    print(f"releases: {n}, format {args.format}, batch {args.batch}, {backend} ledger, "
          f"partners {', '.join(kinds)} (SFTP and HTTP on loopback)")  # fmt: skip
    print(f"enqueue:        {n / enqueue_time:8.0f} releases/s")
    for kind, bare, took, rss in results:
        print(f"{kind}:")
        print(f"  no ledger:      {n / bare:8.0f} deliveries/s  (transport loop only)")
        print(f"  with ledger:    {n / took:8.0f} deliveries/s")
        print(f"  ledger overhead: {took / bare - 1:+.1%}  (ratio {took / bare:.3f}, same process)")
        print("  RSS MiB at start / middle / end of the ledger run: "
              + " / ".join(f"{value:.0f}" for value in rss))  # fmt: skip
    print(f"process peak RSS {peak_rss_mb():.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
