"""What real ingest code reads from our outputs: IPTC's ``newsmlg2`` library and Superdesk's
NewsML-G2, NITF and ninjs feed parsers, for every corpus article and every example.

Each consumer must get the headline, language, guid, version, byline, subjects and every
word of the body (see the README for which layout each one reads).
"""

from __future__ import annotations

import copy
import functools
import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

import newsconv
from newsconv.iptc.text import clean_meta
from newsconv.model import Document, block_text, walk_blocks
from newsconv.text.controls import BIDI_CONTROLS, strip_xml_illegal
from newsconv.writers.base import WriterOptions

from .conftest import EXAMPLES, corpus_files, corpus_ids
from .consumers import Superdesk, element_words, html_words, superdesk_folder

NITF_NS = "http://iptc.org/std/NITF/2006-10-18/"
XHTML_NS = "http://www.w3.org/1999/xhtml"
SUBJ = "subj:04000000"
"""An IPTC subject code: the scheme Superdesk's NewsML-G2 parser maps by default."""
CORPUS_META = {
    "byline": "Corpus Desk",
    "subjects": f"medtop:04000000, {SUBJ}",
    "version": "3",
    "provider": "newsconv.example",
    "date": "2024-06-01T10:00:00+03:00",
}
"""The corpus articles are bare text: the metadata the consumers must carry across."""

ARTICLES = [*corpus_files(), *sorted(EXAMPLES.glob("*.txt"))]
IDS = [*corpus_ids(), *(f"examples/{p.stem}" for p in sorted(EXAMPLES.glob("*.txt")))]


def _required(module: str) -> None:
    """Consumers come with the test extras: missing fails under CI, skips elsewhere."""
    message = f"{module} is not installed (python3 tasks.py test installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def superdesk() -> Iterator[Superdesk]:
    folder = superdesk_folder()
    if folder is None:
        _required("superdesk-core")
    assert folder is not None
    loaded = Superdesk(folder)
    yield loaded
    loaded.forget()


@pytest.fixture(scope="module")
def g2() -> Any:
    try:
        import NewsMLG2  # type: ignore[import-not-found]
    except ImportError:
        _required("newsmlg2")
    return NewsMLG2


@functools.cache
def article(path: Path) -> Document:
    """The article with test metadata where it has none of its own (and ``subj:`` added)."""
    text = path.read_text(encoding="utf-8")
    own = newsconv.parse(text, source=str(path)).meta
    meta = {key: value for key, value in CORPUS_META.items() if not _has(own, key)}
    meta["subjects"] = ", ".join(dict.fromkeys([*own.subjects, "medtop:04000000", SUBJ]))
    return newsconv.parse(text, source=str(path), meta=meta)


def _has(meta: Any, key: str) -> bool:
    value = {"byline": meta.byline, "provider": meta.provider, "date": meta.date}.get(key)
    return value is not None or (key == "version" and meta.version != 1)


def words(text: str) -> list[str]:
    cleaned = strip_xml_illegal(text).translate({ord(c): None for c in BIDI_CONTROLS})
    return cleaned.split()


def body_words(doc: Document) -> list[str]:
    """Every word of the article's body, from the model."""
    return words("\n".join(block_text(block) for block in walk_blocks(doc.blocks)))


def assert_every_word(doc: Document, received: list[str], consumer: str) -> None:
    got = Counter(words(" ".join(received)))
    missing = Counter(body_words(doc)) - got
    assert not missing, f"{consumer} lost {sum(missing.values())} word(s): {list(missing)[:8]}"


@functools.cache
def newsml(doc: Document, body: str) -> bytes:
    data = newsconv.convert(doc, "newsml", WriterOptions(extra={"body": body}))
    assert isinstance(data, bytes)
    return data


def expected_headline(doc: Document) -> str:
    """The headline as item metadata carries it (one line, spaces folded)."""
    return clean_meta(doc.meta.headline or "")


def expected_byline(doc: Document) -> str | None:
    return clean_meta(doc.meta.byline) if doc.meta.byline else None


# ----------------------------------------------------------------------------- IPTC newsmlg2


EXAMPLE_FILES = sorted(EXAMPLES.glob("*.txt"))
LAYOUTS = [
    *((path, "xhtml") for path in ARTICLES),
    *((path, body) for path in EXAMPLE_FILES for body in ("xhtml-flat", "nitf")),
]
"""Every article in the default layout; the other layouts with the examples (the reader
builds IPTC's catalog for each item, a quarter of a second)."""


