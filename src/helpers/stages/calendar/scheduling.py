"""Building the calendar: every post planned in a phase, given a slot (or kept as
unscheduled, with the reason), links in bio attached to their creator's posts, and each
approval chain worked back from its go-live (rules 1 to 5 of the package docstring)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pandas as pd

from helpers.core.campaign import Calendar, Campaign, Phase
from helpers.stages.calendar.approvals import (
    STEP_COLUMNS,
    approval_dates,
    earliest_go_live,
)
from helpers.stages.calendar.fit import unfit_problems
from helpers.stages.calendar.inputs import (
    _EXPANDED_COLUMNS,
    COMPANION_DELIVERABLES,
    attached_to_posts,
    expand_posts,
)
from helpers.stages.calendar.phases import assign_phases, campaign_phases, phase_days, target_days
from helpers.stages.calendar.slots import CONFLICT_COLUMNS, _Scheduler
from helpers.stages.calendar.timing import (
    holidays_by_market,
    market_timezone,
    posting_clocks,
    public_holidays,
    utc_offset,
)
from helpers.stages.calendar.wording import deliverable_name, plural, rule_name
from helpers.text import labels
from helpers.text.i18n import Translator, translator

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
    *STEP_COLUMNS,
    "results_due_local",
    "fee_per_post",
    "currency",
    "stage",
    "note",
]


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
        The language its notes, conflicts and problems are written in (the campaign's).
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
    def words(self) -> Translator:
        """The Translator of the plan's language, for the tables written from it."""
        return translator(self.language)

    @property
    def scheduled(self) -> pd.DataFrame:
        """The posts that have a go-live."""
        return self.posts[self.posts["status"] == "scheduled"]

    @property
    def unscheduled(self) -> pd.DataFrame:
        """The posts that fit nowhere (never silently dropped)."""
        return self.posts[self.posts["status"] == "unscheduled"]


