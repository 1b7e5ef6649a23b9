"""Same input and metadata give byte-identical output in every format, across processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from newsconv.writers import registry

from .conftest import EXAMPLES


def convert_all(out_dir: Path, seed: str, epoch: str) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": epoch}
    inputs = sorted(str(p) for p in EXAMPLES.glob("*.txt"))
    command = [
        sys.executable,
        "-m",
        "newsconv",
        "convert",
        *inputs,
        "-t",
        "all",
        "--out-dir",
        str(out_dir),
    ]
    subprocess.run(command, check=True, capture_output=True, env=env)
    return {p.name: p.read_bytes() for p in sorted(out_dir.iterdir())}


def test_every_format_is_byte_identical_across_processes(tmp_path: Path) -> None:
    first = convert_all(tmp_path / "a", "1", "1700000000")
    second = convert_all(tmp_path / "b", "2", "1700000000")
    assert len(first) == len(list(EXAMPLES.glob("*.txt"))) * len(registry.names())
    assert first == second


def test_source_date_epoch_is_the_clock_of_undated_articles(tmp_path: Path) -> None:
    early = convert_all(tmp_path / "a", "0", "1700000000")
    late = convert_all(tmp_path / "b", "0", "1800000000")
    assert early["kazakhstan.newsml.xml"] != late["kazakhstan.newsml.xml"]
    assert b"2023-11-14T22:13:20" in early["kazakhstan.newsml.xml"]
    # an article with its own date does not depend on the clock at all
    assert early["features-ar.newsml.xml"] == late["features-ar.newsml.xml"]
