"""The PDF writer: every check on the examples and test texts, metadata, options, bytes."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pypdf
import pytest

import newsconv
from newsconv.diagnostics import WriterError
from newsconv.writers.base import WriterOptions
from newsconv.writers.pdf import PdfWriter

from .conftest import EXAMPLE, EXAMPLES, ROOT
from .pdf_checks import failures
from .pdf_extract import extract, poppler_text
from .pdf_render import check, folder_loader, render, render_file

DATA = ROOT / "tests" / "data"
DOCUMENTS = [
    EXAMPLE,
    EXAMPLES / "features-ar.txt",
    EXAMPLES / "features-en.txt",
    DATA / "hebrew.txt",
    DATA / "urdu.txt",
]


@pytest.fixture(scope="module")
def example_pdf() -> bytes:
    return render_file(EXAMPLE)[1]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_every_check_passes(path: Path) -> None:
    doc, pdf = render_file(path)
    options = WriterOptions(load_resource=folder_loader(path.parent))
    assert failures(check(doc, pdf, options)) == []


def test_example_is_searchable_with_poppler(example_pdf: bytes) -> None:
    text = poppler_text(example_pdf)
    assert text.count("كازاخستان") == 9  # no normalisation: real letters, logical order
    assert "\ufe8d" not in text and "ﻻ" not in text  # no presentation forms
    assert "الاتحاد" in text and "ملاحقة" in text  # lam-alef read as lam then alef


def test_brackets_come_out_unmirrored() -> None:
    doc = newsconv.parse("قال المتحدث (باسم الوزارة) إن «الاتفاق» نهائي.")
    text = poppler_text(render(doc))
    assert "(باسم الوزارة)" in text and "«الاتفاق»" in text


def test_same_input_same_bytes(example_pdf: bytes) -> None:
    assert render_file(EXAMPLE)[1] == example_pdf


def test_same_bytes_in_another_process(example_pdf: bytes) -> None:
    script = (
        "import sys, newsconv\n"
        "from newsconv.writers.base import WriterOptions\n"
        "from newsconv.writers.pdf import PdfWriter\n"
        f"path = {str(EXAMPLE)!r}\n"
        "doc = newsconv.parse(open(path, encoding='utf-8').read(), source=path)\n"
        "sys.stdout.buffer.write(PdfWriter().write(doc, WriterOptions()))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, env=env, check=True
    )
    assert result.stdout == example_pdf


def test_metadata_is_logical_unicode() -> None:
    doc, pdf = render_file(EXAMPLES / "features-ar.txt")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    info = reader.metadata
    assert info is not None
    assert info.title == doc.meta.headline
    assert info.author == "ليلى منصور"
    assert info.subject == doc.meta.summary
    assert "الترام" in str(info["/Keywords"])
    assert str(info["/CreationDate"]) == "D:20240305184000+00'00'"  # 21:40 at +03:00
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "ar"
    assert root["/ViewerPreferences"]["/Direction"] == "/R2L"


def test_ltr_document_has_no_r2l_preference() -> None:
    _doc, pdf = render_file(EXAMPLES / "features-en.txt")
    root = pypdf.PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert root["/Lang"] == "en"
    assert "/Direction" not in root["/ViewerPreferences"]


def test_dates_come_from_the_options_without_a_document_date() -> None:
    from datetime import UTC, datetime

    doc = newsconv.parse("نص قصير.")
    options = WriterOptions(now=datetime(2023, 1, 2, 3, 4, 5, tzinfo=UTC))
    info = pypdf.PdfReader(io.BytesIO(render(doc, options))).metadata
    assert info is not None and str(info["/CreationDate"]) == "D:20230102030405+00'00'"


def test_page_size_option() -> None:
    doc = newsconv.parse("Short text.")
    letter = render(doc, WriterOptions(extra={"page-size": "letter"}))
    box = pypdf.PdfReader(io.BytesIO(letter)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    a4 = pypdf.PdfReader(io.BytesIO(render(doc))).pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)


RELATED = """[meta]
lang: ar
headline: -
[/meta]
نص المقال.
[related]
كيف تغيرت حركة المرور في عمّان؟ | https://newsconv.example/traffic-decade
عنوان بلا رابط
[/related]
"""


def test_related_article_address_printed_under_its_title() -> None:
    text = poppler_text(render(newsconv.parse(RELATED)))
    lines = [line.strip("\u202a\u202b\u202c\u200e\u200f ") for line in text.splitlines()]
    title = next(i for i, line in enumerate(lines) if "حركة المرور" in line)
    assert lines[title + 1] == "https://newsconv.example/traffic-decade"
    assert text.count("newsconv.example") == 1  # an item without an address prints none


def test_related_addresses_can_be_left_out() -> None:
    options = WriterOptions(extra={"related-urls": "no"})
    pdf = render(newsconv.parse(RELATED), options)
    assert "newsconv.example" not in poppler_text(pdf)
    (annotation,) = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]["/Annots"]  # the title's link
    assert annotation.get_object()["/A"]["/URI"] == "https://newsconv.example/traffic-decade"


@pytest.mark.parametrize(
    "extra", [{"page-size": "b7"}, {"margin": "wide"}, {"margin": "1"}, {"font-size": "99"}]
)
def test_bad_options_raise_a_writer_error(extra: dict[str, str]) -> None:
    with pytest.raises(WriterError):
        render(newsconv.parse("text"), WriterOptions(extra=extra))


def test_two_column_block_first_column_on_the_right_in_rtl() -> None:
    body = "[two-column]\n" + "\n".join(f"الفقرة رقم {n} في العمود." * 3 for n in range(1, 7))
    doc = newsconv.parse(body + "\n[/two-column]")
    lines = extract(render(doc), rtl=True).lines
    first, last = lines[0], lines[-1]
    assert first.column == 1 and first.x0 > 595 / 2  # the first column is the right one
    assert "1" in first.visual and last.column == 2 and last.x1 < 595 / 2
    assert "6" in last.visual


def test_two_column_block_first_column_on_the_left_in_ltr() -> None:
    body = "\n".join(f"Paragraph number {n} of the block, long enough." * 3 for n in range(1, 7))
    doc = newsconv.parse(f"[two-column]\n{body}\n[/two-column]")
    lines = extract(render(doc), rtl=False).lines
    assert lines[0].column == 1 and lines[0].x1 < 595 / 2
    assert lines[-1].column == 2 and lines[-1].x0 > 595 / 2


def test_images_only_through_the_resource_loader() -> None:
    asked: list[str] = []
    chart = (EXAMPLES / "images" / "riders-chart.png").read_bytes()

    def loader(src: str) -> bytes | None:
        asked.append(src)
        return chart

    doc = newsconv.parse('[image src="chart.png" alt="رسم"]تعليق الصورة[/image]')
    pdf = render(doc, WriterOptions(load_resource=loader))
    assert asked == ["chart.png"]
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert len(document.pages[0].images) == 1


def test_missing_image_keeps_the_alt_text() -> None:
    doc = newsconv.parse('[image src="../secret.png" alt="رسم بياني"]تعليق[/image]')
    pdf = render(doc)
    assert "رسم بياني" in poppler_text(pdf)
    assert failures(check(doc, pdf)) == []


def test_missing_glyph_is_a_diagnostic_with_its_position() -> None:
    doc = newsconv.parse("Before\nA word 民 in Chinese.", source="story.txt")
    result = newsconv.render(doc, "pdf")
    assert [str(d).split(": ")[0:2] for d in result.diagnostics] == [
        ["story.txt:2:8", "warning[missing-glyph]"]
    ]
    assert "U+6C11" in result.diagnostics[0].message
    pdf = result.data
    assert isinstance(pdf, bytes)
    assert "A word in Chinese." in poppler_text(pdf)  # the rest of the line reads on
    assert failures(check(doc, pdf)) == []


def test_bidi_controls_are_never_drawn() -> None:
    doc = newsconv.parse("\u202bقال\u202c \u200fالرئيس\u200e إن \u2067Apple\u2069 تنمو.")
    pdf = render(doc)
    assert failures(check(doc, pdf)) == []


def test_long_article_pages_keep_flow_rules() -> None:
    paragraph = " ".join(["كلمة", "أخرى", "ثالثة", "2024", "(بين قوسين)"] * 40)
    lines = [f"عنوان فرعي {n}\n{paragraph}" for n in range(12)]
    doc = newsconv.parse("\n".join(lines))
    pdf = render(doc)
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) > 3
    assert failures(check(doc, pdf)) == []


def test_writer_class_attributes() -> None:
    assert PdfWriter.name == "pdf" and PdfWriter.binary is True
    assert PdfWriter.media_type == "application/pdf" and PdfWriter.extension == "pdf"
    assert isinstance(newsconv.convert(newsconv.parse("x"), "pdf"), bytes)


def test_golden_extracted_text(example_pdf: bytes, golden) -> None:  # type: ignore[no-untyped-def]
    lines = [line.visual for line in extract(example_pdf, rtl=True).lines]
    golden("pdf/kazakhstan.lines.txt", "\n".join(lines) + "\n")
    text = (
        poppler_text(example_pdf).replace("\u202a", "").replace("\u202b", "").replace("\u202c", "")
    )
    golden("pdf/kazakhstan.pdftotext.txt", text)


def test_column_block_longer_than_a_page() -> None:
    paragraphs = "\n".join(
        f"الفقرة رقم {n} في العمودين، وفيها أرقام مثل {n * 37} و(أقواس) تبقى كما هي." * 4
        for n in range(1, 40)
    )
    doc = newsconv.parse(f"[two-column]\n{paragraphs}\n[/two-column]\nفقرة بعد العمودين.")
    pdf = render(doc)
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) >= 3
    assert failures(check(doc, pdf)) == []


def test_sub_headings_are_bookmarks_in_logical_unicode(example_pdf: bytes) -> None:
    outline = pypdf.PdfReader(io.BytesIO(example_pdf)).outline
    assert [entry.title for entry in outline] == ["انقلاب فاشل", "ثورات ملونة"]


def test_strict_mode_fails_on_a_character_no_font_draws() -> None:
    doc = newsconv.parse("A paragraph with a CJK character 民 that no bundled font has.")
    with pytest.raises(WriterError, match="U\\+6C11"):
        PdfWriter().write(doc, WriterOptions(strict=True))
    assert PdfWriter().write(doc, WriterOptions()).startswith(b"%PDF")


@pytest.mark.parametrize(
    "markup",
    [
        "مقدمة\n[two-column]\nعمود أول\n[two-column]\nنص داخلي متداخل أول\nنص داخلي متداخل ثان\n"
        "[/two-column]\nعمود أخير\n[/two-column]",
        '[box title="إطار"]\nقبل\n[two-column]\nنص داخل الإطار أول\nنص داخل الإطار ثان\n'
        "[/two-column]\n[/box]",
        "[quote]\n[two-column]\nاقتباس في عمودين\nتتمة الاقتباس\n[/two-column]\n[/quote]",
    ],
    ids=["columns-in-columns", "columns-in-box", "columns-in-quote"],
)
def test_nested_columns_keep_their_text(markup: str) -> None:
    doc = newsconv.parse(markup)
    pdf = render(doc)
    text = poppler_text(pdf)
    for word in ("متداخل", "الإطار", "الاقتباس"):
        assert markup.count(word) == text.count(word)
    assert failures(check(doc, pdf)) == []


def _huge_png(size: int) -> bytes:
    """A real, valid ``size`` × ``size`` white PNG, compressed as it is written."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    packer = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * size
    pixels = b"".join(packer.compress(row) for _ in range(size)) + packer.flush()
    header = struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_image_over_the_pixel_limit_is_refused_at_its_line() -> None:
    data = _huge_png(12000)
    doc = newsconv.parse('نص\n[image src="big.png" alt="بديل"]تعليق[/image]', source="a.txt")
    options = WriterOptions(load_resource=lambda _src: data)
    result = newsconv.render(doc, "pdf", options)
    (message,) = [str(d) for d in result.diagnostics if "big.png" in d.message]
    assert message.startswith("a.txt:2:1: warning[bad-image]:") and "12000" in message
    assert isinstance(result.data, bytes)
    assert "بديل" in poppler_text(result.data)  # the alt text stands in
    with pytest.raises(WriterError, match="megapixels"):
        PdfWriter().write(doc, WriterOptions(load_resource=lambda _src: data, strict=True))


