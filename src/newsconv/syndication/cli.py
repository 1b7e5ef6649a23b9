"""``newsconv syndicate …`` and ``newsconv partner …``: a thin layer over the library.

Exit codes: 0 everything due was delivered (or the command did what it was asked), 1 some
deliveries are retrying or failed (or a canary failed), 2 usage and configuration errors.
"""

from __future__ import annotations

import json
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import click
from rich.console import Console

from ..batch.job import InputError, read_input
from ..diagnostics import Diagnostic, NewsconvError
from .config import PartnerFileError, SyndicationConfig, load_config
from .ledger import Ledger
from .lifecycle import RefusedRelease
from .lifecycle import enqueue as enqueue_release
from .runner import Runner, RunStats, due_left, watch_folder
from .status import print_status, status_report

EXIT_OK, EXIT_PENDING, EXIT_USAGE = 0, 1, 2
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False)
_config_option = click.option(
    "-c",
    "--config",
    "config_path",
    default="partners.toml",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The partner file.",
)


def _load(path: str) -> SyndicationConfig:
    try:
        return load_config(path)
    except PartnerFileError as exc:
        click.echo(str(exc), err=True)
        raise click.exceptions.Exit(EXIT_USAGE) from None


@contextmanager
def _ledger(config: SyndicationConfig) -> Iterator[Ledger]:
    try:
        ledger = Ledger(config.ledger.url, config.ledger.lease)
    except NewsconvError as exc:
        click.echo(f"newsconv: error: {exc}", err=True)
        raise click.exceptions.Exit(EXIT_USAGE) from None
    try:
        yield ledger
    finally:
        ledger.close()


@click.group()
@_config_option
@click.pass_context
def syndicate(ctx: click.Context, config_path: str) -> None:
    """Deliver article versions to partner wire feeds, each exactly once."""
    ctx.ensure_object(dict)
    ctx.obj["config_path"] = config_path


def _config(ctx: click.Context) -> SyndicationConfig:
    """The partner file, read when a command runs (so that --help works without one)."""
    if "config" not in ctx.obj:
        ctx.obj["config"] = _load(ctx.obj["config_path"])
    config: SyndicationConfig = ctx.obj["config"]
    return config


@syndicate.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--update", "action", flag_value="update", help="Signal an update (sig:update).")
@click.option(
    "--correction", "action", flag_value="correction", help="Signal a correction (sig:correction)."
)
@click.option("--kill", "action", flag_value="kill", help="Kill: pub status stat:canceled.")
@click.option("--withhold", "action", flag_value="withhold", help="Withhold: stat:withheld.")
@click.option("--note", help="Editorial note (edNote) of a correction, kill or withdrawal.")
@click.option("--meta", "meta_pairs", multiple=True, metavar="KEY=VALUE", help="Set metadata.")
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse an article whose parsing or rendering reports a warning or an error.",
)
@click.pass_context
def enqueue(
    ctx: click.Context,
    inputs: tuple[str, ...],
    action: str | None,
    note: str | None,
    meta_pairs: tuple[str, ...],
    strict: bool,
) -> int:
    """Record a release of each article in INPUTS (files or folders of *.txt)."""
    from ..cli import expand_inputs, key_value_pairs

    config = _config(ctx)
    meta = key_value_pairs(meta_pairs, "--meta")
    failed = 0
    with _ledger(config) as ledger:
        for name in expand_inputs(inputs):
            try:
                result = enqueue_release(
                    ledger,
                    config,
                    read_input(name),
                    name,
                    action=action or "publish",
                    note=note,
                    meta=meta,
                    strict=strict,
                )
            except RefusedRelease as exc:
                _print_diagnostics(exc.diagnostics)
                click.echo(f"newsconv: error: {exc}", err=True)
                failed += 1
                continue
            except (InputError, NewsconvError) as exc:
                click.echo(f"newsconv: error: {exc}", err=True)
                failed += 1
                continue
            _print_diagnostics(result.diagnostics)
            if not result.created:
                err.print(f"{name}: {result.guid} v{result.version} unchanged, nothing to do")
                continue
            renumbered = " (changed content: next version number)" if result.renumbered else ""
            err.print(
                f"{name}: {result.guid} v{result.version} {result.action},"
                f" {result.deliveries} deliveries{renumbered}"
            )
    return EXIT_USAGE if failed else EXIT_OK


