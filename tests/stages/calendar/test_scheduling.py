"""Stage 04, the content calendar: time zones, holidays, approvals, spacing, exports; every date
worked out by hand in the comments."""

from __future__ import annotations

import textwrap
from datetime import UTC, date, datetime

import icalendar
import pandas as pd
import pytest

from helpers.core import reference
from helpers.core.campaign import Calendar, Phase, load_campaign
from helpers.core.config import REFERENCE_DIR
from helpers.core.errors import InputError
from helpers.run.runner import run_campaign
from helpers.stages import calendar as cc
from helpers.stages.calendar.exports import _uid
from tests.conftest import EXAMPLE_CAMPAIGNS, MINIMAL_CAMPAIGN
from tests.stages.calendar.conftest import EN, STAMP, by_handle, deliverables, event_title, variant

# --- business days and approvals, by hand ------------------------------------------------------


def test_approval_chain_of_the_playbook_example():
    # Go-live Wednesday 3 February 2027 (playbook chapter 6.1). Counting back business days:
    # 2 Feb (1), 1 Feb (2) -> final approval Mon 1 Feb; 29, 28, 27, 26 Jan (3-6) -> feedback
    # Tue 26 Jan; 25, 22 Jan (7, 8) -> draft due Fri 22 Jan (the 23rd is a Saturday, so "one day
    # earlier" as the playbook says); 21 Jan ... 6 Jan (9-20) -> brief sent Wed 6 Jan (D - 28).
    steps = cc.approval_dates(date(2027, 2, 3), Calendar(), frozenset())
    assert steps == {
        "brief_sent": date(2027, 1, 6),
        "draft_due": date(2027, 1, 22),
        "feedback_due": date(2027, 1, 26),
        "final_approval": date(2027, 2, 1),
    }
    assert cc.business_days_before(date(2027, 2, 3), 0) == date(2027, 2, 3)


def test_a_public_holiday_pushes_the_approval_steps_earlier():
    # LT, go-live Fri 19 Feb 2027; Tue 16 Feb is the Day of Restoration of the State.
    # final approval: 18 (1), 17 (2) -> Wed 17 Feb; feedback: 18, 17, [16 holiday], 15, 12,
    # 11, 10 -> Wed 10 Feb; draft: 9 (7), 8 (8) -> Mon 8 Feb; brief: 5, 4, 3, 2, 1 Feb, 29, 28,
    # 27, 26, 25, 22, 21 Jan (9-20) -> Thu 21 Jan (Fri 22 Jan without the holiday).
    closed = frozenset(
        cc.public_holidays(["LT"], date(2027, 1, 1), date(2027, 3, 1))["date"].dt.date
    )
    assert date(2027, 2, 16) in closed
    steps = cc.approval_dates(date(2027, 2, 19), Calendar(), closed)
    assert steps["final_approval"] == date(2027, 2, 17)
    assert steps["feedback_due"] == date(2027, 2, 10)
    assert steps["draft_due"] == date(2027, 2, 8)
    assert steps["brief_sent"] == date(2027, 1, 21)
    assert cc.approval_dates(date(2027, 2, 19), Calendar(), frozenset())["brief_sent"] == date(
        2027, 1, 22
    )


def test_holidays_that_move_easter_and_an_observed_day():
    # Easter moves every year: in 2027 Good Friday is 26 March and Easter Monday 29 March (DE).
    # Go-live Thu 1 Apr: final approval 31 Mar (1), 30 Mar (2) -> Tue 30 Mar; feedback: 31, 30,
    # [29 holiday, 28-27 weekend, 26 holiday], 25, 24, 23, 22 -> Mon 22 Mar; draft: 19 (7),
    # 18 (8) -> Thu 18 Mar.
    de = frozenset(cc.public_holidays(["DE"], date(2027, 3, 1), date(2027, 4, 30))["date"].dt.date)
    steps = cc.approval_dates(date(2027, 4, 1), Calendar(), de)
    assert (steps["final_approval"], steps["feedback_due"], steps["draft_due"]) == (
        date(2027, 3, 30),
        date(2027, 3, 22),
        date(2027, 3, 18),
    )
    # 4 July 2027 is a Sunday, so the US holiday is observed on Monday 5 July: the final
    # approval 2 business days before Wed 7 July is Tue 6 (1), [Mon 5 observed], Fri 2 (2).
    us = cc.public_holidays(["US"], date(2027, 7, 1), date(2027, 7, 31))
    assert "Independence Day (observed)" in set(us["holiday"])
    steps = cc.approval_dates(date(2027, 7, 7), Calendar(), frozenset(us["date"].dt.date))
    assert steps["final_approval"] == date(2027, 7, 2)


