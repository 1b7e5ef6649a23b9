"""``--to html``: one standalone HTML5 page with ``lang``/``dir``, styles inline, figures
embedded as ``data:`` URIs (or copied beside it, or linked: ``-O images=…``).

The page is built to pass the WCAG 2.1 A and AA rules of axe-core: the article sits in a
``main`` landmark, every run in another script carries its ``lang``, and the theme's text
colours keep a contrast of at least 4.5:1 on their backgrounds.
"""

from __future__ import annotations

from typing import ClassVar

from lxml import etree

from ..diagnostics import WriterError
from ..model import Document
from .base import WriterOptions
from .html_images import IMAGE_MODES, IMAGES_OPTION, FigureSources
from .options import WriterOption
from .safety import safe_document
from .xhtml import BodyRenderer, BodyStyle, header_elements

STYLESHEET = """
body { margin: 0 auto; max-width: 42rem; padding: 1.5rem; line-height: 1.7;
  font-family: "Amiri", "Noto Naskh Arabic", "Noto Sans Hebrew", "DejaVu Sans", serif; }
h1 { font-size: 1.9rem; line-height: 1.3; margin: 0 0 .5rem; }
h2 { font-size: 1.3rem; margin: 1.6rem 0 .4rem; }
.nc-subheadline { font-size: 1.2rem; color: #444; margin: 0 0 .5rem; }
.nc-byline, .nc-dateline, .nc-date { color: #555; margin: 0; font-size: .95rem; }
.nc-header { border-bottom: 1px solid #ccc; padding-bottom: .8rem; margin-bottom: 1.2rem; }
.nc-columns { column-count: 2; column-gap: 2rem; column-rule: 1px solid #ddd; margin: 1rem 0; }
.nc-columns > * { margin-top: 0; }
.nc-quote { margin: 1rem 0; padding: .2rem 1rem; border-left: 4px solid #999; color: #333; }
[dir=rtl] .nc-quote { border-left: 0; border-right: 4px solid #999; }
.nc-cite { font-size: .9rem; color: #666; }
.nc-box { background: #f4f1e8; border: 1px solid #d8d0b8; padding: .6rem 1rem; margin: 1rem 0; }
.nc-box-title { margin-top: 0; }
.nc-figure { margin: 1rem 0; }
.nc-figure img { max-width: 100%; height: auto; }
.nc-figure figcaption { font-size: .9rem; color: #555; }
.nc-credit { color: #595959; }
.nc-related { border-top: 2px solid #333; margin-top: 2rem; padding-top: .5rem; }
.nc-related ul { padding: 0 0 0 1.2rem; }
[dir=rtl] .nc-related ul { padding: 0 1.2rem 0 0; }
"""


class HtmlWriter:
    """A standalone, valid HTML5 page: header, body, two-column block as CSS columns."""

    name: ClassVar[str] = "html"
    description: ClassVar[str] = "standalone HTML5 page"
    media_type: ClassVar[str] = "text/html"
    extension: ClassVar[str] = "html"
    binary: ClassVar[bool] = False
    options: ClassVar[tuple[WriterOption, ...]] = (IMAGES_OPTION,)

    def write(self, doc: Document, options: WriterOptions) -> str:
        """The page as text, starting with ``<!DOCTYPE html>``."""
        doc = safe_document(doc, options)
        mode = options.option(IMAGES_OPTION.name, IMAGES_OPTION.default).strip().lower()
        if mode not in IMAGE_MODES:
            raise WriterError(f"images={mode!r} is not one of {', '.join(IMAGE_MODES)}")
        figure_src = FigureSources(doc, options, mode)
        style = BodyStyle(namespace=None, accessible=True, figure_src=figure_src)
        renderer = BodyRenderer(doc, style)
        root = renderer.element("html", lang=doc.lang, dir=doc.dir)
        head = renderer.element("head", root)
        renderer.element("meta", head, charset="utf-8")
        renderer.element(
            "meta", head, name="viewport", content="width=device-width, initial-scale=1"
        )
        renderer.element("title", head).text = doc.meta.headline or options.title or "newsconv"
        if doc.meta.byline:
            renderer.element("meta", head, name="author", content=doc.meta.byline)
        if doc.meta.summary:
            renderer.element("meta", head, name="description", content=doc.meta.summary)
        renderer.element("meta", head, name="generator", content="newsconv")
        renderer.element("style", head).text = STYLESHEET
        body = renderer.element("body", root)
        main = renderer.element("main", body)
        article = renderer.element("article", main)
        header_elements(doc, article, style, derived_headline=False)
        if not len(article[0]):
            article.remove(article[0])  # nothing to head the page but the lead itself
        renderer.render_blocks(article, doc.blocks, doc.dir)
        html = etree.tostring(root, method="html", encoding="unicode")
        return "<!DOCTYPE html>\n" + html + "\n"
