"""The fast formatter writes exactly the bytes of reportlab's own, and only while saving."""

from __future__ import annotations

from collections import OrderedDict
from contextlib import nullcontext
from typing import Any

import pytest
from reportlab.pdfbase import pdfdoc

import newsconv
from newsconv.writers.base import WriterOptions
from newsconv.writers.pdf import PdfWriter, serialize

from .conftest import EXAMPLES


def _document() -> Any:
    document = pdfdoc.PDFDocument(invariant=1)
    document.Reference(pdfdoc.PDFDictionary({"A": 1}), "target")
    document.idToObjectNumberAndVersion["target"] = (7, 0)
    return document


def _samples() -> list[Any]:
    nested = pdfdoc.PDFDictionary({"Z": 1, "a b": "/Name#x", "K": [1, 2.5]})
    commented = pdfdoc.PDFDictionary({"Q": 3})
    commented.__Comment__ = "a comment"
    return [
        "plain",
        "tab\tand\nnewline",
        "caf\u00e9 \u2013 dash",
        "\x7f",
        0,
        -3,
        1.25,
        1e-7,
        123456789.123,
        True,
        None,
        b"\x00raw",
        pdfdoc.PDFObjectReference("target"),
        pdfdoc.PDFString("(text) \u0627"),
        nested,
        commented,
        pdfdoc.PDFDictionary(OrderedDict([("Zed", 1), ("Alpha", 2)])),
        pdfdoc.PDFArray([1, "/N", nested, pdfdoc.PDFArray(list(range(25)))]),
        pdfdoc.PDFArrayCompact(list(range(23))),
        pdfdoc.PDFDictionary({f"K{index}": index for index in range(14)}),
        pdfdoc.PDFStream(content=b"stream bytes"),
    ]


@pytest.mark.parametrize("multiline", [True, False, "forced"])
@pytest.mark.parametrize("sample", range(len(_samples())))
def test_same_bytes_as_reportlab(sample: int, multiline: bool | str) -> None:
    results = []
    for fast in (False, True):
        element = _samples()[sample]
        if isinstance(element, pdfdoc.PDFDictionary | pdfdoc.PDFArray):
            element.multiline = multiline
        document = _document()
        with serialize.fast_formatting() if fast else nullcontext():
            formatter = serialize.format_object if fast else pdfdoc.format
            results.append((formatter(element, document), formatter(element, document, 1)))
    assert results[0] == results[1]


def test_reportlab_formatter_is_back_after_a_document() -> None:
    original = pdfdoc.format
    seen: list[object] = []
    real_save = pdfdoc.PDFDocument.GetPDFData

    def spy(self: Any, canvas: Any) -> bytes:
        seen.append(pdfdoc.format)
        return real_save(self, canvas)  # type: ignore[no-any-return]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdfdoc.PDFDocument, "GetPDFData", spy)
        doc = newsconv.parse((EXAMPLES / "features-en.txt").read_text(encoding="utf-8"))
        PdfWriter().write(doc, WriterOptions())
    assert seen == [serialize.format_object]
    assert pdfdoc.format is original


def test_document_bytes_equal_reportlab_formatting(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = newsconv.parse((EXAMPLES / "features-ar.txt").read_text(encoding="utf-8"))
    fast = PdfWriter().write(doc, WriterOptions())
    monkeypatch.setattr(serialize, "format_object", pdfdoc.format)
    assert PdfWriter().write(doc, WriterOptions()) == fast
