"""A PDF/UA-1 checker for the tests: the machine-checkable rules that concern our files.

Each failure is reported as ``"<clause>-<test>: message"`` with the clause and test
number of the rule in the PDF/UA-1 validation profile of veraPDF (which is not published
on the package registries the tests install from), or ``"tree: …"`` for the
consistency of the structure tree and the parent tree that those rules take for granted.
Checked:

- the file: header, ``/MarkInfo``, ``/Suspects``, ``/ViewerPreferences``, catalog
  ``/Lang`` (not ``und``, which says the language is not determined), the XMP metadata
  (a non-empty ``dc:title``, ``pdfuaid:part`` 1 with its prefix);
- every page content stream, operator by operator (``parse_content_stream``): each text,
  path, image or form painted is inside marked content with an MCID or inside an
  ``/Artifact``; no artifact inside tagged content, no tagged content inside an artifact
  or inside other tagged content; the content's tag is its element's type;
- the structure tree: each element's ``/P``, standard types or types role-mapped to
  standard ones (no standard type remapped, no cycle), lists (``L``/``LI``/``LBody``),
  a ``Figure`` with ``/Alt`` and a ``/BBox`` and no ``Caption`` inside (``"caption: …"``:
  assistive technology reads the ``/Alt`` in place of all a ``Figure`` holds), headings
  (the first is ``H1``, none skips a level, ``H`` and ``Hn`` not mixed), ``/Lang`` values;
- the parent tree: one entry per page with the element of each MCID, one per annotation,
  nothing else, ``/ParentTreeNextKey`` past the last key, and every MCID drawn owned by
  exactly the element the parent tree names;
- annotations: a link annotation's ``/StructParent`` leads to a ``Link`` element that
  refers to it, it has ``/Contents`` that describe it (not its address alone, unless
  its address is the text it is drawn over); pages with annotations have ``/Tabs /S``;
- fonts, for every character code shown (:mod:`.pdfua_fonts`).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

import pdfplumber
import pikepdf

from .pdfua_fonts import GlyphRules

STANDARD_TYPES = frozenset(
    re.split(
        r"\s+",
        """Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H
        H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note
        Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form""",
    )
)
"""The standard structure types of PDF 1.7 (ISO 32000-1, 14.8.4)."""

PAINTING = frozenset(["Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*"])
PAINTING |= {"sh", "Do", "BI", "INLINE IMAGE"}
"""Operators that put something on the page."""

TEXT_SHOWING = frozenset(["Tj", "TJ", "'", '"'])

_LANGUAGE = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")
_NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}


@dataclass
class Report:
    """What the checker found."""

    failures: list[str] = field(default_factory=list)
    elements: list[str] = field(default_factory=list)
    """Every structure element's type, depth first (the reading order)."""
    marked: int = 0
    """Marked-content sequences with an MCID."""
    artifacts: int = 0
    painted: int = 0
    """Painting operators seen."""
    codes: int = 0
    """Character codes shown."""

    def fail(self, rule: str, message: str) -> None:
        self.failures.append(f"{rule}: {message}")


def check_pdf(data: bytes) -> Report:
    """Every check on ``data``."""
    report = Report()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        _check_file(pdf, data, report)
        if "/StructTreeRoot" not in pdf.Root:
            report.fail("7.1-11", "no structure tree")
            return report
        owners = _check_tree(pdf, report)
        drawn = _check_pages(pdf, owners, report)
        _check_parent_tree(pdf, owners, drawn, report)
        _check_annotations(pdf, data, report)
    return report


# ---------------------------------------------------------------------------- file


