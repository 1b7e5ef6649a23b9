"""Localised labels writers print around the article text."""

from __future__ import annotations

_RELATED = {
    "ar": "اقرأ أيضًا",
    "fa": "بیشتر بخوانید",
    "ur": "مزید پڑھیں",
    "he": "קראו עוד",
    "en": "Read more",
    "fr": "À lire aussi",
    "es": "Lea también",
    "de": "Mehr zum Thema",
}
_CONTENTS = {
    "ar": "المحتويات",
    "fa": "فهرست مطالب",
    "ur": "فہرست",
    "he": "תוכן העניינים",
    "en": "Contents",
    "fr": "Sommaire",
    "es": "Índice",
    "de": "Inhalt",
}


_DIGEST = {
    "ar": "موجز الأخبار",
    "fa": "خلاصه اخبار",
    "ur": "خبروں کا خلاصہ",
    "he": "תקציר חדשות",
    "en": "News digest",
    "fr": "Revue de presse",
    "es": "Resumen de noticias",
    "de": "Nachrichtenüberblick",
}
_UNTITLED = {
    "ar": "بلا عنوان",
    "fa": "بدون عنوان",
    "ur": "بلا عنوان",
    "he": "ללא כותרת",
    "en": "Untitled",
    "fr": "Sans titre",
    "es": "Sin título",
    "de": "Ohne Titel",
}


def _lookup(table: dict[str, str], lang: str) -> str:
    return table.get(lang.split("-")[0].lower(), table["en"])


def related_label(lang: str) -> str:
    """The heading of a related-articles list («اقرأ أيضًا» in Arabic)."""
    return _lookup(_RELATED, lang)


def contents_label(lang: str) -> str:
    """The heading of a table of contents."""
    return _lookup(_CONTENTS, lang)


def digest_label(lang: str) -> str:
    """The default title of a digest («موجز الأخبار» in Arabic)."""
    return _lookup(_DIGEST, lang)


def untitled_label(lang: str) -> str:
    """The title of an article that has no headline."""
    return _lookup(_UNTITLED, lang)
