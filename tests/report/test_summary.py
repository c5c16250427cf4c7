"""The summary a client reads first (issue 19): numbers hand-computed on small artifacts written
into a run folder, for a planning, a live and a finished campaign, a failed stage and an
awareness campaign's ROI caveat; in words, never in developer notation."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from helpers.core.artifacts import save_table
from helpers.core.campaign import load_campaign
from helpers.report.summary import campaign_summary, planned_totals
from helpers.report.summary_page import goal_target_text, summary_html
from helpers.run.results import StageResult
from helpers.text.i18n import translator
from tests.conftest import tiny_copy

EN = translator("en")
GOALS = [
    {"kpi": "reach", "label": "Reach", "target": 100_000, "market": None},
    {"kpi": "engagement_rate", "label": "Engagement rate", "target": 0.03, "market": None},
    {"kpi": "cpm", "label": "CPM", "target": 30, "market": None},
    {"kpi": "reach", "label": "Reach", "target": 50_000, "market": "LV"},
]


def words(html: str) -> str:
    """The block's text without tags and styles."""
    html = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def run_folder(tmp_path: Path, objective: str = "awareness") -> tuple:
    """The tiny campaign (budget EUR 5,000, ends 28 Feb 2027) and a run folder with goals.json."""
    campaign = load_campaign(tiny_copy(tmp_path, objective=objective))
    run = tmp_path / "run"
    run.mkdir()
    (run / "goals.json").write_text(json.dumps({"goals": GOALS}), encoding="utf-8")
    return campaign, run


def write_plan(run: Path) -> None:
    """Two offers in the plan and one left out (per-post expected figures times quantity)."""
    offers = pd.DataFrame(
        {
            "influencer_id": ["t1", "t2", "t3"],
            "handle": ["@liga", "@kart", "@mari"],
            "market": ["LV", "EE", "EE"],
            "composite_score": [80.0, 60.0, 95.0],
            "selected": [True, True, False],
            "quantity": [2, 1, 0],
            "planned_cost": [300.0, 1200.0, 5000.0],
            "expected_impressions": [12_000.0, 39_000.0, 500_000.0],
            "expected_reach": [10_000.0, 30_000.0, 400_000.0],
            "expected_engagements": [500.0, 900.0, 9_000.0],
            "expected_clicks": [10.0, 20.0, 100.0],
            "expected_conversions": [1.0, 2.0, 10.0],
        }
    )
    save_table(offers, run, "offers.csv")


def write_results(run: Path) -> None:
    """roi.csv: the campaign, one market and two creators."""
    base = {"posts": 2, "impressions": 0, "views": 0, "link_clicks": 0, "conversions": 0}
    rows = [
        {"level": "campaign", "key": "campaign", "cost": 2000.0, "impressions": 100_000,
         "reach": 80_000, "engagements": 4000, "revenue": 3000.0},
        {"level": "market", "key": "LV", "cost": 500.0, "impressions": 60_000,
         "reach": 50_000, "engagements": 3000, "revenue": 2000.0},
        {"level": "influencer", "key": "t1", "handle": "@liga", "cost": 500.0,
         "reach": 50_000, "engagements": 3000, "revenue": 2000.0, "conversions": 20,
         "recommendation": "rehire"},
        {"level": "influencer", "key": "t2", "handle": "@kart", "cost": 1500.0,
         "reach": 30_000, "engagements": 1000, "revenue": 1000.0, "conversions": 10,
         "recommendation": "drop"},
    ]  # fmt: skip
    frame = pd.DataFrame([base | row for row in rows])
    frame["roi"] = (frame["revenue"] - frame["cost"]) / frame["cost"]
    frame["roas"] = frame["revenue"] / frame["cost"]
    frame["cpe"] = frame["cost"] / frame["engagements"]
    save_table(frame, run, "roi.csv")


def test_planned_totals_multiply_each_offer_by_its_quantity():
    plan = pd.DataFrame(
        {"quantity": [2, 1], "planned_cost": [300.0, 1200.0], "expected_reach": [10.0, 30.0]}
    )
    assert planned_totals(plan) == {"reach": 50.0, "cost": 1500.0}


