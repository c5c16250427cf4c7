"""The summary a client reads first (issue 19): where the campaign stands, spend against
budget, each goal against its target, ROI or ROAS, the best and the weakest creators, and the
three things to do next.

Built only from the run's artifacts (``goals.json``, ``offers.csv``, ``monitoring.csv``,
``roi.csv``, ``calendar_conflicts.csv``, read with :func:`helpers.core.artifacts.read_table`)
and the campaign file, so it works for any campaign in any state, and says what is not known
yet instead of guessing: a planning campaign has planned figures (the negotiation stage's
expected outcomes of the creators in the plan), a live one the monitoring stage's forecasts, a
finished one the ROI stage's measured results. :func:`campaign_summary` computes it as data;
:func:`summary_html` shows it, every word through the Translator.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.core import metrics
from helpers.core.artifacts import read_table
from helpers.core.campaign import Campaign
from helpers.core.kpis import KPIS

NAN = float("nan")
#: the per-unit expected outcomes of ``offers.csv`` and the results column each one plans
PLANNED_COLUMNS = {
    "expected_impressions": "impressions",
    "expected_reach": "reach",
    "expected_views": "views",
    "expected_engagements": "engagements",
    "expected_clicks": "link_clicks",
    "expected_conversions": "conversions",
}
#: how creators are compared on results, by objective: the column and whether lower is better
CREATOR_MEASURE = {
    "awareness": ("cost_per_1000_reached", True),
    "engagement": ("cpe", True),
    "conversion": ("cpa", True),  # as the ROI stage advises: cost per conversion
}


@dataclass(frozen=True)
class GoalProgress:
    """One goal against its target.

    Attributes
    ----------
    kpi : str
        The catalogue name (``reach``); the page shows its label in words.
    label : str
        The label the goals stage gave it (for a KPI outside the catalogue).
    market : str or None
        The one market the goal is about, or None for all.
    target : float
    value : float
        The actual (finished), the forecast for the end (live) or the planned figure
        (planning); NaN when not known.
    basis : str
        ``actual``, ``forecast``, ``planned`` or ``unknown``.
    share : float
        How much of the target ``value`` is (target / value for a cost); NaN when not known.
    unit : str
        ``count``, ``rate``, ``money`` or ``multiple`` (how the value is shown).
    lower_is_better : bool
        True for a cost: the target is a cap.
    so_far : float
        The actual to date of a live campaign (NaN otherwise).
    """

    kpi: str
    label: str
    market: str | None
    target: float
    value: float
    basis: str
    share: float
    unit: str
    lower_is_better: bool
    so_far: float = NAN

    @property
    def met(self) -> bool | None:
        """Whether the value reaches the target (None when not known)."""
        return None if math.isnan(self.share) else self.share >= 1 - 1e-9


@dataclass(frozen=True)
class CreatorResult:
    """A creator the summary names: handle, the measure compared, its value and the advice."""

    handle: str
    measure: str  # cost_per_1000_reached, cpe, cpa or composite_score
    value: float
    advice: str | None = None  # the ROI stage's recommendation (rehire, check first, drop)


@dataclass(frozen=True)
class NextStep:
    """One thing to do next: a kind (the page words it) and the values it names."""

    kind: str
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Summary:
    """The campaign's summary as data (see :func:`campaign_summary`)."""

    state: str | None
    objective: str
    currency: str
    budget: float
    spend: float
    spend_basis: str  # actual, planned or unknown
    planned_spend: float
    goals: list[GoalProgress]
    roi: float
    roas: float
    revenue: float
    best: CreatorResult | None
    weakest: CreatorResult | None
    creators_basis: str  # results, plan or unknown
    creators: int
    next_steps: list[NextStep]
    missing_stages: list[tuple[str, str, str | None]]  # (title, status, error)


