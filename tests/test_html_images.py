"""Figures of the HTML page: embedded as data: URIs by default, copied, or linked."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from lxml import html

import newsconv
from newsconv.cli import main
from newsconv.resources import folder_loader
from newsconv.writers.base import WriterOptions

from .conftest import EXAMPLES

FEATURES = EXAMPLES / "features-ar.txt"
CHART = EXAMPLES / "images" / "riders-chart.png"


def page(text: str, **extra: str) -> tuple[html.HtmlElement, list[str]]:
    doc = newsconv.parse(text, source="story.txt")
    options = WriterOptions(load_resource=folder_loader(EXAMPLES), extra=extra)
    result = newsconv.render(doc, "html", options)
    assert isinstance(result.data, str)
    return html.fromstring(result.data), [str(d) for d in result.diagnostics]


def test_local_image_is_embedded_by_default() -> None:
    root, diagnostics = page('[image src="images/riders-chart.png" alt="chart"]Caption[/image]')
    [img] = root.iter("img")
    prefix = "data:image/png;base64,"
    assert img.get("src", "").startswith(prefix)
    assert base64.b64decode(img.get("src", "")[len(prefix) :]) == CHART.read_bytes()
    assert diagnostics == []


def test_link_keeps_the_src_as_written() -> None:
    root, _ = page(
        '[image src="images/riders-chart.png" alt="chart"]Caption[/image]', images="link"
    )
    assert [img.get("src") for img in root.iter("img")] == ["images/riders-chart.png"]


@pytest.mark.parametrize(
    "src", ["data:image/png;base64,iVBORw0KGgo=", "javascript:alert(1)", "file:///etc/passwd"]
)
def test_other_schemes_written_in_the_input_are_refused(src: str) -> None:
    text = f'[image src="{src}" alt="a chart"]Caption[/image]'
    parsed = newsconv.parse_with_diagnostics(text, source="story.txt")
    assert "warning[unsafe-url]" in [str(d).split(": ")[1] for d in parsed.diagnostics]
    for mode in ("embed", "copy", "link"):
        root, diagnostics = page(text, images=mode)
        assert list(root.iter("img")) == []
        assert "a chart" in root.text_content()  # the alt text stays, in the caption
        assert diagnostics == []  # reported once, by the parser


@pytest.mark.parametrize("src", ["data:image/png;base64,iVBORw0KGgo=", "javascript:alert(1)"])
def test_other_schemes_given_through_the_api_are_refused_by_the_writer(src: str) -> None:
    from newsconv.model import Document, Figure

    doc = Document(blocks=(Figure(src=src, alt="a chart"),), source="story.txt")
    for mode in ("embed", "copy", "link"):
        result = newsconv.render(doc, "html", WriterOptions(extra={"images": mode}))
        assert isinstance(result.data, str)
        assert "<img" not in result.data and src.split(":")[0] + ":" not in result.data


def test_remote_image_is_linked_never_fetched() -> None:
    root, diagnostics = page('[image src="https://example.com/a.png" alt="a"]C[/image]')
    assert [img.get("src") for img in root.iter("img")] == ["https://example.com/a.png"]
    assert diagnostics == []


def test_unreadable_or_unknown_image_is_left_out_with_a_warning() -> None:
    missing = '[image src="missing.png" alt="gone"]C[/image]'
    not_an_image = '[image src="kazakhstan.txt" alt="text"]D[/image]'
    root, diagnostics = page(f"{missing}\n{not_an_image}")
    assert list(root.iter("img")) == []
    assert [d.split(": ")[1] for d in diagnostics] == [
        "warning[image-unavailable]",
        "warning[bad-image]",
    ]
    assert "does not exist in the article's folder" in diagnostics[0]
    assert "not a PNG" in diagnostics[1]


def test_copy_puts_the_image_beside_the_page(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["convert", str(FEATURES), "-t", "html", "--out-dir", str(out), "-O", "images=copy"]
    assert main(args) == 0
    root = html.fromstring((out / "features-ar.html").read_text(encoding="utf-8"))
    [src] = [img.get("src") for img in root.iter("img")]
    assert src.startswith("images/img-") and src.endswith(".png")
    assert (out / src).read_bytes() == CHART.read_bytes()


def test_cli_page_shows_its_figure_from_another_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["convert", str(FEATURES), "--to", "html", "--out-dir", str(out)]) == 0
    root = html.fromstring((out / "features-ar.html").read_text(encoding="utf-8"))
    assert all(img.get("src", "").startswith("data:image/") for img in root.iter("img"))
    assert list(root.iter("img"))


def test_unavailable_image_fails_under_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "a.txt"
    source.write_text('[image src="missing.png" alt="x"]C[/image]\nSome text.\n', encoding="utf-8")
    out = tmp_path / "a.html"
    assert main(["convert", str(source), "-t", "html", "-o", str(out), "--strict"]) == 2
    assert "warning[image-unavailable]" in capsys.readouterr().err
    assert not out.exists()
