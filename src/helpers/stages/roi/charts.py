"""The charts of the ROI page: one public function per chart, tidy data in, Axes out."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import (
    NullFormatter,
)

from helpers.report import theme
from helpers.text.i18n import Translator

VERDICT_COLOURS = {"rehire": "#2a9d8f", "renegotiate": "#e9c46a", "drop": "#e76f51"}


def plot_goal_attainment(goals: pd.DataFrame, _: Translator) -> Axes:
    """Every goal's attainment (actual against target; for costs target / actual), with the
    target at 100%.

    Parameters
    ----------
    goals : DataFrame
        :func:`helpers.stages.roi.goal_attainment` output.
    _ : Translator
        The campaign's words: titles and labels.
    """
    import numpy as np

    shown = goals[np.isfinite(goals["attainment"].astype(float))]
    fig, ax = plt.subplots(figsize=(9, 0.8 + 0.7 * max(len(shown), 1)))
    title = _("Goal attainment: actual against target")
    if shown.empty:
        return theme.no_data(ax, title, _("No goal can be measured from the results"))
    labels = theme.goal_labels(shown, _)
    colours = [theme.PACING_COLOURS["met" if m else "missed"] for m in shown["met"]]
    y = np.arange(len(shown))
    ax.barh(y, shown["attainment"], color=colours, height=0.5)
    ax.axvline(1.0, color="black", linestyle="--", linewidth=1)
    for yy, value in zip(y, shown["attainment"], strict=True):
        ax.text(value + 0.02, yy, _.percent(value, 0), va="center", fontsize=9)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    theme.share_axis(ax.xaxis, _)
    ax.set_xlim(0, max(1.25, float(shown["attainment"].max()) * 1.15))
    ax.set(
        title=title,
        xlabel=_("Attainment (% of target; for costs target / actual; 100% = met)"),
    )
    return ax


def plot_cost_vs_revenue(creators: pd.DataFrame, currency: str, _: Translator) -> Axes:
    """Each creator's fee against the revenue attributed to them, with the break-even line
    (revenue = cost); points above it paid back their fee.

    Parameters
    ----------
    creators : DataFrame
        :func:`helpers.stages.roi.rehire_advice` output (``cost``, ``handle``, ``recommendation``)
        joined with ``revenue``.
    currency : str
    _ : Translator
        The campaign's words: titles, labels and recommendations.
    """
    fig, ax = plt.subplots(figsize=(9, 5.5))
    title = _("Cost and attributed revenue per creator ({currency})", currency=currency)
    if creators.empty:
        return theme.no_data(ax, title, _=_)
    for verdict, group in creators.groupby("recommendation"):
        ax.scatter(
            group["cost"],
            group["revenue"],
            s=60,
            label=theme.shown(verdict, _),
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
    theme.thousands(ax.xaxis, _)
    theme.thousands(ax.yaxis, _)
    ax.set(
        title=title,
        xlabel=_("Cost: creator fees ({currency})", currency=currency),
        ylabel=_("Attributed revenue ({currency})", currency=currency),
    )
    # beside the plot, not over it: every corner of the plot can hold a creator
    ax.legend(
        title=_("Recommendation"), loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0
    )
    return ax


def plot_funnel(funnel: pd.DataFrame, _: Translator) -> Axes:
    """The funnel from impressions to conversions (log scale), each step with its rate from the
    step before.

    Parameters
    ----------
    funnel : DataFrame
        :func:`helpers.stages.roi.funnel` output (its step names already in the language).
    _ : Translator
        The campaign's words: titles and numbers.
    """
    import numpy as np

    fig, ax = plt.subplots(figsize=(9, 3.8))
    title = _("Funnel: from impressions to conversions")
    shown = funnel[funnel["count"] > 0]
    if shown.empty:
        return theme.no_data(ax, title, _=_)
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
    theme.thousands(ax.xaxis, _)
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set(title=title, xlabel=_("Count (log scale)"))
    return theme.drop_unseen_minor_ticks(ax)


def plot_roi_by_market(markets: pd.DataFrame, _: Translator) -> Axes:
    """ROI per market, (revenue - cost) / cost, with break-even at 0%; markets whose cost is
    zero have no ROI and are left out.

    Parameters
    ----------
    markets : DataFrame
        :func:`helpers.stages.roi.breakdown` at the ``"market"`` level.
    _ : Translator
        The campaign's words: titles and numbers.
    """
    import numpy as np

    shown = markets[np.isfinite(markets["roi"].astype(float))].sort_values("roi")
    fig, ax = plt.subplots(figsize=(9, 0.8 + 0.6 * max(len(shown), 1)))
    title = _("ROI by market: (revenue - cost) / cost")
    if shown.empty:
        return theme.no_data(ax, title, _("No market has a cost, so ROI is undefined"))
    colours = ["#2a9d8f" if v >= 0 else "#e76f51" for v in shown["roi"]]
    ax.barh(shown["key"], shown["roi"], color=colours, height=0.5)
    ax.axvline(0, color="black", linewidth=1)
    for name, value, roas in zip(shown["key"], shown["roi"], shown["roas"], strict=True):
        text = _("{roi} (ROAS {roas})", roi=_.signed_percent(value), roas=_.number(roas, 2))
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
    theme.share_axis(ax.xaxis, _)
    ax.set(title=title, xlabel=_("ROI (%; 0% = break-even)"), ylabel=_("Market"))
    return ax


def plot_ab_tests(tests: pd.DataFrame, _: Translator) -> plt.Figure:
    """Each A/B metric's rate per variant with its 95% interval across posts (the rate's
    variance widened by the posts' dispersion, Student t with posts - 2 degrees of freedom;
    the Wilson interval per trial when the posts cannot show their spread), one panel per
    metric, titled with the verdict and the chance B is better.

    Parameters
    ----------
    tests : DataFrame
        :func:`helpers.stages.roi.abtest.variant_tests` output (run in the same language).
    _ : Translator
        The campaign's words: titles and labels.
    """
    import textwrap

    from helpers.stages.roi.abtest import format_chance

    testable = tests[tests["verdict"] != "not testable"] if len(tests) else tests
    fig, axes = plt.subplots(1, max(len(testable), 1), figsize=(10, 4.4), squeeze=False)
    if testable.empty:
        theme.no_data(axes[0][0], _("A/B test"), _("No two variants to compare"))
        return fig
    for ax, row in zip(axes[0], testable.itertuples(), strict=False):
        arms = ((row.successes_a, row.trials_a), (row.successes_b, row.trials_b))
        for position, (x, n) in enumerate(arms):
            low, high = _interval_across_posts(x, n, row.dispersion, row.freedom)
            rate = x / n
            ax.errorbar(
                position,
                rate,
                yerr=[[max(rate - low, 0.0)], [max(high - rate, 0.0)]],  # rounding at 0
                fmt="o",
                color=("#8d99ae", "#264653")[position],
                capsize=6,
                markersize=8,
            )
        ax.set_xticks([0, 1], [_("variant {name}", name=row.a), _("variant {name}", name=row.b)])
        ax.set_xlim(-0.6, 1.6)
        top = max(row.rate_a, row.rate_b)
        theme.share_axis(ax.yaxis, _, 3 if top < 0.01 else 2)
        verdict = textwrap.fill(str(getattr(row, "verdict_text", row.verdict)), 30)
        chance = _("chance B better: {chance}", chance=format_chance(row.chance_b_better, _))
        ax.set_title(f"{theme.shown(row.label, _)}\n{verdict}\n{chance}", fontsize=9)
        ax.set_ylabel(_("Rate (%) with 95% interval"))
    fig.tight_layout()
    fig.suptitle(
        _("A/B test: each variant's rate with its 95% interval across posts"),
        y=1.05,
        fontweight="bold",
    )
    return fig


def _interval_across_posts(
    successes: float, trials: float, dispersion: float, freedom: int
) -> tuple[float, float]:
    """A variant's rate with its 95% interval across posts (never below 0)."""
    import numpy as np
    from scipy import stats

    from helpers.stages.roi.abtest import wilson_interval

    if not np.isfinite(dispersion) or freedom <= 0:
        return wilson_interval(successes, trials)
    rate = successes / trials
    half = stats.t.ppf(0.975, freedom) * np.sqrt(rate * (1 - rate) / trials * dispersion)
    return max(rate - half, 0.0), rate + half
