"""Figure images for the PDF: refused above a pixel limit, decoded at the size drawn.

An image is embedded with no more pixels than it is drawn with at :data:`DRAW_DPI`: a
photograph of 6000 × 4000 pixels shown 12 cm wide is decoded straight to that size
(JPEG by the decoder's own scaling, other formats by a reduction right after decoding)
instead of being carried in full into the file. An image whose header declares more
than :data:`MAX_IMAGE_PIXELS` is refused before any decoding.
"""

from __future__ import annotations

import io
import math
import warnings

from PIL import Image
from reportlab.lib.utils import ImageReader

MAX_IMAGE_PIXELS = 40_000_000
"""Most pixels (width × height, as the file declares) a figure image may have."""
DRAW_DPI = 300
"""Pixels per inch an image keeps at the size it is drawn (enough for print)."""
JPEG_QUALITY = 90
"""Quality of a reduced JPEG photograph, saved again as JPEG."""


def pixel_limit_problem(width: int, height: int) -> str | None:
    """Why an image of ``width`` × ``height`` pixels is refused, or None."""
    if width * height > MAX_IMAGE_PIXELS:
        return (
            f"declares {width}×{height} pixels, more than the limit of "
            f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels"
        )
    return None


def declared_size(data: bytes) -> tuple[int, int]:
    """The pixel size the image's header declares (nothing is decoded)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                return image.size
        except Image.DecompressionBombError as exc:
            sizes = [int(n) for n in str(exc).split() if n.isdigit()]
            return (sizes[0], 1) if sizes else (MAX_IMAGE_PIXELS + 1, 1)


def decode_for_drawing(data: bytes, width_pt: float, height_pt: float) -> ImageReader:
    """The image ready for reportlab, with at most :data:`DRAW_DPI` pixels per inch at
    ``width_pt`` × ``height_pt`` points; the original bytes when already that small."""
    target = (
        max(1, math.ceil(width_pt * DRAW_DPI / 72)),
        max(1, math.ceil(height_pt * DRAW_DPI / 72)),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        image: Image.Image = Image.open(io.BytesIO(data))
        if image.width <= target[0] and image.height <= target[1]:
            return ImageReader(io.BytesIO(data))
        jpeg = image.format == "JPEG"
        image.draft(None, target)  # JPEG: decode at 1/2, 1/4 or 1/8 scale directly
        image.load()
        if image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA" if "transparency" in image.info else "RGB")
        image.thumbnail(target, Image.Resampling.LANCZOS, reducing_gap=3.0)
        if jpeg and image.mode in ("RGB", "L"):  # stays a JPEG: embedded as is, no Flate pass
            out = io.BytesIO()
            image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=False)
            return ImageReader(io.BytesIO(out.getvalue()))
        return ImageReader(image)
