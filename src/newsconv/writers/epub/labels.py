"""Localised words the EPUB writer prints (the shared ones live in ``newsconv.text.labels``)."""

from __future__ import annotations

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


def digest_label(lang: str) -> str:
    """The default title of a digest («موجز الأخبار» in Arabic)."""
    return _lookup(_DIGEST, lang)


def untitled_label(lang: str) -> str:
    """The title of an article that has no headline."""
    return _lookup(_UNTITLED, lang)
