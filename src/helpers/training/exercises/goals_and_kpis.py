"""Chapter 2's exercises, goals and KPIs: cost per thousand reach, and whether the goals agree."""

from __future__ import annotations

import pandas as pd

from helpers.core.campaign import load_campaign
from helpers.core.config import CAMPAIGNS_DIR
from helpers.training.exercises.answers import _check_rate
from helpers.training.exercises.verdict import Verdict, _blank


def goal_exercise(campaign_id: str) -> pd.DataFrame:
    """An example campaign's budget and goals, one row per goal (exercises 2.1 and 2.2)."""
    campaign = load_campaign(CAMPAIGNS_DIR / f"{campaign_id}.yaml")
    return pd.DataFrame(
        [
            {
                "campaign": campaign.id,
                "budget": campaign.budget,
                "currency": campaign.currency,
                "kpi": goal.kpi,
                "target": goal.target,
            }
            for goal in campaign.goals
        ]
    )


def _target(campaign_id: str, kpi: str) -> tuple[float, float]:
    goals = goal_exercise(campaign_id).set_index("kpi")
    return float(goals.at[kpi, "budget"]), float(goals.at[kpi, "target"])


def check_cost_per_thousand_reach(answer: object) -> Verdict:
    """Exercise 2.1: Aurora's budget per thousand summed reach, in EUR.

    Parameters
    ----------
    answer : float
        EUR per 1,000 summed reach.
    """
    exercise = "2.1 Cost per thousand reach"
    if answer is None:
        return _blank(exercise)
    budget, reach = _target("aurora-baltics-2027", "reach")
    expected = budget / reach * 1000
    return _check_rate(
        exercise,
        answer,
        expected,
        0.01,
        f"{budget:,.0f} / {reach:,.0f} × 1,000 = EUR {expected:.2f}: at the top of the "
        "USD 5–15 CPM range, so achievable but tight.",
        traps=[
            (
                budget / reach,
                "That is the cost per person reached; multiply by 1,000 for the cost per thousand.",
            ),
            (
                reach / budget,
                "You divided reach by budget: it is budget / reach × 1,000.",
            ),
        ],
        what="an amount in EUR such as 12.5",
        is_rate=False,
    )


def check_cpa_if_short(answer: object) -> Verdict:
    """Exercise 2.2: Pulse's CPA if conversions come in 10% short at full spend, in USD.

    Parameters
    ----------
    answer : float
        USD per conversion.
    """
    exercise = "2.2 Do the goals agree?"
    if answer is None:
        return _blank(exercise)
    budget, conversions = _target("pulse-app-launch-2027", "conversions")
    _, cpa_target = _target("pulse-app-launch-2027", "cpa")
    short = conversions * 0.9
    expected = budget / short
    return _check_rate(
        exercise,
        answer,
        expected,
        0.01,
        f"{budget:,.0f} / {short:,.0f} = USD {expected:.2f}, above the USD {cpa_target:g} "
        "goal: the two goals leave no slack, so decide now which one wins.",
        traps=[
            (
                cpa_target * 0.9,
                "Fewer conversions for the same spend make each one dearer, not cheaper: "
                "divide the budget by 90% of the conversions.",
            ),
            (
                cpa_target,
                f"USD {cpa_target:g} is the target. The question is what CPA you get when "
                "the same budget buys 10% fewer conversions.",
            ),
        ],
        what="an amount in USD such as 21.5",
        is_rate=False,
    )
