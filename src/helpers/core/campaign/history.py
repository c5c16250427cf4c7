"""The agency's own past campaigns (``history:``): where they are, and how much the published
benchmark counts against them.

Each past campaign is a campaign file that names its ``data.pipeline`` and ``data.results``, or
a folder holding ``pipeline.csv`` and ``results.csv`` (``.xlsx`` too; ``roster.csv``
optional). Written in the campaign file as::

    history:
      folder: history/                          # every campaign file and folder in it
      campaigns: [past/winter-2026.yaml, past/spring-2026/]
      benchmark_weight: {cpm: 5, click_through_rate: 10, conversion_rate: 10}

``history: history/`` alone is the folder. With no ``history:``, every estimate is the published
benchmark (0% history) and the negotiation and ROI pages say how to add it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, ValidationInfo, field_validator, model_validator

from helpers.core.campaign.fields import Section
from helpers.core.campaign.settings import _resolve_relative_to_file

#: the published benchmark counts as much as this many past deals (CPM) or posts (the rates):
#: the playbook's assumption, not a published figure (``history.benchmark_weight``)
BENCHMARK_WEIGHT = {"cpm": 5.0, "click_through_rate": 10.0, "conversion_rate": 10.0}

Count = Annotated[float, Field(ge=0, le=1_000_000, allow_inf_nan=False)]


class BenchmarkWeight(Section):
    """How many past deals (CPM) or posts (click-through and conversion rates) the published
    benchmark counts as: the share of an estimate that is history is n / (n + this)."""

    cpm: Count = Field(
        BENCHMARK_WEIGHT["cpm"], description="past deals the published CPM counts as"
    )
    click_through_rate: Count = Field(
        BENCHMARK_WEIGHT["click_through_rate"],
        description="past posts the published click-through rate counts as",
    )
    conversion_rate: Count = Field(
        BENCHMARK_WEIGHT["conversion_rate"],
        description="past posts (with clicks) the published conversion rate counts as",
    )

    @model_validator(mode="before")
    @classmethod
    def _one_number_for_all(cls, value: Any) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return dict.fromkeys(BENCHMARK_WEIGHT, value)
        return value

    def of(self, metric: str) -> float:
        """The weight of one metric (``cpm``, ``click_through_rate``, ``conversion_rate``)."""
        return float(getattr(self, metric))

    @property
    def assumed(self) -> bool:
        """Whether these are the playbook's defaults (an assumption), not the campaign's own."""
        return all(self.of(metric) == value for metric, value in BENCHMARK_WEIGHT.items())


class History(Section):
    """The past campaigns to learn fees, CPM, click-through and conversion rates from."""

    folder: Path | None = Field(
        None, description="a folder: every campaign file and folder in it is a past campaign"
    )
    campaigns: list[Path] = Field(
        default_factory=list,
        description="past campaigns: campaign files, or folders with pipeline.csv and results.csv",
    )
    benchmark_weight: BenchmarkWeight = Field(
        default_factory=BenchmarkWeight,
        description="how many past deals or posts the published benchmark counts as",
    )

    @field_validator("folder", mode="before")
    @classmethod
    def _folder_relative(cls, value: Any, info: ValidationInfo) -> Any:
        return _resolve_relative_to_file(value, info) if isinstance(value, str | Path) else value

    @field_validator("campaigns", mode="before")
    @classmethod
    def _campaigns_relative(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str | Path):
            value = [value]
        if not isinstance(value, list):
            return value
        return [
            _resolve_relative_to_file(item, info) if isinstance(item, str | Path) else item
            for item in value
        ]

    @model_validator(mode="before")
    @classmethod
    def _a_folder_alone(cls, value: Any) -> Any:
        return {"folder": value} if isinstance(value, str | Path) else value

    @property
    def given(self) -> bool:
        """Whether the campaign names any past campaigns (a folder or a list)."""
        return self.folder is not None or bool(self.campaigns)
