"""The calendar's files: ``calendar.csv`` (one row per post, ISO dates and times),
``calendar.ics`` (RFC 5545: one event per go-live and per approval deadline, each with a
reminder), and beside it ``calendar-go-lives.ics`` and ``calendar-approvals.ics`` with only one
kind of event, for the people who need only that one."""

from __future__ import annotations

import os
import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from helpers.core import reference
from helpers.core.campaign import Campaign
from helpers.stages.calendar.approvals import APPROVAL_STEPS, STEP_COLUMNS
from helpers.stages.calendar.scheduling import CalendarPlan
from helpers.stages.calendar.wording import deliverable_name
from helpers.text import labels
from helpers.text.i18n import Translator, translator

ICS_DOMAIN = "influencer-playbook"
LIVE_CHECK = timedelta(hours=1)  # a go-live event lasts the hour of the live-post check
#: An approval reminder rings at this hour of the day before (all-day events start at 00:00).
REMINDER_HOUR = 9
#: The calendar files and the events each holds.
ICS_FILES = {
    "calendar.ics": "all",
    "calendar-go-lives.ics": "go-lives",
    "calendar-approvals.ics": "approvals",
}
#: Line breaks of every kind: each is written as a TEXT line break (``\\n`` in the file).
ICS_LINE_BREAKS = re.compile(r"\r\n|[\r\x85\u2028\u2029]")
#: Control characters RFC 5545 does not allow in TEXT (all but tab and line breaks).
ICS_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def calendar_table(plan: CalendarPlan) -> pd.DataFrame:
    """``calendar.csv``: one row per post with local and UTC go-live and the approval dates.

    Dates are ``YYYY-MM-DD``; ``go_live_local`` is wall-clock time in ``timezone`` (its
    ``utc_offset`` on that day); ``go_live_utc`` is ISO 8601 with ``Z``. Unscheduled posts are
    kept, with the reason in ``note``.
    """
    table = plan.posts.drop(columns=["go_live_date"]).copy()
    table["go_live_utc"] = table["go_live_utc"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    for column in STEP_COLUMNS:
        table[column] = table[column].dt.strftime("%Y-%m-%d")
    table["fee_per_post"] = table["fee_per_post"].round(2)
    return table


def calendar_ics(
    plan: CalendarPlan,
    campaign: Campaign,
    generated_at: datetime | None = None,
    events: str = "all",
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
    events : {"all", "go-lives", "approvals"}
        Which events the file holds.

    Each event's title starts with the campaign's name, and each has a reminder (a DISPLAY
    VALARM) set by the campaign's ``calendar.reminders``: hours before a go-live, days before
    an approval deadline (at 09:00 that day).

    Every text property (the calendar's name, titles, descriptions, categories) is an
    icalendar ``vText`` (:func:`ics_text`), escaped as RFC 5545 section 3.3.11 says: the
    campaign's name, a handle or a phase name can hold any text (``;``, ``,``, ``\\``, line
    breaks) and the file stays valid.

    Returns
    -------
    bytes
        The iCalendar file (UTF-8, CRLF line ends, folded lines).
    """
    _ = translator(campaign.language)
    stamp = (generated_at or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    calendar = _empty_calendar(campaign, events, _)
    disclosure = _disclosure_labels(sorted(set(plan.scheduled["market"])), _)
    use_zones = hasattr(calendar, "add_missing_timezones")
    for post in plan.scheduled.to_dict("records"):
        what = _post_title(post, _)
        label = disclosure.get(post["market"], "")
        if events != "approvals":
            event = _go_live_event(post, what, label, campaign, stamp, use_zones, _)
            calendar.add_component(event)
        if events != "go-lives":
            for step, (column, _label) in APPROVAL_STEPS.items():
                event = _deadline_event(post, what, step, column, campaign, stamp, _)
                calendar.add_component(event)
    if use_zones and not plan.scheduled.empty and events != "approvals":
        first = plan.scheduled["go_live_date"].min().date() - timedelta(days=366)
        last = plan.scheduled["go_live_date"].max().date() + timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
        _zones_in_order(calendar)
    return calendar.to_ical()


def _zones_in_order(calendar) -> None:
    """The VTIMEZONE blocks sorted by TZID (icalendar adds them in set order), so the same
    plan always writes the same file."""
    zones = [c for c in calendar.subcomponents if c.name == "VTIMEZONE"]
    others = [c for c in calendar.subcomponents if c.name != "VTIMEZONE"]
    calendar.subcomponents[:] = sorted(zones, key=lambda zone: str(zone["TZID"])) + others


def _empty_calendar(campaign: Campaign, events: str, _: Translator):
    """The VCALENDAR with its name and no events yet."""
    from icalendar import Calendar as ICalendar

    calendar = ICalendar()
    calendar.add("prodid", f"-//{ICS_DOMAIN}//content calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    names = {
        "all": _("{campaign}: content calendar", campaign=campaign.name),
        "go-lives": _("{campaign}: go-lives", campaign=campaign.name),
        "approvals": _("{campaign}: approval deadlines", campaign=campaign.name),
    }
    calendar.add("x-wr-calname", ics_text(names[events]))
    return calendar


def _reminder(before: timedelta, title: str):
    """A DISPLAY alarm ``before`` the event's start (RFC 5545 section 3.6.6)."""
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -before)
    alarm.add("description", ics_text(title))
    return alarm


def _post_title(post: dict, _: Translator) -> str:
    """``@handle instagram reel 1/2``: the post in every event's title."""
    what = f"{post['handle']} {post['platform']} {deliverable_name(post['deliverable'], _)}"
    if post["units"] > 1:
        what += f" {post['unit']}/{post['units']}"
    return what


def _go_live_event(post, what, label, campaign, stamp, use_zones, _: Translator):
    """The go-live: a timed event in the market's zone (UTC without VTIMEZONE support)."""
    from icalendar import Event
    from icalendar.prop import vCategory

    event = Event()
    start = post["go_live_utc"].to_pydatetime()
    if use_zones:
        start = start.astimezone(ZoneInfo(post["timezone"]))
    event.add("uid", _uid(campaign, post["post_id"], "go-live"))
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", start + LIVE_CHECK)
    title = _("Go-live: {post} ({market})", post=what, market=post["market"])
    event.add("summary", ics_text(f"[{campaign.name}] {title}"))
    description = _(
        "Phase: {phase}. Go-live {local} {timezone} ({offset}). Disclosure label: "
        "{label}. Check the live post within the hour.",
        phase=post["phase"],
        local=post["go_live_local"],
        timezone=post["timezone"],
        offset=post["utc_offset"],
        label=label,
    )
    event.add("description", ics_text(description))
    event.add("categories", vCategory([ics_text(_("go-live")), ics_text(post["phase"])]))
    hours = campaign.calendar.reminders.go_live_hours
    if hours:
        event.add_component(_reminder(timedelta(hours=hours), f"[{campaign.name}] {title}"))
    return event


def _deadline_event(post, what, step, column, campaign, stamp, _: Translator):
    """An approval deadline: an all-day event that does not block the day."""
    from icalendar import Event
    from icalendar.prop import vCategory

    label = labels.approval_steps(_)[column]
    deadline = Event()
    day = post[column].date()
    deadline.add("uid", _uid(campaign, post["post_id"], step))
    deadline.add("dtstamp", stamp)
    deadline.add("dtstart", day)
    deadline.add("dtend", day + timedelta(days=1))
    title = f"[{campaign.name}] {label}: {what} ({post['market']})"
    deadline.add("summary", ics_text(title))
    description = _(
        "{step} for the go-live on {local} {timezone}.",
        step=label,
        local=post["go_live_local"],
        timezone=post["timezone"],
    )
    deadline.add("description", ics_text(description))
    deadline.add("transp", "TRANSPARENT")
    deadline.add("categories", vCategory([ics_text(_("approval")), ics_text(label.lower())]))
    days = campaign.calendar.reminders.approval_days
    if days:
        before = timedelta(days=days) - timedelta(hours=REMINDER_HOUR)
        deadline.add_component(_reminder(before, title))
    return deadline


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
        market: found[0] if found else _("check the market's rule")
        for market, found in zip(rules["market"], rules["labels_that_satisfy"], strict=True)
    }


def save_ics(
    plan: CalendarPlan, campaign: Campaign, run_dir: Path, generated_at: datetime | None = None
) -> Path:
    """Write ``calendar.ics``, ``calendar-go-lives.ics`` and ``calendar-approvals.ics`` into the
    run folder, each atomically (bytes: their CRLF line ends stay); return ``calendar.ics``."""
    stamp = (generated_at or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    for name, events in ICS_FILES.items():
        path = Path(run_dir) / name
        partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
        try:
            partial.write_bytes(calendar_ics(plan, campaign, stamp, events))
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    return Path(run_dir) / "calendar.ics"