def test_the_brands_holidays_are_not_business_days_either(small):
    # An LV creator's go-live on Thu 18 Mar 2027 (no LV holiday near). With the brand in LT,
    # Thu 11 Mar (LT Independence Restoration Day) is closed too: feedback 6 business days back
    # is 17, 16, 15, 12, [11], 10, 9 -> Tue 9 Mar instead of Wed 10 Mar.
    rows = deliverables(("a", "LV", "instagram", "reel", 1, 100))
    campaign = variant(small, phases=[("go", date(2027, 3, 18), date(2027, 3, 18))])
    plain = cc.build_calendar(rows, campaign)
    assert plain.posts.loc[0, "feedback_due"] == pd.Timestamp("2027-03-10")
    with_brand = cc.build_calendar(
        rows,
        variant(small, phases=[("go", date(2027, 3, 18), date(2027, 3, 18))], brand_market="LT"),
    )
    assert with_brand.posts.loc[0, "feedback_due"] == pd.Timestamp("2027-03-09")
    assert "Day of Restoration of Independence of Lithuania" in with_brand.posts.loc[0, "note"]


# --- time zones and daylight saving -------------------------------------------------------------


def test_local_posting_time_across_both_daylight_saving_changes(small):
    # 19:00 local. Riga: UTC+2 until Sun 28 Mar 2027 (last Sunday of March), then UTC+3.
    # New York: UTC-5 until Sun 14 Mar 2027 (second Sunday of March), then UTC-4. (Not Mon 29
    # March: Easter Monday is a public holiday in LV.)
    rows = deliverables(
        ("lv-before", "LV", "instagram", "reel", 1, 100),
        ("lv-after", "LV", "instagram", "reel", 1, 100),
        ("us-before", "US", "instagram", "reel", 1, 100),
        ("us-after", "US", "instagram", "reel", 1, 100),
    )
    campaign = variant(
        small,
        phases=[
            ("before", date(2027, 3, 13), date(2027, 3, 13)),
            ("after", date(2027, 3, 30), date(2027, 3, 30)),
        ],
    )
    plan = cc.build_calendar(rows, campaign)
    assert plan.unscheduled.empty
    utc = plan.posts.set_index("influencer_id")["go_live_utc"].dt.strftime("%m-%d %H:%M")
    local = plan.posts.set_index("influencer_id")
    # two LV posts cannot share a day (one 19:00 slot, 12 h spacing), so one moves to the
    # other phase, and so does a US post: each day has one LV and one US go-live
    for who in ("lv-before", "lv-after", "us-before", "us-after"):
        assert local.loc[who, "go_live_local"].endswith("19:00")
    by_day = dict(zip(local["go_live_local"].str[:10] + " " + local["market"], utc, strict=True))
    assert by_day["2027-03-13 LV"] == "03-13 17:00"  # 19:00 at UTC+2
    assert by_day["2027-03-30 LV"] == "03-30 16:00"  # 19:00 at UTC+3
    assert by_day["2027-03-13 US"] == "03-14 00:00"  # 19:00 at UTC-5 is after midnight UTC
    assert by_day["2027-03-30 US"] == "03-30 23:00"  # 19:00 at UTC-4
    offsets = dict(
        zip(
            local["go_live_local"].str[:10] + " " + local["market"],
            local["utc_offset"],
            strict=True,
        )
    )
    assert offsets == {
        "2027-03-13 LV": "UTC+02:00",
        "2027-03-30 LV": "UTC+03:00",
        "2027-03-13 US": "UTC-05:00",
        "2027-03-30 US": "UTC-04:00",
    }


def test_spacing_counts_real_hours_over_the_clock_change(small):
    # Two US creators at 19:00 New York on Sat 13 and Sun 14 March 2027 are only 23 hours
    # apart, because the clocks go forward in the night. With 24 hours of spacing the second
    # cannot fit in a two-day window; it stays in the plan, unscheduled, with the reason and
    # the fix. (The EU change, 28 March 2027, is Easter Sunday, a holiday in the Baltics.)
    rows = deliverables(
        ("a", "US", "instagram", "reel", 1, 200), ("b", "US", "instagram", "reel", 1, 100)
    )
    window = [("p", date(2027, 3, 13), date(2027, 3, 14))]
    tight = variant(small, phases=window, spacing_hours=24)
    plan = cc.build_calendar(rows, tight)
    assert len(plan.posts) == 2
    assert len(plan.unscheduled) == 1
    assert plan.unscheduled.iloc[0]["note"] == (
        "no day in the phases fits (2 days: spacing); on its own day, 19:00 on Sun 14 Mar 2027 "
        "is within 24 h of @a's go-live at Sat 13 Mar 19:00 in US"
    )
    fixes = cc.what_would_fit(rows, tight)
    assert fixes == [
        "space posts 18 hours apart instead of 24 (calendar.spacing_hours)",
        "make every phase a burst (burst: true), lifting the spacing rule",
    ]
    # 23 hours is exactly the gap: allowed
    ok = cc.build_calendar(rows, variant(small, phases=window, spacing_hours=23))
    assert ok.unscheduled.empty
    assert ok.posts["go_live_utc"].diff().iloc[1] == pd.Timedelta(hours=23)
    assert ok.posts["utc_offset"].tolist() == ["UTC-05:00", "UTC-04:00"]


