"""Expected results per deliverable and the fair fee for each (guide chapter 5.1), each format
priced on what it delivers, with its own benchmark and floor in the creator's market."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.core import reference
from helpers.core.campaign import Campaign
from helpers.core.data import FORMATS
from helpers.stages.negotiation.labels import CREATOR_COLUMNS, MAIN_DELIVERABLE
from helpers.stages.negotiation.prices import PriceBook, benchmark_for, price_book
from helpers.stages.negotiation.quotes import fee_working, rate_working
from helpers.stages.negotiation.rates import (
    deliverable_table,
    fee_basis,
    negotiation_rates,
    planning_rates,
)
from helpers.text.i18n import Translator, translator

# --- Expected results -------------------------------------------------------------------------

#: what each format is priced by
PRICED_BY = {
    "feed_post": "impressions",
    "reel": "views",
    "story": "story views",
    "short": "views",
    "long_video": "views",
    "live": "viewer-minutes",
    "link_in_bio": "add-on",
}
VIDEOS = ("reel", "short", "long_video")

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
    format by what it delivers (``deliverables.csv``; ``real`` = the real share, 1 - fake share):

    - **feed post**: ``followers x reach_rate x frequency x real`` impressions;
    - **Story set**: the same with the Story reach rate, counted as story views;
    - **Reel, short, long video**: ``average views x views_share x real`` views, from the
      creator's own posts of that format when ``posts`` has them (a YouTube creator's Shorts,
      not their long videos), else the roster's average views;
    - **live**: ``viewers x real`` live viewers (the creator's average live views on record,
      else ``followers x reach_rate``) for ``duration_minutes``, priced by viewer-minutes;
    - **link in bio**: ``followers x reach_rate x days / 30 x real`` profile visits, an add-on.

    Then ``expected_reach`` = impressions / frequency (a live's or a link's viewers and visitors
    are people); ``expected_engagements = (avg_likes + avg_comments) x engagement_factor x
    real``; ``expected_clicks = impressions x click-through rate x click_factor``;
    ``expected_conversions = clicks x conversion rate``. A video for a creator with no views on
    record is kept with empty results and a ``note``, so nothing disappears silently.

    Returns
    -------
    DataFrame
        One row per creator and deliverable (the columns of :data:`OUTCOME_COLUMNS`).
    """
    formats = deliverable_table(campaign)
    offered = formats.index.get_level_values("deliverable")
    wanted = campaign.negotiation.deliverables or [name for name in FORMATS if name in offered]
    plan = planning_rates(campaign)
    on_record = format_views(posts)
    _ = translator(campaign.language)
    rows = []
    for creator in creators.to_dict("records"):
        for deliverable in wanted:
            if (deliverable, creator["platform"]) not in formats.index:
                continue
            spec = formats.loc[(deliverable, creator["platform"])]
            record = on_record.get((creator["influencer_id"], deliverable))
            rows.append(_one_outcome(creator, deliverable, spec, record, plan, _))
    if not rows:  # nobody to price: the columns stay, with their types
        return pd.DataFrame(columns=OUTCOME_COLUMNS).astype(OUTCOME_TYPES)
    return pd.DataFrame(rows)


def format_views(posts: pd.DataFrame | None) -> dict[tuple[str, str], tuple[float, int]]:
    """Each creator's average views per format on record (posts with views only):
    ``{(influencer_id, format): (average views, posts)}``; empty without a posts table."""
    if posts is None or not len(posts) or "views" not in posts:
        return {}
    seen = posts[posts["views"].astype(float) > 0]
    grouped = seen.groupby(["influencer_id", "format"])["views"].agg(["mean", "size"])
    return {key: (float(row["mean"]), int(row["size"])) for key, row in grouped.iterrows()}


def _one_outcome(
    creator: dict,
    deliverable: str,
    spec: pd.Series,
    record: tuple[float, int] | None,
    plan: dict,
    _: Translator,
) -> dict:
    real = float(creator["real_share"])
    delivered = _delivered(creator, deliverable, spec, record, float(plan["frequency"]))
    if not delivered["gross_impressions"] > 0 and deliverable in VIDEOS:
        delivered |= {"gross_impressions": np.nan, "note": _(
            "no video views on record: cannot estimate a video"
        )}  # fmt: skip
    impressions = delivered["gross_impressions"] * real
    reach = (
        impressions if deliverable in ("live", "link_in_bio") else impressions / plan["frequency"]
    )
    units = impressions * delivered["live_minutes"] if deliverable == "live" else impressions
    views = impressions if deliverable in (*VIDEOS, "story", "live") else 0.0
    engagements = (
        (float(creator["avg_likes"]) + float(creator["avg_comments"]))
        * float(spec["engagement_factor"])
        * real
    )
    ctr = plan["click_through_rate"][creator["platform"]] * float(spec["click_factor"])
    clicks = impressions * ctr
    note = delivered.pop("note")
    return {
        **{k: creator.get(k) for k in CREATOR_COLUMNS},
        "deliverable": deliverable,
        "priced_by": PRICED_BY[deliverable],
        **delivered,
        "real_share": real,
        "expected_impressions": impressions,
        "expected_reach": reach,
        "expected_views": views if not note else np.nan,
        "priced_units": units,
        "expected_engagements": engagements if not note else np.nan,
        "expected_clicks": clicks,
        "expected_conversions": clicks * float(plan["conversion_rate"]),
        "add_on": bool(spec["add_on"]),
        "add_on_share": float(spec["add_on_share"]),
        "note": note,
    }


def _delivered(
    creator: dict,
    deliverable: str,
    spec: pd.Series,
    record: tuple[float, int] | None,
    frequency: float,
) -> dict:
    """What one unit delivers before the real share: ``gross_impressions`` (views, viewers,
    visits), where the figure comes from (``impressions_basis``, ``posts_on_record``), and a
    live's minutes or a link's days."""
    followers = float(creator["followers"])
    out = {"impressions_basis": "followers", "posts_on_record": 0.0, "live_minutes": np.nan,
           "link_days": np.nan, "note": ""}  # fmt: skip
    if deliverable == "live":
        out["live_minutes"] = float(spec["duration_minutes"])
        if record:
            gross = record[0] * float(spec["views_share"])
            out |= {"impressions_basis": "live views", "posts_on_record": float(record[1])}
        else:
            gross = followers * float(spec["reach_rate"])
    elif deliverable == "link_in_bio":
        out["link_days"] = float(spec["days"])
        gross = followers * float(spec["reach_rate"]) * out["link_days"] / 30
    elif pd.notna(spec.get("views_share")):
        if record:
            gross = record[0] * float(spec["views_share"])
            out |= {"impressions_basis": "format views", "posts_on_record": float(record[1])}
        else:
            gross = float(creator["avg_views"]) * float(spec["views_share"])
            out["impressions_basis"] = "average views"
    else:  # feed post, Story set
        gross = followers * float(spec["reach_rate"]) * frequency
    return out | {"gross_impressions": gross}


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
    ``_source``, ``_base``, ``_market_factor`` and ``_format_factor``; and the market's
    ``price_level`` and the platform whose benchmarks price the format (``benchmarks``)."""
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
    own rows (:meth:`.prices.PriceBook.with_rows`, e.g. CPMs calibrated on past campaigns) to
    price with them.

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
    floored = _add_ons(priced, floored, _)
    for name, value in terms_premiums(campaign, rates).items():
        priced[name] = value
    priced["fair_fee"] = floored * priced["terms_multiplier"]
    priced["fee_working"] = [
        fee_working(row, campaign.currency, _) for row in priced.to_dict("records")
    ]
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
