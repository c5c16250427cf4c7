"""Chapter 7's exercises, measuring and ROI: read an A/B result, ROI on total cost, and which day an
order falls on in the report.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd

from helpers.core import metrics
from helpers.training.exercises.answers import (
    _check_rate,
    _checked,
    _date,
    _day,
    _plain,
    _text,
    _Unreadable,
)
from helpers.training.exercises.samples import _sample
from helpers.training.exercises.verdict import Verdict, _blank, _right, _wrong

LANDING_PAGES = pd.DataFrame({"page": ["A", "B"], "visits": [4000, 4000], "orders": [120, 150]})
ORDER_TIME = {"time": datetime(2027, 2, 2, 0, 30), "zone": "Europe/Riga", "report_zone": "UTC"}
EXTRA_COSTS = {"paid amplification": 15_000.0, "tools, agency time and product": 13_000.0}
NOT_CONFIRMED = "not confirmed across posts"
AB_CHOICES = {
    "a": "A",
    "b": "B",
    "not enough data": "not enough data",
    "inconclusive": "not enough data",
    "not confirmed across posts": NOT_CONFIRMED,
    "not confirmed": NOT_CONFIRMED,
}


def _ab_choice(answer: object, allowed: tuple[str, ...]) -> str:
    words = ", ".join(f"'{a}'" for a in allowed[:-1]) + f" or '{allowed[-1]}'"
    said = AB_CHOICES.get(_plain(_text(answer, words)))
    if said not in allowed:
        raise _Unreadable(f"Answer {words}; {answer!r} is none of them.")
    return said


def landing_page_exercise() -> pd.DataFrame:
    """Two landing pages behind one link, visitors split at random: visits and orders (7.1)."""
    return LANDING_PAGES.copy()


def check_landing_page_test(answer: object) -> Verdict:
    """Exercise 7.1: did page B convert better than page A at the 5% level?

    Parameters
    ----------
    answer : str
        ``"A"``, ``"B"`` or ``"not enough data"``.
    """
    from helpers.stages.roi.abtest import format_p, two_proportion_test

    exercise = "7.1 Read an A/B result"
    if answer is None:
        return _blank(exercise)
    pages = landing_page_exercise().set_index("page")
    a, b = pages.loc["A"], pages.loc["B"]
    test = two_proportion_test(a["orders"], a["visits"], b["orders"], b["visits"])
    expected = "not enough data" if abs(test.z) <= 1.96 else ("B" if test.z > 0 else "A")
    rates = f"Conversion {test.rate_a:.2%} for A against {test.rate_b:.2%} for B"

    def check() -> Verdict:
        said = _ab_choice(answer, ("A", "B", "not enough data"))
        if said == expected == "not enough data":
            return _right(
                exercise,
                f"{rates}: z = {test.z:.2f}, {format_p(test.p_value)}. |z| is under 1.96, so the "
                "difference could be chance. Report 'B is ahead, not enough data to conclude': "
                f"detecting it would take about {test.needed_per_variant:,.0f} visits per page.",
            )
        if said == expected:
            return _right(exercise, f"{rates}: z = {test.z:.2f}, {format_p(test.p_value)}.")
        if expected == "not enough data":
            return _wrong(
                exercise,
                f"{rates}. {said} looks better, but z = {test.z:.2f} and "
                f"{format_p(test.p_value)}: not significant at 5%. Calling a winner on this is "
                "reading noise.",
            )
        return _wrong(
            exercise, f"{rates}: z = {test.z:.2f}, so the answer is {expected}, not {said}."
        )

    return _checked(exercise, check)


def variant_exercise() -> pd.DataFrame:
    """Pulse's posts with their content variant, impressions and link clicks (exercise 7.2)."""
    results = _sample("results-pulse-app-launch-2027.csv")
    columns = ["post_id", "influencer_id", "platform", "variant", "impressions", "link_clicks"]
    return results[columns].sort_values(["variant", "post_id"]).reset_index(drop=True)


