"""The charts of the negotiation page: one public function per chart, tidy data in, Axes out."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import NullFormatter

from helpers.core.campaign import PLATFORMS, TIERS
from helpers.report import theme
from helpers.stages.negotiation.labels import ENGLISH, MAIN_DELIVERABLE
from helpers.text import labels
from helpers.text.i18n import Translator

MARKET_PALETTE = "Set2"


def plot_cost_vs_kpi(
    offers: pd.DataFrame, currency: str, kpi_label: str, _: Translator = ENGLISH
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
        What the KPI counts, e.g. "people reached", in the report's language.
    _ : Translator
        The campaign's translator.
    """
    fig, ax = plt.subplots(figsize=(9, 4.6))
    title = _("Cost vs expected {kpi} per creator", kpi=kpi_label)
    priced = offers[offers["planned_fee"].notna() & (offers["kpi_expected"] > 0)]
    if priced.empty:
        return theme.no_data(ax, title, _("No data to show yet"))
    chosen = priced[priced["selected"]].assign(
        cost=lambda f: f["planned_cost"], kpi=lambda f: f["kpi_expected"] * f["quantity"]
    )
    chosen = chosen.groupby(["influencer_id", "platform"], as_index=False)[["cost", "kpi"]].sum()
    left = priced[
        ~priced["influencer_id"].isin(chosen["influencer_id"])
        & (priced["deliverable"] == priced["platform"].map(MAIN_DELIVERABLE))
    ].assign(cost=lambda f: f["planned_fee"], kpi=lambda f: f["kpi_expected"])
    for platform in PLATFORMS:
        colour = theme.PLATFORM_COLOURS[platform]
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
        theme.thousands(axis, _)
        axis.set_minor_formatter(NullFormatter())
    ax.set(
        title=title,
        xlabel=_("Planned cost ({currency}, log scale)", currency=currency),
        ylabel=_("Expected {kpi} (log scale)", kpi=kpi_label),
    )
    ax.legend(fontsize="small", loc="upper left")
    return theme.drop_unseen_minor_ticks(ax)


def plot_budget_split(
    plan: pd.DataFrame, currency: str, budget: float, _: Translator = ENGLISH
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
    _ : Translator
        The campaign's translator.
    """
    fig, (by_market, by_tier) = plt.subplots(1, 2, figsize=(10, 4.2), width_ratios=(3, 2))
    if plan.empty:
        theme.no_data(
            by_market, _("Planned spend by market and platform"), _("No data to show yet")
        )
        theme.no_data(by_tier, _("Planned spend by tier"), _("No data to show yet"))
        return fig
    wide = plan.pivot_table(
        index="market", columns="platform", values="planned_cost", aggfunc="sum", fill_value=0
    )
    colours = [theme.PLATFORM_COLOURS[p] for p in wide.columns]
    wide.plot.bar(stacked=True, ax=by_market, color=colours, rot=0)
    spend = _("Planned spend ({currency})", currency=currency)
    by_market.set(title=_("Planned spend by market and platform"), xlabel=_("Market"), ylabel=spend)
    by_market.legend(title=_("Platform"), fontsize="small", loc="upper left", bbox_to_anchor=(1, 1))
    theme.thousands(by_market.yaxis, _)
    tiers = plan.groupby("tier")["planned_cost"].sum()
    tiers = tiers.reindex([t for t in TIERS if t in tiers.index])
    by_tier.bar(tiers.index, tiers.values, color="#4c72b0")
    by_tier.set(title=_("Planned spend by tier"), xlabel=_("Tier"), ylabel=spend)
    theme.thousands(by_tier.yaxis, _)
    total = plan["planned_cost"].sum()
    fig.suptitle(
        _(
            "Budget split: {planned} planned of {budget}",
            planned=_.money(total, currency),
            budget=_.money(budget, currency),
        ),
        y=1.02,
    )
    fig.tight_layout()
    return fig


def plot_negotiation_ranges(ranges: pd.DataFrame, currency: str, _: Translator = ENGLISH) -> Axes:
    """Opening offer to walk-away point per creator (bar), the target (tick) and the creator's
    quote with our terms (diamond).

    Parameters
    ----------
    ranges : DataFrame
        One row per creator: ``handle``, ``deliverable``, ``opening_offer``, ``target_fee``,
        ``walk_away_fee``, ``quote_with_terms``.
    currency : str
        Campaign currency.
    _ : Translator
        The campaign's translator.
    """
    rows = ranges.sort_values("target_fee").reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(9, max(2.5, 0.32 * len(rows) + 1.2)))
    if rows.empty:
        return theme.no_data(ax, _("Negotiation range per creator"), _("No data to show yet"))
    names = labels.deliverables(_)
    ticks = [
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
    ax.set_yticks(list(y), ticks, fontsize="small")
    ax.set_xscale("log")
    theme.thousands(ax.xaxis, _)
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set(
        title=_("Negotiation range per creator (main deliverable)"),
        xlabel=_("Fee per unit ({currency}, log scale)", currency=currency),
    )
    ax.legend(fontsize="small", loc="lower right")
    return theme.drop_unseen_minor_ticks(ax)
