"""Claiming due deliveries under a lease and recording how each attempt ended.

On PostgreSQL the claim query locks its rows with ``FOR UPDATE SKIP LOCKED``, so runners on
several machines take different deliveries; on SQLite the claim transaction holds the write
lock (``BEGIN IMMEDIATE``), which serialises claims. In both, a delivery is never claimed while
an older version of the same article to the same partner and format is still open, so versions
never overtake each other, and an ordered partner has at most one delivery in flight.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .ledger import _CLAIM_COLUMNS, Claim, Ledger
from .profile import Partner

_DUE = (
    "SELECT {columns} FROM deliveries d WHERE d.partner = ? AND d.state IN ('pending', 'retrying')"
    " AND d.next_at <= ? AND NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.guid = d.guid"
    " AND e.partner = d.partner AND e.format = d.format AND e.id < d.id"
    " AND e.state IN ('pending', 'retrying', 'in_progress'))"
    " ORDER BY d.priority, d.id LIMIT ?"
)
_HEAD = (
    "SELECT {columns}, d.next_at FROM deliveries d WHERE d.partner = ?"
    " AND d.state IN ('pending', 'retrying') ORDER BY d.priority, d.id LIMIT ?"
)


@dataclass(frozen=True)
class Outcome:
    """How one attempt ended."""

    claim: Claim
    delivered: bool
    outcome: str
    """``delivered``, ``found`` (already at the partner), ``error``, ``released``."""
    remote: str | None = None
    status: int | None = None
    error_class: str | None = None
    message: str | None = None
    retryable: bool = True
    disables_partner: bool = False
    retry_after: float | None = None


def reclaim_expired(ledger: Ledger, runner: str, now: float) -> int:
    """Return deliveries whose lease ran out to ``retrying``; how many there were."""
    db = ledger.db
    with db.transaction():
        rows = db.rows(
            "SELECT d.id FROM deliveries d WHERE d.state = 'in_progress' AND d.lease_until < ?"
            + db.lock_clause,
            (now,),
        )
        for (delivery,) in rows:
            db.execute(
                "UPDATE deliveries SET state = 'retrying', lease_owner = NULL, next_at = ?,"
                " last_error = 'lease expired' WHERE id = ?",
                (now, delivery),
            )
            ledger.log_attempt(delivery, now, runner, "lease-expired")
    return len(rows)


def claim(ledger: Ledger, partner: Partner, runner: str, now: float, limit: int) -> list[Claim]:
    """Claim up to ``limit`` due deliveries of ``partner`` (none while it is paused or
    disabled; for an ordered partner only the head of its queue, and nothing while one is
    in flight)."""
    db = ledger.db
    with db.transaction():
        state = db.rows(
            "SELECT disabled, paused_until FROM partner_state WHERE partner = ?"
            + (db.row_lock if partner.ordered else ""),
            (partner.id,),
        )
        if state and (state[0][0] or float(state[0][1]) > now):
            return []
        if partner.ordered:
            rows = _ordered_head(ledger, partner.id, now, limit)
        else:
            rows = db.rows(
                _DUE.format(columns=_CLAIM_COLUMNS) + db.lock_clause, (partner.id, now, limit)
            )
        claims = [Claim(*row[:12]) for row in rows]  # type: ignore[arg-type]
        if claims:
            marks = ", ".join("?" for _ in claims)
            db.execute(
                "UPDATE deliveries SET state = 'in_progress', lease_owner = ?, lease_until = ?,"
                f" claims = claims + 1 WHERE id IN ({marks})",
                (runner, now + ledger.lease, *(item.id for item in claims)),
            )
    return [
        Claim(
            *(
                c.id,
                c.release_id,
                c.partner,
                c.guid,
                c.version,
                c.format,
                c.priority,
                c.attempts,
                c.claims + 1,
                bool(c.force),
                c.queued_at,
                c.idempotency_key,
            )
        )
        for c in claims
    ]


def renew_leases(ledger: Ledger, runner: str, ids: Sequence[int], now: float) -> None:
    """Extend the leases this runner still holds (a long batch must not look abandoned)."""
    with ledger.db.transaction():
        for delivery in ids:
            ledger.db.execute(
                "UPDATE deliveries SET lease_until = ? WHERE id = ? AND state = 'in_progress'"
                " AND lease_owner = ?",
                (now + ledger.lease, delivery, runner),
            )


def _ordered_head(ledger: Ledger, partner: str, now: float, limit: int) -> list[tuple[object, ...]]:
    db = ledger.db
    busy = db.rows(
        "SELECT 1 FROM deliveries WHERE partner = ? AND state = 'in_progress' LIMIT 1", (partner,)
    )
    if busy:
        return []
    head: list[tuple[object, ...]] = []
    for row in db.rows(_HEAD.format(columns=_CLAIM_COLUMNS), (partner, limit)):
        if float(str(row[12])) > now:
            break
        head.append(row)
    return head


def finish(
    ledger: Ledger, partner: Partner, runner: str, now: float, outcomes: Sequence[Outcome]
) -> None:
    """Record a batch of attempts in one transaction, and update the partner's breaker."""
    db = ledger.db
    attempted = [o for o in outcomes if o.outcome != "released"]
    delivered = [o for o in attempted if o.delivered]
    failed = [o for o in attempted if not o.delivered]
    with db.transaction():
        for result in outcomes:
            if result.outcome == "released":
                _release(ledger, result.claim)
        db.execute_many(
            "INSERT INTO attempts (delivery_id, at, runner, outcome, status, error_class, message)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (o.claim.id, now, runner, o.outcome, o.status, o.error_class, o.message)
                for o in attempted
            ],
        )
        db.execute_many(
            "UPDATE deliveries SET state = 'delivered', attempts = attempts + 1,"
            " delivered_at = ?, remote_name = ?, lease_owner = NULL, last_error = NULL,"
            " force = 0 WHERE id = ? AND state IN ('in_progress', 'retrying')",
            [(now, o.remote, o.claim.id) for o in delivered],
        )
        for result in failed:
            _failed(ledger, partner, result, runner, now)
        _breaker(ledger, partner, now, len(failed), bool(delivered), outcomes)


