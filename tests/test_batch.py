"""The batch API: any executor, bounded window, result records, distinct names, safety."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from newsconv.batch import ConvertOptions, PlanError, Status, convert_many
from newsconv.cli import main

from .conftest import EXAMPLE, corpus_files

BODY = "A paragraph of body text that is long enough to count as one here.\n"


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSCONV_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


def article(folder: Path, name: str, text: str = BODY) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def some_articles(tmp_path: Path, count: int = 6) -> list[Path]:
    """The example and a few corpus articles (copies of the example without the corpus)."""
    sources = [EXAMPLE, *corpus_files()[:: max(1, len(corpus_files()) // (count - 1) or 1)]]
    inputs = []
    for index in range(count):
        source = sources[index % len(sources)]
        inputs.append(
            article(tmp_path / "in", f"{index:02d}-{source.stem}.txt", source.read_text())
        )
    return inputs


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


def test_process_pool_writes_the_same_bytes_as_a_serial_run(tmp_path: Path) -> None:
    inputs = some_articles(tmp_path)
    formats = ["json", "html", "newsml", "ninjs"]
    serial = list(convert_many(inputs, formats, tmp_path / "serial", workers=1))
    pooled = list(convert_many(inputs, formats, tmp_path / "pooled", workers=2, chunk_size=2))
    assert all(r.ok for r in serial + pooled)
    assert len(files(tmp_path / "serial")) == len(inputs) * len(formats)
    assert files(tmp_path / "serial") == files(tmp_path / "pooled")


def test_dask_local_cluster_writes_the_same_bytes_as_a_serial_run(tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    inputs = some_articles(tmp_path, 4)
    formats = ["json", "newsml", "pdf"]
    serial = list(convert_many(inputs, formats, tmp_path / "serial", workers=1))
    cluster_options: dict[str, Any] = {"host": "127.0.0.1", "dashboard_address": "127.0.0.1:0"}
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, **cluster_options) as cluster,
        Client(cluster) as client,
    ):
        executor = client.get_executor(pure=False)
        results = list(convert_many(inputs, formats, tmp_path / "api", executor=executor))
        args = ["convert", *map(str, inputs), *(f"--to={f}" for f in formats)]
        code = main(
            [*args, "--out-dir", str(tmp_path / "cli"), "--scheduler", cluster.scheduler_address]
        )
    assert code == 0
    assert all(r.ok for r in serial + results)
    assert files(tmp_path / "serial") == files(tmp_path / "api") == files(tmp_path / "cli")


def test_our_local_cluster_leaves_the_converting_thread_alone() -> None:
    """The cluster `--executor dask` starts: no profiler, rare event-loop wake-ups, and the
    collector tuned as in our own pool (each wake-up takes the GIL from a conversion)."""
    import gc

    import dask

    from newsconv.batch.executors import NO_PROFILER, dask_executor
    from newsconv.batch.worker import GC_THRESHOLD

    keys = sorted(NO_PROFILER)
    with dask_executor(None, 1) as (executor, _workers):
        seen = executor.submit(lambda: [dask.config.get(k) for k in keys]).result()
        threshold = executor.submit(lambda: gc.get_threshold()[0]).result()
    assert seen == [NO_PROFILER[k] for k in keys]
    assert NO_PROFILER["distributed.admin.tick.interval"] == "1s"
    assert threshold == GC_THRESHOLD


class CountingExecutor(Executor):
    """Runs calls on two threads and remembers the most futures ever in flight."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(2)
        self.in_flight = 0
        self.most = 0
        self.submitted = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.in_flight += 1
        self.submitted += 1
        self.most = max(self.most, self.in_flight)
        future = self.pool.submit(fn, *args, **kwargs)
        future.add_done_callback(lambda _f: self._done())
        return future

    def _done(self) -> None:
        self.in_flight -= 1

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.pool.shutdown(wait, cancel_futures=cancel_futures)


def test_chunks_stream_back_with_a_bounded_window(tmp_path: Path) -> None:
    inputs = [article(tmp_path / "in", f"{i:03d}.txt") for i in range(40)]
    executor = CountingExecutor()
    results = convert_many(
        inputs, ["json"], tmp_path / "out", executor=executor, chunk_size=2, window=3
    )
    first = next(results)
    submitted_at_first = executor.submitted
    rest = list(results)
    executor.shutdown()
    assert first.ok and len(rest) == 39
    assert executor.most <= 3
    assert submitted_at_first < 20  # the first result came back before everything was sent
    assert sorted(r.input for r in [first, *rest]) == sorted(map(str, inputs))


def test_results_are_small_records_of_what_is_on_disk(tmp_path: Path) -> None:
    source = article(tmp_path, "a.txt", "[meta]\nheadline: Hello\n[/meta]\n" + BODY)
    [result] = convert_many([source], ["json", "html"], tmp_path / "out", workers=1)
    assert result.ok and result.input == str(source)
    assert result.input_sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    for output in result.outputs:
        data = Path(output.path).read_bytes()
        assert output.status is Status.WRITTEN
        assert (output.size, output.sha256) == (len(data), hashlib.sha256(data).hexdigest())


