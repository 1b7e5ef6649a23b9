"""The ``newsconv`` command: a thin layer that reads files, calls the library, writes atomically.

Exit codes: 0 success; 1 warnings under ``--strict`` (``check``); 2 errors or failed inputs;
usage errors also exit 2.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import click
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from . import __version__
from .api import ParseResult, parse_with_diagnostics
from .diagnostics import Diagnostic, MetadataError, NewsconvError, ParseError, Severity, worst
from .dump import tree
from .model import Document
from .output import write_atomic
from .resources import folder_loader
from .serialize import dumps
from .writers import registry
from .writers.base import MultiWriter, Writer, WriterOptions

log = logging.getLogger("newsconv")
err = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_OK, EXIT_WARNINGS, EXIT_ERRORS = 0, 1, 2


@dataclass
class Outcome:
    """What one command did: files written and inputs that failed, with why."""

    written: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


class InputError(NewsconvError):
    """An input file could not be read."""


# ----------------------------------------------------------------------------- helpers


def read_input(name: str) -> bytes:
    """The bytes of an input file, or of standard input for ``-``."""
    if name == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(name).read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None


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


def print_diagnostics(diagnostics: Sequence[Diagnostic], show_info: bool = False) -> None:
    """Diagnostics to standard error, one ``file:line:col: severity[code]: message`` a line."""
    for diagnostic in diagnostics:
        if diagnostic.severity >= Severity.WARNING or show_info:
            click.echo(str(diagnostic), err=True)


def load_document(
    name: str, strict: bool, infer: bool, meta: dict[str, str], verbose: bool = False
) -> ParseResult:
    """Read and parse one input, printing its diagnostics."""
    data = read_input(name)
    source = "<stdin>" if name == "-" else name
    try:
        result = parse_with_diagnostics(data, source=source, strict=strict, infer=infer, meta=meta)
    except ParseError as exc:
        print_diagnostics(exc.diagnostics, verbose)
        raise
    print_diagnostics(result.diagnostics, verbose)
    return result


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
        err.print(f"[yellow]warning[/yellow]: {bad.error}; left out of 'all'")
    return [info.name for info in infos]


# ----------------------------------------------------------------------------- commands


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
@click.option("--page-size", type=click.Choice(["a4", "letter"]), help="PDF page size.")
@click.option("--body", type=click.Choice(["xhtml", "nitf"]), help="NewsML-G2 body format.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--no-infer", is_flag=True, help="Do not infer headline, sub-headings or related list."
)
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
) -> int:
    """Convert INPUTS ('-' for stdin) to one or more formats."""
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
    extra.update({k: v for k, v in {"page-size": page_size, "body": body}.items() if v})
    meta = parse_meta_pairs(meta_pairs, meta_file)
    job = _Job(names, extra, title, strict, not no_infer, meta, bool(ctx.obj.get("verbose")))
    outcome = job.run_combined(inputs, output) if combine else job.run_each(inputs, output, out_dir)
    return _report(outcome)


@dataclass
class _Job:
    formats: list[str]
    extra: dict[str, str]
    title: str | None
    strict: bool
    infer: bool
    meta: dict[str, str]
    verbose: bool

    def options(self, base: Path | None) -> WriterOptions:
        loader = folder_loader(base) if base is not None else WriterOptions().load_resource
        return WriterOptions(
            title=self.title, strict=self.strict, load_resource=loader, extra=self.extra
        )

    def load(self, name: str, outcome: Outcome) -> Document | None:
        try:
            return load_document(name, self.strict, self.infer, self.meta, self.verbose).document
        except (InputError, ParseError, MetadataError) as exc:
            reason = "parse failed" if isinstance(exc, ParseError) else str(exc)
            if not isinstance(exc, ParseError):
                click.echo(f"newsconv: error: {exc}", err=True)
            outcome.failed.append(("<stdin>" if name == "-" else name, reason))
            return None

    def run_each(self, inputs: Sequence[str], output: str | None, out_dir: str | None) -> Outcome:
        outcome = Outcome()
        with _progress(len(inputs)) as advance:
            for name in inputs:
                self.convert_one(name, output, out_dir, outcome)
                advance()
        return outcome

    def convert_one(
        self, name: str, output: str | None, out_dir: str | None, outcome: Outcome
    ) -> None:
        doc = self.load(name, outcome)
        if doc is None:
            return
        base = None if name == "-" else Path(name).resolve().parent
        for fmt in self.formats:
            target = _target(name, fmt, self.formats, output, out_dir)
            self.emit(fmt, [doc], target, self.options(base), outcome, name)

    def run_combined(self, inputs: Sequence[str], output: str | None) -> Outcome:
        outcome = Outcome()
        docs = [doc for name in inputs if (doc := self.load(name, outcome)) is not None]
        if not docs:
            return outcome
        first = next((n for n in inputs if n != "-"), None)
        base = Path(first).resolve().parent if first else None
        fmt = self.formats[0]
        writer = registry.get(fmt)
        if not isinstance(writer, MultiWriter):
            outcome.failed.append((fmt, f"the {fmt} writer cannot combine several inputs"))
            return outcome
        self.emit(fmt, docs, output or "-", self.options(base), outcome, ", ".join(inputs))
        return outcome

    def emit(
        self,
        fmt: str,
        docs: list[Document],
        target: str,
        options: WriterOptions,
        outcome: Outcome,
        label: str,
    ) -> None:
        writer = registry.get(fmt)
        try:
            data = _render(writer, docs, options)
        except NewsconvError as exc:
            click.echo(f"newsconv: error: {label}: {fmt}: {exc}", err=True)
            outcome.failed.append((label, f"{fmt}: {exc}"))
            return
        if target == "-":
            _to_stdout(data)
            return
        try:
            write_atomic(Path(target), data)
        except OSError as exc:
            click.echo(f"newsconv: error: {target}: cannot write: {exc.strerror or exc}", err=True)
            outcome.failed.append((label, f"{target}: {exc.strerror or exc}"))
            return
        outcome.written.append(Path(target))


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on an interactive terminal for batches; nothing otherwise."""
    if total < 2 or not err.is_terminal:
        yield lambda: None
        return
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("converting", total=total)
        yield lambda: progress.advance(task)


