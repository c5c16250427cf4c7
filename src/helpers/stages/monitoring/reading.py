"""What the monitoring and ROI pages start from: the checked results, who was contracted, and
the campaign's goals (guide chapters 6 and 7).

The results are read and checked by :mod:`helpers.core.results`; this module adds what only a
stage can know: the signed contracts from the negotiation stage's relationship pipeline, and
the goals from the goals stage.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from helpers.core import results as core_results
from helpers.core.campaign import Campaign
from helpers.core.errors import InputError
from helpers.core.kpis import KPIS
from helpers.stages import goals
from helpers.text.i18n import translator

SIGNED_STAGES = ("contracted", "live", "completed")


def monitoring_table(campaign: Campaign) -> str | None:
    """Which results table monitoring reads: ``results_to_date``, else ``results`` (cut at
    ``measurement.as_of`` when set; after the campaign, the final results show how it paced to
    its end), else None (nothing to monitor yet)."""
    if campaign.data.results_to_date is not None:
        return "results_to_date"
    if campaign.data.results is not None:
        return "results"
    return None


def contracted_creators(
    campaign: Campaign, tables: dict[str, pd.DataFrame], run_dir: Path
) -> tuple[pd.DataFrame | None, str]:
    """Who was contracted: the signed rows of the campaign's relationship pipeline.

    Uses ``helpers.stages.negotiation.contracted_deliverables`` when the campaign names a pipeline
    file
    (``data.pipeline``) and keeps the rows in stage contracted, live or completed. Without one,
    the negotiation stage can only offer its plan (``offers.csv``), which is not a list of
    signatures, so the creators in the results file are taken as contracted and the note says
    so.

    Returns
    -------
    (DataFrame or None, str)
        The contracted deliverables (``influencer_id``, ``quantity``, ``agreed_fee`` for all
        units, ``currency`` ...) or ``None``, and a sentence for the page saying where they came
        from.
    """
    _ = translator(campaign.language)
    if getattr(campaign.data, "pipeline", None) is None:
        return None, _(
            "The campaign names no relationship pipeline (data.pipeline) to say who signed, so "
            "every creator in the results file is treated as contracted."
        )
    try:
        from helpers.stages.negotiation import contracted_deliverables
    except ImportError:
        return None, _(
            "The negotiation helpers are not available, so every creator in the results file "
            "is treated as contracted."
        )
    try:
        deliverables = contracted_deliverables(campaign, tables, run_dir)
    except InputError as error:
        return None, _(
            "The pipeline could not be read ({problems}), so every creator in the results file "
            "is treated as contracted.",
            problems="; ".join(error.problems),
        )
    if deliverables is not None and "stage" in deliverables:
        deliverables = deliverables[deliverables["stage"].isin(SIGNED_STAGES)]
    if deliverables is None or len(deliverables) == 0:
        return None, _(
            "The pipeline lists no signed contract yet, so every creator in the results file is "
            "treated as contracted."
        )
    return deliverables.reset_index(drop=True), _(
        "{count} creators are under contract (from the relationship pipeline); posts by anyone "
        "else are flagged.",
        count=_.number(deliverables["influencer_id"].nunique()),
    )


def read_results(
    campaign: Campaign,
    tables: dict[str, pd.DataFrame],
    run_dir: Path,
    which: str = "results",
) -> dict[str, object]:
    """Everything the ROI and monitoring pages start from, in one call.

    Parameters
    ----------
    campaign : Campaign
    tables : dict
        Loaded tables (``results`` or ``results_to_date``, ``roster`` for handles and
        ``conversions`` when a shop or analytics export gives them).
    run_dir : Path
        The run folder (for the negotiation stage's contracts).
    which : str
        ``"results"`` (after the campaign) or ``"results_to_date"`` (mid-campaign).

    Returns
    -------
    dict
        ``results`` (clean rows, campaign currency, with handles), ``checks`` (flagged rows),
        ``fx`` (conversions used), ``contracts`` (or None), ``contract_note``, ``raw_rows``.
    """
    raw = tables.get(which)
    if raw is None:
        raw = core_results.empty_results()
    contracts, note = contracted_creators(campaign, tables, run_dir)
    read = core_results.checked_results(
        raw, campaign, contracts, tables.get("roster"), tables.get("conversions")
    )
    return read | {"contracts": contracts, "contract_note": note}


def campaign_goals(campaign: Campaign, run_dir: Path | None = None) -> list[dict]:
    """The campaign's goals: ``goals.json`` from the run folder, else the goals stage's helper
    (``helpers.stages.goals.goals_document``), else the campaign file's ``goals`` list.

    Returns
    -------
    list of dict
        Each with ``kpi``, ``label``, ``target``, ``market`` (None for the whole campaign) and
        ``lower_is_better``.
    """
    return [_wanted(goal) for goal in _goal_list(campaign, run_dir)]


def _goal_list(campaign: Campaign, run_dir: Path | None) -> list[dict]:
    """The goals as the goals stage wrote them, else as the campaign file lists them."""
    document = None
    path = Path(run_dir) / "goals.json" if run_dir else None
    if path is not None and path.is_file():
        document = json.loads(path.read_text(encoding="utf-8"))
    else:
        try:
            document = goals.goals_document(campaign)
        except InputError:
            document = None  # the campaign file's goals are still there to measure
    raw = document.get("goals") if isinstance(document, dict) else None
    if raw is None:
        raw = [goal.model_dump() for goal in campaign.goals]
    return raw


def _wanted(goal: dict) -> dict:
    """One goal to measure: its KPI, label, target, market and which way is better."""
    kpi = str(goal["kpi"])
    known = KPIS.get(kpi)
    lower = known.lower_is_better if known else False
    if goal.get("higher_is_better") is not None:
        lower = not goal["higher_is_better"]
    return {
        "kpi": kpi,
        "label": goal.get("label") or (known.label if known else kpi.replace("_", " ")),
        "target": float(goal["target"]),
        "market": goal.get("market"),
        "lower_is_better": bool(lower),
    }
