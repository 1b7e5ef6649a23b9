"""The newsconv document model: one closed set of frozen, slotted node types.

Every node carries the :class:`Position` of the markup it came from. Language and
direction live on the :class:`Document`; a block or inline node carries its own
``lang``/``dir`` only where it differs from the document (``None`` means "inherit").

Writers depend on this module only; they never import the parser.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, TypeAlias

MODEL_VERSION = "1.3"
"""Version of the model's JSON form; bumped on every breaking change."""

Direction: TypeAlias = Literal["ltr", "rtl"]

MAX_INLINE_DEPTH = 32
"""How deep inline nodes (bold, italic, links, spans) may nest. The parser keeps the text
of deeper markup and drops its formatting with a warning; writers flatten a deeper
document built through the API the same way, so no depth can exhaust the stack."""
MAX_BLOCK_DEPTH = 6
"""How deep containers (columns, quotes, boxes) may nest; deeper ones are handled alike."""


@dataclass(frozen=True, slots=True)
class Position:
    """A place in the source: 1-based line and column (in characters), 0-based offset."""

    line: int = 1
    column: int = 1
    offset: int = 0


NOWHERE = Position(0, 0, 0)
"""Position of nodes that have no source (supplied by metadata or derived)."""


# ----------------------------------------------------------------------------- inlines


@dataclass(frozen=True, slots=True)
class Text:
    """A run of literal text (entities already decoded)."""

    text: str
    pos: Position = NOWHERE


@dataclass(frozen=True, slots=True)
class Bold:
    """Strong emphasis: ``[b]``, ``<b>``, ``<strong>``."""

    children: tuple[Inline, ...]
    pos: Position = NOWHERE


@dataclass(frozen=True, slots=True)
class Italic:
    """Emphasis: ``[i]``, ``<i>``, ``<em>``."""

    children: tuple[Inline, ...]
    pos: Position = NOWHERE


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink: ``[link url="…"]``, ``<a href="…">``. The URL is never fetched."""

    url: str
    children: tuple[Inline, ...]
    pos: Position = NOWHERE


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A forced line break inside a paragraph: ``<br>``."""

    pos: Position = NOWHERE


@dataclass(frozen=True, slots=True)
class Span:
    """A run in another language or direction: ``<span lang dir>``."""

    children: tuple[Inline, ...]
    lang: str | None = None
    dir: Direction | None = None
    pos: Position = NOWHERE


Inline: TypeAlias = Text | Bold | Italic | Link | LineBreak | Span


# ----------------------------------------------------------------------------- blocks


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of body text (one line of input)."""

    children: tuple[Inline, ...]
    pos: Position = NOWHERE
    lang: str | None = None
    dir: Direction | None = None


@dataclass(frozen=True, slots=True)
class Heading:
    """A sub-heading inside the article body (the headline lives in :class:`Metadata`)."""

    children: tuple[Inline, ...]
    pos: Position = NOWHERE
    lang: str | None = None
    dir: Direction | None = None
    inferred: bool = False
    """True when inference, not markup, made this line a heading."""
    level: int = 1
    """Depth under the headline: 1 for a section heading, 2 for a sub-section, up to 5."""


@dataclass(frozen=True, slots=True)
class Columns:
    """Content laid out in columns: ``[two-column]``. First column on the reading side."""

    children: tuple[Block, ...]
    count: int = 2
    pos: Position = NOWHERE


@dataclass(frozen=True, slots=True)
class Quote:
    """A block quotation: ``[quote cite="…"]``."""

    children: tuple[Block, ...]
    cite: str | None = None
    pos: Position = NOWHERE


@dataclass(frozen=True, slots=True)
class Box:
    """A highlighted sidebar: ``[box title="…"]``."""

    children: tuple[Block, ...]
    title: str | None = None
    pos: Position = NOWHERE


@dataclass(frozen=True, slots=True)
class Figure:
    """An image with caption and credit: ``[image src=… alt=… credit=…]caption[/image]``."""

    src: str
    alt: str = ""
    credit: str | None = None
    caption: tuple[Inline, ...] = ()
    pos: Position = NOWHERE
    decorative: bool = False
    """The author marked the image as decoration (``[image … decorative]``): it gets an
    empty text alternative and assistive technology skips it."""


@dataclass(frozen=True, slots=True)
class RelatedItem:
    """The title (and optional URL) of another article."""

    title: str
    url: str | None = None
    pos: Position = NOWHERE
    lang: str | None = None
    dir: Direction | None = None


@dataclass(frozen=True, slots=True)
class RelatedList:
    """A list of related articles: ``[related]`` or the inferred tail of headline-like lines."""

    items: tuple[RelatedItem, ...]
    pos: Position = NOWHERE
    inferred: bool = False
    title: str | None = None
    """The list's own heading as the article gives it («Read more:»); None when it has
    none, and writers print the localised label of the document's language instead."""


