"""Structure inference: each rule on small hand-made articles in several scripts, the
reference example, and the scores on the labelled real-article corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from benchmarks import inference as bench

import newsconv
from newsconv.markup import infer
from newsconv.model import (
    Block,
    Columns,
    Document,
    Heading,
    Paragraph,
    Quote,
    RelatedList,
    block_text,
    inline_text,
    walk_blocks,
)

from .conftest import CORPUS, shared_or_skip
from .textcheck import model_text, strip_markup

AR_BODY = (
    "وقال المتحدث باسم الوزارة إن الحكومة ستعلن عن خطة جديدة لدعم المزارعين خلال الأسبوع المقبل."
)
AR_BODY_2 = "وأضاف أن الخطة تشمل قروضا ميسرة وتدريبا للمزارعين في المناطق الريفية البعيدة عن المدن."
FA_BODY = "سخنگوی وزارت گفت که دولت برنامه‌ای تازه برای حمایت از کشاورزان در هفته آینده اعلام می‌کند."
FA_BODY_2 = "او افزود که این برنامه شامل وام‌های کم‌بهره و آموزش کشاورزان در مناطق روستایی است."
EN_BODY = "The ministry said on Monday that the government would announce a new plan for farmers."
EN_BODY_2 = (
    "The plan includes cheap loans and training for farmers in remote rural areas, it added."
)
HE_BODY = "דובר המשרד אמר כי הממשלה תכריז בשבוע הבא על תוכנית חדשה לתמיכה בחקלאים באזורי הספר."
HE_BODY_2 = "לדבריו, התוכנית כוללת הלוואות זולות והכשרה מקצועית לחקלאים באזורים המרוחקים מהערים."
TITLE = {"ar": "خطة لدعم المزارعين", "fa": "برنامه حمایت از کشاورزان", "en": "A plan for farmers"}


def parse(*lines: str) -> Document:
    return newsconv.parse("\n".join(lines))


def kinds(doc: Document) -> list[tuple[str, str]]:
    """(node type, text) of every block, depth first."""
    return [(type(block).__name__, block_text(block)) for block in walk_blocks(doc.blocks)]


def headings(doc: Document) -> list[str]:
    return [inline_text(b.children) for b in walk_blocks(doc.blocks) if isinstance(b, Heading)]


def related(doc: Document) -> list[str]:
    lists = [block for block in doc.blocks if isinstance(block, RelatedList)]
    return [item.title for block in lists for item in block.items]


# ----------------------------------------------------------------------------- shapes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("----------", "separator"),
        ("• ...", "separator"),
        ("-\tانتظار گرجستان از روسيه در خصوص آبخازي", "item"),
        ("1. First item of the list", "item"),
        ("2- ذوب آهن اصفهان 35 امتياز", "item"),
        ("[ii]ــ مرتضي مطهري، همان، ص9", "item"),
        ("\u202a7 - The Searchers | John Ford (1956)\u202c", "item"),
        ("ب- مجلس خبرگان باید انقلابی باشد.", "item"),
        ("أولمبيك سيدي بوزيد - النجم الساحلي", "pair"),
        ("ام يارا ـ النعيرية", "pair"),
        ("Arsenal - Chelsea", "pair"),
        ("انقلاب فاشل", "short"),
        ("9-10:30:", "short"),
        ("פרשת השבוע", "short"),
        ("خارج التغطية.. لماذا تأثرت العملات المشفرة؟", "short"),
        ("الشيخ يوسف: هذه وسوسة من الشيطان.", "body"),
        ("He left. She stayed", "body"),
        (AR_BODY, "body"),
    ],
)
def test_shape_of_a_line(text: str, expected: str) -> None:
    assert infer.shape(text) == expected


def test_heading_like_and_related_like_read_through_bidi_controls() -> None:
    assert infer.heading_like("\u202bأفضل 10 أفلام وسترن\u202c")
    assert not infer.heading_like("وأضاف أن الحكومة ستعلن.")
    assert infer.related_like("ما هي منظمة معاهدة الأمن الجماعي وعلاقتها بكازاخستان؟")
    assert not infer.related_like("انقلاب فاشل")  # too short for another article's title
    assert not infer.related_like("The plan was announced on Monday.")


# ----------------------------------------------------------------------------- headline


def test_title_like_first_line_is_the_headline() -> None:
    doc = parse(TITLE["ar"], AR_BODY, AR_BODY_2)
    assert doc.meta.headline == TITLE["ar"]
    assert not doc.meta.headline_derived
    assert kinds(doc)[0] == ("Paragraph", AR_BODY)


def test_long_first_sentence_gives_a_derived_headline() -> None:
    doc = parse(AR_BODY, AR_BODY_2)
    assert doc.meta.headline_derived
    assert doc.meta.headline == " ".join(AR_BODY.split()[:12]) + "…"
    assert kinds(doc)[0] == ("Paragraph", AR_BODY)


def test_headline_from_metadata_is_kept() -> None:
    doc = parse("[meta]", "headline: Given", "[/meta]", TITLE["en"], EN_BODY)
    assert doc.meta.headline == "Given"
    assert kinds(doc)[0] == ("Paragraph", TITLE["en"])


# ----------------------------------------------------------------------------- sub-headings


@pytest.mark.parametrize(
    ("body", "body_2", "heading"),
    [
        (AR_BODY, AR_BODY_2, "قروض ميسرة"),
        (FA_BODY, FA_BODY_2, "وام‌های کم‌بهره"),
        (EN_BODY, EN_BODY_2, "Cheap loans"),
        (HE_BODY, HE_BODY_2, "הלוואות זולות"),
        (AR_BODY, AR_BODY_2, "الحداثة: ندرة الحاضر"),
        (AR_BODY, AR_BODY_2, "ماذا يعمل شاعر الكونغرس؟"),
    ],
)
def test_short_line_between_body_paragraphs_is_a_heading(
    body: str, body_2: str, heading: str
) -> None:
    doc = parse("Title line", body, heading, body_2)
    assert headings(doc) == [heading]
    assert next(b for b in doc.blocks if isinstance(b, Heading)).inferred


def test_no_heading_before_the_first_body_paragraph() -> None:
    doc = parse(TITLE["ar"], "حامد جابر السلمي", "المدير العام للتعليم", AR_BODY, AR_BODY_2)
    assert headings(doc) == []


def test_heading_over_a_byline_pair() -> None:
    doc = parse(TITLE["ar"], AR_BODY, "الشارع الترابي", "ام يارا ـ النعيرية", AR_BODY_2)
    assert headings(doc) == ["الشارع الترابي"]


def test_heading_over_a_list_of_fixtures_or_bullets() -> None:
    fixtures = ["أولمبيك سيدي بوزيد - النجم الساحلي", "اتحاد بن قردان - شبيبة القيروان"]
    doc = parse(TITLE["ar"], AR_BODY, "المجموعة الأولى:", *fixtures, "المجموعة الثانية", *fixtures)
    assert headings(doc) == ["المجموعة الأولى:", "المجموعة الثانية"]
    bullets = ["-\tانتظار گرجستان از روسيه", "-\tبلاروس مي خواهد به اروپا راه يابد"]
    doc = parse(TITLE["fa"], FA_BODY, "روزنامه كامرسانت:", *bullets, "روزنامه ايزوستيا:", *bullets)
    assert headings(doc) == ["روزنامه كامرسانت:", "روزنامه ايزوستيا:"]


def test_a_short_line_after_another_short_line_is_not_a_heading() -> None:
    verse = ["فلا تكلوني للزمان فإنني", "أخاف عليكم أن تحين وفاتي"]
    assert headings(parse(TITLE["ar"], AR_BODY, *verse, AR_BODY_2)) == []
    places = ["Kuala Lumpur, Malaysia", "Hyderabad, India", "Monterrey, Mexico"]
    assert headings(parse(TITLE["en"], EN_BODY, *places, EN_BODY_2)) == []


def test_a_short_question_sentence_may_precede_a_heading() -> None:
    doc = parse(TITLE["ar"], AR_BODY, "فمن هم هؤلاء؟", "مايكل فلين", AR_BODY_2)
    assert headings(doc) == ["مايكل فلين"]


def test_interview_questions_are_paragraphs() -> None:
    marked = parse(TITLE["ar"], AR_BODY, "* لكن كيف تم القبض عليكم؟", AR_BODY_2)
    assert headings(marked) == []
    questions = ["*چه سالی ازدواج کردید؟", "*مهریه چقدر بود؟", "*اهل ورزش هستید؟"]
    unmarked = "مگر می‌شود در خانواده ای بیکار نباشد؟"
    lines = [line for question in questions for line in (question, FA_BODY)]
    assert headings(parse(TITLE["fa"], FA_BODY, unmarked, FA_BODY_2, *lines)) == []


def test_question_crossheads_of_an_explainer_are_headings() -> None:
    questions = ["ما هي المنظمة؟", "من يمولها؟", "لماذا تأسست؟", "ماذا بعد؟"]
    lines = [line for question in questions for line in (question, AR_BODY, AR_BODY_2)]
    assert headings(parse(TITLE["ar"], AR_BODY, *lines)) == questions


def test_star_marked_crosshead_is_a_heading() -> None:
    doc = parse(TITLE["fa"], FA_BODY, "*كميسيون اجتماعي", FA_BODY_2)
    assert headings(doc) == ["*كميسيون اجتماعي"]


def test_long_colon_lead_in_and_continuations_are_paragraphs() -> None:
    lead_in = "Here are some thoughts in response to the question:"
    assert headings(parse(TITLE["en"], EN_BODY, lead_in, EN_BODY_2)) == []
    continued = "...leading quickly into the meat of the session"
    assert headings(parse(TITLE["en"], EN_BODY, continued, EN_BODY_2)) == []
    lower = "and then the session ends"
    assert headings(parse(TITLE["en"], EN_BODY, lower, EN_BODY_2)) == []
    brand = "iPhone 15 review"
    assert headings(parse(TITLE["en"], EN_BODY, brand, EN_BODY_2)) == [brand]


def test_first_line_of_a_quotation_is_not_a_heading() -> None:
    doc = parse(TITLE["fa"], FA_BODY, "«بسم الله الرحمن الرحیم", FA_BODY_2)
    assert headings(doc) == []
    assert headings(parse(TITLE["ar"], AR_BODY, '"حبل الشيطان"', AR_BODY_2)) == ['"حبل الشيطان"']


def test_numbered_section_headings_may_end_with_a_full_stop() -> None:
    doc = parse(TITLE["fa"], FA_BODY, "الف- مجلس خبرگان باید انقلابی باشد.", FA_BODY_2)
    assert headings(doc) == ["الف- مجلس خبرگان باید انقلابی باشد."]
    items = ["1. The first step.", "2. The second step.", "3. The last step."]
    assert headings(parse(TITLE["en"], EN_BODY, *items, EN_BODY_2)) == []


def test_separator_lines_are_looked_through() -> None:
    doc = parse(TITLE["fa"], FA_BODY, "پي‌نوشت‌ها", "-" * 40, "[i]ــ متن پانوشت", "[ii]ــ دیگری")
    assert headings(doc) == ["پي‌نوشت‌ها"]


def test_line_breaks_around_a_heading_are_dropped() -> None:
    doc = parse(TITLE["en"], EN_BODY, "<br /><br />Beyond Iraq<br>", EN_BODY_2)
    heading = next(block for block in doc.blocks if isinstance(block, Heading))
    assert inline_text(heading.children) == "Beyond Iraq"


def test_headings_inside_a_quote() -> None:
    doc = parse(TITLE["en"], EN_BODY, "[quote]", EN_BODY, "Viral Freedom", EN_BODY_2, "[/quote]")
    quote = next(block for block in doc.blocks if isinstance(block, Quote))
    assert [type(child).__name__ for child in quote.children] == [
        "Paragraph",
        "Heading",
        "Paragraph",
    ]


# ----------------------------------------------------------------------------- related tail


KZ_RELATED = [
    "ما هي منظمة معاهدة الأمن الجماعي وعلاقتها بكازاخستان؟",
    "خارج التغطية.. لماذا تأثرت العملات المشفرة باضطرابات كازاخستان؟",
]


def test_two_trailing_titles_after_body_text_are_a_related_list() -> None:
    doc = parse(TITLE["ar"], AR_BODY, AR_BODY_2, *KZ_RELATED)
    assert related(doc) == KZ_RELATED
    assert isinstance(doc.blocks[-1], RelatedList) and doc.blocks[-1].inferred
    assert [item.pos.line for item in doc.blocks[-1].items] == [4, 5]


def test_a_linked_title_keeps_its_url() -> None:
    linked = f'[link url="https://example.org/csto"]{KZ_RELATED[0]}[/link]'
    doc = parse(TITLE["ar"], AR_BODY, AR_BODY_2, linked, KZ_RELATED[1])
    assert isinstance(doc.blocks[-1], RelatedList)
    assert [item.url for item in doc.blocks[-1].items] == ["https://example.org/csto", None]


@pytest.mark.parametrize(
    "tail",
    [
        [KZ_RELATED[0]],  # one line is not enough to claim a list
        ["The plan was welcomed by farmers.", "Critics called it too little, too late."],
        ["Arsenal - Chelsea", "Liverpool - Everton"],
        ["روزنامه كامرسانت: پرونده استرداد لوگووي", "دولت آمريكا نگران است:"],
    ],
)
def test_tails_that_are_not_related_lists(tail: list[str]) -> None:
    doc = parse(TITLE["ar"], AR_BODY, AR_BODY_2, *tail)
    assert related(doc) == []
    assert not any(isinstance(block, RelatedList) for block in doc.blocks)


def test_titles_without_body_before_them_are_not_related() -> None:
    doc = parse(TITLE["ar"], *KZ_RELATED)
    assert related(doc) == []


def test_lines_introduced_by_a_colon_are_not_related() -> None:
    verse = ["ألا ليت الشباب يعود يوما", "فأخبره بما فعل المشيب"]
    doc = parse(TITLE["ar"], AR_BODY, "وقد صدق الشاعر حين قال في قصيدته المشهورة:", *verse)
    assert related(doc) == []


@pytest.mark.parametrize("label", ["اقرأ أيضًا:", "إقرأ ايضا", "Read more:", "بیشتر بخوانید"])
def test_a_label_introduces_a_related_list(label: str) -> None:
    doc = parse(TITLE["ar"], AR_BODY, AR_BODY_2, label, KZ_RELATED[0])
    assert related(doc) == [KZ_RELATED[0]]
    assert kinds(doc)[-2:] == [
        ("Paragraph", AR_BODY_2),
        ("RelatedList", f"{label}\n{KZ_RELATED[0]}"),
    ]


def test_a_label_line_becomes_the_title_of_the_list_it_introduces() -> None:
    doc = parse(TITLE["ar"], AR_BODY, AR_BODY_2, "  اقرأ أيضًا:  ", *KZ_RELATED)
    block = doc.blocks[-1]
    assert isinstance(block, RelatedList) and block.inferred
    assert block.title == "اقرأ أيضًا:"
    assert (block.pos.line, [item.pos.line for item in block.items]) == (4, [5, 6])
    assert not any(
        isinstance(b, Paragraph) and "اقرأ" in inline_text(b.children) for b in doc.blocks
    )


def test_a_trailing_tail_without_a_label_has_no_title() -> None:
    doc = parse(TITLE["ar"], AR_BODY, AR_BODY_2, *KZ_RELATED)
    assert isinstance(doc.blocks[-1], RelatedList) and doc.blocks[-1].title is None


def test_titles_glued_to_the_label_stay_one_item() -> None:
    line = "مقالات أخرى للكاتبتوافر البديل المناسبحدد سعركاتفاقيات موفقة مع روسيا"
    doc = parse(TITLE["ar"], AR_BODY, AR_BODY_2, line)
    assert related(doc) == [line]
    assert isinstance(doc.blocks[-1], RelatedList) and doc.blocks[-1].title is None


@pytest.mark.parametrize(
    "tail",
    [KZ_RELATED, ["اقرأ أيضًا:", *KZ_RELATED], ["مقالات أخرى للكاتبتوافر البديل المناسب"]],
)
def test_related_inference_keeps_every_word(tail: list[str]) -> None:
    source = "\n".join([TITLE["ar"], AR_BODY, "قروض ميسرة", AR_BODY_2, *tail])
    doc = newsconv.parse(source)
    assert any(isinstance(block, RelatedList) for block in doc.blocks)
    assert model_text(doc) == strip_markup(source)


def test_a_sentence_after_a_label_word_is_not_a_list() -> None:
    doc = parse(TITLE["en"], EN_BODY, EN_BODY_2, "Read more about the plan on the ministry site.")
    assert related(doc) == []


# ----------------------------------------------------------------------------- language


@pytest.mark.parametrize(
    ("body", "lang", "dir"),
    [
        (AR_BODY, "ar", "rtl"),
        (FA_BODY, "fa", "rtl"),
        (HE_BODY, "he", "rtl"),
        (EN_BODY, "en", "ltr"),
        (
            "وزیر اعظم نے آج کہا کہ حکومت تعلیم کے نظام کو بہتر بنانے کے لیے نیا منصوبہ لا رہی ہے۔",
            "ur",
            "rtl",
        ),
    ],
)
def test_document_language_and_direction(body: str, lang: str, dir: str) -> None:
    doc = parse(body, body)
    assert (doc.lang, doc.dir) == (lang, dir)


def test_given_language_wins() -> None:
    doc = parse("[meta]", "lang: fa", "[/meta]", AR_BODY)
    assert (doc.lang, doc.dir) == ("fa", "rtl")


def test_english_paragraph_inside_arabic_document_is_ltr() -> None:
    doc = parse(TITLE["ar"], AR_BODY, EN_BODY, "شركة Apple أعلنت عن هاتف iPhone 15 الجديد اليوم.")
    arabic, english, brand = (b for b in doc.blocks if isinstance(b, Paragraph))
    assert (doc.lang, doc.dir) == ("ar", "rtl")
    assert (english.lang, english.dir) == ("en", "ltr")
    assert (arabic.lang, arabic.dir) == (None, None)
    assert (brand.lang, brand.dir) == (None, None)


def test_url_only_paragraph_turns_ltr_but_keeps_the_language() -> None:
    doc = parse(TITLE["ar"], AR_BODY, "http://publications.example.sa/index.html", AR_BODY_2)
    url = [b for b in doc.blocks if isinstance(b, Paragraph)][1]
    assert (url.lang, url.dir) == (None, "ltr")


def test_leaked_style_sheet_does_not_outvote_the_arabic() -> None:
    css = ".box_vote { zbackground: #FFFFFF; margin: 0; padding: 0; } " * 20
    doc = parse(TITLE["ar"], AR_BODY + " " + css, AR_BODY_2)
    assert (doc.lang, doc.dir) == ("ar", "rtl")
    assert all(b.dir is None for b in doc.blocks if isinstance(b, Paragraph))


# ----------------------------------------------------------------------------- the example


def test_reference_example(example_text: str) -> None:
    doc = newsconv.parse(example_text)
    assert (doc.lang, doc.dir) == ("ar", "rtl")
    assert doc.meta.headline_derived
    first_line = example_text.splitlines()[0]
    assert doc.meta.headline and doc.meta.headline.endswith("…")
    assert first_line.startswith(doc.meta.headline[:-1])
    assert headings(doc) == ["انقلاب فاشل", "ثورات ملونة"]
    assert all(b.inferred for b in walk_blocks(doc.blocks) if isinstance(b, Heading))
    columns = [block for block in walk_blocks(doc.blocks) if isinstance(block, Columns)]
    assert len(columns) == 1
    assert [type(child) for child in columns[0].children] == [Paragraph]
    assert related(doc) == example_text.splitlines()[-2:]
    assert isinstance(doc.blocks[-1], RelatedList) and doc.blocks[-1].inferred
    assert sum(isinstance(block, RelatedList) for block in doc.blocks) == 1
    assert all(getattr(block, "dir", None) is None for block in walk_blocks(doc.blocks))


# ----------------------------------------------------------------------------- real articles


@pytest.fixture(scope="module")
def corpus_scores() -> dict[str, Any]:
    corpus: Path = shared_or_skip(CORPUS)
    return dict(bench.tallies(bench.load_articles(corpus)))


# Measured: all P 0.996 R 0.996; without ar/057 P 0.991 R 0.991 (243 and 110 true
# positives). The floors leave room for one or two changed calls, not for a regression.
FLOORS = {"all": (0.97, 0.98), "all w/o ar/057": (0.97, 0.97)}


@pytest.mark.parametrize("group", sorted(FLOORS))
def test_subheading_precision_and_recall_floors(corpus_scores: dict[str, Any], group: str) -> None:
    tally = corpus_scores[group]
    precision_floor, recall_floor = FLOORS[group]
    assert tally.precision("subheading") >= precision_floor
    assert tally.recall("subheading") >= recall_floor


def test_no_false_related_lists_and_every_headline_and_language(
    corpus_scores: dict[str, Any],
) -> None:
    tally = corpus_scores["all"]
    assert tally.false_pos["related"] == 0
    assert tally.headlines_right == tally.files
    assert tally.languages_right == tally.files


def test_mixed_articles_keep_latin_paragraphs_ltr() -> None:
    path = shared_or_skip(CORPUS / "mixed" / "005.txt")
    doc = newsconv.parse(path.read_text(encoding="utf-8"))
    assert (doc.lang, doc.dir) == ("ar", "rtl")
    marked = {b.pos.line: (b.lang, b.dir) for b in _blocks(doc) if b.dir is not None}
    assert marked[2] == ("en", "ltr")  # «Frontera», a film title
    assert all(marked[line] == ("en", "ltr") for line in range(13, 23))
    assert 3 not in marked and 12 not in marked  # Arabic credits and text inherit


@pytest.mark.parametrize("name", ["mixed/001", "mixed/002", "mixed/003", "mixed/004", "fa/006"])
def test_rtl_articles_with_latin_runs_stay_rtl(name: str) -> None:
    path = shared_or_skip(CORPUS / f"{name}.txt")
    doc = newsconv.parse(path.read_text(encoding="utf-8"))
    assert doc.dir == "rtl"
    assert [b.pos.line for b in _blocks(doc) if b.dir is not None] == []


def _blocks(doc: Document) -> list[Paragraph | Heading]:
    found: list[Block] = list(walk_blocks(doc.blocks))
    return [block for block in found if isinstance(block, Paragraph | Heading)]
