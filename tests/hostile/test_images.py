"""One image check for every writer: real type, declared size, pixel and byte limits,
structure verified; a refused image is one warning line at its figure."""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image

import newsconv
from newsconv.images import MAX_IMAGE_BYTES, ImageInfo, ImageProblem, check_image
from newsconv.resources import folder_loader
from newsconv.writers.base import WriterOptions


def encoded(fmt: str, mode: str = "RGB", size: tuple[int, int] = (37, 23), **save: object) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, 7 if mode in ("L", "P", "1") else (10, 20, 30)).save(buffer, fmt, **save)
    return buffer.getvalue()


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_header(width: int, height: int) -> bytes:
    """A PNG signature and header chunk only: what a 'bomb' claiming any size looks like."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)


def bomb(width: int, height: int) -> bytes:
    """A grey PNG whose pixel data inflates far beyond its compressed size."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    raw = zlib.compress(b"\x00" * (height * (width + 1)), 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


GOOD = [
    ("PNG", "RGB", {}),
    ("PNG", "RGBA", {}),
    ("PNG", "L", {}),
    ("PNG", "P", {}),
    ("PNG", "1", {}),
    ("PNG", "RGB", {"interlace": 1}),
    ("JPEG", "RGB", {}),
    ("JPEG", "RGB", {"progressive": True}),
    ("GIF", "P", {}),
    ("WEBP", "RGB", {}),
    ("WEBP", "RGB", {"lossless": True}),
]


@pytest.mark.parametrize(("fmt", "mode", "save"), GOOD)
@pytest.mark.parametrize("size", [(37, 23), (1, 1), (9, 301)])
def test_sound_images_pass_with_their_size(
    fmt: str, mode: str, save: dict[str, object], size: tuple[int, int]
) -> None:
    info = check_image(encoded(fmt, mode, size, **save), source="x")
    assert isinstance(info, ImageInfo)
    assert (info.width, info.height) == size
    assert info.media_type == f"image/{ {'JPEG': 'jpeg'}.get(fmt, fmt.lower()) }"


def noisy(fmt: str, mode: str = "RGB", frames: int = 1, **save: object) -> bytes:
    """A small image of noise (so its data holds every byte value), maybe animated; the
    same bytes every run."""
    rng = random.Random(1234)
    images = [
        Image.frombytes("RGB", (24, 16), rng.randbytes(24 * 16 * 3)).convert(mode)
        for _frame in range(frames)
    ]
    if frames > 1:
        save = {**save, "save_all": True, "append_images": images[1:]}
    buffer = io.BytesIO()
    images[0].save(buffer, fmt, **save)
    return buffer.getvalue()


TRUNCATED = [
    *[(fmt, mode, save, 1) for fmt, mode, save in GOOD],
    ("GIF", "RGB", {}, 3),
    ("WEBP", "RGB", {}, 3),
    ("WEBP", "RGB", {"exif": b"Exif\x00\x00" + b"x" * 51}, 1),
]


@pytest.mark.parametrize(("fmt", "mode", "save", "frames"), TRUNCATED)
def test_images_cut_anywhere_are_refused(
    fmt: str, mode: str, save: dict[str, object], frames: int
) -> None:
    data = noisy(fmt, mode, frames, **save)
    assert isinstance(check_image(data, source="x"), ImageInfo)
    passing = [
        cut
        for cut in range(1, len(data))
        if isinstance(check_image(data[:cut], source="x"), ImageInfo)
    ]
    assert passing == []


def test_a_gif_cut_on_a_byte_like_its_trailer_is_refused() -> None:
    data = noisy("GIF", "P")
    cuts = [cut for cut in range(20, len(data) - 1) if data[cut - 1] == 0x3B]
    assert cuts  # the noise holds such bytes, so the test means something
    for cut in cuts:
        problem = check_image(data[:cut], source="x")
        assert isinstance(problem, ImageProblem) and "truncated GIF" in problem.reason


@pytest.mark.parametrize("save", [{}, {"lossless": True}], ids=["lossy", "lossless"])
def test_a_cut_webp_with_its_riff_size_rewritten_is_refused(save: dict[str, object]) -> None:
    data = noisy("WEBP", **save)
    for cut in range(20, len(data) - 1):  # the last byte may be the chunk's padding
        forged = data[:4] + struct.pack("<I", cut - 8) + data[8:cut]
        problem = check_image(forged, source="x")
        assert isinstance(problem, ImageProblem) and "WebP" in problem.reason, cut


