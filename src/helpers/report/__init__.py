"""What a report page shows besides charts: the finding box, formatted tables, source notes.

Notebooks call these so that every stage reads the same way: the finding first, numbers
formatted, sources under every benchmark.
"""

from __future__ import annotations

import html
import math
import re

import pandas as pd
from IPython.display import HTML, Markdown

from helpers.core.campaign import DataFiles
from helpers.text import labels
from helpers.text.i18n import Translator

#: The policy every page carries in a ``<meta>`` tag: nothing from the network (no script, font,
#: stylesheet, frame or fetch), images only inline as data URIs, styles only the page's own.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; "
    "base-uri 'none'; form-action 'none'"
)
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'


def finding(markdown_text: str, label: str = "Finding") -> Markdown:
    """The stage's main finding, shown first on its page (``label`` in the report's language).

    Markdown formatting works; HTML tags do not (``<`` is shown as written), because findings
    quote names from data files: a creator named ``<script>`` must read as text. Values from
    data still go through :func:`text` first (``<`` is not the only Markdown that data must not
    make); a ``<`` that :func:`text` already escaped is left as it is.
    """
    return Markdown(_escape_angles(f"> **{label}.** {markdown_text}"))


#: Runs of line breaks, tabs and other control characters (with the spaces around them): a value
#: from data must never start a new Markdown block, so each run becomes one space.
LINE_BREAKS = re.compile(r"[\x00-\x20\x7f-\x9f\u2028\u2029]+")
#: Every character that can start Markdown or HTML syntax inside a line: emphasis, code, links
#: and images, raw HTML and entities (``<``, ``>``, ``&``), headings, block quotes, list markers,
#: tables, strikethrough, math (``$``), setext underlines (``=``) and autolinks (``:``, ``.``).
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>&#+\-.!|~$=:])")
_ANGLE = re.compile(r"(\\*)<")


def text(value: object) -> str:
    """A value from data (a creator's name, a caption) made safe to put into Markdown.

    Line breaks, tabs and other control characters (with the spaces around them) become one
    space, so the value stays inside the line it is put in; then every Markdown and HTML
    syntax character is backslash-escaped, so that ``Markdown(f"## {report.text(name)}")``
    shows the name as written (``<style>`` as text, ``[x](http://y)`` without a link, ``# x``
    without a heading). A backslash escape reads the same in every renderer (JupyterLab,
    nbconvert's and the report page's), where an entity such as ``&lt;`` would be shown as
    written by the renderers that escape HTML.

    Parameters
    ----------
    value : object
        Any value; ``str(value)`` is escaped.

    Returns
    -------
    str
        Markdown that renders as the value's text, e.g. ``text("a\\n# b_c")`` is
        ``"a \\# b\\_c"``.
    """
    folded = LINE_BREAKS.sub(" ", str(value))
    return MARKDOWN_SPECIALS.sub(r"\\\1", folded)


