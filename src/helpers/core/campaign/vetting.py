"""Which creators are eligible, and how the vetting stage weighs and flags them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    Field,
    field_validator,
    model_validator,
)

from helpers.core.campaign.fields import PLATFORMS, TIERS, Platform, Section, Share, Tier

Weight = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Score = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Ratio = Annotated[float, Field(gt=0, allow_inf_nan=False)]


class Weights(Section):
    """Relative weights of the parts of a score: at least one must be above 0."""

    @model_validator(mode="after")
    def _not_all_zero(self) -> Weights:
        if not any(value > 0 for _name, value in self):
            raise ValueError("at least one weight must be above 0")
        return self


class ScoreWeights(Weights):
    """How much each component counts in the composite score (relative; they need not add up
    to 1). A component with no data for a creator is left out and the others are rescaled."""

    audience_fit: Weight = Field(0.35, description="audience in the campaign's markets etc.")
    audience_quality: Weight = Field(0.30, description="the 0-100 audience-quality score")
    engagement: Weight = Field(0.15, description="engagement percentile among peers")
    disclosure: Weight = Field(0.10, description="share of sponsored posts labelled correctly")
    brand_safety: Weight = Field(0.10, description="no captions in avoided categories")


class QualityWeights(Weights):
    """How much each authenticity signal counts in the audience-quality score (relative)."""

    follower_sample: Weight = Field(0.5, description="estimated fake share from a sample")
    vendor: Weight = Field(
        0.5, description="a vendor's audience credibility or fake-follower share (roster)"
    )
    growth: Weight = Field(0.25, description="bought-follower spikes and sudden drops")
    engagement_pattern: Weight = Field(0.25, description="pods and suspicious engagement")


def _brand_safety_categories() -> set[str]:
    """The categories of ``data/reference/brand_safety.csv`` (read lazily, stdlib only)."""
    import csv

    from helpers.core.config import REFERENCE_DIR

    path = REFERENCE_DIR / "brand_safety.csv"
    if not path.exists():
        return set()
    with open(path, encoding="utf-8", newline="") as handle:
        return {row["category"] for row in csv.DictReader(handle)}


class Vetting(Section):
    """Which creators are eligible, and how the vetting stage scores and flags them."""

    platforms: list[Platform] = Field(default_factory=lambda: list(PLATFORMS))
    tiers: list[Tier] = Field(default_factory=lambda: list(TIERS))
    max_fake_share: Share = Field(0.3, description="highest estimated fake-follower share")
    min_audience_in_markets: Share = Field(
        0.5, description="lowest share of a creator's audience in the campaign's countries"
    )
    min_audience_in_age: Share = Field(
        0.0, description="lowest share of a creator's audience inside the target age range"
    )
    require_interest_match: bool = Field(True, description="share at least one interest")
    require_language_match: bool = Field(True, description="content in a campaign language")
    er_suspicious_high: Ratio = Field(
        3.0, description="flag engagement this many times the peer median or more"
    )
    er_suspicious_low: Ratio = Field(
        0.33, description="flag engagement at this fraction of the peer median or less"
    )
    pod_comment_ratio: Ratio = Field(
        3.0, description="flag comments per like this many times the platform median or more"
    )
    spike_threshold: Share = Field(
        0.08, description="weekly follower jump above the usual that counts as a spike"
    )
    drop_threshold: Share = Field(
        0.05, description="weekly follower loss beyond the usual that counts as a drop"
    )
    giveaway_engagement_lift: Ratio = Field(
        1.3, description="engagement lift around a spike that marks a giveaway, not a purchase"
    )
    min_disclosure_share: Share = Field(
        0.8, description="lowest share of sponsored posts labelled per the market's rule"
    )
    min_audience_quality: Score = Field(40, description="exclude below this quality score")
    min_composite_score: Score = Field(0, description="exclude below this composite score")
    avoid_categories: list[str] | None = Field(
        None, description="brand-safety categories to flag; default: all in brand_safety.csv"
    )
    avoid_keywords: list[str] = Field(
        default_factory=list, description="extra words to flag in captions, e.g. competitors"
    )
    unverified: Literal["plan", "hold"] = Field(
        "plan",
        description="creators with no follower sample or vendor figure: plan them (shortlisted, "
        "marked for a manual check) or hold them (flagged until checked)",
    )
    weights: ScoreWeights = Field(default_factory=ScoreWeights)
    quality_weights: QualityWeights = Field(default_factory=QualityWeights)

    @field_validator("avoid_categories")
    @classmethod
    def _known_categories(cls, value: list[str] | None) -> list[str] | None:
        known = _brand_safety_categories()
        unknown = [c for c in value or [] if known and c not in known]
        if unknown:
            raise ValueError(
                f"unknown brand-safety categor{'y' if len(unknown) == 1 else 'ies'} "
                f"{', '.join(unknown)} (known: {', '.join(sorted(known))})"
            )
        return value

    @model_validator(mode="after")
    def _low_below_high(self) -> Vetting:
        if self.er_suspicious_low >= self.er_suspicious_high:
            raise ValueError(
                f"er_suspicious_low ({self.er_suspicious_low:g}) must be below "
                f"er_suspicious_high ({self.er_suspicious_high:g})"
            )
        return self
