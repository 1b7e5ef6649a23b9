"""Tagged PDF: the structure tree (what each piece of page content is) for screen readers.

The flow opens an element for every block as it lays the document out (:class:`Structure`,
in reading order: the document's order, whatever the pages and columns make of it) and
stamps each line and image with its element. The renderer wraps every line and image in
marked content with a number (``MCID``) and every other drawing (rules, box backgrounds,
bullets, page numbers) in an ``/Artifact``; :func:`write_tree` then writes the
``/StructTreeRoot`` with ``Document``, ``H1``/``H2``, ``P``, ``L``/``LI``/``LBody``,
``BlockQuote``, ``Figure`` (with ``/Alt`` and its bounding box) followed by its
``Caption`` in a ``Div``, and ``Aside`` elements, each pointing at its content, ``/Lang``
where a block's language differs from the document's, the parent tree, and ``/MarkInfo
<</Marked true>>``. The text of a hyperlink is marked apart, as a ``Link`` element inside
its paragraph that holds both that text and (by object reference) the link annotation,
which points back at it through its ``/StructParent`` and is described, in its
``/Contents``, by that text and its address: what PDF/UA-1 asks of links.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, assert_never

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc

from ...model import (
    Block,
    Box,
    Columns,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    RelatedList,
    inline_text,
)
from ...text.paragraph import StyledText
from ...text.urls import safe_url
from .describe import link_description
from .inlines import link_texts

ROLE_MAP = {"Aside": "Sect"}
"""Types newer than PDF 1.7 (``Aside`` is PDF 2.0) and the 1.7 type readers fall back to."""


@dataclass(eq=False, slots=True)
class StructNode:
    """One structure element; ``kids`` are elements and content rows, in reading order."""

    tag: str
    parent: StructNode | None = None
    lang: str | None = None
    alt: str | None = None
    kids: list[Any] = field(default_factory=list)
    bbox: tuple[float, float, float, float] | None = None
    """Where a figure's image is drawn on its page (x0, y0, x1, y1)."""
    href: str | None = None
    """The target of a ``Link`` element."""
    text: str = ""
    """The visible text of a ``Link`` element, in logical order (its description)."""
    links: list[tuple[str, str]] = field(default_factory=list)
    """The hyperlinks of the text laid out in this element, (address, visible text) in
    logical order, each until the ``Link`` element drawn for it takes it."""


@dataclass(frozen=True, slots=True)
class Content:
    """One marked-content sequence: its page (index) and number there."""

    page: int
    mcid: int


@dataclass(frozen=True, slots=True)
class Annotation:
    """A link annotation (its reference in the file) on a page (index)."""

    page: int
    ref: Any


class Structure:
    """The tree the flow builds: elements opened and closed around the rows of a block."""

    def __init__(self, lang: str) -> None:
        self.root = StructNode("Document", lang=lang if lang != "und" else None)
        self._stack = [self.root]
        self._headline = False

    def declare_language(self, lang: str) -> None:
        """Give the document the language ``lang`` (before any element is opened)."""
        self.root.lang = lang if lang != "und" else None

    @property
    def current(self) -> StructNode:
        """The innermost open element."""
        return self._stack[-1]

    @contextmanager
    def element(
        self, tag: str | None, lang: str | None = None, alt: str | None = None
    ) -> Iterator[StructNode]:
        """Open a ``tag`` element inside the current one for the time of the block (no
        element for None: the block is transparent, as a column layout is)."""
        if tag is None:
            yield self.current
            return
        if tag == "H1":
            self._headline = True
        elif tag == "H2" and not self._headline:
            tag = "H1"  # no headline drawn: the sub-headings are the first level
        own = lang if lang and lang != self.root.lang else None
        node = StructNode(tag, self.current, own, alt)
        self.current.kids.append(node)
        self._stack.append(node)
        try:
            yield node
        finally:
            self._stack.pop()
            if not node.kids:  # nothing drawn in it (a decorative image alone)
                self.current.kids.remove(node)

    def note_links(self, styled: StyledText) -> None:
        """Remember the hyperlinks of ``styled``, laid out in the current element."""
        self.current.links.extend(link_texts(styled))

    def content(self, row: object) -> StructNode:
        """Record ``row`` (a line or an image) as content of the current element."""
        self.current.kids.append(row)
        return self.current


