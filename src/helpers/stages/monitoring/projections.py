"""How each goal is pacing while the campaign is live: the posts still to come, the goal
projected to the end of the campaign, its likely range and the chance of meeting the target
(guide chapter 6.2).

Each simulated finish re-draws the remaining posts from the posts so far (a bootstrap), which
gives the projected end value, its likely range (the middle 80% of 4,000 simulated finishes)
and the chance of meeting the target.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.core import artifacts, metrics
from helpers.core.campaign import Campaign
from helpers.core.kpis import KPI, KPIS
from helpers.core.results import column_totals
from helpers.text.i18n import Translator, translator

SIMULATIONS = 4_000
SEED = 2027
ON_TRACK_CHANCE = 2 / 3
OFF_TRACK_CHANCE = 0.2
LIKELY_RANGE = (0.1, 0.9)
MIN_PLAN_COVERAGE = 0.5  # a plan naming under half of the creators who posted is another plan
ENGLISH = translator("en")
PACING_COLUMNS = [
    "kpi",
    "label",
    "market",
    "target",
    "unit",
    "lower_is_better",
    "posts_so_far",
    "actual_to_date",
    "projected_end",
    "projected_low",
    "projected_high",
    "projected_attainment",
    "chance_of_meeting",
    "status",
    "note",
]


def measurable(name: str) -> KPI | None:
    """The catalogue KPI a results table can measure (sum of a column, or a ratio of sums), or
    None for a KPI counted by hand or not in the catalogue."""
    kpi = KPIS.get(name)
    return kpi if kpi is not None and kpi.numerator is not None else None


def attainment(actual: float, target: float, lower_is_better: bool = False) -> float:
    """How much of the target was reached: actual / target, or target / actual for costs
    (a CPA of 18 against a target of 20 is 111%); NaN when undefined."""
    if lower_is_better:
        return float(metrics.ratio(target, actual)) if actual > 0 else float("nan")
    return float(metrics.ratio(actual, target))


def as_of_date(campaign: Campaign, results: pd.DataFrame) -> date:
    """The monitoring date: ``measurement.as_of``, else the last day with a post, else the start."""
    if campaign.measurement.as_of is not None:
        return campaign.measurement.as_of
    if len(results):
        return min(max(results["posted_at"].max().date(), campaign.start), campaign.end)
    return campaign.start


def elapsed_share(campaign: Campaign, as_of: date) -> float:
    """Share of the campaign window gone by on ``as_of`` (that day included), 0 to 1."""
    done = (as_of - campaign.start).days + 1
    return float(np.clip(done / campaign.days, 0.0, 1.0))


# --- Posts still to come --------------------------------------------------------------------


def remaining_posts(
    results: pd.DataFrame,
    share: float,
    contracts: pd.DataFrame | None = None,
    calendar: pd.DataFrame | None = None,
    as_of: date | None = None,
    _: Translator = ENGLISH,
) -> tuple[float, str]:
    """How many posts are still to come, and how that was worked out (in the words of ``_``).

    From the contracts (deliverables contracted minus posts so far), else the content calendar
    (deliverables going live after ``as_of``), else a straight line: posts so far x
    (1 - share) / share. A contract list or calendar that names fewer than half of the creators
    who posted describes another plan than the one running, and is not used.
    """
    notes: list[str] = []
    for planned in (_from_contracts, _from_calendar):
        found = planned(results, contracts, calendar, as_of, notes, _)
        if found is not None:
            return found
    aside = _(" ({notes}, so they were not used)", notes="; ".join(notes)) if notes else ""
    posts_so_far = len(results)
    if share <= 0 or posts_so_far == 0:
        return 0.0, _("no posts yet") + aside
    left = posts_so_far * (1 - share) / share
    return left, _(
        "straight line: {posts} posts in {share} of the window, so about {left} more by the "
        "end{aside}",
        posts=_.number(posts_so_far),
        share=_.percent(share, 0),
        left=_.number(left),
        aside=aside,
    )


def _from_contracts(results, contracts, calendar, as_of, notes, _) -> tuple[float, str] | None:
    """Posts still to come by the contracts, or None (with a note when they name others)."""
    if contracts is None or "quantity" not in contracts:
        return None
    if not _covers(contracts, results):
        notes.append(_("the contracts name other creators than the results"))
        return None
    total = float(contracts["quantity"].sum())
    return max(total - len(results), 0.0), _(
        "{total} contracted deliverables, {live} live so far",
        total=_.number(total),
        live=_.number(len(results)),
    )


def _from_calendar(results, contracts, calendar, as_of, notes, _) -> tuple[float, str] | None:
    """Posts still to come by the content calendar, or None (with a note when it names
    others)."""
    live_column = _go_live_column(calendar)
    if calendar is None or not live_column or as_of is None:
        return None
    if not _covers(calendar, results):
        notes.append(_("the content calendar names other creators than the results"))
        return None
    go_live = pd.to_datetime(calendar[live_column].astype(str).str[:10], errors="coerce")
    later = int((go_live.dt.date > as_of).sum())
    return float(later), _(
        "{count} deliverables on the content calendar after {day}",
        count=_.number(later),
        day=_.date(as_of),
    )


def _covers(plan: pd.DataFrame, results: pd.DataFrame) -> bool:
    """True when the plan names at least half of the creators who posted."""
    if "influencer_id" not in plan or results.empty:
        return "influencer_id" in plan
    posted = set(results["influencer_id"])
    return len(posted & set(plan["influencer_id"])) >= MIN_PLAN_COVERAGE * len(posted)


def _go_live_column(calendar: pd.DataFrame | None) -> str | None:
    if calendar is None:
        return None
    names = ("go_live_date", "go_live_local", "go_live_utc", "go_live")
    return next((c for c in names if c in calendar), None)


def read_calendar(run_dir: Path) -> pd.DataFrame | None:
    """The calendar stage's ``calendar.csv`` from the run folder, if it is there."""
    path = Path(run_dir) / "calendar.csv"
    return artifacts.read_table(path, keep_default_na=True) if path.is_file() else None


