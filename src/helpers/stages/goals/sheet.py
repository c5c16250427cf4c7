"""The goal sheet: every goal checked letter by letter (SMART), one row per goal."""

from __future__ import annotations

import pandas as pd

from helpers.core.campaign import Campaign, Goal
from helpers.core.kpis import KPIS
from helpers.core.supply import Supply
from helpers.stages.goals.achievable import _achievable, _expected_and_coverage
from helpers.stages.goals.context import Context, build_context
from helpers.stages.goals.letters import _measurable, _relevant, _specific, _time_bound
from helpers.stages.goals.reading import GoalCheck, baseline_value, read_goals
from helpers.stages.goals.suggestions import suggested_goals
from helpers.stages.goals.supply import supply_and_coverage
from helpers.stages.goals.vocabulary import STATUS_RANK
from helpers.text.i18n import Translator, translator


def assess_goals(
    campaign: Campaign,
    goals: list[Goal] | None = None,
    roster: pd.DataFrame | None = None,
    _: Translator | None = None,
    supply: Supply | None = None,
) -> pd.DataFrame:
    """The goal sheet for any list of goals (the campaign's own by default), without the
    suggestions :func:`goal_sheet` adds; the goal builder checks a draft goal with it. The
    sentences are written with the Translator ``_`` (default: the campaign's language)."""
    _ = _ or translator(campaign.language)
    checks = read_goals(campaign, goals, _)
    context = build_context(campaign, checks, roster, _, supply)
    return pd.DataFrame([_sheet_row(check, context) for check in checks], columns=SHEET_COLUMNS)


SHEET_COLUMNS = [
    "index", "kpi", "label", "target", "unit", "baseline", "deadline", "market", "funnel_stage",
    "definition", "formula", "data_source", "higher_is_better", "suggested", "expected",
    "coverage", "supply", "supply_coverage", "specific", "specific_note", "measurable",
    "measurable_note", "achievable", "achievable_note", "relevant", "relevant_note", "time_bound",
    "time_bound_note", "verdict", "errors",
]  # fmt: skip


def goal_sheet(
    campaign: Campaign,
    roster: pd.DataFrame | None = None,
    _: Translator | None = None,
    supply: Supply | None = None,
) -> pd.DataFrame:
    """The campaign's goals, each checked letter by letter (SMART).

    When the campaign sets no usable goal, the sheet holds suggestions instead (``suggested``
    is True), derived from the budget and benchmark prices; goals with errors stay on the sheet
    with verdict ``invalid`` so the report can show what is wrong.

    Parameters
    ----------
    campaign : Campaign
        The campaign.
    roster : DataFrame, optional
        The roster for the per-follower engagement percentiles; read from the campaign's
        roster file when omitted (pass an empty frame to leave the percentiles out).
    _ : Translator, optional
        Writes the sentences (``*_note``, ``errors``); default: the campaign's language.
        Keys, statuses and the catalogue's ``label``, ``definition`` and ``formula`` stay
        English (translate them for display with :func:`helpers.core.kpis.kpi_text`).
    supply : Supply, optional
        What the roster can deliver (:func:`helpers.stages.goals.goal_supply`); without it the
        goals are checked against the budget only.

    Returns
    -------
    DataFrame
        One row per goal: ``index`` (position in the campaign file; NaN for suggestions),
        ``kpi``, ``label``, ``target`` (shares as fractions), ``unit``, ``baseline``,
        ``deadline``, ``market``, ``funnel_stage``, ``definition``, ``formula``,
        ``data_source``, ``higher_is_better``, ``suggested``, ``expected`` (what the budget
        buys by the deadline at benchmark prices, NaN without a benchmark), ``coverage``
        (expected / target, or target / expected cost for caps: 1 = exactly enough),
        ``supply`` (what the creators who pass the campaign's rules can deliver of a volume KPI,
        whatever the budget; NaN when not checked) and ``supply_coverage`` (supply / target), one
        status (``pass``, ``warn``, ``fail``) and one ``*_note`` sentence per letter
        (``specific``, ``measurable``, ``achievable``, ``relevant``, ``time_bound``),
        ``verdict`` (the worst letter, or ``invalid``) and ``errors``.
    """
    _ = _ or translator(campaign.language)
    checks = read_goals(campaign, _=_)
    if not any(not check.errors for check in checks):
        checks += [
            GoalCheck(None, goal, KPIS[goal.kpi], goal.target, suggested=True)
            for goal in suggested_goals(campaign)
        ]
    context = build_context(campaign, checks, roster, _, supply)
    rows = [_sheet_row(check, context) for check in checks]
    return pd.DataFrame(rows, columns=SHEET_COLUMNS)


def _sheet_row(check: GoalCheck, context: Context) -> dict[str, object]:
    campaign, kpi, goal, say = context.campaign, check.kpi, check.goal, context.say
    letters = {
        "specific": _specific(check, context),
        "measurable": _measurable(check, say),
        "achievable": _achievable(check, context),
        "relevant": _relevant(check, context),
        "time_bound": _time_bound(check, campaign, say),
    }
    expected, coverage = _expected_and_coverage(check, context)
    supplied, supply_coverage = supply_and_coverage(check, context.supply)
    row = {
        "index": check.index,
        "kpi": goal.kpi,
        "label": kpi.label if kpi else goal.kpi,
        "target": check.target,
        "unit": kpi.unit if kpi else "",
        "baseline": baseline_value(check),
        "deadline": goal.deadline or campaign.end,
        "market": goal.market,
        "funnel_stage": kpi.funnel_stage if kpi else "",
        "definition": kpi.definition if kpi else "",
        "formula": kpi.formula if kpi else "",
        "data_source": ", ".join(kpi.data_source) if kpi else "",
        "higher_is_better": kpi.higher_is_better if kpi else True,
        "suggested": check.suggested,
        "expected": expected,
        "coverage": coverage,
        "supply": supplied,
        "supply_coverage": supply_coverage,
    }
    for letter, (status, note) in letters.items():
        row[letter], row[f"{letter}_note"] = status, note
    worst = max((status for status, _note in letters.values()), key=STATUS_RANK.__getitem__)
    row["verdict"] = "invalid" if check.errors else worst
    row["errors"] = "; ".join(f"{name}: {text}" for name, text in check.errors.items())
    return row