def test_unknown_time_zone_is_a_campaign_file_error(write_campaign):
    path = write_campaign(MINIMAL_CAMPAIGN + "calendar:\n  timezones: {US: America/Nwe_York}\n")
    with pytest.raises(InputError) as error:
        load_campaign(path)
    assert error.value.problems == [
        f"{path}: calendar.timezones.US: 'America/Nwe_York' is not an IANA time zone "
        "(e.g. Europe/Riga, America/New_York); did you mean 'America/New_York'?"
    ]


def test_a_market_without_a_time_zone_says_how_to_fix_it(small):
    rows = deliverables(
        ("xk", "XK", "instagram", "reel", 1, 100), ("lv", "LV", "instagram", "reel", 1, 100)
    )  # XK (Kosovo) has no zone in the tz database's country table
    plan = cc.build_calendar(rows, small)
    assert len(plan.posts) == 2
    missing = plan.posts.set_index("influencer_id").loc["xk"]
    assert missing["status"] == "unscheduled"
    assert "no time zone on file for market XK: set calendar.timezones.XK" in missing["note"]
    fixed = small.model_copy(
        update={
            "calendar": small.calendar.model_copy(update={"timezones": {"XK": "Europe/Belgrade"}})
        }
    )
    assert cc.build_calendar(rows, fixed).unscheduled.empty


# --- holidays ------------------------------------------------------------------------------------


def test_holidays_avoided_targeted_or_ignored(small):
    one = deliverables(("lt", "LT", "instagram", "reel", 1, 100))
    # Window Sun 14 - Mon 22 Feb 2027 (9 days): one post aims at the middle, day 4, Thu 18 Feb.
    # Tue 16 Feb is an LT public holiday, 2 days away.
    window = {"start": date(2027, 2, 14), "end": date(2027, 2, 22)}
    assert (
        by_handle(cc.build_calendar(one, variant(small, **window, holidays="avoid"))).loc[
            "@lt", "go_live_local"
        ]
        == "2027-02-18 19:00"
    )
    targeted = cc.build_calendar(one, variant(small, **window, holidays="target"))
    assert by_handle(targeted).loc["@lt", "go_live_local"] == "2027-02-16 19:00"
    assert targeted.conflicts.iloc[0]["kind"] == "holiday target"
    assert "Day of Restoration of the State of Lithuania" in targeted.conflicts.iloc[0]["what"]
    # Window Mon 15 - Wed 17 Feb: the post aims at the middle day, the holiday itself.
    window = {"start": date(2027, 2, 15), "end": date(2027, 2, 17)}
    avoided = cc.build_calendar(one, variant(small, **window, holidays="avoid"))
    assert by_handle(avoided).loc["@lt", "go_live_local"] == "2027-02-15 19:00"  # nearer first
    conflict = avoided.conflicts.iloc[0]
    assert conflict["kind"] == "holiday"
    assert conflict["what"] == (
        "Tue 16 Feb 2027 is a public holiday in LT (Day of Restoration of the State of Lithuania)"
    )
    assert conflict["resolution"] == "goes live Mon 15 Feb 2027 19:00 Europe/Vilnius instead"
    ignored = cc.build_calendar(one, variant(small, **window, holidays="ignore"))
    assert by_handle(ignored).loc["@lt", "go_live_local"] == "2027-02-16 19:00"


# --- phases, spacing and caps --------------------------------------------------------------------


def test_phase_quotas_by_largest_remainder():
    phases = [Phase(name=n, start=date(2027, 9, 1), end=date(2027, 9, 1), share=s)
              for n, s in (("teaser", 0.15, ), ("launch", 0.45), ("sustain", 0.4))]  # fmt: skip
    # 28 posts: 4.2, 12.6, 11.2 -> 4, 12, 11 (27); the largest remainder (0.6) gets the last
    assert cc.phase_quotas(phases, 28) == [4, 13, 11]


def test_each_creators_posts_are_spread_over_the_phases(small):
    # a: 3 posts at places 1/6, 1/2, 5/6; b: 1 post at 1/2; c: 2 posts at 1/4, 3/4.
    # Sorted: a1, c1, then a2 and b1 (tie: the bigger fee first, b), c2, a3; 2 per phase.
    rows = deliverables(
        ("a", "LV", "instagram", "reel", 3, 300),
        ("b", "LT", "instagram", "reel", 1, 500),
        ("c", "US", "tiktok", "short", 2, 100),
    )
    thirds = [
        ("first", date(2027, 3, 8), date(2027, 3, 16)),
        ("second", date(2027, 3, 17), date(2027, 3, 25)),
        ("third", date(2027, 3, 26), date(2027, 4, 4)),
    ]
    plan = cc.build_calendar(rows, variant(small, phases=thirds))
    # shares by length (9, 9 and 10 of 28 days): 1.93, 1.93, 2.14 posts -> 2, 2, 2
    planned = plan.posts.set_index("post_id")["planned_phase"].to_dict()
    assert planned == {
        "a-reel-1": "first",
        "c-short-1": "first",
        "b-reel-1": "second",  # the tie at 1/2 goes to b's bigger fee (500 against 100)
        "a-reel-2": "second",
        "c-short-2": "third",
        "a-reel-3": "third",
    }


