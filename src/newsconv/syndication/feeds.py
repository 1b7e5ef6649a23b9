"""Feeds partners pull: Atom 1.0 (kills as RFC 6721 tombstones) and JSON Feed 1.1.

A feed is one file per partner and format, rewritten whole (and atomically, by the transport)
on every release: the latest version of the ``size`` most recent articles the partner gets,
none still under embargo. The entry content is the ninjs rendering of the article.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lxml import etree

from .ledger import Ledger, Release
from .profile import Partner
from .render import DocumentCache, feed_entry

ATOM_NS = "http://www.w3.org/2005/Atom"
TOMBSTONE_NS = "http://purl.org/atompub/tombstones/1.0"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
FEED_FILES = {"atom": ("atom_name", "feed.atom"), "jsonfeed": ("json_name", "feed.json")}
MEDIA_TYPES = {"atom": "application/atom+xml", "jsonfeed": "application/feed+json"}


@dataclass(frozen=True)
class Entry:
    """One article in a feed: its latest release and its ninjs form."""

    release: Release
    ninjs: dict[str, Any]

    @property
    def killed(self) -> bool:
        return self.release.is_kill


def feed_name(partner: Partner, fmt: str) -> str:
    """The remote file name of a partner's feed."""
    key, default = FEED_FILES[fmt]
    return str(partner.feed.get(key, default))


def feed_entries(
    ledger: Ledger, cache: DocumentCache, partner: Partner, fmt: str, now: float
) -> list[Entry]:
    """The latest release of each recent article of the feed, newest first.

    A feed is a snapshot of the present, whichever delivery writes it: a kill sent before
    an older update (kills jump the queue) is never undone by the update's rewrite.
    """
    rows = ledger.db.rows(
        "SELECT d.release_id, d.guid FROM deliveries d WHERE d.partner = ? AND d.format = ?"
        " AND d.state NOT IN ('superseded', 'canceled')"
        " AND NOT (d.state = 'pending' AND d.next_at > ?) ORDER BY d.id",
        (partner.id, fmt, now),
    )
    latest: dict[str, int] = {}
    for release_id, guid in rows:
        latest.pop(guid, None)
        latest[guid] = int(release_id)
    size = int(partner.feed.get("size", 50))
    chosen = list(latest.values())[-size:][::-1]
    entries = []
    for release_id in chosen:
        release = ledger.release(release_id)
        doc = cache.get(release)
        ninjs = json.loads(feed_entry(doc, release, partner, fmt).data)
        entries.append(Entry(release, ninjs))
    return entries


def _title(partner: Partner) -> str:
    return str(partner.feed.get("title", f"{partner.id} news feed"))


def _feed_updated(entries: Sequence[Entry]) -> str:
    """The newest entry time, compared as moments (entries may carry different offsets)."""
    stamps = [str(e.ninjs["versionCreated"]) for e in entries]
    if not stamps:
        return "1970-01-01T00:00:00Z"
    return max(stamps, key=lambda s: datetime.fromisoformat(s.replace("Z", "+00:00")))


def atom_feed(partner: Partner, entries: Sequence[Entry]) -> bytes:
    """An Atom 1.0 document; kills and withdrawals are ``at:deleted-entry`` tombstones."""
    a = f"{{{ATOM_NS}}}"
    root = etree.Element(a + "feed", nsmap={None: ATOM_NS, "at": TOMBSTONE_NS})  # type: ignore[dict-item]
    etree.SubElement(root, a + "id").text = str(
        partner.feed.get("link", f"urn:newsconv:feed:{partner.id}:atom")
    )
    etree.SubElement(root, a + "title").text = _title(partner)
    etree.SubElement(root, a + "updated").text = _feed_updated(entries)
    etree.SubElement(etree.SubElement(root, a + "author"), a + "name").text = "newsconv"
    if "link" in partner.feed:
        etree.SubElement(root, a + "link", rel="self", href=str(partner.feed["link"]))
    for entry in entries:
        if entry.killed:
            _tombstone(root, entry)
        else:
            _atom_entry(root, entry)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _tombstone(root: etree._Element, entry: Entry) -> None:
    t = f"{{{TOMBSTONE_NS}}}"
    gone = etree.SubElement(
        root, t + "deleted-entry", ref=entry.release.guid, when=entry.ninjs["versionCreated"]
    )
    etree.SubElement(gone, t + "comment").text = entry.release.ednote or "withdrawn"