def campaign_summary(
    campaign: Campaign, run_dir: Path, stages: list | None = None, state: str | None = None
) -> Summary:
    """The campaign's summary from its run folder.

    Parameters
    ----------
    campaign : Campaign
        The validated campaign.
    run_dir : Path
        The run folder with the stages' artifacts.
    stages : list, optional
        The run's stage results (objects with ``stage``, ``title``, ``status`` and ``error``,
        e.g. :class:`helpers.run.results.StageResult`); a stage not done is named on the page.
    state : str, optional
        ``planning``, ``live`` or ``finished`` (:func:`helpers.core.state.campaign_state`).

    Returns
    -------
    Summary
    """
    run_dir = Path(run_dir)
    # results are read only once the campaign is finished (a ROI page of a live campaign waits)
    roi = _table(run_dir, "roi.csv") if state in ("finished", None) else None
    plan = _planned(_table(run_dir, "offers.csv"))
    pacing = _table(run_dir, "monitoring.csv")
    goals = _goals(campaign, run_dir)
    basis = _basis(state, roi, plan)
    progress = [_progress(goal, basis, roi, plan, pacing) for goal in goals]
    spend, spend_basis = _spend(roi, plan)
    best, weakest, creators_basis, count = _creators(campaign.objective, roi, plan)
    row = _campaign_row(roi)
    missing = [
        (s.title, s.status, s.error) for s in (stages or []) if getattr(s, "status", "") != "done"
    ]
    summary = Summary(
        state=state,
        objective=campaign.objective,
        currency=campaign.currency,
        budget=float(campaign.budget),
        spend=spend,
        spend_basis=spend_basis,
        planned_spend=float(plan["planned_cost"].sum()) if plan is not None else NAN,
        goals=progress,
        roi=_number(row, "roi"),
        roas=_number(row, "roas"),
        revenue=_number(row, "revenue"),
        best=best,
        weakest=weakest,
        creators_basis=creators_basis,
        creators=count,
        next_steps=[],
        missing_stages=missing,
    )
    steps = next_steps(summary, roi, _table(run_dir, "calendar_conflicts.csv"), run_dir)
    return Summary(**{**summary.__dict__, "next_steps": steps})


# --- reading the artifacts -------------------------------------------------------------------


def _table(run_dir: Path, name: str) -> pd.DataFrame | None:
    """An artifact CSV, or None when the stage did not write it (or it cannot be read)."""
    path = run_dir / name
    if not path.is_file():
        return None
    try:
        return read_table(path)
    except (ValueError, OSError, pd.errors.ParserError):
        return None


def _planned(offers: pd.DataFrame | None) -> pd.DataFrame | None:
    """The offers in the plan (``selected``), or None without an ``offers.csv``."""
    if offers is None:
        return None
    if not len(offers) or "selected" not in offers:
        return offers.iloc[0:0].assign(planned_cost=pd.Series(dtype=float))
    chosen = offers["selected"].astype(str).str.lower().isin(["true", "1"])
    return offers[chosen]


def _goals(campaign: Campaign, run_dir: Path) -> list[dict]:
    """The goals: the goals stage's ``goals.json`` when it wrote one, else the campaign's."""
    path = run_dir / "goals.json"
    if path.is_file():
        try:
            found = json.loads(path.read_text(encoding="utf-8")).get("goals")
        except (ValueError, OSError):
            found = None
        if isinstance(found, list):
            return [g for g in found if isinstance(g, dict) and "kpi" in g and "target" in g]
    return [
        {"kpi": g.kpi, "label": g.kpi, "target": g.target, "market": g.market}
        for g in campaign.goals
    ]


def _campaign_row(roi: pd.DataFrame | None, market: str | None = None) -> pd.Series | None:
    """``roi.csv``'s campaign row (or one market's), None when there is none."""
    if roi is None or "level" not in roi:
        return None
    level, key = ("market", market) if market else ("campaign", "campaign")
    rows = roi[(roi["level"] == level) & (roi["key"].astype(str) == key)]
    return rows.iloc[0] if len(rows) else None


def _number(row: pd.Series | None, column: str) -> float:
    if row is None or column not in row.index:
        return NAN
    value = pd.to_numeric(row[column], errors="coerce")
    return float(value) if pd.notna(value) else NAN


# --- goals -------------------------------------------------------------------------------------


def _basis(state: str | None, roi, plan) -> str:
    """Which figures the goals are read against: results, forecasts or the plan."""
    if state == "finished" and _campaign_row(roi) is not None:
        return "actual"
    if state == "live":
        return "forecast"
    if state in (None, "planning") and plan is not None:
        return "planned"
    return "unknown"


