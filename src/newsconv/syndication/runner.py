"""The runner: claims what is due, renders it, hands it to the partner's transport, records
the outcome. Several runners (processes or machines) may share one ledger."""

from __future__ import annotations

import logging
import os
import secrets
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Protocol, runtime_checkable

from ..diagnostics import NewsconvError
from .claims import Outcome, claim, finish, reclaim_expired, renew_leases
from .config import SyndicationConfig
from .feeds import MEDIA_TYPES, build_feed, feed_entries, feed_name
from .ledger import Claim, Ledger, Release
from .names import NameTemplateError
from .profile import FEED_FORMATS, Partner
from .render import DocumentCache, remote_name, render, reportable, variant_key
from .transports import transport_module
from .transports.base import ConfigError, Payload, Receipt, Transport, TransportError

log = logging.getLogger("newsconv.syndication")


def env_secret(name: str) -> str:
    """A secret from the environment variable ``name`` (the value never appears in messages)."""
    value = os.environ.get(name)
    if value is None:
        raise ConfigError(f"environment variable {name} is not set", key=name)
    return value


def runner_id() -> str:
    """A name unique to this runner: host, process and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


@dataclass
class RunStats:
    """What a run did."""

    delivered: int = 0
    found: int = 0
    """Deliveries a resend found already at the partner (not sent again)."""
    failed: int = 0
    reclaimed: int = 0
    by_partner: dict[str, int] = field(default_factory=dict)


class Runner:
    """Delivers due deliveries of ``config``'s partners from ``ledger``."""

    def __init__(
        self,
        config: SyndicationConfig,
        ledger: Ledger,
        *,
        batch: int = 32,
        secret: Callable[[str], str] = env_secret,
        clock: Callable[[], float] = time.time,
        on_progress: Callable[[RunStats], None] | None = None,
    ) -> None:
        self.config = config
        self.ledger = ledger
        self.batch = batch
        self.secret = secret
        self.clock = clock
        self.on_progress = on_progress
        self.name = runner_id()
        self.poll = 0.1
        self._transient = 0
        """Seconds between looks at deliveries other runners hold."""
        self.stats = RunStats()
        self.cache = DocumentCache()
        self._releases: dict[int, Release] = {}
        self._renditions: dict[tuple[int, str], tuple[bytes, str, str]] = {}
        self._transports: dict[str, Transport] = {}
        ledger.ensure_partners(list(config.partners))

    def close(self) -> None:
        """Close every transport connection."""
        for transport in self._transports.values():
            try:
                transport.close()
            except TransportError as exc:
                log.warning("closing a transport failed: %s", exc)
        self._transports.clear()

    def run_once(
        self, should_stop: Callable[[], bool] = lambda: False, *, wait: bool = False
    ) -> RunStats:
        """Deliver everything that is due now, then return.

        With ``wait``, deliveries other runners hold are waited for (they may unblock newer
        versions of the same article) until they end, or until their lease runs out and they
        are taken back; the wait is at most one lease and a little more.
        """
        deadline = time.monotonic() + self.ledger.lease + 2.0
        while not should_stop():
            self.stats.reclaimed += reclaim_expired(self.ledger, self.name, self.clock())
            claimed = False
            while not should_stop() and self._pass(should_stop):
                claimed = True
            if not wait or time.monotonic() > deadline:
                break
            if self._in_flight_elsewhere():
                time.sleep(self.poll)
            elif not claimed:
                break  # nothing held elsewhere, nothing left to claim
        return self.stats

    def _pass(self, should_stop: Callable[[], bool]) -> bool:
        busy = False
        for partner in self.config.partners.values():
            if should_stop():
                break
            try:
                claims = claim(self.ledger, partner, self.name, self.clock(), self.batch)
                if claims:
                    busy = True
                    self._process(partner, claims)
                self._transient = 0
            except self.ledger.db.transient_errors as exc:
                # rolled back: the claims return when their lease runs out, and a resend
                # first checks whether the file arrived
                self._transient += 1
                if self._transient > 5:
                    raise
                log.warning("ledger busy (%s); trying again", exc)
                time.sleep(self.poll * self._transient)
                busy = True
        return busy

    def _in_flight_elsewhere(self) -> bool:
        rows = self.ledger.db.rows("SELECT COUNT(*) FROM deliveries WHERE state = 'in_progress'")
        return bool(rows[0][0])

    def _process(self, partner: Partner, claims: list[Claim]) -> None:
        self._prefetch(partner, claims)
        if not partner.ordered and len(claims) > 1:
            outcomes = self._attempt_batch(partner, claims)
        else:
            outcomes = self._attempt_each(partner, claims)
        self._record(partner, outcomes)
        for result in outcomes:
            if result.outcome == "delivered":
                self.stats.delivered += 1
                self.stats.by_partner[partner.id] = self.stats.by_partner.get(partner.id, 0) + 1
            elif result.outcome == "found":
                self.stats.found += 1
            elif result.outcome == "error":
                self.stats.failed += 1
        if self.on_progress is not None:
            self.on_progress(self.stats)

    def _record(self, partner: Partner, outcomes: list[Outcome]) -> None:
        """Record the outcomes; the transaction is tried again if the database asks so."""
        for tries in range(1, 6):
            try:
                finish(self.ledger, partner, self.name, self.clock(), outcomes)
                return
            except self.ledger.db.transient_errors as exc:
                if tries == 5:
                    raise
                log.warning("ledger busy (%s); recording again", exc)
                time.sleep(self.poll * tries)

    def _attempt_each(self, partner: Partner, claims: list[Claim]) -> list[Outcome]:
        """One after the other; an ordered partner stops at the first failure."""
        outcomes: list[Outcome] = []
        renewed = time.monotonic()
        for index, item in enumerate(claims):
            if time.monotonic() - renewed > self.ledger.lease / 3:
                renew_leases(self.ledger, self.name, [c.id for c in claims[index:]], self.clock())
                renewed = time.monotonic()
            result = guarded(item, partner, partial(self._send_one, partner, item))
            outcomes.append(result)
            unreachable = partner.id not in self._transports  # connecting failed
            if not result.delivered and (partner.ordered or result.disables_partner or unreachable):
                outcomes.extend(Outcome(rest, False, "released") for rest in claims[index + 1 :])
                break
        return outcomes

    def _send_one(self, partner: Partner, item: Claim) -> Outcome:
        payload = self.payload(partner, item)
        transport = self.transport(partner)
        if self._already_there(transport, item, payload):
            return Outcome(item, True, "found", remote=payload.name)
        receipt = transport.deliver(payload)
        return Outcome(item, True, "delivered", remote=payload.name, status=receipt.status)

    def _already_there(self, transport: Transport, item: Claim, payload: Payload) -> bool:
        """A resend first asks whether the file already arrived (feeds are always rewritten)."""
        return item.is_resend and item.format not in FEED_FORMATS and transport.exists(payload.name)

    def _attempt_batch(self, partner: Partner, claims: list[Claim]) -> list[Outcome]:
        """Through the transport's ``deliver_many`` when it has one (the directory transport
        flushes a batch's files together), else one by one."""
        transport = self.transport_or_none(partner)
        if not isinstance(transport, BatchDelivery):
            return self._attempt_each(partner, claims)
        outcomes: dict[int, Outcome] = {}
        ready: list[tuple[Claim, Payload]] = []
        for item in claims:

            def prepare(item: Claim = item) -> Outcome:
                payload = self.payload(partner, item)
                if self._already_there(transport, item, payload):
                    return Outcome(item, True, "found", remote=payload.name)
                ready.append((item, payload))
                return Outcome(item, False, "staged")

            result = guarded(item, partner, prepare)
            if result.outcome != "staged":
                outcomes[item.id] = result
        if ready:
            results = guarded_many(ready, partner, transport)
            outcomes.update((out.claim.id, out) for out in results)
        return [outcomes[item.id] for item in claims]

    def payload(self, partner: Partner, item: Claim) -> Payload:
        """The file one delivery sends."""
        release = self._release(item.release_id)
        headers = {"X-Newsconv-Guid": item.guid, "X-Newsconv-Version": str(item.version)}
        if item.format in FEED_FORMATS:
            entries = feed_entries(self.ledger, self.cache, partner, item.format, self.clock())
            data = build_feed(partner, item.format, entries)
            name = feed_name(partner, item.format)
            return Payload(name, data, MEDIA_TYPES[item.format], item.idempotency_key, headers)
        variant = variant_key(partner, item.format)
        stored = self._renditions.pop((release.id, variant), None)
        stored = stored or self.ledger.rendition(release.id, variant)
        if stored is None:
            rendered = render(self.cache.get(release), release, partner, item.format)
            stored = (rendered.data, rendered.media_type, rendered.extension)
            self.ledger.store_renditions([(release.id, variant, *stored)])
            notes = [(variant, str(d.severity), str(d)) for d in reportable(rendered.diagnostics)]
            if notes:  # a variant enqueue did not render (the partner's options changed)
                self.ledger.store_diagnostics(release.id, notes)
        data, media_type, extension = stored
        name = remote_name(partner, release, item.format, extension, item.id)
        return Payload(name, data, media_type, item.idempotency_key, headers)

    def _prefetch(self, partner: Partner, claims: list[Claim]) -> None:
        """Load the batch's releases and renditions in a few queries instead of one each."""
        missing = sorted({c.release_id for c in claims} - set(self._releases))
        if len(self._releases) + len(missing) > 512:
            self._releases.clear()
            self._renditions.clear()
        self._releases.update(self.ledger.releases(missing))
        for fmt in {c.format for c in claims} - set(FEED_FORMATS):
            variant = variant_key(partner, fmt)
            ids = sorted({c.release_id for c in claims if c.format == fmt})
            for release_id, stored in self.ledger.renditions(ids, variant).items():
                self._renditions[(release_id, variant)] = stored

    def _release(self, release_id: int) -> Release:
        release = self._releases.get(release_id)
        if release is None:  # not prefetched (the cache is bounded by _prefetch)
            release = self._releases[release_id] = self.ledger.release(release_id)
        return release

    def transport_or_none(self, partner: Partner) -> Transport | None:
        """The partner's transport, or None when connecting fails (each delivery then
        records why)."""
        try:
            return self.transport(partner)
        except (TransportError, ConfigError):
            return None

    def transport(self, partner: Partner) -> Transport:
        """The (cached) connection to ``partner``'s receiving end."""
        transport = self._transports.get(partner.id)
        if transport is None:
            module: ModuleType = transport_module(partner.transport_kind)
            transport = module.connect(
                partner.transport, base_dir=self.config.base_dir, secret=self.secret
            )
            self._transports[partner.id] = transport
        return transport