def _atom_entry(root: etree._Element, entry: Entry) -> None:
    a = f"{{{ATOM_NS}}}"
    ninjs = entry.ninjs
    element = etree.SubElement(root, a + "entry")
    element.set("{http://www.w3.org/XML/1998/namespace}lang", ninjs.get("language", "und"))
    etree.SubElement(element, a + "id").text = entry.release.guid
    etree.SubElement(element, a + "title").text = _headline(entry)
    etree.SubElement(element, a + "updated").text = ninjs["versionCreated"]
    if "firstCreated" in ninjs:
        etree.SubElement(element, a + "published").text = ninjs["firstCreated"]
    summary = _summary(ninjs)
    if summary:
        etree.SubElement(element, a + "summary").text = summary
    body = _body(ninjs)
    if body:
        etree.SubElement(element, a + "content", type="html").text = body
    for url in _urls(ninjs):
        etree.SubElement(element, a + "link", rel="alternate", href=url)


def json_feed(partner: Partner, entries: Sequence[Entry]) -> bytes:
    """A JSON Feed 1.1 document; killed articles leave it and are listed in
    ``_newsconv.deleted``."""
    feed: dict[str, Any] = {"version": JSON_FEED_VERSION, "title": _title(partner)}
    if "link" in partner.feed:
        feed["feed_url"] = str(partner.feed["link"])
    feed["items"] = [_json_item(e) for e in entries if not e.killed]
    deleted = [
        {"id": e.release.guid, "when": e.ninjs["versionCreated"], "version": e.release.version}
        for e in entries
        if e.killed
    ]
    if deleted:
        feed["_newsconv"] = {"deleted": deleted}
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _json_item(entry: Entry) -> dict[str, Any]:
    ninjs = entry.ninjs
    item: dict[str, Any] = {"id": entry.release.guid, "title": _headline(entry)}
    body = _body(ninjs)
    item["content_html"] = body or f"<p>{_headline(entry)}</p>"
    summary = _summary(ninjs)
    if summary:
        item["summary"] = summary
    urls = _urls(ninjs)
    if urls:
        item["url"] = urls[0]
    if "firstCreated" in ninjs:
        item["date_published"] = ninjs["firstCreated"]
    item["date_modified"] = ninjs["versionCreated"]
    item["language"] = ninjs.get("language", "und")
    item["_newsconv"] = {"version": entry.release.version, "pubStatus": ninjs.get("pubStatus")}
    return item


def _headline(entry: Entry) -> str:
    for headline in entry.ninjs.get("headlines", []):
        if headline.get("role") == "main":
            return str(headline["value"])
    return str(entry.release.facts.get("slug") or entry.release.guid)


def _summary(ninjs: dict[str, Any]) -> str | None:
    for description in ninjs.get("descriptions", []):
        if description.get("role") == "summary":
            return str(description["value"])
    return None


def _body(ninjs: dict[str, Any]) -> str | None:
    bodies = ninjs.get("bodies") or []
    return str(bodies[0]["value"]) if bodies else None


def _urls(ninjs: dict[str, Any]) -> list[str]:
    return [str(alt["value"]) for alt in ninjs.get("altIds", []) if alt.get("role") == "url"]


def build_feed(partner: Partner, fmt: str, entries: Sequence[Entry]) -> bytes:
    """The feed file of format ``fmt`` (``atom`` or ``jsonfeed``)."""
    return atom_feed(partner, entries) if fmt == "atom" else json_feed(partner, entries)
