"""The EPUB writer: structure, RTL checklist, reproducibility, text preservation, goldens."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

import newsconv
from newsconv.diagnostics import WriterError
from newsconv.model import Document, Quote, block_text, walk_blocks
from newsconv.text.controls import strip_xml_illegal
from newsconv.writers import registry
from newsconv.writers.base import WriterOptions
from newsconv.writers.epub import EpubWriter

from .conftest import CORPUS, EXAMPLE, corpus_files, corpus_ids, shared_or_skip
from .test_epub_support import (
    NS,
    PNG,
    XML_LANG,
    Book,
    checklist,
    digest,
    meta_values,
    parse_file,
    single,
)


@pytest.fixture(scope="module")
def example() -> Document:
    return parse_file(EXAMPLE)


@pytest.fixture(scope="module")
def corpus_docs() -> list[Document]:
    shared_or_skip(CORPUS)
    return [parse_file(path) for path in corpus_files()]


@pytest.fixture(scope="module")
def corpus_digest(corpus_docs: list[Document]) -> Book:
    return Book(digest(corpus_docs, title="Corpus"))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", strip_xml_illegal(text))


def assert_text_preserved(doc: Document, book_text: str) -> None:
    """Every line of every block's text is in the book's text; body blocks in order.

    A quote's citation follows its paragraphs in the book, so it is only looked for.
    """
    haystack = _squash(book_text)
    position = 0
    for block in walk_blocks(doc.blocks):
        for line in block_text(block).split("\n"):
            needle = _squash(line)
            if not needle:
                continue
            if isinstance(block, Quote):
                assert needle in haystack, f"{doc.source}: citation missing: {line[:60]!r}"
                continue
            found = haystack.find(needle, position)
            assert found >= 0, f"{doc.source}: text missing or out of order: {line[:60]!r}"
            position = found + len(needle)


# ----------------------------------------------------------------------------- single article


def test_registered_as_epub() -> None:
    assert isinstance(registry.get("epub"), EpubWriter)
    assert EpubWriter.binary and EpubWriter.media_type == "application/epub+zip"


def test_example_passes_checklist(example: Document) -> None:
    book = Book(single(example))
    assert checklist(book) == []
    spine = book.opf.find("opf:spine", NS)
    assert spine is not None and spine.get("page-progression-direction") == "rtl"
    assert book.spine_hrefs() == ["article.xhtml"]


def test_example_chapter_is_rtl_arabic_with_title_page(example: Document) -> None:
    book = Book(single(example))
    root = book.xml("article.xhtml")
    assert (root.get("lang"), root.get(XML_LANG), root.get("dir")) == ("ar", "ar", "rtl")
    header = root.find(".//x:header", NS)
    assert header is not None and "nc-titlepage" in (header.get("class") or "")
    assert header.get("{http://www.idpf.org/2007/ops}type") == "titlepage"
    columns = root.find(".//x:div[@class='nc-columns nc-columns-2']", NS)
    assert columns is not None and len(columns) == 1
    sections = [h.text for h in root.iterfind(".//x:h2", NS)]
    assert sections == ["انقلاب فاشل", "ثورات ملونة"]


def test_nav_lists_headline_and_sub_headings(example: Document) -> None:
    book = Book(single(example))
    nav = book.xml(book.nav_href())
    assert (nav.get("lang"), nav.get(XML_LANG), nav.get("dir")) == ("ar", "ar", "rtl")
    toc = nav.find(".//x:nav[@epub:type='toc']", NS)
    assert toc is not None
    top = toc.findall("x:ol/x:li", NS)
    assert len(top) == 1
    nested = [a.get("href") for a in top[0].iterfind("x:ol/x:li/x:a", NS)]
    assert nested == ["article.xhtml#s1", "article.xhtml#s2"]
    chapter = book.xml("article.xhtml")
    assert chapter.find(".//x:h2[@id='s1']", NS) is not None
    ncx = book.xml("toc.ncx")
    sources = [c.get("src") for c in ncx.iter("{*}content")]
    assert sources == ["article.xhtml", "article.xhtml#s1", "article.xhtml#s2"]


def test_css_has_columns_and_no_direction(example: Document) -> None:
    css = Book(single(example)).css()
    assert "column-count: 2" in css
    assert "direction" not in css and "unicode-bidi" not in css
    assert '@font-face { font-family: "Amiri"' in css


def test_metadata_from_the_article() -> None:
    doc = newsconv.parse(
        "[meta]\nheadline: عنوان الخبر\nbyline: مراسلنا\ndate: 2024-03-05T10:00:00+03:00\n"
        "provider: وكالة\ncopyright: © وكالة\nkeywords: سياسة, اقتصاد\nsummary: ملخص\n[/meta]\n"
        "نص الخبر هنا.\n"
    )
    book = Book(single(doc))
    dc = {e.tag.split("}")[1]: e.text for e in book.opf.iterfind("opf:metadata/dc:*", NS)}
    assert dc["title"] == "عنوان الخبر" and dc["creator"] == "مراسلنا"
    assert dc["date"] == "2024-03-05T07:00:00Z" and dc["publisher"] == "وكالة"
    assert meta_values(book, "dcterms:modified") == ["2024-03-05T07:00:00Z"]
    assert book.zip.infolist()[1].date_time == (2024, 3, 5, 7, 0, 0)
    subjects = [e.text for e in book.opf.iterfind("opf:metadata/dc:subject", NS)]
    assert subjects == ["سياسة", "اقتصاد"]
    header = book.xml("article.xhtml").find(".//x:header", NS)
    assert header is not None
    texts = ["".join(e.itertext()) for e in header]
    assert texts[:3] == ["عنوان الخبر", "مراسلنا", "2024-03-05"]
    assert "© وكالة" in texts[-1]


def test_reproducible_bytes_and_stable_identifier(example: Document) -> None:
    first, second = single(example), single(example)
    assert first == second
    identifier = Book(first).opf.find("opf:metadata/dc:identifier", NS)
    assert identifier is not None and re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", identifier.text or "")
    assert identifier.text is not None and identifier.text[9:][14] == "5"  # a uuid5
    other = newsconv.parse("Another article.\nWith a body.")
    other_id = Book(single(other)).opf.find("opf:metadata/dc:identifier", NS)
    assert other_id is not None and other_id.text != identifier.text


def test_timestamp_without_dates_comes_from_options(
    example: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    book = Book(single(example))
    assert meta_values(book, "dcterms:modified") == ["2023-11-14T22:13:20Z"]
    assert {info.date_time for info in book.zip.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    given = Book(single(example, now=datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)))
    assert meta_values(given, "dcterms:modified") == ["2025-01-02T03:04:05Z"]


def test_zip_entries_are_fixed() -> None:
    book = Book(single(newsconv.parse("Hello world.")))
    infos = book.zip.infolist()
    assert [i.filename for i in infos[:3]] == [
        "mimetype",
        "META-INF/container.xml",
        "EPUB/content.opf",
    ]
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}


def test_latin_book_embeds_no_font() -> None:
    book = Book(single(newsconv.parse("Plain English news.\nSecond paragraph.")))
    assert not [m for _, m in book.manifest().values() if m.startswith("font/")]
    assert checklist(book) == []
    spine = book.opf.find("opf:spine", NS)
    assert spine is not None and spine.get("page-progression-direction") == "ltr"


def test_bad_font_option_and_empty_digest_are_errors(example: Document) -> None:
    with pytest.raises(WriterError, match="fonts"):
        EpubWriter().write(example, WriterOptions(extra={"fonts": "all"}))
    with pytest.raises(WriterError, match="at least one"):
        EpubWriter().write_many([], WriterOptions())


# ----------------------------------------------------------------------------- images and links


def test_local_image_is_stored_remote_one_keeps_alt_text() -> None:
    text = (
        '[image src="photo.png" alt="صورة الرئيس" credit="وكالة"]الرئيس يتحدث[/image]\n'
        '[image src="https://example.com/x.jpg" alt="صورة بعيدة"]تعليق[/image]\n'
        '[image src="notes.txt" alt="ليست صورة"][/image]\n'
        "نص الخبر.\n"
    )
    doc = newsconv.parse(text)
    asked: list[str] = []

    def load(src: str) -> bytes | None:
        asked.append(src)
        return {"photo.png": PNG, "notes.txt": b"plain text"}.get(src)

    book = Book(single(doc, load_resource=load))
    assert asked == ["photo.png", "notes.txt"]  # the remote image is never asked for
    images = [(h, m) for h, m in book.manifest().values() if m.startswith("image/")]
    assert len(images) == 1 and images[0][1] == "image/png"
    assert book.read(images[0][0]) == PNG
    chapter = book.xml("article.xhtml")
    imgs = chapter.findall(".//x:img", NS)
    assert [(i.get("src"), i.get("alt")) for i in imgs] == [(images[0][0], "صورة الرئيس")]
    text_all = book.text("article.xhtml")
    assert "صورة بعيدة" in text_all and "ليست صورة" in text_all
    assert "visual" in meta_values(book, "schema:accessMode")
    assert "alternativeText" in meta_values(book, "schema:accessibilityFeature")
    assert checklist(book) == []


def test_links_are_absolute_and_valid() -> None:
    doc = newsconv.parse(
        '<a href="http://example.com/a b?q=ü">one</a> <a href="../local.html">two</a> '
        '<a href="javascript:alert(1)">three</a>'
    )
    chapter = Book(single(doc)).xml("article.xhtml")
    links = {("".join(a.itertext())): a.get("href") for a in chapter.iterfind(".//x:a", NS)}
    assert links == {"one": "http://example.com/a%20b?q=%C3%BC", "two": None}
    assert "three" in "".join(chapter.itertext())  # the script link's text stays, unlinked


# ----------------------------------------------------------------------------- digests


def test_digest_of_mixed_directions() -> None:
    arabic = parse_file(EXAMPLE)
    english = newsconv.parse(
        "[meta]\nheadline: English news\n[/meta]\nThe opening paragraph of the story.\n"
        "Part one\nThe text that follows the sub-heading, in a full sentence.\n"
    )
    book = Book(digest([arabic, english, arabic], title="Daily"))
    assert checklist(book) == []
    assert book.spine_hrefs() == [
        "title.xhtml",
        "nav.xhtml",
        "article-001.xhtml",
        "article-002.xhtml",
        "article-003.xhtml",
    ]
    languages = [e.text for e in book.opf.iterfind("opf:metadata/dc:language", NS)]
    assert languages == ["ar", "en"]
    second = book.xml("article-002.xhtml")
    assert (second.get("lang"), second.get("dir")) == ("en", "ltr")
    nav = book.xml("nav.xhtml")
    entries = nav.findall(".//x:nav[@epub:type='toc']/x:ol/x:li", NS)
    assert len(entries) == 3
    assert (entries[1].get("lang"), entries[1].get(XML_LANG), entries[1].get("dir")) == (
        "en",
        "en",
        "ltr",
    )
    assert entries[0].get("dir") is None
    assert [a.text for a in entries[1].iterfind("x:ol/x:li/x:a", NS)] == ["Part one"]
    title = book.opf.find("opf:metadata/dc:title", NS)
    assert title is not None and (title.text, title.get("dir")) == ("Daily", "ltr")


def test_digest_default_title_is_localised() -> None:
    doc = newsconv.parse("[meta]\ndate: 2022-01-10\n[/meta]\nخبر قصير عن الطقس.")
    book = Book(digest([doc, doc]))
    title = book.opf.find("opf:metadata/dc:title", NS)
    assert title is not None and title.text == "موجز الأخبار 2022-01-10"


def test_corpus_digest_passes_checklist(corpus_digest: Book) -> None:
    assert checklist(corpus_digest) == []
    assert len(corpus_digest.spine_hrefs()) == len(corpus_files()) + 2


def test_corpus_digest_keeps_every_article_text(
    corpus_docs: list[Document], corpus_digest: Book
) -> None:
    for number, doc in enumerate(corpus_docs, start=1):
        href = f"article-{number:03d}.xhtml"
        root = corpus_digest.xml(href)
        assert (root.get("lang"), root.get("dir")) == (doc.lang, doc.dir)
        assert_text_preserved(doc, corpus_digest.text(href))


@pytest.mark.parametrize("path", corpus_files(), ids=corpus_ids())
def test_corpus_article_book(path: Path) -> None:
    doc = parse_file(path)
    book = Book(single(doc))
    assert checklist(book) == []
    assert_text_preserved(doc, book.text("article.xhtml"))
    fonts = [h for h, m in book.manifest().values() if m == "font/woff"]
    assert bool(fonts) == (doc.dir == "rtl" or path.parent.name != "en")


def test_zip_is_a_valid_archive(example: Document) -> None:
    data = single(example)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None


# ----------------------------------------------------------------------------- edge cases


_BUILD_IN_SUBPROCESS = """
import hashlib, sys
import newsconv
from newsconv.writers.base import WriterOptions
from newsconv.writers.epub import EpubWriter
doc = newsconv.parse(open(sys.argv[1], encoding="utf-8").read())
other = newsconv.parse("[meta]\\nheadline: Second\\n[/meta]\\nשלום עולם. Hello.")
writer = EpubWriter()
for data in (writer.write(doc, WriterOptions()), writer.write_many([doc, other], WriterOptions())):
    print(hashlib.sha256(data).hexdigest())