@runtime_checkable
class BatchDelivery(Protocol):
    """A transport that can deliver several payloads in one go (each atomically)."""

    def deliver_many(self, payloads: Sequence[Payload]) -> list[Receipt | TransportError]: ...


def guarded(item: Claim, partner: Partner, action: Callable[[], Outcome]) -> Outcome:
    """Run one delivery step, turning every failure into the outcome the ledger records."""
    try:
        return action()
    except TransportError as exc:
        return _error_outcome(item, exc)
    except ConfigError as exc:  # e.g. a secret's variable is not set: the partner stops
        return Outcome(
            item,
            False,
            "error",
            error_class="ConfigError",
            message=str(exc),
            retryable=False,
            disables_partner=True,
        )
    except (NameTemplateError, NewsconvError) as exc:  # this payload cannot be made
        return Outcome(
            item, False, "error", error_class=type(exc).__name__, message=str(exc), retryable=False
        )
    except Exception as exc:  # a bug: keep the delivery and try again later
        log.exception("unexpected error delivering %s to %s", item.guid, partner.id)
        return Outcome(item, False, "error", error_class=type(exc).__name__, message=str(exc))


def guarded_many(
    ready: list[tuple[Claim, Payload]], partner: Partner, transport: BatchDelivery
) -> list[Outcome]:
    """Deliver a staged batch; each payload gets its own outcome."""
    try:
        results = transport.deliver_many([payload for _item, payload in ready])
    except Exception as exc:
        log.exception("unexpected error delivering a batch to %s", partner.id)
        return [
            Outcome(item, False, "error", error_class=type(exc).__name__, message=str(exc))
            for item, _payload in ready
        ]
    outcomes = []
    for (item, payload), result in zip(ready, results, strict=True):
        if isinstance(result, TransportError):
            outcomes.append(_error_outcome(item, result))
        else:
            outcomes.append(
                Outcome(item, True, "delivered", remote=payload.name, status=result.status)
            )
    return outcomes