def test_image_is_embedded_at_the_size_it_is_drawn() -> None:
    from PIL import Image

    from newsconv.writers.pdf.pictures import DRAW_DPI

    out = io.BytesIO()
    Image.new("RGB", (3000, 2000), (30, 90, 200)).save(out, "PNG")
    data = out.getvalue()
    doc = newsconv.parse('[image src="photo.png" alt="صورة"]تعليق[/image]')
    pdf = PdfWriter().write(doc, WriterOptions(load_resource=lambda _src: data))
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        (image,) = document.pages[0].images
    drawn_pixels = (image["x1"] - image["x0"]) * DRAW_DPI / 72
    assert image["srcsize"][0] <= drawn_pixels + 1 < 3000


def test_page_streams_are_flate_compressed_at_the_chosen_level(example_pdf: bytes) -> None:
    """Each page's content stream is Flate at PAGE_STREAM_LEVEL and decodes to the page."""
    import zlib

    import pikepdf

    from newsconv.writers.pdf import PAGE_STREAM_LEVEL

    with pikepdf.open(io.BytesIO(example_pdf)) as pdf:
        for page in pdf.pages:
            contents = page.obj.Contents
            assert contents.Filter == [pikepdf.Name.FlateDecode]
            data = contents.read_bytes()
            assert b" TJ" in data
            assert contents.read_raw_bytes() == zlib.compress(data, PAGE_STREAM_LEVEL)
