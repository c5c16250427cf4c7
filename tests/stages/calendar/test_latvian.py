"""Stage 04 in the campaign's language: Latvian notes, conflicts, advice, summary and calendar
titles, dates as Latvian writes them (``otrd., 02.02.2027.``), while calendar.csv and the
.ics times stay ISO and the machine values English. The English default is unchanged.

Dates below are worked out by hand: Tue 16 Feb 2027 is a Lithuanian public holiday; a window
of Mon 1 - Fri 12 Feb with briefs from Mon 25 Jan has its first possible go-live on Sat 20 Feb
(20 business days after the brief), as in tests/stages/calendar/test_scheduling.py.
"""

from __future__ import annotations

import json
from datetime import date

import icalendar
import pandas as pd

from helpers.run.runner import run_campaign
from helpers.stages import calendar as cc
from helpers.stages.calendar.wording import _day
from tests.conftest import latvian_copy as latvian_campaign
from tests.stages.calendar.conftest import (
    EN,
    LV,
    STAMP,
    by_handle,
    deliverables,
    event_title,
    variant,
)

NBSP = "\u00a0"


def test_days_in_latvian_and_english():
    tuesday = date(2027, 2, 2)
    assert _day(tuesday, LV) == "otrd., 02.02.2027."
    assert cc.day_text(tuesday, LV) == f"otrd.{NBSP}02.02."
    assert cc.moment_text(pd.Timestamp("2027-02-02 19:00"), LV) == f"otrd.{NBSP}02.02. 19:00"
    # English stays as it was
    assert _day(tuesday, EN) == "Tue 2 Feb 2027"
    assert cc.day_text(tuesday, EN) == f"Tue{NBSP}2{NBSP}Feb"


def test_latvian_plural_rule():
    # Latvian takes the singular after 1, 21, 31 ... but not after 11
    assert [cc.is_one(n, LV) for n in (1, 2, 11, 21, 111, 121)] == [
        True,
        False,
        False,
        True,
        False,
        True,
    ]
    assert [cc.is_one(n, EN) for n in (1, 2, 21)] == [True, False, False]


def test_holiday_conflict_in_latvian_keeps_its_kind(small_lv):
    one = deliverables(("lt", "LT", "instagram", "reel", 1, 100))
    window = {"start": date(2027, 2, 15), "end": date(2027, 2, 17)}
    plan = cc.build_calendar(one, variant(small_lv, **window, holidays="avoid"))
    conflict = plan.conflicts.iloc[0]
    assert conflict["kind"] == "holiday"  # machine value, English in calendar_conflicts.csv
    assert conflict["what"] == (
        "otrd., 16.02.2027. tirgū LT ir svētku diena "
        "(Day of Restoration of the State of Lithuania)"  # the holidays package's name
    )
    assert conflict["resolution"] == "tā vietā publicē pirmd., 15.02.2027. 19:00 Europe/Vilnius"
    assert cc.conflicts_explained(plan)["kind"].tolist() == ["svētku diena"]
    assert by_handle(plan).loc["@lt", "go_live_local"] == "2027-02-15 19:00"  # ISO


def test_what_cannot_fit_and_the_advice_in_latvian(small_lv):
    rows = deliverables(("a", "LV", "instagram", "reel", 1, 100))
    short = variant(
        small_lv, start=date(2027, 2, 1), end=date(2027, 2, 12), briefs_from=date(2027, 1, 25)
    )
    plan = cc.build_calendar(rows, short)
    assert plan.problems[0] == (
        "LV: saskaņošanas ķēdei no brīfa līdz publicēšanai vajag 20 darba dienas; ja brīfus "
        "sūta no pirmd., 25.01.2027., pirmā publicēšana ir sestd., 20.02.2027., pēc kampaņas "
        "beigām (piektd., 12.02.2027.)"
    )
    assert plan.posts.loc[0, "note"] == (
        "neviena fāžu diena neder (12 dienas: saskaņošanas ķēde); paredzētajā dienā: svētd., "
        "07.02.2027. ir pirms sestd., 20.02.2027., pirmās publicēšanas, kuras brīfu var nosūtīt "
        "pirmd., 25.01.2027. vai vēlāk"
    )
    assert cc.what_would_fit(rows, short) == [
        "nosūtiet pirmos brīfus līdz piektd., 15.01.2027. (calendar.briefs_from)",
        "beidziet kampaņu sestd., 20.02.2027., nevis piektd., 12.02.2027.",
    ]
    assert cc.calendar_summary(plan, short) == "**Līgumā paredzētais darbs neiederas.** " + (
        "**Neiederas: 1 ieraksts**, ja kampaņas failu atstāj, kā ir: sadaļā *What cannot fit* "
        "zemāk ir iemesls un tas, kas palīdzētu."
    )


