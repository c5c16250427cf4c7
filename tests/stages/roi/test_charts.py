"""The ROI page's charts on tests/fixtures/roi (Agg backend): titles, axis labels with their
units, and one bar or point per goal, creator, market, funnel step or variant."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from helpers.core.campaign import load_campaign  # noqa: E402
from helpers.core.data import load_campaign_data  # noqa: E402
from helpers.stages import roi  # noqa: E402
from helpers.stages.roi import abtest, charts  # noqa: E402
from helpers.text.i18n import translator  # noqa: E402
from tests.conftest import FIXTURES  # noqa: E402

EN, LV = translator("en"), translator("lv")


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    campaign = load_campaign(FIXTURES / "roi" / "roi.yaml")
    tables = load_campaign_data(campaign, ["results", "roster"])
    results = roi.read_results(campaign, tables, tmp_path_factory.mktemp("run"))["results"]
    table = roi.roi_table(results)
    creators = table[table["level"] == "influencer"]
    return {
        "campaign": campaign,
        "results": results,
        "goals": roi.goal_attainment(roi.campaign_goals(campaign), results),
        "creators": creators,
        "markets": table[table["level"] == "market"],
        "advice": roi.rehire_advice(creators, campaign),
    }


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_goal_attainment_title(measured):
    ax = charts.plot_goal_attainment(measured["goals"], EN)
    assert ax.get_title() == "Goal attainment: actual against target"


def test_goal_attainment_axis_in_percent_of_target(measured):
    ax = charts.plot_goal_attainment(measured["goals"], EN)
    assert ax.get_xlabel() == "Attainment (% of target; for costs target / actual; 100% = met)"


def test_goal_attainment_one_bar_per_measured_goal(measured):
    ax = charts.plot_goal_attainment(measured["goals"], EN)
    assert len(ax.patches) == int(measured["goals"]["attainment"].notna().sum())


def test_goal_attainment_without_goals_says_so():
    empty = pd.DataFrame({"attainment": [], "met": [], "label": [], "market": []})
    ax = charts.plot_goal_attainment(empty, EN)
    assert ax.texts[0].get_text() == "No goal can be measured from the results"


def test_cost_vs_revenue_axes_carry_the_currency(measured):
    shown = roi.with_revenue(measured["advice"], measured["creators"])
    ax = charts.plot_cost_vs_revenue(shown, "EUR", EN)
    assert (ax.get_xlabel(), ax.get_ylabel()) == (
        "Cost: creator fees (EUR)",
        "Attributed revenue (EUR)",
    )


def test_cost_vs_revenue_one_point_per_creator(measured):
    shown = roi.with_revenue(measured["advice"], measured["creators"])
    ax = charts.plot_cost_vs_revenue(shown, "EUR", EN)
    assert sum(len(points.get_offsets()) for points in ax.collections) == len(shown)


def test_cost_vs_revenue_legend_in_latvian(measured):
    shown = roi.with_revenue(measured["advice"], measured["creators"])
    ax = charts.plot_cost_vs_revenue(shown, "EUR", LV)
    assert ax.get_legend().get_title().get_text() == LV("Recommendation")


def test_cost_vs_revenue_legend_covers_no_creator(measured):
    shown = roi.with_revenue(measured["advice"], measured["creators"])
    ax = charts.plot_cost_vs_revenue(shown, "EUR", EN)
    ax.figure.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    assert legend.x0 >= ax.get_window_extent().x1  # beside the plot, where no point can be


def test_funnel_one_bar_per_step(measured):
    ax = charts.plot_funnel(roi.funnel(measured["results"], EN), EN)
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Impressions",
        "Reach",
        "Engagements",
        "Link clicks",
        "Conversions",
    ]


def test_funnel_axis_is_a_log_count(measured):
    ax = charts.plot_funnel(roi.funnel(measured["results"], EN), EN)
    assert ax.get_xlabel() == "Count (log scale)"


def test_roi_by_market_one_bar_per_market_with_a_cost(measured):
    ax = charts.plot_roi_by_market(measured["markets"], EN)
    assert len(ax.patches) == int((measured["markets"]["cost"] > 0).sum())


def test_roi_by_market_axis_in_percent(measured):
    ax = charts.plot_roi_by_market(measured["markets"], EN)
    assert ax.get_xlabel() == "ROI (%; 0% = break-even)"


def test_ab_tests_one_panel_per_testable_metric(measured):
    tests = abtest.variant_tests(measured["results"], _=EN)
    figure = charts.plot_ab_tests(tests, EN)
    assert len(figure.axes) == int((tests["verdict"] != "not testable").sum())


def test_ab_tests_axis_is_a_rate_with_its_interval(measured):
    figure = charts.plot_ab_tests(abtest.variant_tests(measured["results"], _=EN), EN)
    assert figure.axes[0].get_ylabel() == "Rate (%) with 95% interval"


def test_ab_tests_without_variants_say_so():
    figure = charts.plot_ab_tests(pd.DataFrame(), EN)
    assert figure.axes[0].texts[0].get_text() == "No two variants to compare"
