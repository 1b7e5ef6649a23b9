"""Syndication: deliver every article version to partner wire feeds exactly once.

Library first: :func:`load_config` reads the partner file, :class:`Ledger` opens the durable
ledger (SQLite, or PostgreSQL for runners on several machines), :func:`enqueue` records a
release and its deliveries, :class:`Runner` delivers what is due. ``newsconv syndicate`` and
``newsconv partner`` are the command line on top.
"""

from __future__ import annotations

from .config import LedgerSettings, PartnerFileError, SyndicationConfig, load_config, parse_config
from .ledger import Ledger, Release
from .lifecycle import (
    ACTIONS,
    EnqueueError,
    EnqueueResult,
    RefusedRelease,
    enqueue,
    idempotency_key,
)
from .profile import BreakerPolicy, Filters, Partner, RetryPolicy
from .runner import Runner, RunStats, due_left
from .status import status_report

__all__ = [
    "ACTIONS",
    "BreakerPolicy",
    "EnqueueError",
    "EnqueueResult",
    "Filters",
    "Ledger",
    "LedgerSettings",
    "Partner",
    "PartnerFileError",
    "RefusedRelease",
    "Release",
    "RetryPolicy",
    "RunStats",
    "Runner",
    "SyndicationConfig",
    "due_left",
    "enqueue",
    "idempotency_key",
    "load_config",
    "parse_config",
    "status_report",
]
