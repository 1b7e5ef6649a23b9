"""Whatever the metadata holds (controls, tabs, stray bidi marks, odd URLs), the NewsML-G2,
newsMessage and ninjs outputs stay valid."""

from __future__ import annotations

import logging

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsconv
from newsconv.diagnostics import MetadataError
from newsconv.iptc.text import clean_meta, safe_iri
from newsconv.validate import validate_newsml, validate_ninjs
from newsconv.writers.base import WriterOptions
from newsconv.writers.newsml import NewsMessageWriter, NewsMLWriter
from newsconv.writers.ninjs import NinjsWriter

HOSTILE = "ab \x01\x0b\ufffe\u202b\u2069\u200fسلام\t\n:/%<&>\"'.-[]@#?"
KEYS = [
    "headline",
    "subheadline",
    "byline",
    "dateline",
    "slugline",
    "keywords",
    "summary",
    "genre",
    "provider",
    "copyright",
    "creditline",
    "located",
    "ednote",
    "url",
    "guid",
    "desk",
]
values = st.text(alphabet=HOSTILE, min_size=1, max_size=14)
OPTIONS = WriterOptions()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(KEYS), values, max_size=8), values, values)
def test_hostile_metadata_still_gives_valid_outputs(
    meta: dict[str, str], title: str, url: str
) -> None:
    body = f"Body text.\n[related]\n{title.replace(chr(10), ' ')} | {url.replace(chr(10), ' ')}\n"
    logging.disable(logging.WARNING)
    try:
        doc = newsconv.parse(body + "[/related]", meta=meta)
    except MetadataError:
        return
    finally:
        logging.disable(logging.NOTSET)
    for body_format in ("xhtml", "nitf"):
        options = WriterOptions(extra={"body": body_format})
        assert validate_newsml(NewsMLWriter().write(doc, options)) == []
    assert validate_newsml(NewsMessageWriter().write_many([doc, doc], OPTIONS)) == []
    assert validate_ninjs(NinjsWriter().write(doc, OPTIONS)) == []


def test_clean_meta_folds_whitespace_and_drops_unbalanced_controls() -> None:
    assert clean_meta(" a\tb\n c\x01 ") == "a b c"
    assert clean_meta("\u202bعنوان") == "عنوان"
    assert clean_meta("\u202bعنوان\u202c") == "\u202bعنوان\u202c"


def test_safe_iri() -> None:
    assert safe_iri("https://example.com/a b?q=1%2") == "https://example.com/a%20b?q=1%252"
    assert safe_iri("https://example.com/عربي") == "https://example.com/عربي"
    assert safe_iri("ar:news") == "ar:news"
    assert safe_iri("س:خبر") == "./س:خبر"
    assert safe_iri("//host:port/x") == "//host%3Aport/x"
    assert safe_iri("http://[::1]:80/a[1]") == "http://[::1]:80/a%5B1%5D"
    assert safe_iri("[") == "%5B"
