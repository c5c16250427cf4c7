"""Stage 03, negotiation: fair fees, negotiation ranges, compensation models and the budget split
(guide chapters 4 and 5).

The arithmetic, in the order a marketer would do it by hand:

1. **Expected results per deliverable.** Impressions come from the creator's own numbers: a
   feed post reaches ``reach_rate`` of the followers (``data/reference/deliverables.csv``),
   each account about ``frequency`` times; a video is seen about as often as the creator's
   average video. Fake followers see nothing, so everything is scaled by the real share
   ``1 - fake_share``. Engagements, clicks and conversions follow from the same numbers.
2. **Fair fee** = expected impressions / 1,000 x CPM (or expected engagements x CPE) for the
   platform and market, x the format's production multiplier, x (1 + usage premium +
   exclusivity premium + rush premium). Benchmarks come from ``media_costs.csv`` (converted at
   the dated ECB rate), premiums from ``negotiation_rates.csv``; the campaign file overrides
   any of them.
3. **Negotiation range**: open at ``opening_share`` x the fair fee, aim for the fair fee, walk
   away above ``walk_away_share`` x it. A creator's quote (for their main deliverable, posting
   only) is converted, given the same usage and exclusivity terms, and placed on that range.
4. **Compensation models** (flat, CPM, CPE, CPC, CPA/affiliate, gifting, hybrid) priced so
   that each pays about the fair fee at expected results, plus what a creator adds for
   carrying risk; each is costed at low, expected and high performance.
5. **Budget split**: a mixed-integer programme (``scipy.optimize.milp``) picks creators and
   deliverables that maximise the campaign's primary KPI within the budget and the rules.

The relationship pipeline (``data.pipeline``) records who was actually contracted;
:func:`contracted_deliverables` is what the later stages call.
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from helpers import report
from helpers.core import reference
from helpers.core.campaign import Campaign
from helpers.core.data import FORMATS, PIPELINE_STAGES, TABLES, load_campaign_data
from helpers.core.errors import InputError, problem
from helpers.text.i18n import translator

MAIN_DELIVERABLE = {"instagram": "feed_post", "tiktok": "short", "youtube": "long_video"}
CONTRACTED_STAGES = ("contracted", "live", "completed")
OBJECTIVE_KPI = {"awareness": "reach", "engagement": "engagements", "conversion": "conversions"}
OBJECTIVE_BASIS = {"awareness": "cpm", "engagement": "cpe", "conversion": "cpm"}
OBJECTIVE_MODEL = {"awareness": "flat", "engagement": "cpe", "conversion": "hybrid"}
MODELS = ("flat", "cpm", "cpe", "cpc", "cpa", "gifting", "hybrid")
OPTIMISABLE_KPIS = ("reach", "impressions", "views", "engagements", "clicks", "conversions")
PER_THOUSAND = ("reach", "impressions", "views")


def kpi_labels(language: str = "en") -> dict[str, str]:
    """What each KPI the budget split can maximise counts, in the report's language (a noun
    phrase that works as a table heading: ``people reached``)."""
    _ = translator(language)
    return {
        "reach": _("people reached"),
        "impressions": _("impressions"),
        "views": _("views"),
        "engagements": _("engagements"),
        "clicks": _("link clicks"),
        "conversions": _("conversions"),
    }


def kpi_units(language: str = "en") -> dict[str, str]:
    """The unit a KPI is priced per, as it follows "per" (``cost per 1,000 people reached``)."""
    _ = translator(language)
    return {
        "reach": _("1,000 people reached"),
        "impressions": _("1,000 impressions"),
        "views": _("1,000 views"),
        "engagements": _("engagement"),
        "clicks": _("click"),
        "conversions": _("conversion"),
    }


def deliverable_labels(language: str = "en") -> dict[str, str]:
    """Each deliverable in a marketer's words, in the report's language."""
    _ = translator(language)
    return {
        "feed_post": _("feed post"),
        "reel": _("Reel"),
        "story": _("Story set"),
        "short": _("short video"),
        "long_video": _("long video"),
        "live": _("live session"),
        "link_in_bio": _("link in bio (30 days)"),
    }


def model_labels(language: str = "en") -> dict[str, str]:
    """Each compensation model's name for report tables (``flat fee``, ``CPA / affiliate``)."""
    _ = translator(language)
    return {
        "flat": _("flat fee"),
        "cpm": _("CPM (per 1,000 impressions)"),
        "cpe": _("CPE (per engagement)"),
        "cpc": _("CPC (per link click)"),
        "cpa": _("CPA / affiliate (per sale)"),
        "gifting": _("gifting"),
        "hybrid": _("hybrid (base + bonus)"),
    }


def risk_labels(language: str = "en") -> dict[str, str]:
    """Who carries the risk of each model (the values of ``risk_with``), for display."""
    _ = translator(language)
    return {
        "brand": _("brand"),
        "shared": _("shared"),
        "creator": _("creator"),
        "brand (no post guaranteed)": _("brand (no post guaranteed)"),
    }


def quote_position_labels(language: str = "en") -> dict[str, str]:
    """Where a quote sits on the negotiation range (the values of ``quote_position``)."""
    _ = translator(language)
    return {
        "quote not usable": _("quote not usable"),
        "no quote": _("no quote"),
        "below our opening": _("below our opening"),
        "opening to target": _("opening to target"),
        "target to walk-away": _("target to walk-away"),
        "above walk-away": _("above walk-away"),
    }


def stage_labels(language: str = "en") -> dict[str, str]:
    """The relationship pipeline's stages (the values of ``stage``), for display."""
    _ = translator(language)
    return {
        "identified": _("identified"),
        "contacted": _("contacted"),
        "negotiating": _("negotiating"),
        "contracted": _("contracted"),
        "live": _("live"),
        "completed": _("completed"),
        "declined": _("declined"),
        "planned": _("planned"),
    }


def status_labels(language: str = "en") -> dict[str, str]:
    """The budget split's outcomes (:attr:`Allocation.status`), for display."""
    _ = translator(language)
    return {
        "optimal": _("optimal"),
        "time_limit": _("best found in the time limit"),
        "over_budget": _("over budget"),
        "contradictory_rules": _("rules contradict each other"),
        "no_candidates": _("no candidates"),
    }


def money_text(amount: float, currency: str, language: str = "en", decimals: int | None = 0) -> str:
    """A money figure in a sentence, always with its currency, in the one house style
    (:meth:`helpers.text.formats.Formats.money`); ``decimals=None`` shows the decimals the
    amount has, up to four (``USD 8``, ``USD 0.25``)."""
    return translator(language).money(amount, currency, decimals)


def plain_number(value: float, language: str = "en") -> str:
    """A number with only the decimals it has, up to four: ``1.3``, ``8``, ``0.1035``."""
    return translator(language).plain_number(value)


KPI_UNITS = kpi_labels()
KPI_UNIT = kpi_units()
DELIVERABLE_LABELS = deliverable_labels()
RISK_WITH = {
    "flat": "brand",
    "cpm": "shared",
    "cpe": "shared",
    "cpc": "creator",
    "cpa": "creator",
    "gifting": "brand (no post guaranteed)",
    "hybrid": "shared",
}
CONTRACTED_COLUMNS = [
    "influencer_id",
    "handle",
    "platform",
    "market",
    "deliverable",
    "quantity",
    "agreed_fee",
    "currency",
    "stage",
]
SOLVER_SECONDS = 20.0
CREATOR_COLUMNS = (
    "influencer_id", "handle", "name", "platform", "market", "tier", "followers",
    "audience_fit", "composite_score", "past_collaborations", "fake_share_assumed",
)  # fmt: skip


# --- Reference numbers and the campaign's overrides ------------------------------------------


def deliverable_table() -> pd.DataFrame:
    """The deliverables the playbook prices, one row each, from ``deliverables.csv``.

    Returns
    -------
    DataFrame
        Indexed by deliverable (in the order of :data:`helpers.core.data.FORMATS`), with
        ``platforms`` (list), ``reach_rate`` (share of real followers reached) or
        ``views_share`` (x the creator's average views), ``engagement_factor``,
        ``click_factor`` and ``production_multiplier``.
    """
    long = reference.reference_table("deliverables")
    wide = long.pivot(index="deliverable", columns="parameter", values="value")
    wide["platforms"] = long.groupby("deliverable")["platforms"].first().str.split("|")
    order = [name for name in FORMATS if name in wide.index]
    return wide.loc[order]


