"""Expected results per deliverable and the fair fee for each (guide chapter 5.1), each format
priced on what it delivers, with its own benchmark and floor in the creator's market."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.core import reference
from helpers.core.campaign import Campaign
from helpers.core.deliverables import (
    NO_VIEWS,
    creator_deliverables,
    deliverable_table,
    format_views,
    unit_outcomes,
)
from helpers.stages.negotiation.labels import CREATOR_COLUMNS, MAIN_DELIVERABLE
from helpers.stages.negotiation.prices import PriceBook, benchmark_for, price_book
from helpers.stages.negotiation.quotes import fee_working, rate_working
from helpers.stages.negotiation.rates import (
    fee_basis,
    negotiation_rates,
    planning_rates,
)
from helpers.text.i18n import Translator, translator

# --- Expected results -------------------------------------------------------------------------

#: what :func:`expected_outcomes` adds to each creator's columns, and its types: the frame keeps
#: them with no creator to price, so every later step (and page) reads an empty table
OUTCOME_TYPES = {
    "followers": "float64",
    "audience_fit": "float64",
    "composite_score": "float64",
    "past_collaborations": "float64",
    "fake_share_assumed": "bool",
    "deliverable": "object",
    "priced_by": "object",
    "impressions_basis": "object",
    "posts_on_record": "float64",
    "gross_impressions": "float64",
    "real_share": "float64",
    "expected_impressions": "float64",
    "expected_reach": "float64",
    "expected_views": "float64",
    "live_minutes": "float64",
    "link_days": "float64",
    "priced_units": "float64",
    "expected_engagements": "float64",
    "expected_clicks": "float64",
    "expected_conversions": "float64",
    "add_on": "bool",
    "add_on_share": "float64",
    "note": "object",
}
OUTCOME_COLUMNS = [*CREATOR_COLUMNS, *(c for c in OUTCOME_TYPES if c not in CREATOR_COLUMNS)]


def expected_outcomes(
    creators: pd.DataFrame, campaign: Campaign, posts: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Expected results of one unit of each deliverable each creator's platform offers, each
    format by what it delivers: :func:`helpers.core.deliverables.unit_outcomes`, the arithmetic
    the goals stage's supply shares (``deliverables.csv`` with the campaign's
    ``negotiation.formats``; the planning rates with its ``assumptions``).

    A video for a creator with no views on record is kept with empty results and a ``note``,
    so nothing disappears silently.

    Returns
    -------
    DataFrame
        One row per creator and deliverable (the columns of :data:`OUTCOME_COLUMNS`).
    """
    formats = deliverable_table(campaign)
    pairs = creator_deliverables(creators, formats, campaign.negotiation.deliverables)
    if not len(pairs):  # nobody to price: the columns stay, with their types
        return pd.DataFrame(columns=OUTCOME_COLUMNS).astype(OUTCOME_TYPES)
    found = unit_outcomes(pairs, formats, planning_rates(campaign), format_views(posts))
    _ = translator(campaign.language)
    found["note"] = found["note"].replace(
        {NO_VIEWS: _("no video views on record: cannot estimate a video")}
    )
    return found.reindex(columns=OUTCOME_COLUMNS)


# --- Premiums ---------------------------------------------------------------------------------


def terms_premiums(campaign: Campaign, rates: dict[str, float] | None = None) -> dict:
    """The premiums for the campaign's deal terms, as shares of the base fee.

    ``usage = months x (paid per month if paid amplification else organic per month)``,
    ``exclusivity = days / 30 x per 30 days``, ``rush`` when asked for. They add up: the fee
    is multiplied by ``1 + usage + exclusivity + rush`` (guide chapter 5.1: USD 300 with three
    months of paid usage and 30 days' exclusivity is 300 + 90 + 45 = USD 435).
    """
    rates = rates or negotiation_rates(campaign)
    terms = campaign.negotiation
    per_month = rates["usage_paid_per_month" if terms.paid_usage else "usage_organic_per_month"]
    usage = terms.usage_months * per_month
    exclusivity = terms.exclusivity_days / 30 * rates["exclusivity_per_30_days"]
    rush = rates["rush"] if terms.rush else 0.0
    return {
        "usage_premium": usage,
        "exclusivity_premium": exclusivity,
        "rush_premium": rush,
        "terms_multiplier": 1 + usage + exclusivity + rush,
    }


