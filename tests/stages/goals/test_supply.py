"""Goals against the roster's supply: what the creators who pass the campaign's rules can
deliver, computed by hand, beside what the budget buys; which of the two limits a goal, what
would lift it, and an empty roster as a page, not a crash."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers.core import supply
from helpers.core.campaign import load_campaign
from helpers.core.data import load_campaign_data
from helpers.run.runner import run_campaign
from helpers.stages import goals
from helpers.text.i18n import translator
from tests.conftest import TINY, stage_page, tiny_copy
from tests.stages.goals.campaigns import NO_ROSTER, make_campaign

REACH_RATE = 0.229  # a feed post reaches 22.9% of the real followers (deliverables.csv)
STORY_RATE = 0.0427  # a Story set 4.27%
REPEAT_REACH = 0.4  # a second unit of the same deliverable reaches 40% as many new people


def _roster(followers: list[int], market: str = "LV") -> pd.DataFrame:
    """Instagram micro creators with a vendor's fake-follower share of 0 (all real)."""
    count = len(followers)
    return pd.DataFrame(
        {
            "influencer_id": [f"c{i}" for i in range(count)],
            "handle": [f"@c{i}" for i in range(count)],
            "platform": ["instagram"] * count,
            "market": [market] * count,
            "language": ["lv"] * count,
            "interests": ["skincare"] * count,
            "followers": followers,
            "avg_likes": [100] * count,
            "avg_comments": [0] * count,
            "avg_views": [0] * count,
            "fake_follower_share": [0.0] * count,
        }
    )


def _one_post_each(**changes):
    """A USD campaign on Instagram where each creator gives one feed post."""
    fields = {
        "goals": [{"kpi": "reach", "target": 50_000}],
        "negotiation": {
            "deliverables": ["feed_post"],
            "max_units": 1,
            "rules": {"max_units_per_creator": 1},
        },
    }
    return make_campaign(**(fields | changes))


def _sheet(campaign, roster):
    found = goals.goal_supply(campaign, tables={"roster": roster})
    return goals.goal_sheet(campaign, roster=NO_ROSTER, supply=found), found


def test_the_roster_not_the_budget_limits_reach():
    campaign = _one_post_each()
    row = _sheet(campaign, _roster([20_000, 50_000]))[0].iloc[0]
    # USD 1,000 at CPM 8 buys 125,000 impressions = 96,154 reached at 1.3 per account;
    # the two creators' one post each reaches 22.9% of 20,000 + 50,000 = 4,580 + 11,450
    assert row["expected"] == pytest.approx(1000 / 8 * 1000 / 1.3)
    assert row["supply"] == pytest.approx(REACH_RATE * 70_000)
    assert row["supply_coverage"] == pytest.approx(16_030 / 50_000)
    assert row["achievable"] == "fail"  # 32% of the target
    note = row["achievable_note"]
    assert note.startswith(
        "The roster, not the budget, limits reach: the creators who pass the campaign's rules "
        "before vetting (2) can deliver about 16,000, 32% of the target of 50,000; the budget "
        "could buy ~96,000."
    )
    # 33,970 short; one micro Instagram creator delivers 8,015 (the median): 5 more
    assert (
        "To lift it, add about 5 more micro Instagram creators to the roster (~8,000 each, the "
        "median of the 2 on it), or lower the target to ~16,000." in note
    )


def test_a_budget_limited_goal_keeps_the_budget_sentence():
    roster = _roster([10_000] * 6)
    campaign = _one_post_each(
        budget=100,
        goals=[{"kpi": "reach", "target": 12_000}],
        negotiation={
            "deliverables": ["feed_post"],
            "max_units": 1,
            "rules": {"max_units_per_creator": 1, "max_creator_share": 1.0},
        },
    )
    row = _sheet(campaign, roster)[0].iloc[0]
    # USD 100 buys 12,500 impressions = 9,615 reached; six creators reach 6 x 2,290 = 13,740
    assert row["expected"] == pytest.approx(100 / 8 * 1000 / 1.3)
    assert row["supply"] == pytest.approx(6 * REACH_RATE * 10_000)
    assert row["achievable"] == "warn"  # the budget covers 80%: within reach
    assert row["achievable_note"].startswith("Needs ~1.2x the budget")
    assert row["achievable_note"].endswith(
        "The roster is not the limit: the creators who pass the campaign's rules before "
        "vetting (6) can deliver about 14,000."
    )