def deliverable_sources(language: str = "en") -> list[str]:
    """The published sources in ``deliverables.csv``, and one line for the playbook's own
    assumptions in it."""
    _ = translator(language)
    parameters = {
        "reach_rate": _("reach rate"),
        "views_share": _("views share"),
        "engagement_factor": _("engagement factor"),
        "click_factor": _("click factor"),
        "production_multiplier": _("production multiplier"),
    }
    labels = deliverable_labels(language)
    table = reference.reference_table("deliverables")
    published = reference.cite(table[table["assumption"] == "no"])
    names = []
    for parameter, rows in table.groupby("parameter", sort=False):
        assumed = rows.loc[rows["assumption"] == "yes", "deliverable"]
        if len(assumed):
            name = parameters.get(parameter, parameter.replace("_", " "))
            if len(assumed) < len(rows):
                which = assumed if language == "en" else assumed.map(labels).fillna(assumed)
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


def fee_sources(campaign: Campaign, offers: pd.DataFrame) -> list[str]:
    """Every source behind the fees shown, one line per source, for the report (in the
    campaign's language; the sources' own titles stay as published)."""
    language = campaign.language
    _ = translator(language)
    lines = []
    platforms = set(offers["platform"]) if len(offers) else set()
    costs = reference.media_costs("buying")
    costs = costs[costs["platform"].isin(platforms)]
    for (source, year), rows in costs.groupby(["source", "year"], sort=False):
        numbers = ", ".join(
            f"{r.platform} {r.metric.upper()} {money_text(r.typical, r.currency, language, None)}"
            for r in rows.itertuples()
        )
        lines.append(f"{source} ({year}): {numbers}")
    lines += _override_sources(campaign)
    prices = reference.post_price_ranges()
    prices = prices[(prices["unit"] == "per_post") & prices["platform"].isin(platforms)]
    for (source, year), rows in prices.groupby(["source", "year"], sort=False):
        lows = ", ".join(
            f"{r.tier} {r.platform} {money_text(r.low, r.currency, language)}"
            for r in rows.itertuples()
        )
        lines.append(
            _(
                "{source} ({year}): the lowest price per post is the floor ({lows})",
                source=source,
                year=year,
                lows=lows,
            )
        )
    lines += deliverable_sources(language)
    plan = planning_rates(campaign)
    lines.append(
        _(
            "Frequency {frequency} impressions per account, click-through {click_through}, "
            "conversion rate {conversion_rate}: playbook planning assumptions shared with the "
            "goals stage (data/reference/planning_rates.csv)",
            frequency=plain_number(plan["frequency"], language),
            click_through=", ".join(
                f"{p} {_.percent(v, 1)}" for p, v in plan["click_through_rate"].items()
            ),
            conversion_rate=_.percent(plan["conversion_rate"], 1),
        )
    )
    rate, rate_date = reference.fx_rate("USD", campaign.currency)
    lines.append(
        _(
            "USD converted at {rate} {currency} per USD, European Central Bank reference rate "
            "of {date}",
            rate=_.number(rate, 4),
            currency=campaign.currency,
            date=date_text(rate_date, language),
        )
    )
    lines.append(
        _(
            "No market-specific influencer CPM is published for these markets: the platform "
            "benchmark applies everywhere unless the campaign file sets negotiation.benchmarks."
        )
    )
    return lines


def _override_sources(campaign: Campaign) -> list[str]:
    """One line per benchmark the campaign file sets and that is in force
    (``assumptions.cpm``/``cpe``, then ``negotiation.benchmarks``: later ones win)."""
    language = campaign.language
    _ = translator(language)
    found = []  # (platform, market, metric, line)
    note = campaign.assumptions.source or _("campaign file")
    for metric in ("cpm", "cpe"):
        for platform, value in getattr(campaign.assumptions, metric).items():
            amount = money_text(float(value), campaign.currency, language, None)
            line = f"{note} (assumptions.{metric}): {platform} {metric.upper()} {amount}"
            found.append((platform, "", metric, line))
    for override in campaign.negotiation.benchmarks:
        for metric in ("cpm", "cpe"):
            value = getattr(override, metric)
            if value is None:
                continue
            amount = money_text(float(value), campaign.currency, language, None)
            line = f"{override.source} (negotiation.benchmarks): {override.platform} "
            line += f"{metric.upper()} {amount}"
            if override.market:
                line = _("{line} in {market}", line=line, market=override.market)
            found.append((override.platform, override.market or "", metric, line))
    in_force = pd.DataFrame(found, columns=["platform", "market", "metric", "line"])
    return in_force.drop_duplicates(["platform", "market", "metric"], keep="last")["line"].tolist()


