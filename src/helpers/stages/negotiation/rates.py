"""Reference numbers and the campaign's overrides: benchmarks, premiums, planning rates and
the sources behind them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.core import reference
from helpers.core.campaign import Campaign
from helpers.stages.negotiation.labels import (
    ENGLISH,
    OBJECTIVE_BASIS,
    OBJECTIVE_KPI,
    OBJECTIVE_MODEL,
    OPTIMISABLE_KPIS,
    date_text,
)
from helpers.stages.negotiation.prices import (  # noqa: F401  (the package's names)
    FORMAT_PARAMETERS,
    PriceBook,
    benchmark_for,
    benchmark_table,
    deliverable_table,
    price_book,
    price_level_table,
)
from helpers.text import labels as text_labels
from helpers.text.i18n import Translator, translator

# --- Reference numbers and the campaign's overrides ------------------------------------------


def deliverable_sources(_: Translator) -> list[str]:
    """The published sources in ``deliverables.csv``, and one line for the playbook's own
    assumptions in it."""
    parameters = {
        "reach_rate": _("reach rate"),
        "views_share": _("views share"),
        "engagement_factor": _("engagement factor"),
        "click_factor": _("click factor"),
        "cpm_factor": _("format CPM factor"),
        "floor_share": _("format floor share"),
        "duration_minutes": _("minutes live"),
        "days": _("days in the bio"),
        "add_on_share": _("add-on share"),
    }
    table = reference.reference_table("deliverables")
    published = reference.cite(table[table["assumption"] == "no"])
    names = []
    for parameter, rows in table.groupby("parameter", sort=False):
        assumed = rows.loc[rows["assumption"] == "yes", "deliverable"]
        if len(assumed):
            name = parameters.get(parameter, parameter.replace("_", " "))
            if len(assumed) < len(rows):
                which = assumed.map(lambda deliverable: _source_name(deliverable, _))
                name += f" ({', '.join(which)})"
            names.append(name)
    return [
        *published,
        _(
            "Playbook planning assumptions, not published benchmarks: {names} "
            "(data/reference/deliverables.csv)",
            names=", ".join(names),
        ),
    ]


def _source_name(deliverable: str, _: Translator) -> str:
    """A deliverable as a sources line names it: the report language's own word where the
    catalogue has one (``tiešraide``), else the name ``deliverables.csv`` gives it (``live``)."""
    word = text_labels.deliverable(deliverable, _)
    return word if word != text_labels.deliverable(deliverable, ENGLISH) else deliverable


def fee_sources(campaign: Campaign, offers: pd.DataFrame) -> list[str]:
    """Every source behind the fees shown, one line per source, for the report (in the
    campaign's language; the sources' own titles stay as published)."""
    _ = translator(campaign.language)
    platforms = set(offers["platform"]) if len(offers) else set()
    if "benchmarks" in offers:
        platforms |= set(offers["benchmarks"].dropna())
    markets = sorted(set(offers["market"])) if len(offers) else []
    plan = planning_rates(campaign)
    rate, rate_date = reference.fx_rate("USD", campaign.currency)
    return [
        *_media_cost_sources(platforms, _),
        *_override_sources(campaign),
        *_price_floor_sources(platforms, _),
        *_market_minimum_sources(campaign, _),
        *_price_level_sources(campaign, markets, _),
        *_format_rules(offers, campaign, _),
        *deliverable_sources(_),
        _(
            "Frequency {frequency} impressions per account, click-through {click_through}, "
            "conversion rate {conversion_rate}: playbook planning assumptions shared with the "
            "goals stage (data/reference/planning_rates.csv)",
            frequency=_.plain_number(plan["frequency"]),
            click_through=", ".join(
                f"{p} {_.percent(v, 1)}" for p, v in plan["click_through_rate"].items()
            ),
            conversion_rate=_.percent(plan["conversion_rate"], 1),
        ),
        _(
            "USD converted at {rate} {currency} per USD, European Central Bank reference rate "
            "of {date}",
            rate=_.number(rate, 4),
            currency=campaign.currency,
            date=date_text(rate_date, _),
        ),
        _(
            "No market- or tier-specific influencer CPM is published for these markets: the "
            "platform benchmark, moved to each market by its price level, applies to every tier "
            "unless the campaign file sets negotiation.benchmarks."
        ),
    ]


def _price_level_sources(campaign: Campaign, markets: list[str], _: Translator) -> list[str]:
    """The price levels in use, one line per source; the rule that moves published figures;
    and the markets with no index, whose published figures are used unadjusted."""
    levels = price_level_table(campaign)
    known = [m for m in markets if m in levels.index]
    lines = []
    for (source, year), rows in levels.loc[known].groupby(["source", "year"], dropna=False,
                                                         sort=False):  # fmt: skip
        indices = ", ".join(f"{m} {_.plain_number(v)}" for m, v in rows["index"].items())
        when = f" ({int(year)})" if pd.notna(year) else ""
        lines.append(
            _(
                "{source}{year}: price level of household consumption, EU27_2020 = 100: {indices}",
                source=source,
                year=when,
                indices=indices,
            )
        )
    level = negotiation_rates(campaign)["published_price_level"]
    lines.append(
        _(
            "Published USD ranges and CPMs are moved to each creator's market: x its price "
            "level / {level}. They are taken at the EU-average price level, a playbook "
            "assumption (published_price_level in data/reference/negotiation_rates.csv): no US "
            "price level comparable with the EU's is on file.",
            level=_.plain_number(level),
        )
    )
    missing = [m for m in markets if m not in levels.index]
    if missing:
        lines.append(
            _(
                "No price level on file for {markets}: the published ranges and CPMs are used "
                "there unadjusted (converted at the ECB rate only).",
                markets=", ".join(missing),
            )
        )
    return lines


def _market_minimum_sources(campaign: Campaign, _: Translator) -> list[str]:
    """The published market minimums (per campaign, as published), and the playbook's
    assumption that applies each to every standalone deliverable, with how to change it."""
    prices = reference.post_price_ranges()
    prices = prices[prices["market"].notna() & prices["low"].notna()]
    followers = negotiation_rates(campaign)["market_minimum_followers"]
    return [
        _(
            "{source} ({year}): the lowest fee in {market} is {low} per campaign. Playbook "
            "assumption: it is the least for each standalone deliverable of a creator with "
            "{followers}+ followers, stricter than the source's per-campaign figure (other "
            "markets get it moved by price level). Change it in the campaign file: "
            "negotiation.rates.market_minimum_followers (who it applies to) or rate_card_floor "
            "(0 turns the floors off)",
            source=row.source,
            year=row.year,
            market=row.market,
            low=_.money(row.low, row.currency),
            followers=_.number(followers),
        )
        for row in prices.itertuples()
    ]


def _format_rules(offers: pd.DataFrame, campaign: Campaign, _: Translator) -> list[str]:
    """The playbook's rules for a YouTube Short, when one is priced."""
    if not len(offers) or "short" not in set(offers["deliverable"]):
        return []
    shorts = offers[offers["deliverable"] == "short"]
    if "youtube" not in set(shorts["platform"]):
        return []
    share = negotiation_rates(campaign)["short_cap_share"]
    return [
        _(
            "A YouTube Short is priced as short video, with TikTok's CPM, CPE and price range "
            "(no Shorts figures are published), and never above {share} of the same creator's "
            "long video: playbook rules (deliverables.csv, short_cap_share)",
            share=_.percent(share, 0),
        )
    ]


