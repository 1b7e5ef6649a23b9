"""The command line misused: empty folders, closed streams, console markup in names."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newsconv.cli import main

from .harness import no_traceback, run_cli

ARTICLE = "A short article with enough words in its only paragraph to count as text.\n"


def test_folder_without_articles_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.md").write_text("not an article")
    assert main(["convert", str(tmp_path), "-t", "html", "--out-dir", str(tmp_path / "o")]) == 2
    assert "holds no *.txt file" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_check_on_a_folder_without_articles_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "holds no *.txt file" in err and "checked 0" not in err


def test_closed_stdin_is_reported(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "newsconv", "convert", "-", "-t", "html"],
        stdin=None,
        capture_output=True,
        check=False,
        cwd=tmp_path,
        preexec_fn=lambda: __import__("os").close(0),
    )
    no_traceback(result)
    assert result.returncode == 2
    assert b"standard input is closed" in result.stderr


def test_stdout_closed_by_its_reader_is_an_error(tmp_path: Path) -> None:
    """What ``newsconv convert a.txt -t html | head -c 10`` does once head has exited."""
    (tmp_path / "a.txt").write_text(ARTICLE * 200, encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, "-m", "newsconv", "convert", "a.txt", "-t", "html"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # the reader is gone before anything is written
    stderr = child.stderr.read().decode()
    child.stderr.close()
    assert child.wait(timeout=120) == 2, stderr
    assert "standard output was closed" in stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr


def test_stdout_closed_from_the_start(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "newsconv", "convert", "a.txt", "-t", "html"],
        capture_output=False,
        stderr=subprocess.PIPE,
        check=False,
        cwd=tmp_path,
        preexec_fn=lambda: __import__("os").close(1),
    )
    no_traceback(result)
    assert result.returncode == 2
    assert b"standard output was closed" in result.stderr


MARKUP_NAMES = ["in[/x].txt", "[bold]a[/bold].txt", "[link=x]y.txt", ":smile: [red].txt"]
"""Input names rich would read as console markup (a ``/`` makes a folder on the way)."""


@pytest.mark.parametrize("name", MARKUP_NAMES)
def test_console_markup_in_file_names_is_printed_as_is(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x00")  # a document with no text: fails in strict mode
    result = run_cli(["convert", name, "-t", "html", "--strict", "--out-dir", "o"], tmp_path)
    no_traceback(result)
    assert result.returncode == 2
    assert f"error: {name}: parse failed" in result.stderr.decode()


def test_console_markup_in_option_values_is_printed_as_is(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = run_cli(
        ["convert", "a.txt", "-t", "pdf", "-O", "page-size=[/x]", "--out-dir", "o"], tmp_path
    )
    no_traceback(result)
    assert result.returncode == 2
    assert "[/x]" in result.stderr.decode()
