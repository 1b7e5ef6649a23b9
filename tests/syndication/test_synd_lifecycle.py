"""Releases: versions, signals, kills and withdrawals, supersession, embargo, filters.
Each test runs on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from lxml import etree

from newsconv.checkfiles import validate_file
from newsconv.syndication import Runner, enqueue
from newsconv.syndication.ledger import Ledger

from .helpers import article, guid_of, open_all, partner_file, visible_files

G2 = "{http://iptc.org/std/nar/2006-10-01/}"
TWO_PARTNERS = """
[partners.wire]
formats = ["newsml", "ninjs"]
transport = { kind = "directory", path = "drop/wire" }

[partners.arabic]
formats = ["newsml"]
filters = { languages = ["ar"] }
transport = { kind = "directory", path = "drop/arabic" }
"""


def states(ledger: Ledger, partner: str) -> list[tuple[int, str, str]]:
    rows = ledger.db.rows(
        "SELECT version, format, state FROM deliveries WHERE partner = ? ORDER BY id", (partner,)
    )
    return [(int(v), str(f), str(s)) for v, f, s in rows]


def item_meta(path: Path) -> dict[str, str | None]:
    root = etree.parse(str(path)).getroot()
    meta = root.find(f"{G2}itemMeta")
    assert meta is not None
    signal = meta.find(f"{G2}signal")
    note = meta.find(f"{G2}edNote")
    return {
        "version": root.get("version"),
        "pubStatus": meta.find(f"{G2}pubStatus").get("qcode"),  # type: ignore[union-attr]
        "signal": None if signal is None else signal.get("qcode"),
        "edNote": None if note is None else note.text,
        "guid": root.get("guid"),
    }


def test_identical_is_noop_and_changed_content_gets_next_version(
    tmp_path: Path, ledger_table: str
) -> None:
    config, ledger = open_all(partner_file(tmp_path, ledger_table, TWO_PARTNERS))
    path = article(tmp_path / "in", "budget")
    first = enqueue(ledger, config, path.read_bytes(), str(path))
    assert (first.guid, first.version, first.created, first.deliveries) == (
        guid_of("budget"),
        1,
        True,
        2,
    )
    again = enqueue(ledger, config, path.read_bytes(), "elsewhere/budget.txt")
    assert not again.created and again.version == 1
    changed = article(tmp_path / "in", "budget", "A corrected first paragraph.")
    second = enqueue(ledger, config, changed.read_bytes(), str(changed))
    assert (second.version, second.renumbered) == (2, True)
    declared = article(tmp_path / "in", "budget", "Third text.", version=7)
    third = enqueue(ledger, config, declared.read_bytes(), str(declared))
    assert (third.version, third.renumbered) == (7, False)
    Runner(config, ledger).run_once()
    names = [p.name for p in visible_files(tmp_path / "drop" / "wire")]
    assert len(names) == 6 and all(guid_of("budget").replace(":", "_") in n for n in names)
    v2 = next(p for p in visible_files(tmp_path / "drop/wire") if ".v2.newsml" in p.name)
    assert item_meta(v2)["version"] == "2" and item_meta(v2)["signal"] == "sig:update"
    assert visible_files(tmp_path / "drop" / "arabic") == []  # filtered out: English
    ledger.close()


def test_correction_kill_and_withhold_signals(tmp_path: Path, ledger_table: str) -> None:
    config, ledger = open_all(partner_file(tmp_path, ledger_table, TWO_PARTNERS))
    path = article(tmp_path / "in", "quake", lang="ar")
    enqueue(ledger, config, path.read_bytes(), str(path))
    enqueue(ledger, config, path.read_bytes(), str(path), action="correction", note="Toll fixed.")
    Runner(config, ledger).run_once()
    enqueue(ledger, config, path.read_bytes(), str(path), action="withhold")
    Runner(config, ledger).run_once()
    enqueue(ledger, config, path.read_bytes(), str(path), action="kill", note="Legal.")
    Runner(config, ledger).run_once()
    drop = tmp_path / "drop" / "arabic"
    got = {p.name.split(".")[-3]: item_meta(p) for p in visible_files(drop)}
    assert got["v2"] == {"version": "2", "pubStatus": "stat:usable", "signal": "sig:correction",
                         "edNote": "Toll fixed.", "guid": guid_of("quake")}  # fmt: skip
    assert got["v3"]["pubStatus"] == "stat:withheld"
    assert got["v4"]["pubStatus"] == "stat:canceled" and got["v4"]["edNote"] == "Legal."
    assert got["v4"]["signal"] is None  # a kill is not announced as an update
    ninjs = json.loads(next((tmp_path / "drop/wire").glob("*.v4.ninjs.json")).read_text())
    assert (ninjs["pubStatus"], ninjs["version"], ninjs["edNote"]) == ("canceled", "4", "Legal.")
    for produced in visible_files(drop) + visible_files(tmp_path / "drop/wire"):
        assert validate_file(produced) == [], produced
    ledger.close()


def test_kill_goes_only_to_partners_that_got_a_version(tmp_path: Path, ledger_table: str) -> None:
    config, ledger = open_all(partner_file(tmp_path, ledger_table, TWO_PARTNERS))
    sent = article(tmp_path / "in", "sent", lang="ar")
    unsent = article(tmp_path / "in", "unsent", lang="ar")
    enqueue(ledger, config, sent.read_bytes(), str(sent))
    Runner(config, ledger).run_once()
    enqueue(ledger, config, unsent.read_bytes(), str(unsent))
    # unsent v1 is still pending when it is killed: it is withdrawn, and no kill is sent
    killed_sent = enqueue(ledger, config, sent.read_bytes(), str(sent), action="kill")
    killed_unsent = enqueue(ledger, config, unsent.read_bytes(), str(unsent), action="kill")
    assert killed_sent.deliveries == 3 and killed_unsent.deliveries == 0
    rows = ledger.db.rows(
        "SELECT guid, version, state, priority FROM deliveries WHERE partner = 'arabic' ORDER BY id"
    )
    assert [(str(g).rsplit(":", 1)[1], v, s, p) for g, v, s, p in rows] == [
        ("sent", 1, "delivered", 1),
        ("unsent", 1, "superseded", 1),
        ("sent", 2, "pending", 0),
    ]
    Runner(config, ledger).run_once()
    assert [p.name.split(".")[-3] for p in visible_files(tmp_path / "drop/arabic")] == ["v1", "v2"]
    ledger.close()


def test_kill_jumps_the_queue(tmp_path: Path, ledger_table: str) -> None:
    partners = """
