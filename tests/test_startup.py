"""The command line starts without importing what it does not need (speed is measured by
benchmarks/startup.py; this checks which modules load)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from newsconv.writers import registry

HEAVY = ("reportlab", "lxml", "fontTools", "ebooklib", "jsonschema", "newsconv.writers.pdf")
PROBE = """
import sys
from newsconv.cli import main
main({args!r})
print("\\n".join(sorted(sys.modules)), file=sys.stderr)
"""


def modules_after(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=list(args))],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(done.stderr.split())


def loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return [m for m in modules if m.split(".")[0] in names or m in names]


def test_help_imports_no_writer_no_rich_no_entry_points() -> None:
    modules = modules_after("--help")
    assert not loaded(modules, (*HEAVY, "rich", "importlib.metadata", "newsconv.model"))


def test_formats_imports_no_builtin_writer() -> None:
    modules = modules_after("formats")
    assert not loaded(modules, HEAVY)
    assert "newsconv.writers.html" not in modules


@pytest.mark.parametrize("name", registry.names())
def test_builtin_writer_table_matches_the_writers(name: str) -> None:
    [info] = [i for i in registry.describe(import_builtins=False)[0] if i.name == name]
    [real] = [i for i in registry.describe()[0] if i.name == name]
    assert info == real


@pytest.mark.parametrize("name", ["syndicate", "partner"])
def test_lazy_command_help_matches_the_command(name: str) -> None:
    import click

    from newsconv.cli import LAZY_COMMANDS, cli

    command = cli.get_command(click.Context(cli), name)
    assert command is not None
    assert (command.help or "").splitlines()[0] == LAZY_COMMANDS[name]
