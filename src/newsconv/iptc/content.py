"""Parts of an article's content that IPTC item metadata repeats."""

from __future__ import annotations

from ..model import Block, Box, Columns, Quote, RelatedItem, RelatedList


def related_items(blocks: tuple[Block, ...]) -> list[RelatedItem]:
    """Every related article of the body, in order (lists may sit inside containers)."""
    items: list[RelatedItem] = []
    for block in blocks:
        if isinstance(block, RelatedList):
            items.extend(block.items)
        elif isinstance(block, Columns | Quote | Box):
            items.extend(related_items(block.children))
    return items