def test_burst_stacks_posts_and_lifts_spacing(small):
    # Three LV creators on TikTok (slots 12:00 and 19:00, 7 h apart) in a 2-day burst with at
    # most 2 go-lives a day: two on the first day at 12:00 and 19:00 although the spacing rule
    # asks for 12 hours; the third on the second day.
    rows = deliverables(
        *[(w, "LV", "tiktok", "short", 1, fee) for w, fee in (("x", 3), ("y", 2), ("z", 1))]
    )
    burst = variant(small, phases=[("launch", date(2027, 3, 8), date(2027, 3, 9), True)])
    plan = cc.build_calendar(rows, burst)
    assert plan.posts.set_index("handle")["go_live_local"].to_dict() == {
        "@x": "2027-03-08 12:00",
        "@y": "2027-03-08 19:00",
        "@z": "2027-03-09 12:00",
    }
    assert plan.conflicts.empty
    # the same posts outside a burst are kept 12 hours apart: one a day
    spread = cc.build_calendar(
        rows, variant(small, phases=[("p", date(2027, 3, 8), date(2027, 3, 10))])
    )
    assert spread.posts["go_live_local"].str[:10].nunique() == 3


def test_a_creator_goes_live_once_a_day_and_links_go_up_with_a_post(small):
    # two reels aimed at the first day of a burst; the creator's second moves to the next day
    rows = deliverables(
        ("a", "LV", "instagram", "reel", 2, 200), ("a", "LV", "instagram", "link_in_bio", 1, 10)
    )
    burst = [("p", date(2027, 3, 8), date(2027, 3, 9), True)]
    plan = cc.build_calendar(rows, variant(small, phases=burst))
    posts = plan.posts.set_index("post_id")
    assert posts.loc[["a-reel-1", "a-reel-2"], "go_live_local"].tolist() == [
        "2027-03-08 19:00",
        "2027-03-09 19:00",
    ]
    assert plan.conflicts["kind"].tolist() == ["same creator"]
    link = posts.loc["a-link_in_bio-1"]
    assert link["go_live_local"] == posts.loc["a-reel-1", "go_live_local"]
    assert link["note"] == "goes up with the creator's reel (a-reel-1)"


# --- bad input: never a crash, never a silently dropped post --------------------------------


def test_window_too_short_for_the_approval_rounds(small):
    # Briefs can go out from Mon 25 Jan 2027. A go-live on Fri 19 Feb would need its brief 20
    # business days earlier, on Fri 22 Jan; Sat 20 Feb counts back to Mon 25 Jan, so it is the
    # first possible go-live, after the campaign's end on Fri 12 Feb. A go-live on Fri 12 Feb
    # needs its brief by Fri 15 Jan.
    rows = deliverables(("a", "LV", "instagram", "reel", 1, 100))
    short = variant(
        small, start=date(2027, 2, 1), end=date(2027, 2, 12), briefs_from=date(2027, 1, 25)
    )
    plan = cc.build_calendar(rows, short)
    assert len(plan.posts) == 1
    assert plan.posts.loc[0, "status"] == "unscheduled"
    assert plan.problems[0] == (
        "LV: the approval chain needs 20 business days from brief to go-live; with briefs from "
        "Mon 25 Jan 2027 the first go-live is Sat 20 Feb 2027, after the campaign's end "
        "(Fri 12 Feb 2027)"
    )
    assert plan.posts.loc[0, "note"] == (
        "no day in the phases fits (12 days: approval chain); on its own day, Sun 7 Feb 2027 is "
        "before Sat 20 Feb 2027, the first go-live whose brief can go out on or after Mon 25 Jan "
        "2027"
    )
    assert cc.what_would_fit(rows, short) == [
        "send the first briefs by Fri 15 Jan 2027 (calendar.briefs_from)",
        "end the campaign on Sat 20 Feb 2027 instead of Fri 12 Feb 2027",
    ]


