"""What a deliverable is priced from: each format's parameters (``deliverables.csv``), each
market's price level (``price_levels.csv``), and the one lookup every CPM, CPE, price floor and
market minimum goes through, :func:`benchmark_for`.

Published figures are mostly US or global USD figures. They are moved to a creator's market
with Eurostat's price level index of household consumption (EU27_2020 = 100): a market at index
85.1 pays 0.851 x a figure taken at the EU average (``published_price_level`` in
``negotiation_rates.csv``). A market with no index on file gets the published figure unadjusted,
and the page says so. A figure that is a market's own (the campaign's ``negotiation.benchmarks``
for one market, a calibrated figure from the agency's history) is never moved again, and a
figure given for one format is never scaled by the format's factor.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers.core import reference
from helpers.core.campaign import Campaign
from helpers.core.campaign.fields import check_country
from helpers.core.deliverables import (  # noqa: F401  (the package's names)
    FORMAT_PARAMETERS,
    deliverable_table,
)
from helpers.core.errors import InputError, problem

#: the metrics :func:`benchmark_for` reads, and the format parameter that scales each
METRICS = {"cpm": "cpm_factor", "cpe": "cpm_factor", "floor": "floor_share", "minimum": None}
CAMPAIGN_FILE = "campaign file"


def _is_number(value: object) -> bool:
    """A finite number (not a bool, not text)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and np.isfinite(value)


# --- Price levels -----------------------------------------------------------------------------


def price_level_table(
    campaign: Campaign | None = None, overrides: dict[str, object] | None = None
) -> pd.DataFrame:
    """Each market's price level (``price_levels.csv``), with the campaign's overrides.

    Parameters
    ----------
    campaign : Campaign, optional
        Its ``negotiation.price_levels`` (market code to index, EU27_2020 = 100) replace or add
        markets.
    overrides : dict, optional
        The same, given directly (wins over the campaign's).

    Returns
    -------
    DataFrame
        Indexed by ``market``: ``index``, ``base``, ``measures``, ``source``, ``year``.

    Raises
    ------
    InputError
        One line per override that is not a country code or not an index above 0 (the campaign
        schema checks the campaign's; ``overrides`` are checked here).
    """
    table = reference.reference_table("price_levels").set_index("market")
    if overrides is None and campaign is not None:
        overrides = campaign.negotiation.price_levels
    for market, value in _price_level_overrides(overrides or {}).items():
        table.loc[market] = {
            "index": value,
            "base": "EU27_2020 = 100",
            "measures": "price level of household consumption",
            "source": f"{CAMPAIGN_FILE} (negotiation.price_levels)",
            "year": np.nan,
        }
    return table


def _price_level_overrides(given: dict[str, object]) -> dict[str, float]:
    """The overrides checked: all problems at once, one line each."""
    problems, checked = [], {}
    example = "e.g. Denmark 148.6, Poland 60.7"
    for market, value in dict(given).items():
        where = f"negotiation.price_levels.{market}"
        try:
            code = check_country(str(market))
        except ValueError as error:
            problems.append(problem(CAMPAIGN_FILE, where, str(error)))
            continue
        if not _is_number(value) or float(value) <= 0:
            what = (
                f"{value!r} is not a price level (a number above 0 on the EU27_2020 = 100 scale, "
                f"{example})"
            )
            problems.append(problem(CAMPAIGN_FILE, where, what))
            continue
        checked[code] = float(value)
    if problems:
        raise InputError(problems)
    return checked


# --- The price book: benchmarks, price levels and formats together ------------------------------


