"""Tagged PDF: the structure tree, read with pikepdf (and listed by ``pdfinfo -struct``).

Checked: the catalog's ``/MarkInfo`` and ``/StructTreeRoot``, the element types of every
block kind in reading order (the right column first in a right-to-left document), a
figure's ``/Alt``, ``/Lang`` where a paragraph's language differs, that every piece of
text or image drawn is either tagged content of exactly one element or an artifact (the
page number is a pagination artifact), and the parent tree.
"""

from __future__ import annotations

import io
import subprocess
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pytest

import newsconv
from newsconv.model import Paragraph, walk_blocks
from newsconv.model import inline_text as text_of

from .conftest import EXAMPLE, EXAMPLES
from .pdf_render import render, render_file
from .tools import executable


@dataclass
class Element:
    """What the tests need of one structure element."""

    depth: int
    kind: str
    parent: str
    alt: str | None
    lang: str | None
    content: list[tuple[int, int]]
    """(page index, MCID) of its own marked content."""


def _elements(pdf: bytes) -> list[Element]:
    """Every structure element, depth first, in tree order."""
    out: list[Element] = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        pages = {page.objgen: index for index, page in enumerate(document.pages)}

        def walk(element: Any, depth: int) -> None:
            parent = element.P.get("/S")
            content = _content(element, pages)
            out.append(
                Element(
                    depth,
                    str(element.S)[1:],
                    str(parent)[1:] if parent is not None else "",
                    str(element.Alt) if "/Alt" in element else None,
                    str(element.Lang) if "/Lang" in element else None,
                    content,
                )
            )
            for kid in _kids(element):
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                    walk(kid, depth + 1)

        walk(document.Root.StructTreeRoot.K, 0)
    return out


def _content(element: Any, pages: dict[Any, int]) -> list[tuple[int, int]]:
    """(page index, MCID) of an element's own marked content: numbers on its ``/Pg``,
    marked-content references elsewhere."""
    out: list[tuple[int, int]] = []
    for kid in _kids(element):
        if isinstance(kid, int):
            out.append((pages[element.Pg.objgen], kid))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            out.append((pages[kid.Pg.objgen], int(kid.MCID)))
    return out


def _kids(element: Any) -> list[Any]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _marked_content_refs(pdf: bytes) -> list[tuple[int, int, str]]:
    """(page index, MCID, element type) for every marked-content reference in the tree."""
    refs: list[tuple[int, int, str]] = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        pages = {page.objgen: index for index, page in enumerate(document.pages)}

        def walk(element: Any) -> None:
            kind = str(element.S)[1:]
            refs.extend((page, mcid, kind) for page, mcid in _content(element, pages))
            for kid in _kids(element):
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                    walk(kid)

        walk(document.Root.StructTreeRoot.K)
    return refs


def _unmarked_drawing(pdf: bytes) -> tuple[list[str], dict[int, list[int]]]:
    """Text and image operators outside any marked content, and the MCIDs of each page."""
    bare: list[str] = []
    mcids: dict[int, list[int]] = {}
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for index, page in enumerate(document.pages):
            stack: list[bool] = []
            for operands, operator in pikepdf.parse_content_stream(page):
                name = str(operator)
                if name in ("BDC", "BMC"):
                    properties = operands[1] if name == "BDC" else None
                    marked = str(operands[0]) == "/Artifact"
                    if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
                        mcids.setdefault(index, []).append(int(properties.MCID))
                        marked = True
                    stack.append(marked or any(stack))
                elif name == "EMC":
                    stack.pop()
                elif name in ("TJ", "Tj", "'", '"', "Do", "re", "l") and not any(stack):
                    bare.append(f"page {index + 1}: {name}")
    return bare, mcids


@pytest.fixture(scope="module")
def features_pdf() -> bytes:
    return render_file(EXAMPLES / "features-ar.txt")[1]


def test_catalog_marks_the_file_as_tagged(features_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(features_pdf)) as document:
        root = document.Root
        assert root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in root and str(root.Lang) == "ar"
        assert document.pdf_version == "1.7"
        assert all(page.obj.Tabs == "/S" for page in document.pages)


def test_every_block_kind_has_its_element_in_reading_order(features_pdf: bytes) -> None:
    elements = _elements(features_pdf)
    types = [element.kind for element in elements]
    assert types[0] == "Document" and types[1] == "H1"
    for kind in ("H2", "P", "BlockQuote", "L", "LI", "LBody", "Figure", "Caption", "Aside"):
        assert kind in types, kind
    assert types.index("BlockQuote") < types.index("Figure") < len(types) - 1
    (figure,) = [element for element in elements if element.kind == "Figure"]
    assert figure.alt == "رسم بياني لعدد الركاب السنوي بالملايين"
    assert types.count("Aside") == 2  # the box and the related list
    with pikepdf.open(io.BytesIO(features_pdf)) as document:  # Aside is PDF 2.0: role-mapped
        assert document.Root.StructTreeRoot.RoleMap.Aside == "/Sect"