def planned_totals(plan: pd.DataFrame) -> dict[str, float]:
    """The plan's summed expected outcomes, named as results columns are (``reach``,
    ``link_clicks`` ...), and its ``cost``: each offer's per-post figure times its quantity.

    Parameters
    ----------
    plan : DataFrame
        The selected rows of ``offers.csv`` (``quantity``, ``planned_cost``, ``expected_*``).

    Returns
    -------
    dict of str to float
    """
    quantity = pd.to_numeric(plan.get("quantity", 1), errors="coerce").fillna(0)
    totals = {
        column: float((pd.to_numeric(plan[name], errors="coerce").fillna(0) * quantity).sum())
        for name, column in PLANNED_COLUMNS.items()
        if name in plan
    }
    totals["cost"] = float(pd.to_numeric(plan["planned_cost"], errors="coerce").fillna(0).sum())
    return totals


def _kpi_value(kpi: str, totals: dict | pd.Series) -> float:
    """A catalogue KPI on summed columns; NaN when a column it needs is not there."""
    known = KPIS.get(kpi)
    if known is None or known.numerator is None:
        return NAN
    totals = dict(totals)
    if "revenue" in totals and "cost" in totals:
        totals["profit"] = float(totals["revenue"]) - float(totals["cost"])
    needed = [c for c in (known.numerator, known.denominator) if c]
    if any(pd.isna(pd.to_numeric(totals.get(c), errors="coerce")) for c in needed):
        return NAN
    return float(known.value({c: float(totals[c]) for c in needed}))


def _share(value: float, target: float, lower_is_better: bool) -> float:
    if math.isnan(value) or not target:
        return NAN
    if lower_is_better:
        return target / value if value > 0 else NAN
    return value / target


def _progress(goal, basis, roi, plan, pacing) -> GoalProgress:
    """One goal's progress on the figures of its basis."""
    kpi, market = str(goal["kpi"]), goal.get("market") or None
    known = KPIS.get(kpi)
    lower = bool(known.lower_is_better) if known else False
    unit = known.shown_as if known else "count"
    target = float(goal["target"])
    value, so_far = NAN, NAN
    if basis == "actual":
        row = _campaign_row(roi, market)
        value = _kpi_value(kpi, row) if row is not None else NAN
    elif basis == "planned" and plan is not None:
        chosen = plan if not market else plan[plan["market"] == market]
        value = _kpi_value(kpi, planned_totals(chosen)) if len(chosen) else NAN
    elif basis == "forecast" and pacing is not None and "kpi" in pacing:
        rows = pacing[(pacing["kpi"] == kpi) & (pacing["market"].astype(str) == (market or "all"))]
        if len(rows):
            value = _number(rows.iloc[0], "projected_end")
            so_far = _number(rows.iloc[0], "actual_to_date")
    found = basis if not math.isnan(value) else "unknown"
    return GoalProgress(
        kpi=kpi,
        label=str(goal.get("label") or kpi),
        market=market,
        target=target,
        value=value,
        basis=found,
        share=_share(value, target, lower),
        unit=unit,
        lower_is_better=lower,
        so_far=so_far,
    )


# --- money and creators ------------------------------------------------------------------------


def _spend(roi, plan) -> tuple[float, str]:
    """What was spent (the results' cost) or, before results, what the plan spends."""
    cost = _number(_campaign_row(roi), "cost")
    if not math.isnan(cost):
        return cost, "actual"
    if plan is not None:
        return float(pd.to_numeric(plan["planned_cost"], errors="coerce").fillna(0).sum()), (
            "planned"
        )
    return NAN, "unknown"


