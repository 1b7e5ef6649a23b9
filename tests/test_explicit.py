"""Explicit structure: ``[heading]``, ``[p]``, HTML ``<hN>``/``<p>`` lines and ``infer:``
in ``[meta]``; what the markup says always wins over inference."""

from __future__ import annotations

import pytest

import newsconv
from newsconv.diagnostics import Severity
from newsconv.model import Document, Heading, Paragraph, RelatedList, inline_text

AR_BODY = "قال المتحدث باسم الوزارة إن الحكومة ستعلن عن خطة جديدة لدعم المزارعين خلال الأسبوع."
AR_BODY_2 = "وأضاف أن الخطة تشمل قروضا ميسرة وتدريبا للمزارعين في المناطق الريفية البعيدة عن المدن."
EN_BODY = "The ministry said on Monday that the government would announce a new plan for farmers."
EN_BODY_2 = "The plan includes cheap loans and training for farmers in remote areas, it added."


def parse(*lines: str) -> Document:
    return newsconv.parse("\n".join(lines))


def roles(doc: Document) -> list[tuple[str, str]]:
    """(role, text) of each top-level block; headings carry their level and origin."""
    found = []
    for block in doc.blocks:
        match block:
            case Heading():
                origin = "inferred" if block.inferred else "explicit"
                found.append((f"h{block.level} {origin}", inline_text(block.children)))
            case Paragraph():
                found.append(("p", inline_text(block.children)))
            case RelatedList():
                found.extend(("related", item.title) for item in block.items)
            case _:
                found.append((type(block).__name__, ""))
    return found


def test_heading_tag_on_one_line_and_around_lines() -> None:
    doc = parse(
        "Title",
        EN_BODY,
        "[heading]Why it matters.[/heading]",
        "[heading level=2]",
        "The loans,",
        "in detail",
        "[/heading]",
        EN_BODY_2,
    )
    assert roles(doc)[1:3] == [
        ("h1 explicit", "Why it matters."),
        ("h2 explicit", "The loans, in detail"),
    ]


@pytest.mark.parametrize("level", ["0", "6", "two"])
def test_a_bad_heading_level_is_a_warning(level: str) -> None:
    result = newsconv.parse_with_diagnostics(f"T\n{EN_BODY}\n[heading level={level}]X[/heading]")
    assert roles(result.document)[1] == ("h1 explicit", "X")
    assert [(d.code, d.severity, d.line) for d in result.diagnostics] == [
        ("heading-level", Severity.WARNING, 3)
    ]


def test_html_headings_and_paragraphs_from_a_cms_export() -> None:
    doc = parse(
        "<h1>العنوان</h1>",
        AR_BODY,
        '<h2 class="sub">الخطة</h2>',
        "<h3>القروض <b>الميسرة</b></h3>",
        "<p>سطر قصير</p>",
        AR_BODY_2,
    )
    assert doc.meta.headline == "العنوان" and not doc.meta.headline_derived
    assert roles(doc) == [
        ("p", AR_BODY),
        ("h1 explicit", "الخطة"),
        ("h2 explicit", "القروض الميسرة"),
        ("p", "سطر قصير"),
        ("p", AR_BODY_2),
    ]
    assert newsconv.parse_with_diagnostics("<h2>الخطة</h2>").diagnostics == ()


def test_a_paragraph_of_bold_text_alone_is_left_to_inference() -> None:
    doc = parse("Title", EN_BODY, "<p><strong>Next steps</strong></p>", EN_BODY_2)
    assert roles(doc)[1] == ("h1 inferred", "Next steps")
    doc = parse("Title", EN_BODY, "<p><b>Next</b> steps</p>", EN_BODY_2)
    assert roles(doc)[1] == ("p", "Next steps")


