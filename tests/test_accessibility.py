"""What the accessibility checkers rely on, tested without them: the package language, ARIA
roles matching ``epub:type``, EPUB Accessibility 1.1 metadata, alt text and decorative
images, landmarks, ``lang`` on runs in another script and the contrast of the HTML theme."""

from __future__ import annotations

import re

import pytest
from lxml import etree
from lxml import html as lxml_html

import newsconv
from newsconv.diagnostics import ParseError
from newsconv.model import Figure, walk_blocks
from newsconv.writers.html import STYLESHEET

from .test_epub_support import NS, PNG, XML_LANG, Book, digest, meta_values, single

CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
ROLE_OF_EPUB_TYPE = {"chapter": "doc-chapter", "toc": "doc-toc"}
"""The ``epub:type`` values newsconv writes that DPUB-ARIA has a role for."""
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def _photo(src: str) -> bytes | None:
    return PNG if src == "photo.png" else None


def _book(text: str, **options: object) -> Book:
    return Book(single(newsconv.parse(text), load_resource=_photo, **options))


# ----------------------------------------------------------------------------- EPUB


def test_package_carries_the_book_language_and_direction() -> None:
    book = _book("نص الخبر بالعربية.")
    assert (book.opf.get(XML_LANG), book.opf.get("dir")) == ("ar", "rtl")
    docs = [newsconv.parse("An English article."), newsconv.parse("Another English article.")]
    docs.append(newsconv.parse("خبر بالعربية."))
    package = Book(digest(docs)).opf
    assert (package.get(XML_LANG), package.get("dir")) == ("en", "ltr")


def test_every_epub_type_has_its_matching_role() -> None:
    docs = [newsconv.parse("Первый.\nA heading\nText."), newsconv.parse("نص.")]
    book = Book(digest(docs))
    names = [n for n in book.zip.namelist() if n.endswith(".xhtml")]
    seen = set()
    for name in names:
        root = etree.fromstring(book.zip.read(name))
        for element in root.iter():
            kind = element.get(EPUB_TYPE)
            if kind is None or element.xpath(
                "ancestor::x:nav[@epub:type='landmarks']", namespaces=NS
            ):
                continue
            seen.add(kind)
            if kind in ROLE_OF_EPUB_TYPE:
                assert element.get("role") == ROLE_OF_EPUB_TYPE[kind], (name, kind)
    assert {"chapter", "toc"} <= seen
    chapter = book.xml("article-001.xhtml").find(".//x:section[@role='doc-chapter']", NS)
    assert chapter is not None  # role doc-chapter is allowed on section, not on article


def test_book_without_images_conforms() -> None:
    book = _book("نص الخبر.")
    assert meta_values(book, "schema:accessMode") == ["textual"]
    assert meta_values(book, "schema:accessModeSufficient") == ["textual"]
    assert meta_values(book, "schema:accessibilityHazard") == ["none"]
    assert meta_values(book, "dcterms:conformsTo") == [CONFORMANCE]
    assert "alternativeText" not in meta_values(book, "schema:accessibilityFeature")
    assert meta_values(book, "a11y:certifiedBy") == []


def test_described_and_decorative_images_conform() -> None:
    book = _book(
        'نص.\n[image src="photo.png" alt="صورة"]تعليق[/image]\n[image src="photo.png" decorative /]'
    )
    assert meta_values(book, "schema:accessMode") == ["textual", "visual"]
    assert meta_values(book, "schema:accessModeSufficient") == ["textual", "textual,visual"]
    assert "alternativeText" in meta_values(book, "schema:accessibilityFeature")
    assert meta_values(book, "dcterms:conformsTo") == [CONFORMANCE]
    alts = [img.get("alt") for img in book.xml("article.xhtml").iterfind(".//x:img", NS)]
    assert alts == ["صورة", ""]


def test_an_image_without_alt_text_withdraws_the_conformance_claim() -> None:
    book = _book('نص.\n[image src="photo.png"]تعليق[/image]')
    assert meta_values(book, "schema:accessModeSufficient") == ["textual,visual"]
    assert "alternativeText" not in meta_values(book, "schema:accessibilityFeature")
    assert meta_values(book, "dcterms:conformsTo") == []
    summary = meta_values(book, "schema:accessibilitySummary")[0]
    assert "1 of 1 images have no text alternative" in summary
    # a remote image is not shown: its alt text stands in the caption, nothing is missing
    remote = _book('نص.\n[image src="https://example.com/a.jpg" alt="صورة"]تعليق[/image]')
    assert meta_values(remote, "dcterms:conformsTo") == [CONFORMANCE]


