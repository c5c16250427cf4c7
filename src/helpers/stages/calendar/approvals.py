"""Business days and the approval chain: brief sent, draft due, feedback due and final approval,
counted back from a go-live in business days (weekends and public holidays do not count)."""

from __future__ import annotations

from datetime import date, timedelta

from helpers.core.campaign import Calendar

#: approval steps: campaign-file field -> (calendar.csv column, English label for people;
#: :func:`helpers.text.labels.approval_steps` gives them in the campaign's language)
APPROVAL_STEPS = {
    "brief_sent": ("brief_sent", "Brief sent"),
    "draft_due": ("draft_due", "Draft due"),
    "feedback": ("feedback_due", "Feedback due"),
    "final_approval": ("final_approval", "Final approval"),
}
#: the approval columns of ``calendar.csv``, in the order of the chain
STEP_COLUMNS = [column for column, _label in APPROVAL_STEPS.values()]


def is_business_day(day: date, closed: set[date] | frozenset[date] = frozenset()) -> bool:
    """Monday to Friday and not a public holiday in ``closed``."""
    return day.weekday() < 5 and day not in closed


def business_days_before(
    day: date, count: int, closed: set[date] | frozenset[date] = frozenset()
) -> date:
    """The date ``count`` business days before ``day`` (``day`` itself for 0).

    Example: 8 business days before Wednesday 3 February 2027 is Friday 22 January (the
    weekends of 23-24 and 30-31 January do not count), as in the playbook's chapter 6.1.
    """
    current = day
    counted = 0
    while counted < count:
        current -= timedelta(days=1)
        counted += is_business_day(current, closed)
    return current


def approval_dates(go_live: date, settings: Calendar, closed: frozenset[date]) -> dict[str, date]:
    """Each approval step's date for a go-live day, counted back in business days.

    Returns
    -------
    dict
        ``calendar.csv`` column (``brief_sent``, ``draft_due``, ``feedback_due``,
        ``final_approval``) to date.
    """
    return {
        column: business_days_before(go_live, getattr(settings.approval, step), closed)
        for step, (column, _label) in APPROVAL_STEPS.items()
    }


def earliest_go_live(settings: Calendar, closed: frozenset[date]) -> date | None:
    """The first day whose brief would go out on or after ``briefs_from`` (None: no limit)."""
    if settings.briefs_from is None:
        return None
    day = settings.briefs_from
    while business_days_before(day, settings.approval.brief_sent, closed) < settings.briefs_from:
        day += timedelta(days=1)
    return day


def closed_days(
    market: str, by_market: dict[str, dict[date, str]], settings: Calendar
) -> frozenset[date]:
    """Days that are not business days for a market's approvals (besides weekends): its public
    holidays and, when ``brand_market`` is set, the brand's."""
    brand = by_market.get(settings.brand_market, {}) if settings.brand_market else {}
    return frozenset(by_market.get(market, {})) | frozenset(brand)