def _check_file(pdf: pikepdf.Pdf, data: bytes, report: Report) -> None:
    header = data.split(b"\n", 1)[0].rstrip(b"\r")
    if not re.fullmatch(rb"%PDF-1\.[0-7]", header):
        report.fail("6.1-1", f"header {header!r}")
    root = pdf.Root
    if root.get("/MarkInfo", {}).get("/Marked") is not True:
        report.fail("6.2-1", "MarkInfo /Marked is not true")
    if root.get("/MarkInfo", {}).get("/Suspects") is True:
        report.fail("7.1-4", "/Suspects true")
    if root.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is not True:
        report.fail("7.1-10", "no DisplayDocTitle true")
    lang = root.get("/Lang")
    if lang is None:
        report.fail("7.2-34", "no catalog /Lang: the language of the text is not determined")
    elif not _LANGUAGE.match(str(lang)):
        report.fail("7.2-29", f"catalog /Lang {lang!r}")
    elif str(lang).split("-")[0].lower() == "und":
        report.fail("7.2-34", "catalog /Lang says the language is undetermined")
    if "/Metadata" not in root:
        report.fail("7.1-8", "no metadata stream")
        return
    _check_xmp(root.Metadata.read_bytes(), report)


def _check_xmp(packet: bytes, report: Report) -> None:
    try:
        tree = ElementTree.fromstring(packet)
    except ElementTree.ParseError as error:
        report.fail("7.1-8", f"metadata is not XML: {error}")
        return
    title = tree.find(".//dc:title/rdf:Alt/rdf:li", _NS)
    if title is None:
        report.fail("7.1-9", "no dc:title")
    elif not (title.text or "").strip():
        report.fail("7.1-9", "dc:title is empty")
    parts = tree.findall(".//pdfuaid:part", _NS)
    attributes = [
        value
        for node in tree.iter(f"{{{_NS['rdf']}}}Description")
        for name, value in node.attrib.items()
        if name == f"{{{_NS['pdfuaid']}}}part"
    ]
    values = [part.text for part in parts] + attributes
    if not values:
        report.fail("5-1", "no PDF/UA identification (pdfuaid:part)")
    elif values != ["1"]:
        report.fail("5-2", f"pdfuaid:part {values}")
    if b"pdfuaid:part" not in packet and values:
        report.fail("5-3", "pdfuaid:part written with another prefix")


# ---------------------------------------------------------------------------- tree


@dataclass
class _Owners:
    """Who owns what, as the structure tree says."""

    mcids: dict[tuple[int, int], list[Any]] = field(default_factory=dict)
    """(page index, MCID) -> the elements claiming it."""
    annotations: dict[tuple[int, int], list[Any]] = field(default_factory=dict)
    """An annotation's objgen -> the elements referring to it."""
    pages: dict[tuple[int, int], int] = field(default_factory=dict)


def _check_tree(pdf: pikepdf.Pdf, report: Report) -> _Owners:
    owners = _Owners(pages={page.objgen: index for index, page in enumerate(pdf.pages)})
    tree_root = pdf.Root.StructTreeRoot
    role_map = {str(k): str(v) for k, v in tree_root.get("/RoleMap", {}).items()}
    _check_role_map(role_map, report)
    headings: list[int] = []
    seen: set[tuple[int, int]] = set()

    def walk(element: Any, parent: Any, depth: int) -> None:
        if element.objgen in seen:
            report.fail("tree", f"element {element.objgen} reached twice")
            return
        seen.add(element.objgen)
        kind = _standard(str(element.get("/S")), role_map)
        report.elements.append("  " * depth + str(element.get("/S"))[1:])
        if "/P" not in element:
            report.fail("7.1-12", f"{kind} has no /P")
        elif element.P.objgen != parent.objgen:
            report.fail("tree", f"{kind}'s /P is not its parent")
        if kind is None:
            report.fail("7.1-5", f"{element.get('/S')} is neither standard nor role-mapped")
        if "/Lang" in element and not _LANGUAGE.match(str(element.Lang)):
            report.fail("7.2-29", f"{kind} /Lang {element.Lang!r}")
        kids = [kid for kid in _kids(element) if _is_element(kid)]
        kinds = [_standard(str(kid.get("/S")), role_map) for kid in kids]
        _check_element(element, kind, kinds, str(parent.get("/S", "")), report)
        if kind and re.fullmatch(r"H[1-6]", kind):
            headings.append(int(kind[1]))
        _claim(element, kind, owners, report)
        for kid in kids:
            walk(kid, element, depth + 1)

    for top in _kids(tree_root):
        walk(top, tree_root, 0)
    _check_headings(headings, report)
    return owners


