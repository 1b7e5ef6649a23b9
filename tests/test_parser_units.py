"""Focused parser rules that goldens show less directly."""

from __future__ import annotations

import pytest

import newsconv
from newsconv.diagnostics import ParseError
from newsconv.markup.shortcodes import scan_tag
from newsconv.model import Bold, Link, Paragraph, Text, inline_text


def diagnostics(text: str) -> list[str]:
    return [
        f"{d.line}:{d.column}:{d.code}" for d in newsconv.parse_with_diagnostics(text).diagnostics
    ]


def test_columns_point_at_the_character_as_written() -> None:
    # the bidi override sits after a NUL that is removed first; its column is still 4
    assert diagnostics("a\x00b\u202ec long enough text here\n") == [
        "1:2:control-char",
        "1:4:bidi-unbalanced",
    ]


@pytest.mark.parametrize(
    ("source", "attrs"),
    [
        ('[box title="Key facts [2024]"]', {"title": "Key facts [2024]"}),
        ("[quote cite='He said \"no\"']", {"cite": 'He said "no"'}),
        ('[image src=a.png alt="x &amp; y" /]', {"src": "a.png", "alt": "x & y"}),
        ("[list ordered]", {"ordered": ""}),
        ('[LINK URL="https://e.org"]', {"url": "https://e.org"}),
    ],
)
def test_shortcode_attributes(source: str, attrs: dict[str, str]) -> None:
    tag = scan_tag(source, 0)
    assert tag is not None and tag.attrs == attrs


@pytest.mark.parametrize(
    "source", ["[email protected]", "[البقرة: 83]", "[type=radio]", "[i]", "[ii]"]
)
def test_unknown_or_unpaired_brackets_are_text(source: str) -> None:
    doc = newsconv.parse(f"Before {source} after, in a paragraph long enough to be body text.")
    assert source in inline_text(doc.blocks[0].children)  # type: ignore[union-attr]


def test_escaped_tag_is_literal() -> None:
    doc = newsconv.parse(
        "Write [[b]]bold[[/b]] like this in a paragraph long enough to be body.", infer=False
    )
    paragraph = doc.blocks[0]
    assert isinstance(paragraph, Paragraph)
    assert paragraph.children == (
        Text(
            "Write [b]bold[/b] like this in a paragraph long enough to be body.",
            paragraph.children[0].pos,
        ),
    )


def test_crossed_inline_tags_do_not_nest_wrongly() -> None:
    doc = newsconv.parse('[b]bold [link url="u"]both[/b] link[/link] end', infer=False)
    paragraph = doc.blocks[0]
    assert isinstance(paragraph, Paragraph)
    assert isinstance(paragraph.children[0], Bold)
    assert not any(isinstance(node, Link) for node in paragraph.children)
    assert inline_text(paragraph.children) == 'bold [link url="u"]both link[/link] end'


def test_strict_mode_raises_with_every_diagnostic_so_far() -> None:
    with pytest.raises(ParseError) as caught:
        newsconv.parse("[quote]\nnever closed", strict=True)
    assert [d.code for d in caught.value.diagnostics] == ["unclosed-tag"]
    assert "unclosed-tag" in str(caught.value)


def test_meta_precedence_api_over_block() -> None:
    text = "[meta]\nheadline: From the block\nurgency: 3\n[/meta]\nBody text of the article here."
    doc = newsconv.parse(text, meta={"headline": "From the API"})
    assert (doc.meta.headline, doc.meta.urgency) == ("From the API", 3)


def test_meta_lang_sets_language_and_direction() -> None:
    doc = newsconv.parse("[meta]\nlang: fa\n[/meta]\nHello world, this is Latin text only.")
    assert (doc.lang, doc.dir) == ("fa", "rtl")
