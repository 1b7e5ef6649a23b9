"""The text layer as the PDF engines people use read it: word recall per engine and language.

Every corpus article, the example, the feature article (every block type) and the Hebrew
and Urdu test texts are rendered once; each engine's text must hold at least the share
of the source's words given in :data:`FLOORS` (mean over the articles of a language, see
:mod:`tests.pdf_engines` for the measure). The floors sit just under what the writer
reaches; before the text layer mapped glyphs to letters, pypdf read 4-8 % of Arabic and
MuPDF about half. pdf.js runs in Node: its cases are marked slow.

What keeps some cells under 99 lies in the engines or in the measure, not in the file
(see :data:`PHRASES`): in a right-to-left line PDFium reverses the order of the letters
and the digits of a left-to-right word ("PHAB2" reads "2PHAB", "1px" "px1"), whatever
order the glyphs come in (it sorts a line's pieces by position and reorders them by
stretches of one direction class, letters and digits being two); MuPDF and pypdf turn a
word that joins a letter to a number ("و250") around where it stands. The feature
articles also count the addresses of related articles, which are link targets, not
printed text (no engine reads them: pdf.js reaches 97 there).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from pathlib import Path

import pytest

import newsconv

from . import pdf_engines
from .conftest import EXAMPLE, EXAMPLES, ROOT, corpus_files
from .pdf_render import render, render_file
from .tools import missing

DATA = ROOT / "tests" / "data"

FLOORS: dict[str, dict[str, float]] = {
    "poppler": {"example": 99.5, "blocks": 99, "ar": 99.5, "fa": 99.5, "ur": 99.5, "he": 99.5,
                "en": 99.5, "mixed": 99.5},
    "pdfium": {"example": 99.5, "blocks": 99, "ar": 99.5, "fa": 99.5, "ur": 99.5, "he": 99.5,
               "en": 99.5, "mixed": 96},
    "mupdf": {"example": 99.5, "blocks": 99, "ar": 99.5, "fa": 99.5, "ur": 99.5, "he": 99.5,
              "en": 99.5, "mixed": 99.5},
    "pypdf": {"example": 99.5, "blocks": 99, "ar": 99.5, "fa": 99.5, "ur": 99.5, "he": 99.5,
              "en": 99.5, "mixed": 99.5},
    "pdfjs": {"example": 99.5, "blocks": 99, "ar": 99.5, "fa": 99.5, "ur": 99.5, "he": 99.5,
              "en": 99.5, "mixed": 99.5},
}  # fmt: skip
"""Least mean recall (%) per engine and language."""

LANGUAGES = ("example", "blocks", "ar", "fa", "ur", "he", "en", "mixed")


def _articles() -> dict[str, list[Path]]:
    by_language: dict[str, list[Path]] = {
        "example": [EXAMPLE],
        "blocks": [EXAMPLES / "features-ar.txt", EXAMPLES / "features-en.txt"],
        "ur": [DATA / "urdu.txt"],
        "he": [DATA / "hebrew.txt"],
    }
    for path in corpus_files():
        by_language.setdefault(path.parent.name, []).append(path)
    return by_language


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[Path, Path]]]:
    """Language -> (article, its PDF) for every article."""
    folder = tmp_path_factory.mktemp("engines")
    out: dict[str, list[tuple[Path, Path]]] = {}
    for language, paths in _articles().items():
        for path in paths:
            pdf = folder / f"{language}-{path.parent.name}-{path.stem}.pdf"
            pdf.write_bytes(render_file(path)[1])
            out.setdefault(language, []).append((path, pdf))
    return out


_TEXTS: dict[str, dict[Path, str]] = {}


def _texts(engine: str, pdfs: list[Path]) -> dict[Path, str]:
    """Each PDF's text as ``engine`` reads it (read once per test session)."""
    known = _TEXTS.setdefault(engine, {})
    todo = [pdf for pdf in pdfs if pdf not in known]
    if todo:
        try:
            if engine == "pdfjs":
                known.update(pdf_engines.pdfjs_texts(todo))
            else:
                read: Callable[[Path], str] = pdf_engines.ENGINES[engine]
                known.update((pdf, read(pdf)) for pdf in todo)
        except (ImportError, FileNotFoundError) as error:
            missing(f"the {engine} engine ({error})")
    return {pdf: known[pdf] for pdf in pdfs}


def _cases() -> list[object]:
    cases: list[object] = []
    for engine in FLOORS:
        marks = [pytest.mark.slow] if engine == "pdfjs" else []
        cases.extend(
            pytest.param(engine, language, id=f"{engine}-{language}", marks=marks)
            for language in LANGUAGES
        )
    return cases


@pytest.mark.parametrize(("engine", "language"), _cases())
def test_engine_reads_the_words(
    engine: str, language: str, rendered: dict[str, list[tuple[Path, Path]]]
) -> None:
    articles = rendered.get(language)
    if not articles:
        missing(f"articles in {language} (the shared corpus)")
    texts = _texts(engine, [pdf for _, pdf in articles])
    scores = {
        path.name: pdf_engines.recall(
            pdf_engines.source_words(path.read_text(encoding="utf-8")), texts[pdf]
        )
        for path, pdf in articles
    }
    mean = statistics.fmean(scores.values())
    worst = sorted(scores.items(), key=lambda item: item[1])[:3]
    assert mean >= FLOORS[engine][language], f"{engine} {language}: {mean:.1f} % (worst {worst})"