def test_more_deliverables_than_slots(small):
    # 3 creators x 2 posts in 3 days with 1 go-live a day: 3 fit, 3 do not. Two slots a day
    # (12:00 and 19:00 on TikTok, no spacing) and a creator once a day would fit all 6.
    rows = deliverables(*[(w, "LV", "tiktok", "short", 2, 100) for w in ("a", "b", "c")])
    full = variant(
        small, start=date(2027, 3, 8), end=date(2027, 3, 10), max_posts_per_day=1, spacing_hours=0
    )
    plan = cc.build_calendar(rows, full)
    assert len(plan.posts) == 6
    assert len(plan.scheduled) == 3
    assert plan.unscheduled["note"].tolist() == [
        "no day in the phases fits (3 days: daily cap); on its own day, LV already has 1 go-live "
        f"on {day} (at most 1 a day)"
        for day in ("Wed 10 Mar 2027", "Tue 9 Mar 2027", "Wed 10 Mar 2027")
    ]
    assert plan.problems == [
        "LV: 3 posts cannot fit (@b short video, @c short video, @c short video): no day in the "
        "phases fits (3 days: daily cap); on its own day, LV already has 1 go-live on Wed 10 Mar "
        "2027 (at most 1 a day)"
    ]
    assert cc.what_would_fit(rows, full) == [
        "allow 2 go-lives a day per market (calendar.max_posts_per_day)",
        "end the campaign on Sat 13 Mar 2027 instead of Wed 10 Mar 2027",
    ]
    assert cc.calendar_summary(plan, full) == (
        "**3 of 6 contracted deliverables by 3 creators are scheduled** in 1 market from Mon 8 "
        "Mar 2027 to Wed 10 Mar 2027, in 1 phase (whole). Working back 20 business days, the "
        "first brief goes out on Mon 8 Feb 2027. The scheduler resolved 2 conflicts: 2 posts "
        "moved for the daily cap. **3 posts cannot fit** as the campaign file stands: see *What "
        "cannot fit* below for why and what would make it fit."
    )
    assert (cc.calendar_table(plan)["status"] == "unscheduled").sum() == 3


def test_a_platform_without_posting_times_is_kept_and_explained(small):
    rows = deliverables(("x", "LV", "snapchat", "story", 1, 10))
    plan = cc.build_calendar(rows, small)
    assert plan.posts.loc[0, "status"] == "unscheduled"
    assert plan.posts.loc[0, "note"] == (
        "no posting times for platform 'snapchat' (the calendar schedules instagram, tiktok and "
        "youtube)"
    )
    assert cc.calendar_summary(plan, small) == (
        "**The contracted deliverable does not fit.** **1 post cannot fit** as the campaign file "
        "stands: see *What cannot fit* below for why and what would make it fit."
    )


def test_bad_deliverable_rows_are_listed():
    rows = deliverables(
        ("a", "LV", "instagram", "reel", 0, 100), ("b", "LV", "instagram", "reel", 1.5, 100)
    )
    with pytest.raises(InputError) as error:
        cc.expand_posts(rows)
    assert error.value.problems == [
        "deliverables: row 1 (@a reel): quantity 0 is not a whole number of 1 or more",
        "deliverables: row 2 (@b reel): quantity 1.5 is not a whole number of 1 or more",
    ]
    with pytest.raises(InputError, match="column quantity: missing"):
        cc.expand_posts(rows.drop(columns="quantity"))


def test_no_deliverables_yet(small):
    plan = cc.build_calendar(deliverables(), small)
    assert plan.posts.empty
    assert plan.problems == []
    assert cc.calendar_summary(plan, small) == (
        "**No contracted deliverables yet**: once creators are contracted in the negotiation "
        "stage, this page schedules their posts and approvals."
    )
    assert b"BEGIN:VCALENDAR" in cc.calendar_ics(plan, small, STAMP)


# --- the campaign file's calendar section --------------------------------------------------------


@pytest.mark.parametrize(
    ("section", "message"),
    [
        (
            "phases: [{name: a, start: 2027-02-01, end: 2027-03-10}]",
            "calendar: phases[0] 'a' runs 2027-02-01 to 2027-03-10, outside the campaign's "
            "window 2027-02-01 to 2027-02-28",
        ),
        (
            "phases: [{name: a, start: 2027-02-01, end: 2027-02-10}, "
            "{name: b, start: 2027-02-10, end: 2027-02-20}]",
            "calendar: phases 'a' (to 2027-02-10) and 'b' (from 2027-02-10) overlap: each day "
            "belongs to one phase",
        ),
        (
            "phases: [{name: a, start: 2027-02-01, end: 2027-02-10, share: 0.5}, "
            "{name: b, start: 2027-02-11, end: 2027-02-20, share: 0.3}]",
            "calendar: phase shares add up to 0.8, they must add up to 1",
        ),
        (
            "approval: {draft_due: 2, feedback: 6}",
            "calendar.approval: draft_due (2) must be more business days before go-live than "
            "feedback (6)",
        ),
        (
            "posting_times: {instagram: [19]}",
            'calendar.posting_times.instagram[0]: 19 is not a time of day (write it as "19:00")',
        ),  # fmt: skip
        (
            "holidays: skip",
            "calendar.holidays: Input should be 'avoid', 'target' or 'ignore' (got 'skip')",
        ),  # fmt: skip
    ],
)
def test_calendar_section_mistakes(write_campaign, section, message):
    path = write_campaign(MINIMAL_CAMPAIGN + "calendar:\n" + textwrap.indent(section, "  ") + "\n")
    with pytest.raises(InputError) as error:
        load_campaign(path)
    assert error.value.problems == [f"{path}: {message}"]