class MarkedContent:
    """Marked-content numbers per page, handed out as the renderer draws."""

    def __init__(self) -> None:
        self.pages: list[list[StructNode]] = []
        """Per page, the element of each MCID."""
        self.places: dict[int, list[Content | StructNode]] = {}
        """id(row) -> what its drawing holds, in order: its element's own marked content
        and the ``Link`` elements of the hyperlinks in it."""
        self.annotations: list[tuple[Annotation, StructNode]] = []
        """Every link annotation and its ``Link`` element, in drawing order."""
        self.last: StructNode | None = None
        """The element of the last marked content handed out."""

    def new_page(self) -> None:
        """Numbers start again at 0 on each page."""
        self.pages.append([])

    def begin(
        self,
        row: object,
        node: StructNode | None,
        link: str | None = None,
        box: tuple[float, float, float, float] | None = None,
    ) -> str:
        """The operator opening ``row``'s marked content: tagged with its element's
        type and a number, or an artifact when it has no element. With ``link``, the
        content is the text of a hyperlink: it goes to a ``Link`` element in ``node``
        (the one the previous content went to when it continues that link, as a link
        broken over two lines does). ``box`` is where an image is drawn."""
        if node is None:
            return "/Artifact BMC"
        page = self.pages[-1]
        content = Content(len(self.pages) - 1, len(page))
        parts = self.places.setdefault(id(row), [])
        owner = node
        if link is not None:
            last = self.last
            if last is not None and last.parent is node and last.href == link:
                owner = last
            else:
                owner = StructNode("Link", node, href=link, text=_take_text(node, link))
                parts.append(owner)
            owner.kids.append(content)
        else:
            parts.append(content)
        if box is not None:
            node.bbox = box
        page.append(owner)
        self.last = owner
        return f"/{owner.tag} <</MCID {content.mcid}>> BDC"

    def annotate(self, element: StructNode, ref: Any) -> None:
        """Record the link annotation ``ref`` (on the current page) of a ``Link``."""
        annotation = Annotation(len(self.pages) - 1, ref)
        element.kids.append(annotation)
        self.annotations.append((annotation, element))


def _take_text(node: StructNode, href: str) -> str:
    """The visible text of the first hyperlink to ``href`` noted in ``node`` and not yet
    taken by a ``Link`` element ("" when there is none)."""
    for index, (url, text) in enumerate(node.links):
        if safe_url(url) == href:
            del node.links[index]
            return text
    return ""


def figure_alt(block: Figure) -> str:
    """The ``/Alt`` of a figure's ``Figure`` element: its alt text, else its caption.

    The ``Figure`` holds the image alone; its ``Caption`` follows it, a sibling in a
    ``Div`` that groups the two. PDF 1.7 allows a ``Caption`` inside a ``Figure``, but
    assistive technology reads a ``Figure``'s ``/Alt`` in place of everything in it and
    goes no deeper, so a caption inside would never be heard; the PDF Association's
    Tagged PDF Best Practice Guide (for PDF 1.7 and PDF/UA-1) recommends a ``Caption``
    that follows its ``Figure``. A decorative image has no ``Figure`` (it is an
    artifact), and an image that cannot be loaded has none either (its alt text is
    drawn in the caption instead).
    """
    return block.alt.strip() or inline_text(block.caption).strip()


def element_of(block: Block) -> tuple[str | None, str | None, str | None]:
    """The structure element of a block: (type, language, alternate text)."""
    match block:
        case Paragraph():
            return "P", block.lang, None
        case Heading():
            return "H2", block.lang, None
        case Columns():
            return None, None, None
        case Quote():
            return "BlockQuote", None, None
        case Box() | RelatedList():
            return "Aside", None, None
        case Figure():
            return "Div", None, None  # groups the Figure and its Caption (see figure_alt)
        case ListBlock():
            return "L", None, None
        case _:
            assert_never(block)


class _Kids(pdfdoc.PDFArray):  # type: ignore[misc]
    """An array of kids or of parent-tree entries, formatted exactly as reportlab formats
    a ``PDFArray``, with its many integers (marked-content ids) written directly."""

    def format(self, document: Any, IND: bytes = b"\n ") -> bytes:
        """``[ a b … ]``, ten items to a line (reportlab's layout)."""
        items = [
            b"%d" % item if type(item) is int else pdfdoc.format(item, document)
            for item in self.sequence
        ]
        if self.multiline and rl_config.pdfMultiLine:
            return b"[ " + IND.join(items) + b" ]"
        for index in reversed(range(10, len(items), 10)):
            items.insert(index, b"\n ")
        return b"[ " + b" ".join(items) + b" ]"


_KEYS = {
    key: pdfdoc.PDFName(key).encode("ascii")
    for key in ("Type", "S", "P", "K", "Pg", "Lang", "Alt", "A")
}
"""The keys of a structure element, as names."""


class _Element(pdfdoc.PDFDictionary):  # type: ignore[misc]
    """A structure element's dictionary, formatted exactly as reportlab formats a
    ``PDFDictionary`` (sorted keys, six to a line), with its keys' names made once."""

    def format(self, document: Any, IND: bytes = b"\n ") -> bytes:
        """``<< /K … /P … >>``."""
        entries = self.dict
        items = [
            (_KEYS.get(key) or pdfdoc.format(pdfdoc.PDFName(key), document))
            + b" "
            + pdfdoc.format(entries[key], document)
            for key in sorted(entries)
        ]
        if self.multiline and rl_config.pdfMultiLine:
            return b"<<\n" + IND.join(items) + b"\n>>"
        for index in reversed(range(6, len(items), 6)):
            items.insert(index, b"\n ")
        return b"<<\n" + b" ".join(items) + b"\n>>"