def test_a_planning_campaign_reads_its_goals_against_the_plan(tmp_path):
    campaign, run = run_folder(tmp_path)
    write_plan(run)
    write_results(run)  # a stale roi.csv: a planning campaign has no results, it is not read
    save_table(pd.DataFrame({"post_id": ["a", "b"]}), run, "calendar_conflicts.csv")
    summary = campaign_summary(campaign, run, [], "planning")
    # 2 x 10,000 + 30,000 reached; 2 x 500 + 900 engagements; EUR 300 + 1,200
    assert (summary.spend, summary.spend_basis) == (1500.0, "planned")
    reach, rate, cpm, latvia = summary.goals
    assert (reach.value, reach.basis, reach.share) == (50_000, "planned", 0.5)
    assert rate.value == pytest.approx(1900 / 50_000)  # 3.8%
    assert cpm.value == pytest.approx(1500 / 63_000 * 1000)  # EUR 23.81, under the cap of 30
    assert cpm.met is True and cpm.share == pytest.approx(30 / (1500 / 63_000 * 1000))
    assert (latvia.value, latvia.share) == (20_000, 0.4)  # only @liga's 2 x 10,000 in LV
    assert (summary.best.handle, summary.weakest.handle) == ("@liga", "@kart")  # 80 and 60
    assert summary.creators_basis == "plan" and summary.creators == 2
    assert [s.kind for s in summary.next_steps] == ["short", "short", "conflicts"]
    assert summary.next_steps[0].values["unspent"] == 3500.0  # EUR 5,000 - 1,500 planned
    shown = words(summary_html(summary, EN, end="28 Feb 2027"))
    assert "Planned spend EUR 1,500 of the EUR 5,000 budget (30%)." in shown
    assert "Reach: 50,000 planned of 100,000 (50%)." in shown
    assert "Engagement rate (per reach): 3.8% planned against a target of 3.0% (127%)." in shown
    assert "CPM: EUR 23.81 planned against a cap of EUR 30.00 (within the cap)." in shown
    assert "Reach in LV: 20,000 planned of 50,000 (40%)." in shown
    assert (
        "Reach: the plan reaches 50,000 of 100,000, and EUR 3,500 of the budget is not in it "
        "yet: add creators or lower the target." in shown
    )
    assert "Highest vetting score in the plan: @liga (vetting score 80 of 100)" in shown
    assert "ROI and ROAS are measured on the final results, after 28 Feb 2027." in shown
    assert "engagement_rate" not in shown and "goals[" not in shown


def test_a_live_campaign_shows_the_forecast_and_what_is_off_track(tmp_path):
    campaign, run = run_folder(tmp_path)
    write_plan(run)
    pacing = pd.DataFrame(
        {
            "kpi": ["reach", "engagement_rate"],
            "market": ["all", "all"],
            "target": [100_000, 0.03],
            "actual_to_date": [30_000.0, 0.05],
            "projected_end": [80_000.0, 0.045],
            "status": ["off track", "on track"],
        }
    )
    save_table(pacing, run, "monitoring.csv")
    summary = campaign_summary(campaign, run, [], "live")
    reach, rate, cpm, latvia = summary.goals
    assert (reach.value, reach.so_far, reach.share) == (80_000, 30_000, 0.8)
    assert rate.share == pytest.approx(1.5)
    assert cpm.basis == latvia.basis == "unknown"  # monitoring does not forecast them
    assert [s.kind for s in summary.next_steps] == ["off_track", "final_results"]
    shown = words(summary_html(summary, EN, end="28 Feb 2027"))
    assert "Reach: 80,000 forecast of 100,000 by the end (80%); 30,000 so far." in shown
    assert "CPM: target EUR 30.00; no forecast for it yet." in shown
    assert "Reach is off track (80,000 forecast against 100,000)" in shown
    assert "Add the final results (data.results) after 28 Feb 2027" in shown


def test_a_finished_campaign_is_read_on_its_results(tmp_path):
    campaign, run = run_folder(tmp_path)
    write_plan(run)
    write_results(run)
    summary = campaign_summary(campaign, run, [], "finished")
    assert (summary.spend, summary.spend_basis) == (2000.0, "actual")
    assert summary.roi == pytest.approx(0.5) and summary.roas == pytest.approx(1.5)
    reach, rate, cpm, latvia = summary.goals
    assert (reach.value, reach.share, reach.met) == (80_000, 0.8, False)
    assert rate.value == pytest.approx(0.05)  # 4,000 / 80,000
    assert cpm.value == pytest.approx(20.0)  # 2,000 / 100,000 x 1,000
    assert latvia.value == 50_000 and latvia.met is True
    # awareness: cost per 1,000 reached, EUR 10 (@liga) against EUR 50 (@kart)
    assert (summary.best.handle, summary.best.value) == ("@liga", 10.0)
    assert (summary.weakest.handle, summary.weakest.value) == ("@kart", 50.0)
    assert [s.kind for s in summary.next_steps] == ["missed", "rehire", "drop"]
    shown = words(summary_html(summary, EN))
    assert "Spent EUR 2,000 of the EUR 5,000 budget (40%)." in shown
    assert "ROI +50%, ROAS 1.50×: EUR 3,000 of revenue on EUR 2,000 spent." in shown
    assert "Reach: 80,000 of 100,000 (80%)." in shown
    assert "Best value: @liga (EUR 10.00 per 1,000 reached) · rehire" in shown
    assert "Weakest: @kart (EUR 50.00 per 1,000 reached) · drop" in shown
    assert "Do not rebook @kart" in shown


