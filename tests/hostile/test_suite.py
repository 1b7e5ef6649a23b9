"""The hostile corpus through every format and the command line, in child processes under
CPU-time and memory limits: no traceback, no hang, no partial or stray file, no file read
outside the article's folder, no unsafe URL in any output, the body text kept."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

import newsconv
from newsconv.text.controls import BIDI_CONTROLS, XML_ILLEGAL
from newsconv.writers import registry

from ..textcheck import model_text, strip_markup
from .harness import hostile_cases, no_traceback, run_cli, unsafe_urls

EXTENSIONS = {
    "html": "html",
    "json": "json",
    "newsml": "newsml.xml",
    "newsml-message": "newsml-message.xml",
    "ninjs": "ninjs.json",
    "epub": "epub",
    "pdf": "pdf",
}
TEXT_FORMATS = ("html", "json", "newsml", "newsml-message", "ninjs", "epub")


def output_text(fmt: str, data: bytes) -> str:
    """The readable text of an output (markup removed), for word checks."""
    if fmt == "epub":
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            parts = [book.read(n) for n in book.namelist() if n.endswith(".xhtml")]
        return " ".join(_markup_text(part) for part in parts)
    if fmt in ("json", "ninjs"):
        return json.dumps(json.loads(data), ensure_ascii=False)
    return _markup_text(data, html=fmt == "html")


def _markup_text(data: bytes, *, html: bool = False) -> str:
    parser = etree.HTMLParser() if html else etree.XMLParser(huge_tree=True)
    root = etree.fromstring(data, parser)
    return " ".join(str(t) for t in root.itertext()) if root is not None else ""


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """Every hostile case converted to every format by one command."""
    root = tmp_path_factory.mktemp("hostile")
    articles = root / "articles"
    articles.mkdir()
    for case in hostile_cases():
        (articles / f"{case.name}.txt").write_bytes(case.data)
    result = run_cli(["convert", "articles", "-t", "all", "--out-dir", "out"], root, timeout=600)
    return root, result


def test_cli_converts_the_hostile_corpus_without_a_traceback(
    converted: tuple[Path, object],
) -> None:
    _root, result = converted
    no_traceback(result)  # type: ignore[arg-type]
    assert result.returncode == 0, result.stderr.decode()[-3000:]  # type: ignore[attr-defined]


@pytest.mark.parametrize("case", hostile_cases(), ids=lambda case: case.name)
def test_every_output_is_there_whole_and_safe(converted: tuple[Path, object], case: object) -> None:
    root, _result = converted
    name = case.name  # type: ignore[attr-defined]
    expected = {f"{name}.{EXTENSIONS[fmt]}" for fmt in registry.names()}
    present = {p.name for p in (root / "out").iterdir() if p.name.startswith(f"{name}.")}
    assert present == expected
    for fmt in registry.names():
        data = (root / "out" / f"{name}.{EXTENSIONS[fmt]}").read_bytes()
        assert data, fmt
        assert unsafe_urls(fmt, data) == [], fmt
        if fmt in TEXT_FORMATS:
            text = output_text(fmt, data)
            for word in case.words:  # type: ignore[attr-defined]
                assert word in text, (fmt, word)


def test_no_stray_or_temporary_files(converted: tuple[Path, object]) -> None:
    root, _result = converted
    names = sorted(p.name for p in (root / "out").iterdir())
    assert len(names) == len(hostile_cases()) * len(registry.names())
    assert not [n for n in names if n.startswith(".") or n.endswith(".tmp")]
    assert sorted(p.name for p in root.iterdir()) == ["articles", "out"]


# ----------------------------------------------------------------------------- files

AUDIT = """
import os, sys
log = open(os.environ["NEWSCONV_AUDIT_LOG"], "w")
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        log.write(os.fsdecode(args[0]) + "\\n")
    elif event in ("os.listdir", "os.scandir"):
        log.write(os.fsdecode(args[0] if args[0] is not None else ".") + "\\n")