@dataclass
class PriceBook:
    """Everything a fee is read from, in the campaign currency: the benchmark rows
    (:func:`benchmark_table`), the price levels (:func:`price_level_table`), the formats
    (:func:`deliverable_table`) and the price level the published figures are taken at.

    :meth:`with_rows` adds rows (a market's, a tier's or a format's own figures, e.g. calibrated
    on past campaigns): the most specific row wins in :func:`benchmark_for`, later rows before
    earlier ones.
    """

    benchmarks: pd.DataFrame
    levels: pd.DataFrame
    formats: pd.DataFrame
    published_level: float
    currency: str
    _rows: dict = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._rows = {}
        for order, row in enumerate(self.benchmarks.to_dict("records")):
            self._rows.setdefault((row["platform"], row["metric"]), []).append(
                row | {"order": order}
            )

    def with_rows(self, rows: pd.DataFrame) -> PriceBook:
        """A copy with ``rows`` (the columns of :func:`benchmark_table`; a calibrated row also
        ``deals``, ``weight`` and ``published``) added after these."""
        table = pd.concat([self.benchmarks, rows], ignore_index=True)
        return PriceBook(table, self.levels, self.formats, self.published_level, self.currency)

    def price_level(self, market: str) -> tuple[float, str]:
        """The market's index and a short citation (``Eurostat, 2022``; the full source is in
        :func:`price_level_table`), or NaN and "" when none is on file."""
        if market in self.levels.index:
            row = self.levels.loc[market]
            year = f", {int(row['year'])}" if pd.notna(row["year"]) else ""
            return float(row["index"]), f"{str(row['source']).split(',')[0]}{year}"
        return np.nan, ""

    def market_factor(self, market: str) -> float:
        """What a published figure is multiplied by in the market: index / published level, 1
        without an index on file."""
        index, _source = self.price_level(market)
        return index / self.published_level if pd.notna(index) else 1.0


def price_book(campaign: Campaign, rates: dict[str, float]) -> PriceBook:
    """The campaign's :class:`PriceBook` (``rates``: :func:`.rates.negotiation_rates`)."""
    return PriceBook(
        benchmark_table(campaign),
        price_level_table(campaign),
        deliverable_table(campaign),
        float(rates["published_price_level"]),
        campaign.currency,
    )


def benchmark_table(campaign: Campaign) -> pd.DataFrame:
    """The benchmark rows in the campaign currency, before any market or format is applied.

    - ``cpm`` and ``cpe`` per platform: ``media_costs.csv`` (purpose ``buying``), converted at
      the dated ECB rate; ``assumptions.cpm`` / ``assumptions.cpe`` replace a platform's, and
      ``negotiation.benchmarks`` rows replace it for one market or all;
    - ``floor`` per platform and tier: the lowest published price per post (``post_prices.csv``);
    - ``minimum`` per market: the lowest published fee in a market (``post_prices.csv`` rows with
      a market, e.g. Latvia's EUR 50 per campaign).

    Returns
    -------
    DataFrame
        ``platform``, ``market`` and ``tier`` and ``deliverable`` (empty: all), ``metric``,
        ``value``, ``own`` (a market's or the campaign's own figure: never moved by a price
        level) and ``source``.
    """
    rows = []
    for cost in reference.media_costs("buying").itertuples():
        rate, rate_date = reference.fx_rate(cost.currency, campaign.currency)
        converted = f"{cost.currency} {cost.typical:g} at {rate:.4f} on {rate_date}"
        source = f"{cost.source} ({cost.year}); {converted}"
        rows.append(_row(cost.platform, cost.metric, float(cost.typical) * rate, source))
    prices = reference.post_price_ranges()
    for price in prices[prices["low"].notna()].itertuples():
        rate, rate_date = reference.fx_rate(price.currency, campaign.currency)
        source = (
            f"{price.source} ({price.year}): {price.currency} {price.low:,.0f} at {rate:.4f} on "
            f"{rate_date}"
        )
        if price.unit == "per_post":
            rows.append(_row(price.platform, "floor", price.low * rate, source, tier=price.tier))
        elif isinstance(price.market, str) and price.market:
            rows.append(_row("all", "minimum", price.low * rate, source, market=price.market,
                             own=True))  # fmt: skip
    note = campaign.assumptions.source or CAMPAIGN_FILE
    for metric in ("cpm", "cpe"):
        for platform, value in getattr(campaign.assumptions, metric).items():
            source = f"{note} (assumptions.{metric})"
            rows.append(_row(platform, metric, float(value), source, own=True))
    for override in campaign.negotiation.benchmarks:
        for metric in ("cpm", "cpe"):
            value = getattr(override, metric)
            if value is not None:
                source = f"{override.source} (negotiation.benchmarks)"
                market = override.market or ""
                rows.append(_row(override.platform, metric, float(value), source, market, own=True))
    return pd.DataFrame(rows, columns=list(_row("", "", 0.0, "")))


