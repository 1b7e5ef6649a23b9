"""The manifest of an incremental batch: what each input last became, beside the outputs.

``OUT_DIR/.newsconv-manifest.jsonl`` holds one JSON object a line, one line per converted
input, the last line of an input winning::

    {"input": "/abs/in/a.txt", "sha256": "…", "size": 812, "mtime_ns": …,
     "outputs": {"a.html": {"format": "html", "fingerprint": "…", "sha256": "…",
                            "size": 5120, "mtime_ns": …}}}

A line is appended, in one ``write`` on a file opened for appending, as soon as an input's
outputs are all on disk; a run interrupted at any moment leaves whole lines, and at worst
a cut last line that the next run ignores. Only the inputs in flight at that moment are
converted again. The fingerprint of an output covers its format, the writer options, the
parsing switches and metadata, ``SOURCE_DATE_EPOCH``, the newsconv version and the version
of the writer's distribution. Images an article refers to are not tracked.

An input is unchanged without being read when its size and modification time, and the size
and modification time of each of its outputs, are those recorded; when only the times
differ, the worker compares hashes instead of converting again.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..output import write_atomic
from .records import OutputRecord, Result, Status, Target, Task

MANIFEST_NAME = ".newsconv-manifest.jsonl"


@dataclass
class Manifest:
    """The recorded entries of one output folder, and the file new entries go to."""

    path: Path
    entries: dict[str, dict[str, Any]]

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        """Read the manifest (a missing one is empty; a torn or foreign line is skipped)."""
        path = out_dir / MANIFEST_NAME
        entries: dict[str, dict[str, Any]] = {}
        with contextlib.suppress(FileNotFoundError):
            for line in path.read_bytes().splitlines():
                entry = _parse_line(line)
                if entry is not None:
                    entries[entry["input"]] = entry
        return cls(path, entries)

    def compact(self) -> None:
        """Rewrite the file with one line per input (atomically), when it has grown."""
        with contextlib.suppress(FileNotFoundError):
            lines = self.path.read_bytes().count(b"\n")
            if lines > 2 * len(self.entries) + 16:
                write_atomic(self.path, b"".join(_line(e) for e in self.entries.values()))

    def plan(self, task: Task) -> Task | Result:
        """The task with what the manifest knows, or a result when nothing changed at all."""
        entry = self.entries.get(key(task.input))
        if entry is None:
            return task
        recorded: dict[str, Any] = entry.get("outputs", {})
        outputs = {t.path: recorded.get(_name(t)) for t in task.targets}
        known = {
            t.path: output["sha256"]
            for t in task.targets
            if (output := outputs[t.path]) is not None
            and output.get("fingerprint") == t.fingerprint
        }
        if len(known) == len(task.targets) and _unchanged_on_disk(task, entry, outputs):
            return _unchanged_result(task, entry, outputs)
        return Task(task.input, task.targets, entry.get("sha256", ""), known)

    @contextlib.contextmanager
    def appender(self) -> Iterator[Recorder]:
        """Append entries to the manifest while the batch runs."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            _end_torn_line(self.path, fd)
            yield Recorder(self, fd)
        finally:
            with contextlib.suppress(OSError):
                os.fsync(fd)
            os.close(fd)


@dataclass
class Recorder:
    """Appends one line per finished input."""

    manifest: Manifest
    fd: int

    def record(self, result: Result) -> None:
        """Record the outputs of ``result`` that are on disk (failed ones are not)."""
        if result.error or not result.input_sha256:
            return
        kept = [o for o in result.outputs if o.status is not Status.FAILED]
        previous = self.manifest.entries.get(key(result.input), {})
        if not kept or _already_recorded(result, kept, previous):
            return
        entry: dict[str, Any] = {
            "input": key(result.input),
            "sha256": result.input_sha256,
            "size": result.input_size,
            "mtime_ns": result.input_mtime_ns,
            "outputs": {
                **previous.get("outputs", {}),
                **{Path(o.path).name: _output_entry(o) for o in kept},
            },
        }
        self.manifest.entries[key(result.input)] = entry
        os.write(self.fd, _line(entry))


def _already_recorded(result: Result, kept: list[OutputRecord], previous: dict[str, Any]) -> bool:
    return bool(
        all(o.status is Status.UNCHANGED for o in kept)
        and previous.get("sha256") == result.input_sha256
        and previous.get("size") == result.input_size
        and previous.get("mtime_ns") == result.input_mtime_ns
    )


def _end_torn_line(path: Path, fd: int) -> None:
    """After an interruption in the middle of a line, start the next one on its own."""
    with path.open("rb") as existing:
        existing.seek(0, os.SEEK_END)
        if existing.tell() == 0:
            return
        existing.seek(-1, os.SEEK_END)
        if existing.read(1) != b"\n":
            os.write(fd, b"\n")


def key(name: str) -> str:
    """How an input is named in the manifest: its absolute, normalised path."""
    return os.path.abspath(name)


def _name(target: Target) -> str:
    """How an output is named in its manifest entry (the file name: ``os.path`` is several
    times cheaper than ``Path`` here, where a rerun asks once per output of every input)."""
    return os.path.basename(target.path)


def _line(entry: dict[str, Any]) -> bytes:
    return (json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def _parse_line(line: bytes) -> dict[str, Any] | None:
    try:
        entry = json.loads(line)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(entry, dict) or not isinstance(entry.get("input"), str):
        return None
    if not isinstance(entry.get("outputs"), dict):
        return None
    return entry


def _output_entry(output: OutputRecord) -> dict[str, Any]:
    return {
        "format": output.format,
        "fingerprint": output.fingerprint,
        "sha256": output.sha256,
        "size": output.size,
        "mtime_ns": output.mtime_ns,
    }


def _same_file(path: str, size: Any, mtime_ns: Any) -> bool:
    try:
        info = os.stat(path)
    except OSError:
        return False
    return bool(info.st_size == size and info.st_mtime_ns == mtime_ns)


def _unchanged_on_disk(task: Task, entry: dict[str, Any], outputs: dict[str, Any]) -> bool:
    if not _same_file(task.input, entry.get("size"), entry.get("mtime_ns")):
        return False
    return all(
        _same_file(path, output.get("size"), output.get("mtime_ns"))
        for path, output in outputs.items()
    )


def _unchanged_result(task: Task, entry: dict[str, Any], outputs: dict[str, Any]) -> Result:
    records = tuple(
        OutputRecord(
            t.format,
            t.path,
            Status.UNCHANGED,
            size=output["size"],
            sha256=output["sha256"],
            fingerprint=t.fingerprint,
            mtime_ns=output["mtime_ns"],
        )
        for t in task.targets
        for output in (outputs[t.path],)
    )
    return Result(
        task.input,
        outputs=records,
        input_sha256=entry["sha256"],
        input_size=entry["size"],
        input_mtime_ns=entry["mtime_ns"],
    )