[partners.slow]
formats = ["ninjs"]
ordered = true
transport = { kind = "directory", path = "drop/slow" }
"""
    config, ledger = open_all(partner_file(tmp_path, ledger_table, partners))
    first = article(tmp_path / "in", "first")
    enqueue(ledger, config, first.read_bytes(), str(first))
    Runner(config, ledger).run_once()
    for n in range(3):
        other = article(tmp_path / "in", f"other{n}")
        enqueue(ledger, config, other.read_bytes(), str(other))
    enqueue(ledger, config, first.read_bytes(), str(first), action="kill")
    runner = Runner(config, ledger, batch=1)
    runner.run_once()
    order = ledger.db.rows(
        "SELECT guid, version FROM deliveries WHERE state = 'delivered' ORDER BY delivered_at, id"
    )
    assert [(str(g).rsplit(":", 1)[1], v) for g, v in order][:2] == [("first", 1), ("first", 2)]
    ledger.close()


def test_supersede_is_per_partner(tmp_path: Path, ledger_table: str) -> None:
    partners = """
[partners.latest]
formats = ["ninjs"]
supersede = true
transport = { kind = "directory", path = "drop/latest" }

[partners.every]
formats = ["ninjs"]
transport = { kind = "directory", path = "drop/every" }
"""
    config, ledger = open_all(partner_file(tmp_path, ledger_table, partners))
    for text in ("One.", "Two.", "Three."):
        path = article(tmp_path / "in", "story", text)
        enqueue(ledger, config, path.read_bytes(), str(path))
    assert [s for _v, _f, s in states(ledger, "latest")] == ["superseded", "superseded", "pending"]
    assert [s for _v, _f, s in states(ledger, "every")] == ["pending"] * 3
    Runner(config, ledger).run_once()
    assert len(visible_files(tmp_path / "drop/latest")) == 1
    assert len(visible_files(tmp_path / "drop/every")) == 3
    ledger.close()


def test_embargo_is_held_then_sent_marked(tmp_path: Path, ledger_table: str) -> None:
    config, ledger = open_all(partner_file(tmp_path, ledger_table, TWO_PARTNERS))
    path = article(tmp_path / "in", "embargoed", extra="embargo: 2030-01-01T10:00:00Z")
    enqueue(ledger, config, path.read_bytes(), str(path), now=1.7e9)
    Runner(config, ledger, clock=lambda: 1.7e9 + 60).run_once()
    assert visible_files(tmp_path / "drop/wire") == []
    assert {s for _v, _f, s in states(ledger, "wire")} == {"pending"}
    Runner(config, ledger, clock=lambda: 1893492000.0 + 1).run_once()
    xml = next((tmp_path / "drop/wire").glob("*.newsml.xml"))
    root = etree.parse(str(xml)).getroot()
    assert root.findtext(f"{G2}itemMeta/{G2}embargoed") == "2030-01-01T10:00:00Z"
    ledger.close()


def test_filters_choose_partners(tmp_path: Path, ledger_table: str) -> None:
    partners = """
