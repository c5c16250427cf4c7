"""Compensation models (flat, CPM, CPE, CPC, CPA, gifting, hybrid), each costed at low,
expected and high performance, and the priced offers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from helpers.core.campaign import Campaign
from helpers.stages.negotiation.calibration import calibrated_book
from helpers.stages.negotiation.candidates import candidate_creators
from helpers.stages.negotiation.fees import (
    expected_outcomes,
    fees_before_terms,
    fees_on_terms,
)
from helpers.stages.negotiation.labels import (
    MAIN_DELIVERABLE,
    MODELS,
    PER_THOUSAND,
    RISK_WITH,
    kpi_units,
)
from helpers.stages.negotiation.prices import PriceBook
from helpers.stages.negotiation.quotes import convert_quotes, negotiation_ranges
from helpers.stages.negotiation.rates import compensation_model, negotiation_rates, primary_kpi
from helpers.text.i18n import Translator, translator

# --- Compensation models ------------------------------------------------------------------


def model_costs(
    offers: pd.DataFrame,
    model: str,
    campaign: Campaign,
    rates: dict[str, float],
    kpi: str,
    words: bool = True,
) -> pd.DataFrame:
    """What one compensation model costs for each offer at low, expected and high performance.

    Each model is set so that it pays about ``F = planned_fee`` at expected results, plus what
    a creator adds for carrying risk (``risk_premium_split`` for CPM, CPE and hybrid deals,
    ``risk_premium_creator`` for CPC and CPA), then costed at ``performance_low``, 1 and
    ``performance_high`` x the expected results:

    - **flat**: ``F`` whatever happens;
    - **cpm**: ``F x (1 + split) / expected impressions x 1,000`` per 1,000 impressions,
      capped at ``performance_cap x F``;
    - **cpe**: the same per engagement;
    - **cpc**: ``F x (1 + creator) / expected clicks`` per click, no cap;
    - **cpa**: with ``negotiation.average_order_value``: ``commission_rate`` of net sales made
      with the creator's code plus the discount the code gives (``sales / (1 - discount) x
      discount``); without it, ``F x (1 + creator) / expected conversions`` per conversion;
    - **gifting**: the product's market value (``negotiation.product_value``); the creator may
      not post (``gifting_post_probability``), and a gift is still payment that must be
      disclosed;
    - **hybrid**: a base of ``hybrid_base_share x F`` plus a bonus per unit of the primary KPI
      set so that base + bonus = ``F x (1 + split)`` at expected results, capped at
      ``hybrid_cap x F``.

    A model that cannot apply (a CPC deal for a post with no expected clicks) gets empty costs.
    ``words`` False leaves ``model_terms`` empty (a what-if needs only the figures).

    Returns
    -------
    DataFrame
        Aligned with ``offers``: ``model``, ``model_terms``, ``risk_with``, ``cost_low``,
        ``expected_cost``, ``cost_high``, ``kpi_low``, ``kpi_expected``, ``kpi_high``.
    """
    if model not in PRICING:
        raise ValueError(f"unknown compensation model {model!r} (known: {', '.join(MODELS)})")
    deal = Deal(offers, offers["planned_fee"].astype(float), rates, campaign, kpi, words)
    priced = PRICING[model](deal)
    low, high = rates["performance_low"], rates["performance_high"]
    kpi_expected = offers[f"expected_{kpi}"].astype(float)
    return pd.DataFrame(
        {
            "model": model,
            "model_terms": pd.Series(priced.terms, index=offers.index, dtype="str"),
            "risk_with": RISK_WITH[model],
            "cost_low": priced.costs[0],
            "expected_cost": priced.costs[1],
            "cost_high": priced.costs[2],
            "kpi_low": kpi_expected * low * priced.posts,
            "kpi_expected": kpi_expected * priced.posts,
            "kpi_high": kpi_expected * high * priced.posts,
        },
        index=offers.index,
    )


@dataclass
class Deal:
    """What a pricing function needs: the offers, the fee each should pay at expected results
    (``planned_fee``), the rates, the campaign and the primary KPI; ``words`` False: the terms
    are left empty."""

    offers: pd.DataFrame
    fee: pd.Series
    rates: dict[str, float]
    campaign: Campaign
    kpi: str
    words: bool = True

    @property
    def _(self) -> Translator:
        """The campaign's translator."""
        return translator(self.campaign.language)

    def levels(self) -> tuple[float, float, float]:
        """Low, expected and high performance, as multiples of the expected results."""
        return (self.rates["performance_low"], 1.0, self.rates["performance_high"])

    def cash(self, amount: float, decimals: int = 0) -> str:
        """A money figure in the campaign's currency and language."""
        return self._.money(amount, self.campaign.currency, decimals)

    def no_words(self) -> list[str]:
        """The terms of a deal priced without words: empty, one per offer."""
        return [""] * len(self.offers)


