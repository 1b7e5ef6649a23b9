"""``newsconv syndicate`` and ``newsconv partner``: exit codes 0/1/2, status, canary, watch."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from newsconv.cli import main

from .conftest import ROOT_EXAMPLES
from .helpers import article, partner_file, visible_files

PARTNERS = """
[ledger]
path = "state/syndication.db"

[partners.gulfwire]
formats = ["newsml"]
transport = { kind = "directory", path = "drop/gulfwire" }
retry = { backoff = 60 }
"""


def run(*args: str) -> int:
    return main(list(args))


def test_examples_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = str(partner_file(tmp_path, "", PARTNERS))
    (tmp_path / "state").mkdir()
    assert run("syndicate", "-c", config, "enqueue", str(ROOT_EXAMPLES)) == 0
    assert run("syndicate", "-c", config, "run", "--once") == 0
    assert len(visible_files(tmp_path / "drop" / "gulfwire")) == 3
    capsys.readouterr()
    assert run("syndicate", "-c", config, "status", "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["partners"]["gulfwire"]["states"]["delivered"] == 3
    assert run("syndicate", "-c", config, "status") == 0
    assert "gulfwire" in capsys.readouterr().out


def test_exit_1_when_deliveries_are_retrying(tmp_path: Path) -> None:
    config = str(partner_file(tmp_path, "", PARTNERS))
    (tmp_path / "state").mkdir()
    (tmp_path / "drop").mkdir()
    (tmp_path / "drop" / "gulfwire").write_text("a file where the folder should be")
    assert run("syndicate", "-c", config, "enqueue", str(article(tmp_path / "in", "x"))) == 0
    assert run("syndicate", "-c", config, "run", "--once") == 1
    assert run("syndicate", "-c", config, "status", "--json") == 1


def test_exit_2_for_usage_and_configuration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = partner_file(tmp_path, "", PARTNERS.replace('["newsml"]', '["nesml"]'))
    assert run("syndicate", "-c", str(bad), "status") == 2
    assert f"{bad.resolve()}:7: error: partners.gulfwire.formats" in capsys.readouterr().err
    good = str(partner_file(tmp_path, "", PARTNERS))
    (tmp_path / "state").mkdir()
    assert run("syndicate", "-c", good, "cancel") == 2  # neither --partner nor --guid
    assert run("syndicate", "-c", good, "enqueue", str(tmp_path / "missing.txt")) == 2
    never = article(tmp_path / "in", "never")
    assert run("syndicate", "-c", good, "enqueue", "--kill", str(never)) == 2
    assert "no version was enqueued" in capsys.readouterr().err
    assert run("syndicate", "-c", str(tmp_path / "nope.toml"), "status") == 2
    assert run("partner", "-c", good, "test", "nobody") == 2


def test_partner_test_sends_a_canary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = str(partner_file(tmp_path, "", PARTNERS))
    assert run("partner", "-c", config, "test", "gulfwire") == 0
    out = capsys.readouterr().out
    assert "canary delivered" in out and "present remotely; removed" in out
    assert "newsconv-canary-" in out
    assert list((tmp_path / "drop" / "gulfwire").iterdir()) == []  # no canary, no temp file
    shutil.rmtree(tmp_path / "drop" / "gulfwire")
    (tmp_path / "drop" / "gulfwire").write_text("blocked")
    assert run("partner", "-c", config, "test", "gulfwire") == 1
    assert "TransportError" in capsys.readouterr().out


def test_watch_picks_up_dropped_articles(tmp_path: Path) -> None:
    config = str(partner_file(tmp_path, "", PARTNERS))
    (tmp_path / "state").mkdir()
    inbox = tmp_path / "inbox"
    article(inbox, "dropped")
    article(inbox, "another")
    (inbox / ".partial.txt").write_text("being written")
    import os
    import time

    old = time.time() - 10  # settled: not changed for a while
    for path in inbox.glob("*.txt"):
        os.utime(path, (old, old))
    assert run("syndicate", "-c", config, "run", "--once", "--watch", str(inbox)) == 0
    assert len(visible_files(tmp_path / "drop" / "gulfwire")) == 2


def test_watch_strict_refuses_an_article_with_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os
    import time

    config = str(partner_file(tmp_path, "", PARTNERS))
    (tmp_path / "state").mkdir()
    inbox = tmp_path / "inbox"
    article(inbox, "clean")
    bad = article(inbox, "unsafe", 'A [link url="javascript:alert(1)"]bad link[/link] here.')
    old = time.time() - 10
    for path in inbox.glob("*.txt"):
        os.utime(path, (old, old))
    assert run("syndicate", "-c", config, "run", "--once", "--strict") == 2  # needs --watch
    capsys.readouterr()
    assert run("syndicate", "-c", config, "run", "--once", "--watch", str(inbox), "--strict") == 0
    err = capsys.readouterr().err
    assert f"{bad}:9:3: warning[unsafe-url]" in err
    assert f"newsconv: error: {bad}: not enqueued: 1 warning(s) or error(s) under --strict" in err
    assert len(visible_files(tmp_path / "drop" / "gulfwire")) == 1  # the clean one only


def test_help_needs_no_partner_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "absent.toml")
    for command in ("enqueue", "run", "status", "resend", "retry", "cancel"):
        assert run("syndicate", "-c", missing, command, "--help") == 0
        assert "Usage:" in capsys.readouterr().out
    assert run("partner", "-c", missing, "test", "--help") == 0
