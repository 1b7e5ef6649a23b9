"""What writers repair in a document built without the parser (unsafe URLs, too deep
nesting) and the images the loader refuses reach the user as diagnostics with codes and
positions, and fail --strict."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import newsconv
from newsconv.batch.job import ConvertJob, Outcome
from newsconv.cli import main
from newsconv.model import (
    Bold,
    Box,
    Document,
    Figure,
    Inline,
    Italic,
    Link,
    Metadata,
    Paragraph,
    Position,
    Quote,
    RelatedItem,
    RelatedList,
    Text,
)
from newsconv.resources import folder_loader
from newsconv.writers import registry
from newsconv.writers.base import WriterOptions


def unsafe_document(source: str = "api.json") -> Document:
    """Script URLs in a link, an image, a related item and the metadata, with positions."""
    link = Link("javascript:alert(1)", (Text("the link text"),), Position(3, 7, 40))
    blocks = (
        Paragraph((Text("Before "), link, Text(" after.")), Position(3, 1, 34)),
        Figure("data:text/html,x", "alt", None, (Text("caption"),), Position(5, 1, 80)),
        RelatedList((RelatedItem("Other story", "vbscript:x", Position(8, 1, 120)),)),
    )
    meta = Metadata(headline="Headline", url="javascript:alert(2)")
    return Document(blocks, meta, "en", "ltr", source)


def deep_document(depth: int, line: int = 0) -> Document:
    node: Inline = Text("innermost")
    for level in range(depth):
        node = (Bold, Italic)[level % 2]((Text(f"w{level} "), node), Position(line, 1, 0))
    block: Paragraph | Quote | Box = Paragraph((node,), Position(line, 1, 0))
    for level in range(depth):
        block = Quote((block,)) if level % 2 else Box((block,), title=f"box {level}")
    return Document((block,), lang="en", source="deep.json")


def found(result: newsconv.WriteResult, code: str) -> list[tuple[str, int, int]]:
    return [(d.file, d.line, d.column) for d in result.diagnostics if d.code == code]


@pytest.mark.parametrize("fmt", registry.names())
def test_every_writer_reports_each_unsafe_url_where_it_was(fmt: str) -> None:
    result = newsconv.render(unsafe_document(), fmt)
    assert found(result, "unsafe-url") == [
        ("api.json", 0, 0),  # metadata has no position
        ("api.json", 3, 7),
        ("api.json", 5, 1),
        ("api.json", 8, 1),
    ]
    messages = [d.message for d in result.diagnostics if d.code == "unsafe-url"]
    assert messages[0].startswith("metadata url dropped: the javascript: scheme")
    assert messages[1].startswith("link target dropped: the javascript: scheme")
    assert messages[2].startswith("image source dropped: the data: scheme")
    assert messages[3].startswith("related link dropped: the vbscript: scheme")
    assert all(str(d).count("\n") == 0 for d in result.diagnostics)


@pytest.mark.parametrize("fmt", registry.names())
def test_every_writer_reports_flattened_nesting_once(fmt: str) -> None:
    result = newsconv.render(deep_document(200), fmt)
    messages = [d.message for d in result.diagnostics if d.code == "too-deep"]
    assert len(messages) == 2
    assert messages[0].startswith("containers nest deeper than 6 levels")
    assert messages[1].startswith("inline markup nests deeper than 32 levels")


def test_flattened_nesting_is_reported_at_its_line() -> None:
    result = newsconv.render(deep_document(50, line=4), "json")
    assert found(result, "too-deep") == [("deep.json", 0, 0), ("deep.json", 4, 1)]


def test_a_safe_document_gets_no_repair_diagnostics() -> None:
    doc = newsconv.parse('A [link url="https://example.org/x"]link[/link] here.\n', source="a")
    for fmt in registry.names():
        assert newsconv.render(doc, fmt).diagnostics == (), fmt
        assert newsconv.render(deep_document(6), fmt).diagnostics == (), fmt


def test_a_news_message_reports_against_each_article() -> None:
    docs = [unsafe_document("one.json"), deep_document(40)]
    result = newsconv.render(docs, "newsml-message")
    assert {(d.file, d.code) for d in result.diagnostics} == {
        ("one.json", "unsafe-url"),
        ("deep.json", "too-deep"),
    }


def job(strict: bool) -> ConvertJob:
    return ConvertJob(["html"], {}, None, strict, True, {}, False)


def test_repairs_fail_the_output_under_strict(tmp_path: Path) -> None:
    target, outcome = tmp_path / "out.html", Outcome()
    job(True).emit("html", [unsafe_document()], str(target), WriterOptions(), outcome, "api")
    assert not target.exists()
    assert outcome.failed and "strict" in outcome.failed[0][1]
    assert [d.code for d in outcome.diagnostics] == ["unsafe-url"] * 4


def test_repairs_are_warnings_without_strict(tmp_path: Path) -> None:
    target, outcome = tmp_path / "out.html", Outcome()
    job(False).emit("html", [unsafe_document()], str(target), WriterOptions(), outcome, "api")
    assert target.exists() and not outcome.failed
    assert "javascript:" not in target.read_text(encoding="utf-8")
    assert [str(d).split(": ")[1] for d in outcome.diagnostics] == ["warning[unsafe-url]"] * 4


# ----------------------------------------------------------------------------- resources

IMAGES_ARTICLE = (
    "A paragraph of body text long enough to be an article on its own.\n"
    '[image src="../secret.png" alt="out"]Outside[/image]\n'
    '[image src="pipe.png" alt="fifo"]A pipe[/image]\n'
    '[image src="missing.png" alt="gone"]Missing[/image]\n'
)
IMAGE_WARNINGS = [
    "art.txt:2:1: warning[image-refused]: image '../secret.png' is outside the article's folder",
    "art.txt:3:1: warning[image-refused]: image 'pipe.png' is not a regular file",
    "art.txt:4:1: warning[image-unavailable]: image 'missing.png' does not exist in the"
    " article's folder",
]


def image_article(tmp_path: Path) -> Path:
    folder = tmp_path / "article"
    folder.mkdir()
    (tmp_path / "secret.png").write_bytes(b"\x89PNG outside the folder")
    os.mkfifo(folder / "pipe.png")
    source = folder / "art.txt"
    source.write_text(IMAGES_ARTICLE, encoding="utf-8")
    return source


@pytest.mark.parametrize("fmt", ["html", "epub", "pdf"])
def test_loader_refusals_are_diagnostics_at_the_image_line(tmp_path: Path, fmt: str) -> None:
    source = image_article(tmp_path)
    doc = newsconv.parse(source.read_text(encoding="utf-8"), source="art.txt")
    options = WriterOptions(load_resource=folder_loader(source.parent))
    lines = [str(d) for d in newsconv.render(doc, fmt, options).diagnostics]
    assert [line.split(";")[0] for line in lines] == IMAGE_WARNINGS


def test_loader_refusals_reach_the_command_line_and_fail_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = image_article(tmp_path)
    target = tmp_path / "out.html"
    assert main(["convert", str(source), "-t", "html", "-o", str(target)]) == 0
    err = capsys.readouterr().err
    for warning in IMAGE_WARNINGS:
        assert warning.replace("art.txt", str(source)) in err
    target.unlink()
    assert main(["convert", str(source), "-t", "html", "-o", str(target), "--strict"]) == 2
    assert "image-refused" in capsys.readouterr().err and not target.exists()