def _render(writer: Writer, docs: list[Document], options: WriterOptions) -> str | bytes:
    if len(docs) > 1 and isinstance(writer, MultiWriter):
        return writer.write_many(docs, options)
    return writer.write(docs[0], options)


def _target(
    name: str, fmt: str, formats: Sequence[str], output: str | None, out_dir: str | None
) -> str:
    """Where one output goes: ``-o``, stdout, or ``DIR/stem.ext`` (``stem.format.ext`` when
    two chosen formats share an extension, as newsml and newsml-message do; a format named
    like its extension, such as json, keeps the plain name)."""
    if output:
        return output
    if out_dir is None:
        return "-"
    extension = registry.get(fmt).extension
    shared = fmt != extension and sum(registry.get(o).extension == extension for o in formats) > 1
    stem = "stdin" if name == "-" else Path(name).stem
    suffix = f"{fmt}.{extension}" if shared else extension
    return str(Path(out_dir) / f"{stem}.{suffix}")


def _to_stdout(data: str | bytes) -> None:
    if isinstance(data, str):
        sys.stdout.write(data)
        sys.stdout.flush()
        return
    if sys.stdout.isatty():
        raise click.UsageError("binary output to a terminal; use -o FILE")
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _report(outcome: Outcome) -> int:
    for name, reason in outcome.failed:
        err.print(f"[red]failed[/red]: {name}: {reason}")
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
    verbose = bool(ctx.obj.get("verbose"))
    found: list[Diagnostic] = []
    unreadable = False
    for name in inputs:
        try:
            found.extend(load_document(name, False, not no_infer, {}, verbose).diagnostics)
        except InputError as exc:
            click.echo(f"newsconv: error: {exc}", err=True)
            unreadable = True
    level = worst(found)
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
@click.pass_context
def inspect(
    ctx: click.Context, input_name: str, as_json: bool, no_infer: bool, meta_pairs: tuple[str, ...]
) -> int:
    """Show the document tree of INPUT (or its JSON model)."""
    meta = parse_meta_pairs(meta_pairs, None)
    result = load_document(input_name, False, not no_infer, meta, bool(ctx.obj.get("verbose")))
    click.echo(dumps(result.document) if as_json else tree(result.document), nl=False)
    return EXIT_OK


@cli.command()
def formats() -> int:
    """List the output formats (built-in and installed plugins)."""
    infos, broken = registry.describe()
    table = Table(title="newsconv output formats", show_lines=False)
    for column in ("format", "extension", "media type", "kind", "description", "from"):
        table.add_column(column)
    for info in infos:
        kind = ("bytes" if info.binary else "text") + (", many→one" if info.multi else "")
        table.add_row(
            info.name, info.extension, info.media_type, kind, info.description, info.distribution
        )
    Console(width=160, highlight=False).print(table)
    for bad in broken:
        err.print(f"[yellow]warning[/yellow]: {bad.error}")
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
        err.print(f"{failed} of {len(files)} file(s) invalid")
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


if __name__ == "__main__":
    sys.exit(main())
