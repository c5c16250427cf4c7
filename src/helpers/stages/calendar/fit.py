"""What cannot fit: a sentence per kind of misfit, for the plan's problems
(:mod:`helpers.stages.calendar.fixes` tries what would make it fit)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from helpers.core.campaign import Calendar, Campaign
from helpers.stages.calendar.approvals import closed_days, earliest_go_live
from helpers.stages.calendar.wording import _day, deliverable_name, plural
from helpers.text.i18n import Translator, translator


def unfit_problems(
    table: pd.DataFrame,
    campaign: Campaign,
    settings: Calendar,
    by_market: dict[str, dict[date, str]],
) -> list[str]:
    """A sentence per kind of misfit: an approval chain that cannot end inside the window, and
    the posts of each market that found no slot."""
    _ = translator(campaign.language)
    problems = []
    if settings.briefs_from is not None:
        for market in sorted(set(table["market"])):
            first = earliest_go_live(settings, closed_days(market, by_market, settings))
            if first is not None and first > campaign.end:
                problems.append(_chain_too_long(market, first, campaign, settings, _))
    unscheduled = table[table["status"] == "unscheduled"]
    for market, group in unscheduled.groupby("market"):
        problems.append(_posts_left_over(market, group, _))
    return problems


def _chain_too_long(
    market: str, first: date, campaign: Campaign, settings: Calendar, _: Translator
) -> str:
    return _(
        "{market}: the approval chain needs {days} business days from brief to "
        "go-live; with briefs from {briefs_from} the first go-live is {first}, "
        "after the campaign's end ({end})",
        market=market,
        days=_.number(settings.approval.brief_sent),
        briefs_from=_day(settings.briefs_from, _),
        first=_day(first, _),
        end=_day(campaign.end, _),
    )


def _posts_left_over(market: str, group: pd.DataFrame, _: Translator) -> str:
    values = {
        "market": market,
        "count": _.number(len(group)),
        "posts": ", ".join(
            f"{handle} {deliverable_name(deliverable, _)}"
            for handle, deliverable in zip(group["handle"], group["deliverable"], strict=True)
        ),
        "note": group["note"].iloc[0],
    }
    return plural(
        _,
        len(group),
        _("{market}: {count} post cannot fit ({posts}): {note}", **values),
        _("{market}: {count} posts cannot fit ({posts}): {note}", **values),
    )