def test_summary_in_latvian_with_plurals(small_lv):
    # 3 creators x 2 TikTok shorts in 8-10 March, one go-live a day: 3 fit, 3 do not
    rows = deliverables(*[(w, "LV", "tiktok", "short", 2, 100) for w in ("a", "b", "c")])
    full = variant(
        small_lv,
        start=date(2027, 3, 8),
        end=date(2027, 3, 10),
        max_posts_per_day=1,
        spacing_hours=0,
    )
    plan = cc.build_calendar(rows, full)
    text = cc.calendar_summary(plan, full)
    assert text == (
        "**Ieplānoti: 3** (pavisam 6 līgumā paredzētie darbi, 3 satura veidotāji); 1 tirgus, "
        "no pirmd., 08.03.2027. līdz trešd., 10.03.2027.; 1 fāze: whole. "  # phase as written
        "Skaitot 20 darba dienas atpakaļ, pirmais brīfs jānosūta pirmd., 08.02.2027. "
        "Plānotājs atrisināja konfliktus (2 konflikti): 2 ieraksti pārcelti dienas limita dēļ. "
        "**Neiederas: 3 ieraksti**, ja kampaņas failu atstāj, kā ir: sadaļā *What cannot fit* "
        "zemāk ir iemesls un tas, kas palīdzētu."
    )
    assert plan.unscheduled["note"].tolist() == [
        "neviena fāžu diena neder (3 dienas: dienas limits); paredzētajā dienā: tirgū LV "
        f"{day} jau ir 1 publicēšana (ne vairāk kā 1 dienā)"
        for day in ("trešd., 10.03.2027.", "otrd., 09.03.2027.", "trešd., 10.03.2027.")
    ]
    assert (cc.calendar_table(plan)["status"] == "unscheduled").sum() == 3  # English values


def test_default_phases_are_named_in_the_campaign_language(small_lv):
    plain = small_lv.model_copy(
        update={"calendar": small_lv.calendar.model_copy(update={"phases": []})}
    )
    assert [p.name for p in cc.campaign_phases(plain)] == ["palaišana", "uzturēšana"]


def test_ics_titles_in_latvian_times_in_iso(small_lv):
    rows = deliverables(("a", "LV", "instagram", "reel", 1, 100))
    plan = cc.build_calendar(rows, small_lv)
    calendar = icalendar.Calendar.from_ical(cc.calendar_ics(plan, small_lv, STAMP))
    events = list(calendar.walk("VEVENT"))
    go_live = next(e for e in events if event_title(e).startswith("Publicēšana:"))
    post = plan.scheduled.iloc[0]
    assert event_title(go_live) == "Publicēšana: @a instagram Reels video (LV)"
    assert f"Publicēšana {post['go_live_local']} Europe/Riga" in str(go_live["DESCRIPTION"])
    assert str(go_live["DTSTART"].params["TZID"]) == "Europe/Riga"
    titles = {event_title(e).split(":")[0] for e in events}
    assert titles == {
        "Publicēšana",
        "Brīfs nosūtīts",
        "Melnraksta termiņš",
        "Atsauksmju termiņš",
        "Galīgais apstiprinājums",
    }
    table = cc.calendar_table(plan)
    assert table.loc[0, "brief_sent"] == post["brief_sent"].strftime("%Y-%m-%d")


def test_english_stays_the_default(small_lv):
    english = small_lv.model_copy(update={"language": "en"})
    rows = deliverables(("a", "LV", "instagram", "reel", 1, 100))
    plan = cc.build_calendar(rows, english)
    assert cc.calendar_summary(plan, english) == (
        "**1 of 1 contracted deliverable by 1 creator is scheduled** in 1 market from Mon 22 Mar "
        "2027 to Mon 22 Mar 2027, in 1 phase (whole). Working back 20 business days, the first "
        "brief goes out on Mon 22 Feb 2027. Every contracted post has a slot."
    )
    ics = icalendar.Calendar.from_ical(cc.calendar_ics(plan, english, STAMP))
    titles = [event_title(e) for e in ics.walk("VEVENT")]
    assert titles[0] == "Go-live: @a instagram reel (LV)"


def test_calendar_page_in_latvian(tmp_path, monkeypatch):
    missing = tmp_path / "missing.jsonl"
    monkeypatch.setenv("PLAYBOOK_MISSING_MESSAGES", str(missing))
    result = run_campaign(latvian_campaign(tmp_path), out_dir=tmp_path / "out", stages="04")
    assert result.ok, [(s.stage, s.error) for s in result.stages]
    lines = missing.read_text(encoding="utf-8").splitlines() if missing.exists() else []
    assert not lines, [json.loads(line)["message"] for line in lines]
    page = (result.report_dir / "04-calendar.html").read_text(encoding="utf-8")
    assert "Secinājums." in page and "Ieplānoti:" in page
    assert "Publicēšanas un saskaņošanas termiņi" in page and f"otrd.{NBSP}02.02." in page
    assert "02.2027." in page  # Latvian dates in the finding
    assert "Finding." not in page and "are scheduled" not in page
    assert "Traceback" not in page and "Warning" not in page
    table = pd.read_csv(result.report_dir / "calendar.csv")
    assert set(table["status"]) <= {"scheduled", "unscheduled"}
    assert table["go_live_local"].str.match(r"\d{4}-\d\d-\d\d \d\d:\d\d$").all()
    ics = icalendar.Calendar.from_ical((result.report_dir / "calendar.ics").read_bytes())
    titles = [event_title(e) for e in ics.walk("VEVENT")]
    assert sum(t.startswith("Publicēšana:") for t in titles) == len(table)


def test_holiday_names_in_latvian_where_the_package_has_them():
    from helpers.stages.calendar.timing import public_holidays

    days = public_holidays(["LV", "LT"], date(2027, 1, 1), date(2027, 2, 28), "lv")
    keys = zip(days["market"], days["date"].dt.date, strict=True)
    names = dict(zip(keys, days["holiday"], strict=True))
    assert names[("LV", date(2027, 1, 1))] == "Jaungada diena"  # Latvia's calendar in Latvian
    # Lithuania's calendar has no Latvian: its English names, as before
    assert names[("LT", date(2027, 2, 16))] == "Day of Restoration of the State of Lithuania"
    english = public_holidays(["LV"], date(2027, 1, 1), date(2027, 1, 1))
    assert english["holiday"].tolist() == ["New Year's Day"]
