"""Syndication throughput: releases delivered to a directory partner, an SFTP partner and an
HTTP partner on loopback (``--partners`` picks) through the ledger, against the same
render-and-deliver loop with no ledger, in the same process.

Articles are parsed and rendered once, when enqueued (timed apart as the enqueue rate). Both
loops then hand the same rendered files, under the same names, to the same directory
transport (temp file, fsync, rename, folder fsync); only the ledger loop claims, reads the
release and its rendition, records and logs through the SQLite ledger. The two loops are timed in
the same process on the same releases, one after the other, so the ratio (ledger / bare) is
what the ledger costs per delivery; machine load moves both. Peak RSS is printed at the
start, middle and end of the ledger run (it stays flat when nothing accumulates).

The SFTP server (asyncssh) and the HTTP endpoint (checking every signature) run in a child
process, so their work does not share this process's interpreter. Each partner is measured on
its own: its no-ledger loop (to a folder of its own on the server), then a runner that serves
only that partner, on the same releases.

    python benchmarks/syndicate.py [--releases N] [--format newsml] [--batch 32]
                                   [--partners directory,sftp,http]
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
from collections.abc import Mapping
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


def write_partner_file(folder: Path, fmt: str, remote: str = "") -> Path:
    path = folder / "partners.toml"
    path.write_text(
        '[ledger]\npath = "ledger.db"\n\n[partners.drop]\n'
        f'formats = ["{fmt}"]\ntransport = {{ kind = "directory", path = "drop" }}\n' + remote,
        encoding="utf-8",
    )
    return path


SECRET_NAMES = {"sftp": "BENCH_SFTP_PASSWORD", "http": "BENCH_HOOK_SECRET"}


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


def enqueue_releases(folder: Path, count: int, fmt: str, remote: str = "") -> tuple[Path, float]:
    """Enqueue ``count`` releases (corpus articles in turn, each with its own guid)."""
    sources = [(str(p), p.read_bytes()) for p in corpus_paths()]
    config_path = write_partner_file(folder, fmt, remote)
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


def bare_loop(config_path: Path, transport: Transport, partner_id: str = "drop") -> float:
    """Deliver every rendered release with the same transport and names, no ledger involved
    (the renditions are read into memory before the clock starts)."""
    config = load_config(config_path)
    partner = config.partners[partner_id]
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
    start = time.perf_counter()
    for payload in payloads:
        transport.deliver(payload)
    took = time.perf_counter() - start
    transport.close()
    return took


def ledger_loop(
    config_path: Path, count: int, batch: int, partner_id: str = "drop"
) -> tuple[float, list[float]]:
    """Deliver everything due to ``partner_id`` through the ledger (a runner that serves only
    that partner); returns the time and RSS samples."""
    config = load_config(config_path)
    partners = {partner_id: config.partners[partner_id]}
    config = dataclasses.replace(config, partners=partners)
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


KINDS = {"directory": "drop", "sftp": "sftp", "http": "http"}
"""Partner kinds this benchmark can measure → their partner ids in the partner file."""


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=10_000)
    parser.add_argument("--format", default="newsml")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--partners", default="directory,sftp,http",
                        help="partner kinds to measure, comma-separated")  # fmt: skip
    args = parser.parse_args()
    kinds = [kind.strip() for kind in args.partners.split(",") if kind.strip()]
    if not kinds or set(kinds) - set(KINDS):
        parser.error(f"--partners takes kinds among {', '.join(KINDS)}")
    n = args.releases
    results = []
    with tempfile.TemporaryDirectory(prefix="newsconv-synd-bench-") as tmp:
        folder = Path(tmp)
        served, control = start_servers(folder / "sftp", kinds)
        try:
            remote = remote_tables(args.format, served, kinds)
            config_path, enqueue_time = enqueue_releases(folder, n, args.format, remote)
            for kind in kinds:
                partner_id = KINDS[kind]
                bare = bare_loop(config_path, bare_transport(config_path, partner_id), partner_id)
                took, rss = ledger_loop(config_path, n, args.batch, partner_id)
                results.append((kind, bare, took, rss))
        finally:
            if control is not None:
                control.send("stop")
                accepted = control.recv()
                print(f"HTTP endpoint: {accepted} signed deliveries accepted (no-ledger loop and "
                      "runner each send every release once, under their own ids)")  # fmt: skip
    print(f"releases: {n}, format {args.format}, batch {args.batch}, "
          f"partners {', '.join(kinds)} (SFTP and HTTP on loopback)")  # fmt: skip
    print(f"enqueue:        {n / enqueue_time:8.0f} releases/s")
    for kind, bare, took, rss in results:
        print(f"{kind}:")
        print(f"  no ledger:      {n / bare:8.0f} deliveries/s  (transport loop only)")
        print(f"  with ledger:    {n / took:8.0f} deliveries/s")
        print(f"  ledger overhead: {took / bare - 1:+.1%}  (ratio {took / bare:.3f}, same process)")
        print("  peak RSS MiB at start / middle / end of the ledger run: "
              + " / ".join(f"{value:.0f}" for value in rss))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
