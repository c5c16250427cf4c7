"""Where a campaign stands: **planning**, **live** or **finished**, from the data it has and its
dates (issue 16; guide chapters 6 and 7).

- **finished**: the final results file (``data.results``) has posts in the campaign's window, or
  the window is over on the day the state is judged on;
- **live**: the results to date (``data.results_to_date``) have posts in the window and the
  window is not over;
- **planning**: no results in the window yet (before launch, or launched with no numbers in).

The day the state is judged on is ``measurement.as_of`` when the campaign file sets it, else
today (or the last post day on file, when the results run past today). :func:`campaign_state`
is the one function that decides; it also returns the facts behind the state (the first
planned go-live, from the calendar stage's ``calendar.csv`` when the run folder has one, else
the first phase, else the start; the days left; the posts so far; a results file whose posts
all fall outside the window), so every page says the same.
:func:`waiting_line` is the sentence the monitoring and ROI pages show when their results are
not in yet.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from helpers.core import artifacts
from helpers.core.campaign import Campaign
from helpers.core.errors import display_path
from helpers.text.i18n import Translator, translator

_ = translator("en")  # marks the values below for the catalogue

#: the states, in the order a campaign goes through them (English: for machines and run.json)
STATES = ("planning", "live", "finished")
#: the states by name, for the page (translated with ``_.term``)
STATE_NAMES = {"planning": _("planning"), "live": _("live"), "finished": _("finished")}


@dataclass(frozen=True)
class OutsideWindow:
    """A results file none of whose posts falls in the campaign's window."""

    table: str  # "results" or "results_to_date"
    file: str  # the file as the page names it
    posts: int
    first: date | None
    last: date | None


@dataclass(frozen=True)
class CampaignState:
    """A campaign's state and the facts behind it.

    Attributes
    ----------
    state : str
        ``planning``, ``live`` or ``finished``.
    reason : str
        Why, for machines: ``final results``, ``window over``, ``results to date``,
        ``before start`` or ``no results yet``.
    on : date
        The day the state is judged on (``measurement.as_of``, else today or the last post day
        on file, whichever is later).
    table : str or None
        The results table the state rests on (``results``, ``results_to_date``) or None.
    posts : int
        Posts of that table inside the window.
    last_post : date or None
        The last post day in it.
    first_go_live : date
        The first planned go-live.
    go_live_from : str
        Where that day comes from: ``calendar`` (the run folder's calendar.csv), ``phases``
        (the campaign file's first phase) or ``start``.
    planned_posts : int or None
        Posts the calendar schedules (None without a calendar).
    days_left : int
        Days of the window left after ``on`` (0 once it is over; the whole window before it).
    days_to_go_live : int
        Days from ``on`` to the first planned go-live (0 or less once it has passed).
    outside : tuple of OutsideWindow
        Results files named whose posts all fall outside the window.
    """

    state: str
    reason: str
    on: date
    table: str | None
    posts: int
    last_post: date | None
    first_go_live: date
    go_live_from: str
    planned_posts: int | None
    days_left: int
    days_to_go_live: int
    outside: tuple[OutsideWindow, ...] = ()

    def as_dict(self) -> dict:
        """The state and its facts as plain values (for ``run.json``)."""
        facts = asdict(self)
        facts["outside"] = [asdict(item) for item in self.outside]
        return facts


def campaign_state(
    campaign: Campaign,
    tables: dict[str, pd.DataFrame],
    run_dir: str | Path | None = None,
    today: date | None = None,
) -> CampaignState:
    """Decide whether the campaign is planning, live or finished, with the facts behind it.

    Parameters
    ----------
    campaign : Campaign
        The validated campaign.
    tables : dict of str to DataFrame
        Its loaded data (:func:`helpers.core.data.load_campaign_data`); ``results`` and
        ``results_to_date`` are read when present.
    run_dir : str or Path, optional
        The run folder; its ``calendar.csv`` (stage 04) gives the first planned go-live.
    today : date, optional
        Today's date (tests pass one); ``measurement.as_of`` wins over it.

    Returns
    -------
    CampaignState
    """
    days = {table: _post_days(tables.get(table)) for table in ("results", "results_to_date")}
    inside = {table: _in_window(found, campaign) for table, found in days.items()}
    on = campaign.measurement.as_of or _judged_on(today or date.today(), inside)
    outside = tuple(
        _outside(campaign, table, found, len(tables[table]))
        for table, found in days.items()
        if len(found) and not len(inside[table])
    )
    if len(inside["results"]):
        state, reason, table = "finished", "final results", "results"
    elif on > campaign.end:
        state, reason = "finished", "window over"
        table = "results_to_date" if len(inside["results_to_date"]) else None
    elif len(inside["results_to_date"]):
        state, reason, table = "live", "results to date", "results_to_date"
    else:
        state, table = "planning", None
        reason = "before start" if on < campaign.start else "no results yet"
    go_live, source, planned = first_go_live(campaign, run_dir)
    posted = inside[table] if table else pd.Series(dtype="datetime64[ns]")
    return CampaignState(
        state=state,
        reason=reason,
        on=on,
        table=table,
        posts=int(len(posted)),
        last_post=posted.max().date() if len(posted) else None,
        first_go_live=go_live,
        go_live_from=source,
        planned_posts=planned,
        days_left=_days_left(campaign, on),
        days_to_go_live=(go_live - on).days,
        outside=outside,
    )


