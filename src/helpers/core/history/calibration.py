"""Calibration: the CPM paid, click-through and conversion rates of the past campaigns, per
market, platform and tier, shrunk toward the published benchmark by how much history there is.

For one cell (a market, platform and tier) and one metric:

- **What history says.** The past deals (CPM) or posts (rates) of the cell are set against what
  the published benchmark expected of them: ``ratio = sum(actual) / sum(expected)``, where a
  deal's actual is its fee and its expected is ``impressions / 1,000 x published CPM``; a post's
  actual is its link clicks (expected: ``impressions x published click-through``) or its
  conversions (expected: ``link clicks x published conversion rate``). The history value is
  ``published x ratio``: within one cell that is simply the fees paid per 1,000 impressions, the
  clicks per impression, the conversions per click.
- **How much it counts.** ``weight = n / (n + k)``, the credibility weight of empirical Bayes
  (Buhlmann): ``n`` deals or posts behind the figure, ``k`` how many the published benchmark
  counts as (``history.benchmark_weight``; the playbook assumes 5 deals for CPM and 10 posts
  for each rate). n = 0 gives the benchmark, n = k half and half, n much larger than k history.
- **The estimate** is ``published x ratio ** weight``: the weight is applied on a ratio scale
  (to the logarithms, a geometric mean of benchmark and history), because these figures are
  off by factors, not by amounts: a CPM twice the benchmark's and one half of it are pulled in
  alike, and the fee a CPM prices and the impressions a fee buys (fee / CPM) are forecast
  alike. A cell with no click (or no conversion) at all counts as half of one, so its estimate
  is low, not zero.
- **Coarser cells.** A cell with no history of its own borrows from the platform and tier in
  all markets, then from the platform in all markets and tiers (the ratio travels, so a market's
  own benchmark level is kept); ``level`` says which.

A campaign whose results carry no link click at all is read as not tracking clicks (it says
nothing about click-through); the same for conversions.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from helpers.core.campaign import PLATFORMS, TIERS, BenchmarkWeight, Campaign
from helpers.core.history.published import (
    METRICS,
    complete_published,
    published_for,
)
from helpers.core.history.reading import History, read_history

#: the cells history is pooled over, finest first; the last entry of LEVEL_NAMES is "no history"
LEVELS = (("market", "platform", "tier"), ("platform", "tier"), ("platform",))
LEVEL_NAMES = ("market, platform and tier", "platform and tier", "platform", "none")
#: a cell whose posts had no click (or no conversion) at all counts as this many, not zero
NONE_SEEN = 0.5
#: what one unit of history is, per metric
UNITS = {"cpm": "deals", "click_through_rate": "posts", "conversion_rate": "posts"}
CALIBRATED_COLUMNS = ["market", "platform", "tier", "metric", "published", "history_value",
                      "history_weight", "estimate", "n", "level", "k", "multiplier",
                      "source"]  # fmt: skip


def history_units(
    history: History, published: pd.DataFrame, leave_out: str | None = None
) -> pd.DataFrame:
    """Every past deal and post as a unit of evidence: what happened and what the published
    benchmark expected of it.

    Parameters
    ----------
    history : History
        :func:`~helpers.core.history.reading.read_history` output.
    published : DataFrame
        A complete benchmark table.
    leave_out : str, optional
        A past campaign left out (the backtest's held-out one).

    Returns
    -------
    DataFrame
        ``metric``, ``campaign``, ``market``, ``platform``, ``tier``, ``actual``, ``expected``.
    """
    campaigns = history.campaigns.set_index("campaign")
    deals = history.deals[history.deals["campaign"] != leave_out]
    posts = history.posts[history.posts["campaign"] != leave_out]
    clicks_tracked = posts["campaign"].map(campaigns["clicks_tracked"]).astype(bool)
    sales_tracked = posts["campaign"].map(campaigns["conversions_tracked"]).astype(bool)
    seen = posts[clicks_tracked & (posts["impressions"] > 0)]
    clicked = posts[sales_tracked & (posts["clicks"] > 0)]
    parts = [
        _units(deals, "cpm", deals["fee"], deals["impressions"] / 1000, published),
        _units(seen, "click_through_rate", seen["clicks"], seen["impressions"], published),
        _units(clicked, "conversion_rate", clicked["conversions"], clicked["clicks"], published),
    ]
    units = pd.concat(parts, ignore_index=True)
    return units[units["expected"].notna() & (units["expected"] > 0)].reset_index(drop=True)


def _units(rows, metric, actual, base, published) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "metric": metric,
            "campaign": rows["campaign"],
            "market": rows["market"],
            "platform": rows["platform"],
            "tier": rows["tier"].fillna("").astype(str),
            "actual": actual.astype(float),
        }
    )
    benchmark = published_for(published, frame)["value"]
    return frame.assign(expected=base.astype(float) * benchmark)


def estimate(
    units: pd.DataFrame, published: pd.DataFrame, cells: pd.DataFrame, weights: BenchmarkWeight
) -> pd.DataFrame:
    """The calibrated estimate of each cell and metric.

    Parameters
    ----------
    units : DataFrame
        :func:`history_units` output.
    published : DataFrame
        A complete benchmark table.
    cells : DataFrame
        ``market``, ``platform``, ``tier`` (empty: not known) and ``metric``.
    weights : BenchmarkWeight
        ``k`` per metric.

    Returns
    -------
    DataFrame
        :data:`CALIBRATED_COLUMNS`, aligned with ``cells``: ``published``, ``history_value``
        (NaN with no history), ``history_weight`` (0 to 1), ``estimate``, ``n`` (deals or posts
        behind the history value), ``level`` (the cell it comes from, :data:`LEVEL_NAMES`),
        ``k``, ``multiplier`` (estimate / published) and the benchmark's ``source``.
    """
    cells = cells.reset_index(drop=True)
    benchmark = published_for(published, cells)
    n, ratio, depth = _finest_history(units, cells)
    n, ratio = pd.Series(n, index=cells.index), pd.Series(ratio, index=cells.index)
    k = cells["metric"].map(weights.of)
    weight = (n / (n + k)).where(n > 0, 0.0)
    history_value = benchmark["value"] * ratio
    shrunk = benchmark["value"] * ratio.pow(weight)
    result = cells[["market", "platform", "tier", "metric"]].assign(
        published=benchmark["value"],
        history_value=history_value,
        history_weight=weight,
        estimate=shrunk.where(n > 0, benchmark["value"]),
        n=n.astype(int),
        level=pd.Series(np.array(LEVEL_NAMES, dtype=object)[depth], cells.index, dtype=object),
        k=k,
        source=benchmark["source"],
    )
    result["multiplier"] = result["estimate"] / result["published"]
    return result[CALIBRATED_COLUMNS]


def _finest_history(
    units: pd.DataFrame, cells: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per cell, the history of the finest level that has any: the units behind it (``n``, 0:
    none), the ratio of actual to expected, and the level's position in :data:`LEVEL_NAMES`."""
    n = np.zeros(len(cells))
    ratio = np.full(len(cells), np.nan)
    depth = np.full(len(cells), len(LEVELS))
    no_tier = (cells["tier"] == "").to_numpy(dtype=bool, na_value=False)
    for level, keys in enumerate(LEVELS):
        pooled = _pooled(units, keys)
        wanted = pd.MultiIndex.from_arrays([cells[key] for key in (*keys, "metric")])
        found = pooled.reindex(wanted)
        found_n = found["n"].to_numpy(float, copy=True)
        if "tier" in keys:  # a creator of no known tier has no tier cell
            found_n[no_tier] = np.nan
        fill = (n == 0) & (found_n > 0)
        n[fill] = found_n[fill]
        ratio[fill] = found["ratio"].to_numpy(float)[fill]
        depth[fill] = level
    return n, ratio, depth


def _pooled(units: pd.DataFrame, keys: tuple[str, ...]) -> pd.DataFrame:
    """History per cell of one level (indexed by its keys and ``metric``): ``n`` units, and
    ``ratio``, actual against expected."""
    usable = units[units["tier"] != ""] if "tier" in keys else units
    grouped = usable.groupby([*keys, "metric"], sort=False)
    sums = grouped[["actual", "expected"]].sum()
    counts = sums.index.get_level_values("metric") != "cpm"  # clicks, conversions: counts
    actual = sums["actual"].where(~counts | (sums["actual"] > 0), NONE_SEEN)
    return pd.DataFrame({"n": grouped.size(), "ratio": actual / sums["expected"]})


def campaign_cells(campaign: Campaign) -> pd.DataFrame:
    """Every cell a campaign may price: its markets x every platform x every tier x metric."""
    rows = itertools.product(campaign.markets, PLATFORMS, TIERS, METRICS)
    return pd.DataFrame(list(rows), columns=["market", "platform", "tier", "metric"])


def calibrated_rates(
    campaign: Campaign,
    published: pd.DataFrame | None = None,
    roster: pd.DataFrame | None = None,
    history: History | None = None,
) -> pd.DataFrame:
    """CPM, click-through and conversion rate for every market of the campaign, platform and
    tier: the published benchmark shrunk toward the agency's own history.

    The negotiation stage calls this with its own benchmarks (per market and format) and
    multiplies each fee's CPM by the ``multiplier`` of the creator's cell.

    Parameters
    ----------
    campaign : Campaign
        Its ``history`` (the past campaigns, ``benchmark_weight``), markets and currency.
    published : DataFrame, optional
        Benchmarks (``platform``, ``metric``, ``value`` in the campaign currency, optionally
        ``market``, ``tier``, ``source``); metrics it leaves out, and all of them when it is not
        given, come from ``media_costs.csv`` (buying CPM) and ``planning_rates.csv``.
    roster : DataFrame, optional
        The campaign's roster as loaded, for the past creators' tiers (read when not given).
    history : History, optional
        The past campaigns as read already (:func:`~helpers.core.history.read_history`).

    Returns
    -------
    DataFrame
        :data:`CALIBRATED_COLUMNS`, one row per market, platform, tier and metric. With no
        history every ``estimate`` is the ``published`` value and ``history_weight`` is 0.

    Raises
    ------
    InputError
        When a past campaign's files cannot be used.
    """
    history = history if history is not None else read_history(campaign, roster)
    table = complete_published(published, campaign)
    units = history_units(history, table)
    return estimate(units, table, campaign_cells(campaign), campaign.history.benchmark_weight)