def date_text(value: object, language: str = "en") -> str:
    """A date in a sentence: ISO (``2024-12-31``) in English, as this stage has always written
    it, and the locale's short date elsewhere (``31.12.2024.``)."""
    if language == "en" or value is None or (isinstance(value, float) and np.isnan(value)):
        return str(value)
    return translator(language).date(str(value))


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
    the campaign's language; the others, and the sources, are the reference table's own words.
    """
    _ = translator(campaign.language)
    table = reference.reference_table("negotiation_rates")
    overridden = table["rate"].isin(list(campaign.negotiation.rates))
    table["value"] = table["rate"].map(negotiation_rates(campaign))
    if campaign.language != "en":
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


def benchmark_table(campaign: Campaign) -> pd.DataFrame:
    """CPM and CPE per platform (and market, where the campaign sets one), campaign currency.

    The reference rows (``media_costs.csv``, purpose ``buying``) are converted at the dated ECB
    rate; ``assumptions.cpm`` / ``assumptions.cpe`` replace a platform's figure, and
    ``negotiation.benchmarks`` rows replace it for one market or all.

    Returns
    -------
    DataFrame
        ``platform``, ``market`` (empty for all markets), ``metric`` (cpm or cpe), ``value``,
        ``source``.
    """
    costs = reference.media_costs("buying")
    rows = []
    for cost in costs.itertuples():
        rate, rate_date = reference.fx_rate(cost.currency, campaign.currency)
        converted = f"{cost.currency} {cost.typical:g} at {rate:.4f} on {rate_date}"
        rows.append(
            {
                "platform": cost.platform,
                "market": "",
                "metric": cost.metric,
                "value": float(cost.typical) * rate,
                "source": f"{cost.source} ({cost.year}); {converted}",
            }
        )
    note = campaign.assumptions.source or "campaign file"
    for metric in ("cpm", "cpe"):
        for platform, value in getattr(campaign.assumptions, metric).items():
            rows.append(
                {
                    "platform": platform,
                    "market": "",
                    "metric": metric,
                    "value": float(value),
                    "source": f"{note} (assumptions.{metric})",
                }
            )
    for override in campaign.negotiation.benchmarks:
        for metric in ("cpm", "cpe"):
            value = getattr(override, metric)
            if value is not None:
                rows.append(
                    {
                        "platform": override.platform,
                        "market": override.market or "",
                        "metric": metric,
                        "value": float(value),
                        "source": f"{override.source} (negotiation.benchmarks)",
                    }
                )
    # later rows win: reference, then assumptions, then negotiation.benchmarks
    table = pd.DataFrame(rows)
    return table.drop_duplicates(["platform", "market", "metric"], keep="last").reset_index(
        drop=True
    )


def benchmark_for(table: pd.DataFrame, platform: str, market: str, metric: str) -> pd.Series:
    """The benchmark row for one platform and market: the market's own, else the platform's."""
    for wanted in (market, ""):
        row = table[
            (table["platform"] == platform)
            & (table["market"] == wanted)
            & (table["metric"] == metric)
        ]
        if not row.empty:
            return row.iloc[-1]
    return pd.Series({"value": np.nan, "source": f"no {metric.upper()} on file for {platform}"})


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


# --- Candidates ---------------------------------------------------------------------------


def provisional_shortlist(campaign: Campaign, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """A stand-in shortlist when the vetting stage is not available: every roster creator in the
    campaign's markets, platforms and tiers, with the fake-follower share unknown.

    Returns
    -------
    DataFrame
        The shortlist contract columns; ``fake_share``, ``audience_quality`` and
        ``composite_score`` are empty, ``audience_fit`` is the audience share in the campaign's
        countries when the audience table is there, and ``reasons`` says it is provisional.
    """
    roster = tables["roster"]
    chosen = roster[roster["market"].isin(campaign.markets)].copy()
    chosen["tier"] = reference.assign_tier(chosen["followers"]).astype("string")
    chosen = chosen[
        chosen["platform"].isin(campaign.vetting.platforms)
        & chosen["tier"].isin(campaign.vetting.tiers)
    ].copy()
    chosen["engagement_rate"] = (chosen["avg_likes"] + chosen["avg_comments"]) / chosen["followers"]
    fit = pd.Series(np.nan, index=chosen.index)
    audience = tables.get("audience")
    if audience is not None:
        countries = audience[
            (audience["dimension"] == "country") & audience["segment"].isin(campaign.markets)
        ]
        fit = chosen["influencer_id"].map(countries.groupby("influencer_id")["share"].sum())
    chosen["fake_share"] = np.nan
    chosen["audience_quality"] = np.nan
    chosen["audience_fit"] = fit.fillna(0.0).clip(0, 1)
    chosen["composite_score"] = np.nan
    chosen["status"] = "shortlisted"
    chosen["reasons"] = "provisional: vetting not run, fake-follower share unknown"
    columns = [
        "influencer_id", "handle", "name", "platform", "market", "tier", "followers",
        "engagement_rate", "fake_share", "audience_quality", "audience_fit", "composite_score",
        "status", "reasons",
    ]  # fmt: skip
    return chosen[columns].reset_index(drop=True)


def candidate_creators(
    shortlist: pd.DataFrame, roster: pd.DataFrame, campaign: Campaign
) -> pd.DataFrame:
    """The shortlisted creators with the roster's counters, quotes and history.

    A missing fake-follower share is taken as the campaign's ceiling (``max_fake_share``), the
    cautious reading; a missing audience fit as the shortlist's median. Both are flagged.

    Returns
    -------
    DataFrame
        One row per shortlisted creator: the shortlist columns plus ``avg_likes``,
        ``avg_comments``, ``avg_views``, ``quoted_fee``, ``fee_currency``,
        ``past_collaborations``, ``language``, ``interests``, ``contact_email``, ``real_share``,
        ``fake_share_assumed`` and ``audience_fit_assumed``.
    """
    chosen = shortlist[shortlist["status"] == "shortlisted"].copy()
    extra = [c for c in roster.columns if c not in chosen.columns or c == "influencer_id"]
    merged = chosen.merge(roster[extra], on="influencer_id", how="left")
    merged["tier"] = merged["tier"].astype("string")
    merged["fake_share_assumed"] = merged["fake_share"].isna()
    fake = merged["fake_share"].astype(float).fillna(campaign.vetting.max_fake_share)
    merged["real_share"] = (1 - fake).clip(0, 1)
    merged["audience_fit_assumed"] = merged["audience_fit"].isna()
    fit = merged["audience_fit"].astype(float)
    merged["audience_fit"] = fit.fillna(fit.median() if fit.notna().any() else 1.0)
    merged["past_collaborations"] = merged["past_collaborations"].fillna(0).astype(int)
    for column in ("avg_likes", "avg_comments", "avg_views"):
        merged[column] = merged[column].astype(float).fillna(0.0)
    return merged.reset_index(drop=True)


# --- Expected results and fair fees -------------------------------------------------------


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
    rows = []
    for creator in creators.to_dict("records"):
        for deliverable in wanted:
            spec = formats.loc[deliverable]
            if creator["platform"] not in spec["platforms"]:
                continue
            rows.append(
                _one_outcome(creator, deliverable, spec, frequency, plan, campaign.language)
            )
    return pd.DataFrame(rows)


def _one_outcome(
    creator: dict,
    deliverable: str,
    spec: pd.Series,
    frequency: float,
    plan: dict,
    language: str = "en",
) -> dict:
    real = float(creator["real_share"])
    by_views = pd.notna(spec.get("views_share"))
    note = ""
    if by_views:
        gross = float(creator["avg_views"]) * float(spec["views_share"])
        basis = "average views"
        if gross <= 0:
            _ = translator(language)
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
        _working(row, campaign.currency, campaign.language) for row in priced.to_dict("records")
    ]
    return priced


def _working(row: dict, currency: str, language: str = "en") -> str:
    """The fee sum in words, e.g. ``8,931 impressions x 80% real = 7,145; / 1,000 x EUR 7.70
    CPM = EUR 55.02; x 1.2 format = EUR 66.02; x 1.45 terms = EUR 95.73``."""
    _ = translator(language)
    if not pd.notna(row["fair_fee"]):
        return row.get("note") or _("not priced")

    def cash(amount: float) -> str:
        return money_text(amount, currency, language, 2)

    real = _("{share} real", share=_.percent(row["real_share"], 0))
    if row["fee_basis"] == "cpm":
        start = _(
            "{gross} impressions x {real} = {impressions}; / 1,000 x {cpm} CPM",
            gross=_.number(row["gross_impressions"]),
            real=real,
            impressions=_.number(row["expected_impressions"]),
            cpm=cash(row["cpm"]),
        )
    else:
        start = _(
            "{engagements} engagements ({real}) x {cpe} CPE",
            engagements=_.number(row["expected_engagements"]),
            real=real,
            cpe=cash(row["cpe"]),
        )
    text = f"{start} = {cash(row['base_fee'])}"
    fee = row["base_fee"]
    if row["floor_applied"]:
        fee = row["rate_card_floor"]
        text += _(
            "; raised to the rate-card minimum for a {tier} post, {fee}",
            tier=row["tier"],
            fee=cash(fee),
        )
    if row["production_multiplier"] != 1:
        fee *= row["production_multiplier"]
        text += _(
            "; x {multiplier} format = {fee}",
            multiplier=plain_number(row["production_multiplier"], language),
            fee=cash(fee),
        )
    if row["terms_multiplier"] != 1:
        parts = [
            _("usage +{share}", share=_.percent(row["usage_premium"], 0))
            if row["usage_premium"]
            else "",
            _("exclusivity +{share}", share=_.percent(row["exclusivity_premium"], 0))
            if row["exclusivity_premium"]
            else "",
            _("rush +{share}", share=_.percent(row["rush_premium"], 0))
            if row["rush_premium"]
            else "",
        ]
        text += _(
            "; x {multiplier} terms ({premiums}) = {fee}",
            multiplier=_.number(row["terms_multiplier"], 2),
            premiums=", ".join(p for p in parts if p),
            fee=cash(row["fair_fee"]),
        )
    return text


# --- Quotes and the negotiation range -----------------------------------------------------


def convert_quotes(creators: pd.DataFrame, currency: str, language: str = "en") -> pd.DataFrame:
    """Each creator's quoted fee converted into the campaign currency, keeping the original.
    ``quote_note`` is written in ``language``.

    Returns
    -------
    DataFrame
        ``influencer_id``, ``quoted_fee``, ``quote_currency``, ``quote_converted``,
        ``fx_rate`` (campaign currency per unit of the quote's), ``rate_date`` and
        ``quote_note`` (why a quote could not be used, e.g. an unknown currency).
    """
    _ = translator(language)
    rows = []
    for creator in creators.to_dict("records"):
        amount, code = creator.get("quoted_fee"), creator.get("fee_currency")
        row = {
            "influencer_id": creator["influencer_id"],
            "quoted_fee": amount,
            "quote_currency": code if isinstance(code, str) else None,
            "quote_converted": np.nan,
            "fx_rate": np.nan,
            "rate_date": None,
            "quote_note": "",
        }
        if pd.isna(amount):
            row["quote_note"] = _("no quote")
        elif not isinstance(code, str):
            row["quote_note"] = _(
                "quote {amount} has no currency: add fee_currency", amount=_.number(amount, 2)
            )
        else:
            try:
                rate, rate_date = reference.fx_rate(code, currency)
            except KeyError:
                known = sorted(set(reference.reference_table("fx_rates")["currency"]))
                row["quote_note"] = _(
                    "quote {amount} {currency} not used: no exchange rate for {missing} on file "
                    "(known: {known}); add a dated rate to data/reference/fx_rates.csv",
                    amount=_.number(amount, 2),
                    currency=code,
                    missing=code if code not in known else currency,
                    known=", ".join(known),
                )
            else:
                row.update(quote_converted=amount * rate, fx_rate=rate, rate_date=rate_date)
        rows.append(row)
    return pd.DataFrame(rows)


def negotiation_ranges(
    priced: pd.DataFrame,
    quotes: pd.DataFrame,
    rates: dict[str, float],
    currency: str,
    language: str = "en",
) -> pd.DataFrame:
    """Opening offer, target and walk-away for every deliverable, with the quote placed on it.

    ``target_fee = fair_fee``, ``opening_offer = opening_share x fair_fee``,
    ``walk_away_fee = walk_away_share x fair_fee``. A quote is for the creator's main
    deliverable (feed post, short, long video) and for posting only: it is converted, given
    the campaign's usage and exclusivity premiums (``x terms_multiplier``) and scaled to the
    other deliverables by their fair fees (``x fair_fee / main fair_fee``).

    The fee planned for the budget, ``planned_fee``, is the quote when it is at or below the
    target (say yes), halfway between target and quote up to the walk-away point (meet in the
    middle), and the walk-away fee above it (counter at the walk-away point, or drop them).

    Returns
    -------
    DataFrame
        ``priced`` plus the quote columns of :func:`convert_quotes`, ``quote_with_terms``,
        ``quote_position`` (words), ``quote_place`` (0 = opening, 1 = walk-away),
        ``opening_offer``, ``target_fee``, ``walk_away_fee``, ``planned_fee`` and ``say_it``
        (what to tell the creator, in ``language``).
    """
    ranged = priced.merge(quotes, on="influencer_id", how="left")
    ranged["target_fee"] = ranged["fair_fee"]
    ranged["opening_offer"] = rates["opening_share"] * ranged["fair_fee"]
    ranged["walk_away_fee"] = rates["walk_away_share"] * ranged["fair_fee"]
    main = ranged[ranged["deliverable"] == ranged["platform"].map(MAIN_DELIVERABLE)]
    main_fee = main.set_index("influencer_id")["fair_fee"]
    scale = ranged["fair_fee"] / ranged["influencer_id"].map(main_fee)
    ranged["quote_with_terms"] = ranged["quote_converted"] * ranged["terms_multiplier"] * scale
    quote = ranged["quote_with_terms"]
    unusable = ranged["quoted_fee"].notna() & ranged["quote_converted"].isna()
    ranged["quote_position"] = np.select(
        [
            unusable,
            quote.isna(),
            quote <= ranged["opening_offer"],
            quote <= ranged["target_fee"],
            quote <= ranged["walk_away_fee"],
        ],
        [
            "quote not usable",
            "no quote",
            "below our opening",
            "opening to target",
            "target to walk-away",
        ],
        "above walk-away",
    )
    span = ranged["walk_away_fee"] - ranged["opening_offer"]
    ranged["quote_place"] = (quote - ranged["opening_offer"]) / span.where(span > 0)
    ranged["planned_fee"] = np.select(
        [quote.isna(), quote <= ranged["target_fee"], quote <= ranged["walk_away_fee"]],
        [ranged["target_fee"], quote, (ranged["target_fee"] + quote) / 2],
        ranged["walk_away_fee"],
    )
    ranged["say_it"] = [_say_it(row, currency, language) for row in ranged.to_dict("records")]
    return ranged


def _say_it(row: dict, currency: str, language: str = "en") -> str:
    """What a junior marketer can say out loud about one offer."""
    if not pd.notna(row["fair_fee"]):
        return ""
    _ = translator(language)

    def cash(amount: float, decimals: int = 0) -> str:
        return money_text(amount, currency, language, decimals)

    what = deliverable_labels(language)[row["deliverable"]]
    if row["fee_basis"] == "cpm":
        evidence = _(
            "Your {deliverable} should reach about {impressions} real impressions; at a market "
            "CPM of {cpm}",
            deliverable=what,
            impressions=_.number(row["expected_impressions"]),
            cpm=cash(row["cpm"], 2),
        )
    else:
        evidence = _(
            "Your {deliverable} should earn about {engagements} engagements; at a market CPE of "
            "{cpe}",
            deliverable=what,
            engagements=_.number(row["expected_engagements"]),
            cpe=cash(row["cpe"], 2),
        )
    text = _(
        "{evidence}, with the terms we ask, that is about {target}. We open at {opening} and go "
        "no higher than {walk_away}.",
        evidence=evidence,
        target=cash(row["target_fee"]),
        opening=cash(row["opening_offer"]),
        walk_away=cash(row["walk_away_fee"]),
    )
    position = row["quote_position"]
    quote = cash(row["quote_with_terms"]) if pd.notna(row["quote_with_terms"]) else ""
    if position == "above walk-away":
        text += " " + _(
            "Their quote ({quote} with our terms) is above that: show the working and trade "
            "usage or exclusivity, or walk away.",
            quote=quote,
        )
    elif position == "target to walk-away":
        text += " " + _(
            "Their quote ({quote}) is above target: meet in the middle, and ask for something "
            "back.",
            quote=quote,
        )
    elif position in ("below our opening", "opening to target"):
        text += " " + _(
            "Their quote ({quote}) is fair: accept it, and check it covers the usage and "
            "exclusivity we ask.",
            quote=quote,
        )
    return text


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


# --- The budget split -------------------------------------------------------------------------


@dataclass
class Allocation:
    """The outcome of :func:`allocate_budget`.

    ``status`` is ``optimal``, ``time_limit`` (the best plan found when the solver ran out of
    time), ``over_budget`` (nothing that meets the rules fits the budget), ``contradictory_rules``
    or ``no_candidates``; ``message`` says it in words for the report.
    """

    status: str
    message: str
    kpi: str
    budget: float
    spendable: float
    plan: pd.DataFrame = field(default_factory=pd.DataFrame)
    alternatives: pd.DataFrame = field(default_factory=pd.DataFrame)
    runners_up: pd.DataFrame = field(default_factory=pd.DataFrame)
    needed_budget: float | None = None

    @property
    def ok(self) -> bool:
        """True when there is a plan."""
        return self.status in ("optimal", "time_limit")

    @property
    def cost(self) -> float:
        """The plan's committed cost (campaign currency)."""
        return float(self.plan["planned_cost"].sum()) if len(self.plan) else 0.0

    @property
    def expected_kpi(self) -> float:
        """The plan's expected primary KPI (all audiences)."""
        return float(self.plan["expected_kpi"].sum()) if len(self.plan) else 0.0


RULE_GROUPS = (
    "min_creators_per_market",
    "market_share",
    "tier_share",
    "max_per_platform",
    "max_creators",
    "max_creator_share",
)


def unit_options(offers: pd.DataFrame, rates: dict[str, float], max_units: int) -> pd.DataFrame:
    """The units the optimiser may buy: unit 1, 2 ... of each priced offer.

    A second or later unit of the same deliverable costs ``1 - repeat_discount`` of the first
    and, when the KPI is reach, reaches only ``repeat_reach`` as many new people.
    """
    usable = offers[
        offers["committed_cost"].notna()
        & (offers["committed_cost"] > 0)
        & (offers["value"].fillna(0) > 0)
    ]
    frames = []
    for unit in range(1, max_units + 1):
        repeat = unit > 1
        price = 1 - rates["repeat_discount"] if repeat else 1.0
        new_people = np.where(repeat & (usable["kpi"] == "reach"), rates["repeat_reach"], 1.0)
        frames.append(
            pd.DataFrame(
                {
                    "offer": usable.index,
                    "influencer_id": usable["influencer_id"],
                    "handle": usable["handle"],
                    "platform": usable["platform"],
                    "market": usable["market"],
                    "tier": usable["tier"].astype(str),
                    "deliverable": usable["deliverable"],
                    "unit": unit,
                    "cost": usable["committed_cost"] * price,
                    "expected_cost": usable["expected_cost"] * price,
                    "kpi_value": usable["kpi_expected"] * new_people,
                    "value": usable["value"] * new_people,
                }
            )
        )
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True)


