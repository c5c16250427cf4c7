"""Stage 05, monitoring: pacing projections on crafted series, the status rules, performance
against expectations, the budget advice, and the fixture campaign mid-way (tests/fixtures/roi).

The pages themselves run in tests/test_roi.py (05 and 06 together, for every example campaign).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from helpers.core.campaign import load_campaign
from helpers.core.data import load_campaign_data
from helpers.stages import monitoring, roi
from tests.conftest import FIXTURES

FIXTURE = FIXTURES / "roi" / "roi.yaml"


@pytest.fixture(scope="module")
def campaign():
    return load_campaign(FIXTURE)  # conversion, 1-28 Feb 2027, budget 2,000 EUR


def _posts(**columns) -> pd.DataFrame:
    """Crafted posts: every count column the KPIs use, zeros unless given."""
    size = len(next(iter(columns.values())))
    frame = pd.DataFrame({c: np.zeros(size) for c in (*roi.TOTALS, "profit")})
    for name, values in columns.items():
        frame[name] = values
    frame["influencer_id"] = [f"c{i}" for i in range(size)]
    frame["market"] = "LV"
    return frame


def _goal(kpi, target, market=None):
    return {"kpi": kpi, "label": kpi, "target": target, "market": market}


def test_elapsed_share_and_as_of(campaign):
    assert monitoring.elapsed_share(campaign, date(2027, 2, 14)) == pytest.approx(14 / 28)
    assert monitoring.elapsed_share(campaign, date(2027, 1, 20)) == 0.0
    assert monitoring.elapsed_share(campaign, date(2027, 3, 20)) == 1.0
    results = pd.DataFrame({"posted_at": pd.to_datetime(["2027-02-03", "2027-02-12"])})
    assert monitoring.as_of_date(campaign, results) == date(2027, 2, 12)
    assert monitoring.as_of_date(campaign, results.iloc[:0]) == campaign.start


def test_identical_posts_project_exactly():
    # 4 posts of 1,000 reach so far, 4 to come: 4,000 + 4 x 1,000 = 8,000 in every finish
    posts = _posts(reach=[1000.0] * 4)
    rng = np.random.default_rng(1)
    on = monitoring.project_goal(_goal("reach", 8000), posts, 4, rng)
    assert on["actual_to_date"] == 4000 and on["projected_end"] == 8000
    assert on["projected_low"] == on["projected_high"] == 8000
    assert on["chance_of_meeting"] == 1.0 and on["status"] == "on track"
    off = monitoring.project_goal(_goal("reach", 9000), posts, 4, rng)
    assert off["chance_of_meeting"] == 0.0 and off["status"] == "off track"
    assert off["projected_attainment"] == pytest.approx(8000 / 9000)


def test_varied_posts_give_a_range_and_a_chance():
    # posts of 1,000 and 3,000 so far, 2 to come: the two new posts add 2,000 (1 in 4),
    # 4,000 (2 in 4) or 6,000 (1 in 4), so the finish is 6,000 / 8,000 / 10,000
    posts = _posts(reach=[1000.0, 3000.0])
    rng = np.random.default_rng(1)
    likely = monitoring.project_goal(_goal("reach", 8000), posts, 2, rng)
    assert likely["projected_end"] == 8000  # 4,000 + 2 x the 2,000 average
    assert likely["chance_of_meeting"] == pytest.approx(0.75, abs=0.03)
    assert likely["status"] == "on track"
    assert (likely["projected_low"], likely["projected_high"]) == (6000, 10000)
    risky = monitoring.project_goal(_goal("reach", 10000), posts, 2, rng)
    assert risky["chance_of_meeting"] == pytest.approx(0.25, abs=0.03)
    assert risky["status"] == "at risk"
    assert monitoring.project_goal(_goal("reach", 10001), posts, 2, rng)["status"] == "off track"


def test_cost_goals_are_met_from_below():
    # CPA: cost 100 + 100 for 10 + 30 conversions; 2 more posts at the average (100, 20):
    # 400 / 80 = 5.00 at the end against a cap of 6
    posts = _posts(cost=[100.0, 100.0], conversions=[10.0, 30.0])
    goal = monitoring.project_goal(
        _goal("cpa", 6) | {"lower_is_better": True}, posts, 2, np.random.default_rng(1)
    )
    assert goal["actual_to_date"] == pytest.approx(5.0)
    assert goal["projected_end"] == pytest.approx(5.0)
    assert goal["projected_attainment"] == pytest.approx(6 / 5)
    assert goal["lower_is_better"] and goal["status"] == "on track"


def test_goals_not_in_the_results_and_goals_without_posts():
    rng = np.random.default_rng(1)
    ugc = monitoring.project_goal(_goal("ugc_pieces", 40), _posts(reach=[1.0]), 1, rng)
    assert ugc["status"] == "not measured" and "by hand" in ugc["note"]
    empty = monitoring.project_goal(_goal("reach", 10), _posts(reach=[1.0]).iloc[:0], 5, rng)
    assert empty["status"] == "no data yet"


def test_market_goal_gets_its_share_of_the_posts_to_come():
    # 1 of 2 posts so far is in EE, so 1 of the 2 posts to come: 500 + 500 = 1,000
    posts = _posts(reach=[500.0, 2000.0]).assign(market=["EE", "LV"])
    goal = monitoring.project_goal(_goal("reach", 900, "EE"), posts, 2, np.random.default_rng(1))
    assert goal["projected_end"] == 1000 and goal["market"] == "EE"


def test_status_thresholds():
    assert monitoring.status_of(2 / 3) == "on track"
    assert monitoring.status_of(0.5) == "at risk"
    assert monitoring.status_of(0.2) == "at risk"
    assert monitoring.status_of(0.19) == "off track"
    assert monitoring.status_of(float("nan")) == "no data yet"
    assert monitoring.format_chance(0.004) == "under 1%"
    assert monitoring.format_chance(0.999) == "over 99%"


def test_remaining_posts_from_contracts_calendar_or_straight_line():
    results = pd.DataFrame({"influencer_id": ["a", "b", "a"]})
    contracts = pd.DataFrame({"influencer_id": ["a", "b"], "quantity": [4, 3]})
    assert monitoring.remaining_posts(results, 0.4, contracts)[0] == 4  # 7 contracted - 3
    calendar = pd.DataFrame(
        {"influencer_id": ["a", "b", "b"], "go_live_local": ["2027-02-10 19:00"] * 2 + ["x"]}
    )
    later, how = monitoring.remaining_posts(results, 0.4, None, calendar, date(2027, 2, 5))
    assert later == 2 and "content calendar" in how
    # a plan for other creators is not this campaign's plan: straight line instead,
    # 3 posts in 40% of the window -> 3 x 0.6 / 0.4 = 4.5 more
    others = contracts.assign(influencer_id=["x", "y"])
    left, how = monitoring.remaining_posts(results, 0.4, others)
    assert left == pytest.approx(4.5)
    assert "contracts name other creators" in how


def test_performance_against_what_the_fee_buys(campaign):
    # two posts of 100 EUR: 10 and 30 conversions; the campaign buys 40 / 200 = 0.2 per EUR,
    # so each fee "buys" 20: indexes 0.5 (under) and 1.5 (over)
    results = pd.DataFrame(
        {
            "post_id": ["p1", "p2"],
            "handle": ["@a", "@b"],
            "influencer_id": ["a", "b"],
            "platform": "instagram",
            "market": "LV",
            "format": "reel",
            "posted_at": pd.to_datetime(["2027-02-02", "2027-02-03"]),
            "cost": [100.0, 100.0],
            "conversions": [10, 30],
        }
    )
    posts = monitoring.performance(results, campaign, "post").set_index("post_id")
    assert posts.loc["p1", "expected"] == pytest.approx(20)
    assert posts.loc["p1", "index"] == pytest.approx(0.5)
    assert posts["status"].to_dict() == {"p2": "over-performing", "p1": "under-performing"}
    forecast = pd.Series([10.0, 15.0])  # a forecast of 10 and 15: indexes 1.0 and 2.0
    creators = monitoring.performance(results, campaign, "influencer", forecast)
    assert creators.set_index("influencer_id")["index"].to_dict() == {"b": 2.0, "a": 1.0}


def test_reallocation_buys_the_cheapest_results_first(campaign):
    creators = pd.DataFrame(
        {
            "handle": ["@cheap", "@fair", "@dear"],
            "influencer_id": ["a", "b", "c"],
            "platform": "instagram",
            "market": "LV",
            "posts": [1, 2, 1],
            "cost": [100.0, 400.0, 500.0],
            "result": [20.0, 40.0, 10.0],  # CPA 5, 10 and 50; the campaign's 1,000 / 70 = 14.3
            "status": "as expected",
        }
    )
    # 1,000 uncommitted - 200 reserve (10% of 2,000) = 800 to spend:
    # 2 x 100 from @cheap, then 2 x 200 from @fair = 600; @dear is dearer than average
    plan = monitoring.reallocation(creators, campaign, 1000)
    assert plan["handle"].tolist() == ["@cheap", "@fair"]
    assert plan["extra_posts"].tolist() == [2, 2]
    assert plan["cost"].sum() == 600 and plan["expected_result"].sum() == 80
    assert monitoring.reallocation(creators, campaign, 150).empty  # all of it is reserve


def test_fixture_mid_campaign(campaign, tmp_path):
    tables = load_campaign_data(campaign, ["results_to_date", "roster"])
    read = roi.read_results(campaign, tables, tmp_path, "results_to_date")
    results = read["results"]
    as_of = monitoring.as_of_date(campaign, results)
    assert as_of == date(2027, 2, 12) and len(results) == 3
    share = monitoring.elapsed_share(campaign, as_of)  # 12 / 28
    remaining, how = monitoring.remaining_posts(results, share, read["contracts"])
    assert remaining == 3 and how == "6 contracted deliverables, 3 live so far"
    committed, how = monitoring.committed_budget(campaign, results, remaining, read["contracts"])
    assert committed == pytest.approx(200 + 300 + 400 + 0) and how == "the contracted fees"
    pacing = monitoring.pacing(roi.campaign_goals(campaign), results, campaign, as_of, remaining)
    conversions = pacing.set_index("kpi").loc["conversions"]
    # 35 so far in 3 posts, 3 more at 35 / 3 each: 70 against 50
    assert conversions["actual_to_date"] == 35
    assert conversions["projected_end"] == pytest.approx(70)
    assert pacing["elapsed_share"].iloc[0] == pytest.approx(12 / 28)
    path = monitoring.cumulative_path(results, "conversions", campaign, as_of, 50)
    assert path["actual"].iloc[11] == 35 and np.isnan(path["actual"].iloc[12])
    assert path["straight_line"].iloc[-1] == pytest.approx(50)
    creators = monitoring.performance(results, campaign, "influencer")
    plan, method = monitoring.reallocation_plan(creators, campaign, 2000 - committed)
    text = monitoring.monitoring_summary(campaign, pacing, creators, plan, 2000 - committed)
    assert text.startswith("On 12 Feb 2027, 43% of the way through the window")
    assert "Rule-based" in method
