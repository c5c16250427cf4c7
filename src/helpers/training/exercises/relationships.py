"""Chapter 4's exercises, relationships: pick the first message, and when to follow up."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import holidays
import numpy as np
import pandas as pd

from helpers.training.exercises.answers import _checked, _date, _day, _text, _Unreadable
from helpers.training.exercises.verdict import Verdict, _blank, _right, _wrong

FIRST_MESSAGES = {
    "A": (
        "Hi! We love your content and think you'd be a great fit for our brand. Could you send "
        "your rates, your audience statistics and a few content ideas? Let's jump on a call "
        "this week!"
    ),
    "B": (
        "Hi Laima, your February video testing three vitamin-C serums on sensitive skin is "
        "exactly the honesty we want for Aurora's Baltic launch. We'd like one Instagram Reel "
        "and three Stories, live between 8 and 19 February, for a fee of EUR 400 plus the "
        "product; the posts are labelled #reklāma. If it sounds interesting, reply by Friday "
        "22 January and I'll send the brief and a contract draft."
    ),
    "C": (
        "Dear creator, Aurora is launching a serum in the Baltics and we would be happy to send "
        "you a free bottle in exchange for exposure on your channel. Please confirm today: we "
        "only have a few places left."
    ),
}
FIRST_CONTACT_SENT = date(2027, 1, 11)


def first_message_exercise() -> pd.DataFrame:
    """Three first messages to a Latvian skincare creator (exercise 4.1)."""
    return pd.DataFrame({"message": list(FIRST_MESSAGES), "text": list(FIRST_MESSAGES.values())})


def check_first_message(answer: object) -> Verdict:
    """Exercise 4.1: which first message answers why them, what we ask and what we offer.

    Parameters
    ----------
    answer : str
        ``"A"``, ``"B"`` or ``"C"``.
    """
    exercise = "4.1 Pick the first message"
    if answer is None:
        return _blank(exercise)

    def check() -> Verdict:
        said = _text(answer, "'A', 'B' or 'C'").upper()
        if said not in FIRST_MESSAGES:
            raise _Unreadable(f"Answer 'A', 'B' or 'C'; {answer!r} is none of them.")
        if said == "B":
            return _right(
                exercise,
                "B names a specific video (why them), the deliverables and dates (what we ask), "
                "the fee, product and label (what we offer), and a clear next step with a date.",
            )
        if said == "A":
            return _wrong(
                exercise,
                "A is a mass message: 'we love your content' could go to anyone, and it asks for "
                "rates, statistics, ideas and a call before saying what the project is or pays.",
            )
        return _wrong(
            exercise,
            "C offers 'exposure' for a free bottle, pressures for an answer today and does not "
            "say that a gifted product still has to be labelled as advertising.",
        )

    return _checked(exercise, check)


def _working_days_between(start: date, end: date, markets: Iterable[str]) -> int:
    """Working days from ``start`` up to but not including ``end``, skipping public holidays."""
    years = range(start.year, end.year + 1)
    days_off = sorted(
        {day for market in markets for day in holidays.country_holidays(market, years=years)}
    )
    return int(np.busday_count(start, end, holidays=days_off))


def check_follow_up_date(answer: object) -> Verdict:
    """Exercise 4.2: when to send the one follow-up (five to seven working days later).

    Parameters
    ----------
    answer : str or date
        The date, e.g. ``"2027-01-19"``.
    """
    exercise = "4.2 When to follow up"
    if answer is None:
        return _blank(exercise)

    def check() -> Verdict:
        day = _date(answer)
        if day.weekday() >= 5:
            return _wrong(exercise, f"{_day(day)} is a weekend day: pick a working day.")
        if day <= FIRST_CONTACT_SENT:
            return _wrong(exercise, "The follow-up comes after the first message, not before.")
        # working days after the day of the first message, up to and including the answer
        waited = _working_days_between(
            FIRST_CONTACT_SENT + timedelta(days=1), day + timedelta(days=1), ["LV"]
        )
        if waited < 5:
            return _wrong(
                exercise,
                f"{_day(day)} is only {waited} working day(s) after the first message: "
                "give the creator five to seven working days before one polite follow-up.",
            )
        if waited > 7:
            return _wrong(
                exercise,
                f"{_day(day)} is {waited} working days later: by then the campaign dates "
                "are close. Follow up after five to seven working days.",
            )
        return _right(
            exercise,
            f"{_day(day)} is {waited} working days after Monday 11 January. Send one "
            "follow-up, then a short note a week later that closes the loop, then stop.",
        )

    return _checked(exercise, check)
