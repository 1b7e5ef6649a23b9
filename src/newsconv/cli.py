"""The ``newsconv`` command: a thin layer that reads files, calls the library, writes atomically.

Exit codes: 0 success; 1 warnings under ``--strict`` (``check``); 2 errors or failed inputs;
usage errors also exit 2.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .diagnostics import NewsconvError, ParseError
from .version import __version__
from .writers import registry

if TYPE_CHECKING:  # the rest is imported by the commands that need it: --help stays fast
    from rich.console import Console

    from .batch.job import Outcome
    from .writers.options import WriterOption

log = logging.getLogger("newsconv")

EXIT_OK, EXIT_WARNINGS, EXIT_ERRORS = 0, 1, 2


def _err() -> Console:
    """The console for messages on standard error (rich is imported on first use)."""
    from .batch.job import err

    return err


def parse_meta_pairs(pairs: Sequence[str], meta_file: str | None) -> dict[str, str]:
    """``--meta-file`` values, then ``--meta key=value`` pairs on top (later wins)."""
    values: dict[str, str] = _read_meta_file(meta_file) if meta_file else {}
    values.update(key_value_pairs(pairs, "--meta"))
    return values


def key_value_pairs(pairs: Sequence[str], option: str) -> dict[str, str]:
    """``key=value`` arguments of ``option`` as a mapping (a later key wins)."""
    values: dict[str, str] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals or not key.strip():
            raise click.BadParameter(f"{pair!r} is not key=value", param_hint=option)
        values[key.strip()] = value
    return values


def _read_meta_file(name: str) -> dict[str, str]:
    try:
        from .batch.job import read_input

        data = json.loads(read_input(name).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise click.BadParameter(
            f"{name}: not valid JSON: {exc}", param_hint="--meta-file"
        ) from None
    if not isinstance(data, dict):
        raise click.BadParameter(f"{name}: must hold a JSON object", param_hint="--meta-file")
    return {
        str(k): ",".join(map(str, v)) if isinstance(v, list) else str(v) for k, v in data.items()
    }


def parse_options(pairs: Sequence[str]) -> dict[str, str]:
    """Writer options from ``-O key=value``."""
    return key_value_pairs(pairs, "-O/--option")


def check_writer_options(names: Sequence[str], extra: dict[str, str]) -> None:
    """A usage error for a ``-O`` key none of the chosen writers reads, or a bad value."""
    from .writers import options as writer_options

    try:
        writer_options.check({name: registry.get(name) for name in names}, extra)
    except writer_options.OptionError as exc:
        raise click.UsageError(str(exc)) from None


if TYPE_CHECKING:
    _ParamType = click.ParamType[str]
else:  # click before 8.2 has no type parameter
    _ParamType = click.ParamType


class DeclaredValue(_ParamType):
    """A shortcut flag for one writer option (``--page-size``), checked against the writer's
    own declaration, so the flag and ``-O`` accept the same values."""

    name = "value"

    def __init__(self, writer: str, key: str) -> None:
        self.writer = writer
        self.key = key

    def declaration(self) -> WriterOption:
        from .writers import options as writer_options

        option = writer_options.find(registry.get(self.writer), self.key)
        if option is None:
            raise click.UsageError(f"the {self.writer} writer has no option {self.key!r}")
        return option

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> str:
        text = str(value)
        problem = self.declaration().problem(text)
        if problem is not None:
            self.fail(f"{text!r} is not valid: expected {problem}", param, ctx)
        return text.strip().lower() if self.declaration().choices else text.strip()

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str | None:
        return "[" + self.declaration().describe_type() + "]"


SHORTCUTS = {"page_size": ("pdf", "page-size"), "body": ("newsml", "body")}
"""Flags that stand for a writer option: parameter name -> (writer, option key)."""


def expand_inputs(inputs: Sequence[str]) -> tuple[str, ...]:
    """Input names with each folder replaced by the ``*.txt`` files in it, sorted."""
    expanded: list[str] = []
    for name in inputs:
        folder = Path(name)
        if name != "-" and folder.is_dir():
            found = sorted(path for path in folder.glob("*.txt") if path.is_file())
            if not found:
                raise click.UsageError(f"{name}: the folder holds no *.txt file")
            expanded.extend(str(path) for path in found)
        else:
            expanded.append(name)
    return tuple(expanded)


def resolve_formats(names: Sequence[str]) -> list[str]:
    """Format names, with ``all`` standing for every registered writer."""
    chosen: list[str] = []
    for name in names:
        for item in _loadable_formats() if name == "all" else [name]:
            if item not in chosen:
                chosen.append(item)
    return chosen


OUTPUT_EXTENSIONS = {
    "html": "html",
    "htm": "html",
    "pdf": "pdf",
    "epub": "epub",
    "xml": "newsml",
    "json": "json",
}


def format_for_output(output: str | None) -> str:
    """The format an output file name implies, for ``-o`` without ``--to``."""
    extension = Path(output).suffix.lower().lstrip(".") if output and output != "-" else ""
    if extension not in OUTPUT_EXTENSIONS:
        raise click.UsageError("give the output format with -t/--to")
    return OUTPUT_EXTENSIONS[extension]


def _loadable_formats() -> list[str]:
    """Every writer that loads; the broken ones are reported and left out."""
    infos, broken = registry.describe()
    for bad in broken:
        say("warning", "yellow", f"{bad.error}; left out of 'all'")
    return [info.name for info in infos]


def say(label: str, style: str, message: str) -> None:
    """``label: message`` on standard error, the label styled; nothing is read as markup."""
    from rich.text import Text

    _err().print(Text.assemble((label, style), ": ", message))


# ----------------------------------------------------------------------------- commands


class OutputClosedError(NewsconvError):
    """Standard output was closed (``| head``) before everything was written."""


LAZY_COMMANDS = {
    "syndicate": "Deliver article versions to partner wire feeds, each exactly once.",
    "partner": "Check the partner file, or test a partner's transport.",
}
"""Commands of ``newsconv.syndication.cli``, imported only when one of them runs."""


class _Commands(click.Group):
    """The command group; a closed standard output ends any command with a clear error, and
    the syndication commands load on first use (``--help`` lists them without importing)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS:
            from .syndication import cli as syndication_cli

            command: click.Command = getattr(syndication_cli, cmd_name)
            return command
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            if name in LAZY_COMMANDS:
                rows.append((name, LAZY_COMMANDS[name]))
                continue
            command = super().get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(formatter.width - 6 - len(name))))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise OutputClosedError(
                "standard output was closed before all output was written"
            ) from None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsconv")
