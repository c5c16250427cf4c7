"""calendar.ics escapes any text as RFC 5545 section 3.3.11 says: a campaign name, a handle or a
phase name with ``;``, ``,``, ``\\``, line breaks or a bare CR keeps the file valid and reads back
as written (a bare CR reads back as a line break: TEXT has no escape for it)."""

from __future__ import annotations

import re
from datetime import date

import icalendar
import pytest

from helpers.core.campaign import Phase, load_campaign
from helpers.stages import calendar as cc
from helpers.stages.calendar.exports import _uid
from tests.stages.calendar.conftest import SMALL, STAMP, deliverables

HOSTILE = "a;b,c\\d\ne\rf"
# what it reads back as: the bare CR folded into a line break, everything else as written
READ_BACK = "a;b,c\\d\ne\nf"


@pytest.fixture(scope="module")
def exported():
    small = load_campaign(SMALL)
    phase = Phase(name=f"launch {HOSTILE}", start=small.start, end=small.end)
    settings = small.calendar.model_copy(update={"phases": [phase]})
    # the campaign model refuses line breaks in a name; the writer must be safe for any text
    campaign = small.model_copy(update={"name": HOSTILE, "calendar": settings})
    rows = deliverables(("x1", "LV", "instagram", "reel", 1, 100)).assign(handle=f"@{HOSTILE}")
    plan = cc.build_calendar(rows, campaign)
    assert len(plan.scheduled) == 1
    return plan, campaign, cc.calendar_ics(plan, campaign, STAMP)


def test_no_raw_line_break_inside_a_content_line(exported):
    _plan, _campaign, ics = exported
    assert ics.endswith(b"\r\n")
    lines = ics[:-2].split(b"\r\n")
    for line in lines:
        assert b"\r" not in line and b"\n" not in line, line
        assert not re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", line), line
        assert len(line) <= 75  # folded
    # unfolded, each escaped value is on one content line
    unfolded = ics.replace(b"\r\n ", b"")
    assert b"X-WR-CALNAME:a\\;b\\,c\\\\d\\ne\\nf: content calendar\r\n" in unfolded
    name = b"a\\;b\\,c\\\\d\\ne\\nf"
    assert b"SUMMARY:[" + name + b"] Go-live: @" + name + b" instagram reel (LV)\r\n" in unfolded


def test_every_text_property_reads_back_as_written(exported):
    plan, campaign, ics = exported
    calendar = icalendar.Calendar.from_ical(ics)
    # icalendar does not know X-WR-CALNAME's type (it keeps the escaped text): read it as TEXT
    raw = calendar["X-WR-CALNAME"].to_ical().decode()
    as_text = icalendar.Event.from_ical(f"BEGIN:VEVENT\r\nSUMMARY:{raw}\r\nEND:VEVENT\r\n")
    assert str(as_text["SUMMARY"]) == f"{READ_BACK}: content calendar"
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    post = plan.scheduled.iloc[0]
    go_live = events[_uid(campaign, post["post_id"], "go-live")]
    assert str(go_live["SUMMARY"]) == f"[{READ_BACK}] Go-live: @{READ_BACK} instagram reel (LV)"
    assert str(go_live["DESCRIPTION"]).startswith(f"Phase: launch {READ_BACK}. Go-live ")
    assert [str(c) for c in go_live["CATEGORIES"].cats] == ["go-live", f"launch {READ_BACK}"]
    for step, (_column, label) in cc.APPROVAL_STEPS.items():
        deadline = events[_uid(campaign, post["post_id"], step)]
        title = f"[{READ_BACK}] {label}: @{READ_BACK} instagram reel (LV)"
        assert str(deadline["SUMMARY"]) == title
        assert [str(c) for c in deadline["CATEGORIES"].cats] == ["approval", label.lower()]


def test_ics_text_folds_line_breaks_and_drops_control_characters():
    assert cc.ics_text("a\r\nb\rc\u2028d\ne") == "a\nb\nc\nd\ne"
    assert cc.ics_text("a\x00b\x0bc\td") == "a b c\td"
    assert isinstance(cc.ics_text("x"), icalendar.vText)
    event = icalendar.Event()
    event.add("summary", cc.ics_text("a;b,c\\d\r\ne"))
    assert b"SUMMARY:a\\;b\\,c\\\\d\\ne\r\n" in event.to_ical()


def test_a_plain_calendar_is_unchanged():
    small = load_campaign(SMALL)
    rows = deliverables(("lv", "LV", "instagram", "reel", 1, 100))
    plan = cc.build_calendar(rows, small)
    ics = cc.calendar_ics(plan, small, STAMP)
    assert b"X-WR-CALNAME:Calendar test: content calendar\r\n" in ics
    assert b"CATEGORIES:go-live,whole\r\n" in ics
    assert plan.scheduled["go_live_date"].iloc[0].date() == date(2027, 3, 22)


def test_time_zones_are_written_in_tzid_order_whatever_the_hash_seed():
    small = load_campaign(SMALL)
    rows = deliverables(
        ("x1", "US", "instagram", "reel", 1, 100),
        ("x2", "LV", "instagram", "reel", 1, 100),
        ("x3", "LT", "instagram", "reel", 1, 100),
    )
    ics = cc.calendar_ics(cc.build_calendar(rows, small), small, STAMP).decode()
    zones = re.findall(r"BEGIN:VTIMEZONE\r\nTZID:([^\r]+)", ics)
    assert len(zones) >= 3
    assert zones == sorted(zones)
    assert ics.index("BEGIN:VTIMEZONE") < ics.index("BEGIN:VEVENT")
