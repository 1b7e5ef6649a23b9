"""PDF/UA-1: what the file says in words: its natural language when the document's is
undetermined (``und``), a title that is never empty, link descriptions, and a figure's
caption outside the ``Figure`` whose ``/Alt`` would hide it. None of it changes a page."""

from __future__ import annotations

import io
from typing import Any
from xml.etree import ElementTree

import pikepdf
import pytest

import newsconv
from newsconv.api import WriteResult
from newsconv.model import (
    Document,
    Heading,
    Link,
    Metadata,
    Paragraph,
    Text,
)
from newsconv.writers.base import WriterOptions
from newsconv.writers.pdf.describe import LINK_TEXT_CHARS, TITLE_CHARS, link_description
from newsconv.writers.pdf.language import DEFAULT_LANGUAGE

from .conftest import EXAMPLES
from .pdf_render import render_file
from .pdfua_check import check_pdf

ARABIC = "ذهب الوفد إلى المدينة في الصباح، وعقد اجتماعا مع المجلس البلدي حول خطة النقل."
ENGLISH = "The council met on Monday and the vote on the transport plan was held at noon."
FRENCH = "Le conseil a voté le plan de transport pour la ville et les communes voisines."
_XMP = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def _paragraph(*texts: str) -> Paragraph:
    return Paragraph(tuple(Text(text) for text in texts))


def _pdf(doc: Document, options: WriterOptions | None = None) -> WriteResult:
    return newsconv.render(doc, "pdf", options)


def _data(result: WriteResult) -> bytes:
    assert isinstance(result.data, bytes)
    return result.data


