"""Writers report what they leave out as diagnostics with source positions."""

from __future__ import annotations

import newsconv


def codes(text: str, fmt: str) -> list[str]:
    doc = newsconv.parse(text, source="story.txt")
    return [str(d).split(": ", 2)[0] + " " + d.code for d in newsconv.render(doc, fmt).diagnostics]


def test_epub_reports_dropped_links_and_images_where_they_were_written() -> None:
    text = (
        'Text with [link url="other.html"]a relative link[/link] and'
        ' [link url="https://example.org"]a good one[/link].\n'
        '[image src="missing.png" alt="m"]Caption[/image]\n'
    )
    assert codes(text, "epub") == [
        "story.txt:1:11 link-dropped",
        "story.txt:2:1 image-unavailable",
    ]


def test_epub_digest_reports_against_each_article() -> None:
    one = newsconv.parse('[link url="a.html"]x[/link] text.', source="one.txt")
    two = newsconv.parse('Fine text, [link url="b.html"]y[/link].', source="two.txt")
    result = newsconv.render([one, two], "epub")
    assert [(d.file, d.line, d.column, d.code) for d in result.diagnostics] == [
        ("one.txt", 1, 1, "link-dropped"),
        ("two.txt", 1, 12, "link-dropped"),
    ]


def test_pdf_reports_an_image_it_cannot_read() -> None:
    assert codes('[image src="missing.png" alt="m"]C[/image]\nText.', "pdf") == [
        "story.txt:1:1 image-unavailable"
    ]


def test_clean_article_has_no_writer_diagnostics() -> None:
    text = 'A paragraph with [link url="https://example.org"]a link[/link].\n'
    for fmt in ("html", "epub", "newsml", "ninjs", "pdf"):
        assert codes(text, fmt) == [], fmt
