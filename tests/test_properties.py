"""Properties that hold for any input (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsconv
from newsconv.diagnostics import ParseError
from newsconv.serialize import dumps, loads
from newsconv.writers import registry
from newsconv.writers.base import WriterOptions

FRAGMENTS = [
    "[two-column]",
    "[/two-column]",
    '[quote cite="x"]',
    "[/quote]",
    "[box title='t']",
    "[/box]",
    "[b]",
    "[/b]",
    "[i]",
    "[/i]",
    '[link url="http://e.org"]',
    "[/link]",
    "[related]",
    "[related title='Read more']",
    "[/related]",
    "[meta]",
    "[/meta]",
    "headline: H",
    "date: 2024-01-01",
    "date: nope",
    "[image src=a.png]",
    "[/image]",
    "[list]",
    "[list ordered]",
    "[/list]",
    "<ul>",
    "<ol>",
    "<li>",
    "</li>",
    "</ul>",
    '[caption caption="c"]',
    "[/caption]",
    "[[b]]",
    "<b>",
    "</b>",
    "<a href='x'>",
    "</a>",
    "<br/>",
    "<span dir=rtl>",
    "</span>",
    "&amp;",
    "&#8221;",
    "&bogus;",
    "\u202e",
    "\u202c",
    "\u2067",
    "\u2069",
    "\x00",
    "\x0b",
    "\ufeff",
    "\r\n",
    "\r",
    "\n",
    " | ",
    "انقلاب فاشل",
    "کتاب‌ها",
    "שלום",
    "Hello world.",
    "123",
    "«»",
    "()",
    "ً",
    "؟",
    ".",
]
markup = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40).map(
    "".join
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(markup)
def test_lenient_parse_never_raises(text: str) -> None:
    result = newsconv.parse_with_diagnostics(text)
    assert result.document.lang


@settings(max_examples=300, deadline=None)
@given(markup)
def test_strict_parse_succeeds_or_raises_parse_error(text: str) -> None:
    try:
        newsconv.parse(text, strict=True)
    except ParseError as exc:
        assert exc.diagnostics


@settings(max_examples=200, deadline=None)
@given(st.one_of(markup, st.binary(max_size=200)))
def test_json_round_trip_is_identity(data: str | bytes) -> None:
    doc = newsconv.parse(data)
    assert loads(dumps(doc)) == doc


@pytest.mark.parametrize("name", registry.names())
def test_every_writer_accepts_every_document(name: str) -> None:
    writer = registry.get(name)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(markup)
    def check(text: str) -> None:
        out = writer.write(newsconv.parse(text), WriterOptions())
        assert isinstance(out, bytes if writer.binary else str) and out

    check()