def test_diagnostics_come_back_as_values(tmp_path: Path) -> None:
    source = article(tmp_path, "a.txt", "A bell\x07 rings. " + BODY)
    [result] = convert_many([source], ["json"], tmp_path / "out", workers=2)
    assert result.ok
    assert result.diagnostics and all(d.file == str(source) for d in result.diagnostics)


def test_a_bad_input_fails_alone(tmp_path: Path) -> None:
    good = article(tmp_path, "good.txt")
    strict = ConvertOptions(strict=True)
    bad = article(tmp_path, "bad.txt", "A bell\x07 rings. " + BODY)
    results = {
        r.input: r
        for r in convert_many([good, bad], ["json"], tmp_path / "o", options=strict, workers=1)
    }
    assert results[str(good)].ok and not results[str(bad)].ok
    assert results[str(bad)].error == "parse failed" and results[str(bad)].diagnostics
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["good.json"]


# ----------------------------------------------------------------- names and inputs


def convert_all(tmp_path: Path, *names: str) -> list[Path]:
    inputs = []
    for name in names:
        inputs.append(
            article(tmp_path / "in", name, f"Body of {name}, long enough to be a paragraph.\n")
        )
    out = tmp_path / "out"
    assert main(["convert", *map(str, inputs), "--to", "all", "--out-dir", str(out)]) == 0
    return inputs


@pytest.mark.parametrize(
    "names",
    [
        ("a.txt", "a.ninjs.txt"),
        ("a.txt", "a.text"),
        ("a-b/c.txt", "a/b-c.txt", "x/c.txt", "y/b-c.txt"),
        ("A.txt", "a.txt"),
    ],
)
def test_every_output_of_a_run_has_its_own_path(tmp_path: Path, names: tuple[str, ...]) -> None:
    convert_all(tmp_path, *names)
    outputs = sorted((tmp_path / "out").iterdir())
    assert len({p.name.casefold() for p in outputs}) == len(outputs) == 7 * len(names)
    for name in names:  # every input's text is in exactly one json output
        holders = [
            p for p in outputs if p.suffix == ".json" and f"Body of {name}," in p.read_text()
        ]
        assert len(holders) == 2  # its json and its ninjs


def test_an_output_that_is_an_input_is_refused_before_writing(tmp_path: Path) -> None:
    source = article(tmp_path, "a.txt")
    before = source.read_bytes()
    assert main(["convert", str(source), "--to", "html", "-o", str(source)]) == 2
    named_html = article(tmp_path / "d", "a.html")
    other = article(tmp_path / "d", "b.txt")
    assert (
        main(
            [
                "convert",
                str(other),
                str(named_html),
                "--to",
                "html",
                "--out-dir",
                str(tmp_path / "d"),
            ]
        )
        == 2
    )
    assert source.read_bytes() == before and named_html.read_text() == BODY
    assert not (tmp_path / "d" / "b.html").exists()  # nothing written at all


def test_a_hard_link_to_an_input_is_refused(tmp_path: Path) -> None:
    source = article(tmp_path, "a.txt")
    (tmp_path / "out").mkdir()
    os.link(source, tmp_path / "out" / "a.json")
    with pytest.raises(PlanError, match="would overwrite the input"):
        convert_many([source], ["json"], tmp_path / "out")
    assert source.read_text() == BODY


# ----------------------------------------------------------------- incremental runs


def run(
    inputs: list[Path], out: Path, formats: tuple[str, ...] = ("json", "html"), **kw: Any
) -> dict[str, int]:
    counts = {str(s): 0 for s in Status}
    for result in convert_many(inputs, formats, out, incremental=True, workers=1, **kw):
        for output in result.outputs:
            counts[str(output.status)] += 1
    return counts