@contextlib.contextmanager
def _quiet_solver():
    """HiGHS sometimes writes progress notes straight to the process's stdout, which would land
    in the report; send file descriptors 1 and 2 to /dev/null while it runs."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    saved = [os.dup(1), os.dup(2)]
    with open(os.devnull, "w") as sink:
        os.dup2(sink.fileno(), 1)
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for handle in saved:
                os.close(handle)


@dataclass
class _Rows:
    """Sparse constraint rows for scipy's milp, added one at a time."""

    columns: int
    entries: list[tuple[int, int, float]] = field(default_factory=list)
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)

    def add(self, cols, values, lower: float, upper: float) -> None:
        row = len(self.lower)
        self.entries += [(row, int(c), float(v)) for c, v in zip(cols, values, strict=True)]
        self.lower.append(lower)
        self.upper.append(upper)

    def constraint(self) -> LinearConstraint:
        rows, cols, values = zip(*self.entries, strict=True) if self.entries else ((), (), ())
        matrix = sparse.csr_array((values, (rows, cols)), shape=(len(self.lower), self.columns))
        return LinearConstraint(matrix, self.lower, self.upper)


def solve_plan(
    options: pd.DataFrame,
    rules,
    markets: list[str],
    spend_limit: float | None,
    creator_limit: float | None,
    exclude: list[set[str]] | None = None,
    find_budget: tuple[float, float] | None = None,
    skip: tuple[str, ...] = (),
    time_limit: float = SOLVER_SECONDS,
) -> tuple[str, np.ndarray | None, float | None]:
    """Solve the budget split as a mixed-integer programme (``scipy.optimize.milp``, HiGHS).

    Variables: ``u_j`` = 1 when unit j is bought, ``y_i`` = 1 when creator i is hired.
    Maximise the sum of ``value_j u_j`` subject to: spend within ``spend_limit``; no unit
    without its creator and no creator without a unit; unit 2 only after unit 1; each
    creator's spend within ``creator_limit``; at most ``max_per_platform`` creators per
    platform and ``max_creators`` in all; at least ``min_creators_per_market`` in each market;
    each market's and tier's share of the spend within its [min, max].

    Parameters
    ----------
    options : DataFrame
        From :func:`unit_options`.
    rules : BudgetRules
        ``campaign.negotiation.rules``.
    markets : list of str
        The campaign's markets.
    spend_limit, creator_limit : float or None
        The budget after the reserve, and the most one creator may get (None: no limit).
    exclude : list of sets of creator ids, optional
        Creator line-ups that are not allowed again (to find the next best plans).
    find_budget : (spendable share, creator share), optional
        Instead of maximising the KPI, find the smallest budget B that allows a plan meeting
        the rules, with spend <= share x B and each creator <= creator share x B.
    skip : tuple of str
        Rule groups (see :data:`RULE_GROUPS`) to leave out, for diagnosing contradictions.

    Returns
    -------
    (status, chosen, objective)
        ``status`` is ``optimal``, ``time_limit``, ``infeasible`` or ``failed``; ``chosen`` a
        boolean array over the options (None without a solution); ``objective`` the total
        value, or the smallest budget when ``find_budget`` is given.
    """
    n = len(options)
    creator_codes, creators = pd.factorize(options["influencer_id"])
    m = len(creators)
    extra = 1 if find_budget else 0
    rows = _Rows(n + m + extra)
    cost = options["cost"].to_numpy(float)
    units = np.arange(n)
    creator_of = n + creator_codes
    budget_column = n + m
    if spend_limit is not None and not find_budget:
        rows.add(units, cost, -np.inf, spend_limit)
    if find_budget:
        rows.add([*units, budget_column], [*cost, -find_budget[0]], -np.inf, 0)
    for j in units:  # a unit only with its creator
        rows.add([j, creator_of[j]], [1, -1], -np.inf, 0)
    members = pd.Series(units).groupby(creator_codes)
    for code, group in members:  # a creator only with a unit
        rows.add([n + code, *group], [1, *([-1] * len(group))], -np.inf, 0)
    previous = options.reset_index(drop=True).set_index(["offer", "unit"]).index
    lookup = dict(zip(previous, units, strict=True))
    for j, (offer, unit) in enumerate(previous):  # unit k only after unit k - 1
        if unit > 1:
            rows.add([j, lookup[(offer, unit - 1)]], [1, -1], -np.inf, 0)
    for _code, group in members:  # a creator makes a few pieces, not everything on offer
        rows.add(group, np.ones(len(group)), -np.inf, rules.max_units_per_creator)
    if "max_creator_share" not in skip:
        for _code, group in members:
            if find_budget:
                rows.add([*group, budget_column], [*cost[group], -find_budget[1]], -np.inf, 0)
            elif creator_limit is not None:
                rows.add(group, cost[group], -np.inf, creator_limit)
    creator_platform = options.groupby(creator_codes)["platform"].first()
    creator_market = options.groupby(creator_codes)["market"].first()
    if "max_per_platform" not in skip:
        for platform, limit in rules.max_per_platform.items():
            codes = creator_platform.index[creator_platform == platform]
            if len(codes):
                rows.add(n + codes, np.ones(len(codes)), -np.inf, limit)
    if "max_creators" not in skip and rules.max_creators is not None:
        rows.add(n + np.arange(m), np.ones(m), -np.inf, rules.max_creators)
    if "min_creators_per_market" not in skip and rules.min_creators_per_market:
        for market in markets:
            codes = creator_market.index[creator_market == market]
            rows.add(n + codes, np.ones(len(codes)), rules.min_creators_per_market, np.inf)
    for group, column in (("market_share", "market"), ("tier_share", "tier")):
        if group in skip:
            continue
        for key, (low, high) in getattr(rules, group).items():
            inside = (options[column] == key).to_numpy(float)
            if low > 0:
                rows.add(units, (inside - low) * cost, 0, np.inf)
            if high < 1:
                rows.add(units, (inside - high) * cost, -np.inf, 0)
    for line_up in exclude or []:
        sign = np.where(np.isin(creators, list(line_up)), 1.0, -1.0)
        rows.add(n + np.arange(m), sign, -np.inf, len(line_up) - 1)
    if find_budget:
        objective = np.zeros(n + m + 1)
        objective[budget_column] = 1.0
    else:
        value = options["value"].to_numpy(float)
        # a hair of cost breaks ties towards the cheaper of two equally good plans
        tie = 1e-7 * value.max() / max(cost.sum(), 1.0) if n else 0.0
        objective = np.concatenate([-value + tie * cost, np.zeros(m)])
    integrality = np.concatenate([np.ones(n + m), np.zeros(extra)])
    upper = np.concatenate([np.ones(n + m), np.full(extra, np.inf)])
    with _quiet_solver():
        result = milp(
            objective,
            constraints=rows.constraint() if rows.lower else None,
            integrality=integrality,
            bounds=Bounds(np.zeros(n + m + extra), upper),
            options={"time_limit": time_limit, "mip_rel_gap": 1e-6, "disp": False},
        )
    if result.x is None:
        status = "infeasible" if result.status == 2 else "failed"
        return status, None, None
    chosen = result.x[:n] > 0.5
    status = "optimal" if result.status == 0 else "time_limit"
    if find_budget:
        return status, chosen, float(result.x[budget_column])
    return status, chosen, float(options["value"].to_numpy(float)[chosen].sum())


