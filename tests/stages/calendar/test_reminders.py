"""The calendar files remind the team: a DISPLAY VALARM before each go-live (hours before, in
the market's zone) and before each approval deadline (09:00 the day(s) before), every title
names the campaign, and beside ``calendar.ics`` sit a go-lives-only and an approvals-only file."""

from __future__ import annotations

from datetime import datetime, timedelta

import icalendar
import pytest

from helpers.core.campaign import load_campaign
from helpers.core.errors import InputError
from helpers.stages import calendar as cc
from tests.stages.calendar.conftest import SMALL, STAMP, deliverables


@pytest.fixture(scope="module")
def plan_and_campaign():
    campaign = load_campaign(SMALL)
    rows = deliverables(("x1", "LV", "instagram", "reel", 1, 100))
    return cc.build_calendar(rows, campaign), campaign


def _events(ics: bytes) -> list:
    return [c for c in icalendar.Calendar.from_ical(ics).walk("VEVENT")]


def _with_reminders(campaign, **reminders):
    settings = campaign.calendar.model_copy(
        update={"reminders": campaign.calendar.reminders.model_copy(update=reminders)}
    )
    return campaign.model_copy(update={"calendar": settings})


def test_every_event_names_the_campaign_and_has_one_reminder(plan_and_campaign):
    plan, campaign = plan_and_campaign
    events = _events(cc.calendar_ics(plan, campaign, STAMP))
    assert len(events) == 5  # one go-live and four approval steps
    for event in events:
        assert str(event["summary"]).startswith(f"[{campaign.name}] ")
        alarms = event.walk("VALARM")
        assert len(alarms) == 1
        assert str(alarms[0]["action"]) == "DISPLAY"
        assert str(alarms[0]["description"]) == str(event["summary"])


def test_go_live_reminder_rings_two_hours_before_by_default(plan_and_campaign):
    plan, campaign = plan_and_campaign
    go_live = next(
        e for e in _events(cc.calendar_ics(plan, campaign, STAMP)) if "Go-live" in e["summary"]
    )
    trigger = go_live.walk("VALARM")[0]["trigger"].dt
    assert trigger == timedelta(hours=-2)
    start = go_live["dtstart"].dt
    assert isinstance(start, datetime)
    assert str(start.tzinfo) == "Europe/Riga"


def test_approval_reminder_rings_at_nine_the_day_before(plan_and_campaign):
    plan, campaign = plan_and_campaign
    deadlines = [
        e for e in _events(cc.calendar_ics(plan, campaign, STAMP)) if "Go-live" not in e["summary"]
    ]
    for deadline in deadlines:
        trigger = deadline.walk("VALARM")[0]["trigger"].dt
        # an all-day event starts at 00:00: 15 hours before is 09:00 the day before
        assert trigger == timedelta(hours=-15)
    three_days = _with_reminders(campaign, approval_days=3)
    first = next(
        e
        for e in _events(cc.calendar_ics(plan, three_days, STAMP))
        if "Go-live" not in e["summary"]
    )
    assert first.walk("VALARM")[0]["trigger"].dt == -(timedelta(days=3) - timedelta(hours=9))


def test_zero_turns_a_reminder_off(plan_and_campaign):
    plan, campaign = plan_and_campaign
    quiet = _with_reminders(campaign, go_live_hours=0, approval_days=0)
    events = _events(cc.calendar_ics(plan, quiet, STAMP))
    assert [e.walk("VALARM") for e in events] == [[]] * 5


def test_go_lives_and_approvals_files_split_the_events(plan_and_campaign, tmp_path):
    plan, campaign = plan_and_campaign
    cc.save_ics(plan, campaign, tmp_path, STAMP)
    every = {str(e["uid"]) for e in _events((tmp_path / "calendar.ics").read_bytes())}
    lives = _events((tmp_path / "calendar-go-lives.ics").read_bytes())
    approvals = _events((tmp_path / "calendar-approvals.ics").read_bytes())
    assert len(lives) == 1
    assert len(approvals) == 4
    assert {str(e["uid"]) for e in lives + approvals} == every
    assert not list(tmp_path.glob(".*partial"))
    name = icalendar.Calendar.from_ical((tmp_path / "calendar-approvals.ics").read_bytes())
    assert str(name["x-wr-calname"]) == f"{campaign.name}: approval deadlines"


def test_reminder_settings_are_checked(tmp_path):
    text = SMALL.read_text(encoding="utf-8")
    assert "calendar:" in text
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        text.replace("calendar:", "calendar:\n  reminders:\n    go_live_hours: -1", 1),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as error:
        load_campaign(bad)
    assert "reminders.go_live_hours" in str(error.value)
