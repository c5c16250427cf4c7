"""The charts of the goals page: one public function per chart, tidy data in, Axes out."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import (
    FuncFormatter,
)

from helpers.text.i18n import translator

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
        :func:`helpers.stages.goals.goal_sheet` output.
    currency : str
        The campaign currency, for the labels.
    language : str
        The language of the title, labels and numbers.
    """
    from helpers.stages.goals import format_target, kpi_label

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
