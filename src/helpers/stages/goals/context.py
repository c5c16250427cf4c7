"""What every goal is checked against: the campaign, what its budget buys, the planning rates
and the roster's eligible creators."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers.core.campaign import Campaign
from helpers.core.errors import InputError
from helpers.core.supply import Supply, campaign_creators
from helpers.stages.goals.budget import PlanningError, planning_rates, what_the_budget_buys
from helpers.stages.goals.reading import GoalCheck
from helpers.text.i18n import Translator


@dataclass
class Context:
    """What every goal is checked against: the campaign, what the budget buys, the roster,
    what the roster can deliver (``supply``, None: not checked) and the translator the
    sentences are written with (``say``)."""

    campaign: Campaign
    expected: dict[str, float] | None
    planning_problem: str | None
    rates: pd.DataFrame
    roster: pd.DataFrame
    checks: list[GoalCheck]
    say: Translator
    supply: Supply | None = None


def build_context(
    campaign: Campaign,
    checks: list[GoalCheck],
    roster: pd.DataFrame | None,
    _: Translator,
    supply: Supply | None = None,
) -> Context:
    """What the goals are checked against, the sentences to be written with ``_``; with
    ``supply`` (:func:`helpers.stages.goals.goal_supply`), against the roster's supply too."""
    try:
        expected, planning_problem = what_the_budget_buys(campaign), None
    except PlanningError as error:
        expected, planning_problem = None, error.in_language(_)
    rates = planning_rates(campaign) if planning_problem is None else pd.DataFrame()
    return Context(
        campaign,
        expected,
        planning_problem,
        rates,
        eligible_roster(campaign, roster),
        checks,
        _,
        supply,
    )


def eligible_roster(campaign: Campaign, roster: pd.DataFrame | None = None) -> pd.DataFrame:
    """The roster's eligible creators in the campaign's markets, with tier and ER per follower;
    empty when the roster cannot be read (the percentile context is then left out)."""
    if roster is None:
        from helpers.core.data import load_campaign_data  # filtered to the campaign (Parquet)

        try:
            roster = load_campaign_data(campaign, ["roster"]).get("roster")
        except InputError:
            return pd.DataFrame()
        if roster is None:
            return pd.DataFrame()
    if roster.empty:
        return roster
    return campaign_creators(campaign, roster).dropna(subset=["engagement_rate"])