def rule_problems(campaign: Campaign, offers: pd.DataFrame) -> list[str]:
    """Rules that cannot hold whatever the budget: each a sentence saying what to change (in
    the campaign's language; the campaign file's field names stay as written)."""
    _ = translator(campaign.language)
    rules = campaign.negotiation.rules
    where = _("campaign file: negotiation.rules")
    lines = []
    for market in rules.market_share:
        if market not in campaign.markets:
            lines.append(
                _(
                    "{where}.market_share: {market} is not one of the campaign's markets "
                    "({markets})",
                    where=where,
                    market=market,
                    markets=", ".join(campaign.markets),
                )
            )
    for tier, (low, _high) in rules.tier_share.items():
        if tier not in campaign.vetting.tiers and low > 0:
            lines.append(
                _(
                    "{where}.tier_share: {tier} needs at least {share} of the spend but is not "
                    "one of the campaign's tiers ({tiers})",
                    where=where,
                    tier=tier,
                    share=_.percent(low, 0),
                    tiers=", ".join(campaign.vetting.tiers),
                )
            )
    priced = offers[offers["committed_cost"].fillna(0) > 0] if len(offers) else offers
    for market in campaign.markets:
        present = len(priced) and (priced["market"] == market).any()
        low = rules.market_share.get(market, (0, 1))[0]
        if not present and (rules.min_creators_per_market > 0 or low > 0):
            lines.append(
                _(
                    "{where}: {market} has no shortlisted creator with a priced deliverable, but "
                    "the rules ask for at least {count} creator(s) there "
                    "(min_creators_per_market) or a share of the spend; widen vetting or set it "
                    "to 0",
                    where=where,
                    market=market,
                    count=rules.min_creators_per_market,
                )
            )
    needed = rules.min_creators_per_market * len(campaign.markets)
    if rules.max_creators is not None and needed > rules.max_creators:
        lines.append(
            _(
                "{where}: max_creators ({max_creators}) is below min_creators_per_market "
                "({per_market}) x {markets} markets = {needed}",
                where=where,
                max_creators=rules.max_creators,
                per_market=rules.min_creators_per_market,
                markets=len(campaign.markets),
                needed=needed,
            )
        )
    limits = [rules.max_per_platform.get(p) for p in campaign.vetting.platforms]
    if all(limit is not None for limit in limits) and sum(limits) < needed:
        lines.append(
            _(
                "{where}: max_per_platform allows {allowed} creators in all, fewer than the "
                "{needed} that min_creators_per_market asks for",
                where=where,
                allowed=sum(limits),
                needed=needed,
            )
        )
    return lines


