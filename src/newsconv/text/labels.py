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


def _lookup(table: dict[str, str], lang: str) -> str:
    return table.get(lang.split("-")[0].lower(), table["en"])


def related_label(lang: str) -> str:
    """The heading of a related-articles list («اقرأ أيضًا» in Arabic)."""
    return _lookup(_RELATED, lang)


def contents_label(lang: str) -> str:
    """The heading of a table of contents."""
    return _lookup(_CONTENTS, lang)