def first_go_live(
    campaign: Campaign, run_dir: str | Path | None = None
) -> tuple[date, str, int | None]:
    """The first planned go-live, where it comes from and how many posts the calendar plans.

    Returns
    -------
    (date, str, int or None)
        The day; ``calendar`` (the run folder's ``calendar.csv``, its earliest scheduled
        go-live), ``phases`` (the first phase's start) or ``start`` (the campaign's start); the
        calendar's scheduled posts, or None without a calendar.
    """
    calendar = _calendar(run_dir)
    if calendar is not None:
        scheduled = calendar
        if "status" in calendar:
            scheduled = calendar[calendar["status"].astype(str) != "unscheduled"]
        days = pd.to_datetime(scheduled.get("go_live_local"), errors="coerce").dropna()
        if len(days):
            return days.min().date(), "calendar", int(len(days))
    phases = campaign.calendar.phases
    if phases:
        return min(phase.start for phase in phases), "phases", None if calendar is None else 0
    return campaign.start, "start", None if calendar is None else 0


def waiting_line(state: CampaignState, campaign: Campaign, page: str, _: Translator) -> str:
    """What a results page (``"monitoring"`` or ``"roi"``) will show and when, in one sentence.

    Parameters
    ----------
    state : CampaignState
        :func:`campaign_state` output.
    campaign : Campaign
    page : str
        ``"monitoring"`` (pacing from the results to date) or ``"roi"`` (the final results).
    _ : Translator
        The campaign's words.
    """
    day = _.date(state.first_go_live)
    end = _.date(campaign.end)
    if page == "monitoring":
        if state.days_to_go_live > 0:
            return _(
                "No results yet: the first posts go live on {day}; pacing starts with the "
                "first numbers in the results to date (data.results_to_date).",
                day=day,
            )
        return _(
            "No results yet: the first posts were planned to go live on {day}; name the results "
            "to date under data.results_to_date in the campaign file to see the pacing.",
            day=day,
        )
    if state.state == "live":
        return _(
            "The campaign is live until {end} ({days} days left): ROI is measured on the final "
            "results (data.results) once the window and its attribution days are over. The pace "
            "so far is below.",
            end=end,
            days=_.number(state.days_left),
        )
    if state.state == "finished":
        return _(
            "The window closed on {end}: name the final results under data.results in the "
            "campaign file to measure ROI.",
            end=end,
        )
    if state.days_to_go_live > 0:
        return _(
            "No results yet: the first posts go live on {day}; ROI is measured on the final "
            "results (data.results) after {end}.",
            day=day,
            end=end,
        )
    return _(
        "No results yet: the first posts were planned to go live on {day}; ROI is measured on "
        "the final results (data.results) after {end}.",
        day=day,
        end=end,
    )


def outside_lines(state: CampaignState, campaign: Campaign, _: Translator) -> list[str]:
    """One sentence per results file whose posts all fall outside the window: "none of the 12
    posts in results.csv falls in 1 Feb to 15 Mar 2027: check ..."."""
    return [
        _(
            "None of the {count} posts in {file} falls in {start} to {end} (they run from "
            "{first} to {last}): check that this is the campaign's file, or its start and end.",
            count=_.number(item.posts),
            file=item.file,
            start=_.date(campaign.start),
            end=_.date(campaign.end),
            first=_.date(item.first) if item.first else "–",
            last=_.date(item.last) if item.last else "–",
        )
        for item in state.outside
    ]


def state_line(state: CampaignState, campaign: Campaign, _: Translator) -> str:
    """The state with its facts in a few words, for the pages: "live (14 posts to 18 Feb 2027,
    25 days left)"."""
    return _(
        "{state} ({details})",
        state=_.term(STATE_NAMES[state.state]),
        details=state_details(state, campaign, _),
    )


def state_details(state: CampaignState, campaign: Campaign, _: Translator) -> str:
    """The facts behind the state in a few words, for the report's front page and the
    portfolio: "14 posts to 18 Feb 2027, 25 days left"."""
    if state.state == "finished" and state.reason == "final results":
        return _("final results, {posts} posts", posts=_.number(state.posts))
    if state.state == "finished":
        return _("the window closed on {end}", end=_.date(campaign.end))
    if state.state == "live":
        return _(
            "{posts} posts to {day}, {days} days left",
            posts=_.number(state.posts),
            day=_.date(state.last_post),
            days=_.number(state.days_left),
        )
    if state.days_to_go_live > 0:
        return _("no results yet, first posts go live on {day}", day=_.date(state.first_go_live))
    return _("no results yet, first posts planned for {day}", day=_.date(state.first_go_live))


def _post_days(results: pd.DataFrame | None) -> pd.Series:
    """The post days of a results table (empty without one)."""
    if results is None or results.empty or "posted_at" not in results:
        return pd.Series(dtype="datetime64[ns]")
    return pd.to_datetime(results["posted_at"], errors="coerce").dropna()


def _in_window(days: pd.Series, campaign: Campaign) -> pd.Series:
    when = days.dt.date
    return days[(when >= campaign.start) & (when <= campaign.end)]


def _outside(campaign: Campaign, table: str, days: pd.Series, rows: int) -> OutsideWindow:
    source = campaign.data.file(table)
    return OutsideWindow(
        table=table,
        file=display_path(source) if source else table,
        posts=int(rows),
        first=days.min().date() if len(days) else None,
        last=days.max().date() if len(days) else None,
    )


def _judged_on(today: date, inside: dict[str, pd.Series]) -> date:
    """Today, or the last post day on file when the results run past today (the monitoring
    date of :func:`helpers.stages.monitoring.as_of_date`)."""
    posted = [found.max().date() for found in inside.values() if len(found)]
    return max([today, *posted])


def _days_left(campaign: Campaign, on: date) -> int:
    if on < campaign.start:
        return campaign.days
    return max((campaign.end - on).days, 0)


def _calendar(run_dir: str | Path | None) -> pd.DataFrame | None:
    path = Path(run_dir) / "calendar.csv" if run_dir else None
    if path is None or not path.is_file():
        return None
    return artifacts.read_table(path, keep_default_na=True)
