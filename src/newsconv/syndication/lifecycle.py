"""Enqueueing releases: each version of an article, and its kill or withdrawal.

- The guid comes from the NewsML-G2 identity code, so it is the guid the writers print.
- Re-enqueueing identical content (same text, metadata, action and note) is a no-op.
- Changed content is a new version: the article's own ``version`` if it is newer than the
  ledger's latest, otherwise the ledger's latest plus one (the written item carries it).
- ``update`` and ``correction`` set the NewsML-G2 signal (``sig:update``, ``sig:correction``
  with an ``edNote``); ``kill`` and ``withhold`` set the pub status ``stat:canceled`` /
  ``stat:withheld``. A kill goes only to partners that got (or may have got) an earlier
  version, first in their queue, and removes their unsent older versions.
- What parsing and rendering report (warnings and errors: a refused or bad image, an unsafe
  URL repaired…) comes back in the result and is kept with the release
  (``release_diagnostics``); with ``strict`` any of them refuses the release and nothing
  is recorded (the renditions are then made while the article's ledger lock is held).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from ..api import parse_with_diagnostics
from ..diagnostics import Diagnostic, NewsconvError, Severity
from ..iptc.identity import identity_of, item_slug
from ..model import Document
from ..writers.base import WriterOptions
from .config import SyndicationConfig
from .db import lock_name
from .ledger import KILL_PRIORITY, NORMAL_PRIORITY, Ledger, Release
from .profile import FEED_FORMATS, Partner, ReleaseFacts
from .render import feed_entry, render, reportable, variant_key, with_release_meta

ACTIONS = ("publish", "update", "correction", "kill", "withhold")
_PUBSTATUS = {"kill": "canceled", "withhold": "withheld"}
_SIGNAL = {"update": "update", "correction": "correction"}


class EnqueueError(NewsconvError):
    """An article that cannot be enqueued as asked (e.g. killing what was never sent)."""


class RefusedRelease(EnqueueError):
    """Under ``strict``: parsing or rendering the article reported warnings or errors."""

    def __init__(self, name: str, diagnostics: tuple[Diagnostic, ...]) -> None:
        self.diagnostics = diagnostics
        super().__init__(
            f"{name}: not enqueued: {len(diagnostics)} warning(s) or error(s) under --strict"
        )


@dataclass(frozen=True)
class EnqueueResult:
    """What one ``enqueue`` did."""

    guid: str
    version: int
    action: str
    created: bool
    """False when identical content was already the latest release (nothing changed)."""
    deliveries: int
    renumbered: bool = False
    """True when changed content kept an old version number and got the next one."""
    diagnostics: tuple[Diagnostic, ...] = ()
    """Warnings and errors of parsing and rendering this release, each once."""


def idempotency_key(partner: str, guid: str, version: int, fmt: str) -> str:
    """The stable key of one delivery: the same for every attempt and every runner."""
    digest = hashlib.sha256(f"{partner}\n{guid}\n{version}\n{fmt}".encode()).hexdigest()
    return f"nc_{digest[:40]}"


def facts_of(doc: Document) -> dict[str, Any]:
    """What filters, file names and feeds need to know about an article."""
    meta = doc.meta
    facts = ReleaseFacts(
        lang=doc.lang,
        subjects=meta.subjects,
        genre=meta.genre,
        urgency=meta.urgency,
        keywords=meta.keywords,
        provider=meta.provider,
    )
    return asdict(facts) | {"slug": item_slug(doc)}


def enqueue(
    ledger: Ledger,
    config: SyndicationConfig,
    source: bytes,
    name: str,
    *,
    action: str = "publish",
    note: str | None = None,
    meta: Mapping[str, str] | None = None,
    now: float | None = None,
    strict: bool = False,
) -> EnqueueResult:
    """Record a release of the article ``source`` (read from ``name``) and its deliveries.

    With ``strict``, a warning or an error while parsing or rendering it raises
    :class:`RefusedRelease` and nothing is recorded.
    """
    if action not in ACTIONS:
        raise EnqueueError(f"unknown action {action!r}")
    now = time.time() if now is None else now
    user_meta = dict(meta or {})
    parsed = parse_with_diagnostics(source, source=name, meta=user_meta)
    doc, parse_notes = parsed.document, reportable(parsed.diagnostics)
    if strict and parse_notes:
        raise RefusedRelease(name, parse_notes)
    guid = identity_of(doc, WriterOptions()).guid
    digest = _content_hash(source, user_meta, action, note)
    with ledger.db.transaction():
        lock_name(ledger.db, guid)
        latest = ledger.latest_release(guid)
        if latest is not None and latest.content_hash == digest:
            return EnqueueResult(guid, latest.version, action, False, 0)
        if action in _PUBSTATUS and latest is None:
            raise EnqueueError(f"{name}: cannot {action} {guid}: no version was enqueued")
        version, renumbered = _next_version(doc.meta.version, latest)
        release = _store_release(
            ledger, doc, source, name, guid, version, action, note, user_meta, digest, now
        )
        planned = [
            (partner, fmt)
            for partner in config.partners.values()
            for fmt in _plan(ledger, partner, release, now)
        ]
        renders = _render_variants(doc, release, user_meta, planned) if strict else None
        if renders and renders.diagnostics:
            raise RefusedRelease(name, _distinct(d for _stage, d in renders.diagnostics))
    renders = renders or _render_variants(doc, release, user_meta, planned)
    notes = [("parse", d) for d in parse_notes] + renders.diagnostics
    _keep(ledger, release, renders, notes)
    renumbered = renumbered and action == "publish"
    found = _distinct(d for _stage, d in notes)
    return EnqueueResult(guid, version, action, True, len(planned), renumbered, found)


def _content_hash(source: bytes, meta: Mapping[str, str], action: str, note: str | None) -> str:
    extra = json.dumps([sorted(meta.items()), action, note], ensure_ascii=False)
    return hashlib.sha256(source + b"\0" + extra.encode("utf-8")).hexdigest()


def _next_version(declared: int, latest: Release | None) -> tuple[int, bool]:
    if latest is None or declared > latest.version:
        return declared, False
    return latest.version + 1, True


def _store_release(
    ledger: Ledger,
    doc: Document,
    source: bytes,
    name: str,
    guid: str,
    version: int,
    action: str,
    note: str | None,
    user_meta: dict[str, str],
    digest: str,
    now: float,
) -> Release:
    pubstatus = _PUBSTATUS.get(action, doc.meta.pubstatus or "usable")
    signal = _SIGNAL.get(action)
    own = None if action in _PUBSTATUS else doc.meta.ednote
    ednote = note or own or _default_note(action, version)
    meta = user_meta | {"guid": guid, "version": str(version), "pubstatus": pubstatus}
    if signal:
        meta["signal"] = signal
    if ednote:
        meta["ednote"] = ednote
    embargo = None if action in _PUBSTATUS or not doc.meta.embargo else doc.meta.embargo.timestamp()
    values: dict[str, Any] = {
        "guid": guid,
        "version": version,
        "action": action,
        "pubstatus": pubstatus,
        "signal": signal,
        "ednote": ednote,
        "content_hash": digest,
        "source_name": name,
        "source": source,
        "meta": meta,
        "facts": facts_of(doc),
        "embargo": embargo,
        "created_at": now,
    }
    return Release(id=ledger.insert_release(values), **values)


def _default_note(action: str, version: int) -> str | None:
    return {
        "correction": f"Correction: version {version} replaces the earlier versions.",
        "kill": "Kill: this item is withdrawn. Do not use.",
        "withhold": "Withheld: do not use this item until further notice.",
    }.get(action)


def _plan(ledger: Ledger, partner: Partner, release: Release, now: float) -> list[str]:
    """Add the deliveries of ``release`` to ``partner``; returns their formats."""
    added: list[str] = []
    for fmt in partner.formats:
        history = ledger.history(release.guid, partner.id, fmt)
        open_older = [
            d
            for d, state, _c, prio in history
            if state in ("pending", "retrying") and prio != KILL_PRIORITY
        ]
        if release.is_kill:
            ledger.set_state(open_older, "superseded", f"killed by version {release.version}")
            if not _received(history):
                continue
            priority, due = KILL_PRIORITY, now
        else:
            if not partner.active or not _accepts(partner, release):
                continue
            if partner.supersede:
                unsent = [
                    d
                    for d, state, claims, prio in history
                    if state == "pending" and claims == 0 and prio != KILL_PRIORITY
                ]
                ledger.set_state(unsent, "superseded", f"superseded by version {release.version}")
            priority, due = NORMAL_PRIORITY, max(now, release.embargo or now)
        key = idempotency_key(partner.id, release.guid, release.version, fmt)
        ledger.insert_delivery(
            release.id, partner.id, release.guid, release.version, fmt, priority, due, now, key
        )
        added.append(fmt)
    return added


@dataclass
class _Renders:
    """The renditions a release's new deliveries need, and what rendering them reported."""

    variants: list[tuple[int, str, bytes, str, str]]
    diagnostics: list[tuple[str, Diagnostic]]
    """(variant, diagnostic) pairs, warnings and errors only."""


