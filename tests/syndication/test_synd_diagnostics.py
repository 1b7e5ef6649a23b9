"""What parsing and rendering a release report: printed at enqueue, kept in the ledger, shown
by ``syndicate status``; ``--strict`` refuses the release. On SQLite and on PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsconv.cli import main
from newsconv.syndication import RefusedRelease, Runner, enqueue, status_report

from .helpers import article, guid_of, open_all, partner_file, visible_files

PARTNERS = """
[partners.wire]
formats = ["newsml", "html"]
transport = { kind = "directory", path = "drop/wire" }

[partners.books]
formats = ["html", "epub"]
transport = { kind = "directory", path = "drop/books" }
"""
TRUNCATED_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR"
BAD_IMAGE = '[image src="pic.png" alt="A picture"]A caption[/image]\nBody text after it.'
UNSAFE_LINK = 'A [link url="javascript:alert(1)"]bad link[/link] in the text.'


def with_bad_image(folder: Path, slug: str) -> Path:
    path = article(folder, slug, BAD_IMAGE)
    (folder / "pic.png").write_bytes(TRUNCATED_PNG)
    return path


def table_rows(ledger_path: Path, table: str) -> int:
    _config, ledger = open_all(ledger_path)
    try:
        return int(ledger.db.rows(f"SELECT count(*) FROM {table}")[0][0])
    finally:
        ledger.close()


def test_writer_diagnostics_come_back_and_are_kept(tmp_path: Path, ledger_table: str) -> None:
    config, ledger = open_all(partner_file(tmp_path, ledger_table, PARTNERS))
    path = with_bad_image(tmp_path / "in", "pictures")
    result = enqueue(ledger, config, path.read_bytes(), str(path))
    lines = [str(d) for d in result.diagnostics]
    # html is rendered once for both partners, epub once: one line each, in order
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"{path}:9:1: warning[bad-image]: image 'pic.png' is a truncated")
    assert lines[1].startswith(f"{path}:9:1: warning[bad-image]:") and "book" in lines[1]
    kept = ledger.release_diagnostics()
    assert [(g, v, stage, sev) for g, v, stage, sev, _t in kept] == [
        (guid_of("pictures"), 1, "html", "warning"),
        (guid_of("pictures"), 1, "epub", "warning"),
    ]
    assert [t for *_rest, t in kept] == lines
    Runner(config, ledger).run_once()  # the renditions were kept: the deliveries go out
    assert len(visible_files(tmp_path / "drop" / "books")) == 2
    ledger.close()


def test_parse_diagnostics_are_kept_too(tmp_path: Path, ledger_table: str) -> None:
    config, ledger = open_all(partner_file(tmp_path, ledger_table, PARTNERS))
    path = article(tmp_path / "in", "links", UNSAFE_LINK)
    result = enqueue(ledger, config, path.read_bytes(), str(path))
    [line] = [str(d) for d in result.diagnostics]
    assert line.startswith(f"{path}:9:3: warning[unsafe-url]: link target dropped")
    assert [stage for _g, _v, stage, _s, _t in ledger.release_diagnostics()] == ["parse"]
    clean = article(tmp_path / "in", "clean")
    assert enqueue(ledger, config, clean.read_bytes(), str(clean)).diagnostics == ()
    report = status_report(config, ledger)
    assert [(e["guid"], e["diagnostic"], e["in"]) for e in report["diagnostics"]] == [
        (guid_of("links"), line, ["parse"])
    ]
    ledger.close()


def test_status_lists_the_newest_releases_and_filters_by_guid(
    tmp_path: Path, ledger_table: str
) -> None:
    config, ledger = open_all(partner_file(tmp_path, ledger_table, PARTNERS))
    first = article(tmp_path / "in", "links", UNSAFE_LINK)
    enqueue(ledger, config, first.read_bytes(), str(first))
    second = with_bad_image(tmp_path / "in2", "pictures")
    enqueue(ledger, config, second.read_bytes(), str(second))
    report = status_report(config, ledger)
    # newest release first; one entry per line, with every variant that reported it
    assert [(e["guid"], e["in"]) for e in report["diagnostics"]] == [
        (guid_of("pictures"), ["html"]),
        (guid_of("pictures"), ["epub"]),
        (guid_of("links"), ["parse"]),
    ]
    only = status_report(config, ledger, guid=guid_of("links"))["diagnostics"]
    assert [e["guid"] for e in only] == [guid_of("links")]
    ledger.close()


@pytest.mark.parametrize("problem", ["image", "link"])
def test_strict_refuses_and_records_nothing(
    tmp_path: Path, ledger_table: str, problem: str
) -> None:
    partners = partner_file(tmp_path, ledger_table, PARTNERS)
    config, ledger = open_all(partners)
    if problem == "image":
        path = with_bad_image(tmp_path / "in", "refused")
    else:
        path = article(tmp_path / "in", "refused", UNSAFE_LINK)
    with pytest.raises(RefusedRelease, match=r"not enqueued: \d+ warning\(s\) or error") as refused:
        enqueue(ledger, config, path.read_bytes(), str(path), strict=True)
    codes = {d.code for d in refused.value.diagnostics}
    assert codes == ({"bad-image"} if problem == "image" else {"unsafe-url"})
    ledger.close()
    for table in ("releases", "deliveries", "renditions", "release_diagnostics"):
        assert table_rows(partners, table) == 0, table
    config, ledger = open_all(partners)
    clean = article(tmp_path / "in", "accepted")
    result = enqueue(ledger, config, clean.read_bytes(), str(clean), strict=True)
    assert result.created and result.deliveries == 4 and result.diagnostics == ()
    assert int(ledger.db.rows("SELECT count(*) FROM renditions")[0][0]) == 3
    ledger.close()


def test_a_ledger_without_the_diagnostics_table_gets_it(tmp_path: Path, ledger_table: str) -> None:
    partners = partner_file(tmp_path, ledger_table, PARTNERS)
    _config, ledger = open_all(partners)
    with ledger.db.transaction():
        ledger.db.execute("DROP TABLE release_diagnostics")
    ledger.close()
    config, ledger = open_all(partners)
    path = article(tmp_path / "in", "links", UNSAFE_LINK)
    enqueue(ledger, config, path.read_bytes(), str(path))
    assert len(ledger.release_diagnostics()) == 1
    ledger.close()


CLI_PARTNERS = """
[ledger]
path = "state/syndication.db"

