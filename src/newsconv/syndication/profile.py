"""A partner's profile: what it gets, how, and what happens when delivery fails."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field

FEED_FORMATS = ("atom", "jsonfeed")
"""Formats that are one feed file per partner, rewritten on each release."""


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long a failed delivery is tried again.

    The wait before attempt ``n + 1`` is ``backoff * factor ** (n - 1)`` seconds, at most
    ``max_backoff``, shortened by a random fraction of up to ``jitter`` so that runners that
    failed together do not retry together; a partner's ``Retry-After`` is a floor.
    """

    max_attempts: int = 8
    max_age: float = 86400.0
    """Seconds after the delivery was created past which it is not tried again."""
    backoff: float = 2.0
    factor: float = 2.0
    max_backoff: float = 600.0
    jitter: float = 0.2

    def delay(
        self, attempts: int, retry_after: float | None = None, rng: random.Random | None = None
    ) -> float:
        """Seconds to wait after the ``attempts``-th failed attempt."""
        base = min(self.max_backoff, self.backoff * self.factor ** max(0, attempts - 1))
        wait = base * (1.0 - self.jitter * (rng or random).random())
        return max(wait, retry_after or 0.0)

    def gives_up(self, attempts: int, age: float) -> bool:
        """Whether a delivery that failed ``attempts`` times, ``age`` seconds old, is done."""
        return attempts >= self.max_attempts or age >= self.max_age


@dataclass(frozen=True)
class BreakerPolicy:
    """After ``failures`` consecutive failed attempts a partner pauses for ``pause`` seconds.

    Refused credentials and a vanished endpoint (HTTP 410) disable it until ``retry``.
    """

    failures: int = 5
    pause: float = 300.0


@dataclass(frozen=True)
class ReleaseFacts:
    """What filters look at in an article."""

    lang: str = ""
    subjects: tuple[str, ...] = ()
    genre: str | None = None
    urgency: int | None = None
    keywords: tuple[str, ...] = ()
    provider: str | None = None


@dataclass(frozen=True)
class Filters:
    """Which articles a partner gets; an empty filter lets everything through.

    Every non-empty filter must match: ``languages`` by primary subtag (``ar`` takes
    ``ar-EG``), ``subjects`` by code or code prefix, ``genres`` and ``providers`` exactly,
    ``keywords`` by any keyword (case-insensitive), ``urgency = N`` only articles of urgency
    1 to N (an article without urgency counts as 9).
    """

    languages: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    genres: tuple[str, ...] = ()
    urgency: int | None = None
    keywords: tuple[str, ...] = ()
    providers: tuple[str, ...] = ()

    def accepts(self, facts: ReleaseFacts) -> bool:
        """Whether an article with these facts goes to the partner."""
        checks = (
            not self.languages or _lang_matches(facts.lang, self.languages),
            not self.subjects
            or any(s.startswith(w) for s in facts.subjects for w in self.subjects),
            not self.genres or facts.genre in self.genres,
            self.urgency is None or (facts.urgency or 9) <= self.urgency,
            not self.keywords
            or bool({k.casefold() for k in facts.keywords} & {k.casefold() for k in self.keywords}),
            not self.providers or facts.provider in self.providers,
        )
        return all(checks)


def _lang_matches(lang: str, wanted: tuple[str, ...]) -> bool:
    primary = lang.lower().split("-")[0]
    return any(w.lower() == lang.lower() or w.lower() == primary for w in wanted)


@dataclass(frozen=True)
class Partner:
    """One partner profile from the partner file."""

    id: str
    formats: tuple[str, ...]
    transport: Mapping[str, object]
    active: bool = True
    options: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Writer options per format, e.g. ``{"newsml": {"body": "nitf"}}``."""
    filters: Filters = field(default_factory=Filters)
    name_template: str = "{guid}.v{version}.{format}.{ext}"
    ordered: bool = False
    """Deliver strictly in enqueue order, one at a time, stopping at the first failure."""
    supersede: bool = False
    """A newer version replaces an older one of the same article not yet attempted."""
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    breaker: BreakerPolicy = field(default_factory=BreakerPolicy)
    feed: Mapping[str, str | int] = field(default_factory=dict)
    """Feed settings: ``title``, ``link``, ``size`` (entries), ``atom_name``, ``json_name``."""

    @property
    def transport_kind(self) -> str:
        """The transport kind, e.g. ``directory``."""
        return str(self.transport.get("kind", ""))
