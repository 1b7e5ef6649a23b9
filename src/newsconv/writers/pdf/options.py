"""The options the PDF writer reads (``-O key=value``; ``--page-size`` too)."""

from __future__ import annotations

from ..options import WriterOption
from .styles import PAGE_SIZES

PDF_OPTIONS = (
    WriterOption("page-size", str, "a4", "paper size", choices=tuple(sorted(PAGE_SIZES))),
    WriterOption(
        "margin",
        float,
        "20",
        "page margin in mm (at least 5, at most a quarter of the page's shorter side)",
        minimum=5,
    ),
    WriterOption(
        "font-size",
        float,
        "",
        "body text size in points (default 12.5 for Arabic script, 10.5 otherwise)",
        minimum=6,
        maximum=30,
    ),
    WriterOption("justify", bool, "yes", "justified body text; no for ragged lines"),
    WriterOption(
        "related-urls",
        bool,
        "yes",
        "print each related article's address under its title; no for titles only",
    ),
)
