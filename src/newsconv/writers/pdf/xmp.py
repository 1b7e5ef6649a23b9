"""The XMP metadata stream: the document information as XMP, and the PDF/UA-1 claim.

PDF/UA-1 asks for a metadata stream in the catalog with a ``dc:title`` and the PDF/UA
identification schema (``pdfuaid:part`` 1), declared as an extension schema the way
PDF/A readers expect it. The packet repeats what the information dictionary says (title,
author, subject, keywords, creator, producer and the one date of the document, which
honours ``SOURCE_DATE_EPOCH``) and adds ``dc:language``; it has no random identifiers, so
the same document always gives the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape as _escape

from reportlab.pdfbase import pdfdoc

_PACKET_ID = "W5M0MpCehiHzreSzNTczkc9d"
"""The fixed identifier every XMP packet wrapper carries (XMP part 1)."""

_EXTENSION = """<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed\
</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>"""

_NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
}


@dataclass(frozen=True, slots=True)
class Description:
    """What the packet says about the document (empty strings are left out)."""

    title: str
    language: str | None
    author: str
    subject: str
    keywords: str
    creator: str
    producer: str
    moment: datetime


def xmp_packet(description: Description) -> bytes:
    """The XMP packet (UTF-8) describing the document."""
    d = description
    stamp = _xmp_date(d.moment)
    fields = [
        f"<dc:title>{_alternative(d.title)}</dc:title>",
        f"<dc:language><rdf:Bag><rdf:li>{escape(d.language)}</rdf:li></rdf:Bag></dc:language>"
        if d.language
        else "",
        f"<dc:creator><rdf:Seq><rdf:li>{escape(d.author)}</rdf:li></rdf:Seq></dc:creator>"
        if d.author
        else "",
        f"<dc:description>{_alternative(d.subject)}</dc:description>" if d.subject else "",
        f"<pdf:Keywords>{escape(d.keywords)}</pdf:Keywords>" if d.keywords else "",
        f"<pdf:Producer>{escape(d.producer)}</pdf:Producer>",
        f"<xmp:CreatorTool>{escape(d.creator)}</xmp:CreatorTool>",
        f"<xmp:CreateDate>{stamp}</xmp:CreateDate>",
        f"<xmp:ModifyDate>{stamp}</xmp:ModifyDate>",
        f"<xmp:MetadataDate>{stamp}</xmp:MetadataDate>",
        "<pdfuaid:part>1</pdfuaid:part>",
        _EXTENSION,
    ]
    namespaces = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in _NAMESPACES.items())
    body = "\n".join(field for field in fields if field)
    text = (
        f'<?xpacket begin="\ufeff" id="{_PACKET_ID}"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        f'<rdf:Description rdf:about="" {namespaces}>\n{body}\n</rdf:Description>\n'
        "</rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="r"?>'
    )
    return text.encode("utf-8")


class _PlainStream(pdfdoc.PDFStream):  # type: ignore[misc]
    """A stream written as it is, with no ``/Filter`` entry (reportlab writes an empty
    one for a stream without filters)."""

    def format(self, document: Any) -> bytes:
        """``<< … /Length n >> stream … endstream``."""
        dictionary = pdfdoc.PDFDictionary(self.dictionary.dict.copy())
        content: bytes = document.encrypt.encode(self.content)
        dictionary["Length"] = len(content)
        head: bytes = pdfdoc.format(dictionary, document)
        return head + b"\nstream\n" + content + b"endstream\n"


def metadata_stream(description: Description) -> pdfdoc.PDFStream:
    """The catalog's ``/Metadata`` stream: uncompressed, so that any reader finds it."""
    stream = _PlainStream(content=xmp_packet(description))
    stream.dictionary["Type"] = pdfdoc.PDFName("Metadata")
    stream.dictionary["Subtype"] = pdfdoc.PDFName("XML")
    return stream


def escape(text: str) -> str:
    """``text`` as XML character data, without the characters XML 1.0 cannot hold."""
    return _escape(_NOT_XML.sub("", text))


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _alternative(text: str) -> str:
    """A language alternative with its default entry."""
    return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(text)}</rdf:li></rdf:Alt>'


def _xmp_date(moment: datetime) -> str:
    """An XMP date (ISO 8601) in UTC, the same moment as the information dictionary's."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