sys.addaudithook(hook)
from newsconv.cli import main
code = main(sys.argv[1:])
log.flush()
sys.exit(code)
"""

TRAVERSAL = [
    "../outside/secret.png",
    "../../outside/secret.png",
    "sub/../../outside/secret.png",
    "%2e%2e/outside/secret.png",
    "..%2Foutside%2Fsecret.png",
    "{outside}/secret.png",
    "file://{outside}/secret.png",
    "link.png",
    "linkdir/secret.png",
    "fifo.png",
]


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (1, 2, 3)).save(buffer, "PNG")
    return buffer.getvalue() + b"SECRET-MARKER"


def test_images_are_never_read_outside_the_article_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(_png())
    article = tmp_path / "article"
    (article / "sub").mkdir(parents=True)
    (article / "link.png").symlink_to(outside / "secret.png")
    (article / "linkdir").symlink_to(outside)
    os.mkfifo(article / "fifo.png")
    lines = ["Article text that refers to images it may not read."]
    for src in TRAVERSAL:
        lines.append(f'[image src="{src.format(outside=outside)}" alt="alt"]cap[/image]')
    (article / "a.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    log = tmp_path / "opened.log"
    script = tmp_path / "audited.py"
    script.write_text(AUDIT, encoding="utf-8")
    result = _run_audited(script, log, article)
    no_traceback(result)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    opened = [line for line in log.read_text().splitlines() if line]
    assert any(line.endswith("a.txt") for line in opened)  # the log does see reads
    resolved = {(article / line).resolve() for line in opened}
    assert not [path for path in resolved if path.is_relative_to(outside.resolve())]
    for output in (article / "out").iterdir():
        assert b"SECRET-MARKER" not in output.read_bytes(), output.name
        assert not output.name.endswith(".tmp")


def _run_audited(script: Path, log: Path, cwd: Path):  # type: ignore[no-untyped-def]
    import subprocess

    from .harness import _limits

    return subprocess.run(
        [sys.executable, str(script), "convert", "a.txt", "-t", "all", "--out-dir", "out"],
        cwd=cwd,
        capture_output=True,
        timeout=300,
        preexec_fn=_limits,
        env={**os.environ, "NEWSCONV_AUDIT_LOG": str(log)},
        check=False,
    )


ODD_NAMES = [
    "with space.txt",
    "-dash.txt",
    "خبر عاجل.txt",
    "\u202eevil\u202c.txt",
    "new\nline.txt",
    "quote'\"`$(x).txt",
    "a" * 246 + ".txt",
]


def test_odd_file_names(tmp_path: Path) -> None:
    for name in ODD_NAMES:
        (tmp_path / name).write_text("Body text of an article with a few words.\n", "utf-8")
    result = run_cli(["convert", "--out-dir", "out", "-t", "html", "--", *ODD_NAMES], tmp_path)
    no_traceback(result)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    made = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert made == sorted(name.removesuffix(".txt") + ".html" for name in ODD_NAMES)
    shutil.rmtree(tmp_path / "out")


# ----------------------------------------------------------------------------- text kept

TEXT_ORACLE_CASES = [
    case
    for case in hostile_cases()
    if case.name not in ("deep-blocks", "script-links", "script-meta")  # tags or URLs kept
]


@pytest.mark.parametrize("case", TEXT_ORACLE_CASES, ids=lambda case: case.name)
def test_every_body_character_is_kept_or_reported(case: object) -> None:
    data: bytes = case.data  # type: ignore[attr-defined]
    result = newsconv.parse_with_diagnostics(data, source="case.txt", infer=False)
    source = data.decode("utf-8", "replace")
    assert model_text(result.document) == strip_markup(source)
    removed = {
        ord(ch)
        for line in source.splitlines()
        for ch in line
        if XML_ILLEGAL.match(ch) or ch in BIDI_CONTROLS
    } - {ord(ch) for ch in model_text(result.document)}
    reported = {
        int(code, 16)
        for d in result.diagnostics
        if d.code in ("control-char", "bidi-unbalanced")
        for code in re.findall(r"U\+([0-9A-F]{4,6})", d.message)
    }
    assert removed <= reported