@dataclass(frozen=True, slots=True)
class ListItem:
    """One entry of a list: ``<li>…</li>`` or a line inside ``[list]``."""

    children: tuple[Inline, ...]
    pos: Position = NOWHERE
    lang: str | None = None
    dir: Direction | None = None


@dataclass(frozen=True, slots=True)
class ListBlock:
    """A bulleted or numbered list: ``<ul>``/``<ol>`` or ``[list]``/``[list ordered]``."""

    items: tuple[ListItem, ...]
    ordered: bool = False
    pos: Position = NOWHERE


Block: TypeAlias = Paragraph | Heading | Columns | Quote | Box | Figure | RelatedList | ListBlock
Container: TypeAlias = Columns | Quote | Box


# ----------------------------------------------------------------------------- document


@dataclass(frozen=True, slots=True)
class Metadata:
    """Article metadata: from a ``[meta]`` block, the API or the CLI, then inference."""

    headline: str | None = None
    headline_derived: bool = False
    """True when the headline was derived from the lead because none was given."""
    subheadline: str | None = None
    byline: str | None = None
    dateline: str | None = None
    date: datetime | None = None
    updated: datetime | None = None
    embargo: datetime | None = None
    guid: str | None = None
    version: int = 1
    slugline: str | None = None
    keywords: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    """IPTC media topic codes, e.g. ``medtop:20000763``."""
    summary: str | None = None
    urgency: int | None = None
    genre: str | None = None
    provider: str | None = None
    copyright: str | None = None
    creditline: str | None = None
    located: str | None = None
    pubstatus: str | None = None
    """``usable`` (default), ``withheld`` or ``canceled``."""
    signal: str | None = None
    """``update`` or ``correction``."""
    ednote: str | None = None
    url: str | None = None
    extra: tuple[tuple[str, str], ...] = ()
    """Keys newsconv does not know, kept in input order."""


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed article: metadata, language, direction and body blocks."""

    blocks: tuple[Block, ...]
    meta: Metadata = field(default_factory=Metadata)
    lang: str = "und"
    dir: Direction = "ltr"
    source: str = "<string>"
    """Name of the input (a path, ``-`` or ``<string>``), used in diagnostics."""


# ----------------------------------------------------------------------------- helpers


def inline_text(nodes: tuple[Inline, ...]) -> str:
    """The plain text of inline nodes (a line break counts as a newline), at any depth."""
    if len(nodes) == 1 and type(nodes[0]) is Text:
        return nodes[0].text  # one run: most paragraphs
    texts = [node.text for node in nodes if isinstance(node, Text)]
    if len(texts) == len(nodes):
        return "".join(texts)
    return "".join(node.text if isinstance(node, Text) else "\n" for node in inline_leaves(nodes))


def inline_leaves(nodes: tuple[Inline, ...]) -> Iterator[Text | LineBreak]:
    """The text runs and line breaks of inline nodes in reading order (no recursion)."""
    stack: list[Iterator[Inline]] = [iter(nodes)]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
        elif isinstance(node, Text | LineBreak):
            yield node
        else:
            stack.append(iter(node.children))


def walk_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Every block, depth first, containers before their children."""
    for block in blocks:
        yield block
        if isinstance(block, Columns | Quote | Box):
            yield from walk_blocks(block.children)


def block_text(block: Block) -> str:
    """The plain text a single block contributes (containers contribute their own labels)."""
    match block:
        case Paragraph() | Heading():
            return inline_text(block.children)
        case Figure():
            return inline_text(block.caption)
        case RelatedList():
            titles = (item.title for item in block.items)
            return "\n".join([block.title, *titles] if block.title else titles)
        case ListBlock():
            return "\n".join(inline_text(item.children) for item in block.items)
        case Box():
            return block.title or ""
        case Quote():
            return block.cite or ""
        case Columns():
            return ""


def document_text(doc: Document) -> str:
    """All body text of a document, one block a line, for text-preservation checks."""
    parts = [doc.meta.headline or ""] if not doc.meta.headline_derived else []
    parts.extend(block_text(block) for block in walk_blocks(doc.blocks))
    return "\n".join(part for part in parts if part)
