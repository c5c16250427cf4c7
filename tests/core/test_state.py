"""A campaign's state (planning, live, finished) from its data and dates."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from helpers.core.campaign import load_campaign
from helpers.core.config import CAMPAIGNS_DIR
from helpers.core.state import campaign_state, outside_lines, state_line, waiting_line
from helpers.text.i18n import translator

_ = translator("en")
DEMO = CAMPAIGNS_DIR / "aurora-baltics-2027.yaml"  # window 1 Feb to 15 Mar 2027, phases from 1 Feb


@pytest.fixture(scope="module")
def demo():
    return load_campaign(DEMO)


def posts(*days: str) -> pd.DataFrame:
    return pd.DataFrame({"post_id": [f"p{i}" for i in range(len(days))], "posted_at": list(days)})


def with_as_of(campaign, day):
    return campaign.model_copy(
        update={"measurement": campaign.measurement.model_copy(update={"as_of": day})}
    )


def test_no_results_before_the_start_is_planning_with_the_first_phase_as_go_live(demo):
    state = campaign_state(demo, {}, today=date(2027, 1, 20))
    assert (state.state, state.reason) == ("planning", "before start")
    assert (state.first_go_live, state.go_live_from) == (date(2027, 2, 1), "phases")
    assert state.days_to_go_live == 12  # 20 Jan to 1 Feb
    assert state.days_left == 43  # the whole window: 1 Feb to 15 Mar is 43 days
    assert state.table is None and state.posts == 0 and state.planned_posts is None
    assert waiting_line(state, demo, "monitoring", _).startswith(
        "No results yet: the first posts go live on 1 Feb 2027"
    )
    assert state_line(state, demo, _) == (
        "planning (no results yet, first posts go live on 1 Feb 2027)"
    )


def test_the_calendar_gives_the_first_planned_go_live(demo, tmp_path):
    pd.DataFrame(
        {
            "post_id": ["a", "b", "c"],
            "status": ["scheduled", "unscheduled", "scheduled"],
            "go_live_local": ["2027-02-10 19:00", "2027-02-02 10:00", "2027-02-08 12:00"],
        }
    ).to_csv(tmp_path / "calendar.csv", index=False)
    state = campaign_state(demo, {}, tmp_path, today=date(2027, 1, 20))
    # the unscheduled post does not count: 8 Feb is the first scheduled go-live
    assert (state.first_go_live, state.go_live_from, state.planned_posts) == (
        date(2027, 2, 8),
        "calendar",
        2,
    )


def test_in_the_window_with_no_results_is_still_planning(demo):
    state = campaign_state(demo, {}, today=date(2027, 2, 5))
    assert (state.state, state.reason, state.days_left) == ("planning", "no results yet", 38)
    assert "were planned to go live on 1 Feb 2027" in waiting_line(state, demo, "roi", _)


def test_results_to_date_in_the_window_is_live(demo):
    tables = {"results_to_date": posts("2027-02-02", "2027-02-09", "2027-02-18")}
    state = campaign_state(demo, tables, today=date(2027, 2, 20))
    assert (state.state, state.table, state.posts) == ("live", "results_to_date", 3)
    assert state.last_post == date(2027, 2, 18)
    assert state.days_left == 23  # 20 Feb to 15 Mar
    assert state_line(state, demo, _) == "live (3 posts to 18 Feb 2027, 23 days left)"


def test_results_past_today_move_the_day_to_the_last_post(demo):
    tables = {"results_to_date": posts("2027-02-02", "2027-02-18")}
    state = campaign_state(demo, tables, today=date(2026, 12, 3))  # a sample in the future
    assert state.on == date(2027, 2, 18) and state.days_left == 25


def test_measurement_as_of_is_the_day_judged_on(demo):
    tables = {"results_to_date": posts("2027-02-02")}
    state = campaign_state(with_as_of(demo, date(2027, 3, 16)), tables, today=date(2027, 2, 3))
    assert (state.state, state.reason, state.days_left) == ("finished", "window over", 0)
    assert "name the final results under data.results" in waiting_line(state, demo, "roi", _)


def test_final_results_are_finished(demo):
    tables = {
        "results": posts("2027-02-02", "2027-03-13", "2027-04-01"),
        "results_to_date": posts("2027-02-02"),
    }
    state = campaign_state(demo, tables, today=date(2027, 2, 3))
    assert (state.state, state.reason, state.table, state.posts) == (
        "finished",
        "final results",
        "results",
        2,  # 1 Apr is outside the window
    )
    assert state.outside == ()


def test_results_all_outside_the_window_are_named_not_counted(demo):
    tables = {"results": posts(*[f"2026-05-0{day}" for day in range(1, 10)], "2026-06-01")}
    state = campaign_state(demo, tables, today=date(2027, 1, 10))
    assert state.state == "planning" and state.table is None
    (outside,) = state.outside
    assert (outside.table, outside.posts) == ("results", 10)
    (line,) = outside_lines(state, demo, _)
    assert line.startswith("None of the 10 posts in ")
    assert "falls in 1 Feb 2027 to 15 Mar 2027 (they run from 1 May 2026 to 1 Jun 2026)" in line
    assert line.endswith("check that this is the campaign's file, or its start and end.")


def test_the_state_goes_into_run_json_as_plain_values(demo):
    facts = campaign_state(demo, {}, today=date(2027, 1, 20)).as_dict()
    assert facts["state"] == "planning" and facts["outside"] == []
    assert facts["first_go_live"] == date(2027, 2, 1)
