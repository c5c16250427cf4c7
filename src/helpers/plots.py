"""The charts the notebooks share: one public function per chart, tidy data in, Axes out.

Every chart has a title that states what it shows and axis labels with units; percentages are
formatted as percentages.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.ticker import (
    FuncFormatter,
    LogLocator,
    MaxNLocator,
    NullFormatter,
)

from helpers.core.campaign import PLATFORMS, TIERS
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


def plot_market_mix(mix: pd.DataFrame, language: str = "en") -> sns.FacetGrid:
    """Creators per tier and platform, one panel per market.

    Parameters
    ----------
    mix : DataFrame
        ``market``, ``platform``, ``tier``, ``creators`` (see
        :func:`helpers.landscape.market_mix`).
    """
    grid = sns.catplot(
        data=mix,
        x="tier",
        y="creators",
        hue="platform",
        col="market",
        kind="bar",
        order=list(TIERS),
        hue_order=[p for p in PLATFORMS if p in set(mix["platform"])],
        palette=PLATFORM_COLOURS,
        height=3.2,
        aspect=1.0,
        col_wrap=min(4, mix["market"].nunique()),
    )
    _ = translator(language)
    grid.set_axis_labels(_("Tier (by followers)"), _("Creators (count)"))
    for ax in grid.axes.flat:
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    grid.set_titles("{col_name}")
    grid.figure.suptitle(_("Creators on the roster by market, tier and platform"), y=1.04)
    return grid


def plot_engagement_vs_benchmark(
    profiled: pd.DataFrame, engagement: pd.DataFrame, language: str = "en"
) -> Axes:
    """Engagement rate per follower by tier and platform (boxes) against published benchmarks
    (black diamonds).

    Parameters
    ----------
    profiled : DataFrame
        Creators with ``platform``, ``tier``, ``engagement_rate``.
    engagement : DataFrame
        :func:`helpers.landscape.engagement_by_tier` output (benchmarks).
    """
    fig, ax = plt.subplots(figsize=(9, 4.2))
    data = profiled.dropna(subset=["tier", "engagement_rate"])
    data = data[data["engagement_rate"] > 0]  # a log axis cannot show zero
    hue_order = [p for p in PLATFORMS if p in set(data["platform"])]
    sns.boxplot(
        data=data,
        x="tier",
        y="engagement_rate",
        hue="platform",
        order=list(TIERS),
        hue_order=hue_order,
        palette=PLATFORM_COLOURS,
        showfliers=False,
        ax=ax,
    )
    _mark_benchmarks(ax, engagement, hue_order)
    ax.set_xlim(-0.5, len(TIERS) - 0.5)  # the markers must not move the category axis
    ax.set_yscale("log")
    percent_axis(ax.yaxis, language)
    _ = translator(language)
    ax.set(
        title=_("Engagement rate per follower vs published benchmark (◆)"),
        xlabel=_("Tier (by followers)"),
        ylabel=_("Engagement rate per follower (log scale)"),
    )
    ax.legend(title=_("Platform"), loc="upper right")
    return ax


def _mark_benchmarks(ax: Axes, engagement: pd.DataFrame, hue_order: list[str]) -> None:
    """Diamonds at the centre of each box: seaborn dodges hue levels across 0.8 of a slot."""
    width = 0.8 / max(len(hue_order), 1)
    for row in engagement.itertuples():
        if row.platform in hue_order:
            x = TIERS.index(str(row.tier)) + (hue_order.index(row.platform) + 0.5) * width - 0.4
            ax.scatter(x, row.benchmark_engagement_rate, marker="D", color="black", zorder=5)


def percent_axis(axis, language: str = "en") -> None:
    """Label a (log) axis in percentages at 1-2-5 steps, with no scientific notation."""
    _ = translator(language)
    axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: _.percent(value)))
    axis.set_minor_formatter(NullFormatter())


def plot_fee_ranges(fees: pd.DataFrame, currency: str, language: str = "en") -> Axes:
    """Median quoted fee per tier and platform (bars) against the published range (lines)."""
    fig, ax = plt.subplots(figsize=(9, 4.2))
    hue_order = [p for p in PLATFORMS if p in set(fees["platform"])]
    sns.barplot(
        data=fees,
        x="tier",
        y="median_quoted_fee",
        hue="platform",
        order=list(TIERS),
        hue_order=hue_order,
        palette=PLATFORM_COLOURS,
        ax=ax,
    )
    ax.set_yscale("log")
    thousands(ax.yaxis, language)
    _ = translator(language)
    ax.set(
        title=_("Median quoted fee per sponsored post ({currency})", currency=currency),
        xlabel=_("Tier (by followers)"),
        ylabel=_("Fee per post ({currency}, log scale)", currency=currency),
    )
    ax.legend(title=_("Platform"))
    return ax


# --- Stages 05-monitoring and 06-roi -----------------------------------------------------------

PACING_COLOURS = {
    "on track": "#2a9d8f",
    "at risk": "#e9c46a",
    "off track": "#e76f51",
    "met": "#2a9d8f",
    "missed": "#e76f51",
}
VERDICT_COLOURS = {"rehire": "#2a9d8f", "renegotiate": "#e9c46a", "drop": "#e76f51"}


def _no_data(ax: Axes, title: str, message: str | None = None, language: str = "en") -> Axes:
    """An empty chart that says why it is empty, instead of no chart at all."""
    message = message or translator(language)("No data to show yet")
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, fontsize=12)
    ax.set(title=title, xticks=[], yticks=[])
    return ax


def _share_axis(axis, language: str = "en", decimals: int = 0) -> None:
    """Label an axis of fractions as percentages in the language (``120%``, ``0,50%``)."""
    _ = translator(language)
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: _.percent(value, decimals)))


def _shown(text: str, language: str) -> str:
    """A label or machine value of the catalogues (a KPI label, a status) in the language."""
    from helpers.roi import in_language

    return in_language(text, language)


def _goal_labels(frame: pd.DataFrame, language: str) -> list[str]:
    """Goal labels for an axis, with the market when the goal is for one market."""
    return [
        f"{_shown(row.label, language)} ({row.market})"
        if row.market != "all"
        else _shown(row.label, language)
        for row in frame.itertuples()
    ]


def plot_pacing(pacing: pd.DataFrame, language: str = "en") -> Axes:
    """Each goal's projected end value as a share of its target (bar), with the likely range
    (line: the middle 80% of simulated finishes) and the target (dashed line at 100%).

    Parameters
    ----------
    pacing : DataFrame
        :func:`helpers.monitoring.pacing` output.
    language : str
        The language of the titles, labels and statuses.
    """
    import numpy as np

    from helpers.roi import attainment

    _ = translator(language)
    shown = pacing[pacing["status"].isin(["on track", "at risk", "off track"])].copy()
    fig, ax = plt.subplots(figsize=(9, 0.8 + 0.7 * max(len(shown), 1)))
    title = _("Goals projected to the end of the campaign (share of target)")
    if shown.empty:
        return _no_data(ax, title, language=language)
    labels = _goal_labels(shown, language)
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
    ax.barh(y, ends["mid"], color=[PACING_COLOURS[s] for s in shown["status"]], height=0.5)
    ax.hlines(y, low, high, color="black", linewidth=2)
    ax.axvline(1.0, color="black", linestyle="--", linewidth=1)
    for yy, value, status in zip(y, ends["mid"], shown["status"], strict=True):
        text = f"{_.percent(value, 0)} · {_shown(status, language)}"
        ax.text(max(value, 0) + 0.02, yy + 0.3, text, va="center", fontsize=9)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    _share_axis(ax.xaxis, language)
    ax.set_xlim(0, max(1.3, float(np.nanmax(high)) * 1.15))
    ax.set(
        title=title,
        xlabel=_("Projected end value as a share of the target (%; 100% = met)"),
    )
    return ax


def plot_cumulative(
    path: pd.DataFrame, label: str, target: float | None, language: str = "en"
) -> Axes:
    """A summed KPI day by day so far against the straight line to its target.

    Parameters
    ----------
    path : DataFrame
        :func:`helpers.monitoring.cumulative_path` output.
    label : str
        The KPI's name, e.g. "Reach" (translated when a catalogue knows it).
    target : float, optional
        The goal, drawn as the straight line's end.
    language : str
        The language of the titles, labels and dates.
    """
    _ = translator(language)
    label = _shown(label, language)
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
    thousands(ax.yaxis, language)
    _date_axis(ax.xaxis, language)
    ax.set(
        title=_("{kpi}: so far against the straight line to the target", kpi=label),
        xlabel=_("Day of the campaign"),
        ylabel=_("{kpi} (cumulative count)", kpi=label),
    )
    ax.legend(loc="upper left")
    fig.autofmt_xdate()
    return ax


def _date_axis(axis, language: str = "en") -> None:
    """Dates on an axis as the language writes them (``08.02.`` in Latvian); matplotlib's own
    labels in English."""
    if language == "en":
        return
    import matplotlib.dates as mdates

    axis.set_major_formatter(
        FuncFormatter(lambda value, _pos: _short_day(mdates.num2date(value), language))
    )


def _short_day(day, language: str = "en") -> str:
    """A day without the year for an axis: ``08 Feb`` / ``08.02.``."""
    if language == "en":
        return f"{day:%d %b}"
    from babel.dates import format_date

    return format_date(day, "dd.MM.", locale=translator(language).locale)


def _times(value: float, language: str) -> str:
    """A multiple on an axis: ``0.25x`` / ``0,25×``."""
    _ = translator(language)
    text = f"{value:g}"
    decimals = len(text.split(".")[1]) if "." in text else 0
    return _("{value}x", value=_.number(value, decimals))


def plot_value_index(table: pd.DataFrame, result: str, language: str = "en") -> Axes:
    """Each creator's result against what their fee buys at the campaign's average rate
    (1x = average; log scale), coloured by status.

    Parameters
    ----------
    table : DataFrame
        :func:`helpers.monitoring.performance` at the creator level.
    result : str
        The objective's result, e.g. "reach".
    language : str
        The language of the titles and labels.
    """
    import numpy as np

    _ = translator(language)
    shown = table[np.isfinite(table["index"]) & (table["index"] > 0)]
    fig, ax = plt.subplots(figsize=(9, 0.8 + 0.35 * max(len(shown), 1)))
    title = _(
        "Each creator's {result} so far against what was expected (1x = as expected)",
        result=_shown(result, language),
    )
    if shown.empty:
        return _no_data(ax, title, language=language)
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
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _times(v, language)))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.invert_yaxis()
    ax.set(
        title=title,
        xlabel=_("Result / expected (x, log scale; 1x = as expected)"),
        ylabel="",
    )
    return ax


def plot_goal_attainment(goals: pd.DataFrame, language: str = "en") -> Axes:
    """Every goal's attainment (actual against target; for costs target / actual), with the
    target at 100%.

    Parameters
    ----------
    goals : DataFrame
        :func:`helpers.roi.goal_attainment` output.
    language : str
        The language of the titles and labels.
    """
    import numpy as np

    _ = translator(language)
    shown = goals[np.isfinite(goals["attainment"].astype(float))]
    fig, ax = plt.subplots(figsize=(9, 0.8 + 0.7 * max(len(shown), 1)))
    title = _("Goal attainment: actual against target")
    if shown.empty:
        return _no_data(ax, title, _("No goal can be measured from the results"))
    labels = _goal_labels(shown, language)
    colours = [PACING_COLOURS["met" if m else "missed"] for m in shown["met"]]
    y = np.arange(len(shown))
    ax.barh(y, shown["attainment"], color=colours, height=0.5)
    ax.axvline(1.0, color="black", linestyle="--", linewidth=1)
    for yy, value in zip(y, shown["attainment"], strict=True):
        ax.text(value + 0.02, yy, _.percent(value, 0), va="center", fontsize=9)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    _share_axis(ax.xaxis, language)
    ax.set_xlim(0, max(1.25, float(shown["attainment"].max()) * 1.15))
    ax.set(
        title=title,
        xlabel=_("Attainment (% of target; for costs target / actual; 100% = met)"),
    )
    return ax


def plot_cost_vs_revenue(creators: pd.DataFrame, currency: str, language: str = "en") -> Axes:
    """Each creator's fee against the revenue attributed to them, with the break-even line
    (revenue = cost); points above it paid back their fee.

    Parameters
    ----------
    creators : DataFrame
        :func:`helpers.roi.rehire_advice` output (``cost``, ``handle``, ``recommendation``)
        joined with ``revenue``.
    currency : str
    language : str
        The language of the titles, labels and recommendations.
    """
    _ = translator(language)
    fig, ax = plt.subplots(figsize=(9, 5.5))
    title = _("Cost and attributed revenue per creator ({currency})", currency=currency)
    if creators.empty:
        return _no_data(ax, title, language=language)
    for verdict, group in creators.groupby("recommendation"):
        ax.scatter(
            group["cost"],
            group["revenue"],
            s=60,
            label=_shown(verdict, language),
            color=VERDICT_COLOURS.get(verdict, "grey"),
            edgecolor="white",
            zorder=3,
        )
    top = float(max(creators["cost"].max(), creators["revenue"].max(), 1)) * 1.08
    ax.plot(
        [0, top],
        [0, top],
        color="grey",
        linestyle="--",
        linewidth=1,
        label=_("break-even (revenue = cost)"),
    )
    for row in creators.nlargest(6, ["revenue"]).itertuples():
        ax.annotate(
            row.handle,
            (row.cost, row.revenue),
            textcoords="offset points",
            xytext=(5, 4),
            fontsize=8,
        )
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    thousands(ax.xaxis, language)
    thousands(ax.yaxis, language)
    ax.set(
        title=title,
        xlabel=_("Cost: creator fees ({currency})", currency=currency),
        ylabel=_("Attributed revenue ({currency})", currency=currency),
    )
    ax.legend(title=_("Recommendation"), loc="lower right")
    return ax


def plot_funnel(funnel: pd.DataFrame, language: str = "en") -> Axes:
    """The funnel from impressions to conversions (log scale), each step with its rate from the
    step before.

    Parameters
    ----------
    funnel : DataFrame
        :func:`helpers.roi.funnel` output (its step names already in the language).
    language : str
        The language of the titles and numbers.
    """
    import numpy as np

    _ = translator(language)
    fig, ax = plt.subplots(figsize=(9, 3.8))
    title = _("Funnel: from impressions to conversions")
    shown = funnel[funnel["count"] > 0]
    if shown.empty:
        return _no_data(ax, title, language=language)
    y = np.arange(len(shown))
    ax.barh(y, shown["count"], color="#264653", height=0.6)
    for yy, count, rate, name in zip(
        y, shown["count"], shown["rate_from_previous"], shown["rate_name"], strict=True
    ):
        text = _.number(count) + (f"  ({_.percent(rate, 2)} {name})" if np.isfinite(rate) else "")
        ax.text(count * 1.15, yy, text, va="center", fontsize=9)
    ax.set_xscale("log")
    ax.set_xlim(right=float(shown["count"].max()) * 400)
    ax.set_yticks(y, shown["step"])
    ax.invert_yaxis()
    thousands(ax.xaxis, language)
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set(title=title, xlabel=_("Count (log scale)"))
    return ax


def plot_roi_by_market(markets: pd.DataFrame, language: str = "en") -> Axes:
    """ROI per market, (revenue - cost) / cost, with break-even at 0%; markets whose cost is
    zero have no ROI and are left out.

    Parameters
    ----------
    markets : DataFrame
        :func:`helpers.roi.breakdown` at the ``"market"`` level.
    language : str
        The language of the titles and numbers.
    """
    import numpy as np

    from helpers.roi import signed_percent

    _ = translator(language)
    shown = markets[np.isfinite(markets["roi"].astype(float))].sort_values("roi")
    fig, ax = plt.subplots(figsize=(9, 0.8 + 0.6 * max(len(shown), 1)))
    title = _("ROI by market: (revenue - cost) / cost")
    if shown.empty:
        return _no_data(ax, title, _("No market has a cost, so ROI is undefined"))
    colours = ["#2a9d8f" if v >= 0 else "#e76f51" for v in shown["roi"]]
    ax.barh(shown["key"], shown["roi"], color=colours, height=0.5)
    ax.axvline(0, color="black", linewidth=1)
    for name, value, roas in zip(shown["key"], shown["roi"], shown["roas"], strict=True):
        text = _("{roi} (ROAS {roas})", roi=signed_percent(value, language), roas=_.number(roas, 2))
        ax.text(
            value,
            name,
            f"  {text}  ",
            va="center",
            fontsize=9,
            ha="left" if value >= 0 else "right",
        )
    span = float(max(abs(shown["roi"].min()), abs(shown["roi"].max()), 0.5)) * 1.6
    ax.set_xlim(min(-span, float(shown["roi"].min()) * 1.6), span)
    _share_axis(ax.xaxis, language)
    ax.set(title=title, xlabel=_("ROI (%; 0% = break-even)"), ylabel=_("Market"))
    return ax


def plot_ab_tests(tests: pd.DataFrame, language: str = "en") -> plt.Figure:
    """Each A/B metric's rate per variant with its 95% Wilson interval, one panel per metric.

    Parameters
    ----------
    tests : DataFrame
        :func:`helpers.abtest.variant_tests` output (run in the same language).
    language : str
        The language of the titles and labels.
    """
    import textwrap

    from helpers.abtest import wilson_interval

    _ = translator(language)
    testable = tests[tests["verdict"] != "not testable"] if len(tests) else tests
    fig, axes = plt.subplots(1, max(len(testable), 1), figsize=(10, 4.2), squeeze=False)
    if testable.empty:
        _no_data(axes[0][0], _("A/B test"), _("No two variants to compare"))
        return fig
    for ax, row in zip(axes[0], testable.itertuples(), strict=False):
        arms = ((row.successes_a, row.trials_a), (row.successes_b, row.trials_b))
        for position, (x, n) in enumerate(arms):
            low, high = wilson_interval(x, n)
            rate = x / n
            ax.errorbar(
                position,
                rate,
                yerr=[[rate - low], [high - rate]],
                fmt="o",
                color=("#8d99ae", "#264653")[position],
                capsize=6,
                markersize=8,
            )
        ax.set_xticks([0, 1], [_("variant {name}", name=row.a), _("variant {name}", name=row.b)])
        ax.set_xlim(-0.6, 1.6)
        top = max(row.rate_a, row.rate_b)
        _share_axis(ax.yaxis, language, 3 if top < 0.01 else 2)
        verdict = textwrap.fill(str(getattr(row, "verdict_text", row.verdict)), 30)
        ax.set_title(f"{_shown(row.label, language)}\n{verdict}", fontsize=9)
        ax.set_ylabel(_("Rate (%) with 95% interval"))
    fig.tight_layout()
    fig.suptitle(
        _("A/B test: each variant's rate with its 95% confidence interval"),
        y=1.03,
        fontweight="bold",
    )
    return fig


GOAL_STATUS_COLOURS = {"pass": "#2e7d32", "warn": "#f2a900", "fail": "#c62828"}


def plot_budget_vs_targets(
    sheet: pd.DataFrame, currency: str, cap: float = 3.0, language: str = "en"
) -> Axes:
    """What the budget buys at benchmark prices as a share of each goal's target (stage 01).

    One bar per goal: 100% means the budget buys exactly the target (for a cost cap, the
    benchmark cost equals the cap). Bars are coloured by the Achievable verdict; goals with no
    benchmark are listed without a bar. Bars beyond ``cap`` (3x) are cut and labelled.

    Parameters
    ----------
    sheet : DataFrame
        :func:`helpers.goals.goal_sheet` output.
    currency : str
        The campaign currency, for the labels.
    language : str
        The language of the title, labels and numbers.
    """
    from helpers.goals import format_target, kpi_label

    _ = translator(language)
    shown = sheet[sheet["verdict"] != "invalid"].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(9, 0.75 * max(len(shown), 2) + 1.2))
    labels = []
    right = min(cap, max(1.25, shown["coverage"].max(skipna=True) if len(shown) else 1)) * 1.15
    for position, row in enumerate(shown.itertuples()):
        bound = "" if row.higher_is_better else "≤ "
        values = {
            "label": kpi_label(row.kpi, language),
            "target": bound + format_target(row.target, row.unit, currency, language=language),
        }
        if pd.isna(row.coverage):
            labels.append(_("{label}\ntarget {target}", **values))
            ax.text(0.02, position, _("no benchmark to price it"), va="center", color="#555555")
            continue
        values["expected"] = format_target(
            row.expected, row.unit, currency, approximate=True, language=language
        )
        labels.append(
            _("{label}\ntarget {target}, budget buys ~{expected}", **values)
            if row.unit == "count"
            else _("{label}\ntarget {target}, benchmark ~{expected}", **values)
        )
        ax.barh(position, min(row.coverage, cap), color=GOAL_STATUS_COLOURS[row.achievable])
        ax.text(
            min(row.coverage, cap) + 0.02 * right,
            position,
            _.percent(row.coverage, 0),
            va="center",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
        )
    ax.axvline(1.0, color="black", linewidth=1.2, linestyle="--")
    ax.set_yticks(range(len(shown)), labels)
    ax.set_ylim(len(shown) - 0.5, -0.5)  # first goal on top; rows without a bar still shown
    ax.set_xlim(0, right)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: _.percent(value, 0)))
    ax.set(
        title=_("What the budget buys at benchmark prices, as a share of each target"),
        xlabel=_(
            "Share of the target the budget covers (%, 100% = exactly enough; cost caps: "
            "cap / benchmark cost)"
        ),
    )
    handles = [
        plt.Rectangle((0, 0), 1, 1, color=colour, label=status)
        for status, colour in ((_("achievable"), "#2e7d32"), (_("within 80%"), "#f2a900"),
                               (_("out of reach"), "#c62828"))
    ]  # fmt: skip
    ax.legend(
        handles=handles,
        title=_("Achievable"),
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=9,
        frameon=False,
    )
    return ax


# --- 04 content calendar ------------------------------------------------------------------

PHASE_COLOURS = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860")
MARKET_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b")


def plot_calendar_gantt(posts: pd.DataFrame, phases: list, language: str = "en") -> Axes:
    """Each creator's approval chains and go-lives on one timeline, phases shaded.

    Parameters
    ----------
    posts : DataFrame
        :attr:`helpers.content_calendar.CalendarPlan.posts` (scheduled rows are drawn).
    phases : list of Phase
        The plan's phases (``name``, ``start``, ``end``, ``burst``); their names are shown as
        the campaign file writes them.
    language : str
        The language of the titles, labels and dates.
    """
    import matplotlib.dates as mdates

    from helpers.content_calendar import step_labels

    _ = translator(language)
    shown = posts[posts["status"] == "scheduled"].copy()
    shown["creator"] = shown["handle"] + " (" + shown["market"] + ")"
    creators = shown.groupby("creator")["go_live_utc"].min().sort_values().index.tolist()
    fig, ax = plt.subplots(figsize=(11, 2.2 + 0.42 * max(len(creators), 1)))
    colours = {p.name: PHASE_COLOURS[i % len(PHASE_COLOURS)] for i, p in enumerate(phases)}
    for number, phase in enumerate(phases):
        start, end = pd.Timestamp(phase.start), pd.Timestamp(phase.end) + pd.Timedelta(days=1)
        ax.axvspan(start, end, color=colours[phase.name], alpha=0.09, lw=0)
        ax.text(
            start + (end - start) / 2,
            -1.05 + 0.45 * (number % 2),
            phase.name + ("*" if phase.burst else ""),
            ha="center",
            fontsize=9,
            color=colours[phase.name],
            fontweight="bold",
        )
    # a creator's posts side by side within the creator's row
    nth = shown.sort_values("go_live_utc").groupby("creator").cumcount()
    many = shown.groupby("creator")["post_id"].transform("size")
    spread = 0.5 / many.clip(lower=2)
    y = shown["creator"].map({name: i for i, name in enumerate(creators)}) + (
        (nth - (many - 1) / 2) * spread
    ).reindex(shown.index)
    noon = pd.Timedelta(hours=12)
    ax.hlines(y, shown["brief_sent"] + noon, shown["go_live_date"] + noon, color="#9e9e9e", lw=1)
    labels = step_labels(language)
    steps = (
        ("brief_sent", "|"),
        ("draft_due", "o"),
        ("feedback_due", "s"),
        ("final_approval", "^"),
    )
    for column, marker in steps:
        ax.scatter(
            shown[column] + noon,
            y,
            marker=marker,
            s=22,
            color="#616161",
            zorder=2,
            label=labels[column].lower(),
        )
    for phase_name, group in shown.groupby("phase", sort=False):
        ax.scatter(
            group["go_live_date"] + noon,
            y[group.index],
            marker="D",
            s=60,
            color=colours.get(phase_name, "black"),
            edgecolor="black",
            zorder=3,
            label=_("go-live, {phase}", phase=phase_name),
        )
    ax.set_yticks(range(len(creators)), creators)
    ax.set_ylim(len(creators) - 0.5, -1.3)
    ax.grid(axis="y", visible=False)
    ax.xaxis.set_major_locator(mdates.WeekdayLocator(byweekday=mdates.MO))
    ax.xaxis.set_major_formatter(
        FuncFormatter(lambda value, _pos: _short_day(mdates.num2date(value), language))
    )
    ax.tick_params(axis="x", labelrotation=45)
    ax.set(
        title=_("Approval chain and go-live per creator (business days worked back from go-live)"),
        xlabel=_("Date (Mondays marked; local calendar of each creator's market; * burst phase)"),
        ylabel=_("Creator (market)"),
    )
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    return ax


def _weekday_names(language: str) -> list[str]:
    """Monday to Sunday, short, for the month view's columns."""
    if language == "en":
        return ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    from babel.dates import get_day_names

    names = get_day_names("short", locale=translator(language).locale)
    return [names[day] for day in range(7)]


