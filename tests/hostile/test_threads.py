"""The library is safe to call from threads: every format, byte-identical to serial runs,
and reportlab's global configuration left as it was."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image
from reportlab import rl_config

import newsconv
from newsconv.model import Document
from newsconv.writers import registry
from newsconv.writers.base import WriterOptions

from ..conftest import EXAMPLE

DATA = Path(__file__).resolve().parent.parent / "data"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()


def _load(src: str) -> bytes | None:
    return PNG if src == "photo.png" else None


OPTIONS = WriterOptions(load_resource=_load)
MIXED = (
    "English text with [b]bold[/b], [i]italic[/i] and a "
    '[link url="https://example.org/x"]link[/link].\n'
    '[image src="photo.png" alt="A photo"]A caption[/image]\n'
    "[two-column]\nLeft column text here.\nRight column text here.\n[/two-column]\n"
    "فقرة عربية قصيرة في آخر المقال مع English words.\n"
)


def documents() -> list[Document]:
    texts = [EXAMPLE.read_text(encoding="utf-8"), MIXED]
    texts.append((DATA / "hebrew.txt").read_text(encoding="utf-8"))
    return [newsconv.parse(text, source=f"doc{i}") for i, text in enumerate(texts)]


@pytest.mark.parametrize("fmt", registry.names())
def test_threads_give_the_bytes_of_serial_runs(fmt: str) -> None:
    docs = documents()
    use_a85 = rl_config.useA85
    jobs = [index for _round in range(4) for index in range(len(docs))]
    with ThreadPoolExecutor(max_workers=8) as pool:
        parallel = list(pool.map(lambda i: newsconv.convert(docs[i], fmt, OPTIONS), jobs))
    serial = [newsconv.convert(doc, fmt, OPTIONS) for doc in docs]
    assert rl_config.useA85 == use_a85
    for index, out in zip(jobs, parallel, strict=True):
        assert out == serial[index], f"{fmt}: document {index} differs from its serial run"
