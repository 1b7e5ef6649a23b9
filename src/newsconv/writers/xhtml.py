"""The XHTML body renderer shared by the HTML, EPUB and NewsML-G2 writers.

It turns model blocks into lxml elements (in the XHTML namespace, or none for HTML5),
with ``lang``/``dir`` where a node differs from its parent and a ``span dir`` around
runs written against the paragraph's direction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import assert_never

from lxml import etree

from ..model import (
    Block,
    Bold,
    Box,
    Columns,
    Direction,
    Document,
    Figure,
    Heading,
    Inline,
    Italic,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    RelatedList,
    Span,
    Text,
    inline_text,
)
from ..text.controls import XML_ILLEGAL, strip_xml_illegal
from ..text.labels import related_label
from ..text.script import detect_language, direction_runs, foreign_or, language_direction
from ..text.script_mix import second_script_runs
from ..text.urls import safe_url

XHTML_NS = "http://www.w3.org/1999/xhtml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_ILLEGAL_CLASS = XML_ILLEGAL.pattern[1:-1]
"""The body of the XML-illegal character class, to fold into one scan with direction."""

FigureSource = Callable[[Figure], str | None]
"""Maps a figure to the ``src`` to write, or None to leave the image out (alt text stays)."""


def _original_src(figure: Figure) -> str | None:
    """The ``src`` as written, when it is a safe URL."""
    return safe_url(figure.src)


@dataclass(frozen=True, slots=True)
class BodyStyle:
    """How the body is rendered for one output format."""

    namespace: str | None = XHTML_NS
    xml_lang: bool = False
    """Also write ``xml:lang`` next to ``lang`` (EPUB and NewsML-G2 want both)."""
    isolate_runs: bool = True
    """Wrap runs against the paragraph's direction in ``<span dir>``."""
    accessible: bool = False
    """Add what assistive technology needs (HTML and EPUB): the ``lang`` of every run in
    another script, ARIA roles and labels that keep asides distinct."""
    figure_src: FigureSource = _original_src
    heading_level: int = 2


