"""The campaign file: one YAML file per campaign, validated by pydantic models.

A campaign file names the brand, the markets, the money, the window, the goals, the audience
and the data to use. Paths inside it are relative to the file itself. Unknown keys are errors,
because a misspelt key that is silently ignored is a setting the marketer thinks they made.

Load one with :func:`load_campaign`; every problem is reported at once as an
:class:`~helpers.core.errors.InputError`, one line each: ``FILE: field.path: what is wrong``.

The parts: :mod:`~helpers.core.campaign.fields` (the kinds of value), one module per section
(:mod:`~helpers.core.campaign.goals`, :mod:`~helpers.core.campaign.vetting`,
:mod:`~helpers.core.campaign.negotiation` and :mod:`~helpers.core.campaign.budget`,
:mod:`~helpers.core.campaign.calendar`, :mod:`~helpers.core.campaign.measurement`,
:mod:`~helpers.core.campaign.settings`, :mod:`~helpers.core.campaign.history`),
:mod:`~helpers.core.campaign.model` (the whole file) and
:mod:`~helpers.core.campaign.loading` (reading and checking it).
"""

from __future__ import annotations

from helpers.core.campaign.budget import (
    BudgetRules,
    ShareRange,
)
from helpers.core.campaign.calendar import (
    CLOCK_TIME,
    Amplification,
    Approval,
    BusinessDays,
    Calendar,
    CalendarSettings,
    ClockTime,
    HolidayRule,
    Phase,
    Reminders,
    TimeZoneName,
    Weekday,
    check_calendar_window,
    check_clock_time,
    check_timezone,
)
from helpers.core.campaign.fields import (
    GENDERS,
    OBJECTIVES,
    PLATFORMS,
    SHARE_TOLERANCE,
    TIERS,
    CountryCode,
    CurrencyCode,
    Gender,
    LanguageCode,
    Money,
    Objective,
    OneLine,
    Platform,
    Section,
    Share,
    Tier,
    check_country,
    check_currency,
    check_language,
    check_one_line,
    check_report_id,
    check_report_language,
    check_shares_sum,
)
from helpers.core.campaign.goals import (
    Assumptions,
    Audience,
    Goal,
)
from helpers.core.campaign.history import (
    BENCHMARK_WEIGHT,
    BenchmarkWeight,
    History,
)
from helpers.core.campaign.loading import (
    MAX_CAMPAIGN_FILE_BYTES,
    TEMPLATE_FILE,
    campaign_problems,
    describe,
    describe_campaign,
    field_path,
    load_campaign,
    read_yaml,
    write_campaign_template,
)
from helpers.core.campaign.measurement import (
    ABMetric,
    Measurement,
    Multiple,
)
from helpers.core.campaign.model import (
    SCHEMA_VERSION,
    Campaign,
)
from helpers.core.campaign.negotiation import (
    BenchmarkOverride,
    CompensationModel,
    Contact,
    Deliverable,
    Negotiation,
    NegotiationRate,
)
from helpers.core.campaign.report import CsvDialect, ReportSettings
from helpers.core.campaign.settings import (
    SAMPLE_FILES,
    SECONDS_PER_STAGE,
    DataFiles,
    DataSource,
    RunSettings,
)
from helpers.core.campaign.vetting import (
    QualityWeights,
    Ratio,
    Score,
    ScoreWeights,
    Vetting,
    Weight,
    Weights,
)

__all__ = [
    "ABMetric",
    "Amplification",
    "BENCHMARK_WEIGHT",
    "Approval",
    "Assumptions",
    "Audience",
    "BenchmarkOverride",
    "BenchmarkWeight",
    "BudgetRules",
    "BusinessDays",
    "CLOCK_TIME",
    "Calendar",
    "CalendarSettings",
    "Campaign",
    "ClockTime",
    "CompensationModel",
    "Contact",
    "CountryCode",
    "CurrencyCode",
    "DataFiles",
    "DataSource",
    "Deliverable",
    "GENDERS",
    "Gender",
    "Goal",
    "History",
    "HolidayRule",
    "LanguageCode",
    "MAX_CAMPAIGN_FILE_BYTES",
    "Measurement",
    "Money",
    "Multiple",
    "Negotiation",
    "NegotiationRate",
    "OBJECTIVES",
    "Objective",
    "OneLine",
    "PLATFORMS",
    "Phase",
    "Reminders",
    "ReportSettings",
    "CsvDialect",
    "Platform",
    "QualityWeights",
    "Ratio",
    "RunSettings",
    "SCHEMA_VERSION",
    "SAMPLE_FILES",
    "SECONDS_PER_STAGE",
    "SHARE_TOLERANCE",
    "Score",
    "ScoreWeights",
    "Section",
    "Share",
    "ShareRange",
    "TEMPLATE_FILE",
    "TIERS",
    "Tier",
    "TimeZoneName",
    "Vetting",
    "Weekday",
    "Weight",
    "Weights",
    "campaign_problems",
    "check_calendar_window",
    "check_clock_time",
    "check_country",
    "check_currency",
    "check_language",
    "check_one_line",
    "check_report_id",
    "check_report_language",
    "check_shares_sum",
    "check_timezone",
    "describe",
    "describe_campaign",
    "field_path",
    "load_campaign",
    "read_yaml",
    "write_campaign_template",
]
