"""Figure images for the PDF, decoded at the size they are drawn.

An image is embedded with no more pixels than it is drawn with at :data:`DRAW_DPI`: a
photograph of 6000 × 4000 pixels shown 12 cm wide is decoded straight to that size
(JPEG by the decoder's own scaling, other formats by a reduction right after decoding)
instead of being carried in full into the file. Images reach this module only after the
check every writer shares (:func:`newsconv.images.check_image`: type, structure, and at most
:data:`newsconv.images.MAX_IMAGE_PIXELS` declared pixels).
"""

from __future__ import annotations

import io
import math
import warnings

from PIL import Image
from reportlab.lib.utils import ImageReader

DRAW_DPI = 300
"""Pixels per inch an image keeps at the size it is drawn (enough for print)."""
JPEG_QUALITY = 90
"""Quality of a reduced JPEG photograph, saved again as JPEG."""


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