def _check_role_map(role_map: dict[str, str], report: Report) -> None:
    for name, target in role_map.items():
        if name[1:] in STANDARD_TYPES:
            report.fail("7.1-7", f"standard type {name} remapped to {target}")
        seen = {name}
        while target in role_map:
            if target in seen:
                report.fail("7.1-6", f"circular role mapping from {name}")
                break
            seen.add(target)
            target = role_map[target]


def _standard(name: str, role_map: dict[str, str]) -> str | None:
    """The standard type ``name`` is or maps to, or None."""
    for _step in range(len(role_map) + 1):
        if name[1:] in STANDARD_TYPES:
            return name[1:]
        if name not in role_map:
            return None
        name = role_map[name]
    return None


def _check_element(
    element: Any, kind: str | None, kinds: list[str | None], parent: str, report: Report
) -> None:
    if kind == "L" and any(k not in ("L", "LI", "Caption") for k in kinds):
        report.fail("7.2-19", f"L holds {kinds}")
    if kind == "LI":
        if any(k not in ("Lbl", "LBody") for k in kinds):
            report.fail("7.2-20", f"LI holds {kinds}")
        if parent != "/L":
            report.fail("7.2-17", f"LI in {parent}")
    if kind == "LBody" and parent != "/LI":
        report.fail("7.2-18", f"LBody in {parent}")
    if kind == "Figure":
        if not str(element.get("/Alt", "")) and "/ActualText" not in element:
            report.fail("7.3-1", "Figure without /Alt")
        box = element.get("/A", {}).get("/BBox")
        if box is None or len(box) != 4 or float(box[0]) >= float(box[2]):
            report.fail("tree", "Figure without a /BBox")
        if "/Alt" in element and "Caption" in kinds:
            report.fail("caption", "Caption inside a Figure with /Alt: read by no reader")
    if kinds.count("H") > 1:
        report.fail("7.4.4-1", f"{kind} holds more than one H")


def _check_headings(levels: list[int], report: Report) -> None:
    previous = 0
    for level in levels:
        if level > previous + 1:
            report.fail("7.4.2-1", f"H{level} follows H{previous or '(none)'}")
        previous = level


def _claim(element: Any, kind: str | None, owners: _Owners, report: Report) -> None:
    """Record the content and annotations ``element`` claims."""
    home = element.get("/Pg")
    for kid in _kids(element):
        if isinstance(kid, int):
            if home is None:
                report.fail("tree", f"{kind} has an MCID but no /Pg")
                continue
            owners.mcids.setdefault((owners.pages[home.objgen], kid), []).append(element)
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            page = owners.pages[kid.Pg.objgen]
            owners.mcids.setdefault((page, int(kid.MCID)), []).append(element)
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
            owners.annotations.setdefault(kid.Obj.objgen, []).append(element)


def _kids(element: Any) -> list[Any]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _is_element(kid: Any) -> bool:
    return (
        isinstance(kid, pikepdf.Dictionary)
        and kid.get("/Type", pikepdf.Name.StructElem) == "/StructElem"
        and "/S" in kid
    )


# ---------------------------------------------------------------------------- content


@dataclass
class _Drawn:
    """What the content streams hold."""

    mcids: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    """page index -> (MCID, tag) of each tagged sequence, in stream order."""


