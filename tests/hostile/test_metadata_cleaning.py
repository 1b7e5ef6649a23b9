"""Metadata from the API, ``--meta`` and ``--meta-file`` is cleaned like body text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import newsconv
from newsconv.writers import registry
from newsconv.writers.base import WriterOptions

from .harness import no_traceback, run_cli

BODY = "A paragraph of body text that is long enough to count as an article.\n"
DIRTY = {
    "headline": "Head\x00line\x07 here",
    "byline": "By \ud800someone",
    "summary": "Sum\x1bmary \u202eleft open",
    "keywords": "one\x00,two",
}


def test_api_metadata_is_cleaned_with_warnings() -> None:
    result = newsconv.parse_with_diagnostics(BODY, source="a.txt", meta=DIRTY)
    meta = result.document.meta
    assert meta.headline == "Headline here"
    assert meta.byline == "By someone"
    assert meta.summary == "Summary left open"
    assert meta.keywords == ("one", "two")
    messages = [str(d) for d in result.diagnostics if d.code in ("control-char", "bidi-unbalanced")]
    assert any("'headline'" in m and "U+0000" in m for m in messages)
    assert any("'headline'" in m and "U+0007" in m for m in messages)
    assert any("'byline'" in m and "U+D800" in m for m in messages)
    assert any("'summary'" in m and "U+202E" in m for m in messages)
    assert all(m.startswith("a.txt:0:") for m in messages)


def test_strict_mode_refuses_dirty_metadata() -> None:
    with pytest.raises(newsconv.ParseError):
        newsconv.parse(BODY, strict=True, meta={"headline": "a\x00b"})


@pytest.mark.parametrize("fmt", registry.names())
def test_every_writer_takes_dirty_api_metadata(fmt: str) -> None:
    doc = newsconv.parse(BODY, meta=DIRTY)
    out = newsconv.convert(doc, fmt, WriterOptions(title="T\x00itle"))
    assert out


def test_cli_meta_and_meta_file_are_cleaned(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "meta.json").write_text(
        json.dumps({"byline": "By \ud800someone", "summary": "x\x00y"}), encoding="utf-8"
    )
    result = run_cli(
        [
            "convert",
            "a.txt",
            "-t",
            "all",
            "--out-dir",
            "out",
            "--meta",
            "headline=Head\x07line",
            "--meta-file",
            "meta.json",
            "--title",
            "T\x01",
        ],
        tmp_path,
    )
    no_traceback(result)
    stderr = result.stderr.decode()
    assert result.returncode == 0, stderr
    assert "metadata 'headline'" in stderr and "metadata 'byline'" in stderr
    html = (tmp_path / "out" / "a.html").read_text(encoding="utf-8")
    assert "<title>Headline</title>" in html and "By someone" in html
    assert "\ud800" not in (tmp_path / "out" / "a.json").read_text(encoding="utf-8")