def test_every_drawing_is_tagged_or_an_artifact(features_pdf: bytes) -> None:
    bare, mcids = _unmarked_drawing(features_pdf)
    assert bare == []
    refs = _marked_content_refs(features_pdf)
    referenced = Counter((page, mcid) for page, mcid, _kind in refs)
    drawn = Counter((page, mcid) for page, numbers in mcids.items() for mcid in numbers)
    assert referenced == drawn  # each tagged piece belongs to exactly one element
    with pikepdf.open(io.BytesIO(features_pdf)) as document:
        nums = list(document.Root.StructTreeRoot.ParentTree.Nums)
        for index, page in enumerate(document.pages):
            assert int(page.obj.StructParents) == index
            parents = nums[nums.index(index) + 1]
            assert len(parents) == len(mcids.get(index, []))


def test_page_number_is_a_pagination_artifact() -> None:
    pdf = render(newsconv.parse("نص قصير"))
    with pikepdf.open(io.BytesIO(pdf)) as document:
        operators = [
            (operands, str(operator))
            for operands, operator in pikepdf.parse_content_stream(document.pages[0])
        ]
    artifacts = [ops for ops, name in operators if name == "BDC" and str(ops[0]) == "/Artifact"]
    assert any(str(ops[1].get("/Type")) == "/Pagination" for ops in artifacts)


def _letters(text: str) -> Counter[str]:
    text = unicodedata.normalize("NFKC", text)
    return Counter(ch for ch in text if ch.isalnum())


def test_reading_order_puts_the_right_column_first() -> None:
    """The example's two-column block (right to left): the tree lists its paragraphs in
    the document's order, which starts with the right column."""
    doc, pdf = render_file(EXAMPLE)
    expected = [text_of(block.children) for block in walk_blocks(doc.blocks)
                if isinstance(block, Paragraph)]  # fmt: skip
    texts: dict[tuple[int, int], str] = {}
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for index, page in enumerate(document.pages):
            for char in page.chars:
                if char.get("mcid") is not None:
                    key = (index, int(char["mcid"]))
                    texts[key] = texts.get(key, "") + char["text"]
    paragraphs: list[Counter[str]] = []
    for element in _elements(pdf):
        if element.kind == "P" and element.parent == "Document":
            letters: Counter[str] = Counter()
            for key in element.content:
                letters += _letters(texts.get(key, ""))
            paragraphs.append(letters)
    headline_and_facts = len(paragraphs) - len(expected)
    # pdfplumber loses the MCID of characters after a nested span (a word with harakat),
    # so each element's letters are a large part of its paragraph's, never another's
    for got, text in zip(paragraphs[headline_and_facts:], expected, strict=True):
        want = _letters(text)
        assert not got - want and got.total() >= want.total() / 4, text[:40]


def test_language_of_a_paragraph_that_differs() -> None:
    _doc, pdf = render_file(EXAMPLES / "features-en.txt")
    langs = [element.lang for element in _elements(pdf) if element.depth > 0 and element.lang]
    assert langs == ["ar"]


def test_pdfinfo_lists_the_tree(features_pdf: bytes, tmp_path: Path) -> None:
    pdfinfo = executable("pdfinfo", "poppler-utils")
    path = tmp_path / "features.pdf"
    path.write_bytes(features_pdf)
    done = subprocess.run([pdfinfo, "-struct", str(path)], capture_output=True, text=True)
    assert done.returncode == 0 and "Syntax Error" not in done.stderr
    lines = [line.strip().split(" ")[0].rstrip(":") for line in done.stdout.splitlines()]
    assert lines[:2] == ["Document", "H1"] and "BlockQuote" in lines and "Figure" in lines
    links = [index for index, line in enumerate(lines) if line == "Link"]
    assert len(links) == 2 and all(lines[index + 1] == "Object" for index in links)


def test_element_dictionaries_and_kids_are_formatted_as_reportlab_formats_them() -> None:
    """The structure tree's own array and dictionary types give reportlab's exact bytes."""
    from reportlab.pdfbase import pdfdoc

    from newsconv.writers.pdf import structure

    doc = pdfdoc.PDFDocument(invariant=1)
    for kids in ([], [3], list(range(23)), [1, pdfdoc.PDFString("x"), 2.5, True, *range(12)]):
        assert structure._Kids(kids).format(doc) == pdfdoc.PDFArray(kids).format(doc)
    entries = {
        "Type": pdfdoc.PDFName("StructElem"),
        "S": pdfdoc.PDFName("P"),
        "K": structure._Kids(list(range(14))),
        "Lang": pdfdoc.PDFString("ar"),
        "Alt": pdfdoc.PDFString("صورة"),
        "Zed": 1,
        "Extra": pdfdoc.PDFName("A B"),
    }
    for count in (0, 1, 5, 7):
        part = dict(list(entries.items())[:count])
        expected = pdfdoc.PDFDictionary(part).format(doc)
        assert structure._Element(part).format(doc) == expected
