"""The report's look: one theme for every chart, and the axis helpers the stages' charts share.

Every chart has a title that states what it shows and axis labels with units; percentages are
formatted as percentages. The charts themselves live with their stage
(``helpers.stages.<stage>.charts``): one public function per chart, tidy data in, Axes out.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.ticker import (
    FuncFormatter,
    LogLocator,
    NullFormatter,
    NullLocator,
)

from helpers.core.campaign import PLATFORMS
from helpers.text.i18n import Translator, words

PLATFORM_COLOURS = dict(zip(PLATFORMS, ("#c13584", "#111111", "#e62117"), strict=True))


def set_theme() -> None:
    """The playbook's look: clean white grid, readable fonts, crisp inline images."""
    sns.set_theme(style="whitegrid", context="notebook", rc={"figure.dpi": 110})
    plt.rcParams["axes.titleweight"] = "bold"
    # titles sit on top of the Axes, where matplotlib would put them anyway when no tick label
    # is above the Axes; left automatic, it lays the y axis out again for every title in every
    # layout and draw pass (a sixth of the drawing). A chart with tick labels on top makes
    # its Axes and sets their titles under auto_title_position().
    plt.rcParams["axes.titley"] = 1.0
    _describe_charts_to_the_page()


def chart_description(figure) -> str:
    """A chart's alternative text on the report page: its title, or its panels' titles."""
    title = figure.get_suptitle().strip()
    if title:
        return title
    panels = [ax.get_title().strip() for ax in figure.axes if ax.get_visible()]
    return "; ".join(t for t in panels if t)


def _describe_charts_to_the_page() -> None:
    """In a notebook, every chart's PNG goes out with its description (``alt`` in the output's
    metadata), which the report page gives the image as its alternative text."""
    from IPython import get_ipython
    from matplotlib.figure import Figure

    shell = get_ipython()
    if shell is None:
        return
    formatter = shell.display_formatter.formatters["image/png"]
    try:
        png = formatter.lookup_by_type(Figure)
    except KeyError:  # figures are not shown as PNG here
        return
    if getattr(png, "describes_charts", False):
        return

    def described(figure):
        data = png(figure)
        description = chart_description(figure)
        return (data, {"alt": description}) if data is not None and description else data

    described.describes_charts = True
    formatter.for_type(Figure, described)


def auto_title_position():
    """A context to make Axes and set their titles in, for titles that matplotlib lifts above
    tick labels drawn on top (``ax.xaxis.tick_top()``); outside it, titles sit on top of the
    Axes (:func:`set_theme`)."""
    return plt.rc_context({"axes.titley": None})


def thousands(axis, _: Translator | str) -> None:
    """Label an axis with the locale's thousands separators (12,500 or 12 500)."""
    _ = words(_)
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: _.number(value)))


def percent_axis(axis, _: Translator | str) -> None:
    """Label a (log) axis in percentages at 1-2-5 steps, with no scientific notation."""
    _ = words(_)
    axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: _.percent(value)))
    axis.set_minor_formatter(NullFormatter())


def drop_unseen_minor_ticks(ax: Axes) -> Axes:
    """Leave out an Axes' minor ticks where they draw nothing; the picture stays the same.

    A log axis has up to eight minor ticks a decade. Under the theme they have no tick mark and
    no grid line, and with an empty label (``NullFormatter``, or a log formatter over a wide
    range) they show nothing at all, yet matplotlib works out each one again in every layout
    and draw pass of the figure (a third of the drawing time of a chart with two log axes).
    An axis whose minor ticks show a mark, a grid line or a label keeps them. Call it once the
    chart's scales, limits and formatters are set.
    """
    for axis in (ax.xaxis, ax.yaxis):
        if isinstance(axis.get_minor_locator(), NullLocator):
            continue
        places = axis.get_minorticklocs()
        if len(places) and not any(axis.get_minor_formatter().format_ticks(places)):
            tick = axis.get_minor_ticks(1)[0]
            lines = (tick.tick1line, tick.tick2line, tick.gridline)
            if not any(line.get_visible() for line in lines):
                axis.set_minor_locator(NullLocator())
    return ax


def no_data(ax: Axes, title: str, message: str | None = None, _: Translator | str = "en") -> Axes:
    """An empty chart that says why it is empty, instead of no chart at all."""
    message = message or words(_)("No data to show yet")
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, fontsize=12)
    ax.set(title=title, xticks=[], yticks=[])
    return ax


def share_axis(axis, _: Translator | str, decimals: int = 0) -> None:
    """Label an axis of fractions as percentages in the language (``120%``, ``0,50%``)."""
    _ = words(_)
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: _.percent(value, decimals)))


def shown(text: str, _: Translator | str) -> str:
    """A label or machine value of the catalogues (a KPI label, a status) in the language."""
    return words(_).term(text)


def goal_labels(frame: pd.DataFrame, _: Translator | str) -> list[str]:
    """Goal labels for an axis, with the market when the goal is for one market."""
    _ = words(_)
    return [
        f"{_.term(row.label)} ({row.market})" if row.market != "all" else _.term(row.label)
        for row in frame.itertuples()
    ]


def date_axis(axis, _: Translator | str) -> None:
    """Dates on an axis as the language writes them (``08 Feb``, ``08.02.``)."""
    import matplotlib.dates as mdates

    _ = words(_)
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: _.short_day(mdates.num2date(value))))


def short_day(day, _: Translator | str) -> str:
    """A day without the year for an axis: ``08 Feb`` / ``08.02.``."""
    return words(_).short_day(day)


def times(value: float, _: Translator | str) -> str:
    """A multiple on an axis: ``0.25x`` / ``0,25×``."""
    _ = words(_)
    return _("{value}x", value=_.plain_number(value))


PACING_COLOURS = {
    "on track": "#2a9d8f",
    "at risk": "#e9c46a",
    "off track": "#e76f51",
    "met": "#2a9d8f",
    "missed": "#e76f51",
}
