"""Articles for the accessibility tests (no tests here): every block type in every language.

Each sample has a headline, a sub-heading, a run in another script, a ``<span lang>``, two
columns, a quote, a box, a described image, a decorative image, a remote image, a list and
related links, so the checkers see every element the writers can produce.
"""

from __future__ import annotations

from dataclasses import dataclass

import newsconv
from newsconv.model import Document

LANGUAGES = ("ar", "fa", "ur", "he", "en", "mixed")


@dataclass(frozen=True)
class Sample:
    """The words of one language, put into the same article skeleton."""

    lang: str
    headline: str
    lead: str
    heading: str
    body: str
    foreign: str
    """A paragraph holding a run in another script (it gets its own ``lang``)."""
    quote: str
    box_title: str
    box: str
    alt: str
    caption: str
    items: tuple[str, str]
    related: str


SAMPLES = {
    "ar": Sample(
        "ar",
        "المكتبات تمدد ساعات عملها مع بدء موسم الامتحانات",
        "قالت البلدية إن مكتبات المدينة ستبقى مفتوحة حتى منتصف الليل خلال الأسابيع المقبلة.",
        "أين تطبق الساعات الإضافية",
        "تفتح المكتبة المركزية وأربعة فروع من السابعة صباحا حتى منتصف الليل في أيام الأسبوع.",
        "وقال مدير المكتبة لوكالة Reuters إن الطلاب طلبوا أماكن هادئة للدراسة.",
        "سمعنا بوضوح أن الطلاب يحتاجون إلى أماكن هادئة ودافئة للدراسة.",
        "أرقام",
        "ستة أسابيع وخمس مكتبات وثلاثون ألف طالب.",
        "قاعة القراءة في المكتبة المركزية",
        "طلاب يدرسون في قاعة القراءة.",
        ("حجز غرفة دراسة عبر الإنترنت", "استعارة حاسوب محمول لأربع ساعات"),
        "ميزانية البلدية تحمي تمويل المكتبات",
    ),
    "fa": Sample(
        "fa",
        "کتابخانه‌ها ساعت کار خود را در فصل امتحانات افزایش می‌دهند",
        "شهرداری روز پنجشنبه اعلام کرد که کتابخانه‌های شهر تا شش هفته آینده تا نیمه‌شب باز می‌مانند.",
        "ساعت‌های تازه کجا اجرا می‌شود",
        "کتابخانه مرکزی و چهار شعبه از ساعت هفت صبح تا نیمه‌شب در روزهای کاری باز است.",
        "مدیر کتابخانه به خبرگزاری Reuters گفت که دانشجویان جای آرام برای درس خواستند.",
        "ما به‌روشنی شنیدیم که دانشجویان به جای آرام و گرم برای درس خواندن نیاز دارند.",
        "ارقام",
        "شش هفته، پنج کتابخانه و سی هزار دانشجو.",
        "سالن مطالعه کتابخانه مرکزی",
        "دانشجویان در سالن مطالعه درس می‌خوانند.",
        ("رزرو اتاق مطالعه به‌صورت آنلاین", "امانت گرفتن لپ‌تاپ برای چهار ساعت"),
        "بودجه شهرداری از کتابخانه‌ها حمایت می‌کند",
    ),
    "ur": Sample(
        "ur",
        "امتحانات کے موسم میں کتب خانے دیر تک کھلے رہیں گے",
        "بلدیہ نے جمعرات کو کہا کہ شہر کے کتب خانے اگلے چھ ہفتوں تک آدھی رات تک کھلے رہیں گے۔",
        "اضافی اوقات کہاں لاگو ہوں گے",
        "مرکزی کتب خانہ اور چار شاخیں ہفتے کے دنوں میں صبح سات بجے سے آدھی رات تک کھلی رہیں گی۔",
        "کتب خانے کے منتظم نے Reuters کو بتایا کہ طلبہ نے پرسکون جگہ مانگی تھی۔",
        "ہم نے صاف سنا کہ طلبہ کو پڑھنے کے لیے پرسکون اور گرم جگہ کی ضرورت ہے۔",
        "اعداد",
        "چھ ہفتے، پانچ کتب خانے اور تیس ہزار طلبہ۔",
        "مرکزی کتب خانے کا مطالعہ ہال",
        "طلبہ مطالعہ ہال میں پڑھ رہے ہیں۔",
        ("آن لائن مطالعہ کمرہ بک کریں", "چار گھنٹے کے لیے لیپ ٹاپ ادھار لیں"),
        "بلدیہ کا بجٹ کتب خانوں کی حفاظت کرتا ہے",
    ),
    "he": Sample(
        "he",
        "הספריות מאריכות את שעות הפתיחה לקראת עונת הבחינות",
        "העירייה הודיעה ביום חמישי כי ספריות העיר יהיו פתוחות עד חצות בששת השבועות הבאים.",
        "היכן חלות השעות הנוספות",
        "הספרייה המרכזית וארבעה סניפים יפתחו משבע בבוקר ועד חצות בימי חול.",
        "מנהל הספרייה אמר לסוכנות Reuters כי הסטודנטים ביקשו מקום שקט ללמידה.",
        "שמענו בבירור שהסטודנטים זקוקים למקומות שקטים וחמים ללמידה.",
        "מספרים",
        "שישה שבועות, חמש ספריות ושלושים אלף סטודנטים.",
        "אולם הקריאה בספרייה המרכזית",
        "סטודנטים לומדים באולם הקריאה.",
        ("הזמנת חדר לימוד באינטרנט", "השאלת מחשב נייד לארבע שעות"),
        "תקציב העירייה שומר על מימון הספריות",
    ),
    "en": Sample(
        "en",
        "Libraries extend opening hours as exam season begins",
        "City libraries will stay open until midnight for the next six weeks, the council said.",
        "Where the extra hours apply",
        "The central library and four branches will open from 7 a.m. to midnight on weekdays.",
        "A sign at the entrance reads أهلا بكم في المكتبة for students who speak Arabic at home.",
        "We heard clearly that students need calm, warm places to study.",
        "Key figures",
        "Six weeks, five libraries and thirty thousand students.",
        "The reading room of the central library",
        "Students at work in the reading room.",
        ("book a silent study room online", "borrow a laptop for up to four hours"),
        "Council budget protects library funding",
    ),
}


