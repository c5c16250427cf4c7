"""The charts of the vetting page: one public function per chart, tidy data in, Axes out."""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from babel.numbers import get_decimal_symbol
from matplotlib.axes import Axes
from matplotlib.ticker import (
    FuncFormatter,
    MaxNLocator,
    NullFormatter,
)

from helpers.core.campaign import PLATFORMS
from helpers.report import theme
from helpers.stages.vetting.thresholds import FIT_WEIGHTS
from helpers.stages.vetting.vocabulary import WEEK_PATTERNS, growth_events
from helpers.text import labels
from helpers.text.i18n import Translator

STATUS_COLOURS = {"shortlisted": "#1a9850", "flagged": "#f39c12", "excluded": "#bdbdbd"}
EVENT_COLOURS = {
    "bought_spike": "#d73027",
    "unexplained_spike": "#d73027",
    "giveaway": "#1a9850",
    "drop": "#4575b4",
}
PLATFORM_NAMES = {"tiktok": "TikTok", "youtube": "YouTube"}
# how the date axis of the growth panels is written where matplotlib's default is not the
# language's (Latvian months as 06.2026.)
MONTH_AXIS = {"lv": "%m.%Y."}


def plot_er_vs_followers(
    candidates: pd.DataFrame, bands: pd.DataFrame, _: Translator
) -> plt.Figure:
    """Engagement rate per follower against followers, one panel per platform: each creator a
    dot coloured by vetting status, each tier's middle half of peers a grey band and the
    published benchmark a black line.

    Parameters
    ----------
    candidates : DataFrame
        Shortlist rows to show (``platform``, ``followers``, ``engagement_rate``, ``status``).
    bands : DataFrame
        :func:`helpers.stages.vetting.engagement_bands` output.
    _ : Translator
        The campaign's translator: the language of the titles, labels and numbers.
    """
    data = candidates.dropna(subset=["engagement_rate", "followers"])
    data = data[(data["engagement_rate"] > 0) & (data["followers"] > 0)]
    title = _(
        "Engagement rate vs followers: grey = middle half of peers per tier, line = "
        "published benchmark"
    )
    if data.empty:
        fig, ax = plt.subplots(figsize=(9, 3.2))
        theme.no_data(ax, title, _("No creator in the campaign's markets and platforms"))
        return fig
    platforms = [p for p in PLATFORMS if p in set(data["platform"])]
    fig, axes = plt.subplots(
        1, len(platforms), figsize=(4.6 * len(platforms), 4.2), squeeze=False, sharey=True
    )
    for ax, platform in zip(axes[0], platforms, strict=True):
        _draw_bands(ax, bands[bands["platform"] == platform])
        _draw_creators(ax, data[data["platform"] == platform], _)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(800, max(2e6, data["followers"].max() * 1.5) if len(data) else 2e6)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: _compact(value, _)))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: _.percent(value, 1)))
        ax.yaxis.set_minor_formatter(NullFormatter())
        name = PLATFORM_NAMES.get(platform, platform.capitalize())
        ax.set(title=name, xlabel=_("Followers (log scale)"))
        ax.legend(fontsize=7, loc="upper right")
        theme.drop_unseen_minor_ticks(ax)
    axes[0][0].set_ylabel(_("Engagement rate per follower (log scale)"))
    fig.suptitle(title, y=1.02)
    fig.tight_layout()
    return fig


def _draw_bands(ax: Axes, bands: pd.DataFrame) -> None:
    """Each tier's middle half of peers (grey) and its published benchmark (black line)."""
    for band in bands.itertuples():
        right = band.max_followers if band.max_followers == band.max_followers else 1e8
        ax.fill_between(
            [band.min_followers, right], band.p25, band.p75, color="#9e9e9e", alpha=0.25, lw=0
        )
        ax.plot([band.min_followers, right], [band.benchmark] * 2, color="black", lw=1.5)


def _draw_creators(ax: Axes, data: pd.DataFrame, _: Translator) -> None:
    """One dot per creator, coloured by status, each status counted in the legend."""
    statuses = labels.vetting_statuses(_)
    for status, colour in STATUS_COLOURS.items():
        chosen = data[data["status"] == status]
        ax.scatter(
            chosen["followers"],
            chosen["engagement_rate"],
            s=14,
            color=colour,
            label=f"{statuses[status]} ({_.number(len(chosen))})",
            alpha=0.85,
            zorder=3,
        )


def _compact(value: float, _: Translator) -> str:
    """1000 -> '1k', 2500000 -> '2.5M' ('2,5M' in Latvian): short labels for log axes of
    follower counts."""
    sign = get_decimal_symbol(_.locale)
    for size, unit in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if value >= size:
            return f"{value / size:g}".replace(".", sign) + unit
    return f"{value:g}".replace(".", sign)


