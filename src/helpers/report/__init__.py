"""What a report page shows besides charts: the finding box, formatted tables, source notes.

Notebooks call these so that every stage reads the same way: the finding first, numbers
formatted, sources under every benchmark.
"""

from __future__ import annotations

import html
import re

import pandas as pd
from IPython.display import HTML, Markdown

from helpers.text import labels
from helpers.text.i18n import Translator


def finding(markdown_text: str, label: str = "Finding") -> Markdown:
    """The stage's main finding, shown first on its page (``label`` in the report's language).

    Markdown formatting works; HTML tags do not (``<`` is shown as written), because findings
    quote names from data files: a creator named ``<script>`` must read as text.
    """
    return Markdown(f"> **{label}.** {markdown_text}".replace("<", "&lt;"))


MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def text(value: object) -> str:
    """A value from data (a creator's name, a caption) made safe to put into Markdown.

    HTML is escaped and Markdown syntax characters are backslash-escaped, so that
    ``Markdown(f"## {report.text(campaign.name)}")`` shows the name exactly as written.
    """
    escaped = str(value).replace("&", "&amp;").replace("<", "&lt;")
    return MARKDOWN_SPECIALS.sub(r"\\\1", escaped)


def table(
    frame: pd.DataFrame,
    formats: dict[str, str] | None = None,
    caption: str | None = None,
    columns: dict[str, str] | None = None,
    words: Translator | None = None,
):
    """A table for people: no index, numbers formatted, columns renamed to plain words.

    Parameters
    ----------
    frame : DataFrame
        The data.
    formats : dict, optional
        Column name to format string, e.g. ``{"engagement_rate": "{:.2%}"}``.
    caption : str, optional
        Shown above the table.
    columns : dict, optional
        Column name to the heading shown, for headings that say more than the column's name.
    words : Translator, optional
        The campaign's translator: every other column is headed by its word in the vocabulary
        (:func:`helpers.text.labels.headings`), in the campaign's language.

    Returns
    -------
    pandas.io.formats.style.Styler
    """
    if words is not None:
        vocabulary = labels.headings(words)
        columns = {c: vocabulary[c] for c in frame.columns if c in vocabulary} | (columns or {})
    shown = frame.rename(columns=columns or {})
    renamed = {(columns or {}).get(k, k): v for k, v in (formats or {}).items()}
    # cells and headings come from data files: escape them so that a name such as
    # <script>alert(1)</script> shows as text (every column: unformatted ones too)
    styler = shown.style.format(renamed, na_rep="–", escape="html")
    styler = styler.format_index(escape="html", axis=1).format_index(escape="html", axis=0)
    styler = styler.hide(axis="index")
    if caption:
        styler = styler.set_caption(html.escape(caption))
    return styler


def sources(lines: list[str], title: str = "Sources") -> HTML:
    """The sources of the benchmarks shown just above, as a small note."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in dict.fromkeys(lines))
    return HTML(f'<div class="sources"><strong>{html.escape(title)}</strong><ul>{items}</ul></div>')
