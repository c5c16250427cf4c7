"""Rehire, renegotiate or drop: a recommendation per creator, with its reason (guide chapter 7
and the thank-you and rehire step of chapter 4).

Each creator's cost per result (the objective's result: reach, engagements or conversions) is
compared with the campaign's. Up to ``measurement.rehire_at_most`` times the campaign's:
rehire; up to ``renegotiate_at_most`` times: renegotiate, at the fee that would have matched
the campaign's cost per result (fee / multiple); above it, or with no result for a fee: drop.
A creator paid nothing who delivered is worth asking again (gifted collaboration).

One story across the stages: a creator whom vetting excluded or flagged (the run folder's
``shortlist.csv``, its ``status`` and ``reasons``) is never a plain "rehire". The verdict becomes
``check first`` and the reason names what vetting found ("vetting flagged: labelled 0 of 2
sponsored posts as the LV rule asks"); a renegotiate or drop verdict stays, with the same words
added.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import report
from helpers.core import artifacts, metrics
from helpers.core.campaign import Campaign
from helpers.core.results import MAIN_RESULT, RESULT_NAMES
from helpers.text.i18n import Translator, translator

ORDER = {"rehire": 0, "check first": 1, "renegotiate": 2, "drop": 3}
#: the vetting statuses that keep a creator from a plain "rehire"
VETTING_WARNINGS = ("excluded", "flagged")
#: parts of a vetting reason that are not a warning ("in: ..." why they passed, "note: ...")
NOT_WARNINGS = ("in:", "note:")


@dataclass(frozen=True)
class Yardstick:
    """What every creator is measured against: the objective's result, the campaign's cost per
    result, the thresholds, and the words for them."""

    result: str
    scale: float
    campaign_cpr: float
    rehire_at_most: float
    renegotiate_at_most: float
    currency: str
    result_words: str
    cost_words: str
    conversion: bool


def rehire_advice(
    creators: pd.DataFrame,
    campaign: Campaign,
    checks: pd.DataFrame | None = None,
    vetting: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """A rehire / renegotiate / drop recommendation per creator, with its reason.

    Parameters
    ----------
    creators : DataFrame
        :func:`helpers.stages.roi.breakdown` at the ``"influencer"`` level.
    campaign : Campaign
    checks : DataFrame, optional
        Data checks; creators with flagged rows get a note to fix them before deciding.
    vetting : DataFrame, optional
        The vetting stage's verdicts (:func:`vetting_verdicts`: ``influencer_id``, ``status``,
        ``reasons``); an excluded or flagged creator is never a plain "rehire".

    Returns
    -------
    DataFrame
        ``influencer_id``, ``handle``, ``platform``, ``market``, ``cost``, ``result``,
        ``cost_per_result``, ``vs_campaign`` (x the campaign's), ``roi``, ``recommendation``
        (rehire, check first, renegotiate or drop: English, for machines), ``suggested_fee``,
        ``reason`` (in the campaign's language) and ``vetting`` (excluded, flagged or empty).
    """
    _ = translator(campaign.language)
    yardstick = _yardstick(creators, campaign, _)
    flagged = set(checks["influencer_id"]) if checks is not None and len(checks) else set()
    warnings = _vetting_warnings(vetting)
    rows = [
        _with_vetting(_advise(creator, yardstick, creator.key in flagged, _), warnings, _)
        for creator in creators.itertuples(index=False)
    ]
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    return table.sort_values(
        ["recommendation", "vs_campaign"],
        key=lambda s: s.map(ORDER) if s.name == "recommendation" else s,
        kind="stable",
    ).reset_index(drop=True)


def vetting_verdicts(run_dir: str | Path | None) -> pd.DataFrame | None:
    """The vetting stage's verdict on every creator: ``shortlist.csv`` from the run folder
    (``influencer_id``, ``status``: shortlisted, flagged or excluded, ``reasons``), or None."""
    path = Path(run_dir) / "shortlist.csv" if run_dir else None
    if path is None or not path.is_file():
        return None
    shortlist = artifacts.read_table(path, dtype=str, na_values=None)
    if not {"influencer_id", "status"} <= set(shortlist.columns):
        return None
    if "reasons" not in shortlist:
        shortlist["reasons"] = ""
    return shortlist[["influencer_id", "status", "reasons"]]


def _vetting_warnings(vetting: pd.DataFrame | None) -> dict[str, tuple[str, str]]:
    """Creator to (status, what vetting found) for the excluded and flagged ones."""
    if vetting is None or vetting.empty:
        return {}
    warned = vetting[vetting["status"].isin(VETTING_WARNINGS)].drop_duplicates("influencer_id")
    found = {}
    for row in warned.itertuples(index=False):
        parts = [p.strip() for p in str(row.reasons).split(";") if p.strip()]
        kept = [p for p in parts if not p.startswith(NOT_WARNINGS)] or parts
        found[row.influencer_id] = (row.status, "; ".join(kept))
    return found


def _with_vetting(advice: dict, warnings: dict[str, tuple[str, str]], _: Translator) -> dict:
    """The advice of one creator with what vetting found: no plain "rehire" for an excluded or
    flagged creator."""
    status, found = warnings.get(advice["influencer_id"], ("", ""))
    advice["vetting"] = status
    if not status:
        return advice
    said = (
        _("vetting excluded them ({reasons})", reasons=found)
        if status == "excluded"
        else _("vetting flagged them ({reasons})", reasons=found)
    )
    if advice["recommendation"] == "rehire":
        advice["recommendation"] = "check first"
        said += _(": rehire only once that is checked")
    advice["reason"] += "; " + said
    return advice


def _yardstick(creators: pd.DataFrame, campaign: Campaign, _: Translator) -> Yardstick:
    result, cost_name, scale = MAIN_RESULT[campaign.objective]
    total_cost, total_result = creators["cost"].sum(), creators[result].sum()
    rules = campaign.measurement
    return Yardstick(
        result=result,
        scale=scale,
        campaign_cpr=float(metrics.ratio(total_cost * scale, total_result)),
        rehire_at_most=rules.rehire_at_most,
        renegotiate_at_most=rules.renegotiate_at_most,
        currency=campaign.currency,
        result_words=_.term(RESULT_NAMES[result]),
        cost_words=_.term(cost_name),
        conversion=campaign.objective == "conversion",
    )


def _advise(creator, yardstick: Yardstick, flagged: bool, _: Translator) -> dict:
    """One creator's row: cost per result against the campaign's, the verdict and why."""
    cost, achieved = float(creator.cost), float(getattr(creator, yardstick.result))
    cpr = float(metrics.ratio(cost * yardstick.scale, achieved))
    versus = float(metrics.ratio(cpr, yardstick.campaign_cpr))
    verdict, fee, reason = _verdict(cost, achieved, cpr, versus, yardstick, _)
    if yardstick.conversion and np.isfinite(creator.roi):
        reason += _("; ROI {roi}", roi=_.signed_percent(creator.roi))
    if flagged:
        reason += _("; fix the flagged rows before deciding")
    return {
        "influencer_id": creator.key,
        "handle": creator.handle,
        "platform": creator.platform,
        "market": creator.market,
        "cost": cost,
        "result": achieved,
        "cost_per_result": cpr,
        "vs_campaign": versus,
        "roi": creator.roi,
        "recommendation": verdict,
        "suggested_fee": fee,
        "reason": reason,
    }


def _verdict(
    cost: float, achieved: float, cpr: float, versus: float, yardstick: Yardstick, _: Translator
) -> tuple[str, float, str]:
    """Rehire, renegotiate or drop; the fee to offer (NaN unless renegotiating); the reason."""
    cur, campaign_cpr = yardstick.currency, yardstick.campaign_cpr
    compared = _(
        "{cost_name} {cost_per_result}, {times}x the campaign's {campaign_cost_per_result}",
        cost_name=yardstick.cost_words,
        cost_per_result=report.cost_per_result(cpr, cur, _),
        times=_.number(versus, 1),
        campaign_cost_per_result=_.number(campaign_cpr, 2 if abs(campaign_cpr) >= 1 else 3),
    )
    if cost == 0 and achieved > 0:
        return (
            "rehire",
            np.nan,
            _(
                "{count} {result} at no fee (gifted): ask again",
                count=_.number(achieved),
                result=yardstick.result_words,
            ),
        )
    if achieved == 0:
        return (
            "drop",
            np.nan,
            _("no {result} for {fee}", result=yardstick.result_words, fee=_.money(cost, cur)),
        )
    if versus <= yardstick.rehire_at_most:
        return "rehire", np.nan, _("{compared}: good value at this fee", compared=compared)
    if versus <= yardstick.renegotiate_at_most:
        fee = cost / versus  # the fee at which they match the campaign's cost per result
        return (
            "renegotiate",
            fee,
            _("{compared}: worth keeping at about {fee}", compared=compared, fee=_.money(fee, cur)),
        )
    return "drop", np.nan, _("{compared}: too expensive for what they delivered", compared=compared)


def with_revenue(advice: pd.DataFrame, creators: pd.DataFrame) -> pd.DataFrame:
    """The advice with each creator's attributed ``revenue`` (for the cost-and-revenue chart).

    Parameters
    ----------
    advice : DataFrame
        :func:`rehire_advice` output.
    creators : DataFrame
        :func:`helpers.stages.roi.breakdown` at the ``"influencer"`` level.
    """
    return advice.merge(creators[["key", "revenue"]], left_on="influencer_id", right_on="key")


def with_decisions(table: pd.DataFrame, advice: pd.DataFrame) -> pd.DataFrame:
    """The ``roi.csv`` artifact: :func:`helpers.stages.roi.roi_table` with each creator's
    ``recommendation``, ``suggested_fee``, ``reason`` and ``vetting``."""
    columns = ["recommendation", "suggested_fee", "reason"]
    columns += ["vetting"] if "vetting" in advice else []
    decisions = advice.set_index("influencer_id")[columns]
    return table.join(decisions, on="key")
