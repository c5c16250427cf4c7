"""Stage 01, goals and KPIs: feasibility computed by hand, each SMART letter failing on its own,
every bad goal explained, goals.json, and the notebook run for every example campaign."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from helpers.core.campaign import Campaign, Goal, load_campaign
from helpers.core.config import CAMPAIGNS_DIR
from helpers.run import cli
from helpers.run.runner import run_campaign
from helpers.stages import goals
from helpers.text.i18n import translator
from tests.conftest import EXAMPLE_CAMPAIGNS, TINY, stage_page
from tests.stages.goals.campaigns import (
    BAD_GOALS,
    EUR_USD,
    NO_GOALS,
    NO_ROSTER,
    make_campaign,
    row_of,
    sheet_of,
)

# --- the catalogue and measuring ---------------------------------------------------------------


def test_catalogue_documents_every_kpi():
    for name, kpi in goals.KPI_CATALOGUE.items():
        assert kpi.unit in goals.UNITS, name
        assert kpi.funnel_stage in goals.FUNNEL_STAGES, name
        assert kpi.label and kpi.definition and kpi.formula, name
        # measured from the results columns, or by hand and said how: one of the two
        assert bool(kpi.data_source) != bool(kpi.how_to_measure), name
        assert kpi["label"] == kpi.label and dict(kpi)["unit"] == kpi.unit  # both access styles
    named_in_the_issue = (
        "reach impressions engagements engagement_rate views video_completion_rate clicks ctr "
        "sign_ups conversions revenue roas roi cpm cpe cpa share_of_voice new_followers ugc_pieces"
    )
    assert set(named_in_the_issue.split()) <= set(goals.KPI_CATALOGUE)
    assert not goals.KPI_CATALOGUE["cpa"].higher_is_better
    table = goals.catalogue_table(translator("en"))
    assert list(table["funnel_stage"].drop_duplicates()) == list(goals.FUNNEL_STAGES)


def test_measure_on_the_tiny_results():
    results = pd.read_csv(TINY.parent / "results.csv")
    # one post: impressions 8,000, reach 6,000, likes 150, comments 12, shares 3, saves 5,
    # link clicks 40, conversions 3, revenue 90, cost 100
    assert goals.measure("reach", results) == 6_000
    assert goals.measure("engagements", results) == 170  # 150 + 12 + 3 + 5
    assert goals.measure("engagement_rate", results) == pytest.approx(170 / 6_000)
    assert goals.measure("ctr", results) == pytest.approx(40 / 8_000)
    assert goals.measure("cpm", results) == pytest.approx(100 / 8_000 * 1000)  # 12.5
    assert goals.measure("cpe", results) == pytest.approx(100 / 170)
    assert goals.measure("cpa", results) == pytest.approx(100 / 3)
    assert goals.measure("conversion_rate", results) == pytest.approx(3 / 40)
    assert goals.measure("roi", results) == pytest.approx((90 - 100) / 100)
    assert goals.measure("roas", results) == pytest.approx(0.9)
    assert goals.measure("reach", results, market="EE") == 0  # no EE post: nothing reached
    for unmeasurable in ("share_of_voice", "ugc_pieces", "new_followers", "retention_rate"):
        assert math.isnan(goals.measure(unmeasurable, results)), unmeasurable


def test_measure_says_nan_when_the_data_cannot_measure_it():
    results = pd.DataFrame({"impressions": [0], "link_clicks": [0], "cost": [np.nan]})
    assert math.isnan(goals.measure("ctr", results))  # zero impressions
    assert math.isnan(goals.measure("cpc", results))  # no cost recorded at all
    assert math.isnan(goals.measure("reach", results))  # no reach column
    with pytest.raises(KeyError, match="did you mean 'engagement_rate'"):
        goals.measure("engagment_rate", results)


# --- what the budget buys, by hand -------------------------------------------------------------


def test_budget_buys_impressions_at_benchmark_cpm():
    plan = goals.budget_plan(make_campaign())
    # USD 1,000 / USD 8 CPM x 1,000 = 125,000 impressions; / 1.3 frequency = 96,154 reach;
    # USD 1,000 / USD 0.25 CPE = 4,000 engagements; 125,000 x 0.8% = 1,000 clicks; x 5% = 50
    row = plan.iloc[0]
    assert row["impressions"] == pytest.approx(125_000)
    assert row["reach"] == pytest.approx(125_000 / 1.3)
    assert row["engagements"] == pytest.approx(4_000)
    assert row["clicks"] == pytest.approx(1_000)
    assert row["conversions"] == pytest.approx(50)
    assert row["views"] == pytest.approx(62_500)  # half of Instagram impressions are views


def test_budget_split_equally_gives_the_harmonic_mean_cpm():
    campaign = make_campaign(budget=2000, vetting={"platforms": ["instagram", "tiktok"]})
    expected = goals.expected_values(goals.budget_plan(campaign), campaign.budget)
    # USD 1,000 at CPM 8 = 125,000 plus USD 1,000 at CPM 10 = 100,000
    assert expected["impressions"] == pytest.approx(225_000)
    assert expected["cpm"] == pytest.approx(2 / (1 / 8 + 1 / 10))  # 8.89
    # engagements 1,000 / 0.25 + 1,000 / 0.15 = 10,667 over reach 225,000 / 1.3
    assert expected["engagement_rate"] == pytest.approx((4_000 + 1_000 / 0.15) / (225_000 / 1.3))


def test_budget_converted_to_usd_and_back():
    campaign = make_campaign(currency="EUR")
    expected = goals.expected_values(goals.budget_plan(campaign), campaign.budget)
    assert expected["impressions"] == pytest.approx(1000 * EUR_USD / 8 * 1000)  # 129,862.5
    assert expected["cpm"] == pytest.approx(8 / EUR_USD)  # EUR 7.70


def test_campaign_assumptions_override_the_reference_rates():
    campaign = make_campaign(
        assumptions={"cpm": {"instagram": 10}, "frequency": 2, "click_through_rate": 0.01}
    )
    row = goals.budget_plan(campaign).iloc[0]
    assert row["impressions"] == pytest.approx(100_000)  # USD 1,000 / 10 x 1,000
    assert row["reach"] == pytest.approx(50_000)
    assert row["clicks"] == pytest.approx(1_000)
    rates = goals.planning_rates(campaign)
    frequency = rates[rates["rate"] == "frequency"]
    assert list(frequency["basis"]) == ["campaign file"]
    assert frequency["definition"].iloc[0].startswith("impressions per account reached")
    assert list(rates.loc[rates["rate"] == "click_through_rate", "value"]) == [0.01]


def test_needs_so_many_times_the_budget():
    # 300,000 impressions against the 125,000 USD 1,000 buys: 2.4x the budget
    row = row_of(make_campaign(goals=[{"kpi": "impressions", "target": 300_000}]))
    assert row["expected"] == pytest.approx(125_000)
    assert row["coverage"] == pytest.approx(125_000 / 300_000)
    assert row["achievable"] == "fail"
    assert row["achievable_note"].startswith("Needs ~2.4x the budget: it buys ~120,000")


def test_tight_but_achievable_and_within_reach():
    tight = row_of(make_campaign(goals=[{"kpi": "impressions", "target": 120_000}]))
    assert (
        tight["achievable"] == "pass" and "only 4% more than the target" in tight["achievable_note"]
    )  # 125,000 / 120,000
    within = row_of(make_campaign(goals=[{"kpi": "impressions", "target": 140_000}]))
    assert within["achievable"] == "warn"  # 125,000 / 140,000 = 89%: within benchmark spread
    assert "Needs ~1.1x the budget" in within["achievable_note"]


def test_cost_cap_against_benchmark_cost():
    row = row_of(make_campaign(goals=[{"kpi": "cpm", "target": 4}]))
    assert row["expected"] == pytest.approx(8)
    assert row["coverage"] == pytest.approx(0.5)  # cap 4 / benchmark 8
    assert "2.0x your cap of USD 4.00" in row["achievable_note"]


def test_market_share_and_pacing_scale_what_the_budget_buys():
    goal = {"kpi": "impressions", "target": 10_000, "market": "EE", "deadline": "2027-03-10"}
    row = row_of(make_campaign(goals=[goal]))
    # EE gets 25% of the budget; by 10 March 10 of 30 days are spent: 125,000 x 0.25 x 1/3
    assert row["expected"] == pytest.approx(125_000 * 0.25 / 3)
    assert "EE's 25% of the budget; 33% of it spent by 2027-03-10" in row["achievable_note"]


def test_engagement_rate_against_the_rate_the_rate_card_implies():
    row = row_of(make_campaign(goals=[{"kpi": "engagement_rate", "target": 0.035}]))
    # 4,000 engagements / 96,154 reach = 4.16% per reach: CPM 8 x 1.3 / (1,000 x CPE 0.25)
    assert row["expected"] == pytest.approx(8 * 1.3 / 250)
    assert row["achievable"] == "pass"


def test_per_follower_percentile_context_from_the_roster():
    roster = pd.DataFrame(
        {
            "market": ["LV"] * 10,
            "platform": ["instagram"] * 10,
            "followers": [20_000] * 10,
            "avg_likes": [100 * i for i in range(1, 11)],  # ER 0.5%, 1.0% ... 5.0%
            "avg_comments": [0] * 10,
        }
    )
    campaign = make_campaign(goals=[{"kpi": "engagement_rate", "target": 0.035}])
    row = goals.goal_sheet(campaign, roster=roster).iloc[0]
    # 6 of the 10 micro creators are below 3.5%: the 60th percentile
    assert "at the 60th percentile of micro Instagram creators" in row["achievable_note"]
    high = make_campaign(goals=[{"kpi": "engagement_rate", "target": 0.06}])
    row = goals.goal_sheet(high, roster=roster).iloc[0]
    assert "above the 90th percentile of micro Instagram" in row["achievable_note"]


# --- each SMART letter failing on its own ------------------------------------------------------


def _letters(campaign: Campaign, kpi: str | None = None) -> dict[str, str]:
    row = row_of(campaign, kpi)
    return {letter: row[letter] for letter in goals.LETTERS}


def test_a_good_goal_passes_every_letter():
    letters = _letters(make_campaign(goals=[{"kpi": "impressions", "target": 100_000}]))
    assert set(letters.values()) == {"pass"}


@pytest.mark.parametrize(
    ("failing", "goal", "objective"),
    [
        ("specific", {"kpi": "impressions", "target": 100_000, "market": "DE"}, "awareness"),
        ("measurable", {"kpi": "impressions", "target": -5}, "awareness"),
        ("achievable", {"kpi": "impressions", "target": 1_000_000}, "awareness"),
        ("relevant", {"kpi": "conversions", "target": 10}, "awareness"),
        ("time_bound", {"kpi": "impressions", "target": 100_000, "deadline": "2027-04-02"},
         "awareness"),
    ],
)  # fmt: skip
def test_each_letter_fails_on_its_own(failing, goal, objective):
    letters = _letters(make_campaign(goals=[goal], objective=objective))
    assert letters[failing] == "fail", letters
    assert [name for name, status in letters.items() if status == "fail"] == [failing]


def test_each_letter_says_what_to_do():
    row = row_of(make_campaign(goals=[{"kpi": "conversions", "target": 10}]))
    assert "no goal measures the awareness objective: add a main KPI" in row["relevant_note"]
    assert "reach, impressions, views" in row["relevant_note"]
    late = row_of(
        make_campaign(goals=[{"kpi": "impressions", "target": 1, "deadline": "2027-04-02"}])
    )
    assert "after the campaign ends (2027-03-30)" in late["time_bound_note"]
    unmeasured = row_of(make_campaign(goals=[{"kpi": "ugc_pieces", "target": 40}]))
    assert unmeasured["measurable"] == "warn"
    assert "hashtag or sound search" in unmeasured["measurable_note"]
    assert "No benchmark on file for UGC pieces" in unmeasured["achievable_note"]


def test_specific_asks_whom_when_no_audience_is_named():
    campaign = make_campaign(audience={}, goals=[{"kpi": "reach", "target": 1000}])
    row = row_of(campaign)
    assert row["specific"] == "warn" and "reaching whom?" in row["specific_note"]


def test_guardrail_next_to_a_main_kpi_is_relevant():
    campaign = make_campaign(
        goals=[{"kpi": "reach", "target": 50_000}, {"kpi": "engagement_rate", "target": 0.03}]
    )
    row = row_of(campaign, "engagement_rate")
    assert row["relevant"] == "pass" and row["relevant_note"].startswith("A guardrail")


def test_loyalty_kpis_are_read_after_the_campaign():
    after = {"kpi": "retention_rate", "target": 0.3, "deadline": "2027-04-29"}
    campaign = make_campaign(objective="conversion", goals=[after])
    assert goals.goal_problems(campaign, "c.yaml") == []
    assert row_of(campaign)["time_bound"] == "pass"
    inside = make_campaign(objective="conversion", goals=[{"kpi": "retention_rate", "target": 0.3}])
    assert row_of(inside)["time_bound"] == "warn"


# --- bad input -------------------------------------------------------------------------------


def test_every_goal_error_is_one_clear_line():
    campaign = load_campaign(BAD_GOALS)
    problems = goals.goal_problems(campaign, BAD_GOALS)
    text = "\n".join(problems)
    assert len(problems) == 3
    assert "goals[2].kpi: unknown KPI 'engagment_rate'; did you mean 'engagement_rate'?" in text
    assert "goals[4].target: must be above 0 (got 0)" in text
    assert "goals[5].deadline: 2027-04-01 is after the campaign ends (2027-02-28)" in text
    assert all(line.startswith("tests/fixtures/goals/bad-goals.yaml: ") for line in problems)


def test_percentage_written_as_35_is_read_as_35_percent_and_said():
    campaign = make_campaign(goals=[{"kpi": "engagement_rate", "target": 35}])
    row = row_of(campaign)
    assert row["target"] == pytest.approx(0.35)
    assert row["measurable"] == "warn"
    assert row["measurable_note"].startswith("35 was read as 35% (0.35); write 0.35")
    assert goals.goal_problems(campaign, "c.yaml") == []
    impossible = make_campaign(goals=[{"kpi": "ctr", "target": 350}])
    assert goals.goal_problems(impossible, "c.yaml") == [
        "c.yaml: goals[0].target: 350 is not a share: Click-through rate is a fraction, "
        "e.g. 0.035 for 3.5%"
    ]


def test_other_bad_goals():
    campaign = make_campaign(
        goals=[
            {"kpi": "reach", "target": 1000, "market": "DE"},
            {"kpi": "impressions", "target": 1000, "deadline": "2027-02-01"},
            {"kpi": "impressions", "target": 2000},
            {"kpi": "roi", "target": 0},  # break-even is a fair ROI goal
            {"kpi": "roi", "target": -1, "market": "LV"},
            {"kpi": "installs", "target": 10},
        ]
    )
    text = "\n".join(goals.goal_problems(campaign, "c.yaml"))
    assert "goals[0].market: DE is not one of the campaign's markets (LV, EE)" in text
    assert "goals[1].deadline: 2027-02-01 is before the campaign starts (2027-03-01)" in text
    assert "goals[2].kpi: goals[1] already sets impressions for the whole campaign" in text
    assert "goals[3]" not in text
    assert "goals[4].target: must be above -1 (got -1)" in text
    assert "goals[5].kpi: unknown KPI 'installs'; did you mean 'conversions'?" in text


def test_campaign_file_accepts_percent_text_and_loose_kpi_names():
    goal = Goal(kpi="Engagement Rate", target="3.5%")
    assert goal.kpi == "engagement_rate" and goal.target == pytest.approx(0.035)
    with pytest.raises(ValueError, match="finite"):
        Goal(kpi="reach", target=float("inf"))
    with pytest.raises(ValueError, match="frequency"):
        make_campaign(assumptions={"frequency": 0.5})


def test_budget_that_cannot_be_priced_is_said_not_crashed():
    no_rate = make_campaign(currency="CZK", goals=[{"kpi": "reach", "target": 1000}])
    row = row_of(no_rate)
    assert row["achievable"] == "warn"
    assert "no exchange rate for CZK on file" in row["achievable_note"]
    assert "fx_rates.csv" in row["achievable_note"]
    no_platforms = make_campaign(vetting={"platforms": []}, goals=[{"kpi": "reach", "target": 1}])
    assert "lists no platforms" in row_of(no_platforms)["achievable_note"]
    assert goals.suggested_goals(make_campaign(currency="CZK")) == []


# --- goals against each other ------------------------------------------------------------------


def test_reach_target_and_cpm_cap_that_forbids_it():
    campaign = make_campaign(
        goals=[{"kpi": "reach", "target": 100_000}, {"kpi": "cpm", "target": 10}]
    )
    conflicts = goals.goal_conflicts(campaign, sheet_of(campaign))
    assert list(conflicts["severity"]) == ["conflict"]
    message = conflicts["message"].iloc[0]
    # reach 100,000 x 1.3 = 130,000 impressions; USD 1,000 at CPM 10 buys 100,000;
    # both hold only at a CPM of 1,000 / 130,000 x 1,000 = 7.69 or less
    assert "buys 100,000 impressions" in message and "~130,000 impressions" in message
    assert "at or below USD 7.69" in message
    notes = goals.goal_notes(campaign, "c.yaml")
    assert any("goals[0], goals[1]: note: Reach 100,000 and CPM" in line for line in notes)


def test_volume_and_cap_that_take_exactly_the_budget_leave_no_slack():
    campaign = load_campaign(CAMPAIGNS_DIR / "pulse-app-launch-2027.yaml")  # 6,000 x 20 = 120,000
    conflicts = goals.goal_conflicts(campaign, sheet_of(campaign)).set_index("goals")
    assert "no slack" in conflicts.loc["goals[0], goals[1]", "message"]
    assert "USD 22.22" in conflicts.loc["goals[0], goals[1]", "message"]  # 120,000 / 5,400
    # 6,000 / 90,000 = 6.7% of clicks converting, against the planning rate of 5%
    assert (
        "conversion rate of 6.7%; the playbook plans with 5.0%"
        in conflicts.loc["goals[0], goals[2]", "message"]
    )
    assert set(conflicts["severity"]) == {"note"}


def test_implied_rate_above_100_percent_is_a_conflict():
    campaign = make_campaign(
        objective="conversion",
        goals=[{"kpi": "conversions", "target": 500}, {"kpi": "clicks", "target": 100}],
    )
    conflicts = goals.goal_conflicts(campaign, sheet_of(campaign))
    assert "above 100%: impossible" in conflicts["message"].iloc[0]


# --- suggestions and goals.json ----------------------------------------------------------------


def test_suggestions_from_budget_and_benchmarks():
    sheet = sheet_of(make_campaign())
    assert sheet["suggested"].all()
    targets = dict(zip(sheet["kpi"], sheet["target"], strict=True))
    # reach 96,154 -> 96,000 (down); ER 4.16% -> 4.1% (down); CPM 8 -> 8 (a cap rounds up)
    assert targets == {"reach": 96_000, "engagement_rate": 0.041, "cpm": 8}
    assert (sheet["achievable"] == "pass").all()
    conversion = sheet_of(make_campaign(objective="conversion"))
    # 50 conversions, CPA 1,000 / 50 = 20, 1,000 clicks
    assert dict(zip(conversion["kpi"], conversion["target"], strict=True)) == {
        "conversions": 50,
        "cpa": 20,
        "clicks": 1_000,
    }


def test_suggestions_replace_goals_that_are_all_unusable():
    sheet = sheet_of(make_campaign(goals=[{"kpi": "buzz", "target": 1}]))
    assert list(sheet["verdict"])[0] == "invalid"
    assert sheet["suggested"].sum() == 3
    text = goals.goals_summary(make_campaign(), sheet, pd.DataFrame(columns=["severity"]))
    assert "sets no usable goal, so the sheet **suggests 3**" in text


def test_round_target():
    assert goals.round_target(2_247_620) == 2_200_000
    assert goals.round_target(27.5016, up=True) == 28
    assert goals.round_target(8.0, up=True) == 8.0


def test_goals_document_is_the_contract():
    campaign = load_campaign(BAD_GOALS)
    document = goals.goals_document(campaign, goals.goal_sheet(campaign, roster=NO_ROSTER))
    json.dumps(document, allow_nan=False)  # strict JSON: no NaN
    assert {"campaign_id", "objective", "currency", "start", "end", "goals"} <= set(document)
    assert document["start"] == "2027-02-01" and document["currency"] == "EUR"
    contract = {"kpi", "label", "target", "unit", "baseline", "deadline", "market",
                "funnel_stage", "formula", "suggested", "smart"}  # fmt: skip
    assert [g["kpi"] for g in document["goals"]] == ["reach", "cpm", "engagement_rate"]
    for goal in document["goals"]:
        assert contract <= set(goal)
        assert set(goal["smart"]) == set(goals.LETTERS)
        assert goal["deadline"] == "2027-02-28"
    assert document["goals"][2]["target"] == pytest.approx(0.35)  # 35 read as 35%
    assert document["goals"][1]["higher_is_better"] is False
    assert [r["index"] for r in document["rejected"]] == [2, 4, 5]


# --- the command line and the notebook ---------------------------------------------------------


def test_validate_exits_2_on_goal_errors_and_prints_notes(capsys):
    assert cli.main(["validate", str(BAD_GOALS)]) == 2
    captured = capsys.readouterr()
    assert "goals[2].kpi: unknown KPI 'engagment_rate'" in captured.err
    assert "goals[3].target: note: 35 was read as 35% (0.35)" in captured.err
    assert "ok (" not in captured.out
    assert "Traceback" not in captured.err
    assert cli.main(["validate", str(NO_GOALS)]) == 0


def test_goal_builder_widget_builds_and_updates():
    from helpers.stages.goals import widgets

    campaign = make_campaign(goals=[{"kpi": "reach", "target": 50_000}])
    builder = widgets.goal_builder(campaign, NO_ROSTER)
    kpi, target = builder.children[0].children
    assert target.value == 96_000  # the budget's reach, suggested as the starting target
    kpi.value = "cpa"
    assert target.value == pytest.approx(20)  # USD 1,000 / 50 conversions, rounded up


def _page(result, stage="01-goals") -> str:
    return stage_page(result, stage)


@pytest.mark.parametrize("campaign_file", EXAMPLE_CAMPAIGNS, ids=lambda p: p.stem)
def test_notebook_for_every_example_campaign(campaign_file, tmp_path):
    result = run_campaign(campaign_file, out_dir=tmp_path, stages="01")
    page = _page(result)
    document = json.loads((result.report_dir / "goals.json").read_text(encoding="utf-8"))
    campaign = load_campaign(campaign_file)
    assert [g["kpi"] for g in document["goals"]] == [g.kpi for g in campaign.goals]
    assert "data:image/png;base64" in page  # the budget chart, inline
    assert "Sources" in page and "Agency rate card" in page
    expected = {
        # the roster's 33 eligible creators deliver ~86% of the reach goal: the roster limits it
        "aurora-baltics-2027": "The roster, not the budget, limits reach",
        "nordic-threads-2027": "2 of 3 goals pass every SMART letter",
        "pulse-app-launch-2027": "Needs ~1.6x the budget",
    }[campaign.id]
    assert expected in page


def test_notebook_explains_bad_goals_and_suggests_missing_ones(tmp_path):
    page = _page(run_campaign(BAD_GOALS, out_dir=tmp_path, stages="01"))
    assert "Goals that cannot be used" in page
    assert "kpi: unknown KPI 'engagment_rate'; did you mean 'engagement_rate'?" in page
    assert "35 was read as 35% (0.35)" in page
    assert "disagree" in page
    page = _page(run_campaign(NO_GOALS, out_dir=tmp_path, stages="01"))
    assert "sets no goals, so the sheet <strong>suggests 3</strong>" in page


def test_finding_says_why_nothing_can_be_suggested():
    campaign = make_campaign(currency="CZK")
    sheet = sheet_of(campaign)
    text = goals.goals_summary(campaign, sheet, goals.goal_conflicts(campaign, sheet))
    assert text.startswith("The campaign sets no goals, and the playbook cannot suggest any: ")
    assert "no exchange rate for CZK on file" in text
    assert goals.goals_document(campaign, sheet)["goals"] == []


def test_zero_budget_buys_nothing_and_says_so():
    campaign = make_campaign(budget=0, goals=[{"kpi": "reach", "target": 1000}])
    row = row_of(campaign)
    assert row["achievable"] == "warn" and row["achievable_note"].startswith("The budget is 0")
    # rates and costs per unit do not depend on the budget: they are still suggested
    assert list(sheet_of(make_campaign(budget=0))["kpi"]) == ["engagement_rate", "cpm"]