class BodyRenderer:
    """Renders the blocks of one document; create one per document."""

    def __init__(self, doc: Document, style: BodyStyle = BodyStyle()) -> None:
        self.doc = doc
        self.style = style
        self._prefix = f"{{{style.namespace}}}" if style.namespace else ""

    # ------------------------------------------------------------------ elements

    def element(
        self, tag: str, parent: etree._Element | None = None, **attrs: str
    ) -> etree._Element:
        """A new element in the body's namespace, appended to ``parent`` when given."""
        name = self._prefix + tag
        if parent is None:
            if self.style.namespace:
                return etree.Element(name, attrs, nsmap={None: self.style.namespace})  # type: ignore[dict-item]
            return etree.Element(name, attrs)
        return etree.SubElement(parent, name, attrs)

    def set_lang_dir(self, element: etree._Element, lang: str | None, dir: str | None) -> None:
        """Write ``lang`` (and ``xml:lang``) and ``dir`` when given."""
        if lang:
            element.set("lang", lang)
            if self.style.xml_lang:
                element.set(XML_LANG, lang)
        if dir:
            element.set("dir", dir)

    # ------------------------------------------------------------------ blocks

    def render_blocks(
        self, parent: etree._Element, blocks: tuple[Block, ...], dir: Direction
    ) -> None:
        """Append the elements of ``blocks`` to ``parent`` (whose direction is ``dir``)."""
        for block in blocks:
            self.render_block(parent, block, dir)

    def render_block(self, parent: etree._Element, block: Block, dir: Direction) -> None:
        """Append the element(s) of one block."""
        match block:
            case Paragraph():
                self._textual(parent, "p", block.children, block.lang, block.dir, dir)
            case Heading():
                tag = f"h{min(6, self.style.heading_level + block.level - 1)}"
                self._textual(parent, tag, block.children, block.lang, block.dir, dir)
            case Columns():
                div = self.element(
                    "div", parent, **{"class": f"nc-columns nc-columns-{block.count}"}
                )
                self.render_blocks(div, block.children, dir)
            case Quote():
                self._quote(parent, block, dir)
            case Box():
                self._box(parent, block, dir)
            case Figure():
                self._figure(parent, block, dir)
            case RelatedList():
                self._related(parent, block, dir)
            case ListBlock():
                self._list(parent, block, dir)
            case _:
                assert_never(block)

    def _textual(
        self,
        parent: etree._Element,
        tag: str,
        children: tuple[Inline, ...],
        lang: str | None,
        own_dir: Direction | None,
        dir: Direction,
    ) -> etree._Element:
        element = etree.SubElement(parent, self._prefix + tag)
        if lang or (own_dir and own_dir != dir):
            self.set_lang_dir(element, lang, own_dir if own_dir != dir else None)
        if len(children) == 1 and isinstance(only := children[0], Text):
            self._text(element, only.text, own_dir or dir)
        else:
            self.render_inlines(element, children, own_dir or dir)
        return element

    def _quote(self, parent: etree._Element, block: Quote, dir: Direction) -> None:
        quote = self.element("blockquote", parent, **{"class": "nc-quote"})
        self.render_blocks(quote, block.children, dir)
        if block.cite:
            cite_p = self.element("p", quote, **{"class": "nc-cite"})
            self.element("cite", cite_p).text = _clean(block.cite)

    def _box(self, parent: etree._Element, block: Box, dir: Direction) -> None:
        box = self.element("aside", parent, **{"class": "nc-box"})
        if self.style.accessible:  # a note, not one more landmark: landmarks must be unique
            box.set("role", "note")
            if block.title:
                box.set("aria-label", _clean(block.title))
        if block.title:
            title = self.element("p", box, **{"class": "nc-box-title"})
            self.element("b", title).text = _clean(block.title)
        self.render_blocks(box, block.children, dir)

    def _figure(self, parent: etree._Element, block: Figure, dir: Direction) -> None:
        figure = self.element("figure", parent, **{"class": "nc-figure"})
        src = self.style.figure_src(block)  # the style's own choice: a writer may make data: URIs
        if src is not None:
            self.element("img", figure, src=src, alt=_clean(block.alt))
        if block.caption or block.credit or src is None:
            caption = self.element("figcaption", figure)
            if src is None and block.alt:
                self.element("span", caption, **{"class": "nc-alt"}).text = _clean(block.alt) + " "
            self.render_inlines(caption, block.caption, dir)
            if block.credit:
                credit = self.element("span", caption, **{"class": "nc-credit"})
                credit.text = " " + _clean(block.credit)

    def _list(self, parent: etree._Element, block: ListBlock, dir: Direction) -> None:
        items = self.element("ol" if block.ordered else "ul", parent, **{"class": "nc-list"})
        for entry in block.items:
            self._textual(items, "li", entry.children, entry.lang, entry.dir, dir)

    def _related(self, parent: etree._Element, block: RelatedList, dir: Direction) -> None:
        label = _clean(block.title or related_label(self.doc.lang))
        aside = self.element("aside", parent, **{"class": "nc-related"})
        if self.style.accessible:
            aside.set("aria-label", label)
        title = self.element("p", aside, **{"class": "nc-related-title"})
        if block.title:
            self._text(self.element("b", title), block.title, dir)
        else:
            self.element("b", title).text = label
        items = self.element("ul", aside)
        for item in block.items:
            li = self.element("li", items)
            self.set_lang_dir(li, item.lang, item.dir if item.dir and item.dir != dir else None)
            href = safe_url(item.url)
            target = self.element("a", li, href=href) if href else li
            self._text(target, item.title, item.dir or dir)

    # ------------------------------------------------------------------ inlines

    def render_inlines(
        self, parent: etree._Element, nodes: tuple[Inline, ...], dir: Direction
    ) -> None:
        """Append inline content to ``parent`` (text goes to .text/.tail as lxml wants)."""
        for node in nodes:
            self.render_inline(parent, node, dir)

    def render_inline(self, parent: etree._Element, node: Inline, dir: Direction) -> None:
        """Append one inline node."""
        match node:
            case Text():
                self._text(parent, node.text, dir)
            case Bold():
                self.render_inlines(self.element("b", parent), node.children, dir)
            case Italic():
                self.render_inlines(self.element("i", parent), node.children, dir)
            case Link() if not inline_text(node.children).strip():
                self.render_inlines(parent, node.children, dir)  # nothing to name the link by
            case Link():
                href = safe_url(node.url)
                target = self.element("a", parent, href=href) if href else parent
                self.render_inlines(target, node.children, dir)
            case LineBreak():
                self.element("br", parent)
            case Span():
                span = self.element("span", parent)
                self.set_lang_dir(span, node.lang, node.dir)
                self.render_inlines(span, node.children, node.dir or dir)
            case _:
                assert_never(node)

    def _text(self, parent: etree._Element, text: str, dir: Direction) -> None:
        last = last_child(parent)
        if (
            last is None
            and foreign_or(dir, _ILLEGAL_CLASS).search(text) is None
            and not (self.style.accessible and second_script_runs(text))
        ):
            parent.text = (parent.text or "") + text  # the common case: clean, one direction
            return
        text = _clean(text)
        runs = direction_runs(text, dir) if self.style.isolate_runs else [(text, dir)]
        pending: list[str] = []  # text in the paragraph's direction, joined once (linear)
        for run, run_dir in runs:
            if run_dir == dir:
                pending.append(run)
                continue
            last = self._append_run(parent, last, "".join(pending))
            pending.clear()
            last = etree.SubElement(parent, self._prefix + "span", dir=run_dir)
            last.text = run
            if self.style.accessible and (lang := self._run_language(run, run_dir)):
                self.set_lang_dir(last, lang, None)
        self._append_run(parent, last, "".join(pending))

    def _append_run(
        self, parent: etree._Element, last: etree._Element | None, run: str
    ) -> etree._Element | None:
        """Text in its parent's direction after ``last``; words of a second script of that
        direction (Hebrew amid Arabic) get a ``span lang`` when the style is accessible.
        Returns the parent's last child afterwards."""
        pieces = second_script_runs(run) if self.style.accessible and run else None
        for piece, other in pieces or [(run, False)]:
            lang = _run_guess(piece) if other else None
            if lang:
                last = etree.SubElement(parent, self._prefix + "span")
                last.text = piece
                self.set_lang_dir(last, lang, None)
            else:
                _add_after(parent, last, piece)
        return last

    def _run_language(self, run: str, run_dir: Direction) -> str | None:
        """The language of a run written against its paragraph: the document's own when the
        run is in the document's script, else the one its script and words suggest."""
        guess = _run_guess(run)
        own = self.doc.lang
        same_script = guess is not None and _script_family(guess) == _script_family(own)
        return own if same_script and run_dir == language_direction(own) else guess