def plot_audience_fit(candidates: pd.DataFrame, _: Translator, top: int = 15) -> Axes:
    """What makes up the audience fit of the best-placed creators: stacked bars of each part's
    weighted contribution (0-1)."""
    parts = {
        "fit_country": _("in target countries"),
        "fit_age": _("in age range"),
        "fit_gender": _("gender match"),
        "fit_interests": _("shared interests"),
        "fit_language": _("language"),
    }
    shown = candidates.sort_values("audience_fit", ascending=False).head(top)
    present = [c for c in parts if c in shown and shown[c].notna().any()]
    total_weight = shown[present].notna().mul([FIT_WEIGHTS[c[4:]] for c in present]).sum(axis=1)
    fig, ax = plt.subplots(figsize=(9, 0.32 * len(shown) + 1.6))
    left = pd.Series(0.0, index=shown.index)
    colours = sns.color_palette("crest", len(present))
    for colour, column in zip(colours, present, strict=True):
        width = shown[column].fillna(0) * FIT_WEIGHTS[column[4:]] / total_weight.replace(0, 1)
        ax.barh(shown["handle"], width, left=left, color=colour, label=parts[column])
        left += width
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: _.number(value, 1)))
    ax.set(
        title=_(
            "Audience fit of the {count} best-fitting creators (0-1, parts weighted)",
            count=_.number(len(shown)),
        ),
        xlabel=_("Audience fit (0 = no fit, 1 = perfect fit)"),
        ylabel="",
    )
    ax.legend(fontsize=8, loc="lower right", ncol=len(present))
    return ax


def plot_quality_distribution(candidates: pd.DataFrame, minimum: float, _: Translator) -> Axes:
    """How audience-quality scores spread, stacked by vetting status, with the campaign's
    minimum as a dashed line."""
    fig, ax = plt.subplots(figsize=(9, 3.6))
    title = _("Audience quality score of the creators who pass discovery")
    data = candidates.dropna(subset=["audience_quality"])
    if data.empty:
        return theme.no_data(ax, title, _("No creator passes discovery"))
    order = [s for s in STATUS_COLOURS if s in set(data["status"])]
    # the legend shows the status in words of the language; the colours stay by status
    shown = labels.vetting_statuses(_)
    status = _("status")
    sns.histplot(
        data=pd.DataFrame(
            {"audience_quality": data["audience_quality"], status: data["status"].map(shown)}
        ),
        x="audience_quality",
        hue=status,
        hue_order=[shown[s] for s in order],
        palette={shown[s]: colour for s, colour in STATUS_COLOURS.items()},
        multiple="stack",
        bins=list(range(0, 105, 5)),
        ax=ax,
    )
    ax.axvline(minimum, color="black", ls="--", lw=1)
    ax.text(
        minimum,
        ax.get_ylim()[1] * 0.95,
        " " + _("minimum {value}", value=_compact(minimum, _)),
        va="top",
        fontsize=8,
    )
    ax.set_xlim(0, 100)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set(
        title=title,
        xlabel=_("Audience quality (0-100)"),
        ylabel=_("Creators (count)"),
    )
    return ax


def plot_growth_curves(curves: pd.DataFrame, events: pd.DataFrame, _: Translator) -> plt.Figure:
    """Weekly followers of flagged accounts, one small panel each, the event week marked.

    Parameters
    ----------
    curves : DataFrame
        :func:`helpers.stages.vetting.growth_curves` output.
    events : DataFrame
        One row per account: ``influencer_id``, ``handle``, ``growth_event``,
        ``growth_event_week``.
    _ : Translator
        The campaign's translator: the language of the titles, labels, numbers and dates.
    """
    count = max(len(events), 1)
    columns = min(3, count)
    rows = -(-count // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(4.2 * columns, 3.0 * rows), squeeze=False)
    for ax, event in zip(axes.flat, events.itertuples(), strict=False):
        series = curves[curves["influencer_id"] == event.influencer_id]
        ax.plot(series["week"], series["followers"], color="#333333", marker="o", ms=2.5)
        ax.set_title(f"{event.handle}\n{_event_title(ax, event, _)}", fontsize=9)
        theme.thousands(ax.yaxis, _)
        if _.language in MONTH_AXIS:
            ax.xaxis.set_major_formatter(mdates.DateFormatter(MONTH_AXIS[_.language]))
        ax.set_ylabel(_("Followers (count)"), fontsize=8)
        ax.tick_params(axis="x", labelsize=7, rotation=30)
        ax.tick_params(axis="y", labelsize=7)
    for ax in list(axes.flat)[len(events) :]:
        ax.set_visible(False)
    fig.suptitle(_("Weekly followers of accounts with a growth event (dashed: event week)"), y=1.01)
    fig.tight_layout()
    return fig


def _event_title(ax: Axes, event, _: Translator) -> str:
    """The event in words and its week (marked with a dashed line in the event's colour)."""
    label = growth_events(_).get(event.growth_event, event.growth_event)
    if pd.isna(event.growth_event_week):
        return label
    week = pd.Timestamp(event.growth_event_week)
    ax.axvline(week, color=EVENT_COLOURS.get(event.growth_event, "black"), ls="--", lw=1.2)
    # ISO in English, as the data files write weeks; the locale's date otherwise
    return _("{event}, week of {day}", event=label, day=week.strftime(WEEK_PATTERNS[_.language]))