def test_a_webp_chunk_longer_than_the_file_is_refused() -> None:
    data = bytearray(noisy("WEBP"))
    data[16:20] = struct.pack("<I", len(data))  # the VP8 chunk claims more than there is
    problem = check_image(bytes(data), source="x")
    assert isinstance(problem, ImageProblem) and "chunk 'VP8 ' cut short" in problem.reason


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (png_header(100_000, 100_000), "100000×100000"),
        (png_header(100, 100), "truncated"),
        (b"\x89PNG\r\n\x1a\n" + b"garbage" * 20, "PNG"),
        (bomb(7000, 7000), "megapixels"),
        (b"\xff\xd8\xff" + b"\x00" * 50, "JPEG"),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "SVG"),
        (b"<svg onload='alert(1)'></svg>", "SVG"),
        (b"just text", "not a PNG"),
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * (MAX_IMAGE_BYTES + 1), "MiB"),
    ],
)
def test_hostile_images_are_refused_with_a_reason(data: bytes, words: str) -> None:
    problem = check_image(data, source="pic.png")
    assert isinstance(problem, ImageProblem)
    assert words in str(problem) and "\n" not in str(problem)
    assert str(problem).startswith("image 'pic.png' ")


def test_damaged_pixel_data_is_refused() -> None:
    data = bytearray(encoded("PNG", "RGB", (50, 50)))
    start = data.index(b"IDAT") + 10
    data[start : start + 5] = b"\xff\xff\xff\xff\xff"  # corrupt, with the checksum redone
    body_start = data.index(b"IDAT") + 4
    length = struct.unpack(">I", data[body_start - 8 : body_start - 4])[0]
    crc = zlib.crc32(bytes(data[body_start - 4 : body_start + length]))
    data[body_start + length : body_start + length + 4] = struct.pack(">I", crc)
    assert isinstance(check_image(bytes(data), source="x"), ImageProblem)


def test_a_small_bomb_within_the_limit_is_checked_quickly() -> None:
    info = check_image(bomb(6000, 6000), source="x")  # 36 megapixels of zeros, 36 KB on disk
    assert isinstance(info, ImageInfo) and info.width == 6000


ARTICLE = '[image src="pic.png" alt="The alt text"]A caption[/image]\nBody text of the article.\n'


@pytest.mark.parametrize("data", [png_header(100_000, 100_000), b"\x89PNG\r\n\x1a\ngarbage"])
def test_epub_leaves_out_refused_images_with_one_warning_line(data: bytes) -> None:
    doc = newsconv.parse(ARTICLE, source="art.txt")
    result = newsconv.render(doc, "epub", WriterOptions(load_resource=lambda src: data))
    assert isinstance(result.data, bytes)
    names = zipfile.ZipFile(io.BytesIO(result.data)).namelist()
    assert not [name for name in names if "images/" in name]
    lines = [str(d) for d in result.diagnostics if d.code == "bad-image"]
    assert len(lines) == 1 and lines[0].startswith("art.txt:1:1: warning[bad-image]: image")
    assert "\n" not in lines[0]


@pytest.mark.parametrize("data", [png_header(100_000, 100_000), b"not an image at all"])
def test_pdf_leaves_out_refused_images_with_one_warning_line(data: bytes) -> None:
    doc = newsconv.parse(ARTICLE, source="art.txt")
    result = newsconv.render(doc, "pdf", WriterOptions(load_resource=lambda src: data))
    lines = [str(d) for d in result.diagnostics if "image" in d.message]
    assert len(lines) == 1 and lines[0].startswith("art.txt:1:1: warning[bad-image]: image")
    assert "\n" not in lines[0] and "object at 0x" not in lines[0]


def test_epub_still_embeds_sound_images() -> None:
    png = encoded("PNG")
    doc = newsconv.parse(ARTICLE)
    book = newsconv.convert(doc, "epub", WriterOptions(load_resource=lambda src: png))
    assert isinstance(book, bytes)
    names = zipfile.ZipFile(io.BytesIO(book)).namelist()
    assert [name for name in names if "images/" in name]


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "WEBP"])
@pytest.mark.parametrize("writer", ["html", "epub", "pdf"])
def test_truncated_images_are_one_bad_image_line_at_their_figure(
    tmp_path: Path, fmt: str, writer: str
) -> None:
    data = noisy(fmt)
    (tmp_path / "pic.img").write_bytes(data[: len(data) * 2 // 3])
    text = "Body text of the article, long enough.\n" + ARTICLE.replace("pic.png", "pic.img")
    doc = newsconv.parse(text, source="art.txt")
    options = WriterOptions(load_resource=folder_loader(tmp_path))
    lines = [str(d) for d in newsconv.render(doc, writer, options).diagnostics]
    assert len(lines) == 1, lines
    assert lines[0].startswith("art.txt:2:1: warning[bad-image]: image 'pic.img' is a truncated")