@pytest.mark.parametrize(
    "engine",
    [pytest.param(e, marks=[pytest.mark.slow] if e == "pdfjs" else []) for e in FLOORS],
)
def test_raw_search_finds_every_occurrence(
    engine: str, rendered: dict[str, list[tuple[Path, Path]]]
) -> None:
    """No normalisation at all: the letters as typed, in logical order."""
    ((_, pdf),) = rendered["example"]
    assert _texts(engine, [pdf])[pdf].count("كازاخستان") == 9


PHRASES: dict[str, tuple[str, str, frozenset[str]]] = {
    "word-final lam-alef": ("ar", "قال لا ولا إلا مثلا فضلا عن ذلك ما الاحتلال", frozenset()),
    "number in Arabic": (
        "ar",
        "قتل 7939 شخصا في المدينة عام 2030 تقريبا",
        frozenset(),
    ),
    "Latin in Arabic": (
        "ar",
        "أعلنت شركة Huawei عن هاتف جديد اليوم",
        frozenset(),
    ),
    "dash between number and word": (
        "ar",
        "من 1939 الى 1945 - الحرب العالمية الثانية",
        frozenset(),
    ),
    "comma before a number": (
        "ar",
        "تنص الخطة على 800 حافلة، 3 خطوط ترام، 35 كم من ممرات الدراجات",
        frozenset(),
    ),
    "Latin word with digits in Arabic": (
        "ar",
        "ويمتاز هاتف PHAB2 بالقدرة على إدراك عمق البيئة",
        frozenset({"pdfium"}),
    ),
    "number after a hyphen": (
        "he",
        "שבילי אופניים ו-450 עצים חדשים ועלו כ-12 מיליון",
        frozenset(),
    ),
    "letter joined to a number": (
        "ar",
        "قتل و250 جنديا في عام و2023 تقريبا",
        frozenset({"mupdf", "pypdf"}),
    ),
    "full stop after a letter joined to a number": (
        "ar",
        "عدد الركاب بين 2018 و2023. المصدر: بلدية المدينة",
        frozenset({"mupdf", "pypdf"}),
    ),
    "harakat": (
        "ar",
        "قال أيضًا إنّ الوضع صعبٌ جدًّا قبلَ أن تسرّعت أهلًا وسهلًا",
        frozenset(),
    ),
    "Arabic in English": (
        "en",
        "The word سلام عليكم means peace in 2024 here",
        frozenset(),
    ),
}
"""Short texts, each for one way a word can fall apart in an engine: language, text, and
the engines that cannot read it whole, whatever the file holds: PDFium reorders the letters
and digits of a left-to-right word in a right-to-left line by direction class
(``CloseTempLine`` in ``cpdf_textpage.cpp``, on the line's pieces sorted by position; only
digits drawn before the letters inside one text object would undo it, which MuPDF reads
as a new line and pypdf in that order, and an ``/ActualText`` is reordered the same way);
MuPDF and pypdf turn each right-to-left stretch around in place (``reverse_bidi_line`` in
``stext-device.c``; ``get_display_str`` in pypdf), so a letter joined to the number drawn
left of it ends up on the number's far side."""


def _phrase_cases() -> list[object]:
    cases: list[object] = []
    for engine in FLOORS:
        for phrase, (_, _, cannot) in PHRASES.items():
            marks = [pytest.mark.slow] if engine == "pdfjs" else []
            if engine in cannot:
                marks.append(pytest.mark.xfail(reason=f"{engine} limitation", strict=True))
            cases.append(pytest.param(engine, phrase, id=f"{engine}-{phrase}", marks=marks))
    return cases


@pytest.mark.parametrize(("engine", "phrase"), _phrase_cases())
def test_phrase_read_whole(engine: str, phrase: str, tmp_path: Path) -> None:
    language, text, _ = PHRASES[phrase]
    markup = f"[meta]\nlang: {language}\nheadline: -\n[/meta]\n{text}\n"
    pdf = tmp_path / "phrase.pdf"
    pdf.write_bytes(render(newsconv.parse(markup)))
    got = _texts(engine, [pdf])[pdf]
    assert pdf_engines.recall(pdf_engines.source_words(markup), got) == 100, got


def test_recall_measure() -> None:
    """The measure itself: presentation forms fold, marks are ignored, order counts."""
    source = pdf_engines.source_words("[meta]\nlang: ar\n[/meta]\nقالَ الرئيس إن 2030 جنديًا")
    assert source == ["قال", "الرئيس", "إن", "2030", "جنديا"]
    assert pdf_engines.recall(source, "ﻗﺎﻝ الرئيس إن 2030 جنديا") == 100
    assert pdf_engines.recall(source, "لاق الرئيس إن 0302 جنديا") == 60