@lru_cache(maxsize=4096)
def _run_guess(run: str) -> str | None:
    """The language of a run: names and terms come back often within and across articles."""
    return detect_language(run)


def _script_family(lang: str) -> str:
    primary = lang.split("-")[0].lower()
    return "arabic" if primary in _ARABIC_SCRIPT_LANGUAGES else primary


_ARABIC_SCRIPT_LANGUAGES = frozenset({"ar", "fa", "ur", "ps", "ckb", "sd", "ug"})


def _clean(text: str) -> str:
    return strip_xml_illegal(text) if XML_ILLEGAL.search(text) else text


def last_child(parent: etree._Element) -> etree._Element | None:
    """The last child of ``parent``, found from the end (``len()`` would count them all)."""
    try:
        return parent[-1]
    except IndexError:
        return None


def _add_after(parent: etree._Element, last: etree._Element | None, text: str) -> None:
    """Add text after ``last`` (the last child of ``parent``), or as its text when None."""
    if not text:
        return
    if last is None:
        parent.text = (parent.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def body_element(doc: Document, style: BodyStyle = BodyStyle(), tag: str = "div") -> etree._Element:
    """A root element (``div`` by default) holding the rendered body, with lang and dir."""
    renderer = BodyRenderer(doc, style)
    root = renderer.element(tag)
    renderer.set_lang_dir(root, doc.lang, doc.dir)
    renderer.render_blocks(root, doc.blocks, doc.dir)
    return root


def header_elements(
    doc: Document,
    parent: etree._Element,
    style: BodyStyle = BodyStyle(),
    *,
    derived_headline: bool = True,
) -> None:
    """Append the article header (headline, sub-headline, byline, dateline, date) to
    ``parent``. ``derived_headline=False`` leaves out a headline derived from the lead,
    which the body already starts with."""
    meta = doc.meta
    headline = meta.headline if derived_headline or not meta.headline_derived else None
    lines = [
        ("nc-subheadline", meta.subheadline),
        ("nc-byline", meta.byline),
        ("nc-dateline", meta.dateline),
        ("nc-date", meta.date.date().isoformat() if meta.date else None),
    ]
    renderer = BodyRenderer(doc, style)
    header = renderer.element("header", parent, **{"class": "nc-header"})
    if headline:
        renderer.element("h1", header).text = _clean(headline)
    for css_class, value in lines:
        if value:
            renderer.element("p", header, **{"class": css_class}).text = _clean(value)


def text_of(element: etree._Element) -> str:
    """All text inside ``element`` (for text-preservation checks)."""
    return "".join(str(part) for part in element.itertext())
