"""Subsets of the shipped fonts (Amiri, DejaVu Sans), cut down to the characters a book uses.

Subsetting a large Arabic font takes a few hundred milliseconds, so results are cached per
``(font, charset, flavor)``. To make that cache useful across articles, :func:`rounded_charset`
rounds the characters a text uses up to whole *character groups* (Latin with punctuation,
the Arabic letters, the Persian/Urdu letters, Hebrew): almost every Arabic article then asks
for the same charset, and one subset serves them all. Characters outside
every group are added one by one.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

import fontTools
from fontTools import subset
from fontTools.ttLib import TTFont

FontFlavor = Literal["ttf", "woff"]

AMIRI_REGULAR = "Amiri-Regular.ttf"
AMIRI_BOLD = "Amiri-Bold.ttf"
DEJAVU_REGULAR = "DejaVuSans.ttf"
DEJAVU_BOLD = "DejaVuSans-Bold.ttf"


@dataclass(frozen=True, slots=True)
class FontFamily:
    """A shipped family: its CSS name and the files of its regular and bold faces."""

    name: str
    regular: str
    bold: str


AMIRI = FontFamily("Amiri", AMIRI_REGULAR, AMIRI_BOLD)
"""Arabic, Persian and Urdu (plus Latin), OFL."""
DEJAVU_SANS = FontFamily("DejaVu Sans", DEJAVU_REGULAR, DEJAVU_BOLD)
"""Hebrew, Latin and symbols."""


def _span(first: int, last: int) -> frozenset[int]:
    return frozenset(range(first, last + 1))


CHARACTER_GROUPS: tuple[frozenset[int], ...] = (
    _span(0x20, 0x7E)  # Latin: ASCII, Latin-1, general punctuation, bidi controls
    | _span(0xA0, 0xFF)
    | _span(0x200B, 0x2027)
    | _span(0x202A, 0x203A)
    | _span(0x2066, 0x2069),
    _span(0x621, 0x652)  # Arabic letters and harakat, Arabic punctuation and digits
    | frozenset({0x60C, 0x61B, 0x61F, 0x640})
    | _span(0x660, 0x66C),
    _span(0x653, 0x655)  # Persian and Urdu letters, extended digits
    | frozenset({0x670, 0x671, 0x679, 0x67E, 0x686, 0x688, 0x691, 0x698, 0x6A9, 0x6AF})
    | frozenset({0x6BA, 0x6BE, 0x6C0, 0x6C1, 0x6C3, 0x6CC, 0x6D2, 0x6D3, 0x6D4})
    | _span(0x6F0, 0x6F9),
    _span(0x5B0, 0x5C7) | _span(0x5D0, 0x5EA) | _span(0x5F0, 0x5F4),  # Hebrew
)
"""Characters that are subset together: touching one member brings in the whole group."""

ARABIC_SCRIPT = (
    _span(0x600, 0x6FF)
    | _span(0x750, 0x77F)
    | _span(0x8A0, 0x8FF)
    | _span(0xFB50, 0xFDFF)
    | _span(0xFE70, 0xFEFF)
) - {0xFEFF}
HEBREW_SCRIPT = _span(0x590, 0x5FF) | _span(0xFB1D, 0xFB4F)


@lru_cache(maxsize=8)
def font_bytes(file_name: str) -> bytes:
    """The bytes of a font shipped in ``newsconv/fonts`` (read once)."""
    return (resources.files("newsconv") / "fonts" / file_name).read_bytes()


@lru_cache(maxsize=8)
def font_charset(file_name: str) -> frozenset[int]:
    """Every code point the font maps to a glyph."""
    font = TTFont(io.BytesIO(font_bytes(file_name)), lazy=True)
    return frozenset(font.getBestCmap())


def used_code_points(texts: Iterable[str]) -> frozenset[int]:
    """The code points of ``texts``, without control characters."""
    points: set[int] = set()
    for text in texts:
        points.update(map(ord, text))
    return frozenset(point for point in points if point >= 0x20 and point != 0xFEFF)


def rounded_charset(used: Iterable[int], file_name: str) -> frozenset[int]:
    """``used`` rounded up to whole :data:`CHARACTER_GROUPS`, limited to what the font has."""
    used_set = frozenset(used)
    rounded = set(used_set)
    for group in CHARACTER_GROUPS:
        if not group.isdisjoint(used_set):
            rounded |= group
    return frozenset(rounded) & font_charset(file_name)


def subset_font(file_name: str, charset: frozenset[int], flavor: FontFlavor = "ttf") -> bytes:
    """The shipped font ``file_name`` cut down to ``charset``, as TrueType or WOFF bytes.

    OpenType layout (the Arabic joining forms, ligatures, mark positioning) is kept for
    every glyph that remains, so shaped text renders as with the full font. Cached; threads
    asking for the same subset wait for one computation instead of each making it.
    """
    with _SUBSET_LOCK:
        return _subset_font(file_name, charset & font_charset(file_name), flavor)


_SUBSET_LOCK = threading.Lock()


@lru_cache(maxsize=64)
def _subset_font(file_name: str, charset: frozenset[int], flavor: FontFlavor) -> bytes:
    if _disk_cache_dir is None:
        return _make_subset(file_name, charset, flavor)
    path = _disk_cache_dir / _subset_key(file_name, charset, flavor)
    try:
        return path.read_bytes()
    except OSError:
        pass
    data = _make_subset(file_name, charset, flavor)
    _store(path, data)
    return data


def _make_subset(file_name: str, charset: frozenset[int], flavor: FontFlavor) -> bytes:
    font = TTFont(io.BytesIO(font_bytes(file_name)), recalcTimestamp=False)
    options = subset.Options()
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.drop_tables = [*options.drop_tables, "DSIG", "FFTM"]  # FFTM: an editor timestamp
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(charset))
    subsetter.subset(font)
    font.flavor = None if flavor == "ttf" else flavor
    out = io.BytesIO()
    font.save(out, reorderTables=True)
    return out.getvalue()


def uses_script(used: frozenset[int], script: frozenset[int]) -> bool:
    """True when ``used`` contains a character of ``script``."""
    return not used.isdisjoint(script)


def subset_cache_clear() -> None:
    """Forget every subset cached in memory (benchmarks use it to time cold runs)."""
    _subset_font.cache_clear()


# ------------------------------------------------------------------- the on-disk cache

log = logging.getLogger(__name__)
_disk_cache_dir: Path | None = None


def default_cache_dir() -> Path:
    """``$NEWSCONV_CACHE_DIR``, else ``$XDG_CACHE_HOME/newsconv``, else ``~/.cache/newsconv``."""
    explicit = os.environ.get("NEWSCONV_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsconv"


def use_disk_cache(folder: Path | None) -> None:
    """Keep subsets in ``folder/fontsubsets`` too (None: memory only), shared by every
    process that uses the same folder. A file is named by the hash of everything its bytes
    depend on — the font's own bytes, the characters, the flavor, the fontTools version —
    and appears whole or not at all (written beside, then renamed), so processes that
    build the same subset at once are harmless."""
    global _disk_cache_dir
    _disk_cache_dir = None if folder is None else folder / "fontsubsets"
    _subset_font.cache_clear()


def _subset_key(file_name: str, charset: frozenset[int], flavor: FontFlavor) -> str:
    digest = hashlib.sha256(font_bytes(file_name))
    digest.update(f"|{flavor}|{fontTools.version}|".encode())
    digest.update(",".join(map(str, sorted(charset))).encode())
    return f"{digest.hexdigest()[:40]}.{flavor}"


def _store(path: Path, data: bytes) -> None:
    from ..output import write_atomic  # the only file this module ever writes

    try:
        write_atomic(path, data)
    except OSError as exc:
        log.info("font subset cache %s not written: %s", path.parent, exc)