def build_calendar(
    deliverables: pd.DataFrame, campaign: Campaign, settings: Calendar | None = None
) -> CalendarPlan:
    """Schedule every contracted deliverable (see the rules in the package docstring).

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
    _ = translator(campaign.language)
    posts = expand_posts(deliverables)
    phases = campaign_phases(campaign, settings)
    holidays = _holidays_around(campaign, settings, posts)
    by_market = holidays_by_market(holidays)
    brand = by_market.get(settings.brand_market, {}) if settings.brand_market else {}
    scheduler = _Scheduler(settings, phases, by_market, brand, posting_clocks(settings), _)
    posts["timezone"] = posts["market"].map(lambda m: market_timezone(m, settings))
    attached = attached_to_posts(posts)
    main = posts[~attached]
    posts["phase"] = assign_phases(main, phases) if len(main) else pd.Series(dtype="str")
    posts["target"] = target_days(posts[~attached], phases, settings)
    outcomes = {}
    for post in _placement_order(posts[~attached], phases):
        outcomes[post["post_id"]] = _schedule_one(post, phases, scheduler)
    for post in posts[attached].to_dict("records"):
        outcomes[post["post_id"]] = _attach(post, posts, outcomes, _)
    table = _plan_table(posts, outcomes, scheduler, settings)
    _remember_fit(deliverables, campaign, settings, bool((table["status"] != "unscheduled").all()))
    return CalendarPlan(
        table,
        pd.DataFrame(scheduler.conflicts, columns=CONFLICT_COLUMNS),
        unfit_problems(table, campaign, settings, by_market),
        phases,
        holidays.dropna(subset=["date"]),
        settings,
        _holiday_notes(holidays, _),
        campaign.language,
    )


#: whether every post fitted, for the inputs of the calendars built last (a few)
_FITTED: dict[tuple, bool] = {}


def _inputs_key(deliverables: pd.DataFrame, campaign: Campaign, settings: Calendar):
    """The inputs of :func:`build_calendar`, exactly (None when they cannot be hashed)."""
    try:
        rows = pd.util.hash_pandas_object(deliverables, index=True).to_numpy().tobytes()
    except TypeError:
        return None
    columns = (tuple(deliverables.columns), tuple(map(str, deliverables.dtypes)))
    return columns, rows, campaign.model_dump_json(), settings.model_dump_json()


def _remember_fit(deliverables, campaign: Campaign, settings: Calendar, fitted: bool) -> None:
    key = _inputs_key(deliverables, campaign, settings)
    if key is not None:
        _FITTED.pop(key, None)
        _FITTED[key] = fitted
        while len(_FITTED) > 8:
            _FITTED.pop(next(iter(_FITTED)))


def everything_fits(
    deliverables: pd.DataFrame, campaign: Campaign, settings: Calendar | None = None
) -> bool:
    """Whether every post gets a go-live: known without building again when the calendar was
    just built from the same deliverables and settings (the page builds it, then asks what
    would make it fit)."""
    settings = settings or campaign.calendar
    key = _inputs_key(deliverables, campaign, settings)
    if key is not None and key in _FITTED:
        return _FITTED[key]
    return build_calendar(deliverables, campaign, settings).unscheduled.empty


def _holidays_around(campaign: Campaign, settings: Calendar, posts: pd.DataFrame) -> pd.DataFrame:
    """The public holidays of every market (and the brand's), from weeks before the first
    brief can go out to a month after the last boost."""
    first = campaign.start - timedelta(days=7 * (settings.approval.brief_sent // 5 + 4))
    last = campaign.end + timedelta(days=settings.amplification.boost_days + 30)
    markets = list(dict.fromkeys([*campaign.markets, *posts["market"].astype(str)]))
    brand = [settings.brand_market] if settings.brand_market else []
    return public_holidays([*markets, *brand], first, last)


def _holiday_notes(holidays: pd.DataFrame, _: Translator) -> list[str]:
    """A note for each market whose public holidays could not be checked."""
    return [
        _(
            "{market}: no public-holiday calendar in the holidays package; holidays not checked",
            market=market,
        )
        for market in holidays.loc[holidays["date"].isna(), "market"]
    ]


def _attach(post: dict, posts: pd.DataFrame, outcomes: dict[str, dict], _: Translator) -> dict:
    """The creator's n-th link in bio goes up with the creator's n-th scheduled post."""
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
            deliverable=deliverable_name(deliverable, _),
            post=anchor,
        ),
    }


def _placement_order(posts: pd.DataFrame, phases: list[Phase]) -> list[dict]:
    """Posts in the order they take their slots: by phase, target day, bigger fees first."""
    rank = {phase.name: i for i, phase in enumerate(phases)}
    ordered = posts.assign(
        _phase=posts["phase"].map(rank), _fee=-posts["fee_per_post"].fillna(0)
    ).sort_values(["_phase", "target", "_fee", "post_id"], kind="stable")
    return ordered.drop(columns=["_phase", "_fee"]).to_dict("records")


def _schedule_one(post: dict, phases: list[Phase], scheduler: _Scheduler) -> dict:
    """A post's slot (``phase`` and ``utc``), or the ``reason`` it has none (rule 4)."""
    _ = scheduler.words
    if not post["timezone"] or pd.isna(post["timezone"]):
        detail = _(
            "no time zone on file for market {market}: set calendar.timezones.{market} in the "
            "campaign file to an IANA zone (e.g. Europe/Lisbon)",
            market=post["market"],
        )
        return _not_scheduled(post, scheduler, "time zone", detail, _("not scheduled"))
    if post["platform"] not in scheduler.times:
        detail = _(
            "no posting times for platform '{platform}' (the calendar schedules instagram, "
            "tiktok and youtube)",
            platform=post["platform"],
        )
        return _not_scheduled(post, scheduler, "no slot", detail, _("not scheduled"))
    own = next(i for i, phase in enumerate(phases) if phase.name == post["phase"])
    order = [phases[own], *phases[own + 1 :], *reversed(phases[:own])]
    found = scheduler.place(post, order, post["target"])
    if found is None:
        detail = _no_slot_reason(post, scheduler)
        resolution = _("not scheduled: see what would make it fit")
        return _not_scheduled(post, scheduler, "no slot", detail, resolution)
    phase, utc = found
    return {"phase": phase.name, "utc": utc}


def _not_scheduled(post: dict, scheduler: _Scheduler, kind: str, detail: str, done: str) -> dict:
    """Log why a post has no slot; the outcome keeps the reason for its note."""
    scheduler.log(post, kind, detail, done)
    return {"reason": detail}


def _no_slot_reason(post: dict, scheduler: _Scheduler) -> str:
    """Why no day of the phases works: what blocks the post's own target day, and how many
    days each rule blocks (for the unscheduled note)."""
    zone = ZoneInfo(post["timezone"])
    earliest = earliest_go_live(scheduler.settings, scheduler.closed_days(post["market"]))
    counts: dict[str, int] = {}
    for phase in scheduler.phases:
        for n in range(phase_days(phase)):
            day = phase.start + timedelta(days=n)
            burst = phase.burst
            reason, _detail = scheduler.why_not(post, day, zone, burst, earliest)
            counts[reason] = counts.get(reason, 0) + 1
    own = next(phase for phase in scheduler.phases if phase.name == post["phase"])
    _rule, detail = scheduler.why_not(post, post["target"], zone, own.burst, earliest)
    _ = scheduler.words
    parts = [
        plural(
            _,
            count,
            _("{count} day: {rule}", count=_.number(count), rule=rule_name(reason, _)),
            _("{count} days: {rule}", count=_.number(count), rule=rule_name(reason, _)),
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
    """:attr:`CalendarPlan.posts`: one row per post, scheduled ones in go-live order."""
    rows = []
    for post in posts.to_dict("records"):
        outcome = outcomes.get(post["post_id"], {})
        row = {key: post[key] for key in _EXPANDED_COLUMNS}
        planned = post["phase"] if isinstance(post["phase"], str) else outcome.get("phase", "")
        row["planned_phase"] = planned
        row["timezone"] = post["timezone"] if isinstance(post["timezone"], str) else ""
        if "utc" in outcome:
            row |= _scheduled_row(post, outcome, scheduler, settings)
        else:
            row |= {"phase": "", "status": "unscheduled", "note": outcome.get("reason", "")}
        rows.append(row)
    table = pd.DataFrame(rows, columns=PLAN_COLUMNS)
    table["go_live_utc"] = pd.to_datetime(table["go_live_utc"], utc=True)
    for column in ["go_live_date", *STEP_COLUMNS]:
        table[column] = pd.to_datetime(table[column])
    order = table["go_live_utc"].isna(), table["go_live_utc"]
    return (
        table.assign(_missing=order[0])
        .sort_values(["_missing", "go_live_utc", "market", "post_id"], kind="stable")
        .drop(columns="_missing")
        .reset_index(drop=True)
    )


def _scheduled_row(post: dict, outcome: dict, scheduler: _Scheduler, settings: Calendar) -> dict:
    """A scheduled post's go-live, local and UTC, its approval dates and its note (rule 5)."""
    zone = ZoneInfo(post["timezone"])
    local = outcome["utc"].astimezone(zone)
    closed = scheduler.closed_days(post["market"])
    steps = approval_dates(local.date(), settings, closed)
    if "note" not in outcome:  # an attached link shares its post's approval chain
        _log_moved_steps(post, local.date(), steps, settings, scheduler)
    results_due = local + timedelta(hours=settings.amplification.results_after_hours)
    return {
        "phase": outcome["phase"],
        "status": "scheduled",
        "go_live_utc": pd.Timestamp(outcome["utc"]),
        "go_live_local": f"{local:%Y-%m-%d %H:%M}",
        "utc_offset": utc_offset(local),
        "go_live_date": pd.Timestamp(local.date()),
        **{column: pd.Timestamp(day) for column, day in steps.items()},
        "results_due_local": f"{results_due.astimezone(zone):%Y-%m-%d %H:%M}",
        "note": outcome.get("note") or _note_for(post["post_id"], scheduler),
    }


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
    _ = scheduler.words
    first = moved[0]
    resolution = _(
        "{step} moved from {before} to {after}",
        step=labels.approval_steps(_)[first].lower(),
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
