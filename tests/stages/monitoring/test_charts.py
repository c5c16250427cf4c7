"""The monitoring page's charts on tests/fixtures/roi mid-way (Agg backend): titles, axis labels
with their units, and one bar or line per goal, creator or day."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from helpers.core.campaign import load_campaign  # noqa: E402
from helpers.core.data import load_campaign_data  # noqa: E402
from helpers.stages import monitoring  # noqa: E402
from helpers.stages.monitoring import charts  # noqa: E402
from helpers.text.i18n import translator  # noqa: E402
from tests.conftest import FIXTURES  # noqa: E402

EN, LV = translator("en"), translator("lv")


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    campaign = load_campaign(FIXTURES / "roi" / "roi.yaml")
    tables = load_campaign_data(campaign, ["results_to_date", "roster"])
    run = tmp_path_factory.mktemp("run")
    read = monitoring.read_results(campaign, tables, run, "results_to_date")
    results = read["results"]
    as_of = monitoring.as_of_date(campaign, results)
    share = monitoring.elapsed_share(campaign, as_of)
    remaining, _how = monitoring.remaining_posts(results, share, read["contracts"])
    goals = monitoring.campaign_goals(campaign)
    return {
        "campaign": campaign,
        "results": results,
        "as_of": as_of,
        "pacing": monitoring.pacing(goals, results, campaign, as_of, remaining),
        "creators": monitoring.performance(results, campaign, "influencer"),
    }


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _tracked(pacing: pd.DataFrame) -> int:
    return int(pacing["status"].isin(["on track", "at risk", "off track"]).sum())


def test_pacing_title(live):
    ax = charts.plot_pacing(live["pacing"], EN)
    assert ax.get_title() == "Goals projected to the end of the campaign (share of target)"


def test_pacing_axis_is_a_share_of_the_target(live):
    ax = charts.plot_pacing(live["pacing"], EN)
    assert ax.get_xlabel() == "Projected end value as a share of the target (%; 100% = met)"


def test_pacing_one_bar_per_tracked_goal(live):
    ax = charts.plot_pacing(live["pacing"], EN)
    assert len(ax.patches) == _tracked(live["pacing"])


def test_pacing_with_no_tracked_goal_says_so(live):
    ax = charts.plot_pacing(live["pacing"].iloc[:0], EN)
    assert ax.texts[0].get_text() == "No data to show yet"


def test_cumulative_so_far_and_the_straight_line(live):
    campaign = live["campaign"]
    path = monitoring.cumulative_path(live["results"], "reach", campaign, live["as_of"], 40000)
    ax = charts.plot_cumulative(path, "Reach", 40000, EN)
    assert [len(line.get_xdata()) for line in ax.get_lines()] == [campaign.days, campaign.days]


def test_cumulative_axes_name_the_kpi_and_the_day(live):
    campaign = live["campaign"]
    path = monitoring.cumulative_path(live["results"], "reach", campaign, live["as_of"], None)
    ax = charts.plot_cumulative(path, "Reach", None, EN)
    assert (ax.get_xlabel(), ax.get_ylabel()) == (
        "Day of the campaign",
        "Reach (cumulative count)",
    )


def test_cumulative_title_in_latvian(live):
    campaign = live["campaign"]
    path = monitoring.cumulative_path(live["results"], "reach", campaign, live["as_of"], None)
    ax = charts.plot_cumulative(path, "Reach", None, LV)
    assert ax.get_title() == LV(
        "{kpi}: so far against the straight line to the target", kpi=LV.term("Reach")
    )


def test_value_index_one_bar_per_creator_with_a_result(live):
    creators = live["creators"]
    ax = charts.plot_value_index(creators, "reach", EN)
    assert len(ax.patches) == int((creators["index"] > 0).sum())


def test_value_index_axis_is_a_log_multiple(live):
    ax = charts.plot_value_index(live["creators"], "reach", EN)
    assert ax.get_xlabel() == "Result / expected (x, log scale; 1x = as expected)"