# --- Projecting each goal -------------------------------------------------------------------


def simulate_finish(
    results: pd.DataFrame, kpi: KPI, remaining: float, rng: np.random.Generator
) -> np.ndarray:
    """End values of a KPI in :data:`SIMULATIONS` finishes, re-drawing the remaining posts from
    the posts so far."""
    count = int(round(remaining))
    numerator = results[kpi.numerator].to_numpy(float)
    denominator = results[kpi.denominator].to_numpy(float) if kpi.denominator else None
    draws = rng.integers(0, len(results), size=(SIMULATIONS, count))
    top = (numerator.sum() + numerator[draws].sum(axis=1)) * kpi.scale
    if denominator is None:
        return top
    bottom = denominator.sum() + denominator[draws].sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(bottom > 0, top / bottom, np.nan)


def project_goal(
    goal: dict,
    results: pd.DataFrame,
    remaining: float,
    rng: np.random.Generator,
    _: Translator = ENGLISH,
) -> dict:
    """One goal's value so far, projected end value, likely range, chance and status.

    Parameters
    ----------
    goal : dict
        ``kpi``, ``label``, ``target``, ``market`` (see
        :func:`helpers.stages.monitoring.campaign_goals`).
    results : DataFrame
        Checked results to date.
    remaining : float
        Posts still to come in the whole campaign (shared out by market for a market's goal).
    rng : numpy.random.Generator
    _ : Translator
        The words of the ``note``.
    """
    kpi = measurable(goal["kpi"])
    chosen = results if not goal["market"] else results[results["market"] == goal["market"]]
    row = {
        "kpi": goal["kpi"],
        "label": goal["label"],
        "market": goal["market"] or "all",
        "target": goal["target"],
        "unit": kpi.shown_as if kpi else "count",
        "lower_is_better": bool(goal.get("lower_is_better", kpi and kpi.lower_is_better)),
        "posts_so_far": len(chosen),
    }
    if kpi is None:
        return row | {
            "status": "not measured",
            "note": _("not in the results file: track it by hand"),
        }
    if chosen.empty:
        return row | {"status": "no data yet", "note": _("no posts yet")}
    if goal["market"] and len(results):
        remaining = remaining * len(chosen) / len(results)
    projection = _projection(kpi, chosen, remaining, goal["target"], row["lower_is_better"], rng)
    return row | projection | {"note": _.term(kpi.formula)}


