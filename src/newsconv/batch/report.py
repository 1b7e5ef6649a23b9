"""What a batch shows while it runs and when it ends.

On a terminal: a progress bar with the count, the rate and the time left. Elsewhere (a
log, CI): one plain line every ``every`` inputs. At the end: per format, how many outputs
were written, unchanged or failed, and the slowest inputs.
"""

from __future__ import annotations

import heapq
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .records import Result, Status

SLOWEST = 5


@dataclass
class Tally:
    """Counts over the results of one batch, kept small whatever the number of inputs."""

    formats: tuple[str, ...] = ()
    """The batch's formats: an input that fails as a whole fails one output of each."""
    inputs: int = 0
    failed_inputs: int = 0
    by_format: dict[str, Counter[Status]] = field(default_factory=dict)
    slowest: list[tuple[float, str]] = field(default_factory=list)

    def add(self, result: Result) -> None:
        """Count one result."""
        self.inputs += 1
        self.failed_inputs += not result.ok
        for output in result.outputs:
            self.by_format.setdefault(output.format, Counter())[output.status] += 1
        if result.error:
            for fmt in self.formats:
                self.by_format.setdefault(fmt, Counter())[Status.FAILED] += 1
        if result.seconds > 0:
            entry = (result.seconds, result.input)
            if len(self.slowest) < SLOWEST:
                heapq.heappush(self.slowest, entry)
            else:
                heapq.heappushpop(self.slowest, entry)

    def count(self, status: Status) -> int:
        """Outputs with ``status``, over every format."""
        return sum(counter[status] for counter in self.by_format.values())


def summary_table(tally: Tally, formats: list[str]) -> Table:
    """Per format: written, unchanged, failed; then the slowest inputs."""
    table = Table(
        title=f"{tally.inputs} input(s), {tally.failed_inputs} failed", title_justify="left"
    )
    for column in ("format", "written", "unchanged", "failed"):
        table.add_column(column, justify="left" if column == "format" else "right")
    for fmt in formats:
        counts = tally.by_format.get(fmt, Counter())
        table.add_row(
            fmt, *(str(counts[s]) for s in (Status.WRITTEN, Status.UNCHANGED, Status.FAILED))
        )
    return table


def slowest_table(tally: Tally) -> Table | None:
    """The inputs that took longest, slowest first (None when nothing was converted)."""
    if not tally.slowest:
        return None
    table = Table(title="slowest inputs", title_justify="left")
    table.add_column("seconds", justify="right")
    table.add_column("input")
    for seconds, name in sorted(tally.slowest, reverse=True):
        table.add_row(f"{seconds:.2f}", Text(name))  # Text: a file name is never markup
    return table


@contextmanager
def progress(console: Console, total: int, every: int = 100) -> Iterator[Callable[[], None]]:
    """A function to call once per finished input, showing progress as fits the console."""
    if total < 2:
        yield lambda: None
    elif console.is_terminal:
        with _bar(console, total) as advance:
            yield advance
    else:
        yield _plain_lines(console, total, every)


@contextmanager
def _bar(console: Console, total: int) -> Iterator[Callable[[], None]]:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("converting"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("converting", total=total, rate="")
        started = time.perf_counter()
        done = 0

        def advance() -> None:
            nonlocal done
            done += 1
            rate = done / max(time.perf_counter() - started, 1e-9)
            bar.update(task, advance=1, rate=f"{rate:.1f}/s")

        yield advance


def _plain_lines(console: Console, total: int, every: int) -> Callable[[], None]:
    started = time.perf_counter()
    done = 0

    def advance() -> None:
        nonlocal done
        done += 1
        if done % every and done != total:
            return
        elapsed = max(time.perf_counter() - started, 1e-9)
        rate = done / elapsed
        left = (total - done) / rate if rate else 0.0
        console.print(
            f"newsconv: {done}/{total} inputs, {rate:.1f}/s, about {left:.0f} s left",
            markup=False,
            highlight=False,
        )

    return advance