def _media_cost_sources(platforms: set[str], _: Translator) -> list[str]:
    """One line per published media-cost source: its CPM and CPE per platform."""
    costs = reference.media_costs("buying")
    costs = costs[costs["platform"].isin(platforms)]
    return [
        f"{source} ({year}): "
        + ", ".join(
            f"{r.platform} {r.metric.upper()} {_.money(r.typical, r.currency, None)}"
            for r in rows.itertuples()
        )
        for (source, year), rows in costs.groupby(["source", "year"], sort=False)
    ]


def _price_floor_sources(platforms: set[str], _: Translator) -> list[str]:
    """One line per published price-per-post source, whose lowest prices are the floors."""
    prices = reference.post_price_ranges()
    prices = prices[(prices["unit"] == "per_post") & prices["platform"].isin(platforms)]
    lines = []
    for (source, year), rows in prices.groupby(["source", "year"], sort=False):
        lows = ", ".join(
            f"{r.tier} {r.platform} {_.money(r.low, r.currency)}" for r in rows.itertuples()
        )
        lines.append(
            _(
                "{source} ({year}): the lowest price per post, moved to the market and scaled "
                "per format, is the floor ({lows})",
                source=source,
                year=year,
                lows=lows,
            )
        )
    return lines


def _override_sources(campaign: Campaign) -> list[str]:
    """One line per benchmark the campaign file sets and that is in force
    (``assumptions.cpm``/``cpe``, then ``negotiation.benchmarks``: later ones win)."""
    _ = translator(campaign.language)
    found = []  # (platform, market, metric, line)
    note = campaign.assumptions.source or _("campaign file")
    for metric in ("cpm", "cpe"):
        for platform, value in getattr(campaign.assumptions, metric).items():
            amount = _.money(float(value), campaign.currency, None)
            line = f"{note} (assumptions.{metric}): {platform} {metric.upper()} {amount}"
            found.append((platform, "", metric, line))
    for override in campaign.negotiation.benchmarks:
        for metric in ("cpm", "cpe"):
            value = getattr(override, metric)
            if value is None:
                continue
            amount = _.money(float(value), campaign.currency, None)
            line = f"{override.source} (negotiation.benchmarks): {override.platform} "
            line += f"{metric.upper()} {amount}"
            if override.market:
                line = _("{line} in {market}", line=line, market=override.market)
            found.append((override.platform, override.market or "", metric, line))
    in_force = pd.DataFrame(found, columns=["platform", "market", "metric", "line"])
    return in_force.drop_duplicates(["platform", "market", "metric"], keep="last")["line"].tolist()