def _projection(
    kpi: KPI,
    chosen: pd.DataFrame,
    remaining: float,
    target: float,
    lower: bool,
    rng: np.random.Generator,
) -> dict:
    """The projected end value, its likely range, the chance of meeting the target and the
    status, from the simulated finishes."""
    totals = column_totals(chosen)
    finish = simulate_finish(chosen, kpi, remaining, rng)
    finish = finish[np.isfinite(finish)]
    projected = kpi.value(totals + totals / len(chosen) * remaining)
    meets = finish <= target if lower else finish >= target
    chance = float(meets.mean()) if len(finish) else float("nan")
    low, high = np.quantile(finish, LIKELY_RANGE) if len(finish) else (np.nan, np.nan)
    return {
        "actual_to_date": kpi.value(totals),
        "projected_end": projected,
        "projected_low": float(low),
        "projected_high": float(high),
        "projected_attainment": attainment(projected, target, lower),
        "chance_of_meeting": chance,
        "status": status_of(chance),
    }


def status_of(chance: float) -> str:
    """on track / at risk / off track from the chance of meeting the target."""
    if not np.isfinite(chance):
        return "no data yet"
    if chance >= ON_TRACK_CHANCE:
        return "on track"
    return "at risk" if chance >= OFF_TRACK_CHANCE else "off track"


def pacing(
    goals: list[dict], results: pd.DataFrame, campaign: Campaign, as_of: date, remaining: float
) -> pd.DataFrame:
    """Every goal's pacing: the ``monitoring.csv`` artifact.

    Returns
    -------
    DataFrame
        ``kpi``, ``label``, ``market``, ``target``, ``unit``, ``lower_is_better``,
        ``posts_so_far``, ``actual_to_date``, ``projected_end``, ``projected_low``,
        ``projected_high`` (the middle 80% of simulated finishes), ``projected_attainment``,
        ``chance_of_meeting``, ``status`` (English: on track, at risk, off track, not measured,
        no data yet), ``note`` (in the campaign's language), ``as_of``, ``elapsed_share`` and
        ``remaining_posts``.
    """
    rng = np.random.default_rng(SEED)
    _ = translator(campaign.language)
    rows = [project_goal(goal, results, remaining, rng, _) for goal in goals]
    table = pd.DataFrame(rows).reindex(columns=PACING_COLUMNS)
    table["as_of"] = as_of
    table["elapsed_share"] = elapsed_share(campaign, as_of)
    table["remaining_posts"] = remaining
    return table


def cumulative_path(
    results: pd.DataFrame, kpi: str, campaign: Campaign, as_of: date, target: float | None
) -> pd.DataFrame:
    """A summed KPI day by day so far, next to the straight-line path to its target.

    Returns
    -------
    DataFrame
        ``day``, ``actual`` (cumulative, up to ``as_of``) and ``straight_line`` (target x share
        of the window gone by), for every day of the window.
    """
    column = KPIS[kpi].numerator
    days = pd.date_range(campaign.start, campaign.end, freq="D")
    daily = results.groupby(results["posted_at"].dt.normalize())[column].sum()
    actual = daily.reindex(days, fill_value=0).cumsum()
    actual[days > pd.Timestamp(as_of)] = np.nan
    share = np.arange(1, len(days) + 1) / len(days)
    line = share * target if target is not None else np.full(len(days), np.nan)
    return pd.DataFrame({"day": days, "actual": actual.to_numpy(), "straight_line": line})