[partners.books]
formats = ["epub"]
transport = { kind = "directory", path = "drop/books" }
"""


def test_the_command_line_prints_keeps_and_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = str(partner_file(tmp_path, "", CLI_PARTNERS))
    (tmp_path / "state").mkdir()
    bad = with_bad_image(tmp_path / "in", "pictures")
    assert main(["syndicate", "-c", config, "enqueue", "--strict", str(bad)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{bad}:9:1: warning[bad-image]: image 'pic.png' is a truncated")
    assert (
        err[1] == f"newsconv: error: {bad}: not enqueued: 1 warning(s) or error(s) under --strict"
    )
    assert main(["syndicate", "-c", config, "status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["diagnostics"] == []
    assert main(["syndicate", "-c", config, "enqueue", str(bad)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{bad}:9:1: warning[bad-image]:")
    assert err[1].endswith("v1 publish, 1 deliveries")
    assert main(["syndicate", "-c", config, "status"]) == 0
    out = capsys.readouterr().out
    assert f"{guid_of('pictures')} v1: {err[0]} (epub)" in out
    assert main(["syndicate", "-c", config, "status", "-g", "urn:other", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["diagnostics"] == []


BAD_OPTION = """
[partners.wire]
formats = ["newsml"]
options = { newsml = { body = "bogus" } }
transport = { kind = "directory", path = "drop/wire" }
"""


def test_a_variant_that_fails_to_render_is_an_error(tmp_path: Path, ledger_table: str) -> None:
    config, ledger = open_all(partner_file(tmp_path, ledger_table, BAD_OPTION))
    path = article(tmp_path / "in", "options")
    with pytest.raises(RefusedRelease) as refused:
        enqueue(ledger, config, path.read_bytes(), str(path), strict=True)
    [failure] = refused.value.diagnostics
    assert str(failure).startswith(
        f"{path}:0:0: error[render-failed]: newsml: unknown body format 'bogus'"
    )
    result = enqueue(ledger, config, path.read_bytes(), str(path))
    assert result.created and result.diagnostics == (failure,)
    assert [(stage, sev) for _g, _v, stage, sev, _t in ledger.release_diagnostics()] == [
        ("newsml;body=bogus", "error")
    ]
    ledger.close()


def test_a_variant_the_runner_renders_keeps_its_diagnostics(
    tmp_path: Path, ledger_table: str
) -> None:
    books = '[partners.books]\nformats = ["html"]\ntransport = { kind = "directory", path = "b" }\n'
    partners = partner_file(tmp_path, ledger_table, books)
    config, ledger = open_all(partners)
    path = with_bad_image(tmp_path / "in", "pictures")
    enqueue(ledger, config, path.read_bytes(), str(path))
    ledger.close()
    # the partner's options change before delivery: the runner renders the new variant
    changed = books.replace('["html"]', '["html"]\noptions = { html = { images = "embed" } }')
    config, ledger = open_all(partner_file(tmp_path, ledger_table, changed))
    Runner(config, ledger).run_once()
    assert len(visible_files(tmp_path / "b")) == 1
    stages = [stage for _g, _v, stage, _s, _t in ledger.release_diagnostics()]
    assert stages == ["html", "html;images=embed"]
    [entry] = status_report(config, ledger)["diagnostics"]
    assert entry["in"] == ["html", "html;images=embed"]
    ledger.close()


FEED_PARTNERS = """
[partners.pull]
formats = ["atom", "jsonfeed"]
transport = { kind = "directory", path = "public" }
"""


def test_a_feed_entry_reports_what_its_writer_reports(
    tmp_path: Path, ledger_table: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A feed is built when delivered, but its entry (the ninjs form of the article) is
    rendered at enqueue too, so that its warnings are printed, kept and refused by strict."""
    from newsconv.writers import registry

    ninjs = registry.get("ninjs")
    real_write = ninjs.write

    def warning_write(doc, options):  # type: ignore[no-untyped-def]
        options.warn(doc, "entry-warning", "something the entry writer noticed")
        return real_write(doc, options)

    monkeypatch.setattr(ninjs, "write", warning_write)
    config, ledger = open_all(partner_file(tmp_path, ledger_table, FEED_PARTNERS))
    path = article(tmp_path / "in", "entry")
    with pytest.raises(RefusedRelease) as refused:
        enqueue(ledger, config, path.read_bytes(), str(path), strict=True)
    assert [d.code for d in refused.value.diagnostics] == ["entry-warning"]
    result = enqueue(ledger, config, path.read_bytes(), str(path))
    assert [d.code for d in result.diagnostics] == ["entry-warning"]  # printed once
    assert [stage for _g, _v, stage, _s, _t in ledger.release_diagnostics()] == [
        "atom",
        "jsonfeed",
    ]
    assert int(ledger.db.rows("SELECT count(*) FROM renditions")[0][0]) == 0
    Runner(config, ledger).run_once()  # the feeds themselves are still built at delivery
    assert sorted(p.name for p in visible_files(tmp_path / "public")) == ["feed.atom", "feed.json"]
    ledger.close()