def test_an_h1_line_after_body_text_or_under_a_given_headline_stays_a_heading() -> None:
    doc = parse(EN_BODY, "<h1>Section</h1>", EN_BODY_2)
    assert roles(doc)[1] == ("h1 explicit", "Section") and doc.meta.headline_derived
    given = parse("[meta]", "headline: Given", "[/meta]", "<h1>Title</h1>", EN_BODY)
    assert given.meta.headline == "Given"
    assert roles(given)[0] == ("h1 explicit", "Title")


def test_an_h1_title_is_the_headline_even_without_inference() -> None:
    doc = newsconv.parse("<h1>Title</h1>\n" + EN_BODY, infer=False)
    assert doc.meta.headline == "Title" and roles(doc) == [("p", EN_BODY)]


def test_a_short_line_marked_as_paragraph_is_not_a_heading() -> None:
    plain = parse("Title", EN_BODY, "A short line", EN_BODY_2)
    marked = parse("Title", EN_BODY, "[p]A short line[/p]", EN_BODY_2)
    assert roles(plain)[1] == ("h1 inferred", "A short line")
    assert roles(marked)[1] == ("p", "A short line")


def test_a_marked_paragraph_counts_as_body_text_after_a_heading() -> None:
    doc = parse("Title", EN_BODY, "Next steps", "[p]Short reply.[/p]")
    assert roles(doc)[1:] == [("h1 inferred", "Next steps"), ("p", "Short reply.")]


def test_marked_first_line_is_not_taken_as_the_headline() -> None:
    doc = parse("[p]A short first line[/p]", EN_BODY)
    assert doc.meta.headline_derived
    assert roles(doc)[0] == ("p", "A short first line")


def test_marked_paragraphs_are_never_taken_into_a_related_list() -> None:
    tail = ["Bridge costs double the estimate", "Traffic eases on the ring road"]
    inferred = parse("Title", EN_BODY, EN_BODY_2, *tail)
    marked = parse("Title", EN_BODY, EN_BODY_2, "[p]", *tail, "[/p]")
    assert [r for r in roles(inferred) if r[0] == "related"] == [("related", t) for t in tail]
    assert roles(marked)[-2:] == [("p", t) for t in tail]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("no", ["p", "p", "p", "p", "p"]),
        ("yes", ["p", "h1 inferred", "p", "related", "related"]),
        ("headings", ["p", "h1 inferred", "p", "p", "p"]),
        ("related, headline", ["p", "p", "p", "related", "related"]),
    ],
)
def test_infer_in_meta_chooses_the_rules(value: str, expected: list[str]) -> None:
    lines = [EN_BODY, "Short heading", EN_BODY_2, "Bridge costs double the estimate"]
    doc = parse("[meta]", f"infer: {value}", "[/meta]", *lines, "Traffic eases on the ring road")
    assert [role for role, _text in roles(doc)] == expected
    assert ("infer", value) not in doc.meta.extra


def test_infer_off_keeps_the_first_line_in_the_body() -> None:
    doc = parse("[meta]", "infer: no", "[/meta]", "Title", EN_BODY)
    assert roles(doc)[0] == ("p", "Title")
    assert doc.meta.headline_derived is False and doc.meta.headline is None


def test_unknown_infer_rule_is_a_meta_value_error() -> None:
    result = newsconv.parse_with_diagnostics("[meta]\ninfer: headings, magic\n[/meta]\nText.")
    codes = [(d.code, d.severity, d.line) for d in result.diagnostics]
    assert codes == [("meta-value", Severity.ERROR, 2)]


def test_infer_from_the_api_meta_overrides_the_document() -> None:
    text = "\n".join(["[meta]", "infer: no", "[/meta]", EN_BODY, "Short heading", EN_BODY_2])
    doc = newsconv.parse(text, meta={"infer": "headings"})
    assert roles(doc)[1] == ("h1 inferred", "Short heading")


def test_sub_section_heading_is_one_level_deeper_in_html() -> None:
    doc = parse("Title", EN_BODY, "[heading]Section[/heading]", "[heading level=2]Sub[/heading]")
    html = newsconv.convert(doc, "html")
    assert isinstance(html, str)
    assert ">Section</h2>" in html and ">Sub</h3>" in html
