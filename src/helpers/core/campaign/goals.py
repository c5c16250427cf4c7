"""What the campaign wants: its goals (a KPI and a target), the planning assumptions the goals
stage checks them with, and the audience it wants to reach.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    Field,
    field_validator,
)

from helpers.core.campaign.fields import (
    CountryCode,
    Gender,
    LanguageCode,
    Platform,
    Section,
    Share,
    check_shares_sum,
)


def _kpi_name(value: Any) -> Any:
    """``"Engagement rate"`` or ``"engagement-rate"`` becomes ``engagement_rate``; the goals
    stage checks the name against its catalogue and suggests the closest one."""
    if isinstance(value, str):
        return re.sub(r"[\s\-]+", "_", value.strip().lower())
    return value


def _percent_text(value: Any) -> Any:
    """Accept ``"3.5%"`` as 0.035; any other text is left to pydantic's number check."""
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            return float(value.strip()[:-1].replace(",", ".")) / 100
        except ValueError:
            return value
    return value


class Goal(Section):
    """One goal: a KPI with a numeric target (the goals stage checks it is SMART).

    The KPI name and the sign of the target are checked by ``helpers.stages.goals.goal_problems``
    rather than here, so that a report can still be made and show what is wrong.
    """

    kpi: Annotated[str, BeforeValidator(_kpi_name), Field(min_length=1)] = Field(
        description="KPI name from the catalogue in helpers.stages.goals, e.g. reach, conversions"
    )
    target: Annotated[float, BeforeValidator(_percent_text), Field(allow_inf_nan=False)] = Field(
        description="numeric target; rates as fractions (0.035 or '3.5%' for 3.5%)"
    )
    baseline: Annotated[
        float | None, BeforeValidator(_percent_text), Field(allow_inf_nan=False)
    ] = Field(None, description="today's value, when known")
    deadline: date | None = Field(None, description="default: the campaign's end")
    market: CountryCode | None = Field(None, description="a single market the goal is about")


class Assumptions(Section):
    """Planning rates for the goals stage's feasibility check; each one left out uses the
    playbook's reference value (``media_costs.csv``, ``planning_rates.csv``)."""

    cpm: dict[Platform, Annotated[float, Field(gt=0, allow_inf_nan=False)]] = Field(
        default_factory=dict,
        description="cost per 1,000 impressions per platform, in the campaign currency",
    )
    cpe: dict[Platform, Annotated[float, Field(gt=0, allow_inf_nan=False)]] = Field(
        default_factory=dict, description="cost per engagement per platform, campaign currency"
    )
    frequency: Annotated[float, Field(ge=1, le=20)] | None = Field(
        None, description="impressions per account reached, per post"
    )
    click_through_rate: Annotated[float, Field(gt=0, le=1)] | None = Field(
        None, description="link clicks per impression, as a fraction"
    )
    conversion_rate: Annotated[float, Field(gt=0, le=1)] | None = Field(
        None, description="conversions per link click, as a fraction"
    )
    source: str | None = Field(None, description="where these numbers come from")


class Audience(Section):
    """Who the campaign wants to reach."""

    countries: dict[CountryCode, Share] = Field(
        default_factory=dict, description="share of the audience per country, adding up to 1"
    )
    age: tuple[int, int] = Field((18, 65), description="youngest and oldest age targeted")
    genders: dict[Gender, Share] = Field(
        default_factory=dict, description="share per gender, adding up to 1"
    )
    interests: list[str] = Field(default_factory=list, description="e.g. skincare, finance")
    languages: list[LanguageCode] = Field(default_factory=list, description="ISO 639-1 codes")

    @field_validator("countries")
    @classmethod
    def _countries_sum_to_one(cls, value: dict[str, float]) -> dict[str, float]:
        return check_shares_sum(value, "country")

    @field_validator("genders")
    @classmethod
    def _genders_sum_to_one(cls, value: dict[str, float]) -> dict[str, float]:
        return check_shares_sum(value, "gender")

    @field_validator("age")
    @classmethod
    def _age_range(cls, value: tuple[int, int]) -> tuple[int, int]:
        youngest, oldest = value
        if not 13 <= youngest <= oldest <= 100:
            raise ValueError(
                f"age range {youngest}-{oldest} is not valid (13 <= youngest <= oldest <= 100)"
            )
        return value
