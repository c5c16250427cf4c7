"""The goals document, ``goals.json``: the usable goals later stages score against, the
rejected ones with the reason, and the rates the feasibility check used."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from helpers.core.campaign import Campaign
from helpers.stages.goals.budget import PlanningError, planning_rates
from helpers.stages.goals.sheet import goal_sheet
from helpers.stages.goals.vocabulary import LETTERS


def goals_document(campaign: Campaign, sheet: pd.DataFrame | None = None) -> dict[str, object]:
    """The content of ``goals.json``: the goals later stages score against.

    Only usable goals are listed (suggestions when the campaign sets none); goals with errors
    are kept apart under ``rejected`` with the reason.

    Parameters
    ----------
    campaign : Campaign
        The campaign.
    sheet : DataFrame, optional
        :func:`goal_sheet` output, computed when omitted.

    Returns
    -------
    dict
        ``campaign_id``, ``objective``, ``currency``, ``start``, ``end`` (ISO dates),
        ``goals``: a list of ``{kpi, label, target, unit, baseline, deadline, market,
        funnel_stage, formula, suggested, smart}`` plus ``higher_is_better``, ``data_source``
        (results columns), ``expected``, ``supply`` (what the roster's eligible creators can
        deliver, null when not checked) and ``verdict``; ``smart`` maps each letter to
        ``{status, note}``. Also ``rejected`` (``{index, kpi, errors}``) and ``assumptions``
        (the rates the feasibility check used). Keys, labels, formulas and statuses are English
        in every language; the notes and errors are in the sheet's language (the campaign's).
    """
    sheet = goal_sheet(campaign) if sheet is None else sheet
    usable = sheet[sheet["verdict"] != "invalid"]
    goals = [_goal_record(row) for row in usable.to_dict("records")]
    rejected = [
        {"index": int(row["index"]), "kpi": row["kpi"], "errors": row["errors"]}
        for row in sheet[sheet["verdict"] == "invalid"].to_dict("records")
    ]
    try:
        rates = planning_rates(campaign)
        assumptions = _records(rates)
    except PlanningError:
        assumptions = []
    return {
        "campaign_id": campaign.id,
        "objective": campaign.objective,
        "currency": campaign.currency,
        "start": campaign.start.isoformat(),
        "end": campaign.end.isoformat(),
        "goals": goals,
        "rejected": rejected,
        "assumptions": assumptions,
    }


def _goal_record(row: dict[str, object]) -> dict[str, object]:
    return {
        "kpi": row["kpi"],
        "label": row["label"],
        "target": _plain(row["target"]),
        "unit": row["unit"],
        "baseline": _plain(row["baseline"]),
        "deadline": row["deadline"].isoformat(),
        "market": row["market"],
        "funnel_stage": row["funnel_stage"],
        "formula": row["formula"],
        "suggested": bool(row["suggested"]),
        "smart": {
            letter: {"status": row[letter], "note": row[f"{letter}_note"]} for letter in LETTERS
        },
        "higher_is_better": bool(row["higher_is_better"]),
        "data_source": [c for c in str(row["data_source"]).split(", ") if c],
        "expected": _plain(row["expected"]),
        "supply": _plain(row.get("supply")),
        "verdict": row["verdict"],
    }


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _plain(value: object) -> object:
    """JSON-friendly: NaN and None become null, numpy numbers plain floats."""
    if value is None:
        return None
    if isinstance(value, float | np.floating):
        return None if not math.isfinite(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    return value