def test_a_rerun_converts_only_what_changed(tmp_path: Path) -> None:
    inputs = [article(tmp_path / "in", f"{i}.txt") for i in range(4)]
    out = tmp_path / "out"
    assert run(inputs, out) == {"written": 8, "unchanged": 0, "failed": 0}
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    assert run(inputs, out) == {"written": 0, "unchanged": 8, "failed": 0}
    assert stamps == {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    inputs[0].write_text(BODY + "One more paragraph, long enough to be one.\n")
    assert run(inputs, out) == {"written": 2, "unchanged": 6, "failed": 0}
    assert run(inputs, out, ("json", "html", "ninjs"))["written"] == 4  # the new format only
    opts = ConvertOptions(meta={"provider": "Someone"})
    assert run(inputs, out, ("json",), options=opts)["written"] == 4
    assert run(inputs, out, ("json",), options=opts, force=True)["written"] == 4


def test_touched_inputs_and_edited_outputs(tmp_path: Path) -> None:
    inputs = [article(tmp_path / "in", f"{i}.txt") for i in range(2)]
    out = tmp_path / "out"
    run(inputs, out)
    os.utime(inputs[0], ns=(1, 1))  # same bytes, new time: hashed, not converted
    assert run(inputs, out) == {"written": 0, "unchanged": 4, "failed": 0}
    (out / "1.html").write_text("edited")
    assert run(inputs, out) == {"written": 1, "unchanged": 3, "failed": 0}
    (out / "0.json").unlink()
    assert run(inputs, out)["written"] == 1


def test_an_interrupted_run_resumes_without_redoing_finished_work(tmp_path: Path) -> None:
    inputs = [article(tmp_path / "in", f"{i}.txt") for i in range(6)]
    out = tmp_path / "out"
    results = convert_many(inputs, ["json"], out, incremental=True, workers=1)
    finished = [next(results), next(results)]
    results.close()  # stopped at this moment
    with (out / ".newsconv-manifest.jsonl").open("ab") as manifest:
        manifest.write(b'{"input": "/cut/in/the/mid')  # and a torn last line
    assert all(r.ok for r in finished)
    assert run(inputs, out, ("json",)) == {"written": 4, "unchanged": 2, "failed": 0}
    lines = (out / ".newsconv-manifest.jsonl").read_bytes().splitlines()
    assert len({json.loads(line)["input"] for line in lines if line.endswith(b"}")}) == 6


# ----------------------------------------------------------------- progress and summary


def test_plain_progress_lines_and_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = [article(tmp_path / "in", f"{i}.txt") for i in range(3)]
    bad = tmp_path / "in" / "gone.txt"
    code = main(
        [
            "convert",
            *map(str, inputs),
            str(bad),
            "-t",
            "json",
            "-t",
            "html",
            "--out-dir",
            str(tmp_path / "o"),
        ]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert "4/4 inputs" in err and "/s" in err
    assert "gone.txt: cannot read" in err
    row = next(line for line in err.splitlines() if line.strip("│┃ ").startswith("json"))
    assert [cell.strip() for cell in row.strip("│┃ ").split("│")] == ["json", "3", "0", "1"]
    assert "4 input(s), 1 failed" in err and "slowest inputs" in err


# ----------------------------------------------------------------- start-up and shared caches


def test_font_subsets_are_shared_through_the_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsconv.text import fontsubset

    font = fontsubset.AMIRI_REGULAR
    arabic = fontsubset.rounded_charset({ord("ب")}, font)
    fontsubset.use_disk_cache(tmp_path)
    try:
        first = fontsubset.subset_font(font, arabic, "woff")
        [stored] = (tmp_path / "fontsubsets").iterdir()
        assert stored.read_bytes() == first and not stored.name.startswith(".")
        fontsubset.subset_cache_clear()  # as in another process: only the disk remains

        def no_subsetting(*_args: object) -> bytes:
            raise AssertionError("subset built again")

        monkeypatch.setattr(fontsubset, "_make_subset", no_subsetting)
        assert fontsubset.subset_font(font, arabic, "woff") == first
        with pytest.raises(AssertionError, match="built again"):
            fontsubset.subset_font(font, arabic, "ttf")  # another key
    finally:
        fontsubset.use_disk_cache(None)


def test_a_worker_starts_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsconv.batch import worker

    monkeypatch.setattr(worker, "_started", set())
    warmed: list[str] = []
    real = worker.parse_with_diagnostics

    def counting(text: str | bytes, **kw: Any) -> Any:
        if kw.get("source") == "<warm-up>":
            warmed.append("x")
        return real(text, **kw)

    monkeypatch.setattr(worker, "parse_with_diagnostics", counting)
    inputs = [article(tmp_path, f"{i}.txt") for i in range(3)]
    for run in range(2):
        results = convert_many(inputs, ["json"], tmp_path / f"o{run}", workers=1, chunk_size=1)
        assert all(r.ok for r in results)
    assert len(warmed) == 1  # json, once for six inputs
    worker.start_worker(("json", "html"))
    worker.start_worker(("json", "html"))
    assert len(warmed) == 2  # then html, once


def test_a_terminal_gets_a_progress_bar_with_rate_and_time_left() -> None:
    import io

    from rich.console import Console

    from newsconv.batch.report import progress

    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=120)
    with progress(console, 3) as advance:
        for _ in range(3):
            advance()
    shown = screen.getvalue()
    assert "converting" in shown and "3/3" in shown and "/s" in shown


def test_the_command_line_reruns_incrementally(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = [str(article(tmp_path / "in", f"{i}.txt")) for i in range(2)]
    args = ["convert", *inputs, "-t", "json", "--out-dir", str(tmp_path / "o"), "--incremental"]

    def json_row() -> list[str]:
        err = capsys.readouterr().err
        row = next(line for line in err.splitlines() if line.strip("│┃ ").startswith("json"))
        return [cell.strip() for cell in row.strip("│┃ ").split("│")]

    assert main(args) == 0
    assert json_row() == ["json", "2", "0", "0"]
    assert main(args) == 0
    assert json_row() == ["json", "0", "2", "0"]
    assert main([*args, "--force"]) == 0
    assert json_row() == ["json", "2", "0", "0"]