def write_tree(doc: Any, page_refs: list[Any], marked: MarkedContent, root: StructNode) -> None:
    """Add the structure tree, the parent tree and the marking flags to ``doc``."""
    refs: dict[int, Any] = {}
    tree_root = pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("StructTreeRoot")})
    tree_ref = doc.Reference(tree_root, "StructTreeRoot")
    nodes = list(_walk(root, marked))
    for number, node in enumerate(nodes):
        refs[id(node)] = doc.Reference(_Element(), f"StructElem{number}")
    for node in nodes:
        element = doc.idToObject[refs[id(node)].name]
        element.dict["Type"] = pdfdoc.PDFName("StructElem")
        element.dict["S"] = pdfdoc.PDFName(node.tag)
        element.dict["P"] = refs[id(node.parent)] if node.parent else tree_ref
        if node.lang:
            element.dict["Lang"] = pdfdoc.PDFString(node.lang)
        if node.alt is not None:
            element.dict["Alt"] = pdfdoc.PDFString(node.alt)
        if node.bbox is not None:
            element.dict["A"] = pdfdoc.PDFDictionary(
                {"O": pdfdoc.PDFName("Layout"), "BBox": pdfdoc.PDFArray(list(node.bbox))}
            )
        kids, page = _kids(node, refs, marked, page_refs)
        if kids:
            element.dict["K"] = _Kids(kids)
        if page is not None:
            element.dict["Pg"] = page
    tree_root.dict["K"] = refs[id(root)]
    tree_root.dict["ParentTree"] = _parent_tree(doc, refs, marked)
    tree_root.dict["ParentTreeNextKey"] = len(marked.pages) + len(marked.annotations)
    tree_root.dict["RoleMap"] = pdfdoc.PDFDictionary(
        {tag: pdfdoc.PDFName(standard) for tag, standard in ROLE_MAP.items()}
    )
    catalog = doc.Catalog
    catalog.StructTreeRoot = tree_ref
    catalog.MarkInfo = pdfdoc.PDFDictionary({"Marked": pdfdoc.PDFtrue})


def _parent_tree(doc: Any, refs: dict[int, Any], marked: MarkedContent) -> Any:
    """The parent tree: key i < page count is page i (the element of each of its MCIDs),
    then one key per link annotation (its ``Link`` element), which the annotation
    gets as its ``/StructParent``."""
    nums: list[Any] = []
    for index, elements in enumerate(marked.pages):
        nums.extend([index, _Kids([refs[id(node)] for node in elements])])
    for key, (annotation, element) in enumerate(marked.annotations, start=len(marked.pages)):
        entries = doc.idToObject[annotation.ref.name].dict
        entries["StructParent"] = key
        entries["Contents"] = pdfdoc.PDFString(link_description(element.text, element.href or ""))
        nums.extend([key, refs[id(element)]])
    return pdfdoc.PDFDictionary({"Nums": _Kids(nums)})


def _walk(node: StructNode, marked: MarkedContent) -> Iterator[StructNode]:
    yield node
    for kid in node.kids:
        if isinstance(kid, StructNode):
            yield from _walk(kid, marked)
        elif not isinstance(kid, Content | Annotation):
            for part in marked.places.get(id(kid), ()):
                if isinstance(part, StructNode):
                    yield from _walk(part, marked)


def _kids(
    node: StructNode, refs: dict[int, Any], marked: MarkedContent, page_refs: list[Any]
) -> tuple[list[Any], Any]:
    """The element's kids (elements; its content as MCIDs: plain numbers on the page of
    its first content, which becomes its ``/Pg``, references elsewhere; annotations as
    object references)."""
    kids: list[Any] = []
    home: int | None = None
    for kid in node.kids:
        parts = (
            [kid]
            if isinstance(kid, StructNode | Content | Annotation)
            else marked.places.get(id(kid), ())  # a row (none when not drawn: empty)
        )
        for part in parts:
            if isinstance(part, StructNode):
                kids.append(refs[id(part)])
            elif isinstance(part, Annotation):
                kids.append(
                    pdfdoc.PDFDictionary(
                        {
                            "Type": pdfdoc.PDFName("OBJR"),
                            "Obj": part.ref,
                            "Pg": page_refs[part.page],
                        }
                    )
                )
            else:
                if home is None:
                    home = part.page
                if part.page == home:
                    kids.append(part.mcid)
                else:
                    kids.append(
                        pdfdoc.PDFDictionary(
                            {
                                "Type": pdfdoc.PDFName("MCR"),
                                "Pg": page_refs[part.page],
                                "MCID": part.mcid,
                            }
                        )
                    )
    return kids, page_refs[home] if home is not None else None


def mark_page(page: Any, number: int) -> None:
    """Give a page its entry in the parent tree and tab order by structure."""
    page.__NoDefault__ = [*page.__NoDefault__, "StructParents", "Tabs"]
    page.StructParents = number
    page.Tabs = pdfdoc.PDFName("S")