# --- Benchmarks and floors per row ------------------------------------------------------------


def rate_card_floors(campaign: Campaign, share: float, market: str = "") -> pd.DataFrame:
    """The lowest fee a creator in ``market`` is offered per post: ``share`` x the bottom of the
    published price range for their platform and tier (``post_prices.csv``), in the campaign
    currency, moved to the market by its price level (unadjusted with no market or no index).

    Returns
    -------
    DataFrame
        ``platform``, ``tier``, ``rate_card_floor`` and ``floor_source``.
    """
    book = price_book(campaign, negotiation_rates(campaign))
    prices = reference.post_price_ranges()
    prices = prices[(prices["unit"] == "per_post") & prices["low"].notna()]
    rows = []
    for price in prices.itertuples():
        found = benchmark_for(book, price.platform, market, "floor", price.tier)
        rows.append(
            {
                "platform": price.platform,
                "tier": price.tier,
                "rate_card_floor": share * found["value"],
                "floor_source": found["source"],
            }
        )
    return pd.DataFrame(rows, columns=["platform", "tier", "rate_card_floor", "floor_source"])


#: the columns :func:`_with_benchmarks` adds: per metric the figure in force for the row's
#: market and format, its source, and what it was made of
BENCHMARK_COLUMNS = (
    "value", "source", "base", "market_factor", "format_factor", "moved", "moved_from"
)  # fmt: skip


def _with_benchmarks(priced: pd.DataFrame, book: PriceBook) -> pd.DataFrame:
    """``cpm``, ``cpe``, ``format_floor`` and ``market_minimum`` for every row, each with its
    ``_source``, ``_base``, ``_market_factor`` and ``_format_factor``; ``cpm_deals``,
    ``cpm_weight`` and ``cpm_published`` for a CPM calibrated on past campaigns (0, NaN, NaN
    otherwise); and the market's ``price_level`` and the platform whose benchmarks price the
    format (``benchmarks``)."""
    keys = list(
        zip(priced["platform"], priced["market"], priced["tier"].astype(str),
            priced["deliverable"], strict=True)
    )  # fmt: skip
    names = {"cpm": "cpm", "cpe": "cpe", "floor": "format_floor", "minimum": "market_minimum"}
    looked = {}
    for key in dict.fromkeys(keys):
        platform, market, tier, deliverable = key
        for metric in names:
            looked[(*key, metric)] = benchmark_for(
                book, platform, market, metric, tier, deliverable
            )
    columns = {}
    for metric, name in names.items():
        found = [looked[(*key, metric)] for key in keys]
        columns[name] = [float(f["value"]) for f in found]
        for part in BENCHMARK_COLUMNS[1:]:
            columns[f"{name}_{part}"] = [f[part] for f in found]
    first = [looked[(*key, "cpm")] for key in keys]
    for part in ("deals", "weight", "published"):  # a CPM calibrated on past campaigns
        columns[f"cpm_{part}"] = [f[part] for f in first]
    columns["price_level"] = [float(f["price_level"]) for f in first]
    columns["benchmarks"] = [f["benchmarks"] for f in first]
    return priced.assign(**columns)


# --- Fair fees --------------------------------------------------------------------------------


