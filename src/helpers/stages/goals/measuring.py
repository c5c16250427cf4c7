"""Measuring a KPI from results: the actual value of a goal's KPI from a post-level results
table, the way monitoring and ROI score it."""

from __future__ import annotations

import pandas as pd

from helpers.core import metrics
from helpers.core.kpis import ENGAGEMENT_COLUMNS, KPIS, suggest_kpi


def measure(kpi: str, results: pd.DataFrame, market: str | None = None) -> float:
    """A KPI's actual value from a post-level results table.

    Parameters
    ----------
    kpi : str
        A name in :data:`helpers.core.kpis.KPIS`.
    results : DataFrame
        One row per post, columns as in ``data/sample/results-*.csv`` (``impressions``,
        ``reach``, ``views``, ``likes``, ``comments``, ``shares``, ``saves``, ``link_clicks``,
        ``code_redemptions``, ``conversions``, ``revenue``, ``cost``), money in one currency.
    market : str, optional
        Only the posts of this market (``market`` column).

    Returns
    -------
    float
        Counts are summed over posts (reach is summed post reach, not unique people);
        engagements = likes + comments + shares + saves; engagement rate = engagements /
        reach; CTR = link clicks / impressions; CPM, CPE, CPC, CPA, ROI and ROAS as in
        :mod:`helpers.core.metrics`. NaN when the table cannot measure it: a column it needs is
        missing, a denominator is zero, or the KPI is measured elsewhere (share of voice,
        UGC pieces, new followers ...).

    Raises
    ------
    KeyError
        When the KPI is not in the catalogue.
    """
    if kpi not in KPIS:
        hint = suggest_kpi(kpi)
        raise KeyError(f"unknown KPI {kpi!r}" + (f"; did you mean {hint!r}?" if hint else ""))
    if market is not None and "market" in results:
        results = results[results["market"] == market]
    needed = KPIS[kpi].data_source
    if not needed or any(column not in results for column in needed):
        return float("nan")
    total = {column: _column_total(results[column]) for column in needed}
    engagements = sum(total.get(column, 0.0) for column in ENGAGEMENT_COLUMNS)
    cost = total.get("cost", float("nan"))
    formulas = {
        "engagements": lambda: engagements,
        "engagement_rate": lambda: metrics.ratio(engagements, total["reach"]),
        "cpe": lambda: metrics.cpe(cost, engagements),
        "clicks": lambda: total["link_clicks"],
        "ctr": lambda: metrics.ratio(total["link_clicks"], total["impressions"]),
        "cpc": lambda: metrics.cpc(cost, total["link_clicks"]),
        "cpm": lambda: metrics.cpm(cost, total["impressions"]),
        "sign_ups": lambda: total["conversions"],
        "conversion_rate": lambda: metrics.ratio(total["conversions"], total["link_clicks"]),
        "cpa": lambda: metrics.cpa(cost, total["conversions"]),
        "aov": lambda: metrics.ratio(total["revenue"], total["conversions"]),
        "roas": lambda: metrics.roas(total["revenue"], cost),
        "roi": lambda: metrics.roi(total["revenue"], cost),
        "frequency": lambda: metrics.ratio(total["impressions"], total["reach"]),
    }
    value = formulas[kpi]() if kpi in formulas else total[needed[0]]
    return float(value)


def _column_total(values: pd.Series) -> float:
    """Sum of a column; NaN when it holds no number at all (e.g. costs not recorded)."""
    numbers = pd.to_numeric(values, errors="coerce")
    if len(numbers) and numbers.isna().all():
        return float("nan")
    return float(numbers.sum())
