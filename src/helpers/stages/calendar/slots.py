"""The slot search (rule 3 of the package docstring): for one post, the nearest day to its
target and a posting time on it where no rule is in the way, with every conflict on the way
logged for the page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from helpers.core.campaign import Calendar, Phase
from helpers.stages.calendar.approvals import earliest_go_live
from helpers.stages.calendar.phases import phase_days
from helpers.stages.calendar.timing import to_utc
from helpers.stages.calendar.wording import _day, _hours, _short_moment, plural
from helpers.text.i18n import Translator

HOLIDAY_PULL_DAYS = 3  # holidays: target moves a go-live onto a holiday at most this far
CONFLICT_COLUMNS = ["post_id", "handle", "market", "kind", "what", "resolution"]


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
    words: Translator
    placed: list[_Placed] = field(default_factory=list)
    conflicts: list[dict[str, str]] = field(default_factory=list)

    def day(self, day: date | None) -> str:
        """A day in a note, in the plan's language."""
        return _day(day, self.words)

    def closed_days(self, market: str) -> frozenset[date]:
        """Days that are not business days for this market's approvals (besides weekends)."""
        return frozenset(self.holidays_by_market.get(market, {})) | frozenset(self.brand_holidays)

    def log(self, post: dict, kind: str, what: str, resolution: str) -> None:
        """Note a conflict of one post: its kind, what was in the way and what was done."""
        values = (post["post_id"], post["handle"], post["market"], kind, what, resolution)
        self.conflicts.append(dict(zip(CONFLICT_COLUMNS, values, strict=True)))

    def candidate_days(self, phase: Phase, target: date, market: str) -> list[date]:
        """The phase's days, nearest to the target first (a near holiday first with
        ``holidays: target``)."""
        days = [phase.start + timedelta(days=n) for n in range(phase_days(phase))]
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
        """``(None, UTC time)`` when the post can go live that day, else ``(rule, why not)``:
        the day rules in order, then the posting times of the day."""
        for rule in (self._before_briefs, self._on_holiday, self._over_cap, self._creator_busy):
            blocked = rule(post, day, earliest)
            if blocked is not None:
                return blocked
        return self._posting_time(post, day, zone, burst)

    def _before_briefs(self, post: dict, day: date, earliest: date | None):
        _ = self.words
        if earliest is not None and day < earliest:
            return "approval chain", _(
                "{day} is before {earliest}, the first go-live whose brief can go out on or "
                "after {briefs_from}",
                day=self.day(day),
                earliest=self.day(earliest),
                briefs_from=self.day(self.settings.briefs_from),
            )
        return None

    def _on_holiday(self, post: dict, day: date, earliest: date | None):
        _ = self.words
        holidays = self.holidays_by_market.get(post["market"], {})
        if self.settings.holidays == "avoid" and day in holidays:
            return "holiday", _(
                "{day} is a public holiday in {market} ({holiday})",
                day=self.day(day),
                market=post["market"],
                holiday=holidays[day],
            )
        return None

    def _over_cap(self, post: dict, day: date, earliest: date | None):
        _ = self.words
        market = post["market"]
        same_day = [p for p in self.placed if p.market == market and p.day == day]
        if len(same_day) < self.settings.max_posts_per_day:
            return None
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

    def _creator_busy(self, post: dict, day: date, earliest: date | None):
        _ = self.words
        if any(p.influencer_id == post["influencer_id"] for p in self.placed if p.day == day):
            return "same creator", _(
                "{handle} already goes live on {day}", handle=post["handle"], day=self.day(day)
            )
        return None

    def _posting_time(self, post: dict, day: date, zone: ZoneInfo, burst: bool):
        """The least stacked posting time of the day clear of the spacing rule (any in a
        burst), else why none is."""
        _ = self.words
        market = post["market"]
        clash = None
        choices = []
        for clock in self.times[post["platform"]]:
            utc = to_utc(day, clock, zone)
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
        return "spacing", self._too_close(post, day, zone, *clash)

    def _too_close(self, post: dict, day: date, zone: ZoneInfo, clock: time, other) -> str:
        _ = self.words
        return _(
            "{time} on {day} is within {hours} h of {handle}'s go-live at {moment} in {market}",
            time=clock.strftime("%H:%M"),
            day=self.day(day),
            hours=_hours(self.settings.spacing_hours, _),
            handle=other.handle,
            moment=_short_moment(other.utc.astimezone(zone), _),
            market=post["market"],
        )

    def place(self, post: dict, order: list[Phase], target: date) -> tuple[Phase, datetime] | None:
        """Find the post a slot: its own phase first, then later phases, then earlier ones."""
        market = post["market"]
        zone = ZoneInfo(post["timezone"])
        earliest = earliest_go_live(self.settings, self.closed_days(market))
        misses: dict[str, tuple[str, str]] = {}
        _ = self.words
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
                _("phase '{phase}' has no day left", phase=phase.name),
            )
        return None

    def _explain(self, post, phase, planned, target, day, utc, first_miss, zone, misses) -> None:
        """Log why a post did not get its planned phase or its target day."""
        _ = self.words
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
