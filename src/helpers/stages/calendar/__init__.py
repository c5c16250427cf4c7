"""Stage 04, content calendar: every contracted deliverable gets a go-live in a phase of the
campaign, at a posting time in its audience's local time zone, spaced out from the market's
other posts, clear of (or on) public holidays, with its approval chain worked backwards in
business days, and the brand's amplification planned after its first results (guide chapters
6.1 and 6.3).

The rules, in the order they are applied:

1. **Phases.** Each creator's posts are spread over the campaign: a creator with one post sits
   in the middle, one with three has one early, one mid-way and one late. Posts in that order
   (bigger fees first on ties) fill the phases by each phase's share of all posts.
2. **Target day.** Inside a phase, each market's posts are spread evenly over the phase's days;
   in a *burst* phase they are stacked from its first day instead.
3. **Slot.** The post takes the nearest day to its target, at the first posting time of its
   platform (reference data, or the campaign's own times) in the market's time zone, where:
   the approval chain can still start (``briefs_from``); the day is not a public holiday of
   the market (``holidays: avoid``; ``target`` prefers a holiday within three days instead);
   the market has fewer than ``max_posts_per_day`` go-lives that day; the creator has no other
   go-live that day; and no other post in the market is within ``spacing_hours`` (burst phases
   excepted). Hours are real elapsed hours, so a daylight-saving change is counted right.
4. **Spill.** A post that finds no slot in its phase tries the later phases, then the earlier
   ones; a post that fits nowhere stays in the plan as *unscheduled*, with the reason and what
   would make it fit. Nothing is dropped.
5. **Approvals.** Brief sent, draft due, feedback due and final approval are counted back from
   the go-live in business days: weekends and the public holidays of the creator's market (and
   of the brand's, when ``brand_market`` is set) do not count.

A link in bio is not a post of its own: it goes up with one of the creator's posts and counts
for no spacing rule or cap. The input is ``helpers.stages.negotiation.contracted_deliverables``.

Everything written for people (notes, conflicts, advice, the summary, the calendar's event titles)
is in the campaign's language (``campaign.language``, through :mod:`helpers.text.i18n`), with dates
as the language writes them; the ``calendar.csv`` and ``calendar.ics`` date and time fields stay ISO
8601, and the machine values (``status``, conflict ``kind``, amplification ``action``) stay English.
"""

from __future__ import annotations

import math
import os
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays as holiday_calendars
import numpy as np
import pandas as pd
from babel.dates import format_date

from helpers import report
from helpers.core import reference
from helpers.core.campaign import Calendar, Campaign, Phase
from helpers.core.errors import InputError
from helpers.text.i18n import Translator, translator

DELIVERABLE_COLUMNS = (
    "influencer_id",
    "handle",
    "platform",
    "market",
    "deliverable",
    "quantity",
    "agreed_fee",
    "currency",
    "stage",
)
#: approval steps: campaign-file field -> (calendar.csv column, English label for people;
#: :func:`step_labels` gives them in another language)
APPROVAL_STEPS = {
    "brief_sent": ("brief_sent", "Brief sent"),
    "draft_due": ("draft_due", "Draft due"),
    "feedback": ("feedback_due", "Feedback due"),
    "final_approval": ("final_approval", "Final approval"),
}
DEFAULT_LAUNCH_DAYS = 7
#: deliverables that are not posts of their own: they go up with one of the creator's posts
COMPANION_DELIVERABLES = ("link_in_bio",)
HOLIDAY_PULL_DAYS = 3  # holidays: target moves a go-live onto a holiday at most this far
LIVE_CHECK = timedelta(hours=1)  # a go-live event lasts the hour of the live-post check
MAX_DAYS_TO_EXTEND = 60
BEST_POST_KPI = {
    "awareness": "reach",
    "engagement": "engagements per reach",
    "conversion": "conversions",
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ICS_DOMAIN = "influencer-playbook"
#: how a day is written in languages other than English (Babel patterns): in a sentence, and
#: in a table without the year
DAY_PATTERNS = {"lv": ("EEE, dd.MM.y.", "EEE dd.MM.")}


def conflict_words(language: str = "en") -> dict[str, tuple[str, str, str]]:
    """Conflict kinds for people: kind -> (label in the conflicts table, one resolved, several
    resolved), in the language."""
    _ = translator(language)
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


#: conflict kinds in English: (label in the conflicts table, one resolved, several resolved)
CONFLICT_KINDS = conflict_words("en")
KIND_WORDS = {kind: words[1:] for kind, words in CONFLICT_KINDS.items()}


def _rule_name(kind: str, _: Translator) -> str:
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


def step_labels(language: str = "en") -> dict[str, str]:
    """``calendar.csv`` approval column -> the step's name for people, in the language."""
    _ = translator(language)
    return {
        "brief_sent": _("Brief sent"),
        "draft_due": _("Draft due"),
        "feedback_due": _("Feedback due"),
        "final_approval": _("Final approval"),
    }


def deliverable_name(deliverable: str, language: str = "en") -> str:
    """A deliverable for people: ``link in bio``, ``ieraksts plūsmā``."""
    _ = translator(language)
    names = {
        "feed_post": _("feed post"),
        "reel": _("reel"),
        "story": _("story"),
        "short": _("short video"),
        "long_video": _("long video"),
        "live": _("live stream"),
        "link_in_bio": _("link in bio"),
    }
    return names.get(deliverable, str(deliverable).replace("_", " "))


def is_one(count: float, language: str = "en") -> bool:
    """Whether a count takes the singular: 1 in English; 1, 21, 31 ... (not 11) in Latvian."""
    if language == "lv":
        return count % 10 == 1 and count % 100 != 11
    return count == 1


def plural(_: Translator, count: float, one: str, many: str) -> str:
    """The already translated singular or plural form that suits ``count`` in the language."""
    return one if is_one(count, _.language) else many


# --- inputs ---------------------------------------------------------------------------------


def expand_posts(deliverables: pd.DataFrame) -> pd.DataFrame:
    """One row per post to schedule: a deliverable with quantity 3 becomes three posts.

    Parameters
    ----------
    deliverables : DataFrame
        Contracted deliverables with the columns of :data:`DELIVERABLE_COLUMNS` (as
        ``helpers.stages.negotiation.contracted_deliverables`` returns them). ``agreed_fee`` is the
        fee for the whole row (all its units).

    Returns
    -------
    DataFrame
        ``post_id`` (``<influencer_id>-<deliverable>-<n>``), the deliverable's columns,
        ``unit`` and ``units`` (post n of N), ``fee_per_post``, and ``creator_order`` /
        ``creator_posts`` (this post's place among the creator's posts).

    Raises
    ------
    InputError
        When a column is missing or a row has no platform, market or a quantity that is not a
        whole number of 1 or more; every bad row is listed.
    """
    missing = [c for c in DELIVERABLE_COLUMNS if c not in deliverables.columns]
    if deliverables.empty:  # nothing contracted yet, whatever the columns
        return pd.DataFrame(columns=[*_EXPANDED_COLUMNS, "creator_order", "creator_posts"])
    if missing:
        raise InputError(
            [
                f"deliverables: column {c}: missing (needed: {', '.join(DELIVERABLE_COLUMNS)})"
                for c in missing
            ]
        )
    rows = deliverables.reset_index(drop=True)
    quantity = pd.to_numeric(rows["quantity"], errors="coerce")
    problems = [
        f"deliverables: row {i + 1} ({rows.at[i, 'handle']} {rows.at[i, 'deliverable']}): "
        f"quantity {_shown(rows.at[i, 'quantity'])} is not a whole number of 1 or more"
        for i in rows.index[~((quantity >= 1) & (quantity % 1 == 0))]
    ]
    for column in ("influencer_id", "platform", "market", "deliverable"):
        problems += [
            f"deliverables: row {i + 1}: {column} is empty" for i in rows.index[rows[column].isna()]
        ]
    if problems:
        raise InputError(problems)
    posts = []
    for row, count in zip(rows.to_dict("records"), quantity.astype(int), strict=True):
        fee = pd.to_numeric(pd.Series([row["agreed_fee"]]), errors="coerce").iloc[0]
        for unit in range(1, count + 1):
            posts.append(
                {
                    "post_id": f"{row['influencer_id']}-{row['deliverable']}-{unit}",
                    **{c: row[c] for c in DELIVERABLE_COLUMNS if c != "quantity"},
                    "unit": unit,
                    "units": count,
                    "fee_per_post": fee / count if pd.notna(fee) else np.nan,
                }
            )
    table = pd.DataFrame(posts, columns=_EXPANDED_COLUMNS)
    table["post_id"] = _unique_ids(table["post_id"])
    table["creator_order"] = table.groupby("influencer_id").cumcount()
    table["creator_posts"] = table.groupby("influencer_id")["post_id"].transform("size")
    return table


def _shown(value: object) -> str:
    """A cell as the user typed it: 2.0 shown as 2."""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, str) else str(value)