def _creators(objective, roi, plan) -> tuple[CreatorResult | None, CreatorResult | None, str, int]:
    """The best and the weakest creator: on results when there are some (by the objective's
    measure), else in the plan by vetting score; the basis and how many were compared."""
    if roi is not None and "level" in roi and (roi["level"] == "influencer").any():
        rows = roi[roi["level"] == "influencer"].copy()
        cost = pd.to_numeric(rows["cost"], errors="coerce")
        reach = pd.to_numeric(rows["reach"], errors="coerce")
        rows["cost_per_1000_reached"] = (cost / reach * 1000).where(reach > 0)
        if "conversions" in rows:
            rows["cpa"] = metrics.cpa(cost, pd.to_numeric(rows["conversions"], errors="coerce"))
        measure, lower = CREATOR_MEASURE[objective]
        return (
            *_ends(rows, measure, lower, "results"),
            "results",
            int(rows[measure].notna().sum()),
        )
    if plan is not None and len(plan) and "composite_score" in plan:
        rows = plan.drop_duplicates("influencer_id")
        return (*_ends(rows, "composite_score", False, "plan"), "plan", len(rows))
    return None, None, "unknown", 0


def _ends(rows: pd.DataFrame, measure: str, lower: bool, basis: str):
    values = pd.to_numeric(rows[measure], errors="coerce")
    rows = rows.assign(_value=values).dropna(subset=["_value"])
    if not len(rows):
        return None, None
    ordered = rows.sort_values("_value", ascending=lower, kind="stable")

    def creator(row) -> CreatorResult:
        advice = row.get("recommendation") if basis == "results" else None
        return CreatorResult(
            handle=str(row.get("handle") or row.get("key") or row.get("influencer_id")),
            measure=measure,
            value=float(row["_value"]),
            advice=str(advice) if isinstance(advice, str) else None,
        )

    best = creator(ordered.iloc[0])
    weakest = creator(ordered.iloc[-1]) if len(ordered) > 1 else None
    return best, weakest


# --- what to do next ---------------------------------------------------------------------------


def next_steps(
    summary: Summary, roi: pd.DataFrame | None, conflicts: pd.DataFrame | None, run_dir: Path
) -> list[NextStep]:
    """The three things to do next, most pressing first: a failed stage, then what the
    campaign's state asks for (missed or off-track goals, rehire and drop decisions, targets the
    budget cannot buy, calendar conflicts, offers to send), then reading the next results."""
    steps = [
        NextStep("fix_stage", {"stage": title, "error": error or status})
        for title, status, error in summary.missing_stages
        if status == "failed"
    ]
    if summary.state == "finished":
        steps += _after_results(summary, roi)
    elif summary.state == "live":
        steps += [
            NextStep("off_track", {"goal": g})
            for g in summary.goals
            if g.met is False and g.basis == "forecast"
        ]
        steps.append(NextStep("final_results", {}))
    else:
        steps += _before_launch(summary, conflicts, run_dir)
    if not summary.goals:
        steps.append(NextStep("set_goals", {}))
    return steps[:3]


def _after_results(summary: Summary, roi: pd.DataFrame | None) -> list[NextStep]:
    steps = [NextStep("missed", {"goal": g}) for g in summary.goals if g.met is False]
    if _campaign_row(roi) is not None:  # measured, but not by the results file: count by hand
        steps += [NextStep("by_hand", {"goal": g}) for g in summary.goals if g.basis == "unknown"]
    if roi is not None and "recommendation" in roi:
        creators = roi[roi["level"] == "influencer"]
        for advice, kind in (("rehire", "rehire"), ("check first", "check"), ("drop", "drop")):
            handles = creators.loc[creators["recommendation"] == advice, "handle"].astype(str)
            if len(handles):
                steps.append(NextStep(kind, {"handles": list(handles)}))
    return steps


def _before_launch(summary: Summary, conflicts, run_dir: Path) -> list[NextStep]:
    unspent = summary.budget - summary.planned_spend
    values = {"unspent": unspent} if unspent > 0.05 * summary.budget else {}
    steps = [NextStep("short", {"goal": g, **values}) for g in summary.goals if g.met is False]
    if not math.isnan(summary.planned_spend) and summary.planned_spend > summary.budget + 0.5:
        steps.append(NextStep("over_budget", {}))
    if conflicts is not None and len(conflicts):
        steps.append(NextStep("conflicts", {"count": len(conflicts)}))
    if summary.creators_basis == "plan" and summary.creators:
        steps.append(NextStep("send_offers", {"count": summary.creators}))
    elif (run_dir / "offers.csv").is_file():
        steps.append(NextStep("no_plan", {}))
    return steps
