"""QCode schemes: IPTC's catalog 41 (shipped with the package) and newsconv's own schemes.

Every QCode newsconv writes has its scheme alias declared either in the IPTC catalog the
item references with ``catalogRef`` or in the item's inline ``catalog``.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from lxml import etree

G2_NS = "http://iptc.org/std/nar/2006-10-01/"
IPTC_CATALOG_FILE = "catalog.IPTC-G2-Standards_41.xml"
IPTC_CATALOG_HREF = "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_41.xml"
"""Where partners find the catalog; never fetched by newsconv (a copy ships in the package)."""

OWN_SCHEMES = {
    "ncgenre": "genre",
    "ncprop": "property",
    "ncrel": "relation",
    "ncrole": "role",
}
"""newsconv's own schemes, declared inline under the provider's vocabulary URI."""


@cache
def iptc_schemes() -> dict[str, str]:
    """Alias -> URI of every scheme in IPTC catalog 41 (read once from the package)."""
    source = resources.files("newsconv") / "schemas" / "newsml-g2" / IPTC_CATALOG_FILE
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    root = etree.fromstring(source.read_bytes(), parser)
    return {
        str(scheme.get("alias")): str(scheme.get("uri"))
        for scheme in root.iter(f"{{{G2_NS}}}scheme")
        if scheme.get("alias") and scheme.get("uri")
    }


def own_schemes(vocabulary_base: str) -> dict[str, str]:
    """Alias -> URI of newsconv's inline schemes under ``vocabulary_base``.

    The base ends with ``/`` (an https URL) or ``:`` (a URN); each scheme's URI ends the same.
    """
    end = vocabulary_base[-1]
    return {alias: f"{vocabulary_base}{name}{end}" for alias, name in OWN_SCHEMES.items()}


def qcode_alias(qcode: str) -> str:
    """The scheme alias of a QCode (``medtop`` for ``medtop:20000763``)."""
    return qcode.split(":", 1)[0]


def is_iptc_qcode(qcode: str) -> bool:
    """True when the QCode's scheme is declared in IPTC catalog 41."""
    return ":" in qcode and qcode_alias(qcode) in iptc_schemes()


def qcode_uri(qcode: str) -> str | None:
    """The URI a QCode of an IPTC scheme stands for, or None for an unknown scheme."""
    alias, _, code = qcode.partition(":")
    base = iptc_schemes().get(alias)
    return base + code if base is not None else None
