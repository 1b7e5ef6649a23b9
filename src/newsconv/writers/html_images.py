"""Figures of a standalone HTML page: embedded, copied beside the page, or linked.

``images=embed`` (default) reads each local image through the caller's loader, checks what
it is, and writes it as a ``data:`` URI made here; ``images=copy`` hands the checked image
to the caller as a side file (``images/img-<digest>.<ext>`` beside the page); ``images=link``
keeps the ``src`` as written (relative to the input, not the page). A remote ``http(s)``
image is linked, never fetched. Any other scheme written in the input (``data:``,
``javascript:``, ``file:``…) is refused: the figure keeps its alt text and caption.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass

from ..images import BAD_IMAGE, ImageProblem, check_image
from ..model import Document, Figure
from .base import ResourceRefusal, WriterOptions
from .options import WriterOption

IMAGE_MODES = ("embed", "copy", "link")
IMAGES_OPTION = WriterOption(
    "images",
    str,
    "embed",
    "figures: embed (data: URIs), copy (files in images/ beside the page) or link (src as written)",
    choices=IMAGE_MODES,
)
IMAGE_FOLDER = "images"
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")
_REMOTE_SCHEMES = frozenset({"http", "https"})


@dataclass
class FigureSources:
    """Decides the ``src`` of each figure of one page, reporting what it leaves out."""

    doc: Document
    options: WriterOptions
    mode: str

    def __call__(self, figure: Figure) -> str | None:
        """The ``src`` to write, or None to leave the image out (its alt text stays)."""
        src = figure.src.strip()
        if not src:
            return None  # no image, or one the parser already refused with a warning
        scheme = _SCHEME.match(src)
        if scheme is not None:
            if scheme.group(1).lower() in _REMOTE_SCHEMES:
                return src
            self._warn(
                figure,
                "image-refused",
                f"image {_short(src)}: only local files and http(s) are used",
            )
            return None
        if self.mode == "link":
            return src
        data = self.options.resource(src)
        if isinstance(data, ResourceRefusal):
            self._warn(figure, data.code, f"image {_short(src)} {data.reason}; left out")
            return None
        checked = check_image(data, source=src)
        if isinstance(checked, ImageProblem):
            self._warn(figure, BAD_IMAGE, f"{checked}")
            return None
        media_type, extension = checked.media_type, checked.extension
        if self.mode == "copy":
            name = f"{IMAGE_FOLDER}/img-{hashlib.sha256(data).hexdigest()[:16]}.{extension}"
            self.options.side_files.add(name, data)
            return name
        return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"

    def _warn(self, figure: Figure, code: str, message: str) -> None:
        self.options.warn(self.doc, code, message, figure.pos)


def _short(src: str) -> str:
    return repr(src if len(src) <= 60 else src[:57] + "…")
