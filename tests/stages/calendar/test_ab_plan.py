"""The A/B test plan of stage 04: the sample-size formula with a design effect on cases worked
by hand, the smallest detectable change, and the plan's verdict on the calendar's posts."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from scipy import stats

from helpers.stages.calendar import ab_plan
from tests.stages.calendar.conftest import EN, LV

Z = stats.norm.ppf(0.975) + stats.norm.ppf(0.8)  # 1.959964 + 0.841621 = 2.801585


def test_sample_size_with_a_design_effect_by_hand():
    # 10% against 15% (+50%): n = 2.801585^2 x (0.10 x 0.90 + 0.15 x 0.85) / 0.05^2
    # = 7.848878 x 0.2175 / 0.0025 = 682.85 -> 683 clicks per variant, trials independent
    zz = Z**2
    assert zz == pytest.approx(7.848878, abs=1e-5)
    assert ab_plan.required_sample_size(0.10, 0.15) == 683
    # posts of 1,001 clicks with ICC 0.01: design effect 1 + 1,000 x 0.01 = 11
    assert ab_plan.design_effect(1001, 0.01) == pytest.approx(11)
    need = ab_plan.posts_needed(0.10, 0.5, 1001, 0.01)
    assert need["target"] == pytest.approx(0.15)
    assert need["trials_needed"] == 683 * 11 == 7513
    # 7,513 / 1,001 = 7.51 -> 8 posts; Student t for 2 x 8 - 2 = 14 degrees of freedom:
    # (t_0.975 + t_0.8)^2 / 2.801585^2 = (2.144787 + 0.868124)^2 / 7.848878 = 1.15655, so
    # 7,513 x 1.15655 / 1,001 = 8.68 -> 9; with 16 degrees of freedom (2.119905 + 0.865007)^2
    # / 7.848878 = 1.13515 -> 8.52 -> 9 again: 9 posts per variant
    assert stats.t.ppf(0.975, 14) == pytest.approx(2.144787, abs=1e-6)
    assert need["posts_needed"] == 9


def test_icc_from_the_spread_and_back():
    # posts within +-50% of a 10% rate: ICC = 0.5^2 x 0.1 / 0.9 = 0.027778
    assert ab_plan.intraclass_correlation(0.10, 0.5) == pytest.approx(0.25 * 0.1 / 0.9)
    assert ab_plan.spread_from_icc(0.10, 0.25 * 0.1 / 0.9) == pytest.approx(0.5)
    # the ROI page's dispersion 31 on posts of 1,001 trials: ICC = 30 / 1,000 = 0.03
    assert ab_plan.icc_from_dispersion(31, 1001) == pytest.approx(0.03)
    assert ab_plan.icc_from_dispersion(1.0, 1001) == 0.0  # posts that agree: no design effect


def test_big_posts_need_posts_not_impressions():
    # with an ICC, making each post bigger hardly lowers the posts needed: about n x ICC
    small = ab_plan.posts_needed(0.01, 0.2, 10_000, 0.0025)["posts_needed"]
    huge = ab_plan.posts_needed(0.01, 0.2, 1_000_000, 0.0025)["posts_needed"]
    floor = ab_plan.required_sample_size(0.01, 0.012) * 0.0025  # 42,690 x 0.0025 = 106.7
    assert floor == pytest.approx(106.7, abs=0.1)
    assert floor < huge <= small and huge < 1.05 * floor + 2


def test_detectable_lift_inverts_the_posts_needed():
    lift = ab_plan.detectable_lift(0.10, 9, 1001, 0.01)
    assert 0.4 < lift <= 0.5  # 9 posts detect +50% (previous test), and a little less
    assert ab_plan.posts_needed(0.10, lift, 1001, 0.01)["posts_needed"] <= 10
    assert math.isnan(ab_plan.detectable_lift(0.10, 1, 1001, 0.01))  # one post: no test
    assert ab_plan.detectable_lift(0.9, 2, 10, 0.5) == float("inf")  # no rise fits under 100%


def _calendar_posts(count: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "influencer_id": [f"c{i}" for i in range(count)],
            "deliverable": ["reel"] * count,
        }
    )


def _offers(count: int, impressions: float = 100_000, clicks: float = 1000) -> pd.DataFrame:
    return _calendar_posts(count).assign(
        expected_impressions=impressions,
        expected_clicks=clicks,
        expected_conversions=clicks * 0.05,
        expected_reach=impressions / 1.3,
        expected_engagements=impressions * 0.03,
    )


def _settings(campaign, **measurement):
    return campaign.model_copy(
        update={"measurement": campaign.measurement.model_copy(update=measurement)}
    )


def test_plan_too_small_says_how_many_posts_and_what_it_can_detect(small):
    # 12 posts of 100,000 impressions at 1% CTR: 6 per variant; spread 0.5 (the default):
    # ICC 0.25 x 0.01 / 0.99 = 0.0025253, design effect 1 + 99,999 x 0.0025253 = 253.5
    plan = ab_plan.plan_ab_test(_calendar_posts(12), _offers(12), small)
    ctr = plan.set_index("metric").loc["ctr"]
    assert ctr["baseline"] == pytest.approx(0.01) and ctr["posts_per_variant"] == 6
    assert ctr["icc"] == pytest.approx(0.25 * 0.01 / 0.99)
    assert ctr["design_effect"] == pytest.approx(1 + 99_999 * 0.25 * 0.01 / 0.99)
    assert not ctr["enough"] and ctr["posts_needed"] > 100
    assert plan.attrs["spread_source"] == "assumption" and plan.attrs["estimated"] == 0
    finding = ab_plan.plan_finding(plan, "ctr", EN)
    need = f"{ctr['posts_needed']:,.0f}"
    assert finding.startswith("**The plan is too small to detect +20% in click\\-through rate**")
    assert f"it has 6 posts per variant; to detect +20% (1.00% to 1.20%) you need about {need}" in (
        finding
    )
    assert "either test a bigger change (with 6 posts per variant, about +" in finding
    assert finding.endswith("is detectable) or drop the test.")


def test_plan_big_enough_for_a_big_change(small):
    # the same posts, a campaign that only cares about doubling the rate, posts that vary less
    campaign = _settings(small, ab_min_lift=1.0, ab_post_spread=0.2)
    plan = ab_plan.plan_ab_test(_calendar_posts(12), _offers(12), campaign)
    ctr = plan.set_index("metric").loc["ctr"]
    assert ctr["enough"] and ctr["posts_needed"] <= 6
    assert plan.attrs["spread_source"] == "campaign file"
    finding = ab_plan.plan_finding(plan, "ctr", EN)
    assert finding.startswith("**The plan can test a +100% change in click\\-through rate**")
    method = ab_plan.plan_method(campaign, EN)
    assert "+100% (measurement.ab_min_lift, campaign file)" in method
    assert "significance 5% two-sided (ab_alpha, default)" in method
    assert "±20% around their variant's (ab_post_spread: campaign file)" in method


def test_no_posts_or_one_post_is_a_sentence(small):
    none = ab_plan.plan_ab_test(_calendar_posts(0), None, small)
    assert ab_plan.plan_finding(none, "ctr", EN).startswith("**No A/B test to plan**")
    one = ab_plan.plan_ab_test(_calendar_posts(1), _offers(1), small)
    assert "the plan has 1 post(s)" in ab_plan.plan_finding(one, "ctr", EN)
    assert ab_plan.plan_table(one, EN) is not None  # nothing to show, no crash


def test_posts_the_offers_do_not_list_are_estimated_from_similar_posts(small):
    offers = _offers(4)  # the pipeline has 6 posts, the negotiation stage planned 4
    expected = ab_plan.expected_per_post(_calendar_posts(6), offers)
    assert expected["estimated"].tolist() == [False] * 4 + [True] * 2
    assert expected["expected_impressions"].tolist() == [100_000] * 6
    no_offers = ab_plan.plan_ab_test(_calendar_posts(6), None, small)
    assert "cannot be planned" in ab_plan.plan_finding(no_offers, "ctr", EN)


def test_plan_in_latvian(small_lv):
    plan = ab_plan.plan_ab_test(_calendar_posts(12), _offers(12), small_lv)
    finding = ab_plan.plan_finding(plan, "ctr", LV)
    assert "6 ieraksti katram variantam" in finding and "1,00%" in finding
    assert "Playbook" not in ab_plan.plan_method(small_lv, LV)