class Pricing(NamedTuple):
    """A model's costs at low, expected and high performance, its terms in words (one per
    offer) and the share of offers that end in a post (below 1 only for gifting)."""

    costs: list[pd.Series]
    terms: list[str]
    posts: float = 1.0


def _flat(deal: Deal) -> Pricing:
    """Flat fee: ``F`` whatever happens."""
    if not deal.words:
        return Pricing([deal.fee, deal.fee, deal.fee], deal.no_words())
    terms = [deal._("{fee} fixed", fee=deal.cash(f)) if pd.notna(f) else "" for f in deal.fee]
    return Pricing([deal.fee, deal.fee, deal.fee], terms)


def _per_result(deal: Deal, result: str, per: float, premium: str, capped: bool) -> Pricing:
    """Pay per unit of one result (per 1,000 impressions, per engagement, per click), set so
    that it pays ``F x (1 + premium)`` at expected results, capped at ``performance_cap x F``
    when ``capped``."""
    _ = deal._
    units = deal.offers[f"expected_{result}"].astype(float) / per
    rate = deal.fee * (1 + deal.rates[premium]) / units.where(units > 0)
    cap = deal.rates["performance_cap"] * deal.fee if capped else None
    costs = [rate * units * level for level in deal.levels()]
    if cap is not None:
        costs = [c.clip(upper=cap) for c in costs]
    if not deal.words:
        return Pricing(costs, deal.no_words())
    unit = kpi_units(_)[result]
    terms = []
    for r, c in zip(rate, cap if cap is not None else [None] * len(rate), strict=True):
        if not pd.notna(r):
            terms.append("")
        elif c is None:
            terms.append(_("{rate} per {unit}", rate=deal.cash(r, 2), unit=unit))
        else:
            terms.append(
                _(
                    "{rate} per {unit}, capped at {cap}",
                    rate=deal.cash(r, 2),
                    unit=unit,
                    cap=deal.cash(c),
                )
            )
    return Pricing(costs, terms)


def _cpm(deal: Deal) -> Pricing:
    """CPM: ``F x (1 + split) / expected impressions x 1,000`` per 1,000, capped."""
    return _per_result(deal, "impressions", 1000.0, "risk_premium_split", capped=True)


def _cpe(deal: Deal) -> Pricing:
    """CPE: the same per engagement."""
    return _per_result(deal, "engagements", 1.0, "risk_premium_split", capped=True)


def _cpc(deal: Deal) -> Pricing:
    """CPC: ``F x (1 + creator) / expected clicks`` per click, no cap."""
    return _per_result(deal, "clicks", 1.0, "risk_premium_creator", capped=False)


def _cpa(deal: Deal) -> Pricing:
    """CPA / affiliate: a commission on sales with the creator's code plus the code's discount
    when the campaign gives an average order value; else a fee per conversion."""
    _ = deal._
    conversions = deal.offers["expected_conversions"].astype(float)
    order_value = deal.campaign.negotiation.average_order_value
    if not order_value:
        return _per_result(deal, "conversions", 1.0, "risk_premium_creator", capped=False)
    commission, discount = deal.rates["commission_rate"], deal.rates["discount_rate"]
    per_conversion = order_value * commission + order_value / (1 - discount) * discount
    rate = pd.Series(per_conversion, index=deal.offers.index)
    terms = _(
        "{commission} commission on net sales with the creator's code, plus the "
        "{discount} code discount ({per_order} per order)",
        commission=_.percent(commission, 0),
        discount=_.percent(discount, 0),
        per_order=deal.cash(per_conversion, 2),
    )
    costs = [rate * conversions * level for level in deal.levels()]
    return Pricing(costs, [terms] * len(deal.offers))


def _gifting(deal: Deal) -> Pricing:
    """Gifting: the product's market value; the creator may not post, and a gift is still
    payment that must be disclosed."""
    _ = deal._
    value = float(deal.campaign.negotiation.product_value)
    label = (
        _("product worth {value}", value=deal.cash(value))
        if value
        else _("product (set negotiation.product_value)")
    )
    terms = _("{product}; still payment: the post must be disclosed", product=label)
    costs = [pd.Series(value, index=deal.offers.index)] * 3
    return Pricing(costs, [terms] * len(deal.offers), deal.rates["gifting_post_probability"])


