"""End-to-end tests of the ``newsconv`` command: every command and exit code."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

import newsconv
from newsconv import output
from newsconv.cli import main

from .conftest import EXAMPLE

WARNING_INPUT = "[quote]\nAn unclosed quote with enough words to be a real paragraph of text.\n"
ERROR_INPUT = (
    "[meta]\ndate: yesterday\n[/meta]\nA paragraph of body text that is long enough to count.\n"
)


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def feed(data: str | bytes) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"))

    return feed


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_formats_lists_builtin_writers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["formats"]) == 0
    out = capsys.readouterr().out
    for name in ("html", "json"):
        assert name in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert "newsconv" in capsys.readouterr().out


def test_convert_to_html_file(tmp_path: Path) -> None:
    target = tmp_path / "out.html"
    assert main(["convert", str(EXAMPLE), "--to", "html", "-o", str(target)]) == 0
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="ar" dir="rtl">' in html
    assert "انقلاب فاشل" in html
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_convert_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(EXAMPLE), "-t", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["document"]["lang"] == "ar"


def test_convert_from_stdin(stdin, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    stdin("[meta]\nheadline: From stdin\n[/meta]\nBody text read from standard input today.\n")
    assert main(["convert", "-", "-t", "html", "-o", "-"]) == 0
    assert "<h1>From stdin</h1>" in capsys.readouterr().out


def test_batch_continues_after_a_failed_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path, "good.txt", "A good article with enough words in its only paragraph.\n")
    missing = tmp_path / "missing.txt"
    out_dir = tmp_path / "out"
    code = main(
        ["convert", str(missing), str(good), "-t", "html", "-t", "json", "--out-dir", str(out_dir)]
    )
    assert code == 2
    assert sorted(p.name for p in out_dir.iterdir()) == ["good.html", "good.json"]
    err = capsys.readouterr().err
    assert "missing.txt: cannot read" in err
    assert "Traceback" not in err


def test_strict_fails_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, "warn.txt", WARNING_INPUT)
    target = tmp_path / "warn.html"
    assert main(["convert", str(source), "-t", "html", "-o", str(target), "--strict"]) == 2
    assert not target.exists()
    assert "warn.txt:1:1: warning[unclosed-tag]" in capsys.readouterr().err


def test_lenient_converts_and_warns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path, "warn.txt", WARNING_INPUT)
    target = tmp_path / "warn.html"
    assert main(["convert", str(source), "-t", "html", "-o", str(target)]) == 0
    assert "<blockquote" in target.read_text(encoding="utf-8")
    assert "warning[unclosed-tag]" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "args", "expected"),
    [
        ("A clean paragraph that is long enough to be body text here.\n", [], 0),
        (WARNING_INPUT, [], 0),
        (WARNING_INPUT, ["--strict"], 1),
        (ERROR_INPUT, [], 2),
        (ERROR_INPUT, ["--strict"], 2),
    ],
)
def test_check_exit_codes(tmp_path: Path, text: str, args: list[str], expected: int) -> None:
    source = write(tmp_path, "in.txt", text)
    assert main(["check", str(source), *args]) == expected


def test_check_reports_file_line_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path, "bad.txt", ERROR_INPUT)
    main(["check", str(source)])
    assert f"{source}:2:7: error[meta-value]: date:" in capsys.readouterr().err


def test_check_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "/nonexistent/article.txt"]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_inspect_tree_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", str(EXAMPLE)]) == 0
    tree = capsys.readouterr().out
    assert tree.startswith("Document lang=ar dir=rtl")
    assert "Heading @2:1 inferred" in tree
    assert main(["inspect", "--json", str(EXAMPLE)]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["model_version"]
    assert payload["document"]["dir"] == "rtl"


def test_meta_options_override_the_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(
        tmp_path,
        "a.txt",
        "[meta]\nheadline: Old\nbyline: A\n[/meta]\nBody text of the article, long enough.\n",
    )
    meta_file = write(
        tmp_path, "meta.json", json.dumps({"headline": "From file", "keywords": ["x", "y"]})
    )
    args = ["inspect", "--json", str(source), "--meta", "byline=B"]
    assert main(args) == 0
    meta = json.loads(capsys.readouterr().out)["document"]["meta"]
    assert (meta["headline"], meta["byline"]) == ("Old", "B")
    target = tmp_path / "a.json"
    code = main(
        [
            "convert",
            str(source),
            "-t",
            "json",
            "-o",
            str(target),
            "--meta-file",
            str(meta_file),
            "--meta",
            "byline=C",
        ]
    )
    assert code == 0
    meta = json.loads(target.read_text(encoding="utf-8"))["document"]["meta"]
    assert (meta["headline"], meta["byline"], meta["keywords"]) == ("From file", "C", ["x", "y"])


def test_bad_meta_option_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(EXAMPLE), "-t", "json", "--meta", "date=tomorrow"]) == 2
    err = capsys.readouterr().err
    assert "metadata 'date'" in err and "ISO 8601" in err
    assert main(["convert", str(EXAMPLE), "-t", "json", "--meta", "novalue"]) == 2


def test_unknown_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(EXAMPLE), "-t", "docx"]) == 2
    assert "unknown output format 'docx'" in capsys.readouterr().err


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert main(["convert", str(EXAMPLE), str(EXAMPLE), "-t", "html"]) == 2
    assert (
        main(["convert", str(EXAMPLE), "-t", "html", "-t", "json", "-o", str(tmp_path / "x")]) == 2
    )
    assert main(["convert", str(EXAMPLE), "-t", "html", "-o", "a", "--out-dir", "b"]) == 2
    assert main(["nosuchcommand"]) == 2


def test_unwritable_output_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = write(tmp_path, "file", "x")
    assert main(["convert", str(EXAMPLE), "-t", "html", "-o", str(blocker / "out.html")]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_failed_write_leaves_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = write(tmp_path, "out.html", "previous")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "replace", broken_replace)
    assert main(["convert", str(EXAMPLE), "-t", "html", "-o", str(target)]) == 2
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.html"]


def test_console_script_never_prints_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 [quote]\n\x00\n")
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    cases = (
        (["convert", str(bad), "-t", "html", "--strict"], 2),
        (["check", "--strict", str(bad)], 1),
        (["inspect", str(tmp_path)], 2),
    )
    for args, expected in cases:
        run = subprocess.run(
            [sys.executable, "-m", "newsconv", *args], capture_output=True, text=True, env=env
        )
        assert run.returncode == expected, run.stderr
        assert "Traceback" not in run.stderr
        assert "bad.txt" in run.stderr or str(tmp_path) in run.stderr


def test_formats_sharing_an_extension_get_distinct_names(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    args = [
        "convert",
        str(EXAMPLE),
        "-t",
        "newsml",
        "-t",
        "newsml-message",
        "-t",
        "json",
        "-t",
        "ninjs",
    ]
    assert main([*args, "--out-dir", str(out_dir)]) == 0
    names = sorted(p.name for p in out_dir.iterdir())
    assert names == [
        "kazakhstan.json",
        "kazakhstan.newsml-message.xml",
        "kazakhstan.newsml.xml",
        "kazakhstan.ninjs.json",
    ]


def test_validate_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    item = tmp_path / "item.xml"
    ninjs = tmp_path / "item.json"
    assert main(["convert", str(EXAMPLE), "-t", "newsml", "-o", str(item)]) == 0
    assert main(["convert", str(EXAMPLE), "-t", "ninjs", "-o", str(ninjs)]) == 0
    assert main(["validate", str(item), str(ninjs)]) == 0
    assert capsys.readouterr().out.count(": valid") == 2
    broken = tmp_path / "broken.xml"
    broken.write_text(
        item.read_text(encoding="utf-8").replace("<itemMeta>", "<itemMeta><bogus/>", 1)
    )
    assert main(["validate", str(broken)]) == 2
    assert "bogus" in capsys.readouterr().err


def test_format_follows_the_output_extension(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    assert main(["convert", str(EXAMPLE), "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["convert", str(EXAMPLE), "-o", str(tmp_path / "page.docx")]) == 2
    assert main(["convert", str(EXAMPLE)]) == 2


def test_a_folder_input_stands_for_its_text_files(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("b.txt", "a.txt"):
        write(folder, name, "A paragraph of body text that is long enough to count here.\n")
    write(folder, "notes.md", "not an article")
    out_dir = tmp_path / "out"
    assert main(["convert", str(folder), "-t", "json", "--out-dir", str(out_dir)]) == 0
    assert sorted(p.name for p in out_dir.iterdir()) == ["a.json", "b.json"]
    assert main(["check", str(folder)]) == 0


def test_inputs_with_the_same_name_do_not_overwrite_each_other(tmp_path: Path) -> None:
    for folder in ("ar", "fa"):
        (tmp_path / folder).mkdir()
        write(
            tmp_path / folder,
            "001.txt",
            f"Article from {folder}, long enough to be body text here.\n",
        )
    out_dir = tmp_path / "out"
    args = [
        "convert",
        str(tmp_path / "ar"),
        str(tmp_path / "fa"),
        "-t",
        "json",
        "--out-dir",
        str(out_dir),
    ]
    assert main(args) == 0
    assert sorted(p.name for p in out_dir.iterdir()) == ["ar-001.json", "fa-001.json"]
    assert "from fa" in (out_dir / "fa-001.json").read_text(encoding="utf-8")


def test_parallel_batch_writes_the_same_files(tmp_path: Path) -> None:
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    args = ["convert", str(EXAMPLE.parent), "-t", "json", "-t", "html", "-t", "newsml"]
    assert main([*args, "--out-dir", str(serial)]) == 0
    assert main([*args, "--out-dir", str(parallel), "--jobs", "2"]) == 0
    names = sorted(p.name for p in serial.iterdir())
    assert names == sorted(p.name for p in parallel.iterdir()) and len(names) == 9
    assert all((serial / n).read_bytes() == (parallel / n).read_bytes() for n in names)


def test_parallel_batch_reports_failures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path, "good.txt", "A good article with enough words in its only paragraph.\n")
    code = main(
        [
            "convert",
            str(good),
            str(tmp_path / "gone.txt"),
            "-t",
            "json",
            "--out-dir",
            str(tmp_path / "o"),
            "-j",
            "2",
        ]
    )
    assert code == 2
    assert "gone.txt" in capsys.readouterr().err
    assert (tmp_path / "o" / "good.json").exists()


def _guid_of(path: Path) -> str | None:
    return etree.fromstring(path.read_bytes()).get("guid")


def test_guid_is_the_same_from_any_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = "[meta]\ndate: 2024-05-06\nprovider: example.com\n[/meta]\nA body of words.\n"
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder, "kazakhstan.txt", article)
    monkeypatch.chdir(tmp_path)
    assert main(["convert", "in/kazakhstan.txt", "-t", "newsml", "-o", "a.xml"]) == 0
    monkeypatch.chdir(folder)
    assert main(["convert", "kazakhstan.txt", "-t", "newsml", "-o", "../b.xml"]) == 0
    guids = {_guid_of(tmp_path / "a.xml"), _guid_of(tmp_path / "b.xml")}
    assert guids == {"urn:newsml:example.com:20240506:kazakhstan"}


def test_stdin_without_identity_warns_that_the_guid_is_not_stable(  # type: ignore[no-untyped-def]
    stdin, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin("A first article read from standard input, with no metadata at all.\n")
    assert main(["convert", "-", "-t", "ninjs", "-o", "-"]) == 0
    captured = capsys.readouterr()
    assert "<stdin>:0:0: warning[unstable-guid]" in captured.err
    stdin("A first article read from standard input, with no metadata at all.\n")
    assert main(["convert", "-", "-t", "ninjs", "-o", "-", "--strict"]) == 2
    assert "warnings are errors under --strict" in capsys.readouterr().err


def test_two_headline_less_articles_from_stdin_get_different_guids() -> None:
    guids = []
    for text in ("One article about rain.\n", "Another article about snow.\n"):
        doc = newsconv.parse(text, source="<stdin>")
        guids.append(json.loads(newsconv.convert(doc, "ninjs"))["uri"])
    assert guids[0] != guids[1]


def test_writer_diagnostics_reach_the_user_from_worker_processes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = write(tmp_path, "one.txt", "Before\nA word 民 in Chinese.\n")
    second = write(tmp_path, "two.txt", "Another article, without any problem at all.\n")
    out_dir = str(tmp_path / "out")
    code = main(["convert", str(first), str(second), "-t", "pdf", "--out-dir", out_dir, "-j", "2"])
    assert code == 0
    assert f"{first}:2:8: warning[missing-glyph]" in capsys.readouterr().err


def test_news_message_warns_about_two_articles_with_one_guid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "ar").mkdir()
    (tmp_path / "fa").mkdir()
    one = write(tmp_path / "ar", "001.txt", "An article from the first folder, with words.\n")
    two = write(tmp_path / "fa", "001.txt", "Another article from the second folder.\n")
    out = tmp_path / "feed.xml"
    assert main(["convert", str(one), str(two), "-t", "newsml-message", "-o", str(out)]) == 0
    assert f"{two}:0:0: warning[duplicate-guid]" in capsys.readouterr().err