_EXPANDED_COLUMNS = [
    "post_id",
    *[c for c in DELIVERABLE_COLUMNS if c != "quantity"],
    "unit",
    "units",
    "fee_per_post",
]


def _unique_ids(ids: pd.Series) -> pd.Series:
    """Two rows for the same creator and deliverable must not share an id (``-b`` suffix)."""
    seen = ids.groupby(ids).cumcount()
    return ids.where(seen == 0, ids + "-" + seen.map(lambda n: chr(ord("a") + n)))


def deliverables_source(deliverables: pd.DataFrame, language: str = "en") -> str:
    """Where the contracted deliverables came from, in a sentence for the page.

    ``helpers.stages.negotiation.contracted_deliverables`` marks each row's ``source``: the
    relationship pipeline (rows contracted, live or completed) or the negotiation stage's
    selected offers (``offers.csv``, planned but not yet marked contracted).
    """
    _ = translator(language)
    if deliverables.empty:
        return _("no contracted deliverables yet")
    sources = set(deliverables["source"].dropna()) if "source" in deliverables else set()
    if sources == {"pipeline"}:
        return _("the relationship pipeline's rows in stage contracted, live or completed")
    if sources == {"offers.csv"}:
        return _(
            "the negotiation stage's selected offers (offers.csv): planned, not yet marked "
            "contracted in a pipeline file"
        )
    return _("the contracted deliverables from the negotiation stage")


# --- reference data: time zones, posting times, holidays ------------------------------------


def market_timezone(market: str, settings: Calendar) -> str | None:
    """The IANA time zone of a market's audience: the campaign's own choice, else the
    reference table ``market_timezones.csv``; None when neither has one."""
    if market in settings.timezones:
        return settings.timezones[market]
    zones = reference.reference_table("market_timezones").set_index("market")["timezone"]
    return zones.get(market)


def timezone_sources(
    markets: list[str],
    settings: Calendar,
    first: date | None = None,
    last: date | None = None,
    language: str = "en",
) -> pd.DataFrame:
    """Each market's time zone, where it comes from, and its UTC offsets between two dates
    (with the day the clocks change, when they do). The reference table's notes are data and
    stay as written there.

    Returns
    -------
    DataFrame
        ``market``, ``timezone``, ``utc_offset`` (e.g. ``UTC+2, UTC+3 from Sun 28 Mar 2027``),
        ``note`` and ``source``.
    """
    _ = translator(language)
    table = reference.reference_table("market_timezones").set_index("market")
    rows = []
    for market in markets:
        zone = market_timezone(market, settings)
        chosen = market in settings.timezones
        known = market in table.index
        rows.append(
            {
                "market": market,
                "timezone": zone or _("none on file: set calendar.timezones"),
                "utc_offset": _offsets_between(zone, first, last, language)
                if zone and first
                else "",
                "note": _("set in the campaign file")
                if chosen
                else (table.at[market, "note"] if known else ""),
                "source": _("campaign file")
                if chosen
                else (
                    f"{table.at[market, 'source']} ({table.at[market, 'year']})" if known else ""
                ),
            }
        )
    return pd.DataFrame(rows).fillna("")


def _offsets_between(zone_name: str, first: date, last: date, language: str = "en") -> str:
    """``UTC+2`` or ``UTC+2, UTC+3 from Sun 28 Mar 2027``: the offset at noon of each day."""
    _ = translator(language)
    zone = ZoneInfo(zone_name)
    parts, previous = [], None
    for n in range((last - first).days + 1):
        day = first + timedelta(days=n)
        offset = datetime.combine(day, time(12), tzinfo=zone).utcoffset()
        if offset != previous:
            hours = offset.total_seconds() / 3600
            text = f"UTC{hours:+g}".replace("-", "\u2212")
            changed = _("{offset} from {day}", offset=text, day=_day(day, language))
            parts.append(text if previous is None else changed)
            previous = offset
    return ", ".join(parts)


def posting_times(settings: Calendar, language: str = "en") -> pd.DataFrame:
    """Local posting times per platform, in order of preference.

    The reference table ``posting_times.csv`` gives the defaults with their sources (its
    ``basis`` stays as written there); the campaign's ``calendar.posting_times`` replaces a
    platform's times.

    Returns
    -------
    DataFrame
        ``platform``, ``slot``, ``local_time`` (``HH:MM``), ``basis``, ``source``, ``year``.
    """
    _ = translator(language)
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


def _clock(text: str) -> time:
    hours, minutes = str(text).split(":")
    return time(int(hours), int(minutes))


@cache
def _holidays_of(market: str, years: tuple[int, ...]) -> dict[date, str] | None:
    try:
        return dict(holiday_calendars.country_holidays(market, years=years))
    except NotImplementedError:
        return None


def public_holidays(markets: list[str], first: date, last: date) -> pd.DataFrame:
    """Public holidays of each market between two dates, from the ``holidays`` package.

    Observed days are included as their own rows (``Christmas Day (observed)`` on Monday 27
    December 2027 in GB, when the 25th is a Saturday).

    Returns
    -------
    DataFrame
        ``market``, ``date``, ``holiday``; a market the package does not cover gets one row
        with no date saying so.
    """
    years = tuple(range(first.year, last.year + 1))
    rows = []
    for market in dict.fromkeys(markets):
        days = _holidays_of(market, years)
        if days is None:
            rows.append({"market": market, "date": pd.NaT, "holiday": "no calendar on file"})
            continue
        rows += [
            {"market": market, "date": pd.Timestamp(day), "holiday": name}
            for day, name in sorted(days.items())
            if first <= day <= last
        ]
    return pd.DataFrame(rows, columns=["market", "date", "holiday"])


# --- business days and the approval chain ---------------------------------------------------


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


# --- phases ---------------------------------------------------------------------------------