def allocate_budget(
    offers: pd.DataFrame,
    campaign: Campaign,
    alternatives: int = 2,
    time_limit: float = SOLVER_SECONDS,
) -> Allocation:
    """Choose creators and deliverables that maximise the primary KPI within budget and rules.

    The budget after the reserve is the spend limit; costs are each offer's
    ``committed_cost`` (what the model pays at high performance). When nothing fits, the
    smallest budget that would allow a plan meeting the rules is found and reported; when the
    rules cannot hold together, the rule to relax is named. After the best plan, the
    ``alternatives`` next best line-ups of creators are found too. Messages are in the
    campaign's language.

    Returns
    -------
    Allocation
    """
    _ = translator(campaign.language)
    rates = negotiation_rates(campaign)
    rules = campaign.negotiation.rules
    kpi = primary_kpi(campaign)
    budget = float(campaign.budget)
    spendable = budget * (1 - rules.reserve)
    base = {"kpi": kpi, "budget": budget, "spendable": spendable}
    problems = rule_problems(campaign, offers) if len(offers) else []
    if problems:
        return Allocation("contradictory_rules", " ".join(p + "." for p in problems), **base)
    options = unit_options(offers, rates, campaign.negotiation.max_units) if len(offers) else []
    if len(options) == 0:
        return Allocation(
            "no_candidates",
            _(
                "No shortlisted creator has a priced deliverable: nothing to plan. Check the "
                "vetting stage's shortlist and the deliverables in negotiation.deliverables."
            ),
            **base,
        )
    solve = {
        "rules": rules,
        "markets": campaign.markets,
        "time_limit": time_limit,
    }
    creator_limit = rules.max_creator_share * budget
    status, chosen, _objective = solve_plan(
        options, spend_limit=spendable, creator_limit=creator_limit, **solve
    )
    if chosen is None:
        return _why_no_plan(options, campaign, base, solve)
    plan = _plan_table(options, chosen, offers)
    allocation = Allocation(status, "", plan=plan, **base)
    allocation.alternatives = _alternatives(
        options, chosen, alternatives, spendable, creator_limit, solve, campaign.language
    )
    allocation.runners_up = _runners_up(options, chosen)
    allocation.message = (
        _("The solver stopped at its time limit: this is the best plan it found, not proven best.")
        if status == "time_limit"
        else _("Best plan within the budget and rules (proven optimal).")
    )
    return allocation


def _why_no_plan(options, campaign, base, solve) -> Allocation:
    """Explain an infeasible plan: too little budget, or rules that contradict each other."""
    language = campaign.language
    _ = translator(language)
    rules = campaign.negotiation.rules
    shares = (1 - rules.reserve, rules.max_creator_share)
    status, chosen, needed = solve_plan(
        options, spend_limit=None, creator_limit=None, find_budget=shares, **solve
    )
    if chosen is not None:
        cheapest = _plan_table(options, chosen, None)
        labels = deliverable_labels(language)
        line_up = ", ".join(
            _("{count} {deliverable} from {handle}", count=q, deliverable=labels[d], handle=h)
            for h, d, q in cheapest[["handle", "deliverable", "quantity"]].itertuples(index=False)
        )
        message = _(
            "Nothing that meets the rules fits the budget of {budget} ({spendable} after the "
            "{reserve} reserve). The cheapest plan that meets them costs {cheapest} ({line_up}) "
            "and needs a budget of at least {needed}. Raise the budget, lower the reserve, or "
            "relax the rules (fewer creators per market).",
            budget=money_text(base["budget"], campaign.currency, language),
            spendable=money_text(base["spendable"], campaign.currency, language),
            reserve=_.percent(rules.reserve, 0),
            cheapest=money_text(cheapest["planned_cost"].sum(), campaign.currency, language),
            line_up=line_up,
            needed=money_text(needed, campaign.currency, language),
        )
        return Allocation("over_budget", message, plan=pd.DataFrame(), needed_budget=needed, **base)
    culprits = []
    for group in RULE_GROUPS:
        status, chosen, _budget = solve_plan(
            options, spend_limit=None, creator_limit=None, find_budget=shares,
            skip=(group,), **solve,
        )  # fmt: skip
        if chosen is not None:
            culprits.append(group)
    hint = (
        _(
            "Relaxing {rules} would allow a plan.",
            rules=_(" or ").join(f"negotiation.rules.{g}" for g in culprits),
        )
        if culprits
        else _("Relax several of them (market and tier shares, creator counts) to allow a plan.")
    )
    return Allocation(
        "contradictory_rules",
        _(
            "The budget rules contradict each other for this shortlist: no plan can meet them "
            "all, whatever the budget. {hint}",
            hint=hint,
        ),
        **base,
    )


def _plan_table(
    options: pd.DataFrame, chosen: np.ndarray, offers: pd.DataFrame | None
) -> pd.DataFrame:
    """Chosen units summed per creator and deliverable."""
    picked = options[chosen]
    plan = (
        picked.groupby("offer")
        .agg(
            influencer_id=("influencer_id", "first"),
            handle=("handle", "first"),
            platform=("platform", "first"),
            market=("market", "first"),
            tier=("tier", "first"),
            deliverable=("deliverable", "first"),
            quantity=("unit", "size"),
            planned_cost=("cost", "sum"),
            expected_cost=("expected_cost", "sum"),
            expected_kpi=("kpi_value", "sum"),
            value=("value", "sum"),
        )
        .reset_index()
    )
    if offers is not None:
        plan["name"] = plan["offer"].map(offers["name"])
        plan["compensation_model"] = plan["offer"].map(offers["compensation_model"])
    return plan.sort_values(["market", "handle", "deliverable"]).reset_index(drop=True)


def _alternatives(
    options, chosen, count, spendable, creator_limit, solve, language: str = "en"
) -> pd.DataFrame:
    """The best plan and the next best line-ups of creators, with what each would buy."""
    line_ups = [set(options.loc[chosen, "influencer_id"])]
    rows = [_plan_row(1, options, chosen, line_ups[0], line_ups[0], language)]
    for rank in range(2, count + 2):
        status, other, _objective = solve_plan(
            options, spend_limit=spendable, creator_limit=creator_limit,
            exclude=line_ups, **solve,
        )  # fmt: skip
        if other is None:
            break
        line_up = set(options.loc[other, "influencer_id"])
        rows.append(_plan_row(rank, options, other, line_up, line_ups[0], language))
        line_ups.append(line_up)
    return pd.DataFrame(rows)


def _plan_row(rank, options, chosen, line_up, best, language: str = "en") -> dict:
    _ = translator(language)
    handles = options.drop_duplicates("influencer_id").set_index("influencer_id")["handle"]
    return {
        "plan": _("chosen") if rank == 1 else _("next best #{rank}", rank=rank - 1),
        "creators": len(line_up),
        "units": int(chosen.sum()),
        "planned_cost": float(options.loc[chosen, "cost"].sum()),
        "expected_kpi": float(options.loc[chosen, "kpi_value"].sum()),
        "added": ", ".join(sorted(handles[list(line_up - best)])),
        "dropped": ", ".join(sorted(handles[list(best - line_up)])),
    }


def _runners_up(options: pd.DataFrame, chosen: np.ndarray, count: int = 8) -> pd.DataFrame:
    """Creators left out, each with the best single unit they could have sold us."""
    hired = set(options.loc[chosen, "influencer_id"])
    first = options[(options["unit"] == 1) & ~options["influencer_id"].isin(hired)].copy()
    first["kpi_per_1000"] = first["kpi_value"] / first["cost"] * 1000
    best = first.sort_values("kpi_per_1000", ascending=False).drop_duplicates("influencer_id")
    columns = ["handle", "platform", "market", "tier", "deliverable", "cost", "kpi_value"]
    return best[[*columns, "kpi_per_1000"]].head(count).reset_index(drop=True)


def mark_selected(offers: pd.DataFrame, allocation: Allocation) -> pd.DataFrame:
    """``offers`` with the plan: ``selected``, ``quantity`` and ``planned_cost`` per offer."""
    marked = offers.copy()
    plan = allocation.plan.set_index("offer") if len(allocation.plan) else pd.DataFrame()
    quantity = plan["quantity"] if len(plan) else pd.Series(dtype=float)
    marked["quantity"] = marked.index.map(quantity).fillna(0).astype(int)
    marked["selected"] = marked["quantity"] > 0
    cost = plan["planned_cost"] if len(plan) else pd.Series(dtype=float)
    marked["planned_cost"] = marked.index.map(cost).fillna(0.0)
    return marked


def plan_campaign(
    campaign: Campaign,
    tables: dict[str, pd.DataFrame],
    shortlist: pd.DataFrame,
    alternatives: int = 2,
    time_limit: float = SOLVER_SECONDS,
) -> tuple[pd.DataFrame, Allocation]:
    """Price the shortlist and split the budget: ``(offers with selected, allocation)``."""
    offers = build_offers(campaign, shortlist, tables)
    allocation = allocate_budget(offers, campaign, alternatives, time_limit)
    return mark_selected(offers, allocation), allocation


