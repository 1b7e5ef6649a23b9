"""Offline validation of NewsML-G2 and ninjs outputs against the schemas shipped in the package.

No schema is ever fetched: XML parsers run with ``no_network`` and a resolver that refuses
remote URLs, and JSON Schema references outside the bundled schema are refused too.
Schema objects are built once per process.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, cast

from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from lxml import etree
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource, Unresolvable

from .iptc.catalog import G2_NS, iptc_schemes

NEWSML_SCHEMA = "NewsML-G2_2.35-spec-All-Power.xsd"
NEWSML_WITH_NITF_SCHEMA = "newsml-g2-with-nitf.xsd"
NINJS_SCHEMA = "ninjs-schema_3.1.json"
NITF_NS = "http://iptc.org/std/NITF/2006-10-18/"
_REMOTE = re.compile(r"^(https?|ftp)://", re.IGNORECASE)
_IPTC_CATALOG = re.compile(r"//(www\.)?iptc\.org/std/catalog/catalog\.IPTC-G2-Standards_41\.xml$")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_ZONE = re.compile(r"(Z|[+-]\d{2}:\d{2})$")
_QCODE = re.compile(r"^[^\s:]+:\S+$")
QCODE_ATTRIBUTES = frozenset(
    {
        "qcode",
        "type",
        "rel",
        "role",
        "concepttype",
        "encoding",
        "creator",
        "how",
        "why",
        "rendition",
        "mode",
        "scope",
        "aspect",
        "severity",
        "representation",
        "hashtype",
        "accesstype",
        "reposrole",
        "residrefformat",
        "format",
        "environment",
        "idformat",
        "pubconstraint",
        "derivedfrom",
        "widthunit",
        "heightunit",
        "confirmationstatus",
    }
)
"""Attributes of QCode (or QCode list) type in NewsML-G2 2.35 that newsconv checks."""
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$")


class NetworkRefused(OSError):
    """Raised when a schema tries to load something from the network."""


class _LocalOnly(etree.Resolver):
    """Resolves relative and file paths as usual; refuses every remote URL."""

    def resolve(  # type: ignore[override]  # lxml also passes the parser context
        self, system_url: str, public_id: str, context: object
    ) -> Any:
        if system_url and _REMOTE.match(system_url):
            raise NetworkRefused(f"network access refused: {system_url}")
        return None


def _parser() -> etree.XMLParser:
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    parser.resolvers.add(_LocalOnly())
    return parser


def _schema_dir(name: str) -> Traversable:
    return resources.files("newsconv") / "schemas" / name


@contextmanager
def _schema_path(name: str) -> Iterator[Path]:
    """A real file path for a bundled XSD (imports are resolved relative to it)."""
    with resources.as_file(_schema_dir("newsml-g2")) as folder:
        yield Path(folder) / name


@cache
def newsml_schema(with_nitf: bool = False) -> etree.XMLSchema:
    """The NewsML-G2 2.35 Power schema (with NITF 3.6 for ``inlineXML`` bodies when asked)."""
    with _schema_path(NEWSML_WITH_NITF_SCHEMA if with_nitf else NEWSML_SCHEMA) as path:
        return etree.XMLSchema(etree.parse(str(path), _parser()))


def _uses_nitf(root: etree._Element) -> bool:
    return root.find(f".//{{{NITF_NS}}}nitf") is not None


def validate_newsml(xml: bytes | str) -> list[str]:
    """Problems of a NewsML-G2 document (``newsItem`` or ``newsMessage``); empty when valid.

    NITF bodies are checked against NITF 3.6; XHTML bodies are not schema-checked
    (``inlineXML`` is lax and IPTC ships no XHTML schema).
    """
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        return [f"line {exc.lineno}: not well-formed XML: {exc.msg}"]
    schema = newsml_schema(with_nitf=_uses_nitf(root))
    if not schema.validate(root):
        return [
            f"line {error.line}: {error.message}"
            for error in cast(Iterable[etree._LogEntry], schema.error_log)
        ]
    return newsml_semantic_problems(root)


# ----------------------------------------------------------------------------- beyond the XSD


def _g2_elements(root: etree._Element) -> Iterator[etree._Element]:
    """Every NewsML-G2 element, not descending into ``inlineXML`` content."""
    stack = [root]
    while stack:
        element = stack.pop()
        if etree.QName(element).namespace != G2_NS:
            continue
        yield element
        if etree.QName(element).localname != "inlineXML":
            stack.extend(reversed([child for child in element if isinstance(child.tag, str)]))


def _item_roots(root: etree._Element) -> list[etree._Element]:
    """The elements whose catalogs declare aliases: each item, or the message header."""
    items = [el for el in _g2_elements(root) if etree.QName(el).localname.endswith("Item")]
    return items or [root]


def declared_aliases(item: etree._Element) -> set[str] | None:
    """Scheme aliases declared for ``item`` (inline catalogs and IPTC catalog 41).

    None when the item references a remote catalog other than IPTC's catalog 41,
    whose aliases cannot be known offline.
    """
    aliases: set[str] = set()
    for element in _g2_elements(item):
        name = etree.QName(element).localname
        if name == "catalogRef":
            href = element.get("href", "")
            if not _IPTC_CATALOG.search(href):
                return None
            aliases.update(iptc_schemes())
        elif name == "scheme" and element.get("alias"):
            aliases.add(str(element.get("alias")))
    return aliases


def newsml_semantic_problems(root: etree._Element) -> list[str]:
    """What the XSD does not check: a zone on every date-time, every QCode alias declared."""
    problems = [
        f"line {el.sourceline}: {etree.QName(el).localname} {where}{value!r} has no time zone"
        for el in _g2_elements(root)
        for where, value in _date_values(el)
        if _DATE_TIME.match(value) and not _ZONE.search(value)
    ]
    for item in _item_roots(root):
        aliases = declared_aliases(item)
        if aliases is None:
            continue
        for element in _g2_elements(item):
            for attribute, value in _attributes(element):
                problems.extend(
                    f"line {element.sourceline}: QCode {code!r} in @{attribute}: "
                    f"scheme alias {code.split(':', 1)[0]!r} is not declared in a catalog"
                    for code in _qcodes(attribute, value)
                    if code.split(":", 1)[0] not in aliases
                )
    return problems


def _date_values(element: etree._Element) -> Iterator[tuple[str, str]]:
    if element.text and element.text.strip():
        yield "", element.text.strip()
    for attribute, value in _attributes(element):
        yield f"@{attribute} ", value


def _attributes(element: etree._Element) -> list[tuple[str, str]]:
    """Attribute names (Clark notation) and values as text."""
    return [(str(name), str(value)) for name, value in element.attrib.items()]


def _qcodes(attribute: str, value: str) -> list[str]:
    if attribute not in QCODE_ATTRIBUTES:
        return []
    return [code for code in value.split() if _QCODE.match(code)]


def _refuse_remote(uri: str) -> Resource[Any]:
    """Every schema other than the bundled one would need the network: refuse it."""
    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]  # an attrs field


@cache
def ninjs_validator() -> Draft202012Validator:
    """A Draft 2020-12 validator for the bundled ninjs 3.1 schema.

    ``uri`` and ``date-time`` formats are checked by newsconv itself (a zone is required),
    so the check does not depend on optional jsonschema extras.
    """
    text = (_schema_dir("ninjs") / NINJS_SCHEMA).read_text(encoding="utf-8")
    schema = json.loads(text)
    registry: Registry[Any] = Registry(retrieve=_refuse_remote)  # type: ignore[call-arg]
    checker = FormatChecker()
    checker.checks("uri")(lambda value: not isinstance(value, str) or bool(_URI.match(value)))
    checker.checks("date-time")(_is_rfc3339)
    return Draft202012Validator(schema, registry=registry, format_checker=checker)


def _error_path(error: ValidationError) -> list[str]:
    return [str(part) for part in error.absolute_path]


def _is_rfc3339(value: object) -> bool:
    """An RFC 3339 date-time: full date, time and a zone (``Z`` or an offset)."""
    if not isinstance(value, str):
        return True
    if not _RFC3339.match(value):
        return False
    try:
        datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def validate_ninjs(json_text: str | bytes) -> list[str]:
    """Problems of a ninjs 3.1 JSON document; empty when valid."""
    try:
        instance = json.loads(json_text)
    except json.JSONDecodeError as exc:
        return [f"line {exc.lineno}: not valid JSON: {exc.msg}"]
    try:
        errors = sorted(ninjs_validator().iter_errors(instance), key=_error_path)
    except Unresolvable as exc:
        return [f"cannot check offline: {exc} (only the bundled ninjs schema is available)"]
    return [f"{'/'.join(_error_path(error)) or '(root)'}: {error.message}" for error in errors]