def _release(ledger: Ledger, item: Claim) -> None:
    ledger.db.execute(
        "UPDATE deliveries SET state = CASE WHEN attempts = 0 THEN 'pending' ELSE 'retrying' END,"
        " lease_owner = NULL WHERE id = ? AND state = 'in_progress'",
        (item.id,),
    )


def _failed(ledger: Ledger, partner: Partner, result: Outcome, runner: str, now: float) -> None:
    item = result.claim
    attempts = item.attempts + 1
    age = now - item.queued_at
    if _killed_since(ledger, item):
        state, due = "superseded", now
    elif not result.retryable or partner.retry.gives_up(attempts, age):
        state, due = "failed", now
    else:
        state, due = "retrying", now + partner.retry.delay(attempts, result.retry_after)
    ledger.db.execute(
        "UPDATE deliveries SET state = ?, attempts = ?, next_at = ?, lease_owner = NULL,"
        " last_error = ? WHERE id = ? AND state = 'in_progress' AND lease_owner = ?",
        (state, attempts, due, result.message, item.id, runner),
    )


def _killed_since(ledger: Ledger, item: Claim) -> bool:
    """Whether a kill of the same article to the same partner came after this delivery."""
    if item.priority == 0:
        return False
    return bool(
        ledger.db.rows(
            "SELECT 1 FROM deliveries WHERE guid = ? AND partner = ? AND format = ?"
            " AND id > ? AND priority = 0 LIMIT 1",
            (item.guid, item.partner, item.format, item.id),
        )
    )


def _breaker(
    ledger: Ledger,
    partner: Partner,
    now: float,
    failures: int,
    succeeded: bool,
    outcomes: Sequence[Outcome],
) -> None:
    db = ledger.db
    disabling = next((o for o in outcomes if o.disables_partner), None)
    if disabling is not None:
        db.execute(
            "UPDATE partner_state SET disabled = 1, reason = ? WHERE partner = ?",
            (disabling.message, partner.id),
        )
        return
    if succeeded and not failures:
        db.execute("UPDATE partner_state SET failures = 0 WHERE partner = ?", (partner.id,))
        return
    if failures:
        db.execute(
            "UPDATE partner_state SET failures = failures + ? WHERE partner = ?",
            (failures, partner.id),
        )
        db.execute(
            "UPDATE partner_state SET paused_until = ?, failures = 0"
            " WHERE partner = ? AND failures >= ?",
            (now + partner.breaker.pause, partner.id, partner.breaker.failures),
        )
