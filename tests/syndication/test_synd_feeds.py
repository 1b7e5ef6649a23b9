"""Atom 1.0 and JSON Feed 1.1 partners, read back with feedparser; kills are tombstones."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import jsonschema
from lxml import etree

from newsconv.syndication import Runner, enqueue

from .helpers import article, guid_of, open_all, partner_file

FEEDS = """
[ledger]
path = "ledger.db"

[partners.pull]
formats = ["atom", "jsonfeed"]
transport = { kind = "directory", path = "public" }
feed = { title = "Wire feed", link = "https://wire.example/feed", size = 10 }
"""


def publish(tmp_path: Path) -> Path:
    config, ledger = open_all(partner_file(tmp_path, "", FEEDS))
    for slug, lang in (("alpha", "en"), ("beta", "ar"), ("gamma", "en")):
        path = article(tmp_path / "in", slug, lang=lang)
        enqueue(ledger, config, path.read_bytes(), str(path))
    Runner(config, ledger).run_once()
    changed = article(tmp_path / "in", "alpha", "Alpha, second version.")
    enqueue(ledger, config, changed.read_bytes(), str(changed))
    gamma = tmp_path / "in" / "gamma.txt"
    enqueue(ledger, config, gamma.read_bytes(), str(gamma), action="kill", note="Wrong facts.")
    Runner(config, ledger).run_once()
    ledger.close()
    return tmp_path / "public"


def test_atom_feed_reads_back_with_tombstone(tmp_path: Path) -> None:
    folder = publish(tmp_path)
    parsed = feedparser.parse((folder / "feed.atom").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == "Wire feed"
    ids = [entry.id for entry in parsed.entries]
    assert ids == [guid_of("alpha"), guid_of("beta")]  # newest first, the killed one gone
    alpha = parsed.entries[0]
    assert alpha.title == "Headline of alpha" and "Alpha, second version." in alpha.content[0].value
    assert (
        parsed.entries[1].get("language") == "ar" or parsed.entries[1].content[0].language == "ar"
    )
    root = etree.parse(str(folder / "feed.atom")).getroot()
    tombstones = root.findall("{http://purl.org/atompub/tombstones/1.0}deleted-entry")
    assert [t.get("ref") for t in tombstones] == [guid_of("gamma")]
    assert (
        tombstones[0].findtext("{http://purl.org/atompub/tombstones/1.0}comment") == "Wrong facts."
    )


JSON_FEED_11 = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string"},
        "feed_url": {"type": "string"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
                "properties": {
                    "id": {"type": "string"},
                    "title": {"type": "string"},
                    "content_html": {"type": "string"},
                    "summary": {"type": "string"},
                    "date_published": {"type": "string", "format": "date-time"},
                    "date_modified": {"type": "string", "format": "date-time"},
                    "language": {"type": "string"},
                },
            },
        },
    },
}
"""The parts of the JSON Feed 1.1 specification that a feed must meet (feedparser 6 reads
only XML feeds)."""


def test_json_feed_meets_json_feed_11(tmp_path: Path) -> None:
    folder = publish(tmp_path)
    data = json.loads((folder / "feed.json").read_bytes())
    jsonschema.validate(data, JSON_FEED_11, format_checker=jsonschema.FormatChecker())
    assert [item["id"] for item in data["items"]] == [guid_of("alpha"), guid_of("beta")]
    assert data["_newsconv"]["deleted"][0]["id"] == guid_of("gamma")
    assert data["items"][0]["_newsconv"] == {"version": 2, "pubStatus": "usable"}
    assert "Alpha, second version." in data["items"][0]["content_html"]


def test_feed_never_shows_embargoed_articles(tmp_path: Path) -> None:
    config, ledger = open_all(partner_file(tmp_path, "", FEEDS))
    held = article(tmp_path / "in", "held", extra="embargo: 2099-01-01T00:00:00Z")
    now = article(tmp_path / "in", "now")
    for path in (held, now):
        enqueue(ledger, config, path.read_bytes(), str(path))
    Runner(config, ledger).run_once()
    parsed = feedparser.parse((tmp_path / "public" / "feed.atom").read_bytes())
    assert [entry.id for entry in parsed.entries] == [guid_of("now")]
    ledger.close()