def _row(
    platform: str,
    metric: str,
    value: float,
    source: str,
    market: str = "",
    tier: str = "",
    deliverable: str = "",
    own: bool = False,
) -> dict:
    return {
        "platform": platform,
        "market": market,
        "tier": tier,
        "deliverable": deliverable,
        "metric": metric,
        "value": value,
        "own": own,
        "source": source,
    }


def benchmark_for(
    book: PriceBook, platform: str, market: str, metric: str, tier: str = "", deliverable: str = ""
) -> dict:
    """The one lookup of a benchmark for a market, platform, tier and format.

    The most specific row of the book wins (the market's own, then the format's, then the
    tier's; later rows before earlier ones). A published row is moved to the market
    (``x index / published_price_level``; unadjusted where the market has no index) and, when
    it is not the format's own, scaled by the format's factor (``cpm_factor`` for CPM and CPE,
    ``floor_share`` for floors). A format priced with another platform's benchmarks (a YouTube
    Short: TikTok's) reads that platform's rows. A market with no ``minimum`` of its own gets
    another market's, moved by the two markets' price levels.

    Parameters
    ----------
    book : PriceBook
    platform, market, metric, tier, deliverable : str
        ``metric``: cpm, cpe, floor or minimum; empty ``tier`` or ``deliverable``: any.

    Returns
    -------
    dict
        ``value`` (NaN when nothing is on file), ``base`` (before market and format),
        ``price_level`` (the market's index, NaN without one), ``market_factor``,
        ``format_factor``, ``benchmarks`` (the platform whose rows price it), ``moved_from``
        (the market a minimum comes from), ``moved`` (a published figure moved to the market, or
        used unadjusted for want of an index), ``source`` (the row's source and every factor)
        and, for a CPM calibrated on past campaigns, the ``deals`` behind it, the history
        ``weight`` and the ``published`` figure it replaces (0, NaN, NaN otherwise).
    """
    spec = _format_spec(book, deliverable, platform)
    priced_as = str(spec["benchmarks"]) if spec is not None else platform
    if metric == "minimum":
        return _market_minimum(book, market, priced_as)
    row = _most_specific(book, priced_as, metric, market, tier, deliverable)
    level, level_source = book.price_level(market)
    if row is None:
        return _nothing(metric, priced_as, tier, level)
    moves = not row["own"] and row["market"] == ""
    market_factor = book.market_factor(market) if moves else 1.0
    parameter = METRICS[metric]
    scaled = spec is not None and row["deliverable"] == "" and parameter is not None
    format_factor = float(spec[parameter]) if scaled and pd.notna(spec[parameter]) else 1.0
    source = row["source"]
    if moves:
        source += (
            f"; x {market_factor:.3f}: price level {level:g} in {market} ({level_source})"
            if pd.notna(level)
            else f"; no price level for {market} on file: used unadjusted"
        )
    if format_factor != 1:
        source += f"; x {format_factor:g} for a {deliverable.replace('_', ' ')}"
    return {
        "value": row["value"] * market_factor * format_factor,
        "base": row["value"],
        "price_level": level,
        "market_factor": market_factor,
        "format_factor": format_factor,
        "benchmarks": priced_as,
        "moved": moves,
        "moved_from": "",
        "source": source,
        **_history_of(row),
    }


