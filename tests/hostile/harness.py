"""Hostile inputs and the checks every output must pass: no unsafe URL, no traceback, limits.

``HOSTILE_CASES`` are small articles built to break a converter (deep nesting, long lines,
control characters, bidi overrides, script URLs, odd names); ``unsafe_urls`` finds any
link target in an output whose scheme is not http, https or mailto; ``run_cli`` runs the
command in a child process with a CPU-time and memory limit.
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import resource
import subprocess
import sys
import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

URL_ATTRIBUTES = frozenset({"href", "src", "source", "uri", "url", "cite", "action", "data"})
"""Attributes whose value a reader may follow or load."""
JSON_URL_KEYS = frozenset({"url", "src", "uri", "href"})

SCRIPT_URLS = (
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:image/svg+xml,<svg onload=alert(1)>",
    "\x01javascript:alert(1)",
    "java\u200bscript:alert(1)",
    "file:///etc/passwd",
)
"""Link targets no output may carry, in the spellings browsers still accept."""


@dataclass(frozen=True, slots=True)
class HostileCase:
    """One hostile article: its name, its bytes, and words every output must keep."""

    name: str
    data: bytes
    words: tuple[str, ...] = ()


def _article(body: str, words: Sequence[str] = ()) -> bytes:
    return body.encode("utf-8")


def deep_inline(depth: int) -> str:
    """``[b][i][b]…deepword…[/b][/i][/b]`` nested ``depth`` times."""
    tags = ["b", "i"] * (depth // 2 + 1)
    opening = "".join(f"[{tag}]" for tag in tags[:depth])
    closing = "".join(f"[/{tag}]" for tag in reversed(tags[:depth]))
    return f"Start of a paragraph {opening}deepword{closing} end of it."


def deep_html(depth: int) -> str:
    tags = ["b", "i", "span", "em", "strong"] * (depth // 5 + 1)
    opening = "".join(f"<{tag}>" for tag in tags[:depth])
    closing = "".join(f"</{tag}>" for tag in reversed(tags[:depth]))
    return f"Start of a paragraph {opening}htmlword{closing} end of it."


def deep_blocks(depth: int) -> str:
    opening = "\n".join(["[quote]", "[box]", "[two-column]"][i % 3] for i in range(depth))
    closing = "\n".join(
        ["[/quote]", "[/box]", "[/two-column]"][i % 3] for i in reversed(range(depth))
    )
    return f"{opening}\nA paragraph inside many containers, blockword.\n{closing}\n"


def script_links() -> str:
    lines = ["A paragraph before the links so that there is body text."]
    for index, url in enumerate(SCRIPT_URLS):
        quoted = url.replace('"', "&quot;").replace("\n", "&#10;")
        lines.append(f'Shortcode [link url="{quoted}"]linktext{index}[/link] here.')
        lines.append(f'HTML <a href="{quoted}">anchortext{index}</a> here.')
    lines.append("[related]")
    lines.extend(
        f"Related title {index} | {url.replace(chr(10), '&#10;')}"
        for index, url in enumerate(SCRIPT_URLS)
    )
    lines.append("[/related]")
    lines.extend(
        f'[image src="{url}" alt="alt"]Caption {i}[/image]' for i, url in enumerate(SCRIPT_URLS[:3])
    )
    return "\n".join(lines) + "\n"


def script_meta() -> str:
    return (
        "[meta]\nheadline: A headline\nurl: javascript:alert(1)\nimage-url: data:x\n[/meta]\n"
        "A paragraph of body text that is long enough to count as an article.\n"
    )


def controls() -> str:
    nasty = "".join(chr(c) for c in range(0x20) if chr(c) not in "\n\r")
    return (
        f"Controls{nasty}here and a lone DEL\x7f and more plain words.\n"
        "Bidi override \u202eunterminated and \u2066isolate left open.\n"
        "Balanced \u202bembedding\u202c kept \u2067isolate\u2069 kept.\n"
        "Non-characters \ufffe\uffff gone, zero width\u200b\u200d joiners stay.\n"
    )


def injection() -> str:
    return (
        "<script>alert(1)</script> text after a script tag.\n"
        '<img src=x onerror="alert(1)"> text after an image tag.\n'
        '<a href="https://example.com" onclick="alert(1)">safe link</a> with a handler.\n'
        "]]><!-- --><![CDATA[ cdata end ]]> and {{template}} ${expr} %s %n.\n"
        '"><svg/onload=alert(1)> [/x] [bold] [/link] [link] [[ ]] text.\n'
    )


def long_line(size: int) -> str:
    word = "كلمة word مثال "
    return (word * (size // len(word) + 1))[:size] + "\n"


def hostile_cases() -> list[HostileCase]:
    """The small hostile corpus every format and the CLI are run on."""
    return [
        HostileCase("deep-inline", _article(deep_inline(3000)), ("deepword",)),
        HostileCase("deep-html", _article(deep_html(3000)), ("htmlword",)),
        HostileCase("deep-blocks", _article(deep_blocks(200)), ("blockword",)),
        HostileCase("script-links", _article(script_links()), ("linktext3", "anchortext5")),
        HostileCase("script-meta", _article(script_meta()), ()),
        HostileCase("controls", _article(controls()), ("Controls", "isolate")),
        HostileCase("injection", _article(injection()), ("script", "handler")),
        HostileCase("long-line", _article(long_line(60_000)), ("كلمة",)),
        HostileCase("bad-utf8", b"Valid start \xff\xfe\xc3 invalid bytes then more text.\n", ()),
        HostileCase("empty", b"", ()),
        HostileCase("nul-only", b"\x00\x00\x00\n", ()),
    ]


# ----------------------------------------------------------------------------- URL scan


SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")


def url_scheme(url: str) -> str | None:
    """The scheme a browser would read in ``url`` (an oracle independent of newsconv's)."""
    for _round in range(5):
        url = html.unescape(url)
    visible = "".join(
        ch for ch in url if not ch.isspace() and unicodedata.category(ch)[0] not in "CZ"
    )
    match = _SCHEME.match(visible.lower())
    return match.group(1) if match else None


IDENTIFIER_SCHEMES = frozenset({"urn", "tag"})
"""Schemes of identifiers (never followed by a reader), allowed where an output names things."""


def unsafe_urls(fmt: str, data: str | bytes) -> list[str]:
    """Every link target in an output of ``fmt`` whose scheme is not allowed."""
    allowed = {None, *SAFE_SCHEMES, *IDENTIFIER_SCHEMES}
    return [url for url in output_urls(fmt, data) if url_scheme(url) not in allowed]


def output_urls(fmt: str, data: str | bytes) -> Iterator[str]:
    """The link targets (and other URL values) an output holds."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if fmt == "epub":
        with zipfile.ZipFile(io.BytesIO(raw)) as book:
            for name in book.namelist():
                if name.endswith((".xhtml", ".opf", ".ncx", ".html")):
                    yield from _markup_urls(book.read(name), html=False)
        return
    if fmt == "pdf":
        yield from _pdf_urls(raw)
        return
    if fmt in ("json", "ninjs"):
        yield from _json_urls(json.loads(raw))
        return
    yield from _markup_urls(raw, html=fmt == "html")


def _markup_urls(raw: bytes, *, html: bool) -> Iterator[str]:
    parser = etree.HTMLParser() if html else etree.XMLParser(resolve_entities=False, huge_tree=True)
    root = etree.fromstring(raw, parser)
    if root is None:
        return
    for element in root.iter():
        for name, value in element.attrib.items():
            local = str(name).rsplit("}", 1)[-1].lower()
            if local in URL_ATTRIBUTES or local.startswith("on"):
                yield str(value) if not local.startswith("on") else f"script:{value}"
        if isinstance(element.tag, str) and element.tag.rsplit("}", 1)[-1] == "source":
            yield element.text or ""


def _json_urls(value: Any, key: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for child_key, child in value.items():
            yield from _json_urls(child, str(child_key))
        if value.get("contentType") == "application/xhtml+xml":
            yield from _markup_urls(str(value.get("value", "")).encode("utf-8"), html=False)
        if value.get("role") == "url" and isinstance(value.get("value"), str):
            yield value["value"]
    elif isinstance(value, list):
        for item in value:
            yield from _json_urls(item, key)
    elif isinstance(value, str) and (key in JSON_URL_KEYS or key.endswith(("_url", "-url"))):
        yield value


def _pdf_urls(raw: bytes) -> Iterator[str]:
    from pypdf import PdfReader

    for page in PdfReader(io.BytesIO(raw)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                yield str(action["/URI"])


# ----------------------------------------------------------------------------- processes

CPU_SECONDS = 60
MEMORY_BYTES = 1536 * 1024 * 1024


def _limits() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def run_cli(
    args: Sequence[str],
    cwd: Path,
    *,
    stdin: bytes | None = b"",
    timeout: float = 120,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """``newsconv ARGS`` in a child process under CPU-time and memory limits."""
    environment = {**os.environ, "PYTHONFAULTHANDLER": "0", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "newsconv", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        timeout=timeout,
        preexec_fn=_limits,
        env=environment,
        check=False,
    )


def no_traceback(result: subprocess.CompletedProcess[bytes]) -> None:
    """Fail when the child printed a Python traceback or died of a signal."""
    stderr = result.stderr.decode("utf-8", "replace")
    assert "Traceback (most recent call last)" not in stderr, stderr[-3000:]
    assert result.returncode >= 0, f"killed by signal {-result.returncode}: {stderr[-2000:]}"
