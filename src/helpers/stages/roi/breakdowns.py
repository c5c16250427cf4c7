"""Cost, results, CPM, CPE, CPC, CPA, ROI and ROAS per creator, platform and market, and the
funnel (guide chapter 7.2).

Cost means the creators' fees in the results file (or the contracted fees when a row has none);
ROI = (revenue - cost) / cost and ROAS = revenue / cost are undefined, not infinite, when the
cost is zero.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.core import metrics
from helpers.core.results import TOTALS, column_totals
from helpers.text.i18n import Translator, translator

LEVELS = {"influencer": "influencer_id", "platform": "platform", "market": "market"}
ENGLISH = translator("en")
RATIO_NAMES = ("cpm", "cpe", "cpc", "cpa", "roi", "roas", "ctr", "engagement_rate")


def add_ratios(table: pd.DataFrame) -> pd.DataFrame:
    """CPM, CPE, CPC, CPA, ROI, ROAS, CTR and engagement rate from summed columns."""
    out = table.copy()
    out["cpm"] = metrics.cpm(out["cost"], out["impressions"])
    out["cpe"] = metrics.cpe(out["cost"], out["engagements"])
    out["cpc"] = metrics.cpc(out["cost"], out["link_clicks"])
    out["cpa"] = metrics.cpa(out["cost"], out["conversions"])
    out["roi"] = metrics.roi(out["revenue"], out["cost"])
    out["roas"] = metrics.roas(out["revenue"], out["cost"])
    out["ctr"] = metrics.ratio(out["link_clicks"], out["impressions"])
    out["engagement_rate"] = metrics.ratio(out["engagements"], out["reach"])
    return out


def breakdown(results: pd.DataFrame, level: str) -> pd.DataFrame:
    """Cost, results and cost ratios per creator, platform or market.

    Parameters
    ----------
    results : DataFrame
        Checked results (:func:`helpers.stages.monitoring.read_results`).
    level : str
        ``"influencer"``, ``"platform"``, ``"market"`` or ``"campaign"``.

    Returns
    -------
    DataFrame
        One row per group: ``level``, ``key``, ``posts``, the summed
        :data:`helpers.core.results.TOTALS`, and ``cpm``, ``cpe``, ``cpc``, ``cpa``, ``roi``,
        ``roas``, ``ctr``, ``engagement_rate``; creators also get ``handle``, ``platform`` and
        ``market``. Ratios with a zero denominator are NaN (a creator paid nothing has no ROI).
    """
    if level == "campaign":
        grouped = results.assign(key="campaign").groupby("key")
    else:
        grouped = results.groupby(results[LEVELS[level]].rename("key"))
    summed = [column for column in (*TOTALS, "emv") if column in results]
    table = grouped[summed].sum()
    table.insert(0, "posts", grouped.size())
    if level == "influencer":
        first = grouped[["handle", "platform", "market"]].first()
        table = first.join(table)
    table = add_ratios(table.reset_index())
    table.insert(0, "level", level)
    return table.sort_values("cost", ascending=False, kind="stable").reset_index(drop=True)


def roi_table(results: pd.DataFrame) -> pd.DataFrame:
    """The ``roi.csv`` artifact: the campaign total, then every creator, platform and market."""
    parts = [breakdown(results, level) for level in ("campaign", *LEVELS)]
    return pd.concat(parts, ignore_index=True)


def campaign_row(table: pd.DataFrame) -> pd.Series:
    """The campaign total of :func:`roi_table` (zeros and undefined ratios when no results)."""
    rows = table[table["level"] == "campaign"]
    if len(rows):
        return rows.iloc[0]
    empty = pd.Series(0.0, index=["posts", *TOTALS])
    for ratio_name in RATIO_NAMES:
        empty[ratio_name] = np.nan
    return empty


def funnel(results: pd.DataFrame, _: Translator = ENGLISH) -> pd.DataFrame:
    """Reach, engagements, link clicks and conversions, each with its rate from the step before.

    Returns
    -------
    DataFrame
        ``step``, ``count``, ``rate_from_previous`` (NaN for the first step) and ``rate_name``
        (step and rate names in the words of ``_``).
    """
    totals = column_totals(results)
    steps = [
        (_("Impressions"), totals["impressions"], ""),
        (_("Reach"), totals["reach"], _("reach / impressions")),
        (_("Engagements"), totals["engagements"], _("engagement rate per reach")),
        (_("Link clicks"), totals["link_clicks"], _("clicks / engagements")),
        (_("Conversions"), totals["conversions"], _("conversion rate per click")),
    ]
    counts = [count for _step, count, _rate in steps]
    rates = [np.nan] + [
        float(metrics.ratio(b, a)) for a, b in zip(counts, counts[1:], strict=False)
    ]
    return pd.DataFrame(
        {
            "step": [step for step, _count, _rate in steps],
            "count": counts,
            "rate_from_previous": rates,
            "rate_name": [rate for _step, _count, rate in steps],
        }
    )