def _check_pages(pdf: pikepdf.Pdf, owners: _Owners, report: Report) -> _Drawn:
    drawn = _Drawn()
    fonts = GlyphRules(report)
    forms: Counter[tuple[int, int]] = Counter()
    for index, page in enumerate(pdf.pages):
        numbers = drawn.mcids.setdefault(index, [])
        stack: list[tuple[str, int | None]] = []  # (tag, MCID) of the open sequences
        font: Any = None
        resources = page.obj.get("/Resources", pikepdf.Dictionary())
        for operands, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            if name in ("BDC", "BMC"):
                _open(operands, name, stack, numbers, index, report)
            elif name == "EMC":
                if not stack:
                    report.fail("tree", f"page {index + 1}: EMC without BDC")
                else:
                    stack.pop()
            elif name == "Tf":
                font = resources.Font[operands[0]]
            if name in PAINTING:
                report.painted += 1
                tagged = any(mcid is not None for _tag, mcid in stack)
                artifact = any(tag == "/Artifact" for tag, _mcid in stack)
                if not tagged and not artifact:
                    report.fail("7.1-3", f"page {index + 1}: {name} neither tagged nor artifact")
                if name == "Do" and resources.XObject[operands[0]].get("/Subtype") == "/Form":
                    forms[resources.XObject[operands[0]].objgen] += 1
            if name in TEXT_SHOWING:
                fonts.show(font, operands)
        if stack:
            report.fail("tree", f"page {index + 1}: {len(stack)} sequences left open")
    for objgen, count in forms.items():
        if count > 1:
            report.fail("7.20-2", f"form {objgen} painted {count} times")
    report.codes = fonts.codes
    return drawn


def _open(
    operands: Any,
    name: str,
    stack: list[tuple[str, int | None]],
    numbers: list[tuple[int, str]],
    page: int,
    report: Report,
) -> None:
    tag = str(operands[0])
    properties = operands[1] if name == "BDC" else None
    mcid = None
    if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
        mcid = int(properties.MCID)
    inside_tagged = any(number is not None for _tag, number in stack)
    inside_artifact = any(open_tag == "/Artifact" for open_tag, _number in stack)
    if tag == "/Artifact":
        report.artifacts += 1
        if inside_tagged:
            report.fail("7.1-1", f"page {page + 1}: artifact inside tagged content")
    elif mcid is not None:
        report.marked += 1
        if inside_artifact:
            report.fail("7.1-2", f"page {page + 1}: tagged content inside an artifact")
        if inside_tagged:
            report.fail("tree", f"page {page + 1}: MCID {mcid} inside other tagged content")
        numbers.append((mcid, tag))
    stack.append((tag, mcid))


def _check_parent_tree(pdf: pikepdf.Pdf, owners: _Owners, drawn: _Drawn, report: Report) -> None:
    tree_root = pdf.Root.StructTreeRoot
    nums = list(tree_root.ParentTree.get("/Nums", []))
    entries = dict(zip([int(key) for key in nums[::2]], nums[1::2], strict=True))
    if [int(key) for key in nums[::2]] != sorted(entries):
        report.fail("tree", "parent tree keys not in order")
    used: set[int] = set()
    for index, page in enumerate(pdf.pages):
        numbers = drawn.mcids.get(index, [])
        mcids = [mcid for mcid, _tag in numbers]
        if len(set(mcids)) != len(mcids):
            report.fail("tree", f"page {index + 1}: an MCID used twice")
        for mcid, tag in numbers:
            claims = owners.mcids.get((index, mcid), [])
            if len(claims) != 1:
                report.fail("tree", f"page {index + 1}: MCID {mcid} claimed {len(claims)} times")
            elif str(claims[0].S) != tag:
                report.fail(
                    "tree", f"page {index + 1}: MCID {mcid} is {tag}, its element {claims[0].S}"
                )
        if "/StructParents" not in page.obj:
            if numbers:
                report.fail("tree", f"page {index + 1} has no /StructParents")
            continue
        key = int(page.obj.StructParents)
        used.add(key)
        array = entries.get(key)
        if array is None:
            report.fail("tree", f"page {index + 1}: no parent tree entry {key}")
            continue
        if len(array) != (max(mcids) + 1 if mcids else 0):
            report.fail("tree", f"page {index + 1}: parent tree entry of {len(array)} for {mcids}")
        for mcid in mcids:
            claims = owners.mcids.get((index, mcid), [])
            if mcid < len(array) and claims and array[mcid].objgen != claims[0].objgen:
                report.fail("tree", f"page {index + 1}: parent tree names another owner of {mcid}")
    for (page, mcid), _claims in owners.mcids.items():
        if all(number != mcid for number, _tag in drawn.mcids.get(page, [])):
            report.fail("tree", f"page {page + 1}: MCID {mcid} in the tree, not drawn")
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            if "/StructParent" in annotation:
                key = int(annotation.StructParent)
                used.add(key)
                element = entries.get(key)
                if element is None or not isinstance(element, pikepdf.Dictionary):
                    report.fail("tree", f"annotation StructParent {key}: no element")
    if set(entries) != used:
        report.fail("tree", f"parent tree keys {sorted(set(entries) - used)} belong to nothing")
    next_key = int(tree_root.get("/ParentTreeNextKey", 0))
    if entries and next_key <= max(entries):
        report.fail("tree", f"ParentTreeNextKey {next_key} not past {max(entries)}")