def _hybrid(deal: Deal) -> Pricing:
    """Hybrid: a base of ``hybrid_base_share x F`` plus a bonus per unit of the primary KPI,
    base + bonus = ``F x (1 + split)`` at expected results, capped at ``hybrid_cap x F``."""
    _ = deal._
    expected = deal.offers[f"expected_{deal.kpi}"].astype(float)
    base = deal.rates["hybrid_base_share"] * deal.fee
    bonus = (deal.fee * (1 + deal.rates["risk_premium_split"]) - base) / expected.where(
        expected > 0
    )
    cap = deal.rates["hybrid_cap"] * deal.fee
    costs = [(base + bonus * expected * level).clip(upper=cap) for level in deal.levels()]
    if not deal.words:
        return Pricing(costs, deal.no_words())
    per = 1000.0 if deal.kpi in PER_THOUSAND else 1.0
    unit = kpi_units(_)[deal.kpi]
    terms = [
        _(
            "{base} base + {bonus} per {unit}, capped at {cap}",
            base=deal.cash(b),
            bonus=deal.cash(r * per, 2),
            unit=unit,
            cap=deal.cash(c),
        )
        if pd.notna(r)
        else ""
        for b, r, c in zip(base, bonus, cap, strict=True)
    ]
    return Pricing(costs, terms)


#: one pricing function per compensation model, as papermill registers its engines
PRICING: dict[str, Callable[[Deal], Pricing]] = {
    "flat": _flat,
    "cpm": _cpm,
    "cpe": _cpe,
    "cpc": _cpc,
    "cpa": _cpa,
    "gifting": _gifting,
    "hybrid": _hybrid,
}


def compare_models(
    offers: pd.DataFrame, campaign: Campaign, rates: dict[str, float], kpi: str
) -> pd.DataFrame:
    """Every compensation model side by side for each creator's main deliverable.

    Returns
    -------
    DataFrame
        One row per creator and model: ``influencer_id``, ``handle``, ``deliverable``,
        ``planned_fee``, the columns of :func:`model_costs`, and ``cost_per_result_low``,
        ``cost_per_result_expected``, ``cost_per_result_high`` (cost / primary KPI; the brand's
        risk shows as the gap between them).
    """
    main = offers[offers["deliverable"] == offers["platform"].map(MAIN_DELIVERABLE)]
    main = main[main["planned_fee"].notna()]
    frames = []
    for model in MODELS:
        costs = model_costs(main, model, campaign, rates, kpi)
        frames.append(
            pd.concat(
                [main[["influencer_id", "handle", "deliverable", "planned_fee"]], costs], axis=1
            )
        )
    table = pd.concat(frames, ignore_index=True)
    levels = (("low", "cost_low"), ("expected", "expected_cost"), ("high", "cost_high"))
    for level, cost in levels:
        results = table[f"kpi_{level}"]
        table[f"cost_per_result_{level}"] = table[cost] / results.where(results > 0)
    return table.sort_values(["handle", "model"], key=_model_order).reset_index(drop=True)


def _model_order(column: pd.Series) -> pd.Series:
    return column.map({m: i for i, m in enumerate(MODELS)}) if column.name == "model" else column


def apply_model(
    offers: pd.DataFrame,
    campaign: Campaign,
    rates: dict[str, float],
    kpi: str,
    words: bool = True,
) -> pd.DataFrame:
    """Cost every offer under the campaign's compensation model.

    Where the model cannot apply (no expected clicks for a CPC deal, say), the offer falls back
    to a flat fee and ``model_terms`` says why. ``committed_cost`` is the cost at high
    performance: what the budget must be able to pay if every creator over-delivers. ``words``
    False leaves ``model_terms`` empty (:func:`model_costs`).
    """
    model = compensation_model(campaign)
    costs = model_costs(offers, model, campaign, rates, kpi, words)
    flat = model_costs(offers, "flat", campaign, rates, kpi, words)
    missing = costs["expected_cost"].isna() & offers["planned_fee"].notna()
    costs.loc[missing] = flat.loc[missing]
    _ = translator(campaign.language)
    note = _("(flat: no expected results to pay a {model} deal on)", model=model)
    costs.loc[missing, "model_terms"] = flat.loc[missing, "model_terms"] + " " + note
    costs = costs.rename(columns={"model": "compensation_model"})
    costs["committed_cost"] = costs["cost_high"]
    return pd.concat([offers, costs], axis=1)


@dataclass
class ShortlistPrices:
    """What the deal terms, the compensation model and the budget rules do not change: the
    creators to price (:func:`.candidates.candidate_creators`), every deliverable's results
    and fee before premiums (:func:`.fees.fees_before_terms`, on the calibrated book) and the
    quotes converted (:func:`.quotes.convert_quotes`), and the price book they were read from
    (another shortlist of the same campaign is priced on it). :func:`price_shortlist` makes it once;
    :func:`offers_on_terms` prices it on the campaign's terms, or a what-if's."""

    creators: pd.DataFrame
    priced: pd.DataFrame
    floored: pd.Series
    quotes: pd.DataFrame
    book: PriceBook


