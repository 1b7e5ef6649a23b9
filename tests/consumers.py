"""Real ingest code of other systems, loaded to read what newsconv writes.

Superdesk's feed parsers come from the ``superdesk-core`` distribution, installed without
its dependencies (it does not install with them on current Python): the parser modules
run unchanged, and only the framework pieces they import are stood in for here — the
application context and its config, the feed-parser registry, resource and error classes
that need a database. Everything else they import is their own code (``superdesk.etree``,
``superdesk.text_utils``, ``superdesk.utc``, ``superdesk.metadata``, ``superdesk.io.iptc``).
"""

from __future__ import annotations

import ast
import enum
import importlib
import importlib.util
import json
import re
import sys
import types
from pathlib import Path
from typing import Any

_PARSERS = ("newsml_2_0", "nitf", "ninjs")
"""The Superdesk parser modules the tests run."""
_REGISTRATION = re.compile(r"^from superdesk\.io\.feed_parsers\.(\w+) import (\w+)", re.MULTILINE)


def superdesk_folder() -> Path | None:
    """Where the ``superdesk`` package files are, without importing it (None: not installed)."""
    spec = importlib.util.find_spec("superdesk")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _module(name: str, path: Path | None = None, **attrs: Any) -> types.ModuleType:
    module = types.ModuleType(name)
    if path is not None:
        module.__path__ = [str(path)]
    for key, value in attrs.items():
        setattr(module, key, value)
    return module


def _setting(folder: Path, name: str) -> Any:
    """A constant from Superdesk's own ``default_settings.py``, read without running it."""
    tree = ast.parse((folder / "default_settings.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise LookupError(name)


class _Config(dict[str, Any]):
    """Eve's config inside an application context: keys as attributes too, None when unset."""

    def __getattr__(self, name: str) -> Any:
        return self.get(name)


class _App:
    """The application context the parsers look things up in."""

    def __init__(self, config: _Config) -> None:
        self.config = config
        self.subjects: dict[str, str] = {}


class _ParserErrorType(type):
    def __getattr__(cls, name: str) -> Any:  # ParserError.nitfParserError(exc, provider)…
        def build(exception: BaseException | None = None, provider: object = None) -> Exception:
            return cls(f"{name}: {exception!r}")

        return build


class _ParserError(Exception, metaclass=_ParserErrorType):
    """Stands for ``superdesk.errors.ParserError`` (whose module needs Eve and Elastic)."""


class _SkipValue(Exception):
    """Stands for ``superdesk.errors.SkipValue``."""


class _Resource:
    """Stands for ``superdesk.resource.Resource`` (a database resource)."""

    @staticmethod
    def rel(resource: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """A schema relation: only its shape matters here."""
        return {"type": "objectid", "data_relation": {"resource": resource}}


_EVE_DEFAULTS = {
    "ID_FIELD": "_id",
    "LAST_UPDATED": "_updated",
    "DATE_CREATED": "_created",
    "ETAG": "_etag",
    "VERSION": "_current_version",
    "LATEST_VERSION": "_latest_version",
}
"""Eve's documented defaults for the field names Superdesk's schemas use."""


def _framework(folder: Path) -> dict[str, types.ModuleType]:
    """The stand-ins, by module name."""
    config = _Config(
        HTML_TAGS_WHITELIST=_setting(folder, "HTML_TAGS_WHITELIST"),
        QCODE_MISSING_VOC="continue",
        JAPANESE_CHARACTERS_PER_MINUTE=_setting(folder, "JAPANESE_CHARACTERS_PER_MINUTE"),
        **_EVE_DEFAULTS,
    )
    app = _App(config)
    schema_names = (
        "not_analyzed",
        "not_indexed",
        "not_enabled",
        "text_with_keyword",
        "not_dynamic",
        "string_with_analyzer",
    )
    no_schema: dict[str, Any] = {name: {} for name in schema_names}
    return {
        "flask": _module("flask", current_app=app),
        "eve": _module("eve", path=folder),
        "eve.utils": _module("eve.utils", config=config),
        "superdesk": _module(
            "superdesk",
            path=folder,
            app=app,
            config=config,
            json=json,
            get_resource_service=_no_database,
            Resource=_Resource,
            Service=object,
        ),
        "superdesk.io": _module("superdesk.io", path=folder / "io"),
        "superdesk.errors": _module(
            "superdesk.errors", ParserError=_ParserError, SkipValue=_SkipValue
        ),
        "superdesk.io.registry": _module(
            "superdesk.io.registry", register_feed_parser=lambda name, parser: None
        ),
        "superdesk.resource": _module("superdesk.resource", Resource=_Resource, **no_schema),
        "superdesk.utils": _module("superdesk.utils", SuperdeskBaseEnum=enum.Enum),
    }


def _no_database(name: str) -> Any:
    raise LookupError(f"no {name} service: the tests run the parsers without a database")


def _other_parsers(folder: Path) -> dict[str, types.ModuleType]:
    """Stand-ins for the parser modules the package imports only to register them."""
    source = (folder / "io" / "feed_parsers" / "__init__.py").read_text(encoding="utf-8")
    return {
        f"superdesk.io.feed_parsers.{module}": _module(
            f"superdesk.io.feed_parsers.{module}", **{cls: type(cls, (), {})}
        )
        for module, cls in _REGISTRATION.findall(source)
        if module not in _PARSERS
    }


class Superdesk:
    """Superdesk's NewsML-G2, NITF and ninjs ingest parsers, loaded once."""

    def __init__(self, folder: Path) -> None:
        stand_ins = {**_framework(folder), **_other_parsers(folder)}
        self._saved = {name: sys.modules.get(name) for name in stand_ins}
        sys.modules.update(stand_ins)
        parsers = importlib.import_module("superdesk.io.feed_parsers")
        iptc = importlib.import_module("superdesk.io.iptc")
        stand_ins["superdesk"].app.subjects = dict(iptc.subject_codes)
        self.newsml = parsers.NewsMLTwoFeedParser()
        self.nitf = importlib.import_module("superdesk.io.feed_parsers.nitf").NITFFeedParser()
        self.ninjs = importlib.import_module("superdesk.io.feed_parsers.ninjs").NINJSFeedParser()

    def forget(self) -> None:
        """Take Superdesk's modules and the stand-ins out of ``sys.modules`` again."""
        for name in [name for name in sys.modules if _is_ours(name)]:
            del sys.modules[name]
        for name, module in self._saved.items():
            if module is not None:
                sys.modules[name] = module


def _is_ours(name: str) -> bool:
    return name == "superdesk" or name.startswith(("superdesk.", "eve", "flask"))


def html_words(markup: str) -> list[str]:
    """The words of an HTML fragment (see :func:`element_words`)."""
    from lxml import html

    if not markup.strip():
        return []
    return element_words(html.fragment_fromstring(markup, create_parent="div"))


def element_words(root: Any) -> list[str]:
    """The words of an element, elements' edges counting as spaces only where they end a
    block (``p``, ``li``…) or are a line break, so ``a<b>b</b>`` stays one word."""
    import copy

    from lxml import etree

    root = copy.deepcopy(root)
    for element in root.iter():
        if isinstance(element.tag, str) and etree.QName(element).localname in _BREAKING:
            element.tail = " " + (element.tail or "")
            element.text = " " + (element.text or "")
    return "".join(root.itertext()).split()


_BREAKING = frozenset(
    """p h1 h2 h3 h4 h5 h6 li ul ol div aside blockquote figure figcaption br block hl1 hl2
    bq credit media media-caption media-producer media-reference pre header""".split()  # noqa: SIM905
)