# ---------------------------------------------------------------------------- annotations


class _DrawnText:
    """The text drawn in a rectangle of a page, read with pdfplumber (opened once, and
    only when asked)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.document: Any = None

    def under(self, page: int, rect: Any) -> str:
        """The text under ``rect`` on page ``page`` (index), without white space."""
        if self.document is None:
            self.document = pdfplumber.open(io.BytesIO(self.data))
        drawn = self.document.pages[page]
        x0, y0, x1, y1 = (float(value) for value in rect)
        box = (x0, drawn.height - y1, x1, drawn.height - y0)
        return "".join(drawn.crop(box).extract_text().split())

    def close(self) -> None:
        if self.document is not None:
            self.document.close()


def _check_annotations(pdf: pikepdf.Pdf, data: bytes, report: Report) -> None:
    drawn = _DrawnText(data)
    try:
        _check_each_annotation(pdf, drawn, report)
    finally:
        drawn.close()


def _check_each_annotation(pdf: pikepdf.Pdf, drawn: _DrawnText, report: Report) -> None:
    nums = list(pdf.Root.StructTreeRoot.ParentTree.get("/Nums", []))
    entries = dict(zip([int(key) for key in nums[::2]], nums[1::2], strict=True))
    for index, page in enumerate(pdf.pages):
        annotations = list(page.obj.get("/Annots", []))
        if annotations and page.obj.get("/Tabs") != "/S":
            report.fail("7.18.3-1", f"page {index + 1} has annotations and no /Tabs /S")
        for annotation in annotations:
            subtype = str(annotation.get("/Subtype"))
            hidden = int(annotation.get("/F", 0)) & 2
            if hidden or subtype in ("/Widget", "/Popup"):
                continue
            where = f"page {index + 1}: {subtype} annotation"
            contents = str(annotation.get("/Contents", ""))
            if not contents:
                report.fail(
                    "7.18.5-2" if subtype == "/Link" else "7.18.1-2", f"{where}: no /Contents"
                )
            elif contents == str(annotation.get("/A", {}).get("/URI", "")):
                text = drawn.under(index, annotation.Rect)  # its text may be its address
                if not text or text not in contents:
                    report.fail("7.18.5-2", f"{where}: /Contents is its address, not its text")
            element = entries.get(int(annotation.get("/StructParent", -1)))
            wanted = "/Link" if subtype == "/Link" else "/Annot"
            if element is None or element.get("/S") != wanted:
                rule = "7.18.5-1" if subtype == "/Link" else "7.18.1-1"
                report.fail(rule, f"{where} not in a {wanted[1:]} element")
                continue
            refers = [
                kid
                for kid in _kids(element)
                if isinstance(kid, pikepdf.Dictionary)
                and kid.get("/Type") == "/OBJR"
                and kid.Obj.objgen == annotation.objgen
            ]
            if len(refers) != 1:
                report.fail("tree", f"{where}: its element refers to it {len(refers)} times")
            elif not any(
                isinstance(kid, int) or kid.get("/Type") == "/MCR" for kid in _kids(element)
            ):
                report.fail("tree", f"{where}: its Link element holds no text")