def _print_diagnostics(diagnostics: tuple[Diagnostic, ...]) -> None:
    """``file:line:col: severity[code]: message`` lines on stderr, as ``convert`` prints them."""
    for diagnostic in diagnostics:
        click.echo(str(diagnostic), err=True)


class _StopFlag:
    """Set by SIGTERM/SIGINT: the runner finishes its batch and stops."""

    def __init__(self) -> None:
        self.stopped = False

    def __call__(self) -> bool:
        return self.stopped

    def handle(self, _signum: int, _frame: FrameType | None) -> None:
        self.stopped = True


@syndicate.command()
@click.option("--once", is_flag=True, help="Deliver what is due now, then exit.")
@click.option(
    "--watch",
    "watch_dir",
    type=click.Path(file_okay=False, exists=True),
    help="Also enqueue *.txt articles dropped into this folder.",
)
@click.option(
    "--interval",
    type=click.FloatRange(0.05),
    default=2.0,
    show_default=True,
    help="Seconds between rounds when not --once.",
)
@click.option(
    "--batch",
    type=click.IntRange(1, 1000),
    default=32,
    show_default=True,
    help="Deliveries claimed at a time.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="With --watch: refuse a dropped article that has any warning (as enqueue --strict).",
)
@click.pass_context
def run(
    ctx: click.Context,
    once: bool,
    watch_dir: str | None,
    interval: float,
    batch: int,
    strict: bool,
) -> int:
    """Deliver due deliveries (several runners may share one ledger)."""
    if strict and not watch_dir:
        raise click.UsageError("--strict applies to articles enqueued by --watch")
    config = _config(ctx)
    stop = _StopFlag()
    signal.signal(signal.SIGTERM, stop.handle)
    signal.signal(signal.SIGINT, stop.handle)
    seen: dict[Path, tuple[int, int]] = {}
    with _ledger(config) as ledger:
        runner = Runner(config, ledger, batch=batch, on_progress=_progress_printer())
        try:
            while True:
                if watch_dir:
                    _enqueue_dropped(ledger, config, Path(watch_dir), seen, strict)
                runner.run_once(stop, wait=once)
                if once or stop():
                    break
                time.sleep(interval)
        finally:
            runner.close()
        stats = runner.stats
        err.print(
            f"delivered {stats.delivered}, already there {stats.found},"
            f" failed attempts {stats.failed}"
        )
        due, failed = due_left(ledger, time.time())
    return EXIT_PENDING if due or failed else EXIT_OK


def _progress_printer() -> Callable[[RunStats], None] | None:
    if not sys.stderr.isatty():
        return None
    last = [0.0]

    def show(stats: RunStats) -> None:
        if time.monotonic() - last[0] >= 1.0:
            last[0] = time.monotonic()
            err.print(f"… delivered {stats.delivered}, failed attempts {stats.failed}")

    return show


def _enqueue_dropped(
    ledger: Ledger,
    config: SyndicationConfig,
    folder: Path,
    seen: dict[Path, tuple[int, int]],
    strict: bool,
) -> None:
    for path in watch_folder(folder, seen, settle=1.0, now=time.time()):
        try:
            result = enqueue_release(ledger, config, path.read_bytes(), str(path), strict=strict)
        except RefusedRelease as exc:
            _print_diagnostics(exc.diagnostics)
            click.echo(f"newsconv: error: {exc}", err=True)
            continue
        except (OSError, NewsconvError) as exc:
            click.echo(f"newsconv: error: {path}: {exc}", err=True)
            continue
        _print_diagnostics(result.diagnostics)
        if result.created:
            err.print(f"{path}: {result.guid} v{result.version} enqueued")


