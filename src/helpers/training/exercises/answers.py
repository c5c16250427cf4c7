"""Reading answers the way people type them: numbers with a comma or a percent sign, dates,
times in a zone, text; an answer that is not the kind asked for says what was expected.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from helpers.training.exercises.verdict import Verdict, _right, _wrong


class _Unreadable(ValueError):
    """An answer that is not the kind of thing asked for; the message says what was expected."""


def _number(answer: object, expected: str) -> tuple[float, bool]:
    """A number from an int, float or text such as ``"16,67"``, ``"1 234.5"`` or ``"2.5%"``.

    Returns the value (a percentage already divided by 100) and whether it was written with %.
    """
    if isinstance(answer, bool):
        raise _Unreadable(f"I expected {expected}, not True or False.")
    if isinstance(answer, int | float | np.integer | np.floating):
        value = float(answer)
        percent = False
    elif isinstance(answer, str):
        text = answer.strip().replace("\u00a0", "").replace(" ", "")
        percent = text.endswith("%")
        text = text.rstrip("%").replace(",", ".")
        if text.count(".") > 1:  # "1.234.5" or "1,234.5": thousands separators
            head, _point, tail = text.rpartition(".")
            text = head.replace(".", "") + "." + tail
        try:
            value = float(text)
        except ValueError:
            raise _Unreadable(f"I expected {expected}; {answer!r} is not a number.") from None
        if percent:
            value /= 100
    else:
        raise _Unreadable(f"I expected {expected}, not a {type(answer).__name__}.")
    if not math.isfinite(value):
        raise _Unreadable(f"I expected {expected}; {answer!r} is not a finite number.")
    return value, percent


def _date(answer: object) -> date:
    """A date from a date, datetime, Timestamp or text (``2027-02-15`` or ``15.02.2027``)."""
    if isinstance(answer, pd.Timestamp | datetime):
        return answer.date()
    if isinstance(answer, date):
        return answer
    if isinstance(answer, str):
        text = answer.strip()
        for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
    raise _Unreadable(
        f"I expected a date such as '2027-02-15' or date(2027, 2, 15); got {answer!r}."
    )


def _datetime_in(answer: object, zone: ZoneInfo) -> datetime:
    """A wall-clock time in ``zone``; aware datetimes are converted, naive ones taken as is."""
    if isinstance(answer, pd.Timestamp):
        answer = answer.to_pydatetime()
    if isinstance(answer, datetime):
        return answer.astimezone(zone) if answer.tzinfo else answer.replace(tzinfo=zone)
    if isinstance(answer, str):
        text = answer.strip().replace("T", " ")
        for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M"):
            try:
                return datetime.strptime(text, pattern).replace(tzinfo=zone)
            except ValueError:
                continue
    raise _Unreadable(
        f"I expected a date and time such as '2027-02-04 02:00' (in {zone.key}); got {answer!r}."
    )


def _text(answer: object, expected: str) -> str:
    if not isinstance(answer, str):
        raise _Unreadable(f"I expected {expected} in quotes, not a {type(answer).__name__}.")
    return unicodedata.normalize("NFC", answer).strip()


def _plain(text: str) -> str:
    """Lower case without diacritics, for forgiving comparisons (``Images retouchées``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def _day(day: date, weekday: bool = True) -> str:
    """A date as people write it: ``Thursday 4 February``."""
    text = f"{day.day} {day:%B}"
    return f"{day:%A} {text}" if weekday else text


def _close(value: float, expected: float, tolerance: float) -> bool:
    return abs(value - expected) <= tolerance


def _checked(exercise: str, check: Callable[[], Verdict]) -> Verdict:
    """Run a check, turning an unreadable answer into a friendly "not yet"."""
    try:
        return check()
    except _Unreadable as problem:
        return _wrong(exercise, str(problem))


def _rate_verdict(
    exercise: str,
    answer: object,
    expected: float,
    tolerance: float,
    right_why: str,
    traps: Iterable[tuple[float, str]] = (),
    what: str = "a fraction such as 0.025 (or the text '2.5%')",
    is_rate: bool = True,
) -> Verdict:
    """Common logic for answers that are rates or amounts: right, a known trap, or off.

    For rates, a number 100 times too big is recognised as a percentage typed without ``%``.
    """
    value, percent = _number(answer, what)
    if _close(value, expected, tolerance):
        return _right(exercise, right_why)
    if is_rate and not percent and _close(value / 100, expected, tolerance):
        return _wrong(
            exercise,
            f"You wrote {value:g}, which looks like a percentage. Write the rate as a fraction "
            f"({value / 100:.4g}) or as text with a percent sign ('{value:g}%').",
        )
    for trap_value, trap_why in traps:
        if _close(value, trap_value, tolerance):
            return _wrong(exercise, trap_why)
    return _wrong(
        exercise, f"{value:.4g} is not it. Go back to the formula in the task and try again."
    )


def _check_rate(
    exercise: str, answer: object, expected: float, tolerance: float, right_why: str, **options
) -> Verdict:
    """Check a rate or an amount (see :func:`_rate_verdict`); an unreadable answer is "not yet"."""
    return _checked(
        exercise,
        lambda: _rate_verdict(exercise, answer, expected, tolerance, right_why, **options),
    )
