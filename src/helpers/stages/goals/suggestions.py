"""Suggestions: KPIs and targets for a campaign that sets none, from its budget at benchmark
prices."""

from __future__ import annotations

import math

from helpers.core.campaign import Campaign, Goal
from helpers.core.kpis import KPIS
from helpers.stages.goals.budget import PlanningError, what_the_budget_buys

SUGGESTED_KPIS = {
    "awareness": ("reach", "engagement_rate", "cpm"),
    "engagement": ("engagements", "engagement_rate", "cpe"),
    "conversion": ("conversions", "cpa", "clicks"),
}


def suggested_goals(campaign: Campaign) -> list[Goal]:
    """KPIs and targets for a campaign that sets none, from its budget and benchmark prices.

    The main KPI follows the objective (reach, engagements or conversions) with two guardrails;
    each target is what the budget buys at benchmark prices, rounded to two significant digits
    (down for volumes and rates, up for cost caps). Empty when the budget cannot be priced.
    """
    try:
        expected = what_the_budget_buys(campaign)
    except PlanningError:
        return []
    goals = []
    for name in SUGGESTED_KPIS[campaign.objective]:
        value = expected[name]
        if not (math.isfinite(value) and value > 0):
            continue
        kpi = KPIS[name]
        goals.append(Goal(kpi=name, target=round_target(value, up=not kpi.higher_is_better)))
    return goals


def round_target(value: float, up: bool = False, digits: int = 2) -> float:
    """Round to ``digits`` significant digits, down (or up, for caps), so a suggested target
    stays on the right side of the benchmark."""
    if value <= 0 or not math.isfinite(value):
        return value
    scale = 10 ** (math.floor(math.log10(value)) - digits + 1)
    # the nudge keeps an exact value (8.0) from being pushed a step by float noise
    steps = value / scale
    rounded = (math.ceil(steps - 1e-9) if up else math.floor(steps + 1e-9)) * scale
    return float(f"{rounded:.12g}")