def _escape_angles(markdown: str) -> str:
    """``<`` backslash-escaped where it is not escaped already (an odd run of backslashes)."""

    def escape(match: re.Match) -> str:
        slashes = match.group(1)
        return match.group(0) if len(slashes) % 2 else f"{slashes}\\<"

    return _ANGLE.sub(escape, markdown)


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
        (:func:`helpers.text.labels.headings`), in the campaign's language, and every text cell
        the catalogues know (a reference table's note, a status) is shown in that language
        (:meth:`~helpers.text.i18n.Translator.term`; the frame itself is not changed).

    Returns
    -------
    pandas.io.formats.style.Styler
    """
    if words is not None:
        vocabulary = labels.headings(words)
        columns = {c: vocabulary[c] for c in frame.columns if c in vocabulary} | (columns or {})
        frame = _terms(frame, words)
    shown = frame.rename(columns=columns or {})
    renamed = {(columns or {}).get(k, k): v for k, v in (formats or {}).items()}
    # cells and headings come from data files: escape them so that a name such as
    # <script>alert(1)</script> shows as text (every column: unformatted ones too)
    styler = shown.style.format(renamed, na_rep="–", escape="html")
    styler = styler.format_index(escape="html", axis=1).format_index(escape="html", axis=0)
    styler = styler.hide(axis="index")
    numbers = [shown.columns[i] for i, c in enumerate(frame.columns) if _is_number(frame[c])]
    if numbers and shown.columns.is_unique:  # right-aligned in the house style (td.number)
        classes = pd.DataFrame("", index=shown.index, columns=shown.columns)
        classes[numbers] = "number"
        styler = styler.set_td_classes(classes)
    if caption:
        styler = styler.set_caption(html.escape(caption))
    return styler


#: a cell already written as a number: "1,234", "12.5%", "2.2x", "EUR 10,369", "10 486 €", "–"
NUMBER_TEXT = re.compile(
    r"^(?:[A-Z]{3}\s)?[-−+]?[\d\s\u00a0\u202f.,]*\d[\d\s\u00a0\u202f.,]*"
    r"(?:\s?%|x|×|\s?[A-Z]{3}|\s?€|\s?\$)?$|^[–-]$"
)


def _terms(frame: pd.DataFrame, words: Translator) -> pd.DataFrame:
    """A copy of ``frame`` with its text cells in the campaign's language where the catalogues
    know them (reference texts); numbers, dates and unknown text as they are."""
    if words.language == "en":
        return frame
    shown = frame.copy()
    for position in range(frame.shape[1]):
        column = frame.iloc[:, position]
        if pd.api.types.is_object_dtype(column) or pd.api.types.is_string_dtype(column):
            shown.iloc[:, position] = column.map(words.term)
    return shown


def _is_number(column: pd.Series) -> bool:
    """Whether a column holds numbers (or numbers already written as text), to right-align."""
    if pd.api.types.is_bool_dtype(column):
        return False
    if pd.api.types.is_numeric_dtype(column):
        return True
    values = column.dropna()
    return len(values) > 0 and values.map(lambda v: bool(NUMBER_TEXT.match(str(v)))).all()


# --- a report built on the fictional sample data says so -----------------------------------


def sample_data_note(data: DataFiles, _: Translator) -> str | None:
    """What a report built on the project's fictional sample data says on every page.

    Parameters
    ----------
    data : DataFiles
        The campaign's data files (``campaign.data``).
    _ : Translator
        The campaign's words.

    Returns
    -------
    str or None
        The note; when the campaign also has files of its own, it names the tables (as written
        under ``data:``) that come from the sample. None when no table comes from the sample:
        the report then shows no note.
    """
    tables = data.named()
    from_sample = [name for name, source in tables.items() if source.is_sample]
    if not from_sample:
        return None
    if len(from_sample) == len(tables):
        return _(
            "Built on the project's fictional sample data: the creators, posts and results are "
            "invented for the demo. Name your own files under data: in the campaign file "
            "(README: Bring your own data)."
        )
    return _(
        "Partly built on the project's fictional sample data, invented for the demo: "
        "{tables} come from the sample. Name your own files under data: in the campaign file "
        "(README: Bring your own data).",
        tables=", ".join(from_sample),
    )


def sample_data_banner(data: DataFiles, _: Translator) -> str:
    """The sample-data note as the banner of a report page (HTML, escaped); ``""`` without one.

    A calm note, not a warning: the page's stylesheet gives ``.banner.sample`` its look, on
    screen, on a phone and in print.
    """
    note = sample_data_note(data, _)
    if note is None:
        return ""
    return (
        f'<p class="banner sample" role="note"><strong>{html.escape(_("Sample data"))}.</strong> '
        f"{html.escape(note)}</p>"
    )


def campaign_heading(campaign, _: Translator, interactive: bool = True) -> None:
    """Show a stage's first line: the campaign's name (escaped, as written; not listed among the
    page's sections); in JupyterLab also the sample-data note, which a report page carries in
    its header instead.

    Parameters
    ----------
    campaign : Campaign
        The campaign.
    _ : Translator
        The campaign's words.
    interactive : bool
        The notebook's ``interactive`` parameter: True in JupyterLab, False under ``playbook run``.
    """
    from IPython.display import display

    # a heading without an anchor: it names the campaign, it is not one of the page's sections
    display(HTML(f'<h2 class="campaign-name">{html.escape(campaign.name)}</h2>'))
    banner = sample_data_banner(campaign.data, _) if interactive else ""
    if banner:
        display(HTML(banner))


def sources(lines: list[str], title: str = "Sources", words: Translator | None = None) -> HTML:
    """The sources of the benchmarks shown just above, as a small note; with the campaign's
    ``words``, each line the catalogues know (a planning assumption's note) in its language."""
    if words is not None:
        lines = [words.term(line) for line in lines]
    items = "".join(f"<li>{html.escape(line)}</li>" for line in dict.fromkeys(lines))
    return HTML(f'<div class="sources"><strong>{html.escape(title)}</strong><ul>{items}</ul></div>')


# --- Results pages (monitoring and ROI) ------------------------------------------------------


def lower_label(label: str) -> str:
    """A label inside a sentence: 'Reach' becomes 'reach', 'CPA' and 'UGC pieces' stay."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def _finite(value: object) -> bool:
    try:
        return value is not None and math.isfinite(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def times(value: float, _: Translator, decimals: int = 2) -> str:
    """A multiple in a sentence or a table: ``2.08x`` / ``2,08×``; a dash when undefined."""
    if not _finite(value):
        return "–"
    return _("{value}x", value=_.number(value, decimals))


def cost_per_result(value: float, currency: str, _: Translator) -> str:
    """A cost per result: two decimals, three under 1 (a CPE of ``EUR 0.014``)."""
    if not _finite(value):
        return "–"
    return _.money(value, currency, 3 if abs(value) < 1 else 2)


def kpi_value(value: float, unit: str, currency: str, _: Translator) -> str:
    """A KPI value as people read it: 1,234,567 / 3.5% / EUR 19.50 / 2.20x (``1 234 567``,
    ``3,5%``, ``19,50 €``, ``2,20×`` in Latvian); ``unit`` is how the KPI is shown (count, rate,
    money, multiple); money with no currency is a plain number with two decimals."""
    if not _finite(value):
        return "–"
    if unit in ("rate", "fraction"):
        return _.percent(value, 1)
    if unit == "money":
        return cost_per_result(value, currency, _) if currency else _.number(value, 2)
    if unit in ("multiple", "ratio"):
        return times(value, _)
    return _.number(value)


def data_checks(read: dict, currency: str, _: Translator) -> list:
    """The data checks of the results file for a page: the rows to fix (or that every row
    passed) and the currency conversions used.

    Parameters
    ----------
    read : dict
        :func:`helpers.stages.monitoring.read_results` output (``checks``, ``fx``,
        ``raw_rows``).
    currency : str
        The campaign currency.
    _ : Translator
        The campaign's words.

    Returns
    -------
    list
        Tables and Markdown to ``display(*...)`` in order.
    """
    checks, fx = read["checks"], read["fx"]
    if len(checks):
        shown = [
            table(
                checks,
                caption=_("Rows to fix in the results file"),
                columns={"post_id": _("post"), "influencer_id": _("creator id")},
                words=_,
            )
        ]
    else:
        passed = _(
            "All {count} rows of the results file passed the checks.",
            count=_.number(read["raw_rows"]),
        )
        shown = [Markdown(passed)]
    if len(fx):
        caption = _(
            "Money converted to {currency} at the reference rate of its day", currency=currency
        )
        formats = {"rate": _.as_number(4), "rate_date": _.date}
        columns = {"rate": _("exchange rate")}
        shown.append(table(fx, formats, caption, columns, words=_))
    return shown