def check_variant_test(answer: object) -> Verdict:
    """Exercise 7.2: does variant B really have the higher click-through rate?

    The expected answer is the verdict of ``helpers.stages.roi.abtest.compare``, which the ROI
    stage shows: the z-test per impression, then whether the difference holds across posts.

    Parameters
    ----------
    answer : str
        ``"A"``, ``"B"``, ``"not enough data"`` or ``"not confirmed across posts"``.
    """
    from helpers.stages.roi.abtest import compare, format_p

    exercise = "7.2 Read the A/B test of a campaign"
    if answer is None:
        return _blank(exercise)
    test = compare(variant_exercise(), "ctr")
    verdict = str(test["verdict"])
    if "not confirmed" in verdict:
        expected = NOT_CONFIRMED
    elif verdict in ("A ahead", "B ahead"):
        expected = verdict[0]
    else:
        expected = "not enough data"
    per_impression = (
        f"Per impression, B's click-through rate ({test['rate_b']:.2%}) beats A's "
        f"({test['rate_a']:.2%}) with z = {test['z']:.2f}"
    )

    def check() -> Verdict:
        said = _ab_choice(answer, ("A", "B", "not enough data", NOT_CONFIRMED))
        if said == expected == NOT_CONFIRMED:
            return _right(
                exercise,
                f"{per_impression}, but posts differ from one another {test['dispersion']:,.0f} "
                f"times more than chance explains; allowing for that leaves "
                f"{format_p(test['adjusted_p_value'])}. Different creators got different "
                "variants, so the difference may come from the posts, not the variants. Test "
                "again with each creator posting both.",
            )
        if said == expected:
            return _right(exercise, str(test["explanation"]))
        if said == "B" and expected == NOT_CONFIRMED:
            return _wrong(
                exercise,
                f"{per_impression}, so it looks like a clear win. But every impression is not an "
                f"independent trial: posts differ {test['dispersion']:,.0f} times more than "
                "chance explains. Run the check across posts "
                "(helpers.stages.roi.abtest.compare) and read its verdict.",
            )
        return _wrong(exercise, f"Not what the data say: {test['explanation']}")

    return _checked(exercise, check)


def roi_exercise() -> pd.DataFrame:
    """Pulse's costs and attributed revenue: creator fees from the results, plus other costs."""
    results = _sample("results-pulse-app-launch-2027.csv")
    rows = [
        {"item": "creator fees", "kind": "cost", "usd": round(float(results["cost"].sum()), 2)},
        *({"item": item, "kind": "cost", "usd": usd} for item, usd in EXTRA_COSTS.items()),
        {
            "item": "attributed revenue",
            "kind": "revenue",
            "usd": round(float(results["revenue"].sum()), 2),
        },
    ]
    return pd.DataFrame(rows)


def _roi_parts() -> tuple[float, float, float]:
    table = roi_exercise()
    revenue = float(table.loc[table["kind"] == "revenue", "usd"].sum())
    fees = float(table.loc[table["item"] == "creator fees", "usd"].sum())
    total = float(table.loc[table["kind"] == "cost", "usd"].sum())
    return revenue, fees, total


def check_roi(answer: object) -> Verdict:
    """Exercise 7.3: Pulse's ROI on total cost, as a fraction.

    Parameters
    ----------
    answer : float or str
        ROI as a fraction (0.25) or text ('25%').
    """
    exercise = "7.3 ROI on total cost"
    if answer is None:
        return _blank(exercise)
    revenue, fees, total = _roi_parts()
    expected = metrics.roi(revenue, total)
    return _check_rate(
        exercise,
        answer,
        expected,
        0.005,
        f"({revenue:,.2f} − {total:,.2f}) / {total:,.2f} = {expected:.1%}. Total cost "
        "means all of it: fees, amplification, tools and agency time.",
        traps=[
            (
                metrics.roi(revenue, fees),
                "You used creator fees only. Total cost means all of it: add paid "
                "amplification, tools, agency time and product.",
            ),
            (
                metrics.roas(revenue, total),
                "That is ROAS (revenue / cost). ROI subtracts the cost first: "
                "(revenue − cost) / cost.",
            ),
            (metrics.roas(revenue, fees), "That is ROAS on fees only; ROI is (R − C) / C."),
        ],
    )


def order_time_exercise() -> dict[str, object]:
    """An Aurora order's local time and the shop's reporting time zone (exercise 7.4)."""
    return dict(ORDER_TIME)


def check_report_day(answer: object) -> Verdict:
    """Exercise 7.4: the day a UTC report files the order under.

    Parameters
    ----------
    answer : str or date
        The date, e.g. ``"2027-02-01"``.
    """
    exercise = "7.4 Which day is it in the report?"
    if answer is None:
        return _blank(exercise)
    placed = ORDER_TIME["time"].replace(tzinfo=ZoneInfo(ORDER_TIME["zone"]))
    expected = placed.astimezone(ZoneInfo(ORDER_TIME["report_zone"]))

    def check() -> Verdict:
        day = _date(answer)
        if day == expected.date():
            return _right(
                exercise,
                f"00:30 in Riga (UTC+2) is {expected:%H:%M} UTC on "
                f"{_day(expected.date(), weekday=False)}: a UTC report files it a day earlier "
                "than the customer lived it. Say which zone defines a day.",
            )
        if day == placed.date():
            return _wrong(
                exercise,
                "That is the day in Riga. The report cuts days at midnight UTC, two hours "
                "later than Riga's midnight.",
            )
        return _wrong(exercise, "Convert 00:30 Riga time (UTC+2) to UTC and read the date.")

    return _checked(exercise, check)
