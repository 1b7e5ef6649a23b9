"""PDF/UA-1: the checker in :mod:`.pdfua_check` on our files (and on files broken on
purpose, so that each of its rules is seen to fail), hyperlinks as ``Link`` elements, the
XMP identification, headings, figures, and the reading order of a two-column page.

veraPDF, the reference PDF/UA validator, is not published on the package registries the
tests install from, so the checker implements the machine-checkable rules of veraPDF's
PDF/UA-1 profile that concern these files; the ``pdfua`` package, a smaller independent
subset, runs on them too. The corpus articles go through the same checker in
``test_pdf_corpus``.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pdfplumber
import pdfua
import pikepdf
import pytest

import newsconv
from newsconv.model import Paragraph, inline_text, walk_blocks
from newsconv.writers.base import WriterOptions

from .conftest import EXAMPLE, EXAMPLES
from .pdf_render import render, render_file
from .pdfua_check import check_pdf

FILES = [EXAMPLE, EXAMPLES / "features-ar.txt", EXAMPLES / "features-en.txt"]

LONG_LINK = (
    "[headline]A link over two lines[/headline]\n"
    "The council published the tender documents on "
    '[link url="https://newsconv.example/tenders/2024"]its own procurement portal, where '
    "every bid of the transport plan and every contract signed with a supplier can be read "
    "in full[/link] before the vote.\n"
)


@pytest.fixture(scope="module")
def features_pdf() -> bytes:
    return render_file(EXAMPLES / "features-ar.txt")[1]


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_examples_pass_every_pdfua_check(path: Path) -> None:
    report = check_pdf(render_file(path)[1])
    assert report.failures == []
    assert report.marked > 10 and report.artifacts > 0 and report.codes > 500


def test_pdfua_package_finds_nothing(features_pdf: bytes, tmp_path: Path) -> None:
    """The independent ``pdfua`` checker (16 of the profile's rules) agrees."""
    path = tmp_path / "features.pdf"
    path.write_bytes(features_pdf)
    report = pdfua.validate(str(path))
    assert [finding.message for finding in report.findings] == []


# ---------------------------------------------------------------------------- the checker fails


def _untagged_path(pdf: pikepdf.Pdf) -> None:
    pdf.pages[0].contents_add(b"0 0 m 10 10 l S", prepend=False)


def _artifact_in_tagged(pdf: pikepdf.Pdf) -> None:
    pdf.pages[0].contents_add(b"/P <</MCID 0>> BDC /Artifact BMC 0 0 m 1 1 l S EMC EMC")


def _no_to_unicode(pdf: pikepdf.Pdf) -> None:
    for font in pdf.pages[0].Resources.Font.values():
        del font["/ToUnicode"]


def _wrong_widths(pdf: pikepdf.Pdf) -> None:
    for font in pdf.pages[0].Resources.Font.values():
        font.Widths = pikepdf.Array([500] * len(font.Widths))


def _unparented_link(pdf: pikepdf.Pdf) -> None:
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            del annotation["/StructParent"]


def _no_link_text(pdf: pikepdf.Pdf) -> None:
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            del annotation["/Contents"]


def _stale_next_key(pdf: pikepdf.Pdf) -> None:
    pdf.Root.StructTreeRoot.ParentTreeNextKey = 1


def _other_part(pdf: pikepdf.Pdf) -> None:
    packet = pdf.Root.Metadata.read_bytes().replace(b">1</pdfuaid:part>", b">2</pdfuaid:part>")
    pdf.Root.Metadata.write(packet)


def _no_language(pdf: pikepdf.Pdf) -> None:
    del pdf.Root["/Lang"]


def _remapped_paragraph(pdf: pikepdf.Pdf) -> None:
    pdf.Root.StructTreeRoot.RoleMap.P = pikepdf.Name.Span


def _skipped_heading(pdf: pikepdf.Pdf) -> None:
    document = pdf.Root.StructTreeRoot.K
    for kid in document.K:
        if kid.get("/S") == "/H1":
            kid.S = pikepdf.Name.H3
            break


def _figure_without_alt(pdf: pikepdf.Pdf) -> None:
    def walk(element: Any) -> None:
        if element.get("/S") == "/Figure":
            del element["/Alt"]
        for kid in element.get("/K", []):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                walk(kid)

    walk(pdf.Root.StructTreeRoot.K)


def _unlisted_mcid(pdf: pikepdf.Pdf) -> None:
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    del nums[1][-1]


BREAKAGES: list[tuple[Callable[[pikepdf.Pdf], None], str]] = [
    (_untagged_path, "7.1-3"),
    (_artifact_in_tagged, "7.1-1"),
    (_no_to_unicode, "7.21.7-1"),
    (_wrong_widths, "7.21.5-1"),
    (_unparented_link, "7.18.5-1"),
    (_no_link_text, "7.18.5-2"),
    (_stale_next_key, "tree"),
    (_other_part, "5-2"),
    (_no_language, "7.2-34"),
    (_remapped_paragraph, "7.1-7"),
    (_skipped_heading, "7.4.2-1"),
    (_figure_without_alt, "7.3-1"),
    (_unlisted_mcid, "tree"),
]


@pytest.mark.parametrize(
    ("breakage", "rule"), BREAKAGES, ids=[breakage.__name__[1:] for breakage, _ in BREAKAGES]
)
def test_checker_fails_a_broken_file(
    features_pdf: bytes, breakage: Callable[[pikepdf.Pdf], None], rule: str
) -> None:
    with pikepdf.open(io.BytesIO(features_pdf)) as pdf:
        breakage(pdf)
        out = io.BytesIO()
        pdf.save(out)
    failures = check_pdf(out.getvalue()).failures
    assert any(failure.startswith(f"{rule}:") for failure in failures), failures


# ---------------------------------------------------------------------------- links


def _link_elements(pdf: pikepdf.Pdf) -> list[Any]:
    found: list[Any] = []

    def walk(element: Any) -> None:
        if element.get("/S") == "/Link":
            found.append(element)
        for kid in element.get("/K", []):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                walk(kid)

    walk(pdf.Root.StructTreeRoot.K)
    return found


def test_a_link_over_two_lines_is_one_link_element_with_both_annotations() -> None:
    doc = newsconv.parse(LONG_LINK)
    data = render(doc)
    assert check_pdf(data).failures == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        (link,) = _link_elements(pdf)
        assert link.P.S == "/P"
        kids = list(link.K)
        mcids = [kid for kid in kids if isinstance(kid, int)]
        objects = [kid for kid in kids if isinstance(kid, pikepdf.Dictionary)]
        assert len(mcids) == 2 and [kid.Type for kid in objects] == ["/OBJR"] * 2
        annotations = list(pdf.pages[0].Annots)
        assert [a.objgen for a in annotations] == [kid.Obj.objgen for kid in objects]
        nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
        for annotation in annotations:
            assert str(annotation.Contents) == (  # both halves describe the whole link
                "its own procurement portal, where every bid of the transport plan and every "
                "contract signed with a supplier can be read… (https://newsconv.example/tenders/2024)"
            )
            key = int(annotation.StructParent)
            assert nums[nums.index(key) + 1].objgen == link.objgen
        assert int(pdf.Root.StructTreeRoot.ParentTreeNextKey) == 1 + len(annotations)
    with pdfplumber.open(io.BytesIO(data)) as document:
        text = "".join(ch["text"] for ch in document.pages[0].chars if ch.get("mcid") in mcids)
    assert text.replace(" ", "") == (
        "itsownprocurementportal,whereeverybidofthetransportplanandeverycontract"
        "signedwithasuppliercanbereadinfull"
    )


def test_each_link_of_the_features_is_tagged(features_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(features_pdf)) as pdf:
        links = _link_elements(pdf)
        annotations = [a for page in pdf.pages for a in page.obj.get("/Annots", [])]
        assert len(links) == 2 and len(annotations) == 3
        assert [str(link.P.S) for link in links] == ["/P", "/LBody"]
        # the related article's title and its printed address: one link, two annotations
        related = [kid for kid in links[1].K if isinstance(kid, pikepdf.Dictionary)]
        assert [kid.Type for kid in related] == ["/OBJR"] * 2


# ---------------------------------------------------------------------------- identification


def test_xmp_identifies_pdfua_and_repeats_the_information(features_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(features_pdf)) as pdf:
        assert pdf.Root.Metadata.Subtype == "/XML" and "/Filter" not in pdf.Root.Metadata
        meta = pdf.open_metadata()
        info = pdf.docinfo
        assert meta["pdfuaid:part"] == "1"
        assert meta["dc:title"] == str(info.Title)
        assert meta["dc:language"] == {"ar"} and str(pdf.Root.Lang) == "ar"
        assert meta["dc:creator"] == [str(info.Author)]
        assert meta["pdf:Producer"] == str(info.Producer)
        date = str(info.CreationDate)  # D:20240305184000+00'00'
        assert meta["xmp:CreateDate"] == (
            f"{date[2:6]}-{date[6:8]}-{date[8:10]}T{date[10:12]}:{date[12:14]}:{date[14:16]}+00:00"
        )
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True


def test_xmp_date_follows_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = newsconv.parse("[headline]بلا تاريخ[/headline]\nنص قصير.")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first, second = render(doc), render(doc)
    assert first == second
    with pikepdf.open(io.BytesIO(first)) as pdf:
        moment = datetime.fromtimestamp(1700000000, UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
        assert pdf.open_metadata()["xmp:ModifyDate"] == moment


def test_no_unused_standard_font_in_the_pages(features_pdf: bytes) -> None:
    """reportlab's default initial font (Helvetica, not embedded) is not in the file."""
    with pikepdf.open(io.BytesIO(features_pdf)) as pdf:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                assert "/FontFile2" in font.FontDescriptor


def test_metadata_text_without_xml_forbidden_characters() -> None:
    doc = newsconv.parse("[headline]A & B <tag> \x01 end[/headline]\nBody.")
    with pikepdf.open(io.BytesIO(render(doc))) as pdf:
        assert pdf.open_metadata()["dc:title"] == str(pdf.docinfo.Title).replace("\x01", "")


# ---------------------------------------------------------------------------- headings, figures


def _types(data: bytes) -> list[str]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        types: list[str] = []

        def walk(element: Any) -> None:
            types.append(str(element.S)[1:])
            for kid in element.get("/K", []):
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    walk(kid)

        walk(pdf.Root.StructTreeRoot.K)
    return types


def test_sub_headings_are_the_first_level_without_a_headline() -> None:
    """The example has no headline (its title is derived from the lead): its sub-headings
    are ``H1``, so that no heading level is skipped."""
    types = _types(render_file(EXAMPLE)[1])
    assert types.count("H1") == 2 and "H2" not in types
    with_headline = _types(
        render(newsconv.parse("[headline]عنوان[/headline]\n[heading]قسم[/heading]\nنص."))
    )
    assert [t for t in with_headline if t.startswith("H")] == ["H1", "H2"]


def test_figure_bbox_is_where_its_image_is_drawn(features_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(features_pdf)) as pdf:
        for index, page in enumerate(pdf.pages):
            matrix = None
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "cm" and operands[1] == 0 and operands[2] == 0:
                    matrix = [float(value) for value in operands]
                if str(operator) == "Do":
                    break
            else:
                continue
            assert matrix is not None
            width, height, x, y = matrix[0], matrix[3], matrix[4], matrix[5]
            figure = _figure(pdf)
            assert figure.Pg.objgen == page.objgen, index
            box = [float(value) for value in figure.A.BBox]
            assert figure.A.O == "/Layout"
            assert box == pytest.approx([x, y, x + width, y + height], abs=0.01)
            return
    pytest.fail("no image drawn")


def _figure(pdf: pikepdf.Pdf) -> Any:
    def walk(element: Any) -> Any:
        if element.get("/S") == "/Figure":
            return element
        for kid in element.get("/K", []):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid and (found := walk(kid)):
                return found
        return None

    return walk(pdf.Root.StructTreeRoot.K)


def test_decorative_and_missing_images(tmp_path: Path) -> None:
    """A decorative image is an artifact (its caption stays text, in a ``Div``); an image
    that cannot be loaded leaves no ``Figure`` (its alt text is drawn in the caption)."""
    (tmp_path / "images").mkdir()
    source = EXAMPLES / "images"
    image = next(path for path in sorted(source.iterdir()) if path.suffix == ".png")
    (tmp_path / "images" / image.name).write_bytes(image.read_bytes())
    text = (
        "[headline]Images[/headline]\nFirst.\n"
        f"[image src=images/{image.name} decorative]An ornament[/image]\nSecond.\n"
        '[image src=images/missing.png alt="A chart of fares"]Fares[/image]\nThird.\n'
    )
    path = tmp_path / "images.txt"
    path.write_text(text, encoding="utf-8")
    data = render_file(path)[1]
    report = check_pdf(data)
    assert report.failures == []
    types = _types(data)
    assert "Figure" not in types and types.count("Div") == 2 and types.count("Caption") == 2
    with pikepdf.open(io.BytesIO(data)) as pdf:
        tags: list[str] = []
        for operands, operator in pikepdf.parse_content_stream(pdf.pages[0]):
            if str(operator) in ("BDC", "BMC"):
                tags.append(str(operands[0]))
            elif str(operator) == "Do":
                assert tags[-1] == "/Artifact"
                break
        else:
            pytest.fail("the decorative image is not drawn")


# ---------------------------------------------------------------------------- reading order

TWO_COLUMNS = """[headline]عنوان التجربة[/headline]
مقدمة قبل العمودين تمتد على عرض الصفحة كله لتعرض موضوع المقال وتشرح ما يأتي في العمودين التاليين.
[two-column]
الفقرة الأولى في العمود الأيمن تتحدث عن النقل العام في المدينة وخططه الجديدة للسنوات المقبلة.
الفقرة الثانية تتابع الحديث عن الحافلات والترام والخطوط الجديدة التي تربط الأحياء.
الفقرة الثالثة تنتقل إلى التمويل والقروض التي قدمها البنك الدولي للمشروع.
الفقرة الرابعة تختم بآراء السكان في الخطة ومواعيد التنفيذ المتوقعة.
[/two-column]
خاتمة بعد العمودين تمتد هي الأخرى على عرض الصفحة كله وتلخص ما جاء في الفقرات الأربع السابقة.
"""

READING_ORDER = [
    ("مقدمة", "full"),
    ("الأولى", "right"),
    ("الثانية", "right"),
    ("الثالثة", "left"),
    ("الرابعة", "left"),
    ("خاتمة", "full"),
]
"""Each paragraph of ``TWO_COLUMNS`` in the order of the tree: a word of it, and where
on the page it is drawn (right to left: the right column first)."""


def _letters(text: str) -> Counter[str]:
    return Counter(ch for ch in unicodedata.normalize("NFKC", text) if ch.isalnum())


def test_tree_order_of_a_two_column_right_to_left_page() -> None:
    doc = newsconv.parse(TWO_COLUMNS)
    data = render(doc, WriterOptions())
    assert check_pdf(data).failures == []
    paragraphs = [
        inline_text(block.children)
        for block in walk_blocks(doc.blocks)
        if isinstance(block, Paragraph)
    ]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        middle = float(pdf.pages[0].MediaBox[2]) / 2
        elements = [
            [int(kid) for kid in element.K]
            for element in pdf.Root.StructTreeRoot.K.K
            if element.S == "/P"
        ]
    with pdfplumber.open(io.BytesIO(data)) as document:
        chars = [ch for ch in document.pages[0].chars if ch.get("mcid") is not None]
    table: list[tuple[str, str]] = []
    for mcids, paragraph in zip(elements, paragraphs, strict=True):
        own = [ch for ch in chars if ch["mcid"] in mcids]
        assert _letters("".join(ch["text"] for ch in own)) == _letters(paragraph)
        left, right = min(ch["x0"] for ch in own), max(ch["x1"] for ch in own)
        side = "right" if left > middle else "left" if right < middle else "full"
        word = next(w for w, _side in READING_ORDER if re.search(rf"\b{w}\b", paragraph))
        table.append((word, side))
    assert table == READING_ORDER