@pytest.mark.parametrize(
    ("path", "body"),
    LAYOUTS,
    ids=[*IDS, *(f"examples/{p.stem}-{b}" for p, b in LAYOUTS[len(IDS) :])],
)
def test_iptc_newsmlg2_reads_everything(g2: Any, path: Path, body: str) -> None:
    doc = article(path)
    data = newsml(doc, body)
    item = g2.NewsMLG2Document(filename_or_string=data).get_item()
    guid = etree.fromstring(data).get("guid")
    assert (item.guid, item.version) == (guid, str(doc.meta.version))
    meta = item.contentmeta
    headlines = [str(h) for h in meta.headline]
    assert headlines[0] == expected_headline(doc)
    assert meta.language[0].tag == doc.lang
    assert [str(by) for by in meta.by] == [expected_byline(doc)]
    assert [s.qcode for s in meta.subject] == list(doc.meta.subjects)
    inline = item.contentset.inlinexml[0]
    root = inline.to_xml()  # their model of the content, written back as XML
    text_root = root.find(f".//{{{XHTML_NS}}}body")
    if text_root is None:
        text_root = root.find(f".//{{{NITF_NS}}}body.content")
    assert text_root is not None
    received = element_words(text_root)
    assert_every_word(doc, received, f"newsmlg2 ({body})")
    assert int(inline.wordcount) == len(received)


# ----------------------------------------------------------------------------- Superdesk


@pytest.mark.parametrize("body", ["nitf", "xhtml-flat"])
@pytest.mark.parametrize("path", ARTICLES, ids=IDS)
def test_superdesk_newsml_parser_reads_everything(
    superdesk: Superdesk, path: Path, body: str
) -> None:
    doc = article(path)
    data = newsml(doc, body)
    [item] = superdesk.newsml.parse(etree.fromstring(data))
    guid = etree.fromstring(data).get("guid")
    assert item["uri"] == guid and item["version"] == str(doc.meta.version)
    assert item["headline"] == expected_headline(doc)
    assert item["language"] == doc.lang
    assert item["byline"] == expected_byline(doc)
    assert [s["qcode"] for s in item["subject"]] == [SUBJ.split(":")[1]]
    assert_every_word(doc, html_words(item["body_html"]), f"Superdesk NewsML-G2 ({body})")


def test_superdesk_newsml_parser_loses_words_of_the_nested_xhtml_body(
    superdesk: Superdesk,
) -> None:
    """Why ``xhtml-flat`` exists: that parser keeps only the leading text of each child of
    ``body``, so boxes, lists and bold words of the default layout do not arrive."""
    doc = article(EXAMPLES / "features-ar.txt")
    [item] = superdesk.newsml.parse(etree.fromstring(newsml(doc, "xhtml")))
    missing = Counter(body_words(doc)) - Counter(words(" ".join(html_words(item["body_html"]))))
    assert missing


def standalone_nitf(data: bytes) -> etree._Element:
    """The NITF document of an item, as a partner that receives plain NITF gets it."""
    found = etree.fromstring(data).find(f".//{{{NITF_NS}}}nitf")
    assert found is not None
    nitf = copy.deepcopy(found)
    for element in nitf.iter():
        if isinstance(element.tag, str):
            element.tag = etree.QName(element).localname
    return etree.fromstring(etree.tostring(nitf).replace(f' xmlns="{NITF_NS}"'.encode(), b""))


@pytest.mark.parametrize("path", ARTICLES, ids=IDS)
def test_superdesk_nitf_parser_reads_everything(superdesk: Superdesk, path: Path) -> None:
    doc = article(path)
    data = newsml(doc, "nitf")
    item = superdesk.nitf.parse(standalone_nitf(data))
    assert item["guid"] == etree.fromstring(data).get("guid")
    assert " ".join((item["headline"] or "").split()) == expected_headline(doc)
    assert item["byline"] == expected_byline(doc)
    assert [s["qcode"] for s in item["subject"]] == [SUBJ.split(":")[1]]
    assert_every_word(doc, html_words(item["body_html"]), "Superdesk NITF")


@pytest.mark.parametrize("path", ARTICLES, ids=IDS)
def test_superdesk_ninjs_parser_reads_identity_language_and_place(
    superdesk: Superdesk, path: Path, tmp_path: Path
) -> None:
    """Superdesk's ninjs parser reads its own pre-3.0 dialect (``headline``, ``body_html``,
    ``byline``, ``subject``, associations as an object), names ninjs 3.1 does not allow:
    from a 3.1 object it gets the identity, type, language and place only."""
    doc = article(path)
    data = json.loads(newsconv.convert(doc, "ninjs"))
    if "associations" in data:
        pytest.skip("the parser takes associations for an object; ninjs 3.1 has a list")
    source = tmp_path / "item.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    [item] = superdesk.ninjs.parse(str(source))
    assert item["uri"] == data["uri"] and item["guid"]
    assert item["type"] == "text" and item["language"] == doc.lang
    located = doc.meta.located or doc.meta.dateline
    if located:
        assert item["dateline"] == {"located": {"city": located}}