def article(sample: Sample, image: str = "photo.png") -> str:
    """The article text of ``sample``: every block type, a local and a remote image."""
    s = sample
    return f"""[meta]
headline: {s.headline}
byline: newsconv
dateline: Leeds
date: 2024-05-02T08:15:00+01:00
lang: {s.lang}
[/meta]
{s.lead}
{s.heading}
{s.body} [b]{s.box_title}[/b] [i]{s.box_title}[/i] [link url="https://example.com/a"]{s.related}[/link]
{s.foreign}
<span lang="en">newsconv</span> {s.body}
[two-column]
{s.body}
{s.lead}
[/two-column]
[quote cite="{s.box_title}"]
{s.quote}
[/quote]
[box title="{s.box_title}"]
{s.box}
[image src="{image}" alt="{s.alt}" credit="{s.box_title}"]{s.caption}[/image]
[/box]
[image src="{image}" alt="{s.alt}" credit="{s.box_title}"]{s.caption}[/image]
[image src="{image}" decorative /]
[image src="https://example.com/remote.jpg" alt="{s.alt}"]{s.caption}[/image]
[list]
{s.items[0]}
{s.items[1]}
[/list]
[related]
{s.related} | https://example.com/related
{s.headline}
[/related]
"""


def mixed_article() -> str:
    """An Arabic article with an English paragraph and a Hebrew word: the ``mixed`` case."""
    ar, en = SAMPLES["ar"], SAMPLES["en"]
    return article(ar).replace(ar.body + "\n[two-column]", f"{en.lead}\n{en.body}\n[two-column]")


def sample_docs() -> dict[str, Document]:
    """Every block type, one article per language (``mixed``: Arabic with English)."""
    texts = {lang: article(SAMPLES[lang]) for lang in LANGUAGES if lang != "mixed"}
    texts["mixed"] = mixed_article()
    return {lang: newsconv.parse(text, source=f"{lang}.txt") for lang, text in texts.items()}