def fair_fees(
    outcomes: pd.DataFrame, campaign: Campaign, book: PriceBook | None = None
) -> pd.DataFrame:
    """Price every deliverable on its own terms, in the creator's market::

        base fee  = units / 1,000 x the format's CPM in the market   (or engagements x CPE)
        floor     = max(format floor, market minimum)                 (standalone deliverables)
        fair fee  = max(base fee, floor) x (1 + premiums)

    The format's CPM is the platform's (``media_costs.csv``) x the market's price level / 100
    x the format's ``cpm_factor``; units are impressions (feed post), views (Reel, short, long
    video), story views, or viewer-minutes (a live: viewers x minutes, always by CPM). The
    format floor is the bottom of the published price range for the platform and tier x the
    format's ``floor_share``, moved to the market; the market minimum is the lowest published
    fee in a market (Latvia's, moved to other markets by price level) for creators from
    ``market_minimum_followers``; both x ``rate_card_floor`` (0 turns them off). A Short is
    capped at ``short_cap_share`` x the same creator's long video, so it always costs less. A
    link in bio is an add-on: ``add_on_share x days / 30`` x the creator's main deliverable
    (before premiums). Every factor is a column; ``fee_working`` spells the sum.

    ``book`` (default: :func:`.prices.price_book` of the campaign) is where every benchmark is
    read, through :func:`.prices.benchmark_for`: pass one with a market's, tier's or format's
    own rows (:meth:`.prices.PriceBook.with_rows`, e.g. the CPMs the campaign's history
    calibrates, :func:`.calibration.calibrated_book`) to price with them.

    Returns
    -------
    DataFrame
        ``outcomes`` plus the benchmark columns (``cpm``, ``cpe``, ``format_floor``,
        ``market_minimum``, each with ``_source``, ``_base``, ``_market_factor``,
        ``_format_factor``; ``price_level``, ``benchmarks``), ``cpm_working`` and
        ``cpe_working`` (the rate in words), ``fee_by_cpm``, ``fee_by_cpe``, ``fee_basis``
        (cpm, cpe or add_on), ``base_fee``, ``rate_card_floor``, ``floor_source``,
        ``floor_applied``, ``short_cap``, ``capped``, the premiums, ``terms_multiplier``,
        ``fair_fee`` and ``fee_working`` (all money in the campaign currency).
    """
    rates = negotiation_rates(campaign)
    priced, floored = fees_before_terms(outcomes, campaign, book)
    return fees_on_terms(priced, floored, campaign, rates)


def fees_before_terms(
    outcomes: pd.DataFrame, campaign: Campaign, book: PriceBook | None = None
) -> tuple[pd.DataFrame, pd.Series]:
    """The part of :func:`fair_fees` the deal terms do not change: every benchmark, the base fee,
    the floors, a Short's cap and an add-on's share (the columns of :func:`fair_fees` up to
    ``capped`` and ``main_fee``), and the fee those make before the premiums.

    Returns
    -------
    tuple
        The priced rows and the fee before premiums (a Series aligned with them);
        :func:`fees_on_terms` adds the premiums.
    """
    rates = negotiation_rates(campaign)
    book = book if book is not None else price_book(campaign, rates)
    _ = translator(campaign.language)
    priced = _with_benchmarks(outcomes.copy(), book)
    for metric in ("cpm", "cpe"):
        priced[f"{metric}_working"] = [
            rate_working(row, metric, campaign.currency, _) for row in priced.to_dict("records")
        ]
    priced["fee_by_cpm"] = priced["priced_units"] / 1000 * priced["cpm"]
    priced["fee_by_cpe"] = priced["expected_engagements"] * priced["cpe"]
    use_cpm = (
        (fee_basis(campaign) == "cpm")
        | ~(priced["fee_by_cpe"] > 0)
        | (priced["priced_by"] == "viewer-minutes")
    )
    priced["fee_basis"] = np.where(priced["add_on"], "add_on", np.where(use_cpm, "cpm", "cpe"))
    priced["base_fee"] = np.where(use_cpm, priced["fee_by_cpm"], priced["fee_by_cpe"])
    floored = _floors(priced, rates)
    floored = _short_cap(priced, floored, rates)
    return priced, _add_ons(priced, floored, _)


