"""The one image check every writer runs before it embeds or draws an image.

:func:`check_image` reads the type from the bytes themselves (PNG, JPEG, GIF or WebP; SVG
is refused because it can carry scripts), takes the dimensions the header declares,
refuses more than :data:`MAX_IMAGE_PIXELS` pixels or :data:`MAX_IMAGE_BYTES` bytes, and
walks the file's structure so that truncated or garbage data is found before a writer
trusts it: every PNG chunk's checksum and the exact size of its decompressed pixel data
(decompressed in small steps, so a compression bomb costs no memory), the JPEG segments
up to the end-of-image marker, the GIF trailer and the WebP container size. Nothing is
decoded into pixels and no global state is touched, so it is safe in threads.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

MAX_IMAGE_BYTES = 20 * 1024 * 1024
"""Largest image file accepted (20 MiB)."""
MAX_IMAGE_PIXELS = 40_000_000
"""Most pixels (width × height, as declared) an image may have: 40 megapixels."""

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_PNG_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
_ADAM7 = (
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
)
"""Adam7 passes: first column and row, column and row steps."""
_INFLATE_STEP = 1 << 16
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})
_SVG = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE svg|<svg\b)", re.S)


@dataclass(frozen=True, slots=True)
class ImageInfo:
    """An image that passed the check: its type and declared size in pixels."""

    media_type: str
    extension: str
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class ImageProblem:
    """Why an image is refused; ``str()`` gives one line naming the image."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"image {self.source!r} {self.reason}; left out"


class _Bad(Exception):
    """A structural fault, with the reason to report."""


def check_image(data: bytes, *, source: str) -> ImageInfo | ImageProblem:
    """``ImageInfo`` when ``data`` is a sound image within the limits, else the problem.

    ``source`` (the ``src`` as written) only names the image in the problem.
    """
    if not data:
        return ImageProblem(source, "is empty")
    if len(data) > MAX_IMAGE_BYTES:
        return ImageProblem(source, f"is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MiB")
    try:
        info = _inspect(data)
    except _Bad as exc:
        return ImageProblem(source, str(exc))
    if info.width < 1 or info.height < 1:
        return ImageProblem(source, f"declares {info.width}×{info.height} pixels")
    if info.width * info.height > MAX_IMAGE_PIXELS:
        return ImageProblem(
            source,
            f"declares {info.width}×{info.height} pixels,"
            f" more than the limit of {MAX_IMAGE_PIXELS // 1_000_000} megapixels",
        )
    return info


