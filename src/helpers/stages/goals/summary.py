"""The finding of the goals page: two or three sentences of Markdown on how many goals are
SMART, which is hardest, and which goals disagree."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from helpers import report
from helpers.core.campaign import Campaign
from helpers.core.kpis import KPIS, kpi_label
from helpers.stages.goals.achievable import per_follower
from helpers.stages.goals.budget import PlanningError, budget_plan
from helpers.stages.goals.figures import _fmt, _money
from helpers.text.i18n import Translator, translator


def goals_summary(
    campaign: Campaign,
    sheet: pd.DataFrame,
    conflicts: pd.DataFrame,
    _: Translator | None = None,
) -> str:
    """The stage's finding in two or three sentences of Markdown, written with the Translator
    ``_`` (default: the campaign's language; the sheet's and conflicts' sentences are quoted as
    they are)."""
    _ = _ or translator(campaign.language)
    invalid = sheet[sheet["verdict"] == "invalid"]
    usable = sheet[sheet["verdict"] != "invalid"]
    lines = [
        _goals_line(campaign, usable, invalid, _),
        _invalid_line(invalid, _),
        _hardest_line(usable, _),
        _clash_line(conflicts, _),
    ]
    lines = [line for line in lines if line]
    return " ".join(lines or [_no_goals_line(campaign, _)])


def _goals_line(
    campaign: Campaign, usable: pd.DataFrame, invalid: pd.DataFrame, _: Translator
) -> str:
    """How many goals pass every SMART letter, or which goals the sheet suggests."""
    budget = _money(campaign.budget, campaign.currency, _, 0)
    if usable["suggested"].any():
        values = {
            "count": _.number(len(usable)),
            "budget": budget,
            "goals": "; ".join(
                _goal_phrase(row, campaign.currency, _) for row in usable.itertuples()
            ),
        }
        return (
            _(
                "The campaign sets no goals, so the sheet **suggests {count}** from the {budget} "
                "budget at benchmark prices: {goals}. Copy them into the campaign file once you "
                "agree.",
                **values,
            )
            if invalid.empty
            else _(
                "The campaign sets no usable goal, so the sheet **suggests {count}** from the "
                "{budget} budget at benchmark prices: {goals}. Copy them into the campaign file "
                "once you agree.",
                **values,
            )
        )
    if not len(usable):
        return ""
    values = {
        "smart": _.number(int((usable["verdict"] == "pass").sum())),
        "count": _.number(len(usable)),
        "budget": budget,
    }
    return (
        _("**{smart} of {count} usable goals pass every SMART letter** on a {budget} budget.",
          **values)
        if len(invalid)
        else _("**{smart} of {count} goals pass every SMART letter** on a {budget} budget.",
               **values)
    )  # fmt: skip


def _invalid_line(invalid: pd.DataFrame, _: Translator) -> str:
    """Which goals cannot be used."""
    if not len(invalid):
        return ""
    # the KPI name is as the campaign file writes it: escaped, it stays text
    which = ", ".join(f"goals[{int(r.index)}] {report.text(r.kpi)}" for r in invalid.itertuples())
    if len(invalid) == 1:
        return _(
            "**1 goal cannot be used** ({goals}): the table of goals that cannot be used "
            "says why and how to fix each.",
            goals=which,
        )
    return _(
        "**{count} goals cannot be used** ({goals}): the table of goals that cannot be "
        "used says why and how to fix each.",
        count=_.number(len(invalid)),
        goals=which,
    )


def _hardest_line(usable: pd.DataFrame, _: Translator) -> str:
    """The goal the budget (or the roster, when it delivers less) covers least, with its
    Achievable sentence."""
    covered = usable["coverage"].fillna(np.inf)
    if "supply_coverage" in usable:
        covered = np.fmin(covered, usable["supply_coverage"].fillna(np.inf))
    ranked = usable.assign(_cov=covered).sort_values("_cov")
    if not len(ranked) or not math.isfinite(ranked["_cov"].iloc[0]):
        return ""
    if usable["suggested"].any():
        return ""
    worst = ranked.iloc[0]
    # the per-follower context is for the goal sheet, not for the finding
    context_starts = " " + per_follower(_).split("{", 1)[0]
    note = worst["achievable_note"].split(context_starts)[0]
    label = kpi_label(worst["kpi"], _)
    if worst["_cov"] < 1:
        return _("Hardest: {label}. {note}", label=label, note=note)
    return _("Tightest: {label}. {note}", label=label, note=note)


def _clash_line(conflicts: pd.DataFrame, _: Translator) -> str:
    """The first pair of goals that conflict."""
    clashes = conflicts[conflicts["severity"] == "conflict"]
    if not len(clashes):
        return ""
    return _("Goals that disagree: {conflict}", conflict=clashes["message"].iloc[0])


def _no_goals_line(campaign: Campaign, _: Translator) -> str:
    """Why the sheet is empty: the budget buys none of the suggested KPIs, or cannot be
    priced."""
    try:
        budget_plan(campaign)
        reason = _("the budget buys none of the suggested KPIs")
    except PlanningError as error:
        reason = error.in_language(_)
    return _(
        "The campaign sets no goals, and the playbook cannot suggest any: {reason}.",
        reason=reason,
    )


def _goal_phrase(row, currency: str, _: Translator) -> str:
    """``Reach 1,500,000`` or ``CPA at most USD 20.00``, for the suggested goals."""
    kpi = KPIS[row.kpi]
    values = {"label": _(kpi.label), "target": _fmt(row.target, kpi.unit, currency, _)}
    if kpi.higher_is_better:
        return _("{label} {target}", **values)
    return _("{label} at most {target}", **values)