"""


def test_same_bytes_in_fresh_processes_with_different_hash_seeds(example: Document) -> None:
    import hashlib
    import os
    import subprocess
    import sys

    other = newsconv.parse("[meta]\nheadline: Second\n[/meta]\nשלום עולם. Hello.")
    expected = [
        hashlib.sha256(single(example)).hexdigest(),
        hashlib.sha256(digest([example, other])).hexdigest(),
    ]
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        env.pop("SOURCE_DATE_EPOCH", None)
        run = subprocess.run(
            [sys.executable, "-c", _BUILD_IN_SUBPROCESS, str(EXAMPLE)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        assert run.stdout.split() == expected


def test_empty_article_still_makes_a_valid_book() -> None:
    book = Book(single(newsconv.parse("")))
    assert checklist(book) == []
    title = book.opf.find("opf:metadata/dc:title", NS)
    assert title is not None and title.text
    h1 = book.xml("article.xhtml").find(".//x:h1", NS)
    assert h1 is not None and h1.text == title.text


def test_xml_illegal_characters_never_reach_the_book() -> None:
    doc = newsconv.parse("[meta]\nheadline: bad\x0bheadline\n[/meta]\nText\x01 here\ufffe.")
    book = Book(single(doc))
    for href in book.content_hrefs():
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", book.read(href).decode())
