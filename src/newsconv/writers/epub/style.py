"""The book's stylesheet and the embedded fonts it declares.

EPUB forbids the CSS ``direction`` and ``unicode-bidi`` properties: direction comes only
from the ``dir`` attributes of the content documents, so nothing here mentions it. Boxes
and quotes use logical (``inline-start``) sides, so they mirror by themselves in RTL, and
the two-column block uses CSS columns, which flow from the right in a right-to-left block.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

STYLESHEET_NAME = "styles/book.css"

BASE_CSS = """
body { margin: 0 4%; line-height: 1.7; font-family: FAMILIES; }
h1, h2, h3 { line-height: 1.35; font-weight: bold; }
h1 { font-size: 1.6em; margin: 0 0 .5em; }
h2 { font-size: 1.25em; margin: 1.4em 0 .4em; }
p { margin: 0 0 .8em; }
.nc-header { border-bottom: 1px solid #999; padding-bottom: .6em; margin-bottom: 1.2em; }
.nc-subheadline { font-size: 1.15em; margin-bottom: .5em; }
.nc-byline, .nc-dateline, .nc-date, .nc-credits { margin: 0; font-size: .9em; color: #444; }
.nc-titlepage { margin-top: 20%; border-bottom: none; text-align: center;
  page-break-after: always; break-after: page; }
.nc-titlepage h1 { font-size: 2em; }
.nc-columns { column-count: 2; column-gap: 1.5em; column-rule: 1px solid #bbb;
  -webkit-column-count: 2; -webkit-column-gap: 1.5em; margin: 1em 0; }
.nc-columns > * { margin-top: 0; }
.nc-quote { margin: 1em 0; padding: .2em 1em; border-inline-start: 3px solid #888; }
.nc-cite { font-size: .9em; color: #555; }
.nc-box { border: 1px solid #aaa; padding: .5em .9em; margin: 1em 0; background: #f3f0e6; }
.nc-box-title { margin-top: 0; }
.nc-figure { margin: 1em 0; text-align: center; }
.nc-figure img { max-width: 100%; height: auto; }
.nc-figure figcaption { font-size: .9em; color: #444; }
.nc-credit { color: #666; }
.nc-related { border-top: 2px solid #333; margin-top: 2em; padding-top: .4em; }
.nc-related ul { padding-inline-start: 1.2em; }
.nc-digest-title { margin-top: 30%; text-align: center; }
.nc-digest-title h1 { font-size: 2.2em; }
nav ol { list-style-type: none; padding-inline-start: 1em; }
nav li { margin: .3em 0; }
"""


@dataclass(frozen=True, slots=True)
class FontFace:
    """One embedded font file and the ``@font-face`` rule that declares it."""

    family: str
    weight: Literal["normal", "bold"]
    file_name: str
    """Path inside the book, e.g. ``fonts/amiri-regular.woff``."""
    media_type: str
    data: bytes

    def rule(self) -> str:
        """The ``@font-face`` rule for this face."""
        fmt = "woff" if self.media_type == "font/woff" else "truetype"
        return (
            f'@font-face {{ font-family: "{self.family}"; font-style: normal; '
            f'font-weight: {self.weight}; src: url("../{self.file_name}") format("{fmt}"); }}'
        )


def stylesheet(faces: Iterable[FontFace]) -> str:
    """The stylesheet: ``@font-face`` rules for ``faces``, then the base rules."""
    faces = list(faces)
    families: list[str] = []
    for face in faces:
        if face.family not in families:
            families.append(face.family)
    stack = ", ".join([*(f'"{family}"' for family in families), "serif"])
    rules = [face.rule() for face in faces]
    return "\n".join(rules) + BASE_CSS.replace("FAMILIES", stack)