@click.option(
    "-v", "--verbose", is_flag=True, help="Also print informational diagnostics and logs."
)
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """Convert news articles in newsconv markup to NewsML-G2, EPUB 3, PDF, HTML and more."""
    ctx.ensure_object(dict)
    ctx.obj["verbose"] = verbose
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="newsconv: %(levelname)s: %(message)s",
        stream=sys.stderr,
    )


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-t",
    "--to",
    "formats",
    multiple=True,
    help="Output format (repeatable); 'all' for every format. See 'newsconv formats'."
    " Without it, the format follows the extension of -o (.html, .pdf, .epub, .xml, .json).",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Output file; '-' for stdout."
)
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False),
    help="Folder for one output per input and format.",
)
@click.option(
    "--meta", "meta_pairs", multiple=True, metavar="KEY=VALUE", help="Set metadata (repeatable)."
)
@click.option("--meta-file", type=click.Path(dir_okay=False), help="Metadata from a JSON object.")
@click.option(
    "-O",
    "--option",
    "option_pairs",
    multiple=True,
    metavar="KEY=VALUE",
    help="Writer option (repeatable), e.g. -O body=nitf.",
)
@click.option("--title", help="Title of a combined output (digest, news message).")
@click.option("--digest", is_flag=True, help="Put all inputs into one output (needs -o).")
@click.option(
    "--page-size", type=DeclaredValue(*SHORTCUTS["page_size"]), help="PDF: -O page-size=…"
)
@click.option("--body", type=DeclaredValue(*SHORTCUTS["body"]), help="NewsML-G2: -O body=…")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--no-infer", is_flag=True, help="Do not infer headline, sub-headings or related list."
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 1024),
    default=1,
    show_default=True,
    help="Worker processes for a batch written with --out-dir (local Dask workers too).",
)
@click.option(
    "--executor",
    "executor_kind",
    type=click.Choice(["process", "dask"]),
    default="process",
    show_default=True,
    help="Where a --out-dir batch runs: local processes, or Dask (needs newsconv[dask]).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Run the batch on the Dask cluster at ADDRESS, e.g. tcp://host:8786.",
)
@click.option(
    "--incremental",
    is_flag=True,
    help="Keep a manifest in --out-dir and convert only inputs, formats or options that changed.",
)
@click.option("--force", is_flag=True, help="With --incremental: convert everything again.")
@click.pass_context
def convert(
    ctx: click.Context,
    inputs: tuple[str, ...],
    formats: tuple[str, ...],
    output: str | None,
    out_dir: str | None,
    meta_pairs: tuple[str, ...],
    meta_file: str | None,
    option_pairs: tuple[str, ...],
    title: str | None,
    digest: bool,
    page_size: str | None,
    body: str | None,
    strict: bool,
    no_infer: bool,
    jobs: int,
    executor_kind: str,
    scheduler: str | None,
    incremental: bool,
    force: bool,
) -> int:
    """Convert INPUTS (files, folders of *.txt files, '-' for stdin) to one or more formats."""
    inputs = expand_inputs(inputs)
    names = resolve_formats(formats or [format_for_output(output)])
    for name in names:
        registry.get(name)  # unknown or broken formats fail before any work
    if output and out_dir:
        raise click.UsageError("give either -o/--output or --out-dir, not both")
    if output and len(names) > 1:
        raise click.UsageError("-o/--output takes one format; use --out-dir for several")
    combine = digest or (output is not None and len(inputs) > 1)
    if combine and not output:
        raise click.UsageError("--digest needs -o/--output")
    if not output and not out_dir and (len(inputs) > 1 or len(names) > 1):
        raise click.UsageError("several outputs need --out-dir")
    extra = parse_options(option_pairs)
    shortcuts = {"page_size": page_size, "body": body}
    extra.update({SHORTCUTS[flag][1]: value for flag, value in shortcuts.items() if value})
    check_writer_options(names, extra)
    meta = parse_meta_pairs(meta_pairs, meta_file)
    verbose = bool(ctx.obj.get("verbose"))
    if out_dir and not combine and "-" not in inputs:
        from .batch.command import run_batch
        from .batch.records import ConvertOptions

        options = ConvertOptions(strict, not no_infer, meta, title, extra)
        return run_batch(
            inputs,
            names,
            out_dir,
            options,
            console=_err(),
            jobs=jobs,
            executor=executor_kind,
            scheduler=scheduler,
            incremental=incremental,
            force=force,
            verbose=verbose,
        )
    from .batch.command import sigterm_interrupts
    from .batch.job import ConvertJob
    from .batch.plan import refuse_output_file_as_input

    if output and output != "-":
        refuse_output_file_as_input(inputs, output)
    job = ConvertJob(names, extra, title, strict, not no_infer, meta, verbose)
    with sigterm_interrupts():  # stops like Ctrl-C: exit 2, no partial file
        outcome = (
            job.run_combined(inputs, output) if combine else job.run_each(inputs, output, out_dir)
        )
    return _report(outcome)


