"""What the ledger holds, per partner and per state: a table for people, JSON for scripts."""

from __future__ import annotations

import time
from typing import Any

from rich.console import Console
from rich.table import Table

from .config import SyndicationConfig
from .ledger import STATES, Ledger


def status_report(
    config: SyndicationConfig, ledger: Ledger, now: float | None = None
) -> dict[str, Any]:
    """Counts per partner and state, embargoed deliveries held, and each partner's breaker."""
    now = time.time() if now is None else now
    breakers = ledger.partner_states()
    partners: dict[str, Any] = {}
    for pid in sorted(set(config.partners) | {p for p, *_ in ledger.counts(now)}):
        disabled, reason, paused_until, failures = breakers.get(pid, (False, None, 0.0, 0))
        profile = config.partners.get(pid)
        partners[pid] = {
            "active": bool(profile and profile.active),
            "transport": profile.transport_kind if profile else None,
            "disabled": disabled,
            "reason": reason,
            "paused": paused_until > now,
            "paused_until": paused_until if paused_until > now else None,
            "consecutive_failures": failures,
            "states": dict.fromkeys(STATES, 0),
            "held": 0,
        }
    for pid, state, count, held in ledger.counts(now):
        partners[pid]["states"][state] = count
        partners[pid]["held"] += held
    totals = dict.fromkeys(STATES, 0)
    for info in partners.values():
        for state, count in info["states"].items():
            totals[state] += count
    return {"ledger": _safe_url(config.ledger.url), "partners": partners, "totals": totals}


def _safe_url(url: str) -> str:
    """The ledger URL without any user or password part."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://{rest.rsplit('@', 1)[1]}"
    return url


def print_status(report: dict[str, Any], console: Console) -> None:
    """The report as a rich table, one row per partner."""
    table = Table(title=f"syndication ledger {report['ledger']}")
    table.add_column("partner")
    table.add_column("breaker")
    for state in STATES:
        table.add_column(state.replace("_", " "), justify="right")
    table.add_column("held (embargo)", justify="right")
    for pid, info in report["partners"].items():
        table.add_row(
            pid, _breaker(info), *(str(info["states"][s]) for s in STATES), str(info["held"])
        )
    table.add_row("total", "", *(str(report["totals"][s]) for s in STATES), "", style="bold")
    console.print(table)


def _breaker(info: dict[str, Any]) -> str:
    if not info["active"]:
        return "inactive"
    if info["disabled"]:
        return f"disabled: {info['reason'] or ''}"
    if info["paused"]:
        return "paused"
    return "ok"
