"""A new piece of text where the direction changes inside a line: same page, new stream."""

from __future__ import annotations

import io

import pdfplumber
import pytest

import newsconv
from newsconv.writers.pdf import direction, forget_reused_work, render

from .pdf_render import render as render_doc

MIXED = (
    "[meta]\nlang: ar\nheadline: عنوان\n[/meta]\n"
    "قتل 7939 شخصا في المدينة عام 2030 تقريبا، وأعلنت شركة Huawei عن هاتف P9 جديد "
    "بسعر 3.5 مليون دينار في 12 مارس، ولا يزال التحقيق جاريًا مع 250 شخصًا في الملف.\n"
)


def _glyphs(pdf: bytes) -> list[tuple[str, float, float]]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [
            (char["text"], round(char["x0"], 4), round(char["top"], 4))
            for page in document.pages
            for char in page.chars
        ]


def test_glyphs_stay_where_they_were(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = newsconv.parse(MIXED)
    forget_reused_work()  # lines drawn before are not taken from the cache
    split = render_doc(doc)
    monkeypatch.setattr(render, "has_direction_changes", lambda text: False)
    forget_reused_work()
    whole = render_doc(doc)
    assert split != whole  # the stream differs ...
    marks = ("\u200e", "\u200f")  # the bidi marks read back from their stand-ins
    drawn = [glyph for glyph in _glyphs(split) if glyph[0] not in marks]
    assert drawn == _glyphs(whole)  # ... the glyphs do not move


def test_runs_cut_at_each_change_of_direction(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = newsconv.parse(MIXED)
    cuts: list[int] = []
    original = direction.split_at_direction_changes

    def spy(runs, size):  # type: ignore[no-untyped-def]
        out, continued = original(runs, size)
        cuts.append(len(out) - len(runs))
        for index in continued:
            assert isinstance(out[index].pieces[0], float)  # the space, drawn first
        return out, continued

    monkeypatch.setattr(render, "split_at_direction_changes", spy)
    forget_reused_work()
    render_doc(doc)
    assert sum(cuts) >= 8


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("كلمة عربية فقط", False),
        ("English only 2024", False),
        ("عام 2030", True),
        ("و Huawei", True),
    ],
)
def test_lines_that_mix_directions(text: str, expected: bool) -> None:
    assert direction.has_direction_changes(text) is expected


def _marked_line(markup: str) -> str:
    """The glyphs of the first body line, with the bidi marks the renderer adds."""
    doc = newsconv.parse(f"[meta]\nlang: {markup[:2]}\nheadline: -\n[/meta]\n{markup[3:]}\n")
    forget_reused_work()
    pdf = render_doc(doc)
    glyphs = [g for g, _, top in _glyphs(pdf) if top > 50]  # below the headline
    return "".join(glyphs)


def test_marks_keep_the_space_between_the_directions() -> None:
    """A left-to-right mark closes each right-to-left word that has a number or Latin
    word on its right, a right-to-left mark opens that word; nowhere else."""
    lrm, rlm = "\u200e", "\u200f"  # as the stand-ins read back
    line = _marked_line("ar قتل 7939 شخصا في عام 2030 تقريبا")
    assert line.count(lrm) == line.count(rlm) == 2
    assert f"{rlm}7939" in line and f"{rlm}2030" in line
    english = _marked_line("en The word سلام عليكم means peace")
    assert english.count(lrm) == english.count(rlm) == 1
    assert f"{rlm}means" in english
    dash = _marked_line("ar من الى 1945 - الحرب")  # a neutral word between the two
    assert dash.count(lrm) == dash.count(rlm) == 1 and f"{rlm}1945" in dash
    assert lrm not in _marked_line("ar كلمة عربية فقط") + _marked_line("en English only 2024")