# --- The relationship pipeline -------------------------------------------------------------


def pipeline_problems(
    pipeline: pd.DataFrame, roster: pd.DataFrame | None, path: str | Path, language: str = "en"
) -> list[str]:
    """Rows of the pipeline file that the later stages could not use, one line each (what is
    wrong in ``language``; the file, row and column as written).

    Creators must be on the roster, and a contracted, live or completed row needs its
    deliverable, quantity, agreed fee and a currency with an exchange rate on file.
    """
    _ = translator(language)
    lines = []
    if roster is not None:
        unknown = ~pipeline["influencer_id"].isin(roster["influencer_id"])
        for index in pipeline.index[unknown]:
            lines.append(
                problem(
                    path,
                    _("row {row}, column {column}", row=index + 2, column="influencer_id"),
                    _(
                        "{value} is not on the roster",
                        value=repr(pipeline.at[index, "influencer_id"]),
                    ),
                )
            )
    contracted = pipeline["stage"].isin(CONTRACTED_STAGES)
    for column in ("deliverable", "quantity", "agreed_fee", "currency"):
        empty = contracted & pipeline[column].isna()
        for index in pipeline.index[empty]:
            lines.append(
                problem(
                    path,
                    _("row {row}, column {column}", row=index + 2, column=column),
                    _(
                        "is empty, but a {stage} row needs it",
                        stage=stage_labels(language).get(
                            pipeline.at[index, "stage"], pipeline.at[index, "stage"]
                        ),
                    ),
                )
            )
    known = set(reference.reference_table("fx_rates")["currency"])
    unknown_currency = contracted & pipeline["currency"].notna() & ~pipeline["currency"].isin(known)
    for index in pipeline.index[unknown_currency]:
        lines.append(
            problem(
                path,
                _("row {row}, column {column}", row=index + 2, column="currency"),
                _(
                    "{value} has no exchange rate on file (known: {known}); add a dated rate to "
                    "data/reference/fx_rates.csv",
                    value=repr(pipeline.at[index, "currency"]),
                    known=", ".join(sorted(known)),
                ),
            )
        )
    return lines


def contracted_from(
    pipeline: pd.DataFrame | None,
    offers: pd.DataFrame | None,
    roster: pd.DataFrame,
    campaign: Campaign,
    path: str | Path = "pipeline",
) -> pd.DataFrame:
    """Contracted deliverables from the pipeline, or the selected offers when there is none.

    Raises
    ------
    InputError
        When pipeline rows cannot be used (see :func:`pipeline_problems`).
    """
    if pipeline is not None:
        problems = pipeline_problems(pipeline, roster, path, campaign.language)
        if problems:
            raise InputError(problems)
        rows = pipeline[pipeline["stage"].isin(CONTRACTED_STAGES)].copy()
        info = roster.set_index("influencer_id")
        for column in ("handle", "platform", "market"):
            rows[column] = rows["influencer_id"].map(info[column])
        rows["source"] = "pipeline"
    elif offers is not None and len(offers):
        rows = offers[offers["selected"].astype(bool)].copy()
        rows["agreed_fee"] = rows["planned_cost"]
        rows["currency"] = campaign.currency
        rows["stage"] = "planned"
        rows["source"] = "offers.csv"
    else:
        rows = pd.DataFrame(columns=CONTRACTED_COLUMNS)
        rows["source"] = pd.Series(dtype=str)
    rows = rows[[*CONTRACTED_COLUMNS, "source"]].reset_index(drop=True)
    rows["quantity"] = rows["quantity"].astype(int)
    rows["agreed_fee"] = rows["agreed_fee"].astype(float)
    rates = {code: reference.fx_rate(code, campaign.currency) for code in rows["currency"].unique()}
    rows["fx_rate"] = rows["currency"].map(lambda c: rates[c][0])
    rows["rate_date"] = rows["currency"].map(lambda c: rates[c][1])
    rows["agreed_fee_converted"] = rows["agreed_fee"] * rows["fx_rate"]
    return rows


def contracted_deliverables(
    campaign: Campaign, tables: dict[str, pd.DataFrame] | None = None, run_dir: str | Path = ""
) -> pd.DataFrame:
    """What the creators are contracted to deliver: the one function later stages call.

    Reads the campaign's relationship pipeline (``data.pipeline``) and keeps the rows in stage
    contracted, live or completed. A campaign without a pipeline falls back to the selected
    rows of ``offers.csv`` in the run folder, and when that is missing too, the negotiation
    stage's plan is computed (from ``shortlist.csv`` or the vetting helpers).

    Parameters
    ----------
    campaign : Campaign
        The campaign.
    tables : dict, optional
        Loaded data tables (``roster``, ``pipeline`` ...); missing ones are loaded.
    run_dir : str or Path, optional
        The run folder with the earlier stages' artifacts.

    Returns
    -------
    DataFrame
        One row per creator and deliverable: ``influencer_id``, ``handle``, ``platform``,
        ``market``, ``deliverable`` (feed_post, reel, story, short, long_video, live,
        link_in_bio), ``quantity`` (units), ``agreed_fee`` (for all the units, in
        ``currency``), ``currency``, ``stage`` (contracted, live, completed; ``planned`` for
        rows from offers.csv), ``source`` (pipeline or offers.csv), ``fx_rate`` and
        ``rate_date`` (the dated rate into the campaign currency) and ``agreed_fee_converted``
        (campaign currency).

    Raises
    ------
    InputError
        When the pipeline file has rows that cannot be used.
    """
    tables = dict(tables or {})
    wanted = ["roster"] + (["pipeline"] if campaign.data.pipeline else [])
    missing = [name for name in wanted if name not in tables]
    if missing:
        tables |= load_campaign_data(campaign, missing)
    pipeline = tables.get("pipeline")
    offers = None
    if pipeline is None:
        path = Path(run_dir) / "offers.csv" if run_dir else None
        if path is not None and path.is_file():
            offers = read_artifact(path)
        else:
            offers, _ = plan_campaign(campaign, tables, load_shortlist(campaign, tables, run_dir))
    return contracted_from(
        pipeline, offers, tables["roster"], campaign, campaign.data.pipeline or "pipeline"
    )


def read_artifact(path: Path) -> pd.DataFrame:
    """Read an artifact CSV back, undoing the apostrophe that ``artifacts.save_table`` puts
    before text a spreadsheet would run as a formula (``'@handle`` becomes ``@handle``)."""
    frame = pd.read_csv(path, keep_default_na=False, na_values=[""])
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            text = frame[column].astype("string")
            guarded = text.str.match(r"^'[=+\-@\t\r]").fillna(False)
            frame[column] = frame[column].mask(guarded, text.str[1:])
    return frame


def load_shortlist(
    campaign: Campaign, tables: dict[str, pd.DataFrame], run_dir: str | Path = ""
) -> pd.DataFrame:
    """``shortlist.csv`` from the run folder, else the vetting stage's, else a provisional one."""
    path = Path(run_dir) / "shortlist.csv" if run_dir else None
    if path is not None and path.is_file():
        return read_artifact(path)
    try:
        from helpers.stages import vetting
    except ImportError:
        return provisional_shortlist(campaign, tables)
    needed = ["roster", "posts", "follower_growth", "audience", "follower_samples"]
    missing = [name for name in needed if name not in tables]
    if missing:
        tables |= load_campaign_data(campaign, missing)
    return vetting.build_shortlist(campaign, tables)


def pipeline_funnel(pipeline: pd.DataFrame | None) -> pd.DataFrame:
    """Creators per pipeline stage (a creator counts once, at their furthest stage)."""
    order = {stage: i for i, stage in enumerate(PIPELINE_STAGES)}
    if pipeline is None or pipeline.empty:
        return pd.DataFrame({"stage": list(PIPELINE_STAGES), "creators": 0})
    furthest = (
        pipeline.assign(rank=pipeline["stage"].map(order))
        .sort_values("rank")
        .drop_duplicates("influencer_id", keep="last")
    )
    counts = furthest["stage"].value_counts().reindex(PIPELINE_STAGES, fill_value=0)
    return counts.rename_axis("stage").rename("creators").reset_index()


