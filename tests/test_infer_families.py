"""Families of lines that structure inference must read right in any article, written for
these tests in Arabic, Persian and English (none comes from the labelled corpus):

* headings: a heading right over another heading, lettered and numbered headings, headings
  with a leading ``*`` or ``-`` marker, headings ending in ``:``, headings in quotation marks;
* not headings: ``Label: value`` fact lines, lines of a poem, a sentence broken across two
  lines, the formulaic opening (basmala) of a quoted letter.
"""

from __future__ import annotations

import pytest

import newsconv
from newsconv.model import Document, Heading, RelatedList, inline_text, walk_blocks

BODY = {
    "ar": (
        "أعلنت البلدية أمس أنها ستبدأ الشهر المقبل أعمال صيانة واسعة في شبكة المياه القديمة"
        " التي تخدم أحياء وسط المدينة منذ أكثر من أربعين عاما.",
        "وقال رئيس البلدية في مؤتمر صحافي إن الأعمال ستستمر ستة أشهر، وإن السكان سيبلَّغون"
        " بمواعيد انقطاع المياه قبل يومين على الأقل.",
        "وأضاف أن كلفة المشروع تبلغ نحو عشرين مليون دينار، يمول البنك الدولي نصفها بقرض"
        " طويل الأجل.",
    ),
    "fa": (
        "شهرداری روز گذشته اعلام کرد که از ماه آینده عملیات گسترده‌ای برای نوسازی شبکه قدیمی"
        " آب در محله‌های مرکزی شهر آغاز می‌شود.",
        "شهردار در نشستی خبری گفت این عملیات شش ماه طول می‌کشد و ساکنان دست‌کم دو روز پیش از"
        " قطع آب باخبر خواهند شد.",
        "او افزود هزینه این طرح حدود بیست میلیارد تومان است و نیمی از آن از محل وام بانکی"
        " تأمین می‌شود.",
    ),
    "en": (
        "The city council said on Tuesday that work to replace the old water mains under the"
        " town centre would begin next month and last until the spring.",
        "Residents will be told at least two days before their supply is cut, the mayor told"
        " reporters at the town hall, adding that shops would stay open.",
        "The project is expected to cost about twenty million pounds, half of it paid for by"
        " a long-term loan from the regional development bank.",
    ),
}
TITLE = {"ar": "صيانة شبكة المياه", "fa": "نوسازی شبکه آب", "en": "Water mains to be replaced"}


def article(lang: str, *middle: str) -> Document:
    """Title, one body paragraph, the lines under test, two more body paragraphs."""
    first, second, third = BODY[lang]
    return newsconv.parse("\n".join([TITLE[lang], first, *middle, second, third]))


def headings(doc: Document) -> list[str]:
    return [inline_text(b.children) for b in walk_blocks(doc.blocks) if isinstance(b, Heading)]


# ----------------------------------------------------------------------------- headings


@pytest.mark.parametrize(
    ("lang", "section", "subsection"),
    [
        ("ar", "المرحلة الأولى", "الأحياء الشرقية"),
        ("fa", "مرحله نخست", "محله‌های شرقی"),
        ("en", "The first phase", "Eastern districts"),
    ],
)
def test_a_heading_right_over_another_heading(lang: str, section: str, subsection: str) -> None:
    assert headings(article(lang, section, subsection)) == [section, subsection]


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        ("ar", ["الف) الكلفة", "ب) المواعيد"]),
        ("ar", ["أولاً: الكلفة والتمويل", "ثانياً: مواعيد الانقطاع"]),
        ("ar", ["1- الكلفة والتمويل", "2- مواعيد الانقطاع"]),
        ("fa", ["الف) هزینه طرح", "ب) زمان‌بندی"]),
        ("fa", ["اول: هزینه طرح", "دوم: زمان‌بندی قطع آب"]),
        ("en", ["1. Cost and funding", "2. When the water goes off"]),
        ("en", ["A) Cost and funding", "B) When the water goes off"]),
        ("en", ["First: the cost", "Second: the timetable"]),
    ],
)
def test_lettered_and_numbered_headings(lang: str, lines: list[str]) -> None:
    first, second, third = BODY[lang]
    text = "\n".join([TITLE[lang], first, lines[0], second, lines[1], third])
    assert headings(newsconv.parse(text)) == lines


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("ar", "* خطة الطوارئ"),
        ("ar", "- خطة الطوارئ"),
        ("fa", "* برنامه اضطراری"),
        ("fa", "- برنامه اضطراری"),
        ("en", "* The emergency plan"),
        ("en", "- The emergency plan"),
    ],
)
def test_headings_with_a_leading_marker(lang: str, heading: str) -> None:
    assert headings(article(lang, heading)) == [heading]


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("ar", "ما الذي سيتغير:"),
        ("ar", "مواعيد الانقطاع:"),
        ("fa", "آنچه تغییر می‌کند:"),
        ("en", "What changes:"),
        ("en", "The timetable:"),
    ],
)
def test_headings_ending_with_a_colon(lang: str, heading: str) -> None:
    assert headings(article(lang, heading)) == [heading]


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("ar", "«لا بديل عن الصيانة»"),
        ("ar", '"المياه أولاً"'),
        ("fa", "«راهی جز نوسازی نیست»"),
        ("en", "“There is no other way”"),
        ("en", '"Water first"'),
    ],
)
def test_headings_in_quotation_marks(lang: str, heading: str) -> None:
    assert headings(article(lang, heading)) == [heading]


