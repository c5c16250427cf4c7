"""Every goal against its target, measured from the checked results (guide chapter 7.1).

Goals come from the goals stage (:func:`helpers.stages.monitoring.campaign_goals`) and are
measured with the one KPI catalogue (:data:`helpers.core.kpis.KPIS`), the same way the goals
and monitoring stages measure them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.core.kpis import KPIS
from helpers.core.results import column_totals
from helpers.stages import goals as goals_stage
from helpers.stages.monitoring.projections import attainment, measurable

NOT_MEASURED = "not in the results file"


def measure_kpi(kpi: str, results: pd.DataFrame) -> float:
    """A KPI's value on a results table (NaN when it cannot be measured from results).

    Uses ``helpers.stages.goals.measure`` so both stages agree; a KPI it cannot measure from
    these columns falls back to the catalogue's numerator and denominator on the column totals.
    """
    if kpi in KPIS:
        value = float(goals_stage.measure(kpi, results))
        if np.isfinite(value):
            return value
    known = measurable(kpi)
    return known.value(column_totals(results)) if known else float("nan")


def goal_attainment(goals: list[dict], results: pd.DataFrame) -> pd.DataFrame:
    """Every goal's actual value and attainment.

    Returns
    -------
    DataFrame
        ``kpi``, ``label``, ``market``, ``target``, ``actual``, ``attainment`` (1.0 = target met
        exactly; for costs target / actual), ``met`` (True, False, or None when not measurable),
        ``unit`` (how the value is shown: count, rate, money, multiple), ``lower_is_better``
        and ``formula``.
    """
    return pd.DataFrame([_goal_row(goal, results) for goal in goals])


def _goal_row(goal: dict, results: pd.DataFrame) -> dict:
    chosen = results if not goal["market"] else results[results["market"] == goal["market"]]
    known = measurable(goal["kpi"])
    actual = measure_kpi(goal["kpi"], chosen)
    lower = bool(goal.get("lower_is_better", known and known.lower_is_better))
    share = attainment(actual, goal["target"], lower) if np.isfinite(actual) else np.nan
    return {
        "kpi": goal["kpi"],
        "label": goal["label"],
        "market": goal["market"] or "all",
        "target": goal["target"],
        "actual": actual,
        "attainment": share,
        "met": None if not np.isfinite(share) else bool(share >= 1 - 1e-12),
        "unit": known.shown_as if known else "count",
        "lower_is_better": lower,
        "formula": known.formula if known else NOT_MEASURED,
    }
