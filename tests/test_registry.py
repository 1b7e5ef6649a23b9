"""The writer registry: entry points, lazy loading, third-party plugins, broken plugins."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsconv.cli import main
from newsconv.diagnostics import UnknownFormatError, WriterError
from newsconv.writers import registry

from .conftest import EXAMPLE

PLUGIN = textwrap.dedent(
    """
    from newsconv.model import inline_text, walk_blocks, Paragraph

    class ShoutWriter:
        name = "shout"
        description = "every paragraph in capitals"
        media_type = "text/plain"
        extension = "txt"
        binary = False

        def write(self, doc, options):
            paragraphs = [b for b in walk_blocks(doc.blocks) if isinstance(b, Paragraph)]
            return "\\n".join(inline_text(p.children).upper() for p in paragraphs) + "\\n"
    """
)


def install_plugin(root: Path, dist: str, entry: str, module: str | None) -> None:
    """Lay out an installed distribution (dist-info + module) under ``root``."""
    info = root / f"{dist}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[newsconv.writers]\n{entry}\n")
    if module is not None:
        (root / f"{dist.replace('-', '_')}.py").write_text(module)


@pytest.fixture
def plugin_path(tmp_path: Path) -> Iterator[Path]:
    sys.path.insert(0, str(tmp_path))
    registry.refresh()
    yield tmp_path
    sys.path.remove(str(tmp_path))
    for module in ("shout_plugin", "crash_plugin"):
        sys.modules.pop(module, None)
    registry.refresh()


def test_builtin_writers_come_from_entry_points() -> None:
    assert {"html", "json"} <= set(registry.names())
    assert registry.get("html").media_type == "text/html"


def test_unknown_writer() -> None:
    with pytest.raises(UnknownFormatError, match="available:"):
        registry.get("nope")


def test_writers_are_imported_lazily() -> None:
    code = (
        "import sys, newsconv.writers.registry as r; r.names();"
        "print('newsconv.writers.html' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"


def test_third_party_writer_is_listed_and_converts(
    plugin_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    install_plugin(plugin_path, "shout-plugin", "shout = shout_plugin:ShoutWriter", PLUGIN)
    registry.refresh()
    assert main(["formats"]) == 0
    listing = capsys.readouterr().out
    assert "shout" in listing and "shout-plugin" in listing
    target = tmp_path / "out.txt"
    assert main(["convert", str(EXAMPLE), "-t", "shout", "-o", str(target)]) == 0
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 9  # the example's paragraphs, the one in two columns included
    assert lines[0] == EXAMPLE.read_text(encoding="utf-8").splitlines()[0]


def test_broken_plugin_is_a_warning_naming_its_distribution(
    plugin_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    install_plugin(plugin_path, "broken-plugin", "broken = broken_plugin_missing:Writer", None)
    registry.refresh()
    assert main(["formats"]) == 0
    captured = capsys.readouterr()
    assert "html" in captured.out
    assert "broken" in captured.err and "broken-plugin" in captured.err
    with pytest.raises(WriterError, match="broken-plugin"):
        registry.get("broken")


def test_no_writer_imports_the_parser() -> None:
    """Writers depend on the model only: nothing under writers/ imports newsconv.markup."""
    writers = Path(__file__).resolve().parent.parent / "src" / "newsconv" / "writers"
    offenders = [
        str(path.relative_to(writers))
        for path in writers.rglob("*.py")
        if "from ..markup" in (text := path.read_text(encoding="utf-8"))
        or "from ...markup" in text
        or "newsconv.markup" in text
    ]
    assert offenders == []


BROKEN_AT_RUN_TIME = textwrap.dedent(
    """
    class CrashWriter:
        name = "crash"
        description = "fails on every document"
        media_type = "text/plain"
        extension = "txt"
        binary = False

        def write(self, doc, options):
            raise RuntimeError("boom")
    """
)


def test_a_crashing_writer_does_not_stop_the_batch(
    plugin_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    install_plugin(
        plugin_path, "crash-plugin", "crash = crash_plugin:CrashWriter", BROKEN_AT_RUN_TIME
    )
    registry.refresh()
    out_dir = tmp_path / "out"
    assert (
        main(["convert", str(EXAMPLE), "-t", "crash", "-t", "json", "--out-dir", str(out_dir)]) == 2
    )
    err = capsys.readouterr().err
    assert "internal error in the crash writer (RuntimeError: boom)" in err
    assert "Traceback" not in err
    assert [p.name for p in out_dir.iterdir()] == ["kazakhstan.json"]
