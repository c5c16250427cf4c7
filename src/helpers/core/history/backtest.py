"""The backtest: each past campaign left out in turn, forecast from the others, and compared with
what happened, for the published benchmarks alone and for the calibrated estimates.

What is forecast for a campaign's deals (each creator paid, in their market, platform and tier):

- **fees**: the impressions each creator delivered / 1,000 x the CPM, against the fees agreed;
- **impressions**: what each fee buys, fee / CPM x 1,000, against the impressions delivered
  (how the goals stage reads a budget);
- **conversions**: those impressions x click-through rate x conversion rate, against the
  conversions the results report (a campaign that tracked none is not forecast).

The error of one forecast is ``forecast / actual - 1`` (+20%: 20% too high). Across campaigns:
the mean absolute percentage error (MAPE, how far off a forecast typically is) and the bias (the
mean signed error: a forecast that is always too high has a positive bias).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.core.campaign import BenchmarkWeight
from helpers.core.history.calibration import estimate, history_units
from helpers.core.history.published import METRICS
from helpers.core.history.reading import History

MEASURES = ("fees", "impressions", "conversions")
BACKTEST_COLUMNS = ["campaign", "measure", "deals", "actual", "published_forecast",
                    "published_error", "calibrated_forecast", "calibrated_error",
                    "history_share"]  # fmt: skip
SUMMARY_COLUMNS = ["measure", "campaigns", "published_mape", "calibrated_mape", "published_bias",
                   "calibrated_bias", "closer"]  # fmt: skip


def backtest(
    history: History,
    published: pd.DataFrame,
    weights: BenchmarkWeight,
    units: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Leave each past campaign out, calibrate on the others, forecast it, compare.

    Parameters
    ----------
    history : History
        The past campaigns (at least two are needed: with one, nothing is left to learn from).
    published : DataFrame
        A complete benchmark table.
    weights : BenchmarkWeight
        ``k`` per metric.
    units : DataFrame, optional
        :func:`~helpers.core.history.history_units` of ``history`` and ``published``, when
        made already.

    Returns
    -------
    DataFrame
        :data:`BACKTEST_COLUMNS`, one row per past campaign and measure (:data:`MEASURES`), in
        the order of the campaigns' start; empty with fewer than two past campaigns.
        ``history_share`` is how much of the calibrated forecast is history (the credibility
        weights of the rates it uses, weighted by fee).
    """
    rows = []
    if history.campaigns["campaign"].nunique() < 2:
        return pd.DataFrame(columns=BACKTEST_COLUMNS)
    every = history_units(history, published) if units is None else units
    for past in history.campaigns.itertuples():
        units = every[every["campaign"] != past.campaign]
        deals = history.deals[history.deals["campaign"] == past.campaign]
        tracked = bool(past.conversions_tracked)
        rows += forecast_deals(past.campaign, deals, units, published, weights, tracked)
    return pd.DataFrame(rows, columns=BACKTEST_COLUMNS)


def forecast_deals(
    name: str,
    deals: pd.DataFrame,
    units: pd.DataFrame,
    published: pd.DataFrame,
    weights: BenchmarkWeight,
    conversions_tracked: bool = True,
) -> list[dict]:
    """Forecast one campaign's fees, impressions and conversions from its deals, with the
    published benchmarks and with the estimates calibrated on ``units``.

    Returns
    -------
    list of dict
        One row per measure (:data:`BACKTEST_COLUMNS`).
    """
    rates = _deal_rates(deals, units, published, weights)
    fee, seen = deals["fee"].to_numpy(float), deals["impressions"].to_numpy(float)
    actual = {
        "fees": fee.sum(),
        "impressions": seen.sum(),
        "conversions": deals["conversions"].sum() if conversions_tracked else np.nan,
    }
    forecasts = {}
    for kind in ("published", "estimate"):
        cpm, ctr, cvr = (rates[(metric, kind)] for metric in METRICS)
        bought = fee / cpm * 1000
        forecasts[kind] = {
            "fees": (seen / 1000 * cpm).sum(),
            "impressions": bought.sum(),
            "conversions": (bought * ctr * cvr).sum(),
        }
    share = _history_share(rates, fee)
    rows = []
    for measure in MEASURES:
        truth = actual[measure]
        known = bool(pd.notna(truth))
        row = {"campaign": name, "measure": measure, "deals": len(deals), "actual": truth}
        for kind, label in (("published", "published"), ("estimate", "calibrated")):
            value = forecasts[kind][measure] if known else np.nan
            row[f"{label}_forecast"] = value
            row[f"{label}_error"] = value / truth - 1 if known and truth > 0 else np.nan
        rows.append(row | {"history_share": share[measure]})
    return rows


def _deal_rates(deals, units, published, weights) -> dict[tuple[str, str], np.ndarray]:
    """Each deal's published and calibrated CPM, click-through and conversion rate, and the
    history weight of each."""
    cells = deals[["market", "platform", "tier"]].fillna("").reset_index(drop=True)
    every = pd.concat([cells.assign(metric=metric) for metric in METRICS], ignore_index=True)
    found = estimate(units, published, every, weights)
    rates = {}
    for metric in METRICS:
        rows = found[found["metric"] == metric]
        for kind in ("published", "estimate", "history_weight"):
            rates[(metric, kind)] = rows[kind].to_numpy(float)
    return rates


def _history_share(rates: dict, fee: np.ndarray) -> dict[str, float]:
    """How much of each calibrated forecast is history: the CPM's weight for fees and
    impressions, the mean weight of the three rates for conversions; weighted by fee."""
    if not len(fee) or fee.sum() <= 0:
        return dict.fromkeys(MEASURES, np.nan)
    cpm = rates[("cpm", "history_weight")]
    chain = np.mean([rates[(metric, "history_weight")] for metric in METRICS], axis=0)
    return {
        "fees": float(np.average(cpm, weights=fee)),
        "impressions": float(np.average(cpm, weights=fee)),
        "conversions": float(np.average(chain, weights=fee)),
    }


def backtest_summary(table: pd.DataFrame) -> pd.DataFrame:
    """The errors across past campaigns, per measure.

    Returns
    -------
    DataFrame
        :data:`SUMMARY_COLUMNS`: ``campaigns`` forecast, the MAPE and bias of the published and
        of the calibrated forecasts, and in how many campaigns the calibrated one was closer.
    """
    rows = []
    for measure in MEASURES:
        errors = table[(table["measure"] == measure)].dropna(
            subset=["published_error", "calibrated_error"]
        )
        if errors.empty:
            continue
        published, calibrated = errors["published_error"], errors["calibrated_error"]
        rows.append(
            {
                "measure": measure,
                "campaigns": len(errors),
                "published_mape": published.abs().mean(),
                "calibrated_mape": calibrated.abs().mean(),
                "published_bias": published.mean(),
                "calibrated_bias": calibrated.mean(),
                "closer": int((calibrated.abs() < published.abs()).sum()),
            }
        )
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
