"""The published benchmarks history is weighed against: the buying CPM of
``data/reference/media_costs.csv`` and the click-through and conversion rates of
``planning_rates.csv``, in the campaign's currency.

A benchmark table has one row per ``platform`` and ``metric`` (``cpm``,
``click_through_rate``, ``conversion_rate``) with its ``value`` and ``source``; ``market`` and
``tier`` narrow a row to one market or tier (empty: all). The negotiation stage may pass its own
(per market, with a price index): the platforms and metrics it leaves out come from the
reference tables.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from helpers.core import reference
from helpers.core.campaign import PLATFORMS, Campaign

METRICS = ("cpm", "click_through_rate", "conversion_rate")
PUBLISHED_COLUMNS = ["market", "platform", "tier", "metric", "value", "source"]


def published_rates(campaign: Campaign) -> pd.DataFrame:
    """The default benchmarks (the rows marked default in the reference tables), CPM converted
    into the campaign's currency at the newest ECB rate on file.

    Returns
    -------
    DataFrame
        :data:`PUBLISHED_COLUMNS`; ``market`` and ``tier`` empty unless the reference table has
        such a column. A copy: the reference tables are read once per process and currency.
    """
    return _published_rates(campaign.currency).copy()


@cache
def _published_rates(currency: str) -> pd.DataFrame:
    """:func:`published_rates` in ``currency`` (the reference tables do not change in a run)."""
    rows = []
    costs = reference.media_costs("buying")
    for cost in costs[costs["metric"] == "cpm"].to_dict("records"):
        rate, day = reference.fx_rate(cost["currency"], currency)
        converted = (
            ""
            if cost["currency"] == currency
            else f"; {cost['currency']} {cost['typical']:g} at {rate:.4f} on {day}"
        )
        rows.append(
            {
                "market": _text(cost.get("market")),
                "platform": cost["platform"],
                "tier": _text(cost.get("tier")),
                "metric": "cpm",
                "value": float(cost["typical"]) * rate,
                "source": f"{cost['source']} ({cost['year']}), media_costs.csv{converted}",
            }
        )
    plan = reference.reference_table("planning_rates")
    plan = plan[(plan["default"] == "yes") & plan["rate"].isin(METRICS)]
    for row in plan.to_dict("records"):
        for platform in PLATFORMS if row["platform"] == "all" else (row["platform"],):
            rows.append(
                {
                    "market": "",
                    "platform": platform,
                    "tier": "",
                    "metric": row["rate"],
                    "value": float(row["value"]),
                    "source": f"{row['source']} ({row['year']}), planning_rates.csv",
                }
            )
    return pd.DataFrame(rows, columns=PUBLISHED_COLUMNS)


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) or value == "all" else str(value)


def complete_published(published: pd.DataFrame | None, campaign: Campaign) -> pd.DataFrame:
    """A benchmark table with every platform and metric: the rows given, and for each platform
    and metric they do not cover, the reference tables' rows (:func:`published_rates`).

    Parameters
    ----------
    published : DataFrame or None
        ``platform``, ``metric``, ``value`` and optionally ``market``, ``tier``, ``source``.
    campaign : Campaign
    """
    default = published_rates(campaign)
    if published is None or not len(published):
        return default
    given = published.copy()
    for column in ("market", "tier"):
        given[column] = given[column].map(_text) if column in given else ""
    if "source" not in given:
        given["source"] = "given by the caller"
    given = given[PUBLISHED_COLUMNS].assign(value=given["value"].astype(float))
    covered = set(zip(given["platform"], given["metric"], strict=True))
    keys = zip(default["platform"], default["metric"], strict=True)
    missing = default[[key not in covered for key in keys]]
    return pd.concat([given, missing], ignore_index=True)


def published_for(published: pd.DataFrame, cells: pd.DataFrame) -> pd.DataFrame:
    """The benchmark of each cell: its market's and tier's own row where the table has one, then
    the market's for all tiers, the tier's for all markets, then the platform's.

    Parameters
    ----------
    published : DataFrame
        A complete benchmark table (:func:`complete_published`).
    cells : DataFrame
        ``market``, ``platform``, ``tier`` (empty: not known), ``metric``.

    Returns
    -------
    DataFrame
        ``value`` and ``source`` aligned with ``cells`` (NaN and empty where no row fits).
    """
    keys = ["market", "platform", "tier", "metric"]
    table = published.drop_duplicates(keys, keep="last")
    rows = pd.MultiIndex.from_frame(table[keys].astype(object))
    at = np.full(len(cells), -1)
    columns = {key: cells[key].astype(object).to_numpy() for key in keys}
    blank = np.full(len(cells), "", dtype=object)
    for market, tier in (("market", "tier"), ("market", None), (None, "tier"), (None, None)):
        wanted = pd.MultiIndex.from_arrays(
            [
                columns[market] if market else blank,
                columns["platform"],
                columns[tier] if tier else blank,
                columns["metric"],
            ]
        )
        found = rows.get_indexer(wanted)
        at = np.where(at < 0, found, at)
    value = table["value"].to_numpy(float)[at].copy() if len(table) else np.zeros(len(cells))
    source = table["source"].to_numpy(object)[at].copy() if len(table) else blank.copy()
    value[at < 0], source[at < 0] = np.nan, ""
    return pd.DataFrame({"value": value, "source": source}, index=cells.index)
