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
)

from helpers.core.campaign import PLATFORMS
from helpers.text.i18n import translator

PLATFORM_COLOURS = dict(zip(PLATFORMS, ("#c13584", "#111111", "#e62117"), strict=True))


def set_theme() -> None:
    """The playbook's look: clean white grid, readable fonts, crisp inline images."""
    sns.set_theme(style="whitegrid", context="notebook", rc={"figure.dpi": 110})
    plt.rcParams["axes.titleweight"] = "bold"


def thousands(axis, language: str = "en") -> None:
    """Label an axis with the locale's thousands separators (12,500 or 12 500)."""
    _ = translator(language)
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: _.number(value)))


def percent_axis(axis, language: str = "en") -> None:
    """Label a (log) axis in percentages at 1-2-5 steps, with no scientific notation."""
    _ = translator(language)
    axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: _.percent(value)))
    axis.set_minor_formatter(NullFormatter())


def no_data(ax: Axes, title: str, message: str | None = None, language: str = "en") -> Axes:
    """An empty chart that says why it is empty, instead of no chart at all."""
    message = message or translator(language)("No data to show yet")
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, fontsize=12)
    ax.set(title=title, xticks=[], yticks=[])
    return ax


def share_axis(axis, language: str = "en", decimals: int = 0) -> None:
    """Label an axis of fractions as percentages in the language (``120%``, ``0,50%``)."""
    _ = translator(language)
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: _.percent(value, decimals)))


def shown(text: str, language: str) -> str:
    """A label or machine value of the catalogues (a KPI label, a status) in the language."""
    from helpers.stages.roi import in_language

    return in_language(text, language)


def goal_labels(frame: pd.DataFrame, language: str) -> list[str]:
    """Goal labels for an axis, with the market when the goal is for one market."""
    return [
        f"{shown(row.label, language)} ({row.market})"
        if row.market != "all"
        else shown(row.label, language)
        for row in frame.itertuples()
    ]


def date_axis(axis, language: str = "en") -> None:
    """Dates on an axis as the language writes them (``08.02.`` in Latvian); matplotlib's own
    labels in English."""
    if language == "en":
        return
    import matplotlib.dates as mdates

    axis.set_major_formatter(
        FuncFormatter(lambda value, _pos: short_day(mdates.num2date(value), language))
    )


def short_day(day, language: str = "en") -> str:
    """A day without the year for an axis: ``08 Feb`` / ``08.02.``."""
    if language == "en":
        return f"{day:%d %b}"
    from babel.dates import format_date

    return format_date(day, "dd.MM.", locale=translator(language).locale)


def times(value: float, language: str) -> str:
    """A multiple on an axis: ``0.25x`` / ``0,25×``."""
    _ = translator(language)
    text = f"{value:g}"
    decimals = len(text.split(".")[1]) if "." in text else 0
    return _("{value}x", value=_.number(value, decimals))


PACING_COLOURS = {
    "on track": "#2a9d8f",
    "at risk": "#e9c46a",
    "off track": "#e76f51",
    "met": "#2a9d8f",
    "missed": "#e76f51",
}
