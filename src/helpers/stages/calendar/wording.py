"""How the calendar writes for people: days and go-live times, counts in the singular or the
plural, the names of posts, approval steps and conflict kinds, all in the campaign's language
through the Translator ``_`` it is given.

A language's way of writing a day is picked by its key (:data:`DAY_PATTERNS`), so no function
here tests which language it writes.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
from babel.dates import format_date, get_day_names

from helpers.text import labels
from helpers.text.i18n import Translator, words

#: how a day is written (Babel patterns): in a sentence, in a table without the year, and in
#: a note's go-live time
DAY_PATTERNS = {
    "en": ("EEE d MMM y", "EEE d MMM", "EEE dd MMM"),
    "lv": ("EEE, dd.MM.y.", "EEE dd.MM.", "EEE dd.MM."),
}
SENTENCE, TABLE, MOMENT = range(3)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _one_in_english(count: float) -> bool:
    return count == 1


def _one_in_latvian(count: float) -> bool:
    return count % 10 == 1 and count % 100 != 11


#: which counts take the singular, by language (English's rule for the others)
SINGULAR_RULES = {"en": _one_in_english, "lv": _one_in_latvian}


def is_one(count: float, _: Translator) -> bool:
    """Whether a count takes the singular: 1 in English; 1, 21, 31 ... (not 11) in Latvian."""
    return SINGULAR_RULES.get(_.language, _one_in_english)(count)


def plural(_: Translator, count: float, one: str, many: str) -> str:
    """The already translated singular or plural form that suits ``count`` in the language."""
    return one if is_one(count, _) else many


def _written(day: date, which: int, _: Translator) -> str:
    """A day in the language's own pattern (:data:`DAY_PATTERNS`); its plain date otherwise."""
    if _.language not in DAY_PATTERNS:
        return _.date(day)
    return format_date(day, DAY_PATTERNS[_.language][which], locale=_.locale)


def _day(day: date | None, _: Translator) -> str:
    """A day in a sentence: ``Tue 2 Feb 2027`` / ``otrd., 02.02.2027.``."""
    if day is None:
        return ""
    return _written(day, SENTENCE, _)


def _short_moment(moment: datetime, _: Translator) -> str:
    """A go-live in a note: ``Sat 13 Mar 19:00`` / ``sestd. 13.03. 19:00``."""
    return f"{_written(moment, MOMENT, _)} {moment:%H:%M}"


def _hours(hours: float, _: Translator) -> str:
    """Hours as people write them: 12, 12.5 (or 12,5)."""
    return _.number(hours, 0 if float(hours).is_integer() else 1)


def day_text(day: object, _: Translator) -> str:
    """A day as the calendar shows it in tables, without a year: ``Tue 2 Feb`` /
    ``otrd. 02.02.`` (kept on one line); a dash for a missing date."""
    if day is None or pd.isna(day):
        return "–"
    return _written(day, TABLE, _).replace(" ", "\u00a0")


def moment_text(moment: object, _: Translator) -> str:
    """A local date and time as in the tables: ``Tue 2 Feb 19:00`` / ``otrd. 02.02. 19:00``."""
    if moment is None or pd.isna(moment):
        return "–"
    return f"{day_text(moment, _)} {moment:%H:%M}"


def day_formatter(_: Translator):
    """:func:`day_text` as a one-argument formatter for ``report.table``."""
    return lambda day: day_text(day, _)


def moment_formatter(_: Translator):
    """:func:`moment_text` as a one-argument formatter for ``report.table``."""
    return lambda moment: moment_text(moment, _)


def weekday_name(weekday: str | None, _: Translator) -> str:
    """``Thursday`` / ``ceturtdiena`` from the campaign file's ``thursday``."""
    if not weekday:
        return ""
    return get_day_names("wide", locale=_.locale)[WEEKDAYS.index(weekday)]


def deliverable_name(deliverable: str, _: Translator | str = "en") -> str:
    """A deliverable in a note or a calendar title: ``link in bio``, ``ieraksts plūsmā``
    (:func:`helpers.text.labels.post_kinds`). A language code is still accepted."""
    return labels.post_kind(deliverable, words(_))


def conflict_words(_: Translator) -> dict[str, tuple[str, str, str]]:
    """Conflict kinds for people: kind -> (label in the conflicts table, one resolved, several
    resolved)."""
    return {
        "holiday": (
            _("public holiday"),
            _("go-live moved off a public holiday"),
            _("go-lives moved off public holidays"),
        ),
        "holiday target": (
            _("holiday targeted"),
            _("go-live moved onto a public holiday"),
            _("go-lives moved onto public holidays"),
        ),
        "spacing": (
            _("spacing rule"),
            _("post moved to keep posts apart"),
            _("posts moved to keep posts apart"),
        ),
        "daily cap": (
            _("daily cap"),
            _("post moved for the daily cap"),
            _("posts moved for the daily cap"),
        ),
        "same creator": (
            _("one go-live a day per creator"),
            _("post moved so its creator posts once a day"),
            _("posts moved so a creator posts once a day"),
        ),
        "approval chain": (
            _("approval chain"),
            _("post moved after the earliest possible brief"),
            _("posts moved after the earliest possible brief"),
        ),
        "approval holiday": (
            _("holiday in the approval chain"),
            _("approval chain shifted for public holidays"),
            _("approval chains shifted for public holidays"),
        ),
        "phase": (
            _("phase full"),
            _("post moved to another phase"),
            _("posts moved to another phase"),
        ),
        "time zone": (_("time zone"), "", ""),
        "no slot": (_("cannot fit"), "", ""),
    }


def rule_name(kind: str, _: Translator) -> str:
    """The rule that blocked a day, in a note (``12 days: approval chain``)."""
    names = {
        "approval chain": _("approval chain"),
        "holiday": _("holiday"),
        "daily cap": _("daily cap"),
        "same creator": _("same creator"),
        "spacing": _("spacing"),
        "no slot": _("no slot"),
    }
    return names.get(kind, kind)
