"""``--to ninjs``: IPTC ninjs 3.1 (News in JSON) with an XHTML body.

ninjs 3.1 has no ``keywords`` property (its schema refuses unknown properties); keywords
travel as ``subjects`` with ``rel: "keyword"``. Related articles become ``associations``.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any, ClassVar
from urllib.parse import quote

from lxml import etree

from ..model import Document, RelatedItem
from ..text.controls import strip_xml_illegal
from ..text.urls import SAFE_SCHEMES, safe_url, url_scheme
from .base import WriterOptions
from .newsml.catalog import is_iptc_qcode, qcode_uri
from .newsml.identity import ItemIdentity, g2_datetime, identity_of
from .newsml.item import related_items
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

    def write(self, doc: Document, options: WriterOptions) -> str:
        """The ninjs object as indented JSON text (UTF-8, not escaped), ending with a newline."""
        obj = ninjs_object(safe_document(doc), options)
        return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def ninjs_object(doc: Document, options: WriterOptions) -> Json:
    """The ninjs object of ``doc`` as plain Python data."""
    meta = doc.meta
    identity = identity_of(doc, options)
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
    _optional(obj, "located", meta.located)
    obj["headlines"] = _headlines(doc)
    _optional(obj, "descriptions", _descriptions(doc) or None)
    obj["bodies"] = [_xhtml_body(doc)]
    _optional(obj, "subjects", _subjects(doc) or None)
    if meta.genre:
        obj["genres"] = [_genre(meta.genre)]
    url = safe_url(meta.url)
    if url:
        obj["altIds"] = [{"role": "url", "value": _clean(url)}]
    _optional(obj, "associations", _associations(doc, identity) or None)
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
    """The summary, and the dateline (ninjs has no property of its own for it)."""
    pairs = [("summary", doc.meta.summary), ("dateline", doc.meta.dateline)]
    return [
        {"role": role, "contentType": "text/plain", "value": _clean(value)}
        for role, value in pairs
        if value
    ]


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


def _associations(doc: Document, identity: ItemIdentity) -> list[Json]:
    items = related_items(doc.blocks)
    return [_association(doc, identity, index, item) for index, item in enumerate(items, 1)]


def _association(doc: Document, identity: ItemIdentity, index: int, item: RelatedItem) -> Json:
    """A related article: its URL as ``uri``, else a URN from the provider and its title."""
    url = safe_url(item.url)
    if url and _URI.match(url):
        uri = url
    else:
        digest = hashlib.sha256(item.title.encode("utf-8")).hexdigest()[:16]
        uri = f"urn:newsml:{identity.provider_token}:related:{digest}"
    return {
        "name": f"related-{index}",
        "rel": "seeAlso",
        "uri": uri,
        "type": "text",
        "language": item.lang or doc.lang,
        "headlines": [{"role": "main", "value": _clean(item.title)}],
    }
