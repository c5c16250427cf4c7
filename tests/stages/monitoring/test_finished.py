"""A finished campaign with only its final results (no results to date): monitoring reads them,
dates the pacing on the last day of the window and has nothing left to move."""

from __future__ import annotations

import shutil

import pandas as pd

from helpers.core.campaign import load_campaign
from helpers.core.data import load_campaign_data
from helpers.stages import monitoring
from tests.conftest import FIXTURES


def _final_only(tmp_path):
    for folder in ("roi", "tiny"):
        shutil.copytree(FIXTURES / folder, tmp_path / folder)
    path = tmp_path / "roi" / "roi.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  results_to_date: results-to-date.csv\n", ""), encoding="utf-8")
    return load_campaign(path)


def test_final_results_alone_are_monitored_as_of_the_last_day(tmp_path):
    campaign = _final_only(tmp_path)
    assert monitoring.monitoring_table(campaign) == "results"
    tables = load_campaign_data(campaign, ["results", "roster"])
    results = monitoring.read_results(campaign, tables, tmp_path, "results")["results"]
    assert len(results) > 0
    as_of = monitoring.as_of_date(campaign, results, final=True)
    assert as_of == campaign.end == pd.Timestamp("2027-02-28").date()
    assert monitoring.elapsed_share(campaign, as_of) == 1.0
    # without final=True it is the last day with a post, as for results to date
    assert monitoring.as_of_date(campaign, results) == results["posted_at"].max().date()


def test_a_closed_window_says_nothing_is_left_to_move(tmp_path):
    campaign = _final_only(tmp_path)
    tables = load_campaign_data(campaign, ["results", "roster"])
    read = monitoring.read_results(campaign, tables, tmp_path, "results")
    results = read["results"]
    as_of = monitoring.as_of_date(campaign, results, final=True)
    goals = monitoring.campaign_goals(campaign)
    table = monitoring.pacing(goals, results, campaign, as_of, 0.0)
    creators = monitoring.performance(results, campaign, "influencer")
    plan, _how = monitoring.reallocation_plan(creators, campaign, 0.0)
    line = monitoring.monitoring_summary(campaign, table, creators, plan, 500.0)
    assert "The window has closed with EUR 500 not committed: nothing is left to move" in line
