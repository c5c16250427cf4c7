"""The charts of the goals page: one public function per chart, tidy data in, Axes out."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from helpers.core.kpis import kpi_label
from helpers.stages.goals.figures import format_target
from helpers.text.i18n import Translator

GOAL_STATUS_COLOURS = {"pass": "#2e7d32", "warn": "#f2a900", "fail": "#c62828"}


def plot_budget_vs_targets(
    sheet: pd.DataFrame, currency: str, _: Translator, cap: float = 3.0
) -> Axes:
    """What the budget buys at benchmark prices as a share of each goal's target (stage 01).

    One bar per goal: 100% means the budget buys exactly the target (for a cost cap, the
    benchmark cost equals the cap). Bars are coloured by the Achievable verdict; goals with no
    benchmark are listed without a bar. Bars beyond ``cap`` (3x) are cut and labelled. Where
    the sheet has ``supply_coverage`` (what the roster's eligible creators can deliver, as a
    share of the target), a black diamond marks it on the goal's row.

    Parameters
    ----------
    sheet : DataFrame
        :func:`helpers.stages.goals.goal_sheet` output.
    currency : str
        The campaign currency, for the labels.
    _ : Translator
        Writes the title, labels and numbers in the campaign's language.
    cap : float
        The longest bar, as a share of the target.
    """
    shown = sheet[sheet["verdict"] != "invalid"].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(9, 0.75 * max(len(shown), 2) + 1.2))
    shares = [shown[c] for c in ("coverage", "supply_coverage") if c in shown]
    highest = max((float(v.max(skipna=True)) for v in shares if v.notna().any()), default=1.0)
    right = min(cap, max(1.25, highest)) * 1.15
    labels = []
    for position, row in enumerate(shown.itertuples()):
        labels.append(_goal_label(row, currency, _))
        if pd.isna(row.coverage):
            ax.text(0.02, position, _("no benchmark to price it"), va="center", color="#555555")
            continue
        ax.barh(position, min(row.coverage, cap), color=GOAL_STATUS_COLOURS[row.achievable])
        ax.text(
            min(row.coverage, cap) + 0.02 * right,
            position,
            _.percent(row.coverage, 0),
            va="center",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
        )
    _supply_marks(ax, shown, cap, _)
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
    _achievable_legend(ax, _)
    return ax


def _supply_marks(ax: Axes, shown: pd.DataFrame, cap: float, _: Translator) -> None:
    """A diamond per goal at the share of its target the roster can deliver (cut at ``cap``)."""
    if "supply_coverage" not in shown:
        return
    marked = shown["supply_coverage"].astype(float)
    rows = [i for i, value in enumerate(marked) if pd.notna(value)]
    if rows:
        ax.scatter(
            [min(marked[i], cap) for i in rows],
            rows,
            marker="D",
            color="black",
            zorder=3,
            label=_("roster can deliver"),
        )
    for i in rows:
        ax.annotate(
            _.percent(marked[i], 0),
            (min(marked[i], cap), i),
            xytext=(0, -14),
            textcoords="offset points",
            ha="center",
            fontsize=8,
        )


def _goal_label(row, currency: str, _: Translator) -> str:
    """A bar's label: the KPI, its target and what the budget buys (or the benchmark)."""
    bound = "" if row.higher_is_better else "≤ "
    values = {
        "label": kpi_label(row.kpi, _),
        "target": bound + format_target(row.target, row.unit, currency, _),
    }
    if pd.isna(row.coverage):
        return _("{label}\ntarget {target}", **values)
    values["expected"] = format_target(row.expected, row.unit, currency, _, approximate=True)
    if row.unit == "count":
        return _("{label}\ntarget {target}, budget buys ~{expected}", **values)
    return _("{label}\ntarget {target}, benchmark ~{expected}", **values)


def _achievable_legend(ax: Axes, _: Translator) -> None:
    """The colours of the Achievable verdict, beside the plot."""
    handles = [
        plt.Rectangle((0, 0), 1, 1, color=colour, label=status)
        for status, colour in ((_("achievable"), "#2e7d32"), (_("within 80%"), "#f2a900"),
                               (_("out of reach"), "#c62828"))
    ]  # fmt: skip
    handles += [h for h in ax.get_legend_handles_labels()[0] if h.get_label()]
    ax.legend(
        handles=handles,
        title=_("Achievable"),
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=9,
        frameon=False,
    )
