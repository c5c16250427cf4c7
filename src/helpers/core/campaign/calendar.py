"""The content calendar's settings: phases, spacing, holidays, approval steps, posting times
and amplification.
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    Field,
    ValidationInfo,
    model_validator,
)

from helpers.core.campaign.fields import SHARE_TOLERANCE, CountryCode, Platform, Section, Share

HolidayRule = Literal["avoid", "target", "ignore"]
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
BusinessDays = Annotated[int, Field(ge=0, le=120)]
CLOCK_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def check_timezone(name: str) -> str:
    """Accept an IANA time zone name such as ``Europe/Riga``; suggest the closest otherwise."""
    import zoneinfo

    name = str(name).strip()
    known = zoneinfo.available_timezones()
    if name in known:
        return name
    guess = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.7)
    hint = f"; did you mean {guess[0]!r}?" if guess else ""
    raise ValueError(
        f"{name!r} is not an IANA time zone (e.g. Europe/Riga, America/New_York){hint}"
    )


def check_clock_time(value: Any) -> str:
    """Accept a time of day as ``"19:00"``; return it as ``HH:MM``.

    YAML 1.1 reads an unquoted ``19:00`` as the base-60 number 1140, so whole numbers from 60
    up to a day's minutes are taken as that reading; other numbers are refused.
    """
    if isinstance(value, int) and not isinstance(value, bool) and 60 <= value < 24 * 60:
        return f"{value // 60:02d}:{value % 60:02d}"
    match = CLOCK_TIME.match(str(value).strip()) if isinstance(value, str) else None
    if not match:
        raise ValueError(f'{value!r} is not a time of day (write it as "19:00")')
    return f"{int(match[1]):02d}:{match[2]}"


TimeZoneName = Annotated[str, AfterValidator(check_timezone)]
ClockTime = Annotated[Any, AfterValidator(check_clock_time)]


class Phase(Section):
    """A wave of the campaign, e.g. teaser, launch, sustain (guide chapter 6.1)."""

    name: Annotated[str, Field(min_length=1, max_length=40)]
    start: date = Field(description="first go-live day of the phase")
    end: date = Field(description="last go-live day of the phase")
    share: Share | None = Field(
        None, description="share of all posts in this phase; default: by the phase's length"
    )
    burst: bool = Field(
        False, description="stack posts: the spacing rule does not apply in this phase"
    )

    @model_validator(mode="after")
    def _end_not_before_start(self) -> Phase:
        if self.end < self.start:
            raise ValueError(
                f"phase {self.name!r} ends ({self.end}) before it starts ({self.start})"
            )
        return self


class Approval(Section):
    """Approval steps, in business days before each go-live (weekends and public holidays of
    the creator's market, and of the brand's, are not business days)."""

    brief_sent: BusinessDays = Field(20, description="brief sent (and product shipped)")
    draft_due: BusinessDays = Field(8, description="creator's draft due")
    feedback: BusinessDays = Field(6, description="brand's consolidated feedback due")
    final_approval: BusinessDays = Field(2, description="final approval of the post")

    @model_validator(mode="after")
    def _in_order(self) -> Approval:
        steps = [(name, getattr(self, name)) for name in type(self).model_fields]
        for (first, early), (then, late) in zip(steps, steps[1:], strict=False):
            if early <= late:
                raise ValueError(
                    f"{first} ({early}) must be more business days before go-live than "
                    f"{then} ({late})"
                )
        return self


class Amplification(Section):
    """How the brand amplifies the best posts once their first results are in (chapter 6.3)."""

    results_after_hours: Annotated[int, Field(ge=1, le=720)] = Field(
        48, description="hours after go-live when a post's first results are read"
    )
    repost: bool = Field(True, description="brand reposts posts that beat the campaign median")
    newsletter_weekday: Weekday | None = Field(
        None, description="weekday the brand's newsletter goes out; none: no newsletter"
    )
    boost_share: Share = Field(0.25, description="share of posts given a paid boost (the best)")
    boost_days: Annotated[int, Field(ge=1, le=90)] = Field(7, description="length of a boost")


class Reminders(Section):
    """The calendar files' reminders (VALARM): how long before each go-live and each approval
    deadline a calendar app reminds the team. Playbook defaults, not published figures: set
    them to your team's habits; 0 turns a reminder off."""

    go_live_hours: Annotated[float, Field(ge=0, le=168, allow_inf_nan=False)] = Field(
        2, description="hours before a go-live (time to check the post goes up as agreed)"
    )
    approval_days: Annotated[int, Field(ge=0, le=30)] = Field(
        1, description="days before an approval deadline (the day before, at the same hour)"
    )


class Calendar(Section):
    """The content calendar: phases, spacing, holidays, approvals and posting times."""

    phases: list[Phase] = Field(
        default_factory=list, description="default: launch (first week, a burst), then sustain"
    )
    spacing_hours: Annotated[float, Field(ge=0, le=336, allow_inf_nan=False)] = Field(
        12, description="least hours between two posts in one market (outside burst phases)"
    )
    max_posts_per_day: Annotated[int, Field(ge=1, le=50)] = Field(
        3, description="most go-lives per market and local day"
    )
    holidays: HolidayRule = Field("avoid", description="public holidays: avoid, target, ignore")
    approval: Approval = Field(default_factory=Approval)
    briefs_from: date | None = Field(
        None, description="first day briefs can go out (contracts signed); default: no limit"
    )
    brand_market: CountryCode | None = Field(
        None, description="the brand team's country: its holidays are not business days either"
    )
    timezones: dict[CountryCode, TimeZoneName] = Field(
        default_factory=dict, description="IANA zone per market, replacing the reference one"
    )
    posting_times: dict[Platform, Annotated[list[ClockTime], Field(min_length=1)]] = Field(
        default_factory=dict, description="local posting times per platform, e.g. ['19:00']"
    )
    amplification: Amplification = Field(default_factory=Amplification)
    reminders: Reminders = Field(default_factory=Reminders)

    @model_validator(mode="after")
    def _phases_fit_together(self) -> Calendar:
        ordered = sorted(self.phases, key=lambda phase: phase.start)
        for before, after in zip(ordered, ordered[1:], strict=False):
            if after.start <= before.end:
                raise ValueError(
                    f"phases {before.name!r} (to {before.end}) and {after.name!r} (from "
                    f"{after.start}) overlap: each day belongs to one phase"
                )
        shares = [phase.share for phase in self.phases if phase.share is not None]
        total = sum(shares)
        if len(shares) == len(self.phases) and shares and abs(total - 1) > SHARE_TOLERANCE:
            raise ValueError(f"phase shares add up to {total:g}, they must add up to 1")
        if total > 1 + SHARE_TOLERANCE:
            raise ValueError(f"phase shares add up to {total:g}, more than 1")
        return self


def check_calendar_window(calendar: Calendar, info: ValidationInfo) -> Calendar:
    """Every phase must lie inside the campaign's window (checked once start and end are read)."""
    start, end = info.data.get("start"), info.data.get("end")
    if start is None or end is None:
        return calendar
    for number, phase in enumerate(calendar.phases):
        if phase.start < start or phase.end > end:
            raise ValueError(
                f"phases[{number}] {phase.name!r} runs {phase.start} to {phase.end}, outside the "
                f"campaign's window {start} to {end}"
            )
    return calendar


CalendarSettings = Annotated[Calendar, AfterValidator(check_calendar_window)]