# ----------------------------------------------------------------------------- not headings


@pytest.mark.parametrize(
    ("lang", "lead_in"),
    [
        ("ar", "وقال رئيس البلدية:"),
        ("ar", "وأضاف:"),
        ("fa", "شهردار گفت:"),
        ("en", "The mayor said:"),
        ("en", "The notice reads:"),
    ],
)
def test_a_short_lead_in_to_a_quotation_is_not_a_heading(lang: str, lead_in: str) -> None:
    assert headings(article(lang, lead_in)) == []


@pytest.mark.parametrize(
    ("lang", "facts"),
    [
        ("ar", ["التاريخ: 12 آذار 2024", "المكان: قاعة البلدية", "الكلفة: 20 مليون دينار"]),
        ("ar", ["الأهداف: محمد صلاح 23، مصطفى محمد 67"]),
        ("ar", ["المكان: قاعة البلدية"]),
        ("fa", ["تاریخ: ۱۲ اسفند ۱۴۰۲", "مکان: تالار شهرداری"]),
        ("fa", ["گل‌ها: علی کریمی ۲۳، مهدی طارمی ۶۷"]),
        ("en", ["Date: 12 March 2024", "Venue: the town hall", "Cost: £20m"]),
        ("en", ["Scorers: Salah 23, Mane 67"]),
        ("en", ["Where: the town hall"]),
    ],
)
def test_label_value_fact_lines_are_not_headings(lang: str, facts: list[str]) -> None:
    assert headings(article(lang, *facts)) == []


@pytest.mark.parametrize(
    ("lang", "verse"),
    [
        ("ar", ["يا دارُ ما فعلتْ بكِ الأيامُ", "ضامتكِ والأيامُ ليس تُضامُ"]),
        ("ar", ["سألتُ الماءَ عن وطني", "فقالَ الماءُ يا ولدي", "تعبتُ من السفرِ الطويلِ"]),
        ("fa", ["بنی آدم اعضای یکدیگرند", "که در آفرینش ز یک گوهرند"]),
        ("en", ["The rain came down on the empty square", "and no one stayed to see it fall"]),
        ("en", ["Water under the old stones", "Water in the sleeping town", "Water gone"]),
    ],
)
def test_lines_of_a_poem_are_not_headings(lang: str, verse: list[str]) -> None:
    assert headings(article(lang, *verse)) == []


@pytest.mark.parametrize(
    ("lang", "start", "rest"),
    [
        ("ar", "وقال المهندس المسؤول عن المشروع إن", "الأنابيب الجديدة ستدوم خمسين عاما."),
        ("ar", "وأوضح أن أعمال الحفر ستبدأ في", "الشوارع الفرعية قبل الطرق الرئيسية."),
        ("fa", "مهندس مسئول این طرح گفت که", "لوله‌های تازه پنجاه سال دوام می‌آورند."),
        ("en", "The engineer in charge said that the", "new pipes should last fifty years."),
        ("en", "Digging will start in the side streets and", "move to the main roads later."),
    ],
)
def test_a_sentence_broken_across_two_lines_is_not_a_heading(
    lang: str, start: str, rest: str
) -> None:
    assert headings(article(lang, start, rest)) == []


@pytest.mark.parametrize(
    ("lang", "opening"),
    [
        ("ar", "بسم الله الرحمن الرحيم"),
        ("ar", "بسم الله الرحمن الرحيم،"),
        ("fa", "به نام خداوند جان و خرد"),
        ("fa", "بسمه تعالی"),
        ("en", "In the name of God, the Merciful"),
    ],
)
def test_the_opening_formula_of_a_quoted_letter_is_not_a_heading(lang: str, opening: str) -> None:
    first, second, third = BODY[lang]
    intro = {
        "ar": "وجاء في نص الرسالة التي وجهها السكان إلى رئيس البلدية ما يلي",
        "fa": "در متن نامه‌ای که ساکنان به شهردار نوشتند آمده است",
        "en": "The letter the residents sent to the mayor reads as follows",
    }[lang]
    text = "\n".join([TITLE[lang], first, intro + ".", opening, second, third])
    assert headings(newsconv.parse(text)) == []


@pytest.mark.parametrize(
    ("lang", "lines", "expected"),
    [
        ("ar", ["بقلم سامي الخطيب", "عمّان"], []),
        ("fa", ["به قلم مریم احمدی", "تهران"], []),
        ("en", ["By Jane Doe", "LONDON"], []),
        ("en", ["By the numbers"], ["By the numbers"]),
    ],
)
def test_a_byline_under_the_lead_is_not_a_heading(
    lang: str, lines: list[str], expected: list[str]
) -> None:
    assert headings(article(lang, *lines)) == expected


# ----------------------------------------------------------------------------- related


@pytest.mark.parametrize("lang", ["ar", "fa", "en"])
def test_a_fact_box_closing_the_article_is_not_a_related_list(lang: str) -> None:
    facts = {
        "ar": ["موعد البدء: الأول من نيسان المقبل", "مدة الأعمال: ستة أشهر متواصلة"],
        "fa": ["زمان آغاز: نخستین روز فروردین آینده", "مدت عملیات: شش ماه پیاپی"],
        "en": ["Start date: the first of April next year", "Length of the work: six months"],
    }[lang]
    doc = newsconv.parse("\n".join([TITLE[lang], *BODY[lang], *facts]))
    assert not any(isinstance(block, RelatedList) for block in doc.blocks)
