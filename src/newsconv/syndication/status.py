"""What the ledger holds, per partner and per state: a table for people, JSON for scripts."""

from __future__ import annotations

import time
from typing import Any

from rich.console import Console
from rich.table import Table

from .config import SyndicationConfig
from .ledger import STATES, Ledger

RECENT_DIAGNOSED = 20
"""How many of the newest releases with diagnostics the report lists."""


def status_report(
    config: SyndicationConfig, ledger: Ledger, now: float | None = None, guid: str | None = None
) -> dict[str, Any]:
    """Counts per partner and state, embargoed deliveries held, each partner's breaker, and
    the diagnostics of the newest releases that have some (of ``guid`` only when given)."""
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
    return {
        "ledger": _safe_url(config.ledger.url),
        "partners": partners,
        "totals": totals,
        "diagnostics": release_diagnostics(ledger, guid),
    }


def release_diagnostics(ledger: Ledger, guid: str | None = None) -> list[dict[str, Any]]:
    """One entry per release and diagnostic line, with the stages (``parse`` or the
    rendition variants) that reported it."""
    entries: dict[tuple[str, int, str], dict[str, Any]] = {}
    for g, version, stage, severity, text in ledger.release_diagnostics(guid, RECENT_DIAGNOSED):
        entry = entries.setdefault(
            (g, version, text),
            {"guid": g, "version": version, "severity": severity, "diagnostic": text, "in": []},
        )
        if stage not in entry["in"]:  # two runners may have rendered the same variant
            entry["in"].append(stage)
    return list(entries.values())


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
    if report["diagnostics"]:
        console.print("diagnostics of recent releases:")
    for entry in report["diagnostics"]:
        stages = ", ".join(entry["in"])
        line = f"{entry['guid']} v{entry['version']}: {entry['diagnostic']} ({stages})"
        console.print(line, soft_wrap=True)


def _breaker(info: dict[str, Any]) -> str:
    if not info["active"]:
        return "inactive"
    if info["disabled"]:
        return f"disabled: {info['reason'] or ''}"
    if info["paused"]:
        return "paused"
    return "ok"
