"""The goals page's chart: one bar per priced goal, cut at the cap, coloured by Achievable."""

from __future__ import annotations

import math

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from helpers.stages.goals import charts
from helpers.text.i18n import translator

matplotlib.use("Agg")


def _sheet() -> pd.DataFrame:
    """Four goals: a volume the budget buys 1.5 times, a cost cap it misses, a share of voice
    with no benchmark, and a goal that cannot be used."""
    rows = [
        ("reach", "count", True, 100_000, 150_000, 1.5, "pass", "pass"),
        ("cpa", "money", False, 10.0, 20.0, 0.5, "fail", "fail"),
        ("share_of_voice", "fraction", True, 0.2, math.nan, math.nan, "warn", "warn"),
        ("not_a_kpi", "", True, 1.0, math.nan, math.nan, "warn", "invalid"),
    ]
    columns = ["kpi", "unit", "higher_is_better", "target", "expected", "coverage",
               "achievable", "verdict"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_one_bar_per_priced_goal_and_a_row_per_usable_goal():
    ax = charts.plot_budget_vs_targets(_sheet(), "USD", translator("en"))
    assert len(ax.patches) == 2  # share of voice has no benchmark: listed, no bar
    labels = [label.get_text() for label in ax.get_yticklabels()]
    assert labels == [
        "Reach\ntarget 100,000, budget buys ~150,000",
        "CPA\ntarget ≤ USD 10.00, benchmark ~USD 20.00",
        "Share of voice\ntarget 20.0%",
    ]
    texts = [text.get_text() for text in ax.texts]
    assert "no benchmark to price it" in texts
    assert "150%" in texts


def test_bars_are_coloured_by_the_achievable_verdict():
    ax = charts.plot_budget_vs_targets(_sheet(), "USD", translator("en"))
    colours = [matplotlib.colors.to_hex(bar.get_facecolor()) for bar in ax.patches]
    assert colours == [charts.GOAL_STATUS_COLOURS["pass"], charts.GOAL_STATUS_COLOURS["fail"]]


def test_title_and_axis_say_what_and_in_which_unit():
    ax = charts.plot_budget_vs_targets(_sheet(), "USD", translator("en"))
    assert ax.get_title() == "What the budget buys at benchmark prices, as a share of each target"
    assert ax.get_xlabel().startswith("Share of the target the budget covers (%, 100% = exactly")
    assert ax.get_legend().get_title().get_text() == "Achievable"


def test_a_bar_beyond_the_cap_is_cut_and_labelled():
    sheet = _sheet()
    sheet.loc[0, "coverage"] = 5.0
    ax = charts.plot_budget_vs_targets(sheet, "USD", translator("en"), cap=3.0)
    assert ax.patches[0].get_width() == 3.0
    assert "500%" in [text.get_text() for text in ax.texts]


def test_chart_in_latvian():
    ax = charts.plot_budget_vs_targets(_sheet(), "EUR", translator("lv"))
    assert ax.get_title() != "What the budget buys at benchmark prices, as a share of each target"
    assert ax.get_yticklabels()[0].get_text().startswith("Sasniedzamība\n")
