"""Chapter 8's exercises, best practice: find the mistakes in a plan."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from helpers.training.exercises.answers import _checked, _Unreadable
from helpers.training.exercises.verdict import Verdict, _blank, _right, _wrong

COMMON_MISTAKES = {
    1: "'Awareness' with no number, no definition and no reading date.",
    2: "Comparing engagement rates calculated in different ways.",
    3: "Choosing creators by follower count alone.",
    4: "Rejecting a creator on an opaque score, or accepting one because the score was green.",
    5: "Gifting without telling the creator that the post must be labelled.",
    6: "'#ad' in German or English labels in France.",
    7: "Deadlines that land on a holiday or a weekend.",
    8: "Missing the 24-hour window to capture Stories.",
    9: "Calling a test 'won' on too little data.",
    10: "Reporting EMV as if it were ROI.",
}
PLAN = [
    ("Goal: 1.5M summed post reach in LV, EE and LT, read on 22 March 2027.", None),
    (
        "Shortlist: @skin.by.rasa beats @ilzeb.skin because her TikTok engagement (7.8% per view) "
        "is higher than Ilze's Instagram engagement (2.5% per follower).",
        2,
    ),
    (
        "Twenty nano creators get the serum as a gift; no need to brief them on labels, as no "
        "money changes hands.",
        5,
    ),
    ("The French creator's video shows 'Publicité' on screen for its whole length.", None),
    ("First drafts are due on Saturday 23 January 2027.", 7),
    ("Story insights are collected from creators seven days after go-live.", 8),
    ("Final report: EMV of EUR 80,000 on EUR 25,000 spent, shown as a 220% return.", 10),
]


def plan_exercise() -> pd.DataFrame:
    """A campaign plan with some of the ten common mistakes in it (exercise 8.1)."""
    return pd.DataFrame(
        {"line": range(1, len(PLAN) + 1), "plan": [text for text, _mistake in PLAN]}
    )


def check_plan_mistakes(answer: object) -> Verdict:
    """Exercise 8.1: the numbers of the common mistakes the plan makes.

    Parameters
    ----------
    answer : set or list of int
        Mistake numbers from the list of ten, e.g. ``{1, 4}``.
    """
    exercise = "8.1 Find the mistakes in a plan"
    if answer is None:
        return _blank(exercise)

    def check() -> Verdict:
        if isinstance(answer, int | str):
            items = [answer]
        elif isinstance(answer, Iterable):
            items = list(answer)
        else:
            raise _Unreadable("I expected a set of mistake numbers such as {1, 4}.")
        try:
            said = {int(item) for item in items}
        except (TypeError, ValueError):
            raise _Unreadable("I expected mistake numbers from 1 to 10, e.g. {1, 4}.") from None
        unknown = sorted(said - set(COMMON_MISTAKES))
        if unknown:
            raise _Unreadable(f"The list has mistakes 1 to 10; {unknown} are not on it.")
        expected = {number for _text, number in PLAN if number}
        missed, extra = sorted(expected - said), sorted(said - expected)
        if not missed and not extra:
            return _right(
                exercise,
                f"Mistakes {sorted(expected)}. The French label on screen is right, so mistake 6 "
                "is not in the plan.",
            )
        lines = []
        if missed:
            where = {number: line for line, (_text, number) in enumerate(PLAN, start=1) if number}
            lines.append(
                "Missed: "
                + "; ".join(f"{n} (plan line {where[n]}: {COMMON_MISTAKES[n]})" for n in missed)
            )
        if extra:
            lines.append(f"Not in this plan: {extra}")
            if 6 in extra:
                lines.append("line 4 puts 'Publicité' on screen, which is what France requires")
        return _wrong(exercise, "; ".join(lines) + ".")

    return _checked(exercise, check)