def _history_of(row: dict) -> dict:
    """A calibrated row's ``deals`` behind it, history ``weight`` and the ``published`` figure
    it moved (0, NaN, NaN for a published or campaign figure)."""
    deals = row.get("deals")
    if deals is None or pd.isna(deals):
        return {"deals": 0, "weight": np.nan, "published": np.nan}
    return {"deals": int(deals), "weight": row["weight"], "published": row["published"]}


def _most_specific(
    book: PriceBook, platform: str, metric: str, market: str, tier: str, deliverable: str
) -> dict | None:
    """The row that fits best: the market's own, then the format's, then the tier's; later
    rows before earlier ones; None when no row fits."""
    found = [
        row
        for row in [*book._rows.get((platform, metric), []), *book._rows.get(("all", metric), [])]
        if row["market"] in (market, "")
        and row["tier"] in (tier, "")
        and row["deliverable"] in (deliverable, "")
    ]
    if not found:
        return None
    return max(
        found,
        key=lambda r: (r["market"] != "", r["deliverable"] != "", r["tier"] != "", r["order"]),
    )


def _format_spec(book: PriceBook, deliverable: str, platform: str) -> pd.Series | None:
    if deliverable and (deliverable, platform) in book.formats.index:
        return book.formats.loc[(deliverable, platform)]
    return None


def _nothing(metric: str, platform: str, tier: str, level: float) -> dict:
    what = f"{tier} {platform}" if tier else platform
    return {
        "value": np.nan,
        "base": np.nan,
        "price_level": level,
        "market_factor": np.nan,
        "format_factor": np.nan,
        "benchmarks": platform,
        "moved": False,
        "moved_from": "",
        "source": f"no {metric.upper() if metric in ('cpm', 'cpe') else metric} on file for {what}",
        "deals": 0,
        "weight": np.nan,
        "published": np.nan,
    }


def _market_minimum(book: PriceBook, market: str, platform: str) -> dict:
    """The market's own published minimum, else another market's moved by price level."""
    rows = [
        r for key in ((platform, "minimum"), ("all", "minimum")) for r in book._rows.get(key, [])
    ]
    level, level_source = book.price_level(market)
    if not rows:
        return _nothing("minimum", platform, "", level)
    own = [r for r in rows if r["market"] == market]
    row = own[-1] if own else rows[-1]
    factor, source, origin = 1.0, row["source"], row["market"]
    if not own:
        origin_level, _origin_source = book.price_level(origin)
        if pd.notna(level) and pd.notna(origin_level):
            factor = level / origin_level
            source += (
                f"; moved from {origin} to {market} by price level, {level:g} / {origin_level:g} "
                f"({level_source})"
            )
        else:
            source += f"; {origin}'s minimum used unadjusted: no price level for {market} on file"
    return {
        "value": row["value"] * factor,
        "base": row["value"],
        "price_level": level,
        "market_factor": factor,
        "format_factor": 1.0,
        "benchmarks": platform,
        "moved": not own,
        "moved_from": "" if own else origin,
        "source": source,
        "deals": 0,
        "weight": np.nan,
        "published": np.nan,
    }


def market_benchmarks(
    book: PriceBook, markets: list[str], platforms: list[str], metrics: tuple[str, ...] = ("cpm",)
) -> pd.DataFrame:
    """The platform benchmarks in each market (:func:`benchmark_for`, no format, every tier), as
    a table for those who weigh their own figures against the published ones (``market``,
    ``platform``, ``tier``, ``metric``, ``value``, ``source``; ``tier`` empty: no tier-specific
    CPM is published)."""
    rows = []
    for market in markets:
        for platform in platforms:
            for metric in metrics:
                found = benchmark_for(book, platform, market, metric)
                rows.append(
                    {
                        "market": market,
                        "platform": platform,
                        "tier": "",
                        "metric": metric,
                        "value": found["value"],
                        "source": found["source"],
                    }
                )
    return pd.DataFrame(rows, columns=["market", "platform", "tier", "metric", "value", "source"])
