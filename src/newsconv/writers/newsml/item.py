"""Builds one NewsML-G2 2.35 ``newsItem`` (power conformance) from a document."""

from __future__ import annotations

from lxml import etree

from ...diagnostics import WriterError
from ...iptc.catalog import G2_NS, IPTC_CATALOG_HREF, is_iptc_qcode, own_schemes
from ...iptc.content import related_items
from ...iptc.identity import g2_datetime, identity_of, slug_token, warn_if_unstable
from ...iptc.text import clean_meta, safe_iri
from ...model import (
    Direction,
    Document,
    RelatedItem,
)
from ...text.script import direction_runs, text_direction
from ...text.urls import safe_url
from ...version import __version__
from ..base import WriterOptions
from ..nitf import NITF_NS
from ..xhtml import XHTML_NS
from .body import BodyFormat, content_element

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_P = f"{{{G2_NS}}}"
_BYLINE_PREFIXES = ("by ", "بقلم:", "بقلم ", "به قلم ", "نویسنده:", "كتب:", "كتبت:")


def g2(
    parent: etree._Element, tag: str, text: str | None = None, /, **attrs: str
) -> etree._Element:
    """A NewsML-G2 child element with optional text (cleaned by :func:`clean_meta`).

    Attribute values are written as given: callers clean the ones that come from input.
    """
    element = etree.SubElement(parent, _P + tag, attrs)
    if text is not None:
        element.text = clean_meta(text)
    return element


def new_root(tag: str) -> etree._Element:
    """A NewsML-G2 root element declaring the G2 namespace as default."""
    return etree.Element(_P + tag, nsmap={None: G2_NS})  # type: ignore[dict-item]


