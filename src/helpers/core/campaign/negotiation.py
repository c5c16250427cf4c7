"""The negotiation terms: fee basis, benchmark overrides, rates, deliverables, usage and
exclusivity, the compensation model, and who signs the messages.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import (
    BeforeValidator,
    Field,
    model_validator,
)

from helpers.core.campaign.budget import BudgetRules
from helpers.core.campaign.fields import CountryCode, Money, Platform, Section

Deliverable = Literal["feed_post", "reel", "story", "short", "long_video", "live", "link_in_bio"]
CompensationModel = Literal["flat", "cpm", "cpe", "cpc", "cpa", "gifting", "hybrid"]
NegotiationRate = Literal[
    "usage_organic_per_month",
    "usage_paid_per_month",
    "exclusivity_per_30_days",
    "rush",
    "opening_share",
    "walk_away_share",
    "repeat_discount",
    "repeat_reach",
    "performance_low",
    "performance_high",
    "risk_premium_split",
    "risk_premium_creator",
    "performance_cap",
    "hybrid_base_share",
    "hybrid_cap",
    "gifting_post_probability",
    "commission_rate",
    "discount_rate",
    "rehire_weight",
    "rehire_cap",
    "rate_card_floor",
    "published_price_level",
    "market_minimum_followers",
    "short_cap_share",
]
#: what a campaign may set per deliverable (``negotiation.formats``), the parameters of
#: ``data/reference/deliverables.csv``
FormatParameter = Literal[
    "reach_rate",
    "views_share",
    "engagement_factor",
    "click_factor",
    "cpm_factor",
    "floor_share",
    "duration_minutes",
    "days",
    "add_on_share",
]


def _number(value: object) -> float | None:
    """``value`` as a finite float, None when it is not a number (text, a bool, inf, NaN)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _price_level(value: object) -> float:
    number = _number(value)
    if number is None or number <= 0:
        raise ValueError(
            f"{value!r} is not a price level (a number above 0 on the EU27_2020 = 100 scale, "
            "e.g. Denmark 148.6, Poland 60.7)"
        )
    return number


def _format_value(value: object) -> float:
    number = _number(value)
    if number is None or number < 0:
        raise ValueError(f"{value!r} is not a number of at least 0")
    return number


PriceLevel = Annotated[float, BeforeValidator(_price_level)]
FormatValue = Annotated[float, BeforeValidator(_format_value)]


class BenchmarkOverride(Section):
    """A CPM and/or CPE to use instead of the reference one, in the campaign currency."""

    platform: Platform
    market: CountryCode | None = Field(None, description="only this market; default: all")
    cpm: Money | None = Field(None, description="cost per 1,000 impressions")
    cpe: Money | None = Field(None, description="cost per engagement")
    source: str = Field("campaign file", description="where the number comes from")

    @model_validator(mode="after")
    def _has_a_number(self) -> BenchmarkOverride:
        if self.cpm is None and self.cpe is None:
            raise ValueError("give a cpm, a cpe or both")
        return self


class Contact(Section):
    """Who signs the outreach messages and term sheets."""

    name: str = Field("[your name]", description="sender of the first messages")
    role: str = Field("Influencer Marketing Manager", description="sender's role")
    role_lv: str = Field(
        "influenceru mārketinga vadītāja", description="sender's role in Latvian messages"
    )
    company: str | None = Field(None, description="default: the brand")
    email: str = Field("[your e-mail]", description="reply address")


class Negotiation(Section):
    """Fair fees, offers, compensation models and the budget split (stage 03, chapters 4-5).

    Every number left out comes from ``data/reference/`` (``media_costs.csv``,
    ``deliverables.csv``, ``negotiation_rates.csv``); the campaign's ``assumptions`` section
    (CPM and CPE per platform, frequency, click-through and conversion rates) applies too.
    """

    fee_basis: Literal["auto", "cpm", "cpe"] = Field(
        "auto", description="price from impressions (cpm) or engagements (cpe); auto: objective"
    )
    benchmarks: list[BenchmarkOverride] = Field(
        default_factory=list, description="CPM/CPE per platform and market, campaign currency"
    )
    rates: dict[NegotiationRate, Annotated[float, Field(ge=0, allow_inf_nan=False)]] = Field(
        default_factory=dict, description="premiums and negotiation rates replacing the reference"
    )
    deliverables: list[Deliverable] = Field(
        default_factory=list, description="deliverables to price; default: all a platform has"
    )
    price_levels: dict[CountryCode, PriceLevel] = Field(
        default_factory=dict,
        description="price level per market (EU27_2020 = 100) replacing price_levels.csv",
    )
    formats: dict[Deliverable, dict[FormatParameter, FormatValue]] = Field(
        default_factory=dict,
        description="per deliverable, parameters of deliverables.csv to replace",
    )
    max_units: Annotated[int, Field(ge=1, le=5)] = Field(
        2, description="most units of one deliverable per creator"
    )
    usage_months: Annotated[int, Field(ge=0, le=60)] = Field(
        0, description="months the brand may reuse the content"
    )
    paid_usage: bool = Field(False, description="usage includes paid amplification (ads)")
    exclusivity_days: Annotated[int, Field(ge=0, le=730)] = Field(
        0, description="days the creator works with no competitor"
    )
    rush: bool = Field(False, description="delivery in under a week")
    model: Literal["auto", "flat", "cpm", "cpe", "cpc", "cpa", "gifting", "hybrid"] = Field(
        "auto", description="compensation model offered; auto: by objective"
    )
    optimise_for: (
        Literal["reach", "impressions", "views", "engagements", "clicks", "conversions"] | None
    ) = Field(None, description="KPI the budget split maximises; default: the first goal's")
    product_value: Money = Field(0, description="market value of the product sent to creators")
    average_order_value: Money | None = Field(
        None, description="for commission deals: net order value in the campaign currency"
    )
    approval_rounds: Annotated[int, Field(ge=0, le=5)] = Field(2, description="feedback rounds")
    payment_terms: str = Field(
        "50% on signature, 50% within 14 days of go-live", description="for the term sheets"
    )
    contact: Contact = Field(default_factory=Contact)
    rules: BudgetRules = Field(default_factory=BudgetRules)

    @model_validator(mode="after")
    def _range_around_the_target(self) -> Negotiation:
        opening, walk_away = self.rates.get("opening_share"), self.rates.get("walk_away_share")
        if opening is not None and opening > 1:
            raise ValueError(
                f"rates.opening_share ({opening:g}) must be at most 1: the opening offer is "
                "at or below the target fee"
            )
        if walk_away is not None and walk_away < 1:
            raise ValueError(
                f"rates.walk_away_share ({walk_away:g}) must be at least 1: the walk-away point "
                "is at or above the target fee"
            )
        return self
