"""The budget the plan leaves idle: the amount and share by hand, the rules that bind it, the
group of creators to add, the sentence of the finding, and the re-solves that relax one rule
at a time on the four-creator world in tests/fixtures/negotiation."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers.core import data
from helpers.core.campaign import load_campaign
from helpers.stages import negotiation
from helpers.stages.negotiation import supply
from helpers.stages.negotiation.budget import Allocation
from helpers.text.i18n import translator

FIXTURE = Path(__file__).parents[2] / "fixtures" / "negotiation"
EN = translator("en")


def _plan() -> pd.DataFrame:
    """@liga (LV Instagram micro): 2 feed posts and a Story set for EUR 500, 11,000 reached;
    @kart (EE TikTok micro): 2 shorts for EUR 300, 30,000 reached."""
    rows = [
        ("c1", "@liga", "instagram", "LV", "micro", "feed_post", 2, 400.0, 10_000.0),
        ("c1", "@liga", "instagram", "LV", "micro", "story", 1, 100.0, 1_000.0),
        ("c2", "@kart", "tiktok", "EE", "micro", "short", 2, 300.0, 30_000.0),
    ]
    columns = ["influencer_id", "handle", "platform", "market", "tier", "deliverable",
               "quantity", "planned_cost", "expected_kpi"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def _allocation(plan: pd.DataFrame, runners_up: pd.DataFrame | None = None) -> Allocation:
    # EUR 5,000 with the default 10% reserve: EUR 4,500 to spend
    return Allocation(
        "optimal", "", "reach", 5000.0, 4500.0, plan=plan,
        runners_up=runners_up if runners_up is not None else pd.DataFrame(),
    )  # fmt: skip


@pytest.fixture(scope="module")
def campaign():
    return load_campaign(FIXTURE / "campaign.yaml").model_copy(update={"budget": 5000})


def test_idle_amount_share_and_what_binds(campaign):
    idle = supply.idle_budget(campaign, _allocation(_plan()))
    # planned EUR 800: EUR 3,700 of the EUR 4,500 idle, EUR 4,200 (84%) of the budget unplanned
    assert idle.idle == pytest.approx(3700)
    assert idle.unplanned == pytest.approx(4200) and idle.share == pytest.approx(0.84)
    assert idle.reserve == pytest.approx(500) and idle.all_planned and idle.worth_saying
    # @liga has 3 units (the most per creator); both have 2 of one deliverable (the most)
    assert idle.binding == [("max_units_per_creator", 3), ("max_units", 2)]
    groups = idle.groups.set_index(["market", "platform", "tier"])
    assert groups.loc[("EE", "tiktok", "micro"), "kpi_per_1000"] == pytest.approx(100_000)
    assert groups.loc[("LV", "instagram", "micro"), "cost_each"] == pytest.approx(500)
    # TikTok brings most per euro but would need 13 creators at EUR 300 to use EUR 3,700 (more
    # than 10): 8 more Instagram creators at EUR 500 each use it instead
    assert idle.recruit == {
        "market": "LV", "platform": "instagram", "tier": "micro", "count": 8,
        "cost_each": 500.0, "unlocked": 3700.0, "kpi": pytest.approx(3700 * 22),
    }  # fmt: skip


def test_the_finding_says_how_much_is_idle_and_what_would_unlock_it(campaign):
    text = supply.idle_sentence(campaign, _allocation(_plan()), 2, EN)
    assert text == (
        "**EUR 4,200 (84%) of the budget is not planned** (the EUR 500 reserve included): "
        "every shortlisted creator is already in the plan, at the rules' limits: 3 deliverables "
        "per creator (negotiation.rules.max_units_per_creator); 2 of one deliverable per creator "
        "(negotiation.max_units). Adding about 8 more micro Instagram creators in LV (about EUR "
        "500 each in this plan) would use about EUR 3,700; the creators vetting flagged (2) are "
        "the next to review; the table under the plan says what relaxing each rule unlocks."
    )


def test_creators_left_out_mean_the_rules_stop_the_plan(campaign):
    runners_up = pd.DataFrame(
        [("@mari", "instagram", "EE", "mid", "feed_post", 1600.0, 40_000.0, 25_000.0)],
        columns=["handle", "platform", "market", "tier", "deliverable", "cost", "kpi_value",
                 "kpi_per_1000"],
    )  # fmt: skip
    capped = campaign.model_copy(
        update={
            "negotiation": campaign.negotiation.model_copy(
                update={"rules": campaign.negotiation.rules.model_copy(
                    update={"max_creators": 2, "max_units_per_creator": 5})}
            )
        }
    )  # fmt: skip
    idle = supply.idle_budget(capped, _allocation(_plan(), runners_up))
    assert not idle.all_planned
    assert idle.binding == [("max_units", 2), ("max_creators", 2)]
    text = supply.idle_sentence(capped, _allocation(_plan(), runners_up), 0, EN)
    assert (
        "the rules stop the plan: 2 of one deliverable per creator (negotiation.max_units); "
        "2 creators in all (negotiation.rules.max_creators)." in text
    )
    keys = [key for key, _changes, _shortlist in supply.relaxed_changes(capped, idle, None)]
    assert keys == ["max_units", "max_creators"]


def test_a_plan_that_uses_the_budget_or_no_plan_says_nothing(campaign):
    spent = _plan().assign(planned_cost=[2000.0, 1000.0, 1200.0])  # EUR 4,200 of 4,500
    assert supply.idle_sentence(campaign, _allocation(spent), 0, EN) == ""
    assert not supply.idle_budget(campaign, _allocation(spent)).worth_saying
    nothing = Allocation("no_candidates", "Nobody.", "reach", 5000.0, 4500.0)
    assert supply.idle_budget(campaign, nothing) is None
    assert supply.idle_sentence(campaign, nothing, 3, EN) == ""
    assert supply.unlocking_changes(campaign, nothing, pd.DataFrame(), {}, EN).empty


def test_relaxing_one_rule_at_a_time_on_the_four_creator_world():
    campaign = load_campaign(FIXTURE / "campaign.yaml").model_copy(update={"budget": 20_000})
    tables = data.load_campaign_data(campaign, ["roster", "pipeline"])
    shortlist = pd.read_csv(FIXTURE / "shortlist.csv", keep_default_na=False, na_values=[""])
    shortlist.loc[shortlist["handle"] == "@mart", "status"] = "flagged"
    offers, allocation = negotiation.plan_campaign(campaign, tables, shortlist)
    idle = supply.idle_budget(campaign, allocation)
    assert idle.worth_saying and idle.all_planned  # three creators cannot use EUR 18,000
    table = supply.unlocking_changes(campaign, allocation, shortlist, tables, EN)
    assert len(table) == 3
    rules = campaign.negotiation.rules
    cleared = shortlist.assign(status="shortlisted")
    expected = {
        "allow 4 deliverables per creator (negotiation.rules.max_units_per_creator: 4)": (
            shortlist, {"rules": rules.model_copy(update={"max_units_per_creator": 4})}
        ),
        "allow 3 of one deliverable (negotiation.max_units: 3)": (shortlist, {"max_units": 3}),
        "shortlist the creators vetting flagged (1), once a person has checked them": (cleared, {}),
    }  # fmt: skip
    for row in table.itertuples():
        chosen, changes = expected[row.change]
        again = negotiation.what_if(campaign, chosen, tables, changes)
        assert row.unlocked == pytest.approx(again["planned_cost"] - allocation.cost)
        assert row.gained == pytest.approx(again["expected_kpi"] - allocation.expected_kpi)
        assert row.unlocked > 0
    assert table["unlocked"].is_monotonic_decreasing
    text = negotiation.negotiation_summary(campaign, offers, allocation, flagged=1)
    assert "of the budget is not planned** (the EUR 2,000 reserve included)" in text
    paragraph = supply.idle_paragraph(campaign, allocation, shortlist, EN)
    assert paragraph.startswith(
        f"**EUR {18_000 - allocation.cost:,.0f} of the EUR 18,000 to spend after the reserve is "
        "idle**"
    )