def test_an_awareness_campaign_carries_the_roi_caveat_and_a_conversion_one_does_not(tmp_path):
    awareness, run = run_folder(tmp_path / "a")
    write_results(run)
    caveat = "An awareness campaign is not judged on ROI"
    assert caveat in words(summary_html(campaign_summary(awareness, run, [], "finished"), EN))
    conversion, run = run_folder(tmp_path / "c", objective="conversion")
    write_results(run)
    summary = campaign_summary(conversion, run, [], "finished")
    assert caveat not in words(summary_html(summary, EN))
    # conversion creators are compared on cost per conversion, as the ROI stage advises:
    # EUR 500 / 20 = 25 against EUR 1,500 / 10 = 150
    assert (summary.best.handle, summary.best.value) == ("@liga", 25.0)
    assert (summary.weakest.handle, summary.weakest.value) == ("@kart", 150.0)
    assert "@liga (EUR 25.00 per conversion) · rehire" in words(summary_html(summary, EN))


def test_a_failed_stage_is_named_and_nothing_is_invented(tmp_path):
    campaign, run = run_folder(tmp_path)
    stages = [
        StageResult("05", "05 Monitoring", status="done"),
        StageResult("06", "06 ROI", status="failed", error="results.csv: cost missing"),
    ]
    summary = campaign_summary(campaign, run, stages, "finished")
    assert {g.basis for g in summary.goals} == {"unknown"}
    assert summary.spend_basis == "unknown" and summary.best is None
    assert summary.next_steps[0].kind == "fix_stage"
    shown = words(summary_html(summary, EN))
    assert "Fix stage 06 ROI (results.csv: cost missing) and run the report again." in shown
    assert "Not in this summary, because these stages did not finish: 06 ROI (failed)." in shown
    assert "Reach: target 100,000; not known yet." in shown
    assert "Spend: not known yet" in shown
    assert "Not known: the results have no revenue" in shown


def test_the_index_names_goals_in_words_with_their_targets_formatted():
    assert goal_target_text({"kpi": "engagement_rate", "target": 0.035}, "EUR", EN) == (
        "Engagement rate (per reach) 3.5%"
    )
    assert goal_target_text({"kpi": "reach", "target": 1_500_000}, "EUR", EN) == ("Reach 1,500,000")
    assert goal_target_text({"kpi": "cpa", "target": 20, "market": "US"}, "USD", EN) == (
        "CPA in US at most USD 20.00"
    )


def test_the_summary_in_latvian_has_no_english_left(tmp_path):
    campaign, run = run_folder(tmp_path)
    write_plan(run)
    lv = translator("lv")
    shown = words(summary_html(campaign_summary(campaign, run, [], "planning"), lv, end="x"))
    assert "Kopsavilkums" in shown and "Sasniedzamība" in shown
    for english in ("Summary", "planned", "Spend", "What to do next", "Creators"):
        assert english not in shown


def test_a_goal_the_results_cannot_measure_is_counted_by_hand(tmp_path):
    campaign, run = run_folder(tmp_path)
    goals = [GOALS[0], {"kpi": "ugc_pieces", "label": "UGC pieces", "target": 40}]
    (run / "goals.json").write_text(json.dumps({"goals": goals}), encoding="utf-8")
    write_results(run)
    summary = campaign_summary(campaign, run, [], "finished")
    assert [s.kind for s in summary.next_steps] == ["missed", "by_hand", "rehire"]
    shown = words(summary_html(summary, EN))
    assert "UGC pieces: target 40; not in the results (count it by hand)." in shown
    assert "Count UGC pieces by hand: the results file does not measure it." in shown
