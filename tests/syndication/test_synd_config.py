"""The partner file: profiles load, and every mistake names the file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsconv.cli import main
from newsconv.syndication import PartnerFileError, load_config
from newsconv.syndication.names import NameTemplateError, render_name
from newsconv.syndication.tomlpos import line_of

GOOD = """\
[ledger]
path = "syndication.db"

[partners.gulfwire]
formats = ["newsml", "ninjs"]
transport = { kind = "directory", path = "drop/gulfwire" }
options = { newsml = { body = "nitf" } }
filters = { languages = ["ar"], urgency = 3 }
ordered = true

[partners.archive]
active = false
formats = ["newsml-message"]
name = "{seq}-{slug}.{ext}"
transport = { kind = "directory", path = "drop/archive" }

[partners.archive.retry]
max_attempts = 3
backoff = 0.5
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "partners.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_loads_profiles(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    gulf, archive = config.partners["gulfwire"], config.partners["archive"]
    assert gulf.formats == ("newsml", "ninjs") and gulf.ordered
    assert gulf.options == {"newsml": {"body": "nitf"}}
    assert gulf.filters.languages == ("ar",) and gulf.filters.urgency == 3
    assert not archive.active and archive.retry.max_attempts == 3
    assert archive.retry.backoff == 0.5 and archive.name_template == "{seq}-{slug}.{ext}"
    assert config.ledger.url == f"sqlite:///{(tmp_path / 'syndication.db').resolve()}"


BAD = [
    ('formats = ["newsml", "newsmll"]', 5, "partners.gulfwire.formats", "unknown format"),
    ('colour = "red"', 9, "partners.gulfwire.colour", "unknown key"),
    ('name = "../{guid}.{ext}"', 9, "partners.gulfwire.name", "may not contain '/'"),
    ('name = "{guid}/{ext}"', 9, "partners.gulfwire.name", "may not contain '/'"),
    ('name = "{path}.{ext}"', 9, "partners.gulfwire.name", "unknown field {path}"),
    ('name = "fixed.xml"', 9, "partners.gulfwire.name", "needs {guid} or {seq}"),
    ("supersede = 1", 9, "partners.gulfwire.supersede", "true or false"),
]


@pytest.mark.parametrize(("line", "number", "key", "message"), BAD)
def test_bad_key_names_file_line_and_key(
    tmp_path: Path, line: str, number: int, key: str, message: str
) -> None:
    lines = GOOD.splitlines()
    if line.startswith("formats"):
        lines[4] = line
    else:
        lines.insert(8, line)
    path = write(tmp_path, "\n".join(lines) + "\n")
    with pytest.raises(PartnerFileError) as caught:
        load_config(path)
    text = str(caught.value)
    assert text.startswith(f"{path.resolve()}:{number}: error: {key}: "), text
    assert message in text


TRANSPORT_BAD = [
    ('{ kind = "directory" }', "partners.x.transport.path", "needs 'path'"),
    ('{ kind = "directory", path = "d", mode = 1 }', "partners.x.transport.mode", "unknown key"),
    ('{ kind = "pigeon" }', "partners.x.transport.kind", "unknown transport kind"),
    ('{ kind = "directory", path = "d", password = "x" }', "partners.x.transport.password",
     "by reference only"),
]  # fmt: skip


@pytest.mark.parametrize(("table", "key", "message"), TRANSPORT_BAD)
def test_bad_transport_is_located(tmp_path: Path, table: str, key: str, message: str) -> None:
    text = f'[ledger]\npath = "l.db"\n\n[partners.x]\nformats = ["ninjs"]\ntransport = {table}\n'
    with pytest.raises(PartnerFileError) as caught:
        load_config(write(tmp_path, text))
    assert f":6: error: {key}: " in str(caught.value) and message in str(caught.value)


def test_retry_table_error_points_into_subtable(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("max_attempts = 3", "max_attempts = 0"))
    with pytest.raises(
        PartnerFileError, match=r":18: error: partners\.archive\.retry\.max_attempts: "
    ):
        load_config(path)


def test_toml_syntax_error_has_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("ordered = true", "ordered = "))
    with pytest.raises(PartnerFileError, match=r":9: error: not valid TOML"):
        load_config(path)


def test_ledger_url_with_password_is_refused(tmp_path: Path) -> None:
    text = '[ledger]\nurl = "postgresql://u:hunter2@db/ledger"\n'
    with pytest.raises(PartnerFileError, match=r":2: error: ledger\.url: no password") as caught:
        load_config(write(tmp_path, text))
    assert "hunter2" not in str(caught.value)


def test_partner_check_command_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path, GOOD)
    assert main(["partner", "-c", str(good), "check"]) == 0
    bad = write(tmp_path, GOOD.replace('"ninjs"]', '"ninjs", "tiff"]'))
    assert main(["partner", "-c", str(bad), "check"]) == 2
    err = capsys.readouterr().err
    assert f"{bad.resolve()}:5: error: partners.gulfwire.formats: unknown format 'tiff'" in err
    assert "Traceback" not in err


def test_line_of_finds_inline_and_dotted_keys() -> None:
    source = 'a = 1\n[p.x]\nt = { kind = "d", sub = { k = 2 } }\n"q.r".s = 3\n'
    assert line_of(source, ("p", "x", "t", "kind")) == 3
    assert line_of(source, ("p", "x", "t", "sub", "k")) == 3
    assert line_of(source, ("p", "x", "q.r", "s")) == 4
    assert line_of(source, ("p", "x", "missing")) == 2
    assert line_of(source, ("zzz",)) == 1


@pytest.mark.parametrize("guid", ["../../etc/passwd", "a/b\\c", "..", "\x00x", "~/.ssh/x"])
def test_rendered_names_never_leave_the_folder(guid: str) -> None:
    name = render_name("{guid}.{ext}", {"guid": guid, "ext": "xml"})
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert name not in ("..", ".")


def test_overlong_name_is_refused() -> None:
    with pytest.raises(NameTemplateError, match="longer than"):
        render_name("{guid}", {"guid": "x" * 300})