def price_shortlist(
    campaign: Campaign,
    shortlist: pd.DataFrame,
    tables: dict[str, pd.DataFrame],
    book: PriceBook | None = None,
) -> ShortlistPrices:
    """The shortlist priced before the deal terms (:class:`ShortlistPrices`); the parameters
    are those of :func:`build_offers`."""
    creators = candidate_creators(shortlist, tables["roster"], campaign)
    outcomes = expected_outcomes(creators, campaign, tables.get("posts"))
    if book is None:
        book = calibrated_book(campaign, tables)
    priced, floored = fees_before_terms(outcomes, campaign, book)
    quotes = convert_quotes(creators, campaign.currency, translator(campaign.language))
    return ShortlistPrices(creators, priced, floored, quotes, book)


def offers_on_terms(
    prices: ShortlistPrices, campaign: Campaign, words: bool = True
) -> pd.DataFrame:
    """The offers of :func:`build_offers` from the shortlist priced once (:func:`price_shortlist`)
    and ``campaign``'s deal terms, compensation model and rates: what a what-if with other terms
    changes. ``words`` False leaves the sentences (``fee_working``, ``say_it``,
    ``model_terms``) empty, for a what-if that only needs the figures."""
    rates = negotiation_rates(campaign)
    kpi = primary_kpi(campaign)
    priced = fees_on_terms(prices.priced, prices.floored, campaign, rates, words)
    _ = translator(campaign.language)
    ranged = negotiation_ranges(priced, prices.quotes, rates, campaign.currency, _, words)
    offers = apply_model(ranged, campaign, rates, kpi, words)
    past = offers["past_collaborations"].fillna(0).clip(upper=rates["rehire_cap"])
    offers["rehire_weight"] = 1 + rates["rehire_weight"] * past
    offers["kpi"] = kpi
    offers["value"] = offers["kpi_expected"] * offers["audience_fit"] * offers["rehire_weight"]
    offers["currency"] = campaign.currency
    return offers


def build_offers(
    campaign: Campaign,
    shortlist: pd.DataFrame,
    tables: dict[str, pd.DataFrame],
    book: PriceBook | None = None,
) -> pd.DataFrame:
    """Price every shortlisted creator's deliverables: results, fair fee, range, model.

    Parameters
    ----------
    campaign : Campaign
        The campaign, with its ``negotiation`` and ``assumptions`` settings.
    shortlist : DataFrame
        ``shortlist.csv`` of the vetting stage (or :func:`provisional_shortlist`).
    tables : dict
        At least ``roster``; ``posts``, when given, gives each creator's views per format
        (a YouTube creator's Shorts apart from their long videos).
    book : PriceBook, optional
        Where the benchmarks are read (see :func:`.fees.fair_fees`); by default the campaign's,
        with the CPM its ``history:`` calibrates (:func:`.calibration.calibrated_book`).

    Returns
    -------
    DataFrame
        One row per creator and deliverable (``offers.csv`` before the budget split): the
        columns of :func:`expected_outcomes`, :func:`fair_fees`, :func:`negotiation_ranges` and
        :func:`apply_model`, plus ``kpi`` (the primary KPI), ``value`` (what the optimiser
        maximises: expected KPI x audience fit x rehire weight), ``rehire_weight`` and
        ``currency``. The same as :func:`offers_on_terms` of :func:`price_shortlist`.
    """
    return offers_on_terms(price_shortlist(campaign, shortlist, tables, book), campaign)


def model_totals(models: pd.DataFrame, kpi: str) -> pd.DataFrame:
    """:func:`compare_models` summed per model: creators, the costs at low, expected and high
    performance, the expected KPI, who carries the risk, and ``cost_per_result`` (expected
    cost per result, per 1,000 for reach, impressions and views)."""
    totals = (
        models.groupby("model", sort=False)
        .agg(
            creators=("influencer_id", "nunique"),
            cost_low=("cost_low", "sum"),
            expected_cost=("expected_cost", "sum"),
            cost_high=("cost_high", "sum"),
            kpi_expected=("kpi_expected", "sum"),
            risk_with=("risk_with", "first"),
        )
        .reset_index()
    )
    per = 1000 if kpi in PER_THOUSAND else 1
    totals["cost_per_result"] = totals["expected_cost"] / totals["kpi_expected"] * per
    return totals