def test_unquoted_times_are_read_as_times(write_campaign):
    # YAML 1.1 reads 19:00 as the base-60 number 1140; the campaign file means 19:00
    path = write_campaign(
        MINIMAL_CAMPAIGN + "calendar:\n  posting_times: {tiktok: [19:00, '7.30']}\n"
    )
    assert load_campaign(path).calendar.posting_times == {"tiktok": ["19:00", "07:30"]}


def test_default_phases_launch_week_then_sustain(small):
    campaign = small.model_copy(update={"calendar": Calendar()})
    launch, sustain = cc.campaign_phases(campaign)
    assert (launch.name, launch.start, launch.end, launch.burst, launch.share) == (
        "launch",
        date(2027, 3, 8),
        date(2027, 3, 14),
        True,
        0.5,
    )
    assert (sustain.start, sustain.end, sustain.share) == (date(2027, 3, 15), date(2027, 4, 4), 0.5)


# --- amplification (chapter 6.3) -----------------------------------------------------------------


def test_amplification_after_the_first_results(small):
    # One LV Instagram post at 19:00 Riga on Mon 8 Mar 2027 (17:00 UTC). Results are read
    # 48 h later, Wed 10 Mar 19:00: the repost takes the next posting slot, 19:00 that day; the
    # boost decision is then and runs 7 days; the newsletter goes out on the first Thursday
    # at 10:00 after the reading, Thu 11 Mar.
    # The terms include three months of paid usage, so the boost is planned.
    rows = deliverables(("a", "LV", "instagram", "reel", 1, 100))
    terms = small.negotiation.model_copy(update={"paid_usage": True, "usage_months": 3})
    small = small.model_copy(update={"negotiation": terms})
    plan = cc.build_calendar(
        rows, variant(small, phases=[("p", date(2027, 3, 8), date(2027, 3, 8))])
    )
    assert plan.posts.loc[0, "go_live_local"] == "2027-03-08 19:00"
    assert plan.posts.loc[0, "results_due_local"] == "2027-03-10 19:00"
    assert cc.boost_add_on(plan, small).empty
    actions = cc.amplification_plan(plan, small).set_index("action")
    assert actions.loc["repost", "starts_local"] == "2027-03-10 19:00"
    assert actions.loc["paid boost", "starts_local"] == "2027-03-10 19:00"
    assert actions.loc["paid boost", "ends_local"] == "2027-03-17 19:00"
    assert "best 25% of posts by reach (about 1)" in actions.loc["paid boost", "condition"]
    assert actions.loc["newsletter", "starts_local"] == "2027-03-11 10:00"
    assert not actions["after_campaign_end"].any()
    summary = cc.amplification_summary(cc.amplification_plan(plan, small), plan)
    assert summary.set_index("action").loc["paid boost", "expect"] == "1 post (the best 25%)"


def test_no_paid_boost_without_paid_usage_but_an_add_on_with_its_price(small):
    # No paid usage in the terms: no boost is planned. The add-on is the paid-usage premium
    # (10% of the fee per month, negotiation_rates.csv) for the boost's 7 days, rounded up to
    # one month: EUR 100 x 10% = EUR 10 and EUR 40 x 10% = EUR 4 per post.
    assert not small.negotiation.paid_usage
    rows = deliverables(
        ("a", "LV", "instagram", "reel", 1, 100), ("b", "LV", "instagram", "reel", 1, 40)
    )
    plan = cc.build_calendar(rows, variant(small))
    actions = cc.amplification_plan(plan, small)
    assert "paid boost" not in set(actions["action"]) and "repost" in set(actions["action"])
    add_on = cc.boost_add_on(plan, small).set_index("handle")
    assert add_on["months"].tolist() == [1, 1]
    assert add_on.loc["@a", "add_on_price"] == pytest.approx(10.0)
    assert add_on.loc["@b", "add_on_price"] == pytest.approx(4.0)
    sentence = cc.add_on_sentence(add_on.reset_index(), plan, small)
    # the best 25% of 2 posts is 1 post, at the average add-on of EUR 7
    assert "EUR 4 to EUR 10 a post" in sentence and "(expected: 1) would add about EUR 7" in (
        sentence
    )
    # organic usage already in the terms: only the paid part on top is priced (10% - 5%)
    terms = small.negotiation.model_copy(update={"usage_months": 3})
    organic = small.model_copy(update={"negotiation": terms})
    assert cc.boost_add_on(plan, organic)["add_on_price"].tolist() == pytest.approx([5.0, 2.0])


# --- exports -------------------------------------------------------------------------------------


#: each exported post as its events' titles name it
TITLES = {
    "lv-reel-1": "@lv instagram reel 1/2 (LV)",
    "lv-reel-2": "@lv instagram reel 2/2 (LV)",
    "us-short-1": "@us tiktok short video (US)",
    "lt-story-1": "@lt instagram story (LT)",
}


