"""Expected results per deliverable and the fair fee for each (guide chapter 5.1)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.core import reference
from helpers.core.campaign import Campaign
from helpers.stages.negotiation.labels import CREATOR_COLUMNS
from helpers.stages.negotiation.rates import (
    benchmark_for,
    benchmark_table,
    deliverable_table,
    fee_basis,
    negotiation_rates,
    planning_rates,
)
from helpers.text.i18n import Translator, translator

# --- Expected results and fair fees -------------------------------------------------------


#: what :func:`expected_outcomes` adds to each creator's columns, and its types: the frame keeps
#: them with no creator to price, so every later step (and page) reads an empty table
OUTCOME_TYPES = {
    "followers": "float64",
    "audience_fit": "float64",
    "composite_score": "float64",
    "past_collaborations": "float64",
    "fake_share_assumed": "bool",
    "deliverable": "object",
    "impressions_basis": "object",
    "gross_impressions": "float64",
    "real_share": "float64",
    "expected_impressions": "float64",
    "expected_reach": "float64",
    "expected_views": "float64",
    "expected_engagements": "float64",
    "expected_clicks": "float64",
    "expected_conversions": "float64",
    "production_multiplier": "float64",
    "note": "object",
}
OUTCOME_COLUMNS = [*CREATOR_COLUMNS, *(c for c in OUTCOME_TYPES if c not in CREATOR_COLUMNS)]


def expected_outcomes(creators: pd.DataFrame, campaign: Campaign) -> pd.DataFrame:
    """Expected results of one unit of each deliverable each creator's platform offers.

    For a follower-based deliverable (feed post, Story set, live, link in bio)::

        gross impressions = followers x reach_rate x frequency

    for a video (Reel, short, long video)::

        gross impressions = average views x views_share

    and then ``expected_impressions = gross impressions x real_share`` (fake followers see
    nothing); ``expected_reach = expected_impressions / frequency``;
    ``expected_engagements = (avg_likes + avg_comments) x engagement_factor x real_share``;
    ``expected_clicks = expected_impressions x click-through rate x click_factor``;
    ``expected_conversions = expected_clicks x conversion rate``.

    A video deliverable for a creator with no video views on record is kept with empty
    results and a ``note``, so nothing disappears silently.

    Returns
    -------
    DataFrame
        One row per creator and deliverable.
    """
    formats = deliverable_table()
    wanted = campaign.negotiation.deliverables or list(formats.index)
    plan = planning_rates(campaign)
    frequency = float(plan["frequency"])
    _ = translator(campaign.language)
    rows = []
    for creator in creators.to_dict("records"):
        for deliverable in wanted:
            spec = formats.loc[deliverable]
            if creator["platform"] not in spec["platforms"]:
                continue
            rows.append(_one_outcome(creator, deliverable, spec, frequency, plan, _))
    if not rows:  # nobody to price: the columns stay, with their types
        return pd.DataFrame(columns=OUTCOME_COLUMNS).astype(OUTCOME_TYPES)
    return pd.DataFrame(rows)


def _one_outcome(
    creator: dict,
    deliverable: str,
    spec: pd.Series,
    frequency: float,
    plan: dict,
    _: Translator,
) -> dict:
    real = float(creator["real_share"])
    by_views = pd.notna(spec.get("views_share"))
    note = ""
    if by_views:
        gross = float(creator["avg_views"]) * float(spec["views_share"])
        basis = "average views"
        if gross <= 0:
            note = _("no video views on record: cannot estimate a video")
            gross = np.nan
    else:
        gross = float(creator["followers"]) * float(spec["reach_rate"]) * frequency
        basis = "followers"
    impressions = gross * real
    reach = impressions / frequency
    if deliverable in ("reel", "short", "long_video", "story"):
        views = impressions
    elif deliverable == "live":
        views = reach
    else:
        views = 0.0
    engagements = (
        (float(creator["avg_likes"]) + float(creator["avg_comments"]))
        * float(spec["engagement_factor"])
        * real
    )
    if by_views and note:
        engagements = np.nan
    ctr = plan["click_through_rate"][creator["platform"]] * float(spec["click_factor"])
    clicks = impressions * ctr
    return {
        **{k: creator.get(k) for k in CREATOR_COLUMNS},
        "deliverable": deliverable,
        "impressions_basis": basis,
        "gross_impressions": gross,
        "real_share": real,
        "expected_impressions": impressions,
        "expected_reach": reach,
        "expected_views": views if not note else np.nan,
        "expected_engagements": engagements,
        "expected_clicks": clicks,
        "expected_conversions": clicks * float(plan["conversion_rate"]),
        "production_multiplier": float(spec["production_multiplier"]),
        "note": note,
    }


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


def rate_card_floors(campaign: Campaign, share: float) -> pd.DataFrame:
    """The lowest fee a creator is offered per post: ``share`` x the bottom of the published
    price range for their platform and tier (``post_prices.csv``), in the campaign currency.

    Returns
    -------
    DataFrame
        ``platform``, ``tier``, ``rate_card_floor`` and ``floor_source``.
    """
    prices = reference.post_price_ranges()
    prices = prices[(prices["unit"] == "per_post") & prices["low"].notna()]
    rows = []
    for price in prices.itertuples():
        rate, rate_date = reference.fx_rate(price.currency, campaign.currency)
        rows.append(
            {
                "platform": price.platform,
                "tier": price.tier,
                "rate_card_floor": share * float(price.low) * rate,
                "floor_source": (
                    f"{price.source} ({price.year}): {price.currency} {price.low:,.0f} at "
                    f"{rate:.4f} on {rate_date}"
                ),
            }
        )
    return pd.DataFrame(rows, columns=["platform", "tier", "rate_card_floor", "floor_source"])


def fair_fees(outcomes: pd.DataFrame, campaign: Campaign) -> pd.DataFrame:
    """Price every deliverable::

        base fee = expected impressions / 1,000 x CPM   (or expected engagements x CPE)
        fair fee = max(base fee, rate-card floor) x production multiplier x (1 + premiums)

    The rate-card floor is the bottom of the published price range per post for the creator's
    platform and tier (x ``rate_card_floor`` in ``negotiation_rates.csv``; 0 turns it off):
    no creator is offered less than the cheapest published rate. A deliverable that earns no
    engagements (a link in bio) is priced by CPM even when the campaign prices engagements.
    Every factor is a column, and ``fee_working`` spells the sum.

    Returns
    -------
    DataFrame
        ``outcomes`` plus ``cpm``, ``cpm_source``, ``cpe``, ``cpe_source``, ``fee_by_cpm``,
        ``fee_by_cpe``, ``fee_basis``, ``base_fee``, ``rate_card_floor``, ``floor_source``,
        ``floor_applied``, the premiums, ``terms_multiplier``, ``fair_fee`` and
        ``fee_working`` (all money in the campaign currency).
    """
    table = benchmark_table(campaign)
    priced = outcomes.copy()
    pairs = priced[["platform", "market"]].drop_duplicates()
    for metric in ("cpm", "cpe"):
        found = {
            (p, m): benchmark_for(table, p, m, metric) for p, m in pairs.itertuples(index=False)
        }
        keys = list(zip(priced["platform"], priced["market"], strict=True))
        priced[metric] = [float(found[key]["value"]) for key in keys]
        priced[f"{metric}_source"] = [str(found[key]["source"]) for key in keys]
    priced["fee_by_cpm"] = priced["expected_impressions"] / 1000 * priced["cpm"]
    priced["fee_by_cpe"] = priced["expected_engagements"] * priced["cpe"]
    basis = fee_basis(campaign)
    use_cpm = (basis == "cpm") | ~(priced["fee_by_cpe"] > 0)
    priced["fee_basis"] = np.where(use_cpm, "cpm", "cpe")
    priced["base_fee"] = np.where(use_cpm, priced["fee_by_cpm"], priced["fee_by_cpe"])
    floors = rate_card_floors(campaign, negotiation_rates(campaign)["rate_card_floor"])
    priced = priced.drop(columns=["rate_card_floor", "floor_source"], errors="ignore").merge(
        floors, on=["platform", "tier"], how="left", validate="many_to_one"
    )
    priced["floor_applied"] = priced["rate_card_floor"] > priced["base_fee"]
    floored = priced["base_fee"].where(~priced["floor_applied"], priced["rate_card_floor"])
    for name, value in terms_premiums(campaign).items():
        priced[name] = value
    priced["fair_fee"] = floored * priced["production_multiplier"] * priced["terms_multiplier"]
    priced["fee_working"] = [
        _working(row, campaign.currency, translator(campaign.language))
        for row in priced.to_dict("records")
    ]
    return priced


def _working(row: dict, currency: str, _: Translator) -> str:
    """The fee sum in words, e.g. ``8,931 impressions x 80% real = 7,145; / 1,000 x EUR 7.70
    CPM = EUR 55.02; x 1.2 format = EUR 66.02; x 1.45 terms = EUR 95.73``."""
    if not pd.notna(row["fair_fee"]):
        return row.get("note") or _("not priced")
    text = f"{_base_working(row, currency, _)} = {_.money(row['base_fee'], currency, 2)}"
    fee = row["base_fee"]
    if row["floor_applied"]:
        fee = row["rate_card_floor"]
        text += _(
            "; raised to the rate-card minimum for a {tier} post, {fee}",
            tier=row["tier"],
            fee=_.money(fee, currency, 2),
        )
    if row["production_multiplier"] != 1:
        fee *= row["production_multiplier"]
        text += _(
            "; x {multiplier} format = {fee}",
            multiplier=_.plain_number(row["production_multiplier"]),
            fee=_.money(fee, currency, 2),
        )
    if row["terms_multiplier"] != 1:
        text += _(
            "; x {multiplier} terms ({premiums}) = {fee}",
            multiplier=_.number(row["terms_multiplier"], 2),
            premiums=_premiums_working(row, _),
            fee=_.money(row["fair_fee"], currency, 2),
        )
    return text


def _base_working(row: dict, currency: str, _: Translator) -> str:
    """The first step of the sum: results x real share x the CPM or CPE."""
    real = _("{share} real", share=_.percent(row["real_share"], 0))
    if row["fee_basis"] == "cpm":
        return _(
            "{gross} impressions x {real} = {impressions}; / 1,000 x {cpm} CPM",
            gross=_.number(row["gross_impressions"]),
            real=real,
            impressions=_.number(row["expected_impressions"]),
            cpm=_.money(row["cpm"], currency, 2),
        )
    return _(
        "{engagements} engagements ({real}) x {cpe} CPE",
        engagements=_.number(row["expected_engagements"]),
        real=real,
        cpe=_.money(row["cpe"], currency, 2),
    )


def _premiums_working(row: dict, _: Translator) -> str:
    """The premiums in force, ``usage +30%, exclusivity +15%``."""
    parts = [
        _("usage +{share}", share=_.percent(row["usage_premium"], 0))
        if row["usage_premium"]
        else "",
        _("exclusivity +{share}", share=_.percent(row["exclusivity_premium"], 0))
        if row["exclusivity_premium"]
        else "",
        _("rush +{share}", share=_.percent(row["rush_premium"], 0)) if row["rush_premium"] else "",
    ]
    return ", ".join(p for p in parts if p)
