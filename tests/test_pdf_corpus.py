"""Every check on every article of the shared corpus, and the shared reference checker."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import newsconv
from newsconv.model import Heading, Paragraph, RelatedList, inline_text
from newsconv.text.labels import related_label

from .conftest import EXAMPLE, SHARED, corpus_files, corpus_ids, shared_or_skip
from .pdf_checks import failures
from .pdf_render import check, render
from .pdfua_check import check_pdf


@pytest.mark.slow
@pytest.mark.parametrize("path", corpus_files(), ids=corpus_ids())
def test_corpus_article_passes_every_check(path: Path) -> None:
    doc = newsconv.parse(path.read_text(encoding="utf-8"), source=str(path))
    pdf = render(doc)
    assert failures(check(doc, pdf)) == []
    assert check_pdf(pdf).failures == []  # PDF/UA-1


def test_shared_reference_checker_on_the_example(tmp_path: Path) -> None:
    """The shared checker reads one column, so the example goes without its column markup."""
    tool = shared_or_skip(SHARED / "tools" / "rtl_pdf_check.py")
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    doc = newsconv.parse("\n".join(line for line in lines if not line.startswith("[")))
    paragraphs: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph | Heading):
            paragraphs.append(inline_text(block.children))
        elif isinstance(block, RelatedList):
            paragraphs.append(block.title or related_label(doc.lang))
            paragraphs.extend(item.title for item in block.items)
    pdf_path, text_path = tmp_path / "example.pdf", tmp_path / "paragraphs.txt"
    pdf_path.write_bytes(render(doc))
    text_path.write_text("\n".join(paragraphs), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(tool), str(pdf_path), str(text_path)], capture_output=True, text=True
    )
    failed = [
        line.split()[1] for line in result.stdout.splitlines() if line.strip().startswith("FAIL ")
    ]
    # ``shaped`` reads presentation forms from the extracted text; this text layer maps
    # every glyph to its letters, so shaping is checked on the drawn glyphs instead
    # (``check_shaped`` in pdf_checks, run on every article above). ``no_bidi_controls``
    # counts the left-to-right and right-to-left marks the renderer draws where the
    # direction changes between two words (see ``newsconv.writers.pdf.direction``): they
    # are empty glyphs of zero width, which ``check_text_layer`` in pdf_checks verifies
    assert failed == ["shaped", "no_bidi_controls"], result.stdout
    assert "WARN" not in result.stdout  # /Lang and /Direction /R2L are set too