@pytest.fixture(scope="module")
def exported(small):
    rows = deliverables(
        ("lv", "LV", "instagram", "reel", 2, 400),
        ("us", "US", "tiktok", "short", 1, 300),
        ("lt", "LT", "instagram", "story", 1, 50),
    )
    plan = cc.build_calendar(rows, small)
    return plan, cc.calendar_ics(plan, small, STAMP)


def test_calendar_csv_keeps_local_and_utc_times(exported):
    plan, _ics = exported
    table = cc.calendar_table(plan)
    assert list(table.columns[:12]) == [
        "post_id", "influencer_id", "handle", "platform", "market", "deliverable", "unit",
        "units", "planned_phase", "phase", "status", "go_live_local",
    ]  # fmt: skip
    for row in table.itertuples():
        local = datetime.strptime(row.go_live_local, "%Y-%m-%d %H:%M")
        utc = datetime.strptime(row.go_live_utc, "%Y-%m-%dT%H:%M:%SZ")
        hours, minutes = int(row.utc_offset[3:6]), int(row.utc_offset[7:])
        assert local - utc == pd.Timedelta(hours=hours, minutes=minutes if hours >= 0 else -minutes)
        assert row.brief_sent < row.draft_due < row.feedback_due < row.final_approval
        assert row.final_approval < row.go_live_local[:10]


def test_ics_parsed_back_event_by_event(exported, small):
    plan, ics = exported
    assert ics.startswith(b"BEGIN:VCALENDAR\r\n")
    assert ics.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in ics.split(b"\r\n"))  # RFC 5545 line folding
    calendar = icalendar.Calendar.from_ical(ics)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//influencer-playbook//content calendar//EN"
    zones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    assert zones == {"Europe/Riga", "Europe/Vilnius", "America/New_York"}
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert sorted(plan.scheduled["post_id"]) == sorted(TITLES)
    assert len(events) == 5 * len(TITLES)  # a go-live and four deadlines per post
    for post in plan.scheduled.itertuples():
        go_live = events[_uid(small, post.post_id, "go-live")]
        start = go_live.decoded("DTSTART")
        assert str(go_live["DTSTART"].params["TZID"]) == post.timezone
        assert start.astimezone(UTC) == post.go_live_utc.to_pydatetime()
        assert f"{start:%Y-%m-%d %H:%M}" == post.go_live_local
        assert go_live.decoded("DTEND") - start == pd.Timedelta(hours=1)
        assert go_live.decoded("DTSTAMP") == STAMP
        assert event_title(go_live) == f"Go-live: {TITLES[post.post_id]}"
        for step, (column, label) in cc.APPROVAL_STEPS.items():
            deadline = events[_uid(small, post.post_id, step)]
            assert deadline.decoded("DTSTART") == getattr(post, column).date()  # all day
            assert event_title(deadline) == f"{label}: {TITLES[post.post_id]}"
    # stable UIDs: the same campaign, post and step give the same UID on every run
    again = icalendar.Calendar.from_ical(cc.calendar_ics(plan, small))
    assert {str(e["UID"]) for e in again.walk("VEVENT")} == set(events)


def test_ics_in_utc_with_an_icalendar_without_timezone_export(exported, small, monkeypatch):
    # icalendar before 6.1 cannot write VTIMEZONE components: go-lives are then written in UTC
    plan, _ics = exported
    monkeypatch.delattr(icalendar.Calendar, "add_missing_timezones")
    calendar = icalendar.Calendar.from_ical(cc.calendar_ics(plan, small, STAMP))
    assert not calendar.walk("VTIMEZONE")
    starts = {
        str(e["UID"]): e.decoded("DTSTART")
        for e in calendar.walk("VEVENT")
        if event_title(e).startswith("Go-live")
    }
    for post in plan.scheduled.itertuples():
        start = starts[_uid(small, post.post_id, "go-live")]
        assert start.utcoffset() == pd.Timedelta(0)
        assert start == post.go_live_utc.to_pydatetime()


def test_dst_change_inside_the_ics(small):
    # the US creator's 19:00 New York go-lives on both sides of 14 March keep their wall time
    rows = deliverables(("us", "US", "instagram", "reel", 2, 100))
    campaign = variant(
        small,
        phases=[
            ("a", date(2027, 3, 12), date(2027, 3, 12)),
            ("b", date(2027, 3, 16), date(2027, 3, 16)),
        ],
    )
    plan = cc.build_calendar(rows, campaign)
    events = icalendar.Calendar.from_ical(cc.calendar_ics(plan, campaign, STAMP)).walk("VEVENT")
    starts = sorted(e.decoded("DTSTART") for e in events if event_title(e).startswith("Go-live"))
    assert [f"{s:%H:%M}" for s in starts] == ["19:00", "19:00"]
    assert [f"{s.astimezone(UTC):%d %H:%M}" for s in starts] == ["13 00:00", "16 23:00"]


# --- reference data and the fallback input -------------------------------------------------------