def _month_name(month: pd.Period, language: str) -> str:
    """``February 2027`` / ``Februāris 2027``."""
    if language == "en":
        return month.strftime("%B %Y")
    from babel.dates import format_date

    text = format_date(month.start_time.date(), "LLLL y", locale=translator(language).locale)
    return text[:1].upper() + text[1:]


def plot_month_view(
    posts: pd.DataFrame,
    holidays: pd.DataFrame,
    first_day,
    last_day,
    markets: list[str],
    language: str = "en",
):
    """A wall-calendar month view: go-lives per day and market, public holidays shaded.

    Parameters
    ----------
    posts : DataFrame
        The plan's posts (``status``, ``go_live_date``, ``market``).
    holidays : DataFrame
        ``market``, ``date``, ``holiday`` (from :func:`helpers.content_calendar.public_holidays`).
    first_day, last_day : date
        The campaign window; days outside it are greyed.
    markets : list of str
        Markets in legend order.
    language : str
        The language of the titles, month and weekday names.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import calendar as month_calendar

    from matplotlib.patches import Patch, Rectangle

    _ = translator(language)
    shown = posts[posts["status"] == "scheduled"]
    counts = shown.groupby([shown["go_live_date"].dt.date, "market"]).size()
    off = holidays.groupby(holidays["date"].dt.date)["market"].agg(lambda m: sorted(set(m)))
    months = pd.period_range(pd.Timestamp(first_day), pd.Timestamp(last_day), freq="M")
    colours = {m: MARKET_COLOURS[i % len(MARKET_COLOURS)] for i, m in enumerate(markets)}
    columns = min(2, len(months))
    rows = -(-len(months) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(6.2 * columns, 5.0 * rows), squeeze=False)
    for ax, month in zip(axes.flat, months, strict=False):
        weeks = month_calendar.Calendar().monthdatescalendar(month.year, month.month)
        for row, week in enumerate(weeks):
            for col, day in enumerate(week):
                inside = day.month == month.month
                in_window = first_day <= day <= last_day
                face = "white" if inside and in_window else "#eeeeee"
                if inside and in_window and day in off.index:
                    face = "#fde2e1"
                ax.add_patch(Rectangle((col, row), 1, 1, facecolor=face, edgecolor="#bdbdbd"))
                if not inside:
                    continue
                ax.text(col + 0.06, row + 0.2, str(day.day), fontsize=8, color="#424242")
                if day in off.index:
                    ax.text(
                        col + 0.94,
                        row + 0.2,
                        _("hol. {markets}", markets=" ".join(off[day])),
                        fontsize=6,
                        ha="right",
                        color="#c62828",
                    )
                shown_here = [(m, counts.get((day, m), 0)) for m in markets]
                shown_here = [(m, n) for m, n in shown_here if n]
                for place, (market, count) in enumerate(shown_here):  # two markets a line
                    ax.text(
                        col + 0.08 + 0.46 * (place % 2),
                        row + 0.45 + 0.22 * (place // 2),
                        f"{market} {count}",
                        fontsize=8,
                        color=colours[market],
                        fontweight="bold",
                    )
        ax.set_xlim(0, 7)
        ax.set_ylim(len(weeks), 0)
        ax.set_xticks([i + 0.5 for i in range(7)], _weekday_names(language))
        ax.xaxis.tick_top()
        ax.set_yticks([])
        ax.grid(False)
        ax.set_title(
            _("{month}: go-lives per market (count)", month=_month_name(month, language)), pad=22
        )
    for ax in list(axes.flat)[len(months) :]:
        ax.set_visible(False)
    legend = [Patch(color=colours[m], label=_("{market} go-lives", market=m)) for m in markets]
    legend += [
        Patch(facecolor="#fde2e1", edgecolor="#bdbdbd", label=_("public holiday (markets named)")),
        Patch(facecolor="#eeeeee", edgecolor="#bdbdbd", label=_("outside the campaign window")),
    ]
    fig.legend(
        handles=legend,
        loc="lower center",
        ncol=min(5, len(legend)),
        fontsize=8,
        frameon=False,
        bbox_to_anchor=(0.5, -0.02),
    )
    fig.suptitle(_("Month view: go-lives per day and market (local dates)"), y=1.0)
    fig.tight_layout(rect=(0, 0.04, 1, 0.98))
    return fig


# --------------------------------------------------------------------------- stage 02 vetting

STATUS_COLOURS = {"shortlisted": "#1a9850", "flagged": "#f39c12", "excluded": "#bdbdbd"}


def plot_er_vs_followers(
    candidates: pd.DataFrame, bands: pd.DataFrame, language: str = "en"
) -> plt.Figure:
    """Engagement rate per follower against followers, one panel per platform: each creator a
    dot coloured by vetting status, each tier's middle half of peers a grey band and the
    published benchmark a black line.

    Parameters
    ----------
    candidates : DataFrame
        Shortlist rows to show (``platform``, ``followers``, ``engagement_rate``, ``status``).
    bands : DataFrame
        :func:`helpers.vetting.engagement_bands` output.
    language : str
        The language of the titles, labels and numbers.
    """
    from helpers.vetting import STATUS_NAMES, words

    _ = translator(language)
    platforms = [p for p in PLATFORMS if p in set(candidates["platform"])] or ["instagram"]
    fig, axes = plt.subplots(
        1, len(platforms), figsize=(4.6 * len(platforms), 4.2), squeeze=False, sharey=True
    )
    data = candidates.dropna(subset=["engagement_rate", "followers"])
    data = data[(data["engagement_rate"] > 0) & (data["followers"] > 0)]
    for ax, platform in zip(axes[0], platforms, strict=True):
        for band in bands[bands["platform"] == platform].itertuples():
            right = band.max_followers if band.max_followers == band.max_followers else 1e8
            ax.fill_between(
                [band.min_followers, right], band.p25, band.p75, color="#9e9e9e", alpha=0.25, lw=0
            )
            ax.plot([band.min_followers, right], [band.benchmark] * 2, color="black", lw=1.5)
        for status, colour in STATUS_COLOURS.items():
            chosen = data[(data["platform"] == platform) & (data["status"] == status)]
            ax.scatter(
                chosen["followers"],
                chosen["engagement_rate"],
                s=14,
                color=colour,
                label=f"{words(STATUS_NAMES, status, language)} ({_.number(len(chosen))})",
                alpha=0.85,
                zorder=3,
            )
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(800, max(2e6, data["followers"].max() * 1.5) if len(data) else 2e6)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: _compact(value, language)))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: _.percent(value, 1)))
        ax.yaxis.set_minor_formatter(NullFormatter())
        name = {"tiktok": "TikTok", "youtube": "YouTube"}.get(platform, platform.capitalize())
        ax.set(title=name, xlabel=_("Followers (log scale)"))
        ax.legend(fontsize=7, loc="upper right")
    axes[0][0].set_ylabel(_("Engagement rate per follower (log scale)"))
    fig.suptitle(
        _(
            "Engagement rate vs followers: grey = middle half of peers per tier, line = "
            "published benchmark"
        ),
        y=1.02,
    )
    fig.tight_layout()
    return fig


def _compact(value: float, language: str = "en") -> str:
    """1000 -> '1k', 2500000 -> '2.5M' ('2,5M' in Latvian): short labels for log axes of
    follower counts."""
    from babel.numbers import get_decimal_symbol

    sign = get_decimal_symbol(translator(language).locale)
    for size, unit in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if value >= size:
            return f"{value / size:g}".replace(".", sign) + unit
    return f"{value:g}".replace(".", sign)


def plot_audience_fit(candidates: pd.DataFrame, top: int = 15, language: str = "en") -> Axes:
    """What makes up the audience fit of the best-placed creators: stacked bars of each part's
    weighted contribution (0-1)."""
    from helpers.vetting import FIT_WEIGHTS

    _ = translator(language)
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


def plot_quality_distribution(
    candidates: pd.DataFrame, minimum: float, language: str = "en"
) -> Axes:
    """How audience-quality scores spread, stacked by vetting status, with the campaign's
    minimum as a dashed line."""
    from helpers.vetting import STATUS_NAMES, words

    _ = translator(language)
    fig, ax = plt.subplots(figsize=(9, 3.6))
    data = candidates.dropna(subset=["audience_quality"])
    order = [s for s in STATUS_COLOURS if s in set(data["status"])]
    # the legend shows the status in words of the language; the colours stay by status
    shown = {status: words(STATUS_NAMES, status, language) for status in STATUS_COLOURS}
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
        " " + _("minimum {value}", value=_compact(minimum, language)),
        va="top",
        fontsize=8,
    )
    ax.set_xlim(0, 100)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set(
        title=_("Audience quality score of the creators who pass discovery"),
        xlabel=_("Audience quality (0-100)"),
        ylabel=_("Creators (count)"),
    )
    return ax


def plot_growth_curves(
    curves: pd.DataFrame, events: pd.DataFrame, language: str = "en"
) -> plt.Figure:
    """Weekly followers of flagged accounts, one small panel each, the event week marked.

    Parameters
    ----------
    curves : DataFrame
        :func:`helpers.vetting.growth_curves` output.
    events : DataFrame
        One row per account: ``influencer_id``, ``handle``, ``growth_event``,
        ``growth_event_week``.
    language : str
        The language of the titles, labels, numbers and dates.
    """
    import matplotlib.dates as mdates

    _ = translator(language)
    count = max(len(events), 1)
    columns = min(3, count)
    rows = -(-count // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(4.2 * columns, 3.0 * rows), squeeze=False)
    labels = {
        "bought_spike": (_("bought-follower spike?"), "#d73027"),
        "unexplained_spike": (_("unexplained spike"), "#d73027"),
        "giveaway": (_("giveaway"), "#1a9850"),
        "drop": (_("sudden drop"), "#4575b4"),
    }
    for ax, event in zip(axes.flat, events.itertuples(), strict=False):
        series = curves[curves["influencer_id"] == event.influencer_id]
        ax.plot(series["week"], series["followers"], color="#333333", marker="o", ms=2.5)
        label, colour = labels.get(event.growth_event, (event.growth_event, "black"))
        title = label
        if pd.notna(event.growth_event_week):
            week = pd.Timestamp(event.growth_event_week)
            ax.axvline(week, color=colour, ls="--", lw=1.2)
            # ISO in English, as the data files write weeks; the locale's date otherwise
            day = week.date().isoformat() if language == "en" else _.date(week.date())
            title = _("{event}, week of {day}", event=label, day=day)
        ax.set_title(f"{event.handle}\n{title}", fontsize=9)
        thousands(ax.yaxis, language)
        if language != "en":
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%m.%Y."))
        ax.set_ylabel(_("Followers (count)"), fontsize=8)
        ax.tick_params(axis="x", labelsize=7, rotation=30)
        ax.tick_params(axis="y", labelsize=7)
    for ax in list(axes.flat)[len(events) :]:
        ax.set_visible(False)
    fig.suptitle(_("Weekly followers of accounts with a growth event (dashed: event week)"), y=1.01)
    fig.tight_layout()
    return fig


# --- Stage 03, negotiation ---------------------------------------------------------------------

MARKET_PALETTE = "Set2"


def plot_cost_vs_kpi(
    offers: pd.DataFrame, currency: str, kpi_label: str, language: str = "en"
) -> Axes:
    """Cost against expected result per creator: filled dots are in the plan (their planned
    deliverables), hollow ones are not (one unit of their main deliverable).

    Parameters
    ----------
    offers : DataFrame
        ``offers.csv`` of the negotiation stage (``selected``, ``quantity``, ``planned_cost``,
        ``kpi_expected``, ``planned_fee``, ``platform``, ``deliverable``).
    currency : str
        Campaign currency, for the axis label.
    kpi_label : str
        What the KPI counts, e.g. "people reached", in ``language``.
    language : str
        The report's language.
    """
    _ = translator(language)
    fig, ax = plt.subplots(figsize=(9, 4.6))
    title = _("Cost vs expected {kpi} per creator", kpi=kpi_label)
    priced = offers[offers["planned_fee"].notna() & (offers["kpi_expected"] > 0)]
    if priced.empty:
        return _no_data(ax, title, _("No data to show yet"))
    chosen = priced[priced["selected"]].assign(
        cost=lambda f: f["planned_cost"], kpi=lambda f: f["kpi_expected"] * f["quantity"]
    )
    chosen = chosen.groupby(["influencer_id", "platform"], as_index=False)[["cost", "kpi"]].sum()
    main = {"instagram": "feed_post", "tiktok": "short", "youtube": "long_video"}
    left = priced[
        ~priced["influencer_id"].isin(chosen["influencer_id"])
        & (priced["deliverable"] == priced["platform"].map(main))
    ].assign(cost=lambda f: f["planned_fee"], kpi=lambda f: f["kpi_expected"])
    for platform in PLATFORMS:
        colour = PLATFORM_COLOURS[platform]
        mine = chosen[chosen["platform"] == platform]
        if len(mine):
            ax.scatter(
                mine["cost"], mine["kpi"], color=colour, s=55,
                label=_("{platform}: in plan", platform=platform),
            )  # fmt: skip
        rest = left[left["platform"] == platform]
        if len(rest):
            ax.scatter(
                rest["cost"], rest["kpi"], facecolors="none", edgecolors=colour, s=40,
                label=_("{platform}: not chosen (one post)", platform=platform),
            )  # fmt: skip
    ax.set_xscale("log")
    ax.set_yscale("log")
    for axis in (ax.xaxis, ax.yaxis):
        thousands(axis, language)
        axis.set_minor_formatter(NullFormatter())
    ax.set(
        title=title,
        xlabel=_("Planned cost ({currency}, log scale)", currency=currency),
        ylabel=_("Expected {kpi} (log scale)", kpi=kpi_label),
    )
    ax.legend(fontsize="small", loc="upper left")
    return ax


def plot_budget_split(
    plan: pd.DataFrame, currency: str, budget: float, language: str = "en"
) -> plt.Figure:
    """Where the planned budget goes: by market and platform, and by tier.

    Parameters
    ----------
    plan : DataFrame
        ``Allocation.plan`` of the negotiation stage (``market``, ``platform``, ``tier``,
        ``planned_cost``).
    currency : str
        Campaign currency.
    budget : float
        The campaign budget, shown in the title for scale.
    language : str
        The report's language.
    """
    from helpers.negotiation import money_text

    _ = translator(language)
    fig, (by_market, by_tier) = plt.subplots(1, 2, figsize=(10, 4.2), width_ratios=(3, 2))
    if plan.empty:
        _no_data(by_market, _("Planned spend by market and platform"), _("No data to show yet"))
        _no_data(by_tier, _("Planned spend by tier"), _("No data to show yet"))
        return fig
    wide = plan.pivot_table(
        index="market", columns="platform", values="planned_cost", aggfunc="sum", fill_value=0
    )
    colours = [PLATFORM_COLOURS[p] for p in wide.columns]
    wide.plot.bar(stacked=True, ax=by_market, color=colours, rot=0)
    spend = _("Planned spend ({currency})", currency=currency)
    by_market.set(title=_("Planned spend by market and platform"), xlabel=_("Market"), ylabel=spend)
    by_market.legend(title=_("Platform"), fontsize="small", loc="upper left", bbox_to_anchor=(1, 1))
    thousands(by_market.yaxis, language)
    tiers = plan.groupby("tier")["planned_cost"].sum()
    tiers = tiers.reindex([t for t in TIERS if t in tiers.index])
    by_tier.bar(tiers.index, tiers.values, color="#4c72b0")
    by_tier.set(title=_("Planned spend by tier"), xlabel=_("Tier"), ylabel=spend)
    thousands(by_tier.yaxis, language)
    total = plan["planned_cost"].sum()
    fig.suptitle(
        _(
            "Budget split: {planned} planned of {budget}",
            planned=money_text(total, currency, language),
            budget=money_text(budget, currency, language),
        ),
        y=1.02,
    )
    fig.tight_layout()
    return fig


def plot_negotiation_ranges(ranges: pd.DataFrame, currency: str, language: str = "en") -> Axes:
    """Opening offer to walk-away point per creator (bar), the target (tick) and the creator's
    quote with our terms (diamond).

    Parameters
    ----------
    ranges : DataFrame
        One row per creator: ``handle``, ``deliverable``, ``opening_offer``, ``target_fee``,
        ``walk_away_fee``, ``quote_with_terms``.
    currency : str
        Campaign currency.
    language : str
        The report's language.
    """
    from helpers.negotiation import deliverable_labels

    _ = translator(language)
    rows = ranges.sort_values("target_fee").reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(9, max(2.5, 0.32 * len(rows) + 1.2)))
    if rows.empty:
        return _no_data(ax, _("Negotiation range per creator"), _("No data to show yet"))
    names = deliverable_labels(language)
    labels = [
        f"{h} ({names.get(d, d)})" for h, d in zip(rows["handle"], rows["deliverable"], strict=True)
    ]
    y = range(len(rows))
    ax.hlines(y, rows["opening_offer"], rows["walk_away_fee"], color="#9ecae1", linewidth=7,
              label=_("opening offer to walk-away"))  # fmt: skip
    ax.scatter(rows["target_fee"], y, marker="|", s=220, color="#08519c", label=_("target"),
               zorder=3)  # fmt: skip
    quoted = rows["quote_with_terms"].notna()
    ax.scatter(rows.loc[quoted, "quote_with_terms"], [i for i in y if quoted[i]], marker="D",
               color="#d62728", zorder=4, label=_("their quote, with our terms"))  # fmt: skip
    ax.set_yticks(list(y), labels, fontsize="small")
    ax.set_xscale("log")
    thousands(ax.xaxis, language)
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set(
        title=_("Negotiation range per creator (main deliverable)"),
        xlabel=_("Fee per unit ({currency}, log scale)", currency=currency),
    )
    ax.legend(fontsize="small", loc="lower right")
    return ax
