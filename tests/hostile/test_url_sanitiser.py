"""The shared URL sanitiser: scripts refused in every disguise, ordinary links kept."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsconv.text.urls import safe_url, unsafe_reason, url_scheme

from .harness import SCRIPT_URLS
from .harness import url_scheme as browser_scheme

SAFE = [
    "http://example.com/a",
    "HTTPS://example.com/a?b=c&amp;d=e",
    "mailto:desk@example.com",
    "../other.html",
    "photo.png",
    "//example.com/x",
    "#section",
    "?page=2",
    "/path:with:colons",
]


@pytest.mark.parametrize("url", SCRIPT_URLS)
def test_script_urls_are_unsafe(url: str) -> None:
    assert unsafe_reason(url) is not None
    assert safe_url(url) is None


@pytest.mark.parametrize("url", SAFE)
def test_ordinary_urls_are_safe(url: str) -> None:
    assert unsafe_reason(url) is None
    assert safe_url(url)


def test_safe_url_normalises() -> None:
    assert safe_url(" HTTP://example.com/a b\t") == "http://example.com/a%20b"
    assert safe_url("") is None and safe_url(None) is None


def _disguise(scheme: str, draw: st.DrawFn) -> str:
    out = []
    for ch in scheme:
        ch = ch.upper() if draw(st.booleans()) else ch
        form = draw(st.sampled_from(["plain", "dec", "hex", "junk"]))
        if form == "dec":
            out.append(f"&#{ord(ch)};")
        elif form == "hex":
            out.append(f"&#x{ord(ch):x};")
        elif form == "junk":
            out.append(ch + draw(st.sampled_from(["\t", "\n", "\r", "\x00", "\u200b", "\x0b"])))
        else:
            out.append(ch)
    lead = draw(st.sampled_from(["", " ", "\x01", "\t"]))
    return lead + "".join(out)


@st.composite
def disguised_script_urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["javascript", "vbscript", "data", "file"]))
    colon = draw(st.sampled_from([":", "&colon;", "&#58;", "&#x3a;"]))
    return _disguise(scheme, draw) + colon + "alert(1)"


@settings(max_examples=300, deadline=None)
@given(disguised_script_urls())
def test_disguised_scripts_are_always_refused(url: str) -> None:
    assert url_scheme(url) in {"javascript", "vbscript", "data", "file"}
    assert url_scheme(url) == browser_scheme(url)
    assert safe_url(url) is None