@pytest.mark.parametrize("name", ["posting_times", "market_timezones"])
def test_reference_tables_name_their_sources(name):
    table = reference.reference_table(name)
    assert table["source"].str.len().gt(5).all()
    assert table["year"].notna().all()
    assert name in (REFERENCE_DIR / "SOURCES.md").read_text(encoding="utf-8")


def test_posting_times_from_the_campaign_replace_the_reference(small):
    times = cc.posting_times(small.calendar).groupby("platform")["local_time"].apply(list)
    assert times["instagram"] == ["19:00"]
    assert times["tiktok"] == ["12:00", "19:00"]
    assert times["youtube"] == ["18:00", "15:00"]  # from the reference table


def test_the_page_says_where_the_deliverables_come_from():
    rows = deliverables(("a", "LV", "instagram", "reel", 1, 100))
    assert cc.deliverables_source(rows.assign(source="pipeline"), EN) == (
        "the relationship pipeline's rows in stage contracted, live or completed"
    )
    assert cc.deliverables_source(rows.assign(source="offers.csv"), EN) == (
        "the negotiation stage's selected offers (offers.csv): planned, not yet marked "
        "contracted in a pipeline file"
    )
    assert cc.deliverables_source(rows.iloc[:0], EN) == "no contracted deliverables yet"


def test_widget_rebuilds_without_errors(small):
    from helpers.stages.calendar import widgets

    rows = deliverables(("a", "LV", "instagram", "reel", 2, 100))
    explorer = widgets.calendar_explorer(rows, small)
    first_range = explorer.children[0].children[0]
    first_range.value = (date(2027, 3, 8), date(2027, 3, 20))
    explorer.children[-3].children[0].value = 30  # spacing


# --- the notebook --------------------------------------------------------------------------------


@pytest.mark.parametrize("campaign_file", EXAMPLE_CAMPAIGNS, ids=lambda p: p.stem)
def test_notebook_for_every_example_campaign(campaign_file, tmp_path):
    result = run_campaign(campaign_file, out_dir=tmp_path, stages="04")
    assert result.ok, [(s.stage, s.error) for s in result.stages]
    page = (result.report_dir / "04-calendar.html").read_text(encoding="utf-8")
    assert "Finding." in page and "are scheduled" in page
    assert "Traceback" not in page and "Warning" not in page
    assert "Conflicts resolved, and why" in page and "Sources" in page
    assert "data:image/png;base64" in page
    table = pd.read_csv(result.report_dir / "calendar.csv")
    assert len(table) and set(table["status"]) <= {"scheduled", "unscheduled"}
    ics = icalendar.Calendar.from_ical((result.report_dir / "calendar.ics").read_bytes())
    go_lives = [e for e in ics.walk("VEVENT") if event_title(e).startswith("Go-live")]
    assert len(go_lives) == (table["status"] == "scheduled").sum()
    assert (result.report_dir / "amplification.csv").is_file()


def test_examples_are_valid_and_fit():
    for path in EXAMPLE_CAMPAIGNS:
        campaign = load_campaign(path)
        assert campaign.calendar.phases, path.stem
        assert cc.campaign_phases(campaign)[0].start == campaign.start


def test_the_rules_in_one_sentence(small):
    rows = deliverables(("a", "LV", "instagram", "reel", 1, 100))
    plan = cc.build_calendar(rows, small)
    assert cc.rules_line(plan) == (
        "Rules for this campaign: spacing 12 hours, at most 2 go-lives a day per market, "
        "holidays: avoid, briefs from any date."
    )
    branded = variant(small, spacing_hours=12.5, briefs_from=date(2027, 2, 1), brand_market="LT")
    assert cc.rules_line(cc.build_calendar(rows, branded)) == (
        "Rules for this campaign: spacing 12.5 hours, at most 2 go-lives a day per market, "
        "holidays: avoid, briefs from 1 Feb 2027, brand's holidays: LT."
    )


def test_time_zones_of_the_plan_from_the_first_brief(small):
    # one LV reel on Mon 22 Mar 2027, its brief on Mon 22 Feb: Riga moves from UTC+2 to UTC+3
    # on Sun 28 Mar; a PT post adds its market (Lisbon, from the tz database), an XK post
    # (Kosovo: no zone in the tz database's country table) its market with no zone
    rows = deliverables(
        ("a", "LV", "instagram", "reel", 1, 100),
        ("p", "PT", "instagram", "reel", 1, 100),
        ("k", "XK", "instagram", "reel", 1, 100),
    )
    zones = cc.plan_timezones(cc.build_calendar(rows, small), small).set_index("market")
    assert zones.index.tolist() == ["LV", "LT", "US", "PT", "XK"]
    assert zones.loc["LV", "utc_offset"] == "UTC+2, UTC+3 from Sun 28 Mar 2027"
    assert zones.loc["PT", "timezone"] == "Europe/Lisbon"
    assert zones.loc["XK", "timezone"] == "none on file: set calendar.timezones"