def _catalog(data: bytes) -> tuple[str | None, str, str]:
    """The catalog's /Lang, the XMP dc:language and dc:title."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        lang = str(pdf.Root.Lang) if "/Lang" in pdf.Root else None
        tree = ElementTree.fromstring(pdf.Root.Metadata.read_bytes())
        title = pdf.docinfo.get("/Title")
    language = tree.find(".//dc:language/rdf:Bag/rdf:li", _XMP)
    xmp_title = tree.find(".//dc:title/rdf:Alt/rdf:li", _XMP)
    assert xmp_title is not None and str(title) == xmp_title.text
    return lang, language.text if language is not None else "", xmp_title.text or ""


def _elements(data: bytes) -> list[tuple[str, str | None, Any]]:
    """(type, /Lang, /Alt) of every structure element, depth first."""
    found: list[tuple[str, str | None, Any]] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:

        def walk(element: Any) -> None:
            lang = str(element.Lang) if "/Lang" in element else None
            alt = str(element.Alt) if "/Alt" in element else None
            found.append((str(element.S)[1:], lang, alt))
            for kid in element.get("/K", []):
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    walk(kid)

        walk(pdf.Root.StructTreeRoot.K)
    return found


# ---------------------------------------------------------------------------- language


def test_undetermined_document_declares_the_dominant_language_of_its_body() -> None:
    doc = Document(
        (
            _paragraph(ARABIC),
            Heading((Text("خطة النقل الجديدة في المدينة"),)),
            _paragraph(ENGLISH[:40]),
            _paragraph(ARABIC),
        )
    )
    assert doc.lang == "und"
    result = _pdf(doc)
    data = _data(result)
    lang, language, _title = _catalog(data)
    assert (lang, language) == ("ar", "ar")
    elements = _elements(data)
    assert elements[0] == ("Document", "ar", None)
    assert [lang for kind, lang, _alt in elements if kind == "P"] == [None, "en", None]
    assert result.diagnostics == ()
    assert check_pdf(data).failures == []


def test_metadata_und_is_detected_too_and_other_languages_get_their_own_lang() -> None:
    text = f"{ENGLISH}\n\n{FRENCH}\n\n{ENGLISH}\n\n[list]\n- {FRENCH}\n- {ENGLISH}\n[/list]\n"
    doc = newsconv.parse(text, meta={"lang": "und"}, infer=False)
    assert doc.lang == "und"
    data = _data(_pdf(doc))
    assert _catalog(data)[:2] == ("en", "en")
    langs = [(kind, lang) for kind, lang, _alt in _elements(data) if kind in ("P", "LI")]
    assert ("P", "fr") in langs and ("LI", "fr") in langs
    assert [lang for _kind, lang in langs].count("fr") == 2
    assert check_pdf(data).failures == []


def test_a_figure_alone_tells_the_language_by_its_alt_text_and_caption() -> None:
    doc = newsconv.parse('[image src="missing.png" alt="رسم بياني للركاب"]تعليق[/image]')
    assert doc.lang == "und"
    result = _pdf(doc)
    assert _catalog(_data(result))[:2] == ("ar", "ar")
    assert [d.code for d in result.diagnostics] == ["image-unavailable"]


def test_a_known_language_is_kept_as_it_is() -> None:
    doc = Document((_paragraph(ENGLISH),), lang="fr")
    result = _pdf(doc)
    assert _catalog(_data(result))[:2] == ("fr", "fr")
    assert result.diagnostics == ()


@pytest.mark.parametrize(
    "doc",
    [
        Document(()),
        Document((_paragraph("2024 — 15 / 30"),)),
        Document((_paragraph("Совет собрался в понедельник, и голосование состоялось."),)),
    ],
    ids=["empty", "no-letters", "unknown-script"],
)
def test_no_language_to_tell_declares_the_default_with_a_warning(doc: Document) -> None:
    result = _pdf(doc)
    data = _data(result)
    assert _catalog(data)[:2] == (DEFAULT_LANGUAGE, DEFAULT_LANGUAGE)
    (warning,) = result.diagnostics
    assert warning.code == "language-undetermined" and warning.severity.name == "WARNING"
    assert DEFAULT_LANGUAGE in warning.message
    assert check_pdf(data).failures == []


def test_the_detected_language_changes_nothing_drawn() -> None:
    """The tags change, the pages do not: the same content streams as with the language
    given in the metadata (for a document whose drawing does not depend on it)."""
    blocks = (_paragraph(ENGLISH), _paragraph(FRENCH), _paragraph(ENGLISH))
    undetermined = _data(_pdf(Document(blocks)))
    given = _data(_pdf(Document(blocks, lang="en")))
    assert _streams(undetermined) == _streams(given)


def _streams(data: bytes) -> list[bytes]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [page.obj.Contents.read_bytes() for page in pdf.pages]


def test_checker_fails_a_catalog_language_of_und() -> None:
    data = _data(_pdf(Document((_paragraph(ENGLISH),))))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.Root.Lang = pikepdf.String("und")
        out = io.BytesIO()
        pdf.save(out)
    assert any(f.startswith("7.2-34:") for f in check_pdf(out.getvalue()).failures)


# ---------------------------------------------------------------------------- title


def test_title_without_headline_is_the_first_words_of_the_body() -> None:
    words = ENGLISH.split()
    doc = Document((_paragraph(ENGLISH),))
    title = _catalog(_data(_pdf(doc)))[2]
    assert title == " ".join(words[:10]) + "…"
    assert len(title) <= TITLE_CHARS + 1


def test_title_of_a_short_right_to_left_body_is_its_logical_text() -> None:
    doc = Document((_paragraph("\u202bخطة النقل\u202c"),), lang="ar", dir="rtl")
    assert _catalog(_data(_pdf(doc)))[2] == "خطة النقل"


def test_title_option_then_untitled_and_never_empty() -> None:
    body = Document((_paragraph(ENGLISH),))
    assert _catalog(_data(_pdf(body, WriterOptions(title="Evening edition"))))[2] == (
        "Evening edition"
    )
    headline = Document((_paragraph(ENGLISH),), Metadata(headline="  Fares  rise "))
    assert _catalog(_data(_pdf(headline, WriterOptions(title="Edition"))))[2] == "Fares rise"
    assert _catalog(_data(_pdf(Document(()))))[2] == "Untitled"
    assert _catalog(_data(_pdf(Document((), lang="ar"))))[2] == "بلا عنوان"


def test_checker_fails_an_empty_title() -> None:
    data = _data(_pdf(Document((_paragraph(ENGLISH),))))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        packet = pdf.Root.Metadata.read_bytes()
        start = packet.index(b'"x-default">') + len(b'"x-default">')
        end = packet.index(b"</rdf:li>", start)
        pdf.Root.Metadata.write(packet[:start] + packet[end:])
        out = io.BytesIO()
        pdf.save(out)
    assert any(f.startswith("7.1-9:") for f in check_pdf(out.getvalue()).failures)


# ---------------------------------------------------------------------------- links


def _contents(data: bytes) -> list[str]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [str(a.Contents) for page in pdf.pages for a in page.obj.get("/Annots", [])]


def test_link_description_is_its_text_in_logical_order_and_its_address() -> None:
    url = "https://newsconv.example/plan"
    doc = Document(
        (
            Paragraph(
                (
                    Text("قال المجلس إن "),
                    Link(url, (Text("خطة النقل "), Text("(PDF)"))),
                    Text(" منشورة، وإن "),
                    Link(url, (Text("الجدول"),)),
                    Text(" كذلك."),
                )
            ),
            Paragraph((Text("See "), Link(url, (Text(url),)), Text("."))),
        ),
        lang="ar",
        dir="rtl",
    )
    data = _data(_pdf(doc))
    assert _contents(data) == [
        f"خطة النقل (PDF) ({url})",
        f"الجدول ({url})",
        url,  # its text is its address: said once
    ]
    assert check_pdf(data).failures == []


def test_link_description_is_bounded() -> None:
    url = "https://newsconv.example/" + "a" * 300
    text = "word " * 60
    described = link_description(text, url)
    head, address = described.split(" (", 1)
    assert len(head) == LINK_TEXT_CHARS and head.endswith("…")
    assert address.endswith("…)") and len(address) <= 201
    assert link_description("  two\n lines\u200f ", "https://x.example") == (
        "two lines (https://x.example)"
    )


def test_checker_fails_a_link_described_by_its_address() -> None:
    data = render_file(EXAMPLES / "features-en.txt")[1]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for annotation in page.obj.get("/Annots", []):
                annotation.Contents = annotation.A.URI
        out = io.BytesIO()
        pdf.save(out)
    assert any(f.startswith("7.18.5-2:") for f in check_pdf(out.getvalue()).failures)


# ---------------------------------------------------------------------------- figures


def test_caption_follows_its_figure_where_the_alt_does_not_hide_it() -> None:
    data = render_file(EXAMPLES / "features-ar.txt")[1]
    elements = _elements(data)
    kinds = [kind for kind, _lang, _alt in elements]
    index = kinds.index("Figure")
    assert kinds[index - 1 : index + 2] == ["Div", "Figure", "Caption"]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        figure = _find(pdf.Root.StructTreeRoot.K, "/Figure")
        assert figure is not None and figure.P.S == "/Div"
        assert [kid for kid in figure.K if isinstance(kid, pikepdf.Dictionary)] == []
    assert check_pdf(data).failures == []


def _find(element: Any, kind: str) -> Any:
    if element.get("/S") == kind:
        return element
    for kid in element.get("/K", []):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found = _find(kid, kind)
            if found is not None:
                return found
    return None


def test_checker_fails_a_caption_inside_a_figure_with_alt() -> None:
    data = render_file(EXAMPLES / "features-ar.txt")[1]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        figure = _find(pdf.Root.StructTreeRoot.K, "/Figure")
        caption = _find(figure.P, "/Caption")
        caption.P = figure
        figure.K = pikepdf.Array([*figure.K, caption])
        group = figure.P
        group.K = pikepdf.Array([kid for kid in group.K if kid.objgen != caption.objgen])
        out = io.BytesIO()
        pdf.save(out)
    assert any(f.startswith("caption:") for f in check_pdf(out.getvalue()).failures)
