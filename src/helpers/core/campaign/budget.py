"""The rules a budget split must keep: reserve, caps per creator and platform, and the share
ranges per market and tier.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    Field,
    field_validator,
)

from helpers.core.campaign.fields import (
    SHARE_TOLERANCE,
    CountryCode,
    Platform,
    Section,
    Share,
    Tier,
)

ShareRange = tuple[Share, Share]


def _check_share_ranges(ranges: dict[str, tuple[float, float]], what: str) -> None:
    """Each (min, max) share needs min <= max, and the minimums together cannot pass 1."""
    for key, (low, high) in ranges.items():
        if low > high:
            raise ValueError(f"{what} {key}: minimum {low:g} is above maximum {high:g}")
    lowest = sum(low for low, _high in ranges.values())
    if lowest > 1 + SHARE_TOLERANCE:
        raise ValueError(f"{what} minimums add up to {lowest:g}, more than the whole (1)")


class BudgetRules(Section):
    """Rules the budget split must keep (the negotiation stage's optimiser)."""

    reserve: Share = Field(0.1, description="share of the budget kept back, not planned")
    max_creator_share: Share = Field(0.3, description="most of the budget one creator may get")
    min_creators_per_market: Annotated[int, Field(ge=0, le=50)] = Field(
        1, description="least creators in each campaign market"
    )
    max_creators: Annotated[int, Field(ge=1)] | None = Field(None, description="most creators")
    max_units_per_creator: Annotated[int, Field(ge=1, le=20)] = Field(
        3, description="most deliverables (units) bought from one creator"
    )
    max_per_platform: dict[Platform, Annotated[int, Field(ge=0)]] = Field(
        default_factory=dict, description="most creators per platform"
    )
    market_share: dict[CountryCode, ShareRange] = Field(
        default_factory=dict, description="[min, max] share of the planned spend per market"
    )
    tier_share: dict[Tier, ShareRange] = Field(
        default_factory=dict, description="[min, max] share of the planned spend per tier"
    )

    @field_validator("market_share")
    @classmethod
    def _market_ranges(cls, value: dict[str, tuple[float, float]]) -> dict:
        _check_share_ranges(value, "market_share")
        return value

    @field_validator("tier_share")
    @classmethod
    def _tier_ranges(cls, value: dict[str, tuple[float, float]]) -> dict:
        _check_share_ranges(value, "tier_share")
        return value