def _report(outcome: Outcome) -> int:
    err = _err()
    for name, reason in outcome.failed:
        say("failed", "red", f"{name}: {reason}")
    if outcome.written:
        err.print(
            f"wrote {len(outcome.written)} file(s)"
            + (f"; {len(outcome.failed)} failed" if outcome.failed else "")
        )
    return EXIT_ERRORS if outcome.failed else EXIT_OK


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--strict", is_flag=True, help="Exit 1 when there are warnings.")
@click.option("--no-infer", is_flag=True, help="Do not infer structure.")
@click.pass_context
def check(ctx: click.Context, inputs: tuple[str, ...], strict: bool, no_infer: bool) -> int:
    """Print the diagnostics of INPUTS: exit 0 clean, 1 warnings (--strict), 2 errors."""
    from .batch.job import InputError, load_document
    from .diagnostics import Diagnostic, Severity, worst

    verbose = bool(ctx.obj.get("verbose"))
    inputs = expand_inputs(inputs)
    found: list[Diagnostic] = []
    unreadable = False
    for name in inputs:
        try:
            found.extend(load_document(name, False, not no_infer, {}, verbose).diagnostics)
        except InputError as exc:
            click.echo(f"newsconv: error: {exc}", err=True)
            unreadable = True
    level = worst(found)
    counts = {severity: sum(d.severity is severity for d in found) for severity in Severity}
    _err().print(
        f"checked {len(inputs)} file(s): {counts[Severity.ERROR]} error(s),"
        f" {counts[Severity.WARNING]} warning(s)"
    )
    if unreadable:
        return EXIT_ERRORS
    if level is Severity.ERROR:
        return EXIT_ERRORS
    if level is Severity.WARNING and strict:
        return EXIT_WARNINGS
    return EXIT_OK