def fees_on_terms(
    priced: pd.DataFrame,
    floored: pd.Series,
    campaign: Campaign,
    rates: dict[str, float] | None = None,
    words: bool = True,
) -> pd.DataFrame:
    """:func:`fees_before_terms` with the campaign's deal terms: the premiums
    (:func:`terms_premiums`), ``terms_multiplier``, ``fair_fee`` and ``fee_working`` (the sum in
    words; empty when ``words`` is False, for a what-if that only needs the figures).

    ``priced`` is not changed: a what-if prices the same rows on other terms.
    """
    priced = priced.copy()
    for name, value in terms_premiums(campaign, rates).items():
        priced[name] = value
    priced["fair_fee"] = floored * priced["terms_multiplier"]
    _ = translator(campaign.language)
    priced["fee_working"] = (
        [fee_working(row, campaign.currency, _) for row in priced.to_dict("records")]
        if words
        else ""
    )
    return priced


def _floors(priced: pd.DataFrame, rates: dict[str, float]) -> pd.Series:
    """Sets ``rate_card_floor`` (the higher of the format floor and, from
    ``market_minimum_followers``, the market minimum, x ``rate_card_floor``), ``floor_source``,
    ``floor_kind`` (format or market) and ``floor_applied``; returns the floored base fees."""
    share = float(rates["rate_card_floor"])
    standalone = ~priced["add_on"].astype(bool)
    minimum_applies = standalone & (priced["followers"] >= rates["market_minimum_followers"])
    fmt = (share * priced["format_floor"]).where(standalone)
    market = (share * priced["market_minimum"]).where(minimum_applies)
    by_market = market.fillna(-1) > fmt.fillna(-1)
    priced["rate_card_floor"] = fmt.where(~by_market, market)
    priced["floor_kind"] = np.where(by_market, "market", "format")
    priced["floor_source"] = priced["format_floor_source"].where(
        ~by_market, priced["market_minimum_source"]
    )
    priced.loc[priced["rate_card_floor"].isna(), ["floor_kind", "floor_source"]] = ""
    priced["floor_applied"] = (priced["rate_card_floor"] > priced["base_fee"]).fillna(False)
    return priced["base_fee"].where(~priced["floor_applied"], priced["rate_card_floor"])


def _short_cap(priced: pd.DataFrame, floored: pd.Series, rates: dict[str, float]) -> pd.Series:
    """A Short costs at most ``short_cap_share`` x the same creator's long video: sets
    ``long_video_fee``, ``short_cap`` and ``capped``."""
    long_video = priced["deliverable"] == "long_video"
    long_fee = pd.Series(floored[long_video].values, index=priced.loc[long_video, "influencer_id"])
    long_fee = long_fee[~long_fee.index.duplicated()]
    short = priced["deliverable"] == "short"
    priced["long_video_fee"] = priced["influencer_id"].map(long_fee).where(short)
    priced["short_cap"] = rates["short_cap_share"] * priced["long_video_fee"]
    priced["capped"] = (floored > priced["short_cap"]).fillna(False)
    return floored.where(~priced["capped"], priced["short_cap"])


def _add_ons(priced: pd.DataFrame, floored: pd.Series, _: Translator) -> pd.Series:
    """An add-on (a link in bio) is ``add_on_share x days / 30`` x the creator's main
    deliverable before premiums: sets its ``base_fee`` (``main_fee`` is what it is a share of)."""
    main = priced["deliverable"] == priced["platform"].map(MAIN_DELIVERABLE)
    main_fee = pd.Series(floored[main].values, index=priced.loc[main, "influencer_id"])
    main_fee = main_fee[~main_fee.index.duplicated()]
    priced["main_fee"] = priced["influencer_id"].map(main_fee).where(priced["add_on"])
    add_on = priced["add_on"].astype(bool)
    fee = priced["main_fee"] * priced["add_on_share"] * priced["link_days"] / 30
    priced.loc[add_on, "base_fee"] = fee[add_on]
    unpriced = add_on & priced["main_fee"].isna()
    note = _("an add-on: the main deliverable has no fee to add it to")
    priced.loc[unpriced & (priced["note"].fillna("") == ""), "note"] = note
    return floored.where(~add_on, fee)
