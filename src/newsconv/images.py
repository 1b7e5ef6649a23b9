"""The one image check every writer runs before it embeds or draws an image.

:func:`check_image` reads the type from the bytes themselves (PNG, JPEG, GIF or WebP; SVG
is refused because it can carry scripts), takes the dimensions the header declares,
refuses more than :data:`MAX_IMAGE_PIXELS` pixels or :data:`MAX_IMAGE_BYTES` bytes, and
walks the file's structure so that truncated or garbage data is found before a writer
trusts it: every PNG chunk's checksum and the exact size of its decompressed pixel data
(decompressed in small steps, so a compression bomb costs no memory), the JPEG segments
up to the end-of-image marker, the GIF blocks up to the trailer, and the WebP chunks
against the container's size. Nothing is
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
    """Walk the blocks from the screen descriptor to the trailer: a cut anywhere is found,
    even one that happens to end on the trailer's byte value."""
    if len(data) < 13:
        raise _Bad("is a truncated GIF")
    width, height, packed = struct.unpack("<HHB", data[6:11])
    position = 13 + _gif_colour_table(packed)
    images = 0
    while True:
        if position >= len(data):
            raise _Bad("is a truncated GIF (no trailer)")
        block = data[position]
        if block == 0x3B:
            break
        if block == 0x21:
            position = _gif_sub_blocks(data, position + 2)
        elif block == 0x2C:
            if position + 10 > len(data):
                raise _Bad("is a truncated GIF (an image descriptor is cut short)")
            position += 10 + _gif_colour_table(data[position + 9]) + 1  # + LZW code size
            position = _gif_sub_blocks(data, position)
            images += 1
        else:
            raise _Bad(f"is a damaged GIF (unknown block 0x{block:02x})")
    if not images:
        raise _Bad("is a damaged GIF (no image in it)")
    return ImageInfo("image/gif", "gif", width, height)


def _gif_colour_table(packed: int) -> int:
    """Bytes of the colour table a descriptor's flags announce."""
    return 3 << ((packed & 7) + 1) if packed & 0x80 else 0


def _gif_sub_blocks(data: bytes, position: int) -> int:
    """Where the data sub-blocks starting at ``position`` end (after their terminator)."""
    while True:
        if position >= len(data):
            raise _Bad("is a truncated GIF (its data is cut short)")
        size = data[position]
        position += 1 + size
        if not size:
            return position


_WEBP_IMAGE = frozenset({b"VP8 ", b"VP8L"})


def _webp(data: bytes) -> ImageInfo:
    """Check the RIFF size against the file and every chunk against the RIFF size, then
    that a bitstream is there; the size comes from ``VP8X`` or the bitstream's header."""
    (declared,) = struct.unpack("<I", data[4:8])
    if declared + 8 > len(data) or declared < 4:
        raise _Bad("is a truncated WebP image (shorter than its RIFF size)")
    chunks = _webp_chunks(data, 12, declared + 8)
    if not chunks:
        raise _Bad("is a truncated WebP image (no chunk in it)")
    kind, body = chunks[0]
    if kind in _WEBP_IMAGE:
        return ImageInfo("image/webp", "webp", *_webp_bitstream_size(kind, body))
    if kind != b"VP8X" or len(body) < 10:
        raise _Bad("is a damaged WebP image (unknown bitstream)")
    if body[0] & 0x02:  # animated: every frame holds its own bitstream
        frames = [frame for name, frame in chunks if name == b"ANMF"]
        if not frames:
            raise _Bad("is a truncated WebP image (an animation without frames)")
        for frame in frames:
            _webp_frame(frame)
    elif not any(name in _WEBP_IMAGE for name, _body in chunks):
        raise _Bad("is a truncated WebP image (no image data)")
    else:
        name, bitstream = next(chunk for chunk in chunks if chunk[0] in _WEBP_IMAGE)
        _webp_bitstream_size(name, bitstream)
    width = int.from_bytes(body[4:7], "little") + 1
    height = int.from_bytes(body[7:10], "little") + 1
    return ImageInfo("image/webp", "webp", width, height)


def _webp_chunks(data: bytes, position: int, end: int) -> list[tuple[bytes, bytes]]:
    """The chunks between ``position`` and ``end``, each of which must fit (the last one's
    padding byte may be missing)."""
    chunks: list[tuple[bytes, bytes]] = []
    while position < end:
        if position + 8 > end:
            raise _Bad("is a truncated WebP image (a chunk header is cut short)")
        kind = data[position : position + 4]
        (size,) = struct.unpack("<I", data[position + 4 : position + 8])
        if position + 8 + size > end:
            raise _Bad(f"is a truncated WebP image (chunk {_fourcc(kind)} cut short)")
        chunks.append((kind, data[position + 8 : position + 8 + size]))
        position += 8 + size + (size & 1)
    return chunks


def _fourcc(kind: bytes) -> str:
    text = kind.decode("latin-1")
    return repr(text) if text.isascii() and text.isprintable() else repr(kind)


def _webp_frame(frame: bytes) -> None:
    """An animation frame: its header, then its own chunks with a bitstream among them."""
    if len(frame) < 16:
        raise _Bad("is a truncated WebP image (a frame header is cut short)")
    inner = _webp_chunks(frame, 16, len(frame))
    bitstreams = [chunk for chunk in inner if chunk[0] in _WEBP_IMAGE]
    if not bitstreams:
        raise _Bad("is a truncated WebP image (a frame without image data)")
    _webp_bitstream_size(*bitstreams[0])


def _webp_bitstream_size(kind: bytes, body: bytes) -> tuple[int, int]:
    """Width and height from a ``VP8 `` or ``VP8L`` header, which must be whole."""
    if kind == b"VP8 ":
        if len(body) < 10 or body[3:6] != b"\x9d\x01\x2a":
            raise _Bad("is a damaged WebP image (its VP8 header is missing)")
        first_partition = int.from_bytes(body[0:3], "little") >> 5
        if 10 + first_partition > len(body):
            raise _Bad("is a truncated WebP image (its VP8 data is cut short)")
        width, height = struct.unpack("<HH", body[6:10])
        return width & 0x3FFF, height & 0x3FFF
    if len(body) < 5 or body[0] != 0x2F:
        raise _Bad("is a damaged WebP image (its VP8L header is missing)")
    bits = int.from_bytes(body[1:5], "little")
    return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1


BAD_IMAGE = "bad-image"
"""The diagnostic code every writer gives an image this check refused."""


def figure_warning(problem: ImageProblem, file: str, line: int, column: int) -> str:
    """The one-line diagnostic for a refused image: ``file:line:col: warning[bad-image]: …``."""
    return f"{file}:{line}:{column}: warning[{BAD_IMAGE}]: {problem}"