@syndicate.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("-g", "--guid", help="Only this article's diagnostics.")
@click.pass_context
def status(ctx: click.Context, as_json: bool, guid: str | None) -> int:
    """Deliveries per partner and state, and the diagnostics of recent releases."""
    config = _config(ctx)
    with _ledger(config) as ledger:
        report = status_report(config, ledger, guid=guid)
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print_status(report, Console(width=160, highlight=False, markup=False, emoji=False))
    totals = report["totals"]
    return EXIT_PENDING if totals["failed"] or totals["retrying"] else EXIT_OK


def _selector(func: click.decorators.FC) -> click.decorators.FC:
    func = click.option("-g", "--guid", help="Only this article.")(func)
    return click.option("-p", "--partner", help="Only this partner.")(func)


def _select(
    ledger: Ledger, partner: str | None, guid: str | None, states: tuple[str, ...]
) -> list[tuple[int, str]]:
    if partner is None and guid is None:
        raise click.UsageError("give -p/--partner, -g/--guid or both")
    return ledger.select_deliveries(partner, guid, states)


@syndicate.command()
@_selector
@click.pass_context
def resend(ctx: click.Context, partner: str | None, guid: str | None) -> int:
    """Send delivered (or failed) deliveries again, even if the partner has the file."""
    return _requeue(ctx, partner, guid, ("delivered", "failed"), force=True)


@syndicate.command()
@_selector
@click.pass_context
def retry(ctx: click.Context, partner: str | None, guid: str | None) -> int:
    """Try failed and retrying deliveries now, and re-enable a disabled or paused partner."""
    return _requeue(ctx, partner, guid, ("failed", "retrying"), force=False)


def _requeue(
    ctx: click.Context,
    partner: str | None,
    guid: str | None,
    states: tuple[str, ...],
    *,
    force: bool,
) -> int:
    config = _config(ctx)
    with _ledger(config) as ledger, ledger.db.transaction():
        chosen = _select(ledger, partner, guid, states)
        ledger.requeue([d for d, _p in chosen], time.time(), force=force)
        for pid in {p for _d, p in chosen} | ({partner} if partner else set()):
            ledger.reset_breaker(pid)
    err.print(f"{len(chosen)} deliveries due again")
    return EXIT_OK


@syndicate.command()
@_selector
@click.pass_context
def cancel(ctx: click.Context, partner: str | None, guid: str | None) -> int:
    """Never send these pending, retrying or failed deliveries."""
    config = _config(ctx)
    with _ledger(config) as ledger, ledger.db.transaction():
        chosen = _select(ledger, partner, guid, ("pending", "retrying", "failed"))
        ledger.set_state([d for d, _p in chosen], "canceled", "canceled by hand")
    err.print(f"{len(chosen)} deliveries canceled")
    return EXIT_OK


@click.group()
@_config_option
@click.pass_context
def partner(ctx: click.Context, config_path: str) -> None:
    """Check the partner file, or test a partner's transport."""
    ctx.ensure_object(dict)
    ctx.obj["config_path"] = config_path


@partner.command()
@click.pass_context
def check(ctx: click.Context) -> int:
    """Validate the partner file: exit 0 when it is usable, 2 with FILE:LINE: KEY messages."""
    config = _load(ctx.obj["config_path"])
    for profile in config.partners.values():
        state = "" if profile.active else " (inactive)"
        err.print(f"{profile.id}{state}: {', '.join(profile.formats)} via {profile.transport_kind}")
    err.print(f"{config.path}: {len(config.partners)} partner(s), ok")
    return EXIT_OK


@partner.command("test")
@click.argument("partner_id", metavar="ID")
@click.pass_context
def test_partner(ctx: click.Context, partner_id: str) -> int:
    """Send a small canary file to partner ID and report what happened."""
    from .canary import send_canary

    config = _load(ctx.obj["config_path"])
    if partner_id not in config.partners:
        raise click.UsageError(f"no partner {partner_id!r} in {config.path}")
    report = send_canary(config, config.partners[partner_id])
    click.echo(report.message)
    return EXIT_OK if report.ok else EXIT_PENDING
