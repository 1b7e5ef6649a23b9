"""Embedded fonts: subsets that cover every character of the book, cached and shared."""

from __future__ import annotations

import io
import logging

import pytest
from fontTools.ttLib import TTFont

import newsconv
from newsconv.text import fontsubset
from newsconv.text.fontsubset import (
    AMIRI_BOLD,
    AMIRI_REGULAR,
    DEJAVU_REGULAR,
    font_charset,
    rounded_charset,
    subset_font,
    used_code_points,
)

from .conftest import EXAMPLE
from .test_epub_support import Book, parse_file, single


def _fonts(book: Book) -> dict[str, TTFont]:
    return {
        href: TTFont(io.BytesIO(book.read(href)))
        for href, media in book.manifest().values()
        if media == "font/woff"
    }


def _book_text(book: Book) -> str:
    return "".join(book.text(href) for href in book.content_hrefs())


def test_example_fonts_cover_every_character() -> None:
    book = Book(single(parse_file(EXAMPLE)))
    fonts = _fonts(book)
    assert sorted(fonts) == ["fonts/amiri-bold.woff", "fonts/amiri-regular.woff"]
    used = used_code_points([_book_text(book)])
    for href, font in fonts.items():
        shipped = AMIRI_BOLD if "bold" in href else AMIRI_REGULAR
        needed = used & font_charset(shipped)
        assert needed <= set(font.getBestCmap()), href
        assert "GSUB" in font and "GPOS" in font  # joining forms and mark positioning kept
        assert font.flavor == "woff"
        assert len(font.getGlyphOrder()) < len(
            TTFont(io.BytesIO(fontsubset.font_bytes(shipped))).getGlyphOrder()
        )
    css = book.css()
    assert 'src: url("../fonts/amiri-regular.woff") format("woff")' in css
    assert "font-weight: bold" in css


def test_hebrew_text_embeds_dejavu() -> None:
    doc = newsconv.parse('خبر عربي فيه كلمة <span lang="he">שלום</span> بالعبرية.')
    book = Book(single(doc))
    fonts = _fonts(book)
    assert "fonts/dejavu-sans-regular.woff" in fonts
    assert {ord(c) for c in "שלום"} <= set(fonts["fonts/dejavu-sans-regular.woff"].getBestCmap())
    assert '"Amiri", "DejaVu Sans", serif' in book.css()


def test_font_modes() -> None:
    doc = parse_file(EXAMPLE)
    shared = Book(single(doc))
    exact = Book(single(doc, extra={"fonts": "exact"}))
    none = Book(single(doc, extra={"fonts": "none"}))
    size = {
        name: sum(len(b.read(h)) for h, m in b.manifest().values() if m == "font/woff")
        for name, b in (("shared", shared), ("exact", exact), ("none", none))
    }
    assert size["none"] == 0 and "@font-face" not in none.css()
    assert 0 < size["exact"] < size["shared"]
    used = used_code_points([_book_text(exact)])
    for href, font in _fonts(exact).items():
        shipped = AMIRI_BOLD if "bold" in href else AMIRI_REGULAR
        assert set(font.getBestCmap()) == used & font_charset(shipped)


def test_rounded_charsets_are_shared_between_articles() -> None:
    first = used_code_points(["كازاخستان: قوات الأمن ألقت القبض على 7939 شخصًا."])
    second = used_code_points(["وأكد الرئيس أن بلاده نجت من محاولة انقلاب، وذلك يوم 10 يناير."])
    assert first != second
    assert rounded_charset(first, AMIRI_REGULAR) == rounded_charset(second, AMIRI_REGULAR)
    persian = used_code_points(["این یک خبر فارسی است که گفت."])
    assert rounded_charset(persian, AMIRI_REGULAR) > rounded_charset(first, AMIRI_REGULAR)


def test_subsets_are_cached() -> None:
    charset = rounded_charset(used_code_points(["نص عربي"]), AMIRI_REGULAR)
    assert subset_font(AMIRI_REGULAR, charset, "woff") is subset_font(
        AMIRI_REGULAR, charset, "woff"
    )
    ttf = subset_font(AMIRI_REGULAR, charset, "ttf")
    assert ttf[:4] == b"\x00\x01\x00\x00"
    font = TTFont(io.BytesIO(ttf))
    assert set(font.getBestCmap()) == charset
    assert any("SIL Open Font License" in str(r) for r in font["name"].names)


@pytest.mark.parametrize("shipped", [AMIRI_REGULAR, DEJAVU_REGULAR])
def test_charset_is_limited_to_the_font(shipped: str) -> None:
    used = used_code_points(["abc", "漢"])
    assert ord("漢") not in rounded_charset(used, shipped)
    assert {ord("a"), ord("b"), ord("c")} <= rounded_charset(used, shipped)


def test_subset_bytes_do_not_depend_on_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    charset = rounded_charset(used_code_points(["سلام"]), AMIRI_BOLD)
    first = subset_font(AMIRI_BOLD, charset, "woff")
    fontsubset.subset_cache_clear()
    monkeypatch.setattr("time.time", lambda: 2_000_000_000.0)
    assert subset_font(AMIRI_BOLD, charset, "woff") == first


def test_subsetting_dejavu_logs_no_warning(caplog: pytest.LogCaptureFixture) -> None:
    fontsubset._subset_font.cache_clear()
    with caplog.at_level(logging.WARNING):
        fontsubset.subset_font("DejaVuSans.ttf", frozenset(map(ord, "שלום abc")), "woff")
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