def campaign_phases(campaign: Campaign, settings: Calendar | None = None) -> list[Phase]:
    """The campaign's phases in time order, each with its share of posts resolved.

    Without phases in the campaign file: the playbook's default rhythm, a launch burst in the
    first week (a quarter of a short window) holding half the posts, then sustain.
    """
    settings = settings or campaign.calendar
    phases = sorted(settings.phases, key=lambda phase: phase.start)
    if not phases:  # the default phases are ours, so they are named in the campaign's language
        _ = translator(campaign.language)
        launch_days = min(DEFAULT_LAUNCH_DAYS, max(1, campaign.days // 4))
        launch_end = campaign.start + timedelta(days=launch_days - 1)
        phases = [
            Phase(name=_("launch"), start=campaign.start, end=launch_end, share=0.5, burst=True)
        ]
        if launch_end < campaign.end:
            phases.append(
                Phase(
                    name=_("sustain"),
                    start=launch_end + timedelta(days=1),
                    end=campaign.end,
                    share=0.5,
                )
            )
        else:
            phases[0] = phases[0].model_copy(update={"share": 1.0})
    given = sum(phase.share for phase in phases if phase.share is not None)
    unset_days = sum(_days(phase) for phase in phases if phase.share is None)
    return [
        phase
        if phase.share is not None
        else phase.model_copy(update={"share": max(0.0, 1 - given) * _days(phase) / unset_days})
        for phase in phases
    ]


def _days(phase: Phase) -> int:
    return (phase.end - phase.start).days + 1


def phase_quotas(phases: list[Phase], posts: int) -> list[int]:
    """How many of ``posts`` each phase gets from its share (largest remainders round up)."""
    exact = [phase.share * posts for phase in phases]
    quotas = [math.floor(value) for value in exact]
    order = sorted(range(len(phases)), key=lambda i: (-(exact[i] - quotas[i]), i))
    for i in order[: posts - sum(quotas)]:
        quotas[i] += 1
    return quotas


def assign_phases(posts: pd.DataFrame, phases: list[Phase]) -> pd.Series:
    """The phase each post is planned in (rule 1 of the module docstring).

    A post's place in the campaign is ``(n - 0.5) / N`` for the creator's n-th of N posts;
    posts sorted by it (bigger fees first on ties) fill the phases in time order.
    """
    creator = posts.groupby("influencer_id")
    position = (creator.cumcount() + 0.5) / creator["post_id"].transform("size")
    order = (
        posts.assign(_position=position, _fee=-posts["fee_per_post"].fillna(0))
        .sort_values(["_position", "_fee", "market", "post_id"], kind="stable")
        .index
    )
    names = [
        phase.name
        for phase, quota in zip(phases, phase_quotas(phases, len(posts)), strict=True)
        for _ in range(quota)
    ]
    return pd.Series(names, index=order, name="phase").reindex(posts.index)


# --- scheduling -----------------------------------------------------------------------------


@dataclass
class CalendarPlan:
    """A built calendar.

    Attributes
    ----------
    posts : DataFrame
        One row per post: the deliverable, ``phase``, ``status`` (scheduled | unscheduled),
        ``go_live_utc`` (UTC timestamp), ``go_live_local`` (``YYYY-MM-DD HH:MM``),
        ``timezone``, ``utc_offset``, ``go_live_date`` (local day), the approval dates,
        ``results_due_local`` and ``note`` (why a post is where it is, or why it does not fit).
    conflicts : DataFrame
        Every conflict the scheduler resolved or could not: ``post_id``, ``handle``, ``market``,
        ``kind`` (holiday, spacing, daily cap, same creator, approval chain, phase, time zone,
        no slot), ``what`` and ``resolution``.
    problems : list of str
        What cannot fit, each with what would make it fit (empty when everything fits).
    phases : list of Phase
        The phases used, with shares resolved.
    holidays : DataFrame
        The public holidays considered, per market.
    settings : Calendar
        The calendar settings used.
    notes : list of str
        Notes for the page (a market whose holidays could not be checked).
    language : str
        The language its notes, conflicts and problems are written in.
    """

    posts: pd.DataFrame
    conflicts: pd.DataFrame
    problems: list[str]
    phases: list[Phase]
    holidays: pd.DataFrame
    settings: Calendar
    notes: list[str] = field(default_factory=list)
    language: str = "en"

    @property
    def scheduled(self) -> pd.DataFrame:
        """The posts that have a go-live."""
        return self.posts[self.posts["status"] == "scheduled"]

    @property
    def unscheduled(self) -> pd.DataFrame:
        """The posts that fit nowhere (never silently dropped)."""
        return self.posts[self.posts["status"] == "unscheduled"]


@dataclass
class _Placed:
    post_id: str
    handle: str
    influencer_id: str
    market: str
    utc: datetime
    day: date


@dataclass
class _Scheduler:
    """The slot search of one build: what is placed so far, per market."""

    settings: Calendar
    phases: list[Phase]
    holidays_by_market: dict[str, dict[date, str]]
    brand_holidays: dict[date, str]
    times: dict[str, list[time]]
    placed: list[_Placed] = field(default_factory=list)
    conflicts: list[dict[str, str]] = field(default_factory=list)
    language: str = "en"

    @property
    def _(self) -> Translator:
        return translator(self.language)

    def day(self, day: date | None) -> str:
        """A day in a note, in the plan's language."""
        return _day(day, self.language)

    def closed_days(self, market: str) -> frozenset[date]:
        """Days that are not business days for this market's approvals (besides weekends)."""
        return frozenset(self.holidays_by_market.get(market, {})) | frozenset(self.brand_holidays)

    def log(self, post: dict, kind: str, what: str, resolution: str) -> None:
        self.conflicts.append(
            {
                "post_id": post["post_id"],
                "handle": post["handle"],
                "market": post["market"],
                "kind": kind,
                "what": what,
                "resolution": resolution,
            }
        )

    def candidate_days(self, phase: Phase, target: date, market: str) -> list[date]:
        days = [phase.start + timedelta(days=n) for n in range(_days(phase))]
        holidays = self.holidays_by_market.get(market, {})
        pull = self.settings.holidays == "target"

        def rank(day: date) -> tuple[int, int, date]:
            near_holiday = (
                pull and day in holidays and abs((day - target).days) <= HOLIDAY_PULL_DAYS
            )
            return (0 if near_holiday else 1, abs((day - target).days), day)

        return sorted(days, key=rank)

    def why_not(
        self, post: dict, day: date, zone: ZoneInfo, burst: bool, earliest: date | None
    ) -> tuple[str | None, object]:
        """``(None, UTC time)`` when the post can go live that day, else ``(rule, why not)``."""
        _ = self._
        market = post["market"]
        holidays = self.holidays_by_market.get(market, {})
        if earliest is not None and day < earliest:
            return "approval chain", _(
                "{day} is before {earliest}, the first go-live whose brief can go out on or "
                "after {briefs_from}",
                day=self.day(day),
                earliest=self.day(earliest),
                briefs_from=self.day(self.settings.briefs_from),
            )
        if self.settings.holidays == "avoid" and day in holidays:
            return "holiday", _(
                "{day} is a public holiday in {market} ({holiday})",
                day=self.day(day),
                market=market,
                holiday=holidays[day],
            )
        same_day = [p for p in self.placed if p.market == market and p.day == day]
        if len(same_day) >= self.settings.max_posts_per_day:
            values = {
                "market": market,
                "count": _.number(len(same_day)),
                "day": self.day(day),
                "cap": _.number(self.settings.max_posts_per_day),
            }
            return "daily cap", plural(
                _,
                len(same_day),
                _("{market} already has {count} go-live on {day} (at most {cap} a day)", **values),
                _("{market} already has {count} go-lives on {day} (at most {cap} a day)", **values),
            )
        if any(p.influencer_id == post["influencer_id"] for p in self.placed if p.day == day):
            return "same creator", _(
                "{handle} already goes live on {day}", handle=post["handle"], day=self.day(day)
            )
        clash = None
        choices = []
        for clock in self.times[post["platform"]]:
            utc = _to_utc(day, clock, zone)
            if utc.astimezone(zone).date() != day:
                continue
            near = [
                p
                for p in self.placed
                if p.market == market
                and abs((p.utc - utc).total_seconds()) < self.settings.spacing_hours * 3600
            ]
            if near and not burst:
                clash = clash or (clock, near[0])
                continue
            stacked = sum(p.market == market and p.utc == utc for p in self.placed)
            choices.append((stacked, utc))
        if choices:
            return None, min(choices, key=lambda choice: choice[0])[1]
        if clash is None:
            return "no slot", _(
                "no posting time for {platform} on {day}",
                platform=post["platform"],
                day=self.day(day),
            )
        clock, other = clash
        return "spacing", _(
            "{time} on {day} is within {hours} h of {handle}'s go-live at {moment} in {market}",
            time=clock.strftime("%H:%M"),
            day=self.day(day),
            hours=_hours(self.settings.spacing_hours, _),
            handle=other.handle,
            moment=_short_moment(other.utc.astimezone(zone), self.language),
            market=market,
        )

    def place(self, post: dict, order: list[Phase], target: date) -> tuple[Phase, datetime] | None:
        """Find the post a slot: its own phase first, then later phases, then earlier ones."""
        market = post["market"]
        zone = ZoneInfo(post["timezone"])
        earliest = earliest_go_live(self.settings, self.closed_days(market))
        misses: dict[str, tuple[str, str]] = {}
        for phase in order:
            phase_target = min(max(target, phase.start), phase.end)
            first_miss = None
            for day in self.candidate_days(phase, phase_target, market):
                reason, detail = self.why_not(post, day, zone, phase.burst, earliest)
                if reason is None:
                    self._explain(
                        post, phase, order[0], phase_target, day, detail, first_miss, zone, misses
                    )
                    self.placed.append(
                        _Placed(
                            post["post_id"],
                            post["handle"],
                            post["influencer_id"],
                            market,
                            detail,
                            day,
                        )
                    )
                    return phase, detail
                first_miss = first_miss or (reason, detail)
            misses[phase.name] = first_miss or (
                "no slot",
                self._("phase '{phase}' has no day left", phase=phase.name),
            )
        return None

    def _explain(self, post, phase, planned, target, day, utc, first_miss, zone, misses) -> None:
        _ = self._
        local = utc.astimezone(zone)
        where = f"{self.day(day)} {local:%H:%M} {zone.key}"
        holidays = self.holidays_by_market.get(post["market"], {})
        if phase is not planned:
            _kind, detail = misses[planned.name]
            self.log(
                post,
                "phase",
                _("no slot in phase '{phase}': {detail}", phase=planned.name, detail=detail),
                _("moved to phase '{phase}', {where}", phase=phase.name, where=where),
            )
        elif first_miss is not None:
            instead = _("goes live {where} instead", where=where)
            self.log(post, first_miss[0], first_miss[1], instead)
        if self.settings.holidays == "target" and day in holidays and day != target:
            self.log(
                post,
                "holiday target",
                _(
                    "{day} is {holiday} in {market} (holidays: target)",
                    day=self.day(day),
                    holiday=holidays[day],
                    market=post["market"],
                ),
                _(
                    "moved from {day} onto the holiday, {where}",
                    day=self.day(target),
                    where=where,
                ),
            )


def _to_utc(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """A local wall-clock time as UTC; a time that does not exist (clocks going forward) is
    read with the offset before the change, i.e. moved forward by the gap."""
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def _day(day: date | None, language: str = "en") -> str:
    """A day in a sentence: ``Tue 2 Feb 2027`` / ``otrd., 02.02.2027.``."""
    if day is None:
        return ""
    if language == "en":
        return f"{day:%a} {day.day} {day:%b %Y}"
    return _babel_day(day, 0, language)


def _babel_day(day: date, which: int, language: str) -> str:
    """A day in a language's own pattern (:data:`DAY_PATTERNS`); its plain date otherwise."""
    _ = translator(language)
    if language not in DAY_PATTERNS:
        return _.date(day)
    return format_date(day, DAY_PATTERNS[language][which], locale=_.locale)


def _short_moment(moment: datetime, language: str = "en") -> str:
    """A go-live in a note: ``Sat 13 Mar 19:00`` / ``sestd. 13.03. 19:00``."""
    if language == "en":
        return f"{moment:%a %d %b %H:%M}"
    return f"{_babel_day(moment, 1, language)} {moment:%H:%M}"


def _hours(hours: float, _: Translator) -> str:
    """Hours as people write them: 12, 12.5 (or 12,5)."""
    return _.number(hours, 0 if float(hours).is_integer() else 1)


def day_text(day: object, language: str = "en") -> str:
    """A day as the calendar shows it in tables, without a year: ``Tue 2 Feb`` /
    ``otrd. 02.02.`` (kept on one line); a dash for a missing date."""
    if day is None or pd.isna(day):
        return "–"
    if language == "en":
        return f"{day:%a}\u00a0{day.day}\u00a0{day:%b}"
    return _babel_day(day, 1, language).replace(" ", "\u00a0")


def moment_text(moment: object, language: str = "en") -> str:
    """A local date and time as in the tables: ``Tue 2 Feb 19:00`` / ``otrd. 02.02. 19:00``."""
    if moment is None or pd.isna(moment):
        return "–"
    return f"{day_text(moment, language)} {moment:%H:%M}"


def day_formatter(language: str = "en"):
    """:func:`day_text` as a one-argument formatter for ``report.table``."""
    return lambda day: day_text(day, language)


def moment_formatter(language: str = "en"):
    """:func:`moment_text` as a one-argument formatter for ``report.table``."""
    return lambda moment: moment_text(moment, language)


def build_calendar(
    deliverables: pd.DataFrame, campaign: Campaign, settings: Calendar | None = None
) -> CalendarPlan:
    """Schedule every contracted deliverable (see the rules in the module docstring).

    Parameters
    ----------
    deliverables : DataFrame
        Contracted deliverables, columns :data:`DELIVERABLE_COLUMNS`.
    campaign : Campaign
        The window, markets and objective; its ``calendar`` section unless ``settings`` given.
    settings : Calendar, optional
        Calendar settings to use instead of the campaign's (the notebook's widget passes
        changed phases or spacing here).

    Returns
    -------
    CalendarPlan
        Every post, scheduled or not, the conflicts resolved, and what cannot fit, written in
        the campaign's language.
    """
    settings = settings or campaign.calendar
    language = campaign.language
    posts = expand_posts(deliverables)
    phases = campaign_phases(campaign, settings)
    first = campaign.start - timedelta(days=7 * (settings.approval.brief_sent // 5 + 4))
    last = campaign.end + timedelta(days=settings.amplification.boost_days + 30)
    markets = list(dict.fromkeys([*campaign.markets, *posts["market"].astype(str)]))
    holidays = public_holidays(
        [*markets, *([settings.brand_market] if settings.brand_market else [])], first, last
    )
    by_market = {
        market: {
            d.date(): name
            for d, name in zip(group["date"], group["holiday"], strict=True)
            if pd.notna(d)
        }
        for market, group in holidays.groupby("market")
    }
    times_table = posting_times(settings)
    times = {
        platform: [_clock(t) for t in group.sort_values("slot")["local_time"]]
        for platform, group in times_table.groupby("platform")
    }
    scheduler = _Scheduler(
        settings,
        phases,
        by_market,
        by_market.get(settings.brand_market, {}) if settings.brand_market else {},
        times,
        language=language,
    )
    posts["timezone"] = posts["market"].map(lambda m: market_timezone(m, settings))
    attached = _attached_to_posts(posts)
    main = posts[~attached]
    posts["phase"] = assign_phases(main, phases) if len(main) else pd.Series(dtype="str")
    posts["target"] = _target_days(posts[~attached], phases, settings)
    outcomes = {}
    for post in _placement_order(posts[~attached], phases):
        outcomes[post["post_id"]] = _schedule_one(post, phases, scheduler, times)
    for post in posts[attached].to_dict("records"):
        outcomes[post["post_id"]] = _attach(post, posts, outcomes, language)
    table = _plan_table(posts, outcomes, scheduler, settings)
    problems = _unfit_problems(table, campaign, settings, by_market)
    _ = translator(language)
    notes = [
        _(
            "{market}: no public-holiday calendar in the holidays package; holidays not checked",
            market=market,
        )
        for market in holidays.loc[holidays["date"].isna(), "market"]
    ]
    conflicts = pd.DataFrame(
        scheduler.conflicts, columns=["post_id", "handle", "market", "kind", "what", "resolution"]
    )
    return CalendarPlan(
        table,
        conflicts,
        problems,
        phases,
        holidays.dropna(subset=["date"]),
        settings,
        notes,
        language,
    )


def _target_days(posts: pd.DataFrame, phases: list[Phase], settings: Calendar) -> pd.Series:
    """Rule 2: spread each market's posts over their phase, or stack them in a burst."""
    targets = pd.Series(pd.NaT, index=posts.index, dtype="object")
    for phase in phases:
        in_phase = posts[posts["phase"] == phase.name]
        for _market, group in in_phase.groupby("market", sort=False):
            ordered = group.assign(_fee=-group["fee_per_post"].fillna(0)).sort_values(
                ["creator_order", "_fee", "post_id"], kind="stable"
            )
            count = len(ordered)
            for j, index in enumerate(ordered.index):
                if phase.burst:  # stacked from the first day, as many a day as allowed
                    offset = min(j // settings.max_posts_per_day, _days(phase) - 1)
                else:
                    offset = math.floor((j + 0.5) * _days(phase) / count)
                targets[index] = phase.start + timedelta(days=offset)
    return targets


def _attached_to_posts(posts: pd.DataFrame) -> pd.Series:
    """Deliverables that are not posts of their own (a link in bio) go up with one of the
    creator's posts, when the creator has one; they count for no spacing rule or cap."""
    companion = posts["deliverable"].isin(COMPANION_DELIVERABLES)
    has_posts = posts["influencer_id"].isin(posts.loc[~companion, "influencer_id"])
    return companion & has_posts


def _attach(post: dict, posts: pd.DataFrame, outcomes: dict[str, dict], language: str) -> dict:
    """The creator's n-th link in bio goes up with the creator's n-th scheduled post."""
    _ = translator(language)
    own = posts[
        (posts["influencer_id"] == post["influencer_id"])
        & ~posts["deliverable"].isin(COMPANION_DELIVERABLES)
    ]
    placed = sorted(
        (outcomes[pid]["utc"], pid, deliverable)
        for pid, deliverable in zip(own["post_id"], own["deliverable"], strict=True)
        if "utc" in outcomes.get(pid, {})
    )
    if not placed:
        return {
            "reason": _(
                "{handle} has no scheduled post for the link to go up with", handle=post["handle"]
            )
        }
    utc, anchor, deliverable = placed[min(post["unit"], len(placed)) - 1]
    return {
        "phase": outcomes[anchor]["phase"],
        "utc": utc,
        "note": _(
            "goes up with the creator's {deliverable} ({post})",
            deliverable=deliverable_name(deliverable, language),
            post=anchor,
        ),
    }


def _placement_order(posts: pd.DataFrame, phases: list[Phase]) -> list[dict]:
    rank = {phase.name: i for i, phase in enumerate(phases)}
    ordered = posts.assign(
        _phase=posts["phase"].map(rank), _fee=-posts["fee_per_post"].fillna(0)
    ).sort_values(["_phase", "target", "_fee", "post_id"], kind="stable")
    return ordered.drop(columns=["_phase", "_fee"]).to_dict("records")


def _schedule_one(post: dict, phases: list[Phase], scheduler: _Scheduler, times) -> dict:
    _ = scheduler._
    if not post["timezone"] or pd.isna(post["timezone"]):
        detail = _(
            "no time zone on file for market {market}: set calendar.timezones.{market} in the "
            "campaign file to an IANA zone (e.g. Europe/Lisbon)",
            market=post["market"],
        )
        scheduler.log(post, "time zone", detail, _("not scheduled"))
        return {"reason": detail}
    if post["platform"] not in times:
        detail = _(
            "no posting times for platform '{platform}' (the calendar schedules instagram, "
            "tiktok and youtube)",
            platform=post["platform"],
        )
        scheduler.log(post, "no slot", detail, _("not scheduled"))
        return {"reason": detail}
    own = next(i for i, phase in enumerate(phases) if phase.name == post["phase"])
    order = [phases[own], *phases[own + 1 :], *reversed(phases[:own])]
    found = scheduler.place(post, order, post["target"])
    if found is None:
        detail = _no_slot_reason(post, scheduler)
        scheduler.log(post, "no slot", detail, _("not scheduled: see what would make it fit"))
        return {"reason": detail}
    phase, utc = found
    return {"phase": phase.name, "utc": utc}


def _no_slot_reason(post: dict, scheduler: _Scheduler) -> str:
    """Why no day of the phases works: what blocks the post's own target day, and how many
    days each rule blocks (for the unscheduled note)."""
    zone = ZoneInfo(post["timezone"])
    earliest = earliest_go_live(scheduler.settings, scheduler.closed_days(post["market"]))
    counts: dict[str, int] = {}
    for phase in scheduler.phases:
        for n in range(_days(phase)):
            day = phase.start + timedelta(days=n)
            burst = phase.burst
            reason, _detail = scheduler.why_not(post, day, zone, burst, earliest)
            counts[reason] = counts.get(reason, 0) + 1
    own = next(phase for phase in scheduler.phases if phase.name == post["phase"])
    _rule, detail = scheduler.why_not(post, post["target"], zone, own.burst, earliest)
    _ = scheduler._
    parts = [
        plural(
            _,
            count,
            _("{count} day: {rule}", count=_.number(count), rule=_rule_name(reason, _)),
            _("{count} days: {rule}", count=_.number(count), rule=_rule_name(reason, _)),
        )
        for reason, count in counts.items()
    ]
    return _(
        "no day in the phases fits ({parts}); on its own day, {detail}",
        parts="; ".join(parts),
        detail=detail,
    )


def _plan_table(
    posts: pd.DataFrame, outcomes: dict[str, dict], scheduler: _Scheduler, settings: Calendar
) -> pd.DataFrame:
    rows = []
    for post in posts.to_dict("records"):
        outcome = outcomes.get(post["post_id"], {})
        row = {key: post[key] for key in _EXPANDED_COLUMNS}
        planned = post["phase"] if isinstance(post["phase"], str) else outcome.get("phase", "")
        row["planned_phase"] = planned
        row["timezone"] = post["timezone"] if isinstance(post["timezone"], str) else ""
        if "utc" in outcome:
            zone = ZoneInfo(post["timezone"])
            local = outcome["utc"].astimezone(zone)
            closed = scheduler.closed_days(post["market"])
            steps = approval_dates(local.date(), settings, closed)
            if "note" not in outcome:  # an attached link shares its post's approval chain
                _log_moved_steps(post, local.date(), steps, settings, scheduler)
            results_due = local + timedelta(hours=settings.amplification.results_after_hours)
            row |= {
                "phase": outcome["phase"],
                "status": "scheduled",
                "go_live_utc": pd.Timestamp(outcome["utc"]),
                "go_live_local": f"{local:%Y-%m-%d %H:%M}",
                "utc_offset": _offset(local),
                "go_live_date": pd.Timestamp(local.date()),
                **{column: pd.Timestamp(day) for column, day in steps.items()},
                "results_due_local": f"{results_due.astimezone(zone):%Y-%m-%d %H:%M}",
                "note": outcome.get("note") or _note_for(post["post_id"], scheduler),
            }
        else:
            row |= {"phase": "", "status": "unscheduled", "note": outcome.get("reason", "")}
        rows.append(row)
    table = pd.DataFrame(rows, columns=PLAN_COLUMNS)
    table["go_live_utc"] = pd.to_datetime(table["go_live_utc"], utc=True)
    for column in ["go_live_date", *[c for c, _ in APPROVAL_STEPS.values()]]:
        table[column] = pd.to_datetime(table[column])
    order = table["go_live_utc"].isna(), table["go_live_utc"]
    return (
        table.assign(_missing=order[0])
        .sort_values(["_missing", "go_live_utc", "market", "post_id"], kind="stable")
        .drop(columns="_missing")
        .reset_index(drop=True)
    )


PLAN_COLUMNS = [
    "post_id",
    "influencer_id",
    "handle",
    "platform",
    "market",
    "deliverable",
    "unit",
    "units",
    "planned_phase",
    "phase",
    "status",
    "go_live_local",
    "timezone",
    "utc_offset",
    "go_live_utc",
    "go_live_date",
    *[column for column, _ in APPROVAL_STEPS.values()],
    "results_due_local",
    "fee_per_post",
    "currency",
    "stage",
    "note",
]


def _offset(local: datetime) -> str:
    """``UTC+02:00``: the ``UTC`` prefix also keeps spreadsheets from reading a formula."""
    minutes = int(local.utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _note_for(post_id: str, scheduler: _Scheduler) -> str:
    return "; ".join(
        f"{c['what']} -> {c['resolution']}" for c in scheduler.conflicts if c["post_id"] == post_id
    )


def _log_moved_steps(
    post: dict, go_live: date, steps: dict[str, date], settings, scheduler
) -> None:
    """Log approval steps a public holiday pushed earlier (compared with weekends only)."""
    closed = scheduler.closed_days(post["market"])
    if not closed:
        return
    without = approval_dates(go_live, settings, frozenset())
    moved = [column for column in steps if steps[column] != without[column]]
    if not moved:
        return
    skipped = sorted(
        day for day in closed if min(steps.values()) <= day < go_live and day.weekday() < 5
    )
    names = {**scheduler.brand_holidays, **scheduler.holidays_by_market.get(post["market"], {})}
    which = ", ".join(f"{names[day]} ({scheduler.day(day)})" for day in skipped)
    labels = step_labels(scheduler.language)
    first = moved[0]
    _ = scheduler._
    resolution = _(
        "{step} moved from {before} to {after}",
        step=labels[first].lower(),
        before=scheduler.day(without[first]),
        after=scheduler.day(steps[first]),
    )
    later = len(moved) - 1
    if later:
        resolution += plural(
            _,
            later,
            _(" (and {count} later step)", count=_.number(later)),
            _(" (and {count} later steps)", count=_.number(later)),
        )
    scheduler.log(
        post,
        "approval holiday",
        _("public holidays in the approval chain: {holidays}", holidays=which),
        resolution,
    )


# --- what cannot fit and what would ---------------------------------------------------------


def _unfit_problems(
    table: pd.DataFrame, campaign: Campaign, settings: Calendar, by_market: dict
) -> list[str]:
    """A sentence per kind of misfit; :func:`what_would_fit` adds the fixes."""
    language = campaign.language
    _ = translator(language)
    problems = []
    unscheduled = table[table["status"] == "unscheduled"]
    if settings.briefs_from is not None:
        for market in sorted(set(table["market"])):
            closed = frozenset(by_market.get(market, {})) | frozenset(
                by_market.get(settings.brand_market, {}) if settings.brand_market else {}
            )
            first = earliest_go_live(settings, closed)
            if first is not None and first > campaign.end:
                problems.append(
                    _(
                        "{market}: the approval chain needs {days} business days from brief to "
                        "go-live; with briefs from {briefs_from} the first go-live is {first}, "
                        "after the campaign's end ({end})",
                        market=market,
                        days=_.number(settings.approval.brief_sent),
                        briefs_from=_day(settings.briefs_from, language),
                        first=_day(first, language),
                        end=_day(campaign.end, language),
                    )
                )
    for market, group in unscheduled.groupby("market"):
        values = {
            "market": market,
            "count": _.number(len(group)),
            "posts": ", ".join(
                f"{handle} {deliverable_name(deliverable, language)}"
                for handle, deliverable in zip(group["handle"], group["deliverable"], strict=True)
            ),
            "note": group["note"].iloc[0],
        }
        problems.append(
            plural(
                _,
                len(group),
                _("{market}: {count} post cannot fit ({posts}): {note}", **values),
                _("{market}: {count} posts cannot fit ({posts}): {note}", **values),
            )
        )
    return problems


def what_would_fit(
    deliverables: pd.DataFrame, campaign: Campaign, settings: Calendar | None = None
) -> list[str]:
    """Changes to the campaign file that would let every post fit, each tried for real.

    Tries, one at a time: sending briefs earlier, more go-lives a day, a shorter spacing rule,
    ignoring holidays, making every phase a burst, a later end. Returns one sentence per
    change that works (empty when everything fits already or nothing single works).
    """
    settings = settings or campaign.calendar
    if build_calendar(deliverables, campaign, settings).unscheduled.empty:
        return []
    language = campaign.language
    _ = translator(language)

    def fits(changed: Calendar, changed_campaign: Campaign = campaign) -> bool:
        return build_calendar(deliverables, changed_campaign, changed).unscheduled.empty

    fixes = []
    if settings.briefs_from is not None:
        for days in range(1, MAX_DAYS_TO_EXTEND + 1):
            earlier = settings.briefs_from - timedelta(days=days)
            if fits(settings.model_copy(update={"briefs_from": earlier})):
                fixes.append(
                    _(
                        "send the first briefs by {day} (calendar.briefs_from)",
                        day=_day(earlier, language),
                    )
                )
                break
    for per_day in range(settings.max_posts_per_day + 1, 11):
        if fits(settings.model_copy(update={"max_posts_per_day": per_day})):
            fixes.append(
                _(
                    "allow {count} go-lives a day per market (calendar.max_posts_per_day)",
                    count=_.number(per_day),
                )
            )
            break
    if settings.spacing_hours > 0:
        for hours in sorted(
            {round(settings.spacing_hours * f) for f in (0.75, 0.5, 0.25, 0)}, reverse=True
        ):
            if hours < settings.spacing_hours and fits(
                settings.model_copy(update={"spacing_hours": hours})
            ):
                fixes.append(
                    _(
                        "space posts {hours} hours apart instead of {now} (calendar.spacing_hours)",
                        hours=_hours(hours, _),
                        now=_hours(settings.spacing_hours, _),
                    )
                )
                break
    if settings.holidays == "avoid" and fits(settings.model_copy(update={"holidays": "ignore"})):
        fixes.append(_("let posts go live on public holidays (calendar.holidays: ignore)"))
    phases = campaign_phases(campaign, settings)
    if not all(p.burst for p in phases):
        bursts = [p.model_copy(update={"burst": True}) for p in phases]
        if fits(settings.model_copy(update={"phases": bursts})):
            fixes.append(_("make every phase a burst (burst: true), lifting the spacing rule"))
    for days in range(1, MAX_DAYS_TO_EXTEND + 1):
        end = campaign.end + timedelta(days=days)
        longer = [*phases[:-1], phases[-1].model_copy(update={"end": end})]
        if phases[-1].end == campaign.end and fits(
            settings.model_copy(update={"phases": longer}), campaign.model_copy(update={"end": end})
        ):
            fixes.append(
                _(
                    "end the campaign on {day} instead of {end}",
                    day=_day(end, language),
                    end=_day(campaign.end, language),
                )
            )
            break
    return fixes


# --- amplification (chapter 6.3) ------------------------------------------------------------


def amplification_plan(plan: CalendarPlan, campaign: Campaign) -> pd.DataFrame:
    """The brand's reposts, newsletter mentions and paid boosts of the best posts, each
    scheduled after the post's first results are due.

    Which posts are the best is decided at each reading point, so every action comes with its
    condition: reposts for posts that beat the campaign median on the objective's KPI, paid
    boosts for the best ``boost_share`` of posts, a newsletter mention for the best post of
    the week in each market.

    Returns
    -------
    DataFrame
        ``action`` (repost | paid boost | newsletter), ``post_id``, ``handle``, ``market``,
        ``platform``, ``starts_local``, ``ends_local``, ``timezone``, ``starts_utc``,
        ``condition`` and ``after_campaign_end``.
    """
    settings = plan.settings.amplification
    _ = translator(campaign.language)
    kpi = _kpi_words(campaign.objective, _)
    posts = plan.scheduled
    times = {
        platform: [_clock(t) for t in group.sort_values("slot")["local_time"]]
        for platform, group in posting_times(plan.settings).groupby("platform")
    }
    rows = []
    boosts = math.ceil(settings.boost_share * len(posts))
    for post in posts.to_dict("records"):
        zone = ZoneInfo(post["timezone"])
        due = post["go_live_utc"].to_pydatetime() + timedelta(hours=settings.results_after_hours)
        base = {
            "post_id": post["post_id"],
            "handle": post["handle"],
            "market": post["market"],
            "platform": post["platform"],
            "timezone": post["timezone"],
        }
        if settings.repost:
            slot = _next_slot(due, times.get(post["platform"], [time(19)]), zone)
            rows.append(
                base
                | {
                    "action": "repost",
                    "starts_utc": slot,
                    "ends_utc": slot,
                    "condition": _(
                        "it beats the campaign median {kpi} at its reading point", kpi=kpi
                    ),
                }
            )
        if boosts:
            rows.append(
                base
                | {
                    "action": "paid boost",
                    "starts_utc": due,
                    "ends_utc": due + timedelta(days=settings.boost_days),
                    "condition": _(
                        "it is among the best {share} of posts by {kpi} (about {count}); needs "
                        "usage rights in the contract",
                        share=_.percent(settings.boost_share, 0),
                        kpi=kpi,
                        count=_.number(boosts),
                    ),
                }
            )
    if settings.newsletter_weekday:
        rows += _newsletter_rows(posts, settings, kpi, _)
    table = pd.DataFrame(rows, columns=[*_AMPLIFICATION_COLUMNS, "ends_utc"])
    if table.empty:
        return table.drop(columns="ends_utc")
    table["starts_local"] = [
        f"{t.astimezone(ZoneInfo(z)):%Y-%m-%d %H:%M}"
        for t, z in zip(table["starts_utc"], table["timezone"], strict=True)
    ]
    table["ends_local"] = [
        f"{t.astimezone(ZoneInfo(z)):%Y-%m-%d %H:%M}"
        for t, z in zip(table["ends_utc"], table["timezone"], strict=True)
    ]
    end_of_campaign = {
        z: datetime.combine(campaign.end + timedelta(days=1), time(0), tzinfo=ZoneInfo(z))
        for z in set(table["timezone"])
    }
    table["after_campaign_end"] = [
        t >= end_of_campaign[z] for t, z in zip(table["starts_utc"], table["timezone"], strict=True)
    ]
    table["starts_utc"] = pd.to_datetime(table["starts_utc"], utc=True)
    action_order = {"repost": 0, "newsletter": 1, "paid boost": 2}
    table = table.assign(_action=table["action"].map(action_order)).sort_values(
        ["starts_utc", "_action", "post_id"], kind="stable"
    )
    return table[_AMPLIFICATION_COLUMNS].reset_index(drop=True)


_AMPLIFICATION_COLUMNS = [
    "action",
    "post_id",
    "handle",
    "market",
    "platform",
    "starts_local",
    "ends_local",
    "timezone",
    "starts_utc",
    "condition",
    "after_campaign_end",
]


def _next_slot(after: datetime, clocks: list[time], zone: ZoneInfo) -> datetime:
    """The first posting time at or after a moment, in the market's local time."""
    local_day = after.astimezone(zone).date()
    for offset in range(0, 8):
        day = local_day + timedelta(days=offset)
        for clock in sorted(clocks):
            utc = _to_utc(day, clock, zone)
            if utc >= after:
                return utc
    return after


def _kpi_words(objective: str, _: Translator) -> str:
    """The KPI that picks the best posts (:data:`BEST_POST_KPI`), in a sentence."""
    words = {
        "awareness": _("reach"),
        "engagement": _("engagements per reach"),
        "conversion": _("conversions"),
    }
    return words.get(objective, BEST_POST_KPI.get(objective, objective))


def _newsletter_rows(posts: pd.DataFrame, settings, kpi: str, _: Translator) -> list[dict]:
    """One newsletter mention per market and issue: the first issue after results are due."""
    weekday = WEEKDAYS.index(settings.newsletter_weekday)
    issues: dict[tuple[str, date], list[dict]] = {}
    for post in posts.to_dict("records"):
        zone = ZoneInfo(post["timezone"])
        due = (
            post["go_live_utc"].to_pydatetime() + timedelta(hours=settings.results_after_hours)
        ).astimezone(zone)
        day = due.date() + timedelta(days=(weekday - due.weekday()) % 7)
        if day == due.date() and due.time() > time(10):
            day += timedelta(days=7)  # the issue goes out at 10:00; this one is too early
        issues.setdefault((post["market"], day), []).append(post)
    rows = []
    for (market, day), candidates in sorted(issues.items()):
        zone = ZoneInfo(candidates[0]["timezone"])
        start = _to_utc(day, time(10), zone)
        rows.append(
            {
                "action": "newsletter",
                "post_id": ", ".join(p["post_id"] for p in candidates),
                "handle": ", ".join(dict.fromkeys(p["handle"] for p in candidates)),
                "market": market,
                "platform": ", ".join(sorted({p["platform"] for p in candidates})),
                "timezone": candidates[0]["timezone"],
                "starts_utc": start,
                "ends_utc": start,
                "condition": _(
                    "the best of these {count} by {kpi} at the reading point",
                    count=_.number(len(candidates)),
                    kpi=kpi,
                )
                if len(candidates) > 1
                else _("it reaches at least the campaign median {kpi}", kpi=kpi),
            }
        )
    return rows


# --- exports --------------------------------------------------------------------------------


def calendar_table(plan: CalendarPlan) -> pd.DataFrame:
    """``calendar.csv``: one row per post with local and UTC go-live and the approval dates.

    Dates are ``YYYY-MM-DD``; ``go_live_local`` is wall-clock time in ``timezone`` (its
    ``utc_offset`` on that day); ``go_live_utc`` is ISO 8601 with ``Z``. Unscheduled posts are
    kept, with the reason in ``note``.
    """
    table = plan.posts.drop(columns=["go_live_date"]).copy()
    table["go_live_utc"] = table["go_live_utc"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    for column, _label in APPROVAL_STEPS.values():
        table[column] = table[column].dt.strftime("%Y-%m-%d")
    table["fee_per_post"] = table["fee_per_post"].round(2)
    return table


def calendar_ics(
    plan: CalendarPlan, campaign: Campaign, generated_at: datetime | None = None
) -> bytes:
    """``calendar.ics`` (RFC 5545): one event per go-live and per approval deadline.

    Go-lives are timed events in the market's time zone (``DTSTART;TZID=Europe/Riga``) with
    the VTIMEZONE definitions included, lasting the hour of the live-post check; approval
    deadlines are all-day events. Titles and descriptions are in the campaign's language; the
    times in them stay ISO (``2027-02-08 19:00``). Each event's UID is built from the campaign,
    post and step, so re-importing an updated calendar updates events instead of duplicating
    them.

    Parameters
    ----------
    plan : CalendarPlan
        The built calendar.
    campaign : Campaign
        For the calendar's name and the UIDs.
    generated_at : datetime, optional
        The DTSTAMP (UTC); now by default.

    Every text property (the calendar's name, titles, descriptions, categories) is an
    icalendar ``vText`` (:func:`ics_text`), escaped as RFC 5545 section 3.3.11 says: the
    campaign's name, a handle or a phase name can hold any text (``;``, ``,``, ``\\``, line
    breaks) and the file stays valid.

    Returns
    -------
    bytes
        The iCalendar file (UTF-8, CRLF line ends, folded lines).
    """
    from icalendar import Calendar as ICalendar
    from icalendar import Event
    from icalendar.prop import vCategory

    language = campaign.language
    _ = translator(language)
    steps = step_labels(language)
    stamp = (generated_at or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    calendar = ICalendar()
    calendar.add("prodid", f"-//{ICS_DOMAIN}//content calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add(
        "x-wr-calname", ics_text(_("{campaign}: content calendar", campaign=campaign.name))
    )
    labels = _disclosure_labels(sorted(set(plan.scheduled["market"])), _)
    use_zones = hasattr(calendar, "add_missing_timezones")
    for post in plan.scheduled.to_dict("records"):
        deliverable = deliverable_name(post["deliverable"], language)
        what = f"{post['handle']} {post['platform']} {deliverable}"
        if post["units"] > 1:
            what += f" {post['unit']}/{post['units']}"
        event = Event()
        start = post["go_live_utc"].to_pydatetime()
        if use_zones:
            start = start.astimezone(ZoneInfo(post["timezone"]))
        event.add("uid", _uid(campaign, post["post_id"], "go-live"))
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + LIVE_CHECK)
        event.add(
            "summary", ics_text(_("Go-live: {post} ({market})", post=what, market=post["market"]))
        )
        event.add(
            "description",
            ics_text(
                _(
                    "Phase: {phase}. Go-live {local} {timezone} ({offset}). Disclosure label: "
                    "{label}. Check the live post within the hour.",
                    phase=post["phase"],
                    local=post["go_live_local"],
                    timezone=post["timezone"],
                    offset=post["utc_offset"],
                    label=labels.get(post["market"], ""),
                )
            ),
        )
        event.add("categories", vCategory([ics_text(_("go-live")), ics_text(post["phase"])]))
        calendar.add_component(event)
        for step, (column, _label) in APPROVAL_STEPS.items():
            label = steps[column]
            deadline = Event()
            day = post[column].date()
            deadline.add("uid", _uid(campaign, post["post_id"], step))
            deadline.add("dtstamp", stamp)
            deadline.add("dtstart", day)
            deadline.add("dtend", day + timedelta(days=1))
            deadline.add("summary", ics_text(f"{label}: {what} ({post['market']})"))
            deadline.add(
                "description",
                ics_text(
                    _(
                        "{step} for the go-live on {local} {timezone}.",
                        step=label,
                        local=post["go_live_local"],
                        timezone=post["timezone"],
                    )
                ),
            )
            deadline.add("transp", "TRANSPARENT")
            deadline.add(
                "categories", vCategory([ics_text(_("approval")), ics_text(label.lower())])
            )
            calendar.add_component(deadline)
    if use_zones and not plan.scheduled.empty:
        first = plan.scheduled["go_live_date"].min().date() - timedelta(days=366)
        last = plan.scheduled["go_live_date"].max().date() + timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


#: Line breaks of every kind: each is written as a TEXT line break (``\\n`` in the file).
ICS_LINE_BREAKS = re.compile(r"\r\n|[\r\x85\u2028\u2029]")
#: Control characters RFC 5545 does not allow in TEXT (all but tab and line breaks).
ICS_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def ics_text(value: object):
    """Any text as an iCalendar TEXT value (RFC 5545 section 3.3.11), an icalendar ``vText``.

    icalendar escapes ``\\``, ``;``, ``,`` and line breaks (``\\n``) when it writes the file.
    Before that, every line break (CRLF, a bare CR, U+2028 ...) becomes one newline, so a bare
    CR never reaches the file and reads back as a line break, and the control characters TEXT
    does not allow become spaces. (icalendar reads the two characters ``\\N`` in a value as a
    line break too: RFC 5545 spells a line break that way.)

    Parameters
    ----------
    value : object
        The text (``str(value)``).

    Returns
    -------
    icalendar.vText
    """
    from icalendar import vText

    text = ICS_LINE_BREAKS.sub("\n", str(value))
    return vText(ICS_CONTROLS.sub(" ", text))


def _uid(campaign: Campaign, post_id: str, step: str) -> str:
    """A UID that stays the same from run to run for the same campaign, post and step."""
    key = uuid.uuid5(uuid.NAMESPACE_URL, f"{ICS_DOMAIN}/{campaign.id}/{post_id}/{step}")
    return f"{key}@{ICS_DOMAIN}"


def _disclosure_labels(markets: list[str], _: Translator) -> dict[str, str]:
    """Each market's first label from the reference rules (never translated: it is what the
    regulator expects to read)."""
    if not markets:
        return {}
    rules = reference.disclosure_rules(markets)
    return {
        market: labels[0] if labels else _("check the market's rule")
        for market, labels in zip(rules["market"], rules["labels_that_satisfy"], strict=True)
    }


# --- the finding ----------------------------------------------------------------------------


def calendar_summary(plan: CalendarPlan, campaign: Campaign) -> str:
    """The stage's finding in a few sentences of Markdown, in the campaign's language."""
    language = campaign.language
    _ = translator(language)
    posts, scheduled = plan.posts, plan.scheduled
    if posts.empty:
        return _(
            "**No contracted deliverables yet**: once creators are contracted in the "
            "negotiation stage, this page schedules their posts and approvals."
        )
    creators = posts["influencer_id"].nunique()
    lines = []
    if len(scheduled):
        first, last = scheduled["go_live_date"].min(), scheduled["go_live_date"].max()
        markets, phases = scheduled["market"].nunique(), len(plan.phases)
        values = {
            "scheduled": _.number(len(scheduled)),
            "deliverables": plural(
                _,
                len(posts),
                _("{count} contracted deliverable", count=_.number(len(posts))),
                _("{count} contracted deliverables", count=_.number(len(posts))),
            ),
            "creators": plural(
                _,
                creators,
                _("{count} creator", count=_.number(creators)),
                _("{count} creators", count=_.number(creators)),
            ),
            "markets": plural(
                _,
                markets,
                _("{count} market", count=_.number(markets)),
                _("{count} markets", count=_.number(markets)),
            ),
            "first": _day(first.date(), language),
            "last": _day(last.date(), language),
            "phases": plural(
                _,
                phases,
                _("{count} phase", count=_.number(phases)),
                _("{count} phases", count=_.number(phases)),
            ),
            "names": ", ".join(report.text(p.name) for p in plan.phases),  # as written
        }
        lines.append(
            plural(
                _,
                len(scheduled),
                _(
                    "**{scheduled} of {deliverables} by {creators} is scheduled** in {markets} "
                    "from {first} to {last}, in {phases} ({names}).",
                    **values,
                ),
                _(
                    "**{scheduled} of {deliverables} by {creators} are scheduled** in {markets} "
                    "from {first} to {last}, in {phases} ({names}).",
                    **values,
                ),
            )
        )
        brief = scheduled["brief_sent"].min()
        lines.append(
            _(
                "Working back {days} business days, the first brief goes out on {day}.",
                days=_.number(plan.settings.approval.brief_sent),
                day=_day(brief.date(), language),
            )
        )
    else:
        lines.append(
            _("**None of the {count} contracted deliverables fits.**", count=_.number(len(posts)))
            if len(posts) > 1
            else _("**The contracted deliverable does not fit.**")
        )
    kinds = plan.conflicts["kind"].value_counts() if len(plan.conflicts) else pd.Series(dtype=int)
    resolved = kinds.drop("no slot", errors="ignore").drop("time zone", errors="ignore")
    if resolved.sum():
        words = conflict_words(language)
        parts = [
            f"{_.number(count)} {_kind_words(words, kind, count, language)}"
            for kind, count in resolved.items()
        ]
        total = int(resolved.sum())
        conflicts = plural(
            _,
            total,
            _("{count} conflict", count=_.number(total)),
            _("{count} conflicts", count=_.number(total)),
        )
        lines.append(
            _(
                "The scheduler resolved {conflicts}: {parts}.",
                conflicts=conflicts,
                parts=", ".join(parts),
            )
        )
    if plan.unscheduled.empty:
        lines.append(_("Every contracted post has a slot."))
    else:
        count = len(plan.unscheduled)
        unfit = plural(
            _,
            count,
            _("{count} post", count=_.number(count)),
            _("{count} posts", count=_.number(count)),
        )
        lines.append(
            _(
                "**{posts} cannot fit** as the campaign file stands: see *What cannot fit* below "
                "for why and what would make it fit.",
                posts=unfit,
            )
        )
    return " ".join(lines)


def _kind_words(words: dict, kind: str, count: int, language: str) -> str:
    """How one or several resolved conflicts of a kind read in the summary."""
    _label, singular, several = words.get(kind, (kind, kind, kind))
    return singular if is_one(count, language) else several


def conflicts_explained(plan: CalendarPlan) -> pd.DataFrame:
    """The conflicts table for people: what happened, to whom, and why (the rule's name in
    the plan's language)."""
    labels = {kind: words[0] for kind, words in conflict_words(plan.language).items()}
    table = plan.conflicts.copy()
    table["kind"] = table["kind"].map(labels).fillna(table["kind"])
    return table.drop(columns="post_id")


def phase_table(plan: CalendarPlan) -> pd.DataFrame:
    """Each phase: dates, whether it is a burst, its share, posts planned and placed."""
    _ = translator(plan.language)
    planned = plan.posts["planned_phase"].value_counts()
    placed = plan.scheduled["phase"].value_counts()
    return pd.DataFrame(
        [
            {
                "phase": p.name,
                "from": pd.Timestamp(p.start),
                "to": pd.Timestamp(p.end),
                "days": _days(p),
                "burst": _("yes") if p.burst else _("no"),
                "share": p.share,
                "posts planned": int(planned.get(p.name, 0)),
                "posts placed": int(placed.get(p.name, 0)),
            }
            for p in plan.phases
        ]
    )


def plan_for_people(plan: CalendarPlan) -> pd.DataFrame:
    """The calendar as the team reads it: local go-live with its zone, then the approval dates,
    weekday first; unscheduled posts last. Headings and dates are in the plan's language."""
    language = plan.language
    _ = translator(language)
    posts = plan.posts
    scheduled = posts["status"] == "scheduled"
    local = pd.to_datetime(posts["go_live_local"], format="%Y-%m-%d %H:%M")
    unit = [
        f" {u}/{n}" if n > 1 else "" for u, n in zip(posts["unit"], posts["units"], strict=True)
    ]
    offset = posts["utc_offset"].fillna("").str[3:].str.replace(":00", "").str.replace("+0", "+")
    zone = posts["timezone"] + " UTC" + offset.str.replace("-0", "\u2212")
    deliverables = posts["deliverable"].map(lambda d: deliverable_name(d, language))
    table = pd.DataFrame(
        {
            _("go-live (local)"): [
                moment_text(m, language) if ok else _("not scheduled")
                for m, ok in zip(local, scheduled, strict=True)
            ],
            _("time zone"): posts["timezone"].where(~scheduled, zone),
            _("creator (market)"): posts["handle"] + " (" + posts["market"] + ")",
            _("post"): posts["platform"] + " " + deliverables + unit,
            _("phase"): posts["phase"].where(scheduled, "–"),
        }
    )
    for column, label in step_labels(language).items():
        table[label.lower()] = posts[column].map(day_formatter(language))
    return table


def save_ics(
    plan: CalendarPlan, campaign: Campaign, run_dir: Path, generated_at: datetime | None = None
) -> Path:
    """Write ``calendar.ics`` into the run folder atomically (bytes: its CRLF line ends stay)."""
    path = Path(run_dir) / "calendar.ics"
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(calendar_ics(plan, campaign, generated_at))
    os.replace(partial, path)
    return path


def holidays_version() -> str:
    """The ``holidays`` package's version, for the source note."""
    return holiday_calendars.__version__


def holidays_in_window(plan: CalendarPlan, campaign: Campaign) -> pd.DataFrame:
    """Public holidays from the first brief to the campaign's end (the production weeks too)."""
    first = plan.posts["brief_sent"].min()
    first = (
        pd.Timestamp(campaign.start) if pd.isna(first) else min(first, pd.Timestamp(campaign.start))
    )
    days = plan.holidays
    inside = days[(days["date"] >= first) & (days["date"] <= pd.Timestamp(campaign.end))]
    return inside.sort_values(["date", "market"], kind="stable").reset_index(drop=True)


def amplification_summary(amplification: pd.DataFrame, plan: CalendarPlan) -> pd.DataFrame:
    """One row per amplification action: when it is decided, how many decisions, over which
    dates, and how many to expect (the words in the plan's language; the column names stay
    English keys for the notebook to name)."""
    _ = translator(plan.language)
    settings = plan.settings.amplification
    posts = len(plan.scheduled)
    boosts = math.ceil(settings.boost_share * posts)
    hours = _.number(settings.results_after_hours)
    when = {
        "repost": _(
            "at the first posting time after the {hours} h reading",
            hours=hours,
        ),
        "paid boost": _(
            "at the {hours} h reading; runs {days} days",
            hours=hours,
            days=_.number(settings.boost_days),
        ),
        "newsletter": _(
            "the first {weekday} issue (10:00) after the reading",
            weekday=_weekday_name(settings.newsletter_weekday, plan.language),
        ),
    }
    share = _.percent(settings.boost_share, 0)
    expect = {
        "repost": _("about half of the {count} posts", count=_.number(posts)),
        "paid boost": plural(
            _,
            boosts,
            _("{count} post (the best {share})", count=_.number(boosts), share=share),
            _("{count} posts (the best {share})", count=_.number(boosts), share=share),
        ),
        "newsletter": _("one mention per market and issue"),
    }
    actions = {"repost": _("repost"), "paid boost": _("paid boost"), "newsletter": _("newsletter")}
    rows = []
    for action, group in amplification.groupby("action", sort=False):
        dates = pd.to_datetime(group["starts_local"], format="%Y-%m-%d %H:%M")
        rows.append(
            {
                "action": actions.get(action, action),
                "when": when[action],
                "decisions": len(group),
                "first": dates.min(),
                "last": dates.max(),
                "after the campaign's end": int(group["after_campaign_end"].sum()),
                "expect": expect[action],
                "if": group["condition"].iloc[0]
                if action != "newsletter"
                else _("the best of the posts read since the last issue"),
            }
        )
    return pd.DataFrame(rows)


def _weekday_name(weekday: str | None, language: str) -> str:
    """``Thursday`` / ``ceturtdiena`` from the campaign file's ``thursday``."""
    if not weekday:
        return ""
    if language == "en":
        return weekday.capitalize()
    from babel.dates import get_day_names

    return get_day_names("wide", locale=translator(language).locale)[WEEKDAYS.index(weekday)]