def _render_variants(
    doc: Document,
    release: Release,
    user_meta: dict[str, str],
    planned: list[tuple[Partner, str]],
) -> _Renders:
    """Render each (format, options) variant the new deliveries need, once.

    A variant that fails to render here is reported as an error and left to the runner,
    whose attempt then records why (rendering is deterministic, so the runner gets the same
    bytes when it succeeds).
    """
    release_doc = with_release_meta(doc, release, user_meta)
    renders = _Renders([], [])
    done: set[str] = set()
    for partner, fmt in planned:
        key = variant_key(partner, fmt)
        if key in done:
            continue
        done.add(key)
        feed = fmt in FEED_FORMATS  # a feed is rebuilt when delivered: only its entry is checked
        try:
            rendered = (feed_entry if feed else render)(release_doc, release, partner, fmt)
        except NewsconvError as exc:
            failure = Diagnostic(Severity.ERROR, "render-failed", f"{fmt}: {exc}", doc.source)
            renders.diagnostics.append((key, failure))
            continue
        if not feed:
            renders.variants.append(
                (release.id, key, rendered.data, rendered.media_type, rendered.extension)
            )
        renders.diagnostics += [(key, d) for d in reportable(rendered.diagnostics)]
    return renders


def _keep(
    ledger: Ledger, release: Release, renders: _Renders, notes: list[tuple[str, Diagnostic]]
) -> None:
    """Store the renditions and the diagnostics of a recorded release."""
    if renders.variants:
        ledger.store_renditions(renders.variants)
    if notes:
        rows = [(stage, str(d.severity), str(d)) for stage, d in notes]
        ledger.store_diagnostics(release.id, rows)


def _distinct(diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Each diagnostic once (several formats report the same bad image), in order."""
    return tuple(dict.fromkeys(diagnostics))


def _received(history: list[tuple[int, str, int, int]]) -> bool:
    """Whether an earlier version reached the partner, or may have (it was attempted)."""
    return any(
        state in ("delivered", "in_progress") or (state in ("retrying", "failed") and claims)
        for _d, state, claims, _p in history
    )


def _accepts(partner: Partner, release: Release) -> bool:
    facts = dict(release.facts)
    facts.pop("slug", None)
    for key in ("subjects", "keywords"):
        facts[key] = tuple(facts.get(key) or ())
    return partner.filters.accepts(ReleaseFacts(**facts))