def _inspect(data: bytes) -> ImageInfo:
    if data.startswith(_PNG_SIGNATURE):
        return _png(data)
    if data.startswith(b"\xff\xd8\xff"):
        return _jpeg(data)
    if data.startswith((b"GIF87a", b"GIF89a")):
        return _gif(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp(data)
    if _SVG.match(data[:4096]):
        raise _Bad("is SVG, which is not embedded (it can carry scripts)")
    raise _Bad("is not a PNG, JPEG, GIF or WebP image")


# ----------------------------------------------------------------------------- PNG


def _png_chunks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    position = len(_PNG_SIGNATURE)
    while True:
        if position + 12 > len(data):
            raise _Bad("is a truncated PNG (no IEND chunk)")
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        end = position + 12 + length
        if end > len(data):
            raise _Bad(f"is a truncated PNG (chunk {kind!r} cut short)")
        body = data[position + 8 : end - 4]
        (crc,) = struct.unpack(">I", data[end - 4 : end])
        if zlib.crc32(kind + body) != crc:
            raise _Bad(f"is a damaged PNG (checksum of chunk {_name(kind)} is wrong)")
        yield kind, body
        if kind == b"IEND":
            return
        position = end


def _name(kind: bytes) -> str:
    return kind.decode("latin-1") if kind.isalpha() else repr(kind)


def _png(data: bytes) -> ImageInfo:
    chunks = _png_chunks(data)
    kind, header = next(chunks)
    if kind != b"IHDR" or len(header) != 13:
        raise _Bad("is a damaged PNG (it does not start with its header)")
    width, height, depth, color, _compression, _filter, interlace = struct.unpack(
        ">IIBBBBB", header
    )
    if depth not in _PNG_DEPTHS.get(color, ()) or interlace > 1:
        raise _Bad(f"is a damaged PNG (colour type {color} with bit depth {depth})")
    if width * height > MAX_IMAGE_PIXELS or not width or not height:
        return ImageInfo("image/png", "png", width, height)  # refused by the caller
    expected = _png_data_size(width, height, _PNG_CHANNELS[color] * depth, bool(interlace))
    inflater = zlib.decompressobj()
    produced = 0
    for kind, body in chunks:
        if kind == b"IDAT":
            produced += _inflate(inflater, body, expected - produced)
    if not inflater.eof or produced != expected:
        raise _Bad("is a damaged PNG (its pixel data is incomplete or of the wrong size)")
    return ImageInfo("image/png", "png", width, height)


def _inflate(inflater: zlib._Decompress, chunk: bytes, room: int) -> int:
    """Decompress ``chunk`` a step at a time, counting bytes; more than ``room`` is an error."""
    produced = 0
    pending = chunk
    while pending:
        try:
            out = inflater.decompress(pending, _INFLATE_STEP)
        except zlib.error:
            raise _Bad("is a damaged PNG (its pixel data does not decompress)") from None
        produced += len(out)
        if produced > room:
            raise _Bad("is a damaged PNG (more pixel data than its size allows)")
        pending = inflater.unconsumed_tail
        if inflater.eof:
            break
    return produced


def _png_data_size(width: int, height: int, bits: int, interlaced: bool) -> int:
    """Bytes of filtered scanlines the decompressed data must hold."""

    def rows(w: int, h: int) -> int:
        return 0 if not w or not h else h * (1 + (w * bits + 7) // 8)

    if not interlaced:
        return rows(width, height)
    total = 0
    for x0, y0, dx, dy in _ADAM7:
        total += rows((width - x0 + dx - 1) // dx, (height - y0 + dy - 1) // dy)
    return total


# ----------------------------------------------------------------------------- JPEG


def _jpeg(data: bytes) -> ImageInfo:
    position = 2
    size: tuple[int, int] | None = None
    while True:
        if position + 4 > len(data) or data[position] != 0xFF:
            raise _Bad("is a damaged JPEG (its segments do not follow each other)")
        marker = data[position + 1]
        if marker == 0xFF:
            position += 1
            continue
        if marker in _JPEG_STANDALONE:
            position += 2
            continue
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        if length < 2 or position + 2 + length > len(data):
            raise _Bad("is a truncated JPEG (a segment is cut short)")
        if marker in _JPEG_SOF:
            if length < 7:
                raise _Bad("is a damaged JPEG (its frame header is too short)")
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            size = (width, height)
        position += 2 + length
        if marker == 0xDA:
            break
    if size is None:
        raise _Bad("is a damaged JPEG (no frame header before its image data)")
    if data.rfind(b"\xff\xd9", position) < 0:
        raise _Bad("is a truncated JPEG (no end-of-image marker)")
    return ImageInfo("image/jpeg", "jpg", *size)


# ----------------------------------------------------------------------------- GIF, WebP


def _gif(data: bytes) -> ImageInfo:
    if len(data) < 14:
        raise _Bad("is a truncated GIF")
    width, height = struct.unpack("<HH", data[6:10])
    if not data.rstrip(b"\x00").endswith(b";"):
        raise _Bad("is a truncated GIF (no trailer)")
    if b"," not in data[13:]:
        raise _Bad("is a damaged GIF (no image in it)")
    return ImageInfo("image/gif", "gif", width, height)


def _webp(data: bytes) -> ImageInfo:
    (declared,) = struct.unpack("<I", data[4:8])
    if declared + 8 > len(data) or len(data) < 30:
        raise _Bad("is a truncated WebP image")
    kind = data[12:16]
    if kind == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", data[26:30])
        return ImageInfo("image/webp", "webp", width & 0x3FFF, height & 0x3FFF)
    if kind == b"VP8L" and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return ImageInfo("image/webp", "webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    if kind == b"VP8X":
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return ImageInfo("image/webp", "webp", width, height)
    raise _Bad("is a damaged WebP image (unknown bitstream)")


BAD_IMAGE = "bad-image"
"""The diagnostic code every writer gives an image this check refused."""


def figure_warning(problem: ImageProblem, file: str, line: int, column: int) -> str:
    """The one-line diagnostic for a refused image: ``file:line:col: warning[bad-image]: …``."""
    return f"{file}:{line}:{column}: warning[{BAD_IMAGE}]: {problem}"
