"""Compensation models (flat, CPM, CPE, CPC, CPA, gifting, hybrid), each costed at low,
expected and high performance, and the priced offers."""

from __future__ import annotations

import pandas as pd

from helpers.core.campaign import Campaign
from helpers.stages.negotiation.candidates import candidate_creators
from helpers.stages.negotiation.fees import expected_outcomes, fair_fees
from helpers.stages.negotiation.labels import (
    CREATOR_COLUMNS,
    MAIN_DELIVERABLE,
    MODELS,
    PER_THOUSAND,
    RISK_WITH,
    kpi_units,
    money_text,
)
from helpers.stages.negotiation.quotes import convert_quotes, negotiation_ranges
from helpers.stages.negotiation.rates import compensation_model, negotiation_rates, primary_kpi
from helpers.text.i18n import translator

# --- Compensation models ------------------------------------------------------------------


def model_costs(
    offers: pd.DataFrame, model: str, campaign: Campaign, rates: dict[str, float], kpi: str
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

    Returns
    -------
    DataFrame
        Aligned with ``offers``: ``model``, ``model_terms``, ``risk_with``, ``cost_low``,
        ``expected_cost``, ``cost_high``, ``kpi_low``, ``kpi_expected``, ``kpi_high``.
    """
    fee = offers["planned_fee"].astype(float)
    low, high = rates["performance_low"], rates["performance_high"]
    split, creator = rates["risk_premium_split"], rates["risk_premium_creator"]
    kpi_expected = offers[f"expected_{kpi}"].astype(float)
    currency = campaign.currency
    posts = 1.0

    def scaled(rate: pd.Series, units: pd.Series, cap: pd.Series | None = None):
        costs = [rate * units * level for level in (low, 1.0, high)]
        if cap is not None:
            costs = [c.clip(upper=cap) for c in costs]
        return costs

    language = campaign.language
    _ = translator(language)

    def cash(amount: float, decimals: int = 0) -> str:
        return money_text(amount, currency, language, decimals)

    if model == "flat":
        costs = [fee, fee, fee]
        terms = [_("{fee} fixed", fee=cash(f)) if pd.notna(f) else "" for f in fee]
    elif model in ("cpm", "cpe", "cpc"):
        column = {"cpm": "expected_impressions", "cpe": "expected_engagements"}.get(
            model, "expected_clicks"
        )
        per = 1000.0 if model == "cpm" else 1.0
        units = offers[column].astype(float) / per
        rate = fee * (1 + (creator if model == "cpc" else split)) / units.where(units > 0)
        cap = None if model == "cpc" else rates["performance_cap"] * fee
        costs = scaled(rate, units, cap)
        unit_name = kpi_units(language)[
            {"cpm": "impressions", "cpe": "engagements", "cpc": "clicks"}[model]
        ]
        terms = []
        for r, c in zip(rate, cap if cap is not None else [None] * len(rate), strict=True):
            if not pd.notna(r):
                terms.append("")
            elif c is None:
                terms.append(_("{rate} per {unit}", rate=cash(r, 2), unit=unit_name))
            else:
                terms.append(
                    _(
                        "{rate} per {unit}, capped at {cap}",
                        rate=cash(r, 2),
                        unit=unit_name,
                        cap=cash(c),
                    )
                )
    elif model == "cpa":
        conversions = offers["expected_conversions"].astype(float)
        order_value = campaign.negotiation.average_order_value
        if order_value:
            commission, discount = rates["commission_rate"], rates["discount_rate"]
            per_conversion = order_value * commission + order_value / (1 - discount) * discount
            costs = scaled(pd.Series(per_conversion, index=offers.index), conversions)
            terms = [
                _(
                    "{commission} commission on net sales with the creator's code, plus the "
                    "{discount} code discount ({per_order} per order)",
                    commission=_.percent(commission, 0),
                    discount=_.percent(discount, 0),
                    per_order=cash(per_conversion, 2),
                )
            ] * len(offers)
        else:
            rate = fee * (1 + creator) / conversions.where(conversions > 0)
            costs = scaled(rate, conversions)
            unit_name = kpi_units(language)["conversions"]
            terms = [
                _("{rate} per {unit}", rate=cash(r, 2), unit=unit_name) if pd.notna(r) else ""
                for r in rate
            ]
    elif model == "gifting":
        value = float(campaign.negotiation.product_value)
        costs = [pd.Series(value, index=offers.index)] * 3
        posts = rates["gifting_post_probability"]
        label = (
            _("product worth {value}", value=cash(value))
            if value
            else _("product (set negotiation.product_value)")
        )
        terms = [_("{product}; still payment: the post must be disclosed", product=label)] * len(
            offers
        )
    elif model == "hybrid":
        base = rates["hybrid_base_share"] * fee
        bonus = (fee * (1 + split) - base) / kpi_expected.where(kpi_expected > 0)
        cap = rates["hybrid_cap"] * fee
        costs = [(base + bonus * kpi_expected * level).clip(upper=cap) for level in (low, 1, high)]
        per = 1000.0 if kpi in PER_THOUSAND else 1.0
        unit_name = kpi_units(language)[kpi]
        terms = [
            _(
                "{base} base + {bonus} per {unit}, capped at {cap}",
                base=cash(b),
                bonus=cash(r * per, 2),
                unit=unit_name,
                cap=cash(c),
            )
            if pd.notna(r)
            else ""
            for b, r, c in zip(base, bonus, cap, strict=True)
        ]
    else:
        raise ValueError(f"unknown compensation model {model!r} (known: {', '.join(MODELS)})")
    result = pd.DataFrame(
        {
            "model": model,
            "model_terms": terms,
            "risk_with": RISK_WITH[model],
            "cost_low": costs[0],
            "expected_cost": costs[1],
            "cost_high": costs[2],
            "kpi_low": kpi_expected * low * posts,
            "kpi_expected": kpi_expected * posts,
            "kpi_high": kpi_expected * high * posts,
        },
        index=offers.index,
    )
    return result


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
    offers: pd.DataFrame, campaign: Campaign, rates: dict[str, float], kpi: str
) -> pd.DataFrame:
    """Cost every offer under the campaign's compensation model.

    Where the model cannot apply (no expected clicks for a CPC deal, say), the offer falls back
    to a flat fee and ``model_terms`` says why. ``committed_cost`` is the cost at high
    performance: what the budget must be able to pay if every creator over-delivers.
    """
    model = compensation_model(campaign)
    costs = model_costs(offers, model, campaign, rates, kpi)
    flat = model_costs(offers, "flat", campaign, rates, kpi)
    missing = costs["expected_cost"].isna() & offers["planned_fee"].notna()
    costs.loc[missing] = flat.loc[missing]
    _ = translator(campaign.language)
    note = _("(flat: no expected results to pay a {model} deal on)", model=model)
    costs.loc[missing, "model_terms"] = flat.loc[missing, "model_terms"] + " " + note
    costs = costs.rename(columns={"model": "compensation_model"})
    costs["committed_cost"] = costs["cost_high"]
    return pd.concat([offers, costs], axis=1)


def build_offers(
    campaign: Campaign, shortlist: pd.DataFrame, tables: dict[str, pd.DataFrame]
) -> pd.DataFrame:
    """Price every shortlisted creator's deliverables: results, fair fee, range, model.

    Parameters
    ----------
    campaign : Campaign
        The campaign, with its ``negotiation`` and ``assumptions`` settings.
    shortlist : DataFrame
        ``shortlist.csv`` of the vetting stage (or :func:`provisional_shortlist`).
    tables : dict
        At least ``roster``.

    Returns
    -------
    DataFrame
        One row per creator and deliverable (``offers.csv`` before the budget split): the
        columns of :func:`expected_outcomes`, :func:`fair_fees`, :func:`negotiation_ranges` and
        :func:`apply_model`, plus ``kpi`` (the primary KPI), ``value`` (what the optimiser
        maximises: expected KPI x audience fit x rehire weight), ``rehire_weight`` and
        ``currency``.
    """
    rates = negotiation_rates(campaign)
    kpi = primary_kpi(campaign)
    creators = candidate_creators(shortlist, tables["roster"], campaign)
    outcomes = expected_outcomes(creators, campaign)
    if outcomes.empty:
        return pd.DataFrame(columns=[*CREATOR_COLUMNS, "deliverable", "fair_fee", "selected"])
    priced = fair_fees(outcomes, campaign)
    quotes = convert_quotes(creators, campaign.currency, campaign.language)
    ranged = negotiation_ranges(priced, quotes, rates, campaign.currency, campaign.language)
    offers = apply_model(ranged, campaign, rates, kpi)
    past = offers["past_collaborations"].fillna(0).clip(upper=rates["rehire_cap"])
    offers["rehire_weight"] = 1 + rates["rehire_weight"] * past
    offers["kpi"] = kpi
    offers["value"] = offers["kpi_expected"] * offers["audience_fit"] * offers["rehire_weight"]
    offers["currency"] = campaign.currency
    return offers