@cli.command()
@click.argument("input_name", metavar="INPUT")
@click.option("--json", "as_json", is_flag=True, help="The model as JSON with its model version.")
@click.option("--no-infer", is_flag=True, help="Do not infer structure.")
@click.option("--meta", "meta_pairs", multiple=True, metavar="KEY=VALUE", help="Set metadata.")
@click.option("--explain", is_flag=True, help="Each line's role and the rule that decided it.")
@click.pass_context
def inspect(
    ctx: click.Context,
    input_name: str,
    as_json: bool,
    no_infer: bool,
    meta_pairs: tuple[str, ...],
    explain: bool,
) -> int:
    """Show the document tree of INPUT (or its JSON model, or why each line got its role)."""
    from .api import explain as explain_roles
    from .batch.job import load_document, read_input
    from .dump import tree
    from .serialize import dumps

    meta = parse_meta_pairs(meta_pairs, None)
    if explain:
        source = "<stdin>" if input_name == "-" else input_name
        data = read_input(input_name)
        click.echo(explain_roles(data, source=source, infer=not no_infer, meta=meta), nl=False)
        return EXIT_OK
    result = load_document(input_name, False, not no_infer, meta, bool(ctx.obj.get("verbose")))
    click.echo(dumps(result.document) if as_json else tree(result.document), nl=False)
    return EXIT_OK


@cli.command()
@click.option("--options", "with_options", is_flag=True, help="List each writer's -O options.")
def formats(with_options: bool) -> int:
    """List the output formats (built-in and installed plugins)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    if with_options:
        return _list_options()
    infos, broken = registry.describe(import_builtins=False)
    table = Table(title="newsconv output formats", show_lines=False)
    for column in ("format", "extension", "media type", "kind", "description", "from"):
        table.add_column(column)
    for info in infos:
        kind = ("bytes" if info.binary else "text") + (", many→one" if info.multi else "")
        cells = (info.name, info.extension, info.media_type, kind, info.description)
        table.add_row(*(Text(cell) for cell in (*cells, info.distribution)))
    Console(width=160, highlight=False, markup=False, emoji=False).print(table)
    for bad in broken:
        say("warning", "yellow", bad.error)
    return EXIT_OK


def _list_options() -> int:
    from rich.console import Console
    from rich.table import Table

    from .writers import options as writer_options

    infos, _broken = registry.describe()
    table = Table(title="newsconv writer options (-O key=value)", show_lines=False)
    for column in ("format", "option", "type", "default", "description"):
        table.add_column(column)
    writers = [(info.name, registry.get(info.name)) for info in infos]
    for name, option in writer_options.listing(writers):
        table.add_row(name, option.name, option.describe_type(), option.default, option.help)
    Console(width=160, highlight=False, markup=False, emoji=False).print(table)
    return EXIT_OK


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def validate(files: tuple[str, ...]) -> int:
    """Validate produced FILES offline: .xml as NewsML-G2, .json as ninjs, .epub with EPUBCheck."""
    from .checkfiles import validate_file

    failed = 0
    for name in files:
        problems = validate_file(Path(name))
        for problem in problems:
            click.echo(f"{name}: {problem}", err=True)
        if problems:
            failed += 1
        else:
            click.echo(f"{name}: valid")
    if failed:
        _err().print(f"{failed} of {len(files)} file(s) invalid")
    return EXIT_ERRORS if failed else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code instead of raising (tests call this)."""
    try:
        result = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="newsconv",
            standalone_mode=False,
        )
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except OutputClosedError as exc:
        _silence_stdout()
        click.echo(f"newsconv: error: {exc}", err=True)
        return EXIT_ERRORS
    except click.ClickException as exc:
        exc.show()
        return EXIT_ERRORS
    except click.Abort:
        click.echo("newsconv: aborted", err=True)
        return EXIT_ERRORS
    except ParseError:
        return EXIT_ERRORS
    except NewsconvError as exc:
        click.echo(f"newsconv: error: {exc}", err=True)
        return EXIT_ERRORS
    return int(result) if isinstance(result, int) else EXIT_OK


def _silence_stdout() -> None:
    """Point a closed standard output at the null device, so that flushing it at exit does
    not fail a second time (only when it is the process's own standard output)."""
    stdout = sys.stdout
    if stdout is None or stdout is not sys.__stdout__:
        return
    assert stdout is not None
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
