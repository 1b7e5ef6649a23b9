"""``--to ninjs``: IPTC ninjs 3.1 (News in JSON) with an XHTML body.

ninjs 3.1 has no ``keywords`` property (its schema refuses unknown properties); keywords
travel as ``subjects`` with ``rel: "keyword"``. Related articles become ``associations``.
"""

from __future__ import annotations

import json
import re
from typing import Any, ClassVar
from urllib.parse import quote

from lxml import etree

from ..iptc.catalog import is_iptc_qcode, qcode_uri
from ..iptc.content import related_items
from ..iptc.identity import (
    PROVIDER_OPTION,
    ItemIdentity,
    g2_datetime,
    identity_of,
    warn_if_unstable,
)
from ..model import Document, RelatedItem
from ..text.controls import strip_xml_illegal
from ..text.urls import SAFE_SCHEMES, safe_url, url_scheme
from .base import WriterOptions
from .options import WriterOption
from .safety import safe_document
from .xhtml import XHTML_NS, BodyStyle, body_element, text_of

NINJS_VERSION = "3.1"
NINJS_SCHEMA_URI = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json"
NINJS_STYLE = BodyStyle(namespace=XHTML_NS, xml_lang=True)
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
_ID_SCHEMES = SAFE_SCHEMES | {"urn", "tag"}
"""Schemes a guid may use to serve as the ``uri`` as it is (others are wrapped in a URN)."""

Json = dict[str, Any]


def item_uri(identity: ItemIdentity) -> str:
    """The ninjs ``uri``: the NewsML-G2 guid when it is a URI, else a URN wrapping it."""
    if _URI.match(identity.guid) and url_scheme(identity.guid) in _ID_SCHEMES:
        return identity.guid
    return f"urn:newsml:{identity.provider_token}:guid:{quote(identity.guid, safe='-._~')}"


class NinjsWriter:
    """One ninjs 3.1 JSON object per article."""

    name: ClassVar[str] = "ninjs"
    description: ClassVar[str] = "IPTC ninjs 3.1 JSON (XHTML body)"
    media_type: ClassVar[str] = "application/json"
    extension: ClassVar[str] = "json"
    binary: ClassVar[bool] = False
    options: ClassVar[tuple[WriterOption, ...]] = (PROVIDER_OPTION,)

    def write(self, doc: Document, options: WriterOptions) -> str:
        """The ninjs object as indented JSON text (UTF-8, not escaped), ending with a newline."""
        obj = ninjs_object(safe_document(doc, options), options)
        return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def ninjs_object(doc: Document, options: WriterOptions) -> Json:
    """The ninjs object of ``doc`` as plain Python data."""
    meta = doc.meta
    identity = identity_of(doc, options)
    warn_if_unstable(doc, identity, options)
    obj: Json = {
        "uri": item_uri(identity),
        "standard": {"name": "ninjs", "version": NINJS_VERSION, "schema": NINJS_SCHEMA_URI},
        "type": "text",
        "representationType": "full",
        "version": str(meta.version),
        "firstCreated": g2_datetime(identity.first_created),
        "versionCreated": g2_datetime(identity.version_created),
    }
    _optional(obj, "contentCreated", g2_datetime(meta.date) if meta.date else None)
    _optional(obj, "embargoedUntil", g2_datetime(meta.embargo) if meta.embargo else None)
    obj["pubStatus"] = meta.pubstatus or "usable"
    _optional(obj, "urgency", meta.urgency)
    if meta.copyright:
        _optional(obj, "copyrightHolder", identity.provider_name)
        obj["copyrightNotice"] = _clean(meta.copyright)
    _optional(obj, "edNote", meta.ednote)
    obj["language"] = doc.lang
    _optional(obj, "slugline", meta.slugline)
    _optional(obj, "by", meta.byline)
    _optional(obj, "located", meta.located or meta.dateline)
    obj["headlines"] = _headlines(doc)
    _optional(obj, "descriptions", _descriptions(doc) or None)
    obj["bodies"] = [_xhtml_body(doc)]
    _optional(obj, "subjects", _subjects(doc) or None)
    if meta.genre:
        obj["genres"] = [_genre(meta.genre)]
    url = safe_url(meta.url)
    if url:
        obj["altIds"] = [{"role": "url", "value": _clean(url)}]
    _optional(obj, "associations", _associations(doc) or None)
    return obj


def _optional(obj: Json, key: str, value: object) -> None:
    if value is not None and value != "":
        obj[key] = _clean(value) if isinstance(value, str) else value


def _clean(text: str) -> str:
    return strip_xml_illegal(text)


def _headlines(doc: Document) -> list[Json]:
    meta = doc.meta
    headlines = [{"role": "main", "value": _clean(meta.headline)}] if meta.headline else []
    if meta.subheadline:
        headlines.append({"role": "sub", "value": _clean(meta.subheadline)})
    return headlines


def _descriptions(doc: Document) -> list[Json]:
    """The summary (the dateline goes to ``located``)."""
    summary = doc.meta.summary
    return (
        [{"role": "summary", "contentType": "text/plain", "value": _clean(summary)}]
        if summary
        else []
    )


def _xhtml_body(doc: Document) -> Json:
    """The body as one XHTML ``div`` (with ``lang``, ``xml:lang``, ``dir``), plus its counts."""
    div = body_element(doc, NINJS_STYLE)
    text = text_of(div)
    return {
        "role": "main",
        "contentType": "application/xhtml+xml",
        "charCount": len("".join(text.split())),
        "wordCount": len(text.split()),
        "value": etree.tostring(div, encoding="unicode"),
    }


def _subjects(doc: Document) -> list[Json]:
    subjects: list[Json] = []
    for code in doc.meta.subjects:
        uri = qcode_uri(code)
        subject: Json = {"literal": code, "rel": "about"}
        if uri is not None:
            subject["uri"] = uri
        subjects.append(subject)
    subjects.extend({"name": _clean(word), "rel": "keyword"} for word in doc.meta.keywords)
    return subjects


def _genre(genre: str) -> Json:
    if is_iptc_qcode(genre):
        return {"literal": genre, "uri": qcode_uri(genre)}
    return {"name": _clean(genre)}


def _associations(doc: Document) -> list[Json]:
    """Related articles with a URL (an association needs a ``uri``; one made up would point
    nowhere, and the titles stay in the body)."""
    linked = ((item, safe_url(item.url)) for item in related_items(doc.blocks))
    items = [(item, url) for item, url in linked if url and _URI.match(url)]
    return [_association(doc, index, item, url) for index, (item, url) in enumerate(items, 1)]


def _association(doc: Document, index: int, item: RelatedItem, url: str) -> Json:
    """A related article: its URL as ``uri``, its title as headline."""
    return {
        "name": f"related-{index}",
        "rel": "seeAlso",
        "uri": url,
        "type": "text",
        "language": item.lang or doc.lang,
        "headlines": [{"role": "main", "value": _clean(item.title)}],
    }
