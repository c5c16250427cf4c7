"""The reference data the calendar stands on: each market's time zone, the posting times per
platform, and the public holidays of each market."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays as holiday_calendars
import numpy as np
import pandas as pd

from helpers.core import reference
from helpers.core.campaign import Calendar
from helpers.stages.calendar.wording import _day
from helpers.text.i18n import Translator, translator


def market_timezone(market: str, settings: Calendar) -> str | None:
    """The IANA time zone of a market's audience: the campaign's own choice, else the zone
    :func:`helpers.core.reference.market_timezones` chooses from the tz database; None when
    the country has none (not a country code the tz database knows)."""
    if market in settings.timezones:
        return settings.timezones[market]
    return reference.market_timezones(market).chosen


def timezone_sources(
    markets: list[str],
    settings: Calendar,
    first: date | None,
    last: date | None,
    _: Translator,
) -> pd.DataFrame:
    """Each market's time zone, why that one, where it comes from, and its UTC offsets between
    two dates (with the day the clocks change, when they do). The reference table's note
    follows the reason, in the page's language where the catalogues have it.

    Returns
    -------
    DataFrame
        ``market``, ``timezone``, ``utc_offset`` (e.g. ``UTC+2, UTC+3 from Sun 28 Mar 2027``),
        ``note`` (why this zone) and ``source``.
    """
    rows = []
    for market in markets:
        zone = market_timezone(market, settings)
        found = reference.market_timezones(market)
        chosen = market in settings.timezones
        rows.append(
            {
                "market": market,
                "timezone": zone or _("none on file: set calendar.timezones"),
                "utc_offset": _offsets_between(zone, first, last, _) if zone and first else "",
                "note": _("set in the campaign file") if chosen else _zone_reason(found, _),
                "source": _("campaign file") if chosen else _looked_up(found.source, _),
            }
        )
    return pd.DataFrame(rows).fillna("")


def _zone_reason(found: reference.MarketZones, _: Translator) -> str:
    """Why the playbook schedules a market in its zone, in the page's language (the reference
    table's note, looked up in the catalogues, after it)."""
    count, market = len(found.zones), found.market
    if found.basis == "none":
        return _(
            "the tz database lists no time zone for {market}: set calendar.timezones.{market}",
            market=market,
        )
    if found.basis == "only zone":
        return _("the only time zone the tz database lists for {market}", market=market)
    if found.basis == "population":
        reason = _(
            "{share} of the population of {market} lives on this zone's clock, more than on any "
            "other ({count} zones in the tz database); the audience data has no region: set "
            "calendar.timezones.{market} for an audience elsewhere",
            share=_.percent(found.share, 1),
            count=_.number(count),
            market=market,
        )
    else:
        reason = _(
            "the first of the {count} zones the tz database lists for {market} (its most "
            "populous where geography allows), a playbook assumption; the audience data has "
            "no region: set calendar.timezones.{market} for an audience elsewhere",
            count=_.number(count),
            market=market,
        )
    return f"{reason} ({_.term(found.note)})" if found.note else reason


def _looked_up(source: str, _: Translator) -> str:
    """A source line of ``"part; part (year)"`` with each part the catalogues know (the
    playbook's working assumption) in the page's language; publications as published."""
    parts = []
    for part in source.split("; ") if source else []:
        text, year = (part[:-7], part[-7:]) if re.search(r" \(\d{4}\)$", part) else (part, "")
        parts.append(f"{_.term(text)}{year}")
    return "; ".join(parts)


def _offsets_between(zone_name: str, first: date, last: date, _: Translator) -> str:
    """``UTC+2`` or ``UTC+2, UTC+3 from Sun 28 Mar 2027``: the offset at noon of each day."""
    zone = ZoneInfo(zone_name)
    parts, previous = [], None
    for n in range((last - first).days + 1):
        day = first + timedelta(days=n)
        offset = datetime.combine(day, time(12), tzinfo=zone).utcoffset()
        if offset != previous:
            hours = offset.total_seconds() / 3600
            text = f"UTC{hours:+g}".replace("-", "\u2212")
            changed = _("{offset} from {day}", offset=text, day=_day(day, _))
            parts.append(text if previous is None else changed)
            previous = offset
    return ", ".join(parts)


