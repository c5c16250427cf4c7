"""What would make every post fit: changes to the campaign file's ``calendar`` section, each
tried for real by building the calendar again."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pandas as pd

from helpers.core.campaign import Calendar, Campaign
from helpers.stages.calendar.phases import campaign_phases
from helpers.stages.calendar.scheduling import build_calendar, everything_fits
from helpers.stages.calendar.wording import _day, _hours
from helpers.text.i18n import Translator, translator

MAX_DAYS_TO_EXTEND = 60

#: a trial: does the calendar fit with these settings (and this campaign)?
Fits = Callable[..., bool]


def what_would_fit(
    deliverables: pd.DataFrame, campaign: Campaign, settings: Calendar | None = None
) -> list[str]:
    """Changes to the campaign file that would let every post fit, each tried for real.

    Tries, one at a time: sending briefs earlier, more go-lives a day, a shorter spacing rule,
    ignoring holidays, making every phase a burst, a later end. Returns one sentence per
    change that works (empty when everything fits already or nothing single works).
    """
    settings = settings or campaign.calendar
    if everything_fits(deliverables, campaign, settings):
        return []
    _ = translator(campaign.language)

    def fits(changed: Calendar, changed_campaign: Campaign = campaign) -> bool:
        return build_calendar(deliverables, changed_campaign, changed).unscheduled.empty

    fixes = [fix(fits, campaign, settings, _) for fix in FIXES]
    return [fix for fix in fixes if fix]


def _earlier_briefs(fits: Fits, campaign: Campaign, settings: Calendar, _: Translator) -> str:
    if settings.briefs_from is None:
        return ""
    for days in range(1, MAX_DAYS_TO_EXTEND + 1):
        earlier = settings.briefs_from - timedelta(days=days)
        if fits(settings.model_copy(update={"briefs_from": earlier})):
            return _("send the first briefs by {day} (calendar.briefs_from)", day=_day(earlier, _))
    return ""


def _more_a_day(fits: Fits, campaign: Campaign, settings: Calendar, _: Translator) -> str:
    for per_day in range(settings.max_posts_per_day + 1, 11):
        if fits(settings.model_copy(update={"max_posts_per_day": per_day})):
            return _(
                "allow {count} go-lives a day per market (calendar.max_posts_per_day)",
                count=_.number(per_day),
            )
    return ""


def _shorter_spacing(fits: Fits, campaign: Campaign, settings: Calendar, _: Translator) -> str:
    if settings.spacing_hours <= 0:
        return ""
    shorter = {round(settings.spacing_hours * f) for f in (0.75, 0.5, 0.25, 0)}
    for hours in sorted(shorter, reverse=True):
        if hours < settings.spacing_hours and fits(
            settings.model_copy(update={"spacing_hours": hours})
        ):
            return _(
                "space posts {hours} hours apart instead of {now} (calendar.spacing_hours)",
                hours=_hours(hours, _),
                now=_hours(settings.spacing_hours, _),
            )
    return ""


def _on_holidays(fits: Fits, campaign: Campaign, settings: Calendar, _: Translator) -> str:
    if settings.holidays == "avoid" and fits(settings.model_copy(update={"holidays": "ignore"})):
        return _("let posts go live on public holidays (calendar.holidays: ignore)")
    return ""


def _all_bursts(fits: Fits, campaign: Campaign, settings: Calendar, _: Translator) -> str:
    phases = campaign_phases(campaign, settings)
    if all(p.burst for p in phases):
        return ""
    bursts = [p.model_copy(update={"burst": True}) for p in phases]
    if fits(settings.model_copy(update={"phases": bursts})):
        return _("make every phase a burst (burst: true), lifting the spacing rule")
    return ""


def _later_end(fits: Fits, campaign: Campaign, settings: Calendar, _: Translator) -> str:
    phases = campaign_phases(campaign, settings)
    for days in range(1, MAX_DAYS_TO_EXTEND + 1):
        end = campaign.end + timedelta(days=days)
        longer = [*phases[:-1], phases[-1].model_copy(update={"end": end})]
        if phases[-1].end == campaign.end and fits(
            settings.model_copy(update={"phases": longer}), campaign.model_copy(update={"end": end})
        ):
            return _(
                "end the campaign on {day} instead of {end}",
                day=_day(end, _),
                end=_day(campaign.end, _),
            )
    return ""


#: the changes tried, in the order they are offered
FIXES = (_earlier_briefs, _more_a_day, _shorter_spacing, _on_holidays, _all_bursts, _later_end)