def negotiation_rates(campaign: Campaign) -> dict[str, float]:
    """Premiums and negotiation rates: ``negotiation_rates.csv`` with the campaign's overrides.

    Returns
    -------
    dict
        Rate name to value, e.g. ``{"usage_paid_per_month": 0.1, "opening_share": 0.85, ...}``.
    """
    table = reference.reference_table("negotiation_rates")
    rates = dict(zip(table["rate"], table["value"].astype(float), strict=True))
    return rates | dict(campaign.negotiation.rates)


def rate_table(campaign: Campaign) -> pd.DataFrame:
    """The rates in use, each with its meaning and source (``campaign file`` when overridden).

    The meanings of the rates the report shows (the negotiation range and the premiums) are in
    the campaign's language (in English, the table's own words are the messages); the others,
    and the sources, are the reference table's own words.
    """
    _ = translator(campaign.language)
    table = reference.reference_table("negotiation_rates")
    overridden = table["rate"].isin(list(campaign.negotiation.rates))
    table["value"] = table["rate"].map(negotiation_rates(campaign))
    meanings = {
        "usage_organic_per_month": _(
            "premium for each month the brand may repost the content on its own channels"
        ),
        "usage_paid_per_month": _(
            "premium for each month the brand may also run the content as a paid ad "
            "(partnership ads, Spark Ads)"
        ),
        "exclusivity_per_30_days": _(
            "premium for each 30 days the creator works with no competitor in the category"
        ),
        "rush": _("premium for delivery in under a week"),
        "opening_share": _("opening offer: room to trade upwards"),
        "walk_away_share": _("walk-away point: the most the data supports"),
    }
    table["meaning"] = table["rate"].map(meanings).fillna(table["meaning"])
    table.loc[overridden, "source"] = _("campaign file (negotiation.rates)")
    table.loc[overridden, "year"] = np.nan
    return table[["rate", "value", "unit", "meaning", "source", "year", "assumption"]]


def planning_rates(campaign: Campaign) -> dict[str, object]:
    """Frequency, click-through rate per platform and conversion rate (``planning_rates.csv``,
    shared with the goals stage), with the campaign's ``assumptions`` applied."""
    table = reference.reference_table("planning_rates")
    table = table[table["default"] == "yes"]

    def value(rate: str, platform: str = "all") -> float:
        row = table[(table["rate"] == rate) & (table["platform"].isin([platform, "all"]))]
        return float(row["value"].iloc[0]) if len(row) else float("nan")

    assumptions = campaign.assumptions
    ctr = {p: value("click_through_rate", p) for p in ("instagram", "tiktok", "youtube")}
    if assumptions.click_through_rate is not None:
        ctr = dict.fromkeys(ctr, assumptions.click_through_rate)
    return {
        "frequency": assumptions.frequency or value("frequency"),
        "click_through_rate": ctr,
        "conversion_rate": assumptions.conversion_rate or value("conversion_rate"),
        "sources": reference.cite(table),
    }


def primary_kpi(campaign: Campaign) -> str:
    """The KPI the budget split maximises: ``negotiation.optimise_for``, else the first goal
    that adds up across creators (reach, engagements, conversions ...), else the objective's."""
    if campaign.negotiation.optimise_for:
        return campaign.negotiation.optimise_for
    for goal in campaign.goals:
        if goal.kpi in OPTIMISABLE_KPIS:
            return goal.kpi
    return OBJECTIVE_KPI[campaign.objective]


def fee_basis(campaign: Campaign) -> str:
    """``cpm`` (price impressions) or ``cpe`` (price engagements)."""
    basis = campaign.negotiation.fee_basis
    return OBJECTIVE_BASIS[campaign.objective] if basis == "auto" else basis


def compensation_model(campaign: Campaign) -> str:
    """The compensation model offered: ``negotiation.model``, else the objective's default
    (awareness: flat fee; engagement: CPE; conversion: hybrid, as guide chapter 5.1 advises)."""
    model = campaign.negotiation.model
    return OBJECTIVE_MODEL[campaign.objective] if model == "auto" else model