def posting_times(settings: Calendar, _: Translator | None = None) -> pd.DataFrame:
    """Local posting times per platform, in order of preference.

    The reference table ``posting_times.csv`` gives the defaults with their sources (its
    ``basis`` stays as written there); the campaign's ``calendar.posting_times`` replaces a
    platform's times (its basis and source written with ``_``, English without).

    Returns
    -------
    DataFrame
        ``platform``, ``slot``, ``local_time`` (``HH:MM``), ``basis``, ``source``, ``year``.
    """
    _ = _ or translator()
    table = reference.reference_table("posting_times")
    table = table[table["default"] == "yes"].drop(columns="default")
    overridden = [
        {
            "platform": platform,
            "slot": number,
            "local_time": clock,
            "basis": _("the campaign's own posting time"),
            "source": _("campaign file"),
            "year": np.nan,
        }
        for platform, clocks in settings.posting_times.items()
        for number, clock in enumerate(clocks, start=1)
    ]
    kept = table[~table["platform"].isin(settings.posting_times)]
    return pd.concat([kept, pd.DataFrame(overridden, columns=table.columns)], ignore_index=True)


def posting_clocks(settings: Calendar) -> dict[str, list[time]]:
    """Each platform's posting times as clock times, the preferred one first."""
    return {
        platform: [_clock(t) for t in group.sort_values("slot")["local_time"]]
        for platform, group in posting_times(settings).groupby("platform")
    }


def _clock(text: str) -> time:
    hours, minutes = str(text).split(":")
    return time(int(hours), int(minutes))


def to_utc(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """A local wall-clock time as UTC; a time that does not exist (clocks going forward) is
    read with the offset before the change, i.e. moved forward by the gap."""
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def utc_offset(local: datetime) -> str:
    """``UTC+02:00``: the ``UTC`` prefix also keeps spreadsheets from reading a formula."""
    minutes = int(local.utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@cache
def _holidays_of(market: str, years: tuple[int, ...], language: str) -> dict[date, str] | None:
    try:
        country = holiday_calendars.country_holidays(market, years=years)
    except NotImplementedError:
        return None
    named = language if language in country.supported_languages else "en_US"
    return dict(holiday_calendars.country_holidays(market, years=years, language=named))


def public_holidays(
    markets: list[str], first: date, last: date, language: str = "en"
) -> pd.DataFrame:
    """Public holidays of each market between two dates, from the ``holidays`` package.

    Observed days are included as their own rows (``Christmas Day (observed)`` on Monday 27
    December 2027 in GB, when the 25th is a Saturday). Names are in ``language`` where the
    package has the market's calendar in it (Latvia's in Latvian), else in English.

    Returns
    -------
    DataFrame
        ``market``, ``date``, ``holiday``; a market the package does not cover gets one row
        with no date saying so.
    """
    years = tuple(range(first.year, last.year + 1))
    rows = []
    for market in dict.fromkeys(markets):
        days = _holidays_of(market, years, "en_US" if language == "en" else language)
        if days is None:
            rows.append({"market": market, "date": pd.NaT, "holiday": "no calendar on file"})
            continue
        rows += [
            {"market": market, "date": pd.Timestamp(day), "holiday": name}
            for day, name in sorted(days.items())
            if first <= day <= last
        ]
    return pd.DataFrame(rows, columns=["market", "date", "holiday"])


def holidays_by_market(holidays: pd.DataFrame) -> dict[str, dict[date, str]]:
    """:func:`public_holidays` as market -> day -> holiday (markets without a calendar: none)."""
    return {
        market: {
            d.date(): name
            for d, name in zip(group["date"], group["holiday"], strict=True)
            if pd.notna(d)
        }
        for market, group in holidays.groupby("market")
    }


def holidays_version() -> str:
    """The ``holidays`` package's version, for the source note."""
    return holiday_calendars.__version__