def _error_outcome(item: Claim, exc: TransportError) -> Outcome:
    return Outcome(
        item,
        False,
        "error",
        status=exc.status,
        error_class=type(exc).__name__,
        message=str(exc),
        retryable=exc.retryable,
        disables_partner=exc.disables_partner,
        retry_after=exc.retry_after,
    )


def due_left(ledger: Ledger, now: float) -> tuple[int, int]:
    """(deliveries left undone, deliveries failed) in the whole ledger.

    Left undone: every ``retrying`` delivery, and every ``pending`` one due now that no
    runner is working on (neither it nor an older version of its article is in progress:
    those belong to a live runner, or come back when its lease runs out).
    """
    rows = ledger.db.rows(
        "SELECT COUNT(*) FROM deliveries d WHERE d.state = 'retrying' OR (d.state = 'pending'"
        " AND d.next_at <= ? AND NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.guid = d.guid"
        " AND e.partner = d.partner AND e.format = d.format AND e.state = 'in_progress'))",
        (now,),
    )
    failed = ledger.db.rows("SELECT COUNT(*) FROM deliveries WHERE state = 'failed'")
    return int(rows[0][0]), int(failed[0][0])


def watch_folder(
    folder: Path, seen: dict[Path, tuple[int, int]], settle: float, now: float
) -> list[Path]:
    """Article files (``*.txt``) in ``folder`` that are new or changed since last time and have
    not changed for ``settle`` seconds (a file still being written is left for later)."""
    ready = []
    for path in sorted(folder.glob("*.txt")):
        if path.name.startswith("."):
            continue
        try:
            stat = path.stat()
        except OSError:
            continue
        signature = (stat.st_mtime_ns, stat.st_size)
        if seen.get(path) == signature or now - stat.st_mtime < settle:
            continue
        seen[path] = signature
        ready.append(path)
    return ready