[partners.sport]
formats = ["ninjs"]
filters = { subjects = ["medtop:15"], urgency = 4 }
transport = { kind = "directory", path = "drop/sport" }
"""
    config, ledger = open_all(partner_file(tmp_path, ledger_table, partners))
    cases = {
        "match": "subjects: medtop:15000000\nurgency: 2",
        "too-low": "subjects: medtop:15000000\nurgency: 6",
        "other-topic": "subjects: medtop:04000000\nurgency: 1",
    }
    counts = {}
    for slug, extra in cases.items():
        path = article(tmp_path / "in", slug, extra=extra)
        counts[slug] = enqueue(ledger, config, path.read_bytes(), str(path)).deliveries
    assert counts == {"match": 1, "too-low": 0, "other-topic": 0}
    ledger.close()


def test_rendered_once_at_enqueue_and_identical_when_rendered_again(
    tmp_path: Path, ledger_table: str
) -> None:
    partners = TWO_PARTNERS.replace(
        'formats = ["newsml", "ninjs"]',
        'formats = ["newsml", "ninjs"]\noptions = { newsml = { body = "nitf" } }',
    )
    config, ledger = open_all(partner_file(tmp_path, ledger_table, partners))
    path = article(tmp_path / "in", "twice", lang="ar", extra="subjects: medtop:04000000")
    enqueue(ledger, config, path.read_bytes(), str(path))
    enqueue(ledger, config, path.read_bytes(), str(path), action="correction", note="Fixed.")
    variants = sorted(str(v) for (v,) in ledger.db.rows("SELECT DISTINCT variant FROM renditions"))
    assert variants == ["newsml", "newsml;body=nitf", "ninjs"]
    stored = {
        (int(r), str(v)): bytes(d)
        for r, v, d in ledger.db.rows("SELECT release_id, variant, data FROM renditions")
    }
    with ledger.db.transaction():
        ledger.db.execute("DELETE FROM renditions")
    runner = Runner(config, ledger)
    claims = ledger.db.rows("SELECT id, partner FROM deliveries ORDER BY id")
    from newsconv.syndication.claims import claim

    for partner_id in ("wire", "arabic"):
        for held in claim(ledger, config.partners[partner_id], runner.name, 4e9, 10):
            payload = runner.payload(config.partners[partner_id], held)
            variant = (
                "newsml;body=nitf"
                if held.format == "newsml" and partner_id == "wire"
                else held.format
            )
            assert payload.data == stored[(held.release_id, variant)]
    assert len(claims) == 6
    ledger.close()


def test_images_beside_the_article_reach_the_partner(tmp_path: Path, ledger_table: str) -> None:
    chart = Path(__file__).parents[2] / "examples" / "images" / "riders-chart.png"
    folder = tmp_path / "in"
    body = '[image src="chart.png" alt="A chart"]Riders by year[/image]\nText of the story.'
    path = article(folder, "chart", body)
    (folder / "chart.png").write_bytes(chart.read_bytes())
    partners = """
[partners.books]
formats = ["epub"]
transport = { kind = "directory", path = "drop/books" }
"""
    config, ledger = open_all(partner_file(tmp_path, ledger_table, partners))
    enqueue(ledger, config, path.read_bytes(), str(path))
    Runner(config, ledger).run_once()
    (book,) = visible_files(tmp_path / "drop" / "books")
    with zipfile.ZipFile(book) as epub:
        images = [
            name for name in epub.namelist() if "/images/" in name or name.startswith("images/")
        ]
        assert [epub.read(name) for name in images] == [chart.read_bytes()]
    ledger.close()
