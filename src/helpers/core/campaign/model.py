"""The whole campaign file (``schema: 1``): every section together, and the checks across them."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    Field,
    field_validator,
    model_validator,
)

from helpers.core.campaign.calendar import Calendar, CalendarSettings
from helpers.core.campaign.fields import (
    CountryCode,
    CurrencyCode,
    Money,
    Objective,
    OneLine,
    Section,
    check_report_id,
    check_report_language,
)
from helpers.core.campaign.goals import Assumptions, Audience, Goal
from helpers.core.campaign.history import History
from helpers.core.campaign.measurement import Measurement
from helpers.core.campaign.negotiation import Negotiation
from helpers.core.campaign.report import ReportSettings
from helpers.core.campaign.settings import DataFiles, RunSettings
from helpers.core.campaign.vetting import Vetting

SCHEMA_VERSION = 1


class Campaign(Section):
    """A whole campaign file (``schema: 1``)."""

    schema_version: Literal[1] = Field(alias="schema", description="campaign file format version")
    id: Annotated[
        str, Field(pattern=r"^[a-z0-9][a-z0-9-]{1,62}$"), AfterValidator(check_report_id)
    ] = Field(description="slug: lower-case letters, digits and dashes; names the report folder")
    name: OneLine
    brand: OneLine
    objective: Objective
    markets: Annotated[list[CountryCode], Field(min_length=1)]
    currency: CurrencyCode
    budget: Money
    start: date
    end: date
    language: Annotated[str, AfterValidator(check_report_language)] = Field(
        "en", description="language of the report: en or lv"
    )
    goals: list[Goal] = Field(default_factory=list)
    audience: Audience = Field(default_factory=Audience)
    vetting: Vetting = Field(default_factory=Vetting)
    data: DataFiles = Field(default_factory=DataFiles)
    measurement: Measurement = Field(default_factory=Measurement)
    assumptions: Assumptions = Field(default_factory=Assumptions)
    calendar: CalendarSettings = Field(default_factory=Calendar)
    negotiation: Negotiation = Field(default_factory=Negotiation)
    run: RunSettings = Field(default_factory=RunSettings)
    history: History = Field(default_factory=History)
    report: ReportSettings = Field(default_factory=ReportSettings)

    @field_validator("markets")
    @classmethod
    def _markets_unique(cls, value: list[str]) -> list[str]:
        repeated = sorted({code for code in value if value.count(code) > 1})
        if repeated:
            raise ValueError(f"market {', '.join(repeated)} is listed more than once")
        return value

    @model_validator(mode="after")
    def _end_after_start(self) -> Campaign:
        if self.end <= self.start:
            raise ValueError(f"end ({self.end}) must be after start ({self.start})")
        return self

    @property
    def days(self) -> int:
        """Length of the campaign window in days, both ends included."""
        return (self.end - self.start).days + 1
