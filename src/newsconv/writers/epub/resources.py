"""What a book carries besides its documents: images, embedded fonts, and safe link targets."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import quote, urlsplit

from ...images import ImageProblem, check_image
from ...model import Figure
from ...text import fontsubset
from ...text.fontsubset import AMIRI, DEJAVU_SANS, FontFamily
from ...text.urls import safe_url
from ..base import ResourceRefusal
from .style import FontFace

log = logging.getLogger("newsconv")

FontMode = Literal["subset", "exact", "none"]
FONT_MODES: tuple[FontMode, ...] = ("subset", "exact", "none")

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


@dataclass(frozen=True, slots=True)
class BookImage:
    """An image stored in the book."""

    file_name: str
    media_type: str
    data: bytes


def is_remote(src: str) -> bool:
    """True for a URL with a scheme (``http:``, ``data:``, …) or a protocol-relative one."""
    return bool(_SCHEME.match(src)) or src.startswith("//")


@dataclass
class ImageStore:
    """Maps figures to images inside the book; one file per distinct image.

    Remote images are never fetched and local ones are read only through the caller's
    loader; a figure whose image cannot be stored keeps its alt text in the caption.
    """

    load: Callable[[str], bytes | ResourceRefusal]
    images: dict[str, BookImage] = field(default_factory=dict)
    refused: ImageProblem | ResourceRefusal | None = None
    """Why the last image asked for was refused (for the writer's warning)."""
    shown: int = 0
    """Figures shown with their image (the same image shown twice counts twice)."""
    undescribed: int = 0
    """Of those, the ones with no alt text that are not marked decorative."""

    def source(self, figure: Figure) -> str | None:
        """The ``src`` of ``figure`` inside the book, or None to leave the image out."""
        self.refused = None
        if not figure.src or is_remote(figure.src):
            return None
        data = self.load(figure.src)
        if isinstance(data, ResourceRefusal):
            self.refused = data
            return None
        checked = check_image(data, source=figure.src)
        if isinstance(checked, ImageProblem):
            self.refused = checked
            return None
        media_type, extension = checked.media_type, checked.extension
        digest = hashlib.sha256(data).hexdigest()[:16]
        file_name = f"images/img-{digest}.{extension}"
        self.images.setdefault(file_name, BookImage(file_name, media_type, data))
        self.shown += 1
        if not figure.alt.strip() and not figure.decorative:
            self.undescribed += 1
        return file_name


def safe_href(url: str) -> str | None:
    """``url`` as a valid absolute link target, or None when it cannot be one.

    Books may only link inside themselves or to absolute URLs; relative links of the source
    article point nowhere in the book. Characters a URL may not hold are percent-encoded.
    """
    checked = safe_url(url)
    if checked is None:
        return None
    url = checked
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in _LINK_SCHEMES:
        return None
    if parts.scheme.lower() in ("http", "https", "ftp") and not parts.hostname:
        return None
    return quote(url, safe=_URL_SAFE)


def embedded_fonts(used: frozenset[int], mode: FontMode) -> list[FontFace]:
    """The font faces to embed so every Arabic-script or Hebrew character renders.

    Latin-only books embed nothing (every reader has Latin fonts). ``subset`` rounds the
    charset up to whole character groups (shared, cached subsets); ``exact`` keeps only the
    characters used (smallest book, slower); ``none`` embeds no font.
    """
    if mode == "none":
        return []
    faces: list[FontFace] = []
    remaining = used
    if fontsubset.uses_script(used, fontsubset.ARABIC_SCRIPT):
        faces.extend(_family_faces(AMIRI, remaining, mode))
        remaining = remaining - fontsubset.font_charset(AMIRI.regular)
    if fontsubset.uses_script(remaining, fontsubset.HEBREW_SCRIPT):
        faces.extend(_family_faces(DEJAVU_SANS, remaining, mode))
    return faces


def _family_faces(family: FontFamily, used: frozenset[int], mode: FontMode) -> list[FontFace]:
    faces: list[FontFace] = []
    slug = family.name.lower().replace(" ", "-")
    for weight, file_name in (("normal", family.regular), ("bold", family.bold)):
        if mode == "exact":
            charset = used & fontsubset.font_charset(file_name)
        else:
            charset = fontsubset.rounded_charset(used, file_name)
        data = fontsubset.subset_font(file_name, charset, "woff")
        suffix = "regular" if weight == "normal" else "bold"
        faces.append(
            FontFace(
                family=family.name,
                weight="normal" if weight == "normal" else "bold",
                file_name=f"fonts/{slug}-{suffix}.woff",
                media_type="font/woff",
                data=data,
            )
        )
    return faces
