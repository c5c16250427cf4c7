"""How results are read: attribution, the monitoring date, EMV, A/B tests and rehiring."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import (
    Field,
    model_validator,
)

from helpers.core.campaign.fields import Money, Platform, Section

ABMetric = Literal["ctr", "conversion_rate", "engagement_rate"]
Multiple = Annotated[float, Field(gt=0, allow_inf_nan=False)]


class Measurement(Section):
    """How results are read: attribution, the monitoring date, EMV CPMs, A/B tests and the
    rehire thresholds (stages 05-monitoring and 06-roi, guide chapters 6.4 and 7)."""

    attribution_window_days: Annotated[int, Field(ge=0, le=365)] = Field(
        7, description="days after a post in which a link click or code use still counts"
    )
    as_of: date | None = Field(
        None, description="monitoring date; default: the last post day in results_to_date"
    )
    emv_cpm: dict[Platform, Money] = Field(
        default_factory=dict,
        description="EMV CPM per platform in the campaign currency, replacing the reference one",
    )
    emv_cpm_source: str | None = Field(None, description="where the emv_cpm figures come from")
    ab_metric: ABMetric = Field("ctr", description="the rate the A/B test is judged on")
    ab_alpha: Annotated[float, Field(gt=0, lt=0.5)] = Field(
        0.05, description="significance level of the A/B test (two-sided)"
    )
    ab_power: Annotated[float, Field(ge=0.5, lt=1)] = Field(
        0.8, description="power of the planned A/B test (the sample it needs, stages 04 and 06)"
    )
    ab_min_lift: Annotated[float, Field(gt=0, le=10)] = Field(
        0.2,
        description="smallest relative change of the A/B rate worth detecting (0.2 = +20%): "
        "the test is planned to detect it",
    )
    ab_post_spread: Annotated[float, Field(gt=0, le=5)] | None = Field(
        None,
        description="how much posts' rates vary around their variant's (coefficient of "
        "variation, 0.5 = about +-50%); default 0.5, a planning assumption: the ROI page "
        "measures yours",
    )
    rehire_at_most: Multiple = Field(
        1.2, description="rehire a creator whose cost per result is at most this x the campaign's"
    )
    renegotiate_at_most: Multiple = Field(
        2.0, description="renegotiate up to this x the campaign's cost per result; drop above"
    )

    @model_validator(mode="after")
    def _rehire_below_renegotiate(self) -> Measurement:
        if self.renegotiate_at_most < self.rehire_at_most:
            raise ValueError(
                f"renegotiate_at_most ({self.renegotiate_at_most:g}) must be at least "
                f"rehire_at_most ({self.rehire_at_most:g})"
            )
        return self
