"""Words the structure rules know, by language (Arabic, Persian, Urdu, English and a few
other Latin-script languages): words a title cannot end with, labels of fact lines, and
formulaic openings. They describe the languages, not any set of articles.

Arabic-script words are compared without diacritics or tatweel and with the Persian and
Arabic spellings of yeh and kaf folded together (:func:`fold_word`).
"""

from __future__ import annotations

import re

_PUNCTUATION = ".,،;؛:!?؟…\"'«»“”()[]"
_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640\u200c\u200d]")
_FOLD = str.maketrans("یکىأإآ", "يكيااا")


def fold_word(word: str) -> str:
    """``word`` lower-cased, without Arabic diacritics, tatweel or joiners, with the
    variant letters folded (ی→ي, ک→ك, ى→ي, أ/إ/آ→ا)."""
    return _DIACRITICS.sub("", word).translate(_FOLD).casefold()


def _folded(words: str) -> frozenset[str]:
    return frozenset(fold_word(word) for word in words.split())


OPEN_ENDINGS = _folded(
    # Arabic: prepositions, conjunctions, complementisers, relative pronouns, particles
    "في من على إلى الى عن مع أن إن أنّ إنّ لأن لكن لكنّ حتى كي لكي التي الذي الذين اللذين"
    " اللتين اللواتي و أو ثم بين منذ عند لدى قد لم لن كما مثل ب ل ف ضمن عبر"
    # Persian and Urdu
    " که را از به در با برای تا و یا اما بر چون اگر زیرا هم نیز ولی کہ کے کی میں سے کو اور"
    # English and other Latin-script languages
    " the a an and or but nor of to in on at for with by from into onto than that which who"
    " whose whom as will would shall should can could its their his her our my your"
    " le la les de des du et ou en au aux un une que qui der die das und oder von zu mit"
    " el los las y o del con para por"
)
"""Words a title or a heading does not end with: a line ending in one goes on in the next."""

CONTINUING_STARTS = _folded("و ف ثم أو او لكن بل حتى که کہ یا ولی تا and or but nor so then")
"""Words that may continue the line before when a line starts with them (a couplet, a
sentence broken in two); some of them may also open a sentence."""
BOUND_STARTS = _folded("که کہ")
"""Words that cannot open a sentence: a line starting with one goes on from the last."""

_SUFFIXED_COMPLEMENTISER = re.compile(r"^[فو]?[لب]?[اأإ]ن(?:ه|ها|هم|هما|هن|ني|نني|نا|ك|كم)$")
"""«فإنني», «لأنه», «إنها»: a complementiser with a pronoun; a clause must follow it."""


def open_ended(last_word: str) -> bool:
    """Whether a line ending with ``last_word`` must go on (see :data:`OPEN_ENDINGS`)."""
    folded = fold_word(last_word.strip(_PUNCTUATION))
    return folded in OPEN_ENDINGS or bool(_SUFFIXED_COMPLEMENTISER.match(folded))


SPEECH_VERBS = _folded(
    "قال وقال فقال يقول ويقول تقول وتقول قالت وقالت أقول وأقول نقول أضاف وأضاف أضافت وأضافت"
    " أكد وأكد أكدت وأكدت أوضح وأوضح تابع وتابع كتب وكتب كتبت وكتبت ذكر وذكر جاء وجاء يلي"
    " مفادها نصها ردد صرح وصرح"
    " گفت می‌گوید میگوید افزود نوشت آمده نوشته گفته اظهار داشت"
    " said says say saying added wrote writes told tells reads read follows following"
)
"""Verbs of saying: a short line ending in ':' with one of them introduces a quotation."""


def says(words: list[str]) -> bool:
    """Whether one of ``words`` is a verb of saying (see :data:`SPEECH_VERBS`)."""
    return any(fold_word(word.strip(_PUNCTUATION)) in SPEECH_VERBS for word in words)


FACT_LABELS = _folded(
    "التاريخ تاريخ اليوم الموعد موعد الوقت الزمان المكان مكان الموقع العنوان الأهداف الاهداف"
    " الهدافون المسجلون النتيجة الحكم الملعب الحضور الجمهور الكلفة التكلفة السعر الثمن المدة"
    " العمر السن المولد الولادة الوفاة الجنسية المهنة العاصمة المساحة السكان العملة اللغة"
    " المصدر الصورة تصوير الهاتف البريد إخراج تأليف بطولة تمثيل إنتاج سيناريو موسيقى"
    " تاریخ زمان مکان محل ساعت گل‌ها گلها گلزنان نتیجه داور ورزشگاه تماشاگران هزینه قیمت مدت"
    " سن تولد درگذشت ملیت شغل پایتخت مساحت جمعیت واحد زبان منبع عکس تلفن کارگردان نویسنده"
    " بازیگران تهیه‌کننده"
    " date dates time when where venue place location address scorers scorer goals result"
    " score referee stadium attendance cost price duration age born died nationality"
    " occupation capital area population currency language source photo phone email tel"
    " directed written starring producer music"
)
"""Labels of ``Label: value`` fact lines (dates, places, scorers, prices)."""

_FORMULAS = tuple(
    " ".join(fold_word(word) for word in phrase.split())
    for phrase in (
        "بسم الله",
        "باسم الله",
        "بسمه تعالى",
        "بسمه تعالی",
        "به نام خدا",
        "به نام خداوند",
        "به نام آنکه",
        "بنام خدا",
        "السلام عليكم",
        "in the name of god",
        "in the name of allah",
        "dear sir",
        "dear madam",
    )
)
"""Formulaic first lines of letters, speeches and statements (basmala, salutations)."""


_BYLINE = re.compile(
    r"^(?:By|BY|Reporting by|Written by)\s+\S*[A-Z]|^(?:بقلم|إعداد|اعداد|به قلم|نوشته)\b"
)
BYLINE_MAX_WORDS = 6


def byline(text: str) -> bool:
    """A byline: «By Jane Doe», «بقلم …», «به قلم …» (not «By the numbers»)."""
    return _BYLINE.match(text) is not None and len(text.split()) <= BYLINE_MAX_WORDS


_FORMULA_STARTS = frozenset(phrase.split()[0] for phrase in _FORMULAS)


def formula(text: str) -> bool:
    """Whether ``text`` opens with a formula such as the basmala (see :data:`_FORMULAS`)."""
    first = text.split(maxsplit=1)[0] if text.strip() else ""
    if fold_word(first.strip(_PUNCTUATION)) not in _FORMULA_STARTS:
        return False
    folded_words = (fold_word(word.strip(_PUNCTUATION)) for word in text.split()[:6])
    folded = " ".join(folded_words)
    return folded.startswith(_FORMULAS)
