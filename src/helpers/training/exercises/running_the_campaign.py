"""Chapter 6's exercises, running the campaign: work back a deadline, time zones, and pacing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

from helpers.core.campaign import load_campaign
from helpers.core.config import CAMPAIGNS_DIR
from helpers.training.exercises.answers import _check_rate, _checked, _date, _datetime_in, _day
from helpers.training.exercises.samples import _sample
from helpers.training.exercises.verdict import Verdict, _blank, _right, _wrong

DEADLINE_EXERCISE = {
    "go_live": date(2027, 2, 27),
    "creator_market": "LT",
    "brand_market": "LV",
    "draft_1_days_before": 11,
}
SCHEDULED_POST = {"time": datetime(2027, 2, 3, 19, 0), "zone": "America/New_York"}
CREATOR_ZONE = "Europe/Riga"
PACING_AS_OF = date(2027, 2, 18)


def deadline_exercise() -> dict[str, object]:
    """Go-live date and markets for working back the first-draft deadline (exercise 6.1)."""
    deal = dict(DEADLINE_EXERCISE)
    deal["draft_1_naive"] = deal["go_live"] - timedelta(days=deal["draft_1_days_before"])
    return deal


def _days_off(day: date, markets: Iterable[str]) -> list[str]:
    reasons = []
    if day.weekday() >= 5:
        reasons.append(f"a {day:%A}")
    for market in markets:
        name = holidays.country_holidays(market, years=day.year).get(day)
        if name:
            reasons.append(f"{name}, a public holiday in {market}")
    return reasons


def check_draft_deadline(answer: object) -> Verdict:
    """Exercise 6.1: the first-draft deadline, worked back from go-live.

    Parameters
    ----------
    answer : str or date
        The deadline, e.g. ``"2027-02-15"``.
    """
    exercise = "6.1 Work back a deadline"
    if answer is None:
        return _blank(exercise)
    deal = deadline_exercise()
    markets = [deal["creator_market"], deal["brand_market"]]
    expected = deal["draft_1_naive"]
    while _days_off(expected, markets):
        expected -= timedelta(days=1)

    def check() -> Verdict:
        day = _date(answer)
        naive = deal["draft_1_naive"]
        if day == expected:
            return _right(
                exercise,
                f"D − 11 is {_day(naive)}: {' and '.join(_days_off(naive, markets))}. "
                f"Move earlier, to {_day(expected)}, never later.",
            )
        if day > naive:
            return _wrong(
                exercise,
                f"{_day(day)} is later than D − 11 ({_day(naive, weekday=False)}): every "
                "slipped day comes out of the creator's production time. Move deadlines earlier, "
                "not later.",
            )
        off = _days_off(day, markets)
        if off:
            return _wrong(exercise, f"{_day(day)} is {' and '.join(off)}.")
        return _wrong(
            exercise,
            f"{_day(day)} is a working day, but earlier than needed: take the last working "
            f"day (in both countries) on or before D − 11, {_day(naive, weekday=False)}.",
        )

    return _checked(exercise, check)


def check_local_time(answer: object) -> Verdict:
    """Exercise 6.2: the Riga date and time of a post scheduled 19:00 in New York.

    Parameters
    ----------
    answer : str or datetime
        Riga wall-clock time, e.g. ``"2027-02-04 02:00"``.
    """
    exercise = "6.2 Time zones"
    if answer is None:
        return _blank(exercise)
    riga = ZoneInfo(CREATOR_ZONE)
    scheduled = SCHEDULED_POST["time"].replace(tzinfo=ZoneInfo(SCHEDULED_POST["zone"]))
    expected = scheduled.astimezone(riga)

    def check() -> Verdict:
        said = _datetime_in(answer, riga)
        if said == expected:
            return _right(
                exercise,
                f"19:00 in New York (UTC−5 in February) is 00:00 UTC, which is {expected:%H:%M} "
                f"on {_day(expected)} in Riga (UTC+2): the middle of the night for the "
                "creator's audience. Write every time with its zone.",
            )
        if said.time() == expected.time():
            return _wrong(
                exercise,
                f"Right clock time, wrong day: 19:00 in New York is already after midnight in "
                f"Riga, so it is {_day(expected)}.",
            )
        if said.date() == scheduled.date() and said.time() == time(12, 0):
            return _wrong(exercise, "Riga is ahead of New York, not behind: add the hours.")
        return _wrong(
            exercise,
            "Not quite. Riga is UTC+2 in February and New York UTC−5: the gap is 7 hours.",
        )

    return _checked(exercise, check)


def pacing_exercise() -> dict[str, object]:
    """Aurora's summed reach to date against its goal and calendar (exercise 6.3)."""
    campaign = load_campaign(CAMPAIGNS_DIR / "aurora-baltics-2027.yaml")
    to_date = _sample("results-aurora-baltics-2027-to-date.csv")
    target = next(g.target for g in campaign.goals if g.kpi == "reach")
    return {
        "start": campaign.start,
        "end": campaign.end,
        "as_of": PACING_AS_OF,
        "reach_target": target,
        "reach_to_date": int(to_date["reach"].sum()),
        "posts_to_date": len(to_date),
    }


def check_pacing(answer: object) -> Verdict:
    """Exercise 6.3: the pace index, share of the goal reached / share of the time gone.

    Parameters
    ----------
    answer : float
        The pace index (1.0 is exactly on pace).
    """
    exercise = "6.3 Pacing"
    if answer is None:
        return _blank(exercise)
    pace = pacing_exercise()
    days_total = (pace["end"] - pace["start"]).days + 1
    days_gone = (pace["as_of"] - pace["start"]).days + 1
    share_of_goal = pace["reach_to_date"] / pace["reach_target"]
    share_of_time = days_gone / days_total
    expected = share_of_goal / share_of_time
    return _check_rate(
        exercise,
        answer,
        expected,
        0.01,
        f"{share_of_goal:.1%} of the reach goal after {days_gone} of {days_total} days "
        f"({share_of_time:.1%} of the time) gives a pace of {expected:.2f}"
        + (
            ": behind the straight-line pace. Act now: brief the next wave with what worked "
            "and move paid budget to the best cost per result."
            if expected < 0.9
            else ": on pace or ahead."
        ),
        traps=[
            (
                share_of_goal,
                "That is the share of the goal reached; divide it by the share of the "
                "campaign's days gone.",
            ),
            (share_of_time / share_of_goal, "Upside down: goal share / time share."),
        ],
        what="a number such as 0.8 (1.0 is on pace)",
        is_rate=False,
    )
