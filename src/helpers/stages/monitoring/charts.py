"""The charts of the monitoring page: one public function per chart, tidy data in, Axes out."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import (
    FuncFormatter,
    NullFormatter,
)

from helpers.report import theme
from helpers.text.i18n import Translator


def plot_pacing(pacing: pd.DataFrame, _: Translator) -> Axes:
    """Each goal's projected end value as a share of its target (bar), with the likely range
    (line: the middle 80% of simulated finishes) and the target (dashed line at 100%).

    Parameters
    ----------
    pacing : DataFrame
        :func:`helpers.stages.monitoring.pacing` output.
    _ : Translator
        The campaign's words: titles, labels and statuses.
    """
    import numpy as np

    from helpers.stages.monitoring.projections import attainment

    shown = pacing[pacing["status"].isin(["on track", "at risk", "off track"])].copy()
    fig, ax = plt.subplots(figsize=(9, 0.8 + 0.7 * max(len(shown), 1)))
    title = _("Goals projected to the end of the campaign (share of target)")
    if shown.empty:
        return theme.no_data(ax, title, _=_)
    labels = theme.goal_labels(shown, _)
    ends = {
        name: [
            attainment(v, t, lower)
            for v, t, lower in zip(
                shown[column], shown["target"], shown["lower_is_better"], strict=True
            )
        ]
        for name, column in (
            ("mid", "projected_end"),
            ("low", "projected_low"),
            ("high", "projected_high"),
        )
    }
    # for costs a higher value is a lower attainment, so the range's ends swap
    low = np.fmin(ends["low"], ends["high"])
    high = np.fmax(ends["low"], ends["high"])
    y = np.arange(len(shown))
    ax.barh(y, ends["mid"], color=[theme.PACING_COLOURS[s] for s in shown["status"]], height=0.5)
    ax.hlines(y, low, high, color="black", linewidth=2)
    ax.axvline(1.0, color="black", linestyle="--", linewidth=1)
    for yy, value, status in zip(y, ends["mid"], shown["status"], strict=True):
        text = f"{_.percent(value, 0)} · {theme.shown(status, _)}"
        ax.text(max(value, 0) + 0.02, yy + 0.3, text, va="center", fontsize=9)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    theme.share_axis(ax.xaxis, _)
    ax.set_xlim(0, max(1.3, float(np.nanmax(high)) * 1.15))
    ax.set(
        title=title,
        xlabel=_("Projected end value as a share of the target (%; 100% = met)"),
    )
    return ax


def plot_cumulative(path: pd.DataFrame, label: str, target: float | None, _: Translator) -> Axes:
    """A summed KPI day by day so far against the straight line to its target.

    Parameters
    ----------
    path : DataFrame
        :func:`helpers.stages.monitoring.cumulative_path` output.
    label : str
        The KPI's name, e.g. "Reach" (translated when a catalogue knows it).
    target : float, optional
        The goal, drawn as the straight line's end.
    _ : Translator
        The campaign's words: titles, labels and dates.
    """
    label = theme.shown(label, _)
    fig, ax = plt.subplots(figsize=(9, 4))
    ax.plot(path["day"], path["actual"], color="#264653", linewidth=2.5, label=_("so far"))
    if target is not None:
        ax.plot(
            path["day"],
            path["straight_line"],
            color="grey",
            linestyle="--",
            label=_("straight line to the target of {target}", target=_.number(target)),
        )
    ax.set_ylim(bottom=0)
    theme.thousands(ax.yaxis, _)
    theme.date_axis(ax.xaxis, _)
    ax.set(
        title=_("{kpi}: so far against the straight line to the target", kpi=label),
        xlabel=_("Day of the campaign"),
        ylabel=_("{kpi} (cumulative count)", kpi=label),
    )
    ax.legend(loc="upper left")
    fig.autofmt_xdate()
    return ax


def plot_value_index(table: pd.DataFrame, result: str, _: Translator) -> Axes:
    """Each creator's result against what their fee buys at the campaign's average rate
    (1x = average; log scale), coloured by status.

    Parameters
    ----------
    table : DataFrame
        :func:`helpers.stages.monitoring.performance` at the creator level.
    result : str
        The objective's result, e.g. "reach".
    _ : Translator
        The campaign's words: titles and labels.
    """
    import numpy as np

    shown = table[np.isfinite(table["index"]) & (table["index"] > 0)]
    fig, ax = plt.subplots(figsize=(9, 0.8 + 0.35 * max(len(shown), 1)))
    title = _(
        "Each creator's {result} so far against what was expected (1x = as expected)",
        result=theme.shown(result, _),
    )
    if shown.empty:
        return theme.no_data(ax, title, _=_)
    colours = {
        "over-performing": "#2a9d8f",
        "as expected": "#8d99ae",
        "under-performing": "#e76f51",
    }
    ax.barh(
        shown["handle"], shown["index"], color=[colours.get(s, "#8d99ae") for s in shown["status"]]
    )
    ax.axvline(1.0, color="black", linestyle="--", linewidth=1)
    ax.set_xscale("log")
    low, high = float(shown["index"].min()), float(shown["index"].max())
    ticks = [t for t in (0.01, 0.03, 0.1, 0.25, 0.5, 1, 2, 4, 10, 30) if low / 2 <= t <= high * 2]
    ax.set_xticks(ticks)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: theme.times(v, _)))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.invert_yaxis()
    ax.set(
        title=title,
        xlabel=_("Result / expected (x, log scale; 1x = as expected)"),
        ylabel="",
    )
    return theme.drop_unseen_minor_ticks(ax)