def pipeline_update(
    pipeline: pd.DataFrame | None, offers: pd.DataFrame, campaign: Campaign, today
) -> pd.DataFrame:
    """The pipeline to keep updating: the existing rows, then every planned creator not in it
    yet as ``identified``, with the planned deliverables and the target fee in the notes."""
    columns = list(TABLES["pipeline"])
    existing = pipeline[columns].copy() if pipeline is not None else pd.DataFrame(columns=columns)
    planned = offers[offers["selected"]]
    planned = planned[~planned["influencer_id"].isin(existing["influencer_id"])]
    language = campaign.language
    _ = translator(language)

    def cash(amount: float) -> str:
        return money_text(amount, campaign.currency, language)

    new = pd.DataFrame(
        {
            "influencer_id": planned["influencer_id"],
            "stage": "identified",
            "deliverable": planned["deliverable"],
            "quantity": planned["quantity"],
            "agreed_fee": np.nan,
            "currency": campaign.currency,
            "updated": pd.Timestamp(today),
            "notes": [
                _(
                    "open at {opening}, target {target}, walk away above {walk_away} per unit "
                    "({handle})",
                    opening=cash(o),
                    target=cash(t),
                    walk_away=cash(w),
                    handle=h,
                )
                for h, o, t, w in planned[
                    ["handle", "opening_offer", "target_fee", "walk_away_fee"]
                ].itertuples(index=False)
            ],
        }
    )
    frames = [frame for frame in (existing, new) if len(frame)]
    if not frames:
        return pd.DataFrame(columns=columns)
    merged = pd.concat(frames, ignore_index=True)
    merged["updated"] = pd.to_datetime(merged["updated"]).dt.strftime("%Y-%m-%d")
    merged["quantity"] = pd.to_numeric(merged["quantity"]).round().astype("Int64")  # 2, not 2.0
    return merged


# --- The finding ------------------------------------------------------------------------------


def negotiation_summary(
    campaign: Campaign, offers: pd.DataFrame, allocation: Allocation, flagged: int = 0
) -> str:
    """The stage's finding in two or three sentences of Markdown, for the top of the report, in
    the campaign's language.

    ``flagged`` is the number of creators the vetting stage flagged for a human look: when the
    shortlist rather than the budget limits the plan, they are where to look next.
    """
    language = campaign.language
    _ = translator(language)

    def cash(amount: float) -> str:
        return money_text(amount, campaign.currency, language)

    if not allocation.ok:
        # the message names creators (handles from the roster): escaped, they stay text
        return _("**No budget split.** {reason}", reason=report.text(allocation.message))
    kpi = allocation.kpi
    kpi_name = kpi_labels(language)[kpi]
    plan = allocation.plan
    target = next((g.target for g in campaign.goals if g.kpi == kpi), None)
    plan_values = {
        "creators": _.number(plan["influencer_id"].nunique()),
        "deliverables": _.number(int(plan["quantity"].sum())),
        "cost": cash(allocation.cost),
        "budget": cash(allocation.budget),
        "reserve": cash(allocation.budget - allocation.spendable),
        "result": _("{count} {kpi}", count=_.number(allocation.expected_kpi), kpi=kpi_name),
    }
    if target:
        first = _(
            "**Plan: {creators} creators, {deliverables} deliverables for {cost}** of the "
            "{budget} budget ({reserve} kept in reserve), expected to bring **{result}** (goal "
            "{target}: {share} of it).",
            target=_.number(target),
            share=_.percent(allocation.expected_kpi / target, 0),
            **plan_values,
        )
    else:
        first = _(
            "**Plan: {creators} creators, {deliverables} deliverables for {cost}** of the "
            "{budget} budget ({reserve} kept in reserve), expected to bring **{result}**.",
            **plan_values,
        )
    lines = [first]
    main = offers[offers["deliverable"] == offers["platform"].map(MAIN_DELIVERABLE)]
    quoted = main[main["quote_with_terms"].notna()]
    above = int((quoted["quote_position"] == "above walk-away").sum())
    what = _("impressions × CPM") if fee_basis(campaign) == "cpm" else _("engagements × CPE")
    counts = {"what": what, "above": _.number(above), "quoted": _.number(len(quoted))}
    if above == 1:
        lines.append(
            _(
                "Fair fees come from each creator's expected {what}, with fake followers paid "
                "nothing; {above} of {quoted} quotes sits above our walk-away point.",
                **counts,
            )
        )
    else:
        lines.append(
            _(
                "Fair fees come from each creator's expected {what}, with fake followers paid "
                "nothing; {above} of {quoted} quotes sit above our walk-away point.",
                **counts,
            )
        )
    unplanned = allocation.spendable - allocation.cost
    if allocation.runners_up.empty and unplanned > 0.1 * allocation.spendable:
        if flagged:
            lines.append(
                _(
                    "Every shortlisted creator is in the plan and {left} of the budget is left: "
                    "the shortlist, not the budget, limits the plan; the {flagged} creators "
                    "vetting flagged are the next to review.",
                    left=cash(unplanned),
                    flagged=_.number(flagged),
                )
            )
        else:
            lines.append(
                _(
                    "Every shortlisted creator is in the plan and {left} of the budget is left: "
                    "the shortlist, not the budget, limits the plan.",
                    left=cash(unplanned),
                )
            )
    elif len(allocation.alternatives) > 1:
        runner = allocation.alternatives.iloc[1]
        change = runner["expected_kpi"] / allocation.expected_kpi - 1
        if abs(change) < 0.01:
            lines.append(
                _(
                    "The next best line-up brings almost the same ({result} for {cost}): the "
                    "creators it swaps are interchangeable, so let their answers decide.",
                    result=_.number(runner["expected_kpi"]),
                    cost=cash(runner["planned_cost"]),
                )
            )
        elif change <= 0:
            lines.append(
                _(
                    "The next best line-up would bring {change} fewer {kpi} for {cost}.",
                    change=_.percent(abs(change), 1),
                    kpi=kpi_name,
                    cost=cash(runner["planned_cost"]),
                )
            )
        else:
            lines.append(
                _(
                    "The next best line-up would bring {change} more {kpi} for {cost}.",
                    change=_.percent(abs(change), 1),
                    kpi=kpi_name,
                    cost=cash(runner["planned_cost"]),
                )
            )
    return " ".join(lines)


WHAT_IF = {
    "as in the campaign file": {},
    "3 months of organic reuse": {"usage_months": 3, "paid_usage": False},
    "3 months of paid usage": {"usage_months": 3, "paid_usage": True},
    "30 days' exclusivity": {"exclusivity_days": 30},
    "rush delivery": {"rush": True},
}


def what_if_labels(language: str = "en") -> dict[str, str]:
    """The names of the :data:`WHAT_IF` scenarios in the report's language."""
    _ = translator(language)
    return {
        "as in the campaign file": _("as in the campaign file"),
        "3 months of organic reuse": _("3 months of organic reuse"),
        "3 months of paid usage": _("3 months of paid usage"),
        "30 days' exclusivity": _("30 days' exclusivity"),
        "rush delivery": _("rush delivery"),
    }


def what_if(
    campaign: Campaign,
    shortlist: pd.DataFrame,
    tables: dict[str, pd.DataFrame],
    changes: dict[str, object],
    time_limit: float = 5.0,
) -> dict[str, object]:
    """Re-plan with other deal terms (``usage_months``, ``paid_usage``, ``exclusivity_days``,
    ``rush``, ``model``): the typical fee and what the budget buys then.

    Returns
    -------
    dict
        ``typical_fee`` (median fair fee of the main deliverables), ``planned_cost``,
        ``creators``, ``deliverables``, ``expected_kpi`` and ``status``.
    """
    changed = campaign.model_copy(
        update={"negotiation": campaign.negotiation.model_copy(update=changes)}
    )
    offers, allocation = plan_campaign(changed, tables, shortlist, 0, time_limit)
    main = offers[offers["deliverable"] == offers["platform"].map(MAIN_DELIVERABLE)]
    return {
        "typical_fee": float(main["fair_fee"].median()) if len(main) else float("nan"),
        "planned_cost": allocation.cost,
        "creators": int(allocation.plan["influencer_id"].nunique()) if allocation.ok else 0,
        "deliverables": int(allocation.plan["quantity"].sum()) if allocation.ok else 0,
        "expected_kpi": allocation.expected_kpi,
        "status": allocation.status,
    }


def what_if_table(
    campaign: Campaign, shortlist: pd.DataFrame, tables: dict[str, pd.DataFrame]
) -> pd.DataFrame:
    """The plan under a few other deal terms and each compensation model, side by side
    (scenario names in the campaign's language)."""
    _ = translator(campaign.language)
    names = what_if_labels(campaign.language)
    scenarios = {names[name]: changes for name, changes in WHAT_IF.items()}
    current = compensation_model(campaign)
    models = model_labels(campaign.language)
    for model in ("flat", "hybrid", "cpm"):
        if model != current:
            scenarios[_("model: {model}", model=models[model])] = {"model": model}
    rows = [
        {"scenario": name, **what_if(campaign, shortlist, tables, changes)}
        for name, changes in scenarios.items()
    ]
    return pd.DataFrame(rows)