def test_certifier_comes_from_the_publisher() -> None:
    book = _book("نص.", extra={"certified-by": "Press Accessibility Desk"})
    assert meta_values(book, "a11y:certifiedBy") == ["Press Accessibility Desk"]
    from_meta = _book("[meta]\ncertified-by: Desk A\n[/meta]\nنص.")
    assert meta_values(from_meta, "a11y:certifiedBy") == ["Desk A"]
    docs = [newsconv.parse(f"[meta]\ncertified-by: {name}\n[/meta]\nText.") for name in "AB"]
    assert meta_values(Book(digest(docs)), "a11y:certifiedBy") == []  # they disagree


# ----------------------------------------------------------------------------- markup


def test_figure_without_alt_text_is_warned_at_its_line() -> None:
    result = newsconv.parse_with_diagnostics('نص.\n\n[image src="a.png"]تعليق[/image]\n')
    warnings = [d for d in result.diagnostics if d.code == "figure-no-alt"]
    assert [(d.line, d.column) for d in warnings] == [(3, 1)]
    with pytest.raises(ParseError, match="figure-no-alt"):
        newsconv.parse('نص.\n[image src="a.png"]تعليق[/image]', strict=True)


def test_decorative_is_the_authors_word() -> None:
    text = (
        'نص.\n[image src="a.png" decorative]زخرفة[/image]\n[image src="b.png" alt="x" decorative /]'
    )
    result = newsconv.parse_with_diagnostics(text)
    assert not [d for d in result.diagnostics if d.code == "figure-no-alt"]
    figures = [b for b in walk_blocks(result.document.blocks) if isinstance(b, Figure)]
    assert [(f.decorative, f.alt) for f in figures] == [(True, ""), (True, "")]
    described = newsconv.parse('نص.\n[image src="a.png" alt="صورة"]ت[/image]')
    assert [b.decorative for b in walk_blocks(described.blocks) if isinstance(b, Figure)] == [False]


# ----------------------------------------------------------------------------- HTML


def _page(text: str) -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(str(newsconv.convert(newsconv.parse(text), "html")))


def test_article_sits_in_the_main_landmark() -> None:
    page = _page(
        "نص الخبر.\n[box]\nصندوق\n[/box]\n[box]\nصندوق آخر\n[/box]\n[related]\nخبر | https://e.x/a\n[/related]"
    )
    body = page.find("body")
    assert [child.tag for child in body] == ["main"] and body[0][0].tag == "article"
    asides = page.findall(".//aside")
    # boxes are notes, not landmarks; the related list is a landmark with a name
    assert [a.get("role") for a in asides] == ["note", "note", None]
    assert asides[-1].get("aria-label") == "اقرأ أيضًا"


def test_runs_in_another_script_carry_their_language() -> None:
    page = _page("قال مراسل وكالة Reuters إن كلمة שלום تعني السلام.")
    spans = {span.text: span.get("lang") for span in page.iter("span")}
    assert spans == {"Reuters": "en", "שלום": "he"}
    # a Persian word inside an English paragraph of a Persian article is Persian
    page = _page(
        "این یک خبر فارسی است که متن آن طولانی است.\nThe English sentence quotes کتابخانه here."
    )
    assert [s.get("lang") for s in page.iter("span") if s.text == "کتابخانه"] == ["fa"]


def test_a_link_with_nothing_to_name_it_is_left_out() -> None:
    page = _page('<a href="https://e.x/"><img src="x.png" alt=""></a>Text of the article.')
    assert page.findall(".//a") == []


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_theme_text_colours_reach_aa_contrast() -> None:
    def full(colour: str) -> str:
        return colour if len(colour) == 7 else "#" + "".join(c * 2 for c in colour[1:])

    texts = [full(c) for c in re.findall(r"(?<!-)color:\s*(#[0-9a-fA-F]{3,6})\b", STYLESHEET)]
    backgrounds = [
        "#ffffff",
        *map(full, re.findall(r"background:\s*(#[0-9a-fA-F]{3,6})", STYLESHEET)),
    ]
    assert len(texts) >= 5 and len(backgrounds) >= 2
    worst = min(_contrast(t, b) for t in texts for b in backgrounds)
    assert worst >= 4.5
