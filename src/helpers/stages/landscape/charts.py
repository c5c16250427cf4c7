"""The charts of the market landscape page: one public function per chart, tidy data in, Axes
out, every word in the campaign's language (``_``)."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from helpers.core.campaign import PLATFORMS, TIERS
from helpers.report import theme
from helpers.text.i18n import Translator

PANEL = 3.2  # inches: each market's panel is this wide and high


def plot_market_mix(mix: pd.DataFrame, _: Translator) -> Figure:
    """Creators per tier and platform, one panel per market (at most four to a row).

    The panels are plain Axes on one figure, laid out once (seaborn's ``catplot`` would lay the
    figure out twice, once more for its legend).

    Parameters
    ----------
    mix : DataFrame
        ``market``, ``platform``, ``tier``, ``creators`` (see
        :func:`helpers.stages.landscape.market_mix`).
    _ : Translator
        The campaign's words.

    Returns
    -------
    Figure
        Its axes in market order, its platform legend in ``figure.legends`` (one panel saying
        so when no creator is in the campaign's markets).
    """
    title = _("Creators on the roster by market, tier and platform")
    if mix.empty or not mix["creators"].sum():
        fig, ax = plt.subplots(figsize=(9, 3.2))
        return theme.no_data(
            ax, title, _("No creator on the roster in the campaign's markets")
        ).figure
    markets = list(mix["market"].unique())
    per_row = min(4, len(markets))
    rows = math.ceil(len(markets) / per_row)
    fig, axes = plt.subplots(
        rows, per_row, figsize=(PANEL * per_row, PANEL * rows), sharex=True, sharey=True
    )
    axes = np.atleast_1d(axes).ravel()
    platforms = _platforms(mix)  # every panel's bars in the same order and colours
    for i, market in enumerate(markets):
        ax = axes[i]
        sns.barplot(
            data=mix[mix["market"] == market],
            x="tier",
            y="creators",
            hue="platform",
            order=list(TIERS),
            hue_order=platforms,
            palette=theme.PLATFORM_COLOURS,
            errorbar=None,  # one count per bar: no interval to bootstrap
            legend=i == 0,
            ax=ax,
        )
        ax.set_title(market, size=plt.rcParams["axes.labelsize"])
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        lowest = i + per_row >= len(markets)  # no panel under it: its tiers are named
        ax.xaxis.set_tick_params(labelbottom=lowest)
        ax.xaxis.label.set_visible(lowest)
        ax.set_xlabel(_("Tier (by followers)") if lowest else "")
        ax.set_ylabel(_("Creators (count)") if i % per_row == 0 else "")
        sns.despine(ax=ax)
    for ax in axes[len(markets) :]:
        ax.remove()
    handles, names = axes[0].get_legend_handles_labels()
    if axes[0].get_legend() is not None:  # one legend for the figure, beside the panels
        axes[0].get_legend().remove()
    fig.legend(
        handles,
        names,
        title=_("Platform"),
        loc="center left",
        bbox_to_anchor=(1, 0.5),
        frameon=False,
    )
    fig.tight_layout()
    fig.suptitle(title, y=1.04)  # above the panels' titles, outside the layout
    return fig


def plot_engagement_vs_benchmark(
    profiled: pd.DataFrame, engagement: pd.DataFrame, _: Translator
) -> Axes:
    """Engagement rate per follower by tier and platform (boxes) against published benchmarks
    (black diamonds).

    Parameters
    ----------
    profiled : DataFrame
        Creators with ``platform``, ``tier``, ``engagement_rate``.
    engagement : DataFrame
        :func:`helpers.stages.landscape.engagement_by_tier` output (benchmarks).
    _ : Translator
        The campaign's words and percentages.
    """
    fig, ax = plt.subplots(figsize=(9, 4.2))
    title = _("Engagement rate per follower vs published benchmark (◆)")
    data = profiled.dropna(subset=["tier", "engagement_rate"])
    data = data[data["engagement_rate"] > 0]  # a log axis cannot show zero
    if data.empty:
        return theme.no_data(ax, title, _("No creator with an engagement rate to compare"))
    hue_order = _platforms(data)
    sns.boxplot(**_by_tier(data, "engagement_rate", ax), showfliers=False)
    _mark_benchmarks(ax, engagement, hue_order)
    ax.set_xlim(-0.5, len(TIERS) - 0.5)  # the markers must not move the category axis
    ax.set_yscale("log")
    theme.percent_axis(ax.yaxis, _)
    ax.set(
        title=title,
        xlabel=_("Tier (by followers)"),
        ylabel=_("Engagement rate per follower (log scale)"),
    )
    ax.legend(title=_("Platform"), loc="upper right")
    return theme.drop_unseen_minor_ticks(ax)


def _platforms(data: pd.DataFrame) -> list[str]:
    """The platforms in the data, in the playbook's order (one colour each)."""
    return [p for p in PLATFORMS if p in set(data["platform"])]


def _by_tier(data: pd.DataFrame, y: str, ax: Axes) -> dict:
    """seaborn's arguments for one value per tier (x) and platform (colour)."""
    return {
        "data": data,
        "x": "tier",
        "y": y,
        "hue": "platform",
        "order": list(TIERS),
        "hue_order": _platforms(data),
        "palette": theme.PLATFORM_COLOURS,
        "ax": ax,
    }


def _mark_benchmarks(ax: Axes, engagement: pd.DataFrame, hue_order: list[str]) -> None:
    """Diamonds at the centre of each box: seaborn dodges hue levels across 0.8 of a slot. A
    tier without a benchmark of the same definition has no diamond."""
    width = 0.8 / max(len(hue_order), 1)
    for row in engagement.dropna(subset=["benchmark_engagement_rate"]).itertuples():
        if row.platform in hue_order:
            x = TIERS.index(str(row.tier)) + (hue_order.index(row.platform) + 0.5) * width - 0.4
            ax.scatter(x, row.benchmark_engagement_rate, marker="D", color="black", zorder=5)


def plot_fee_ranges(fees: pd.DataFrame, currency: str, _: Translator) -> Axes:
    """Median quoted fee per tier and platform (bars) against the published range (lines)."""
    fig, ax = plt.subplots(figsize=(9, 4.2))
    title = _("Median quoted fee per sponsored post ({currency})", currency=currency)
    if fees.empty:
        return theme.no_data(ax, title, _("No creator here has quoted a fee"))
    sns.barplot(**_by_tier(fees, "median_quoted_fee", ax), errorbar=None)  # one median a bar
    ax.set_yscale("log")
    theme.thousands(ax.yaxis, _)
    ax.set(
        title=title,
        xlabel=_("Tier (by followers)"),
        ylabel=_("Fee per post ({currency}, log scale)", currency=currency),
    )
    ax.legend(title=_("Platform"))
    return theme.drop_unseen_minor_ticks(ax)
