"""What a report page shows besides charts: the finding box, formatted tables, source notes.

Notebooks call these so that every stage reads the same way: the finding first, numbers
formatted, sources under every benchmark.
"""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML, Markdown


def finding(markdown_text: str, label: str = "Finding") -> Markdown:
    """The stage's main finding, shown first on its page (``label`` in the report's language)."""
    return Markdown(f"> **{label}.** {markdown_text}")


def table(
    frame: pd.DataFrame,
    formats: dict[str, str] | None = None,
    caption: str | None = None,
    columns: dict[str, str] | None = None,
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
        Column name to the heading shown.

    Returns
    -------
    pandas.io.formats.style.Styler
    """
    shown = frame.rename(columns=columns or {})
    renamed = {(columns or {}).get(k, k): v for k, v in (formats or {}).items()}
    styler = shown.style.format(renamed, na_rep="–").hide(axis="index")
    if caption:
        styler = styler.set_caption(caption)
    return styler


def sources(lines: list[str], title: str = "Sources") -> HTML:
    """The sources of the benchmarks shown just above, as a small note."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in dict.fromkeys(lines))
    return HTML(f'<div class="sources"><strong>{html.escape(title)}</strong><ul>{items}</ul></div>')
