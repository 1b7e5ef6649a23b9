"""Property tests: any markup makes a book that passes the checklist and keeps its text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsconv

from .test_epub import assert_text_preserved
from .test_epub_support import Book, checklist, digest, single

_WORDS = st.sampled_from(
    ["خبر", "العاجل", "کشور", "گفت", "שלום", "news", "Reuters", "2024", "«", "»", "،", ".", "&amp;"]
)
_LINE = st.lists(_WORDS, min_size=1, max_size=12).map(" ".join)
_WRAPPERS = st.sampled_from(
    [
        "{}",
        "[b]{}[/b]",
        '<a href="https://example.com/{}">x</a> {}',
        "[two-column]\n{}\n[/two-column]",
        '[quote cite="src"]\n{}\n[/quote]',
        '[box title="t"]\n{}\n[/box]',
        '<span lang="en">{}</span>',
    ]
)
_ARTICLE = st.lists(st.tuples(_WRAPPERS, _LINE), min_size=1, max_size=8).map(
    lambda parts: "\n".join(wrapper.replace("{}", line) for wrapper, line in parts)
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ARTICLE)
def test_any_article_makes_a_valid_book(text: str) -> None:
    doc = newsconv.parse(text)
    book = Book(single(doc, extra={"fonts": "none"}))
    assert checklist(book) == []
    assert_text_preserved(doc, book.text("article.xhtml"))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ARTICLE, min_size=1, max_size=4))
def test_any_digest_keeps_each_article(texts: list[str]) -> None:
    docs = [newsconv.parse(text) for text in texts]
    book = Book(digest(docs, extra={"fonts": "none"}))
    assert checklist(book) == []
    for number, doc in enumerate(docs, start=1):
        href = f"article-{number:03d}.xhtml"
        root = book.xml(href)
        assert (root.get("lang"), root.get("dir")) == (doc.lang, doc.dir)
        assert_text_preserved(doc, book.text(href))
