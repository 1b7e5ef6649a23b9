"""The title of a related-articles list: from ``[related title="…"]`` or from the «Read
more» line an inferred list follows; kept in the model text, the dump, the JSON and the
HTML, and printed once."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

import newsconv
from newsconv.dump import tree
from newsconv.model import RelatedItem, RelatedList, block_text
from newsconv.serialize import dumps, loads
from newsconv.text.labels import related_label

from .textcheck import model_text, strip_markup

CASES = Path(__file__).parent / "cases" / "parser"
BODY = "The mayor opened the new bridge on Saturday after three years of construction work."
BODY_2 = "Traffic on the ring road is expected to ease once the approach roads are finished."
TITLES = ["Bridge costs double the first estimate", "Traffic eases on the ring road at last"]


def related_block(doc: newsconv.Document) -> RelatedList:
    blocks = [block for block in doc.blocks if isinstance(block, RelatedList)]
    assert len(blocks) == 1
    return blocks[0]


def page_of(doc: newsconv.Document) -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(str(newsconv.convert(doc, "html")))


@pytest.mark.parametrize(
    ("tag", "title"),
    [
        ('[related title="More on the bridge"]', "More on the bridge"),
        ("[related title='Bridge &amp; roads']", "Bridge & roads"),
        ('[related title="  "]', None),
        ("[related]", None),
    ],
)
def test_the_title_attribute_names_the_list(tag: str, title: str | None) -> None:
    doc = newsconv.parse("\n".join([BODY, tag, *TITLES, "[/related]"]))
    block = related_block(doc)
    assert (block.title, [item.title for item in block.items]) == (title, TITLES)
    assert not block.inferred


def test_positional_construction_still_works() -> None:
    block = RelatedList((RelatedItem("A title"),))
    assert (block.inferred, block.title) == (False, None)


def test_block_text_starts_with_the_title() -> None:
    block = RelatedList((RelatedItem(TITLES[0]), RelatedItem(TITLES[1])), title="See also")
    assert block_text(block) == "\n".join(["See also", *TITLES])
    assert block_text(RelatedList((RelatedItem(TITLES[0]),))) == TITLES[0]


@pytest.mark.parametrize(
    "source",
    [
        "\n".join([BODY, "[related title='Bridge &amp; roads']", *TITLES, "[/related]"]),
        (CASES / "related_label.txt").read_text(encoding="utf-8"),
    ],
    ids=["attribute", "label-line"],
)
def test_no_text_is_lost_with_a_titled_list(source: str) -> None:
    doc = newsconv.parse(source)
    assert related_block(doc).title
    assert model_text(doc) == strip_markup(source)


def test_the_dump_shows_the_title() -> None:
    doc = newsconv.parse("\n".join([BODY, '[related title="See also"]', *TITLES, "[/related]"]))
    assert "RelatedList @2:1 title='See also'" in tree(doc)


def test_json_round_trip_keeps_the_title() -> None:
    doc = newsconv.parse("\n".join([BODY, BODY_2, "Read more:", *TITLES]))
    assert related_block(doc).title == "Read more:"
    assert '"title": "Read more:"' in dumps(doc)
    assert loads(dumps(doc)) == doc


def test_html_prints_the_given_title_instead_of_the_label() -> None:
    doc = newsconv.parse("\n".join([BODY, '[related title="More on the bridge"]', *TITLES]))
    heading = page_of(doc).find_class("nc-related-title")
    assert [element.text_content() for element in heading] == ["More on the bridge"]


def test_html_falls_back_to_the_label_of_the_document_language() -> None:
    doc = newsconv.parse((CASES / "kazakhstan.txt").read_text(encoding="utf-8"))
    assert related_block(doc).title is None
    heading = page_of(doc).find_class("nc-related-title")
    assert [element.text_content() for element in heading] == [related_label("ar")]


@pytest.mark.parametrize("label", ["Read more:", "See also"])
def test_an_inferred_label_is_printed_once(label: str) -> None:
    doc = newsconv.parse("\n".join(["A new bridge", BODY, BODY_2, label, *TITLES]))
    page = page_of(doc)
    article = page.find(".//article")
    assert article is not None
    assert article.text_content().count(label) == 1
    heading = page.find_class("nc-related-title")
    assert [element.text_content() for element in heading] == [label]