def test_the_creator_share_and_the_count_rules_cap_the_supply():
    roster = _roster([20_000, 50_000, 100_000 - 1])
    # max 30% of USD 1,000 per creator: a post of the 99,999-follower creator makes 29,770
    # impressions, USD 238 at CPM 8 (allowed); two creators at most, the biggest first
    campaign = _one_post_each(
        negotiation={
            "deliverables": ["feed_post"],
            "max_units": 1,
            "rules": {"max_units_per_creator": 1, "max_creators": 2},
        }
    )
    found = goals.goal_supply(campaign, tables={"roster": roster})
    assert found.ceiling("reach") == pytest.approx(REACH_RATE * (50_000 + 99_999))
    small = _one_post_each(budget=500)  # the cap is USD 150: the 99,999 creator is out
    found = goals.goal_supply(small, tables={"roster": roster})
    assert found.ceiling("reach") == pytest.approx(REACH_RATE * 70_000)


def test_tiny_world_by_hand():
    campaign = load_campaign(TINY)
    tables = load_campaign_data(campaign, ["roster", "audience"])
    found = goals.goal_supply(campaign, tables=tables)
    creators = found.creators.set_index("influencer_id")
    # in LV/EE, on Instagram or TikTok, nano or micro: t1, t2, t3; t3 lists only beauty
    assert sorted(creators.index) == ["t1", "t2", "t3"]
    assert creators.loc["t3", "failed"] == "interests"
    assert found.failed_counts() == {"interests": 1}
    # no fake-follower figure: the campaign's ceiling, 30%, is taken as fake. Per creator the
    # best three units: feed post, a second feed post (40% new people), a Story set
    per_follower = 0.7 * (REACH_RATE + REPEAT_REACH * REACH_RATE + STORY_RATE)
    assert found.ceiling("reach") == pytest.approx(per_follower * (5_000 + 50_000))
    # t6 (YouTube, skincare) passes the rules on a platform the campaign leaves out
    outside = found.outside_ceiling("reach")
    assert outside[["tier", "platform", "creators"]].values.tolist() == [["micro", "youtube", 1]]
    sheet = goals.goal_sheet(campaign, roster=NO_ROSTER, supply=found)
    row = sheet.iloc[0]
    assert row["achievable"] == "fail"  # 14% of 100,000
    assert (
        "Widening vetting.platforms to the roster's micro YouTube creators (1)"
        in (row["achievable_note"])
    )


def test_a_market_goal_with_nobody_in_that_market():
    campaign = _one_post_each(goals=[{"kpi": "reach", "target": 5_000, "market": "EE"}])
    row = _sheet(campaign, _roster([20_000, 50_000]))[0].iloc[0]
    assert row["supply"] == 0 and row["achievable"] == "fail"
    assert row["achievable_note"] == (
        "No creator on the roster passes the campaign's rules in EE, so nobody can deliver it: "
        "add creators to the roster, or widen vetting (markets, platforms, tiers)."
    )


def test_an_empty_roster_fails_volumes_and_leaves_rates_alone():
    campaign = _one_post_each(
        goals=[{"kpi": "reach", "target": 5_000}, {"kpi": "cpm", "target": 20}]
    )
    sheet, found = _sheet(campaign, _roster([]))
    assert found.eligible.empty and found.ceiling("reach") == 0
    reach, cpm = sheet.iloc[0], sheet.iloc[1]
    assert reach["achievable"] == "fail" and reach["achievable_note"].startswith("No creator")
    assert math.isnan(cpm["supply"]) and cpm["achievable"] == "pass"
    table = goals.supply_table(sheet, found, translator("en"))
    assert table.values.tolist() == [["Reach", "5,000", "96,000", "0", "roster"]]


def test_vetting_shortlist_replaces_the_roster_rules(tmp_path):
    roster = _roster([20_000, 50_000])
    shortlist = pd.DataFrame(
        {
            "influencer_id": ["c0", "c1"],
            "status": ["shortlisted", "flagged"],
            "fake_share": [0.5, 0],
        }
    )
    shortlist.to_csv(tmp_path / "shortlist.csv", index=False)
    campaign = _one_post_each()
    found = goals.goal_supply(campaign, tmp_path, tables={"roster": roster})
    assert found.source == "shortlist"
    # only c0, and half of its followers are fake: 22.9% of 10,000 real followers
    assert found.ceiling("reach") == pytest.approx(REACH_RATE * 10_000)
    assert found.failed_counts() == {"vetting: flagged": 1}
    sheet = goals.goal_sheet(campaign, roster=NO_ROSTER, supply=found)
    assert (
        "the creators on vetting's shortlist (1) can deliver about 2,300"
        in (sheet.iloc[0]["achievable_note"])
    )