class ItemBuilder:
    """Writes the ``newsItem`` of one document; create one per document."""

    def __init__(self, doc: Document, options: WriterOptions, body: BodyFormat) -> None:
        self.doc = doc
        self.meta = doc.meta
        self.options = options
        self.body = body
        self.identity = identity_of(doc, options)
        warn_if_unstable(doc, self.identity, options)

    def build(self, parent: etree._Element | None = None) -> etree._Element:
        """The ``newsItem`` element, appended to ``parent`` when given."""
        doc = self.doc
        item = new_root("newsItem") if parent is None else g2(parent, "newsItem")
        item.set("guid", self.identity.guid)
        item.set("version", str(self.meta.version))
        item.set("standard", "NewsML-G2")
        item.set("standardversion", "2.35")
        item.set("conformance", "power")
        item.set(XML_LANG, doc.lang)
        item.set("dir", doc.dir)
        g2(item, "catalogRef", href=IPTC_CATALOG_HREF)
        self._catalog(g2(item, "catalog"))
        if self.meta.copyright:
            self._rights(g2(item, "rightsInfo"))
        self._item_meta(g2(item, "itemMeta"))
        self._content_meta(g2(item, "contentMeta"))
        self._content_set(g2(item, "contentSet"))
        return item

    # ------------------------------------------------------------------ header parts

    def _catalog(self, catalog: etree._Element) -> None:
        for alias, uri in own_schemes(self.identity.vocabulary_base).items():
            g2(catalog, "scheme", alias=alias, uri=uri)

    def _rights(self, rights: etree._Element) -> None:
        holder = g2(rights, "copyrightHolder")
        self._party(holder)
        g2(rights, "copyrightNotice", self.meta.copyright)

    def _party(self, element: etree._Element) -> None:
        """The provider as ``literal`` token plus its human-readable ``name``."""
        element.set("literal", self.identity.provider_token)
        name = self.identity.provider_name
        if name:
            g2(element, "name", name)

    def _item_meta(self, meta_el: etree._Element) -> None:
        meta, identity = self.meta, self.identity
        g2(meta_el, "itemClass", qcode="ninat:text")
        self._party(g2(meta_el, "provider"))
        g2(meta_el, "versionCreated", g2_datetime(identity.version_created))
        g2(meta_el, "firstCreated", g2_datetime(identity.first_created))
        if meta.embargo:
            g2(meta_el, "embargoed", g2_datetime(meta.embargo))
        g2(meta_el, "pubStatus", qcode=f"stat:{meta.pubstatus or 'usable'}")
        g2(meta_el, "generator", "newsconv", versioninfo=_package_version())
        if meta.ednote:
            g2(meta_el, "edNote", meta.ednote)
        signal = meta.signal or (
            "update" if meta.version > 1 and meta.pubstatus in (None, "usable") else None
        )  # a kill or withdrawal is said by its pubStatus, not as an update
        if signal:
            g2(meta_el, "signal", qcode=f"sig:{signal}")
        url = safe_url(meta.url)
        if url:
            g2(meta_el, "link", rel="ncrel:canonical", href=safe_iri(url), contenttype="text/html")
        for related in related_items(self.doc.blocks):
            related_url = safe_url(related.url)
            if related_url:  # a link needs href or residref; the title stays in the body
                self._see_also(meta_el, related, related_url)

    def _see_also(self, parent: etree._Element, related: RelatedItem, url: str) -> None:
        link = g2(parent, "link", rel="irel:seeAlso", href=safe_iri(url), contenttype="text/html")
        title = g2(link, "title", related.title)
        self._lang_dir(title, related.lang or self.doc.lang, related.title)

    def _lang_dir(self, element: etree._Element, lang: str, text: str) -> None:
        element.set(XML_LANG, lang)
        element.set("dir", direction_of(text, self.doc.dir))

    # ------------------------------------------------------------------ content meta

    def _content_meta(self, cm: etree._Element) -> None:
        meta = self.meta
        if meta.urgency is not None:
            g2(cm, "urgency", str(meta.urgency))
        if meta.date:
            g2(cm, "contentCreated", g2_datetime(meta.date))
        if meta.updated:
            g2(cm, "contentModified", g2_datetime(meta.updated))
        if meta.located:
            located = g2(cm, "located", type="cpnat:geoArea", literal=clean_meta(meta.located))
            g2(located, "name", meta.located)
        if meta.byline:
            g2(g2(cm, "creator"), "name", creator_name(meta.byline))
        g2(cm, "language", tag=self.doc.lang)
        if meta.genre:
            self._genre(cm, meta.genre)
        for code in meta.subjects:
            self._subject(cm, code)
        for keyword in meta.keywords:
            g2(cm, "keyword", keyword)
        if meta.slugline:
            g2(cm, "slugline", meta.slugline)
        if meta.headline:
            self._lang_dir(g2(cm, "headline", meta.headline), self.doc.lang, meta.headline)
        if meta.subheadline:
            sub = g2(cm, "headline", meta.subheadline, role="ncrole:subheadline")
            self._lang_dir(sub, self.doc.lang, meta.subheadline)
        if meta.dateline:
            g2(cm, "dateline", meta.dateline)
        if meta.byline:
            g2(cm, "by", meta.byline)
        if meta.creditline:
            g2(cm, "creditline", meta.creditline)
        if meta.summary:
            summary = g2(cm, "description", meta.summary, role="drol:summary")
            self._lang_dir(summary, self.doc.lang, meta.summary)
        for key, value in meta.extra:
            rel = f"ncprop:{slug_token(key) or 'property'}"
            g2(cm, "contentMetaExtProperty", rel=rel, value=clean_meta(value))

    def _genre(self, parent: etree._Element, genre: str) -> None:
        if is_iptc_qcode(genre):
            g2(parent, "genre", qcode=genre)
            return
        slug = slug_token(genre)
        if slug:
            genre_el = g2(parent, "genre", qcode=f"ncgenre:{slug}")
        else:  # nothing a code can be made of (punctuation only)
            genre_el = g2(parent, "genre", literal=clean_meta(genre))
        g2(genre_el, "name", genre)

    def _subject(self, parent: etree._Element, code: str) -> None:
        if not is_iptc_qcode(code):
            if self.options.strict:
                raise WriterError(f"subject {code!r}: scheme is not in IPTC catalog 41")
            g2(g2(parent, "subject", literal=clean_meta(code)), "name", code)
            return
        kind = "cpnat:abstract"
        g2(parent, "subject", type=kind, qcode=code)

    # ------------------------------------------------------------------ content

    def _content_set(self, content_set: etree._Element) -> None:
        content, media_type = content_element(self.doc, self.body, self.identity)
        inline = g2(content_set, "inlineXML", contenttype=media_type)
        inline.set(XML_LANG, self.doc.lang)
        inline.set("dir", self.doc.dir)
        inline.set("wordcount", str(word_count(content)))
        inline.append(content)


_TEXT_ROOTS = (f"{{{XHTML_NS}}}body", f"{{{NITF_NS}}}body.content")
_TEXT_BLOCKS = frozenset(
    ["p", "h1", "h2", "h3", "li", "figcaption", "hl2", "credit", "media-caption", "media-producer"]
)
"""Elements holding a run of text (local names): words never run across their edges."""


def word_count(content: etree._Element) -> int:
    """Words of the article's text in a body root (its ``body`` or ``body.content``)."""
    words = 0
    for root in content.iter(*_TEXT_ROOTS):
        for element in root.iter():
            if _is_text_block(element) and not any(map(_is_text_block, element.iterancestors())):
                words += len("".join(str(part) for part in element.itertext()).split())
    return words


def _is_text_block(element: etree._Element) -> bool:
    return etree.QName(element).localname in _TEXT_BLOCKS


def direction_of(text: str, default: Direction) -> Direction:
    """The direction of a short text: ``default`` unless letters of the other direction lead."""
    if len(direction_runs(text, default)) == 1:
        return default  # no letter against the default direction (the usual case)
    return text_direction(text, default)


def creator_name(byline: str) -> str:
    """The person's name in a byline (``By``/``بقلم`` and similar prefixes removed)."""
    text = byline.strip()
    for prefix in _BYLINE_PREFIXES:
        if text.lower().startswith(prefix):
            return text[len(prefix) :].strip() or text
    return text


def _package_version() -> str:
    return __version__
