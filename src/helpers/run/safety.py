"""What makes a report page safe to open: cells' output HTML sanitised, their Markdown rendered
as text, and a Content-Security-Policy that forbids every network load.

Stage notebooks escape data themselves (``helpers.report``); this is the second line of defence,
for anything that slips through: a page never runs a script, never loads a byte from the network
and never takes styling from a cell's output (the report's own stylesheet lives in the template).
"""

from __future__ import annotations

import html
import threading

from helpers.report import CONTENT_SECURITY_POLICY, CSP_META  # noqa: F401 (the pages use them)

SAFE_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "time", "tr", "u", "ul",
}  # fmt: skip
SAFE_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "scope", "headers"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start"},
}
DROPPED_WITH_CONTENT = {"script", "style", "template", "noscript", "iframe", "object", "svg"}
_local = threading.local()


def _attribute(tag: str, name: str, value: str) -> str | None:
    """Images only from inside the page; links never to scripts or data."""
    if name == "src":
        return value if tag == "img" and value.startswith("data:image/") else None
    return value


def safe_html(markup: str) -> str:
    """Cell output HTML made safe to open: no scripts, styles, event handlers or remote loads.

    Parameters
    ----------
    markup : str
        HTML from a cell's output (tables, the sources note, charts as images).

    Returns
    -------
    str
        The markup with only the tags and attributes of :data:`SAFE_TAGS` and
        :data:`SAFE_ATTRIBUTES`: ``<script>`` and ``<style>`` are dropped with their content,
        other tags are dropped and their text kept, ``style`` attributes and author CSS never
        pass, and images are kept only as ``data:image/`` URIs.
    """
    import nh3

    return nh3.clean(
        str(markup),
        tags=SAFE_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=SAFE_ATTRIBUTES,
        attribute_filter=_attribute,
        url_schemes={"http", "https", "mailto", "data"},
        strip_comments=True,
        link_rel="noopener noreferrer",
    )


def markdown_output_html(source: str) -> str:
    """A cell's Markdown output as HTML where everything from data stays text.

    Raw HTML is shown as written, a link shows its text only, an image its description, and
    bare URLs are not turned into links: the page links nowhere that data chose. Headings keep
    their ids, so that the page's contents can link to them.
    """
    return safe_html(_markdown().render(str(source)))


def _markdown():
    if not _local.__dict__.get("markdown"):
        from nbconvert.filters.markdown_mistune import (
            IPythonRenderer,
            MarkdownWithMath,
            import_plugin,
        )

        class TextOnlyRenderer(IPythonRenderer):
            def link(self, text: str, url: str, title: str | None = None) -> str:
                return text

            def image(self, text: str, url: str, title: str | None = None) -> str:
                return html.escape(text)

        plugins = [p for p in MarkdownWithMath.DEFAULT_PLUGINS if p != "url"]
        _local.markdown = MarkdownWithMath(
            renderer=TextOnlyRenderer(escape=True, allow_harmful_protocols=False),
            plugins=[import_plugin(name) for name in plugins],
        )
    return _local.markdown