def test_the_finding_names_the_roster_as_the_limit():
    campaign = _one_post_each()
    sheet, _found = _sheet(campaign, _roster([20_000, 50_000]))
    text = goals.goals_summary(campaign, sheet, goals.goal_conflicts(campaign, sheet))
    assert "Hardest: Reach. The roster, not the budget, limits reach" in text


def test_the_supply_matches_stage_three_arithmetic():
    """The same units, the same results: a creator's unit in core.supply is stage 03's."""
    from helpers.stages import negotiation

    campaign = load_campaign(TINY)
    tables = load_campaign_data(campaign, ["roster", "audience"])
    shortlist = negotiation.provisional_shortlist(campaign, tables)
    creators = negotiation.candidate_creators(shortlist, tables["roster"], campaign)
    outcomes = negotiation.expected_outcomes(creators, campaign).set_index(
        ["influencer_id", "deliverable"]
    )
    rates = goals.supply_rates(campaign)
    creators = creators.assign(real_share=1 - campaign.vetting.max_fake_share)
    units = supply.unit_results(creators, campaign, rates)
    first = units[units["unit"] == 1].set_index(["influencer_id", "deliverable"])
    shared = first.index.intersection(outcomes.index)
    assert len(shared) == len(first) > 0
    for column in ("impressions", "reach", "engagements", "clicks"):
        assert first.loc[shared, column].to_numpy() == pytest.approx(
            outcomes.loc[shared, f"expected_{column}"].to_numpy()
        ), column


def test_a_live_and_a_link_in_bio_by_hand():
    """A live's viewers and a link's visitors are people (no frequency), and a link costs a
    share of the creator's feed post."""
    campaign = make_campaign(
        negotiation={"deliverables": ["feed_post", "live", "link_in_bio"], "max_units": 1}
    )
    rates = goals.supply_rates(campaign)
    creators = _roster([20_000]).assign(real_share=1.0, tier="micro")
    units = supply.unit_results(creators, campaign, rates)
    unit = units.set_index("deliverable")
    # a feed post: 20,000 x 22.9% x 1.3 = 5,954 impressions, 4,580 reached; USD 8 CPM: 47.63
    assert unit.loc["feed_post", "impressions"] == pytest.approx(5_954)
    assert unit.loc["feed_post", "reach"] == pytest.approx(4_580)
    assert unit.loc["feed_post", "cost"] == pytest.approx(5.954 * 8)
    # a live: 4% of 20,000 = 800 viewers, all of them reached; 30 minutes x 800 = 24,000
    # viewer-minutes at 0.1 x the CPM: USD 19.20
    assert unit.loc["live", "reach"] == pytest.approx(800)
    assert unit.loc["live", "views"] == pytest.approx(800)
    assert unit.loc["live", "cost"] == pytest.approx(24 * 8 * 0.1)
    # a link in bio: 2% of 20,000 open the profile in 30 days = 400 people; 30% of the post
    assert unit.loc["link_in_bio", "reach"] == pytest.approx(400)
    assert unit.loc["link_in_bio", "cost"] == pytest.approx(0.3 * 5.954 * 8)


def test_goals_page_with_nobody_in_the_markets(tmp_path):
    """A roster with nobody in the campaign's markets: the page says so, no crash."""
    campaign_file = tiny_copy(tmp_path, markets="[PL]")
    text = campaign_file.read_text(encoding="utf-8").replace(
        "countries: {LV: 0.6, EE: 0.4}", "countries: {PL: 1.0}"
    )
    campaign_file.write_text(text, encoding="utf-8")
    result = run_campaign(campaign_file, out_dir=tmp_path / "reports", stages="01")
    assert result.ok, [(s.stage, s.error) for s in result.stages]
    page = stage_page(result, "01-goals")
    assert "No creator on the roster passes the campaign" in page
    assert "What the roster can deliver" in page
