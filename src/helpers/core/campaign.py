"""The campaign file: one YAML file per campaign, validated by pydantic models.

A campaign file names the brand, the markets, the money, the window, the goals, the audience
and the data to use. Paths inside it are relative to the file itself. Unknown keys are errors,
because a misspelt key that is silently ignored is a setting the marketer thinks they made.

Load one with :func:`load_campaign`; every problem is reported at once as an
:class:`~helpers.core.errors.InputError`, one line each: ``FILE: field.path: what is wrong``.
"""

from __future__ import annotations

import difflib
import re
import stat
import typing
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import pycountry
import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from helpers.core.config import RESERVED_IDS, SAMPLE_DIR
from helpers.core.errors import InputError, problem

SCHEMA_VERSION = 1
MAX_CAMPAIGN_FILE_BYTES = 1_000_000  # a campaign file is a page of settings, not data
PLATFORMS = ("instagram", "tiktok", "youtube")
TIERS = ("nano", "micro", "mid", "macro", "mega")
OBJECTIVES = ("awareness", "engagement", "conversion")
GENDERS = ("female", "male", "other")
SHARE_TOLERANCE = 0.005

Platform = Literal["instagram", "tiktok", "youtube"]
Tier = Literal["nano", "micro", "mid", "macro", "mega"]
Objective = Literal["awareness", "engagement", "conversion"]
Gender = Literal["female", "male", "other"]


def check_country(code: str) -> str:
    """Accept an ISO 3166-1 alpha-2 country code such as ``LV``; return it upper-cased."""
    code = str(code).strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-2 country code (e.g. LV, DE, US)")
    return code


def check_currency(code: str) -> str:
    """Accept an ISO 4217 currency code such as ``EUR``; return it upper-cased."""
    code = str(code).strip().upper()
    if len(code) != 3 or pycountry.currencies.get(alpha_3=code) is None:
        raise ValueError(f"{code!r} is not an ISO 4217 currency code (e.g. EUR, USD, GBP)")
    return code


def check_language(code: str) -> str:
    """Accept an ISO 639-1 language code such as ``lv``; return it lower-cased."""
    code = str(code).strip().lower()
    if len(code) != 2 or pycountry.languages.get(alpha_2=code) is None:
        raise ValueError(f"{code!r} is not an ISO 639-1 language code (e.g. lv, et, en)")
    return code


def check_report_language(code: str) -> str:
    """Accept a language the reports are written in (see helpers.text.i18n)."""
    from helpers.text.i18n import check_language

    return check_language(str(code).strip().lower())


CountryCode = Annotated[str, AfterValidator(check_country)]
CurrencyCode = Annotated[str, AfterValidator(check_currency)]
LanguageCode = Annotated[str, AfterValidator(check_language)]
Share = Annotated[float, Field(ge=0, le=1)]
Money = Annotated[float, Field(ge=0, allow_inf_nan=False)]


def check_shares_sum(shares: dict[str, float], what: str) -> dict[str, float]:
    """Shares that split a whole (countries, genders) must add up to 1."""
    total = sum(shares.values())
    if shares and abs(total - 1) > SHARE_TOLERANCE:
        raise ValueError(f"{what} shares add up to {total:g}, they must add up to 1")
    return shares


class Section(BaseModel):
    """Base of every part of the campaign file: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


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


Weight = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Score = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Ratio = Annotated[float, Field(gt=0, allow_inf_nan=False)]


class ScoreWeights(Section):
    """How much each component counts in the composite score (relative; they need not add up
    to 1). A component with no data for a creator is left out and the others are rescaled."""

    audience_fit: Weight = Field(0.35, description="audience in the campaign's markets etc.")
    audience_quality: Weight = Field(0.30, description="the 0-100 audience-quality score")
    engagement: Weight = Field(0.15, description="engagement percentile among peers")
    disclosure: Weight = Field(0.10, description="share of sponsored posts labelled correctly")
    brand_safety: Weight = Field(0.10, description="no captions in avoided categories")

    @model_validator(mode="after")
    def _not_all_zero(self) -> ScoreWeights:
        if not any(value > 0 for _, value in self):
            raise ValueError("at least one weight must be above 0")
        return self


class QualityWeights(Section):
    """How much each authenticity signal counts in the audience-quality score (relative)."""

    follower_sample: Weight = Field(0.5, description="estimated fake share from a sample")
    growth: Weight = Field(0.25, description="bought-follower spikes and sudden drops")
    engagement_pattern: Weight = Field(0.25, description="pods and suspicious engagement")

    @model_validator(mode="after")
    def _not_all_zero(self) -> QualityWeights:
        if not any(value > 0 for _, value in self):
            raise ValueError("at least one weight must be above 0")
        return self


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


def _resolve_relative_to_file(value: Any, info: ValidationInfo) -> Any:
    """Paths in a campaign file are relative to that file, not to the working directory."""
    base_dir = (info.context or {}).get("base_dir")
    if value is None or base_dir is None:
        return value
    path = Path(value).expanduser()
    return path if path.is_absolute() else (Path(base_dir) / path).resolve()


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
        0.8, description="power used for the sample size the A/B test would have needed"
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


HolidayRule = Literal["avoid", "target", "ignore"]
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
BusinessDays = Annotated[int, Field(ge=0, le=120)]
CLOCK_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def check_timezone(name: str) -> str:
    """Accept an IANA time zone name such as ``Europe/Riga``; suggest the closest otherwise."""
    import zoneinfo

    name = str(name).strip()
    known = zoneinfo.available_timezones()
    if name in known:
        return name
    guess = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.7)
    hint = f"; did you mean {guess[0]!r}?" if guess else ""
    raise ValueError(
        f"{name!r} is not an IANA time zone (e.g. Europe/Riga, America/New_York){hint}"
    )


def check_clock_time(value: Any) -> str:
    """Accept a time of day as ``"19:00"``; return it as ``HH:MM``.

    YAML 1.1 reads an unquoted ``19:00`` as the base-60 number 1140, so whole numbers from 60
    up to a day's minutes are taken as that reading; other numbers are refused.
    """
    if isinstance(value, int) and not isinstance(value, bool) and 60 <= value < 24 * 60:
        return f"{value // 60:02d}:{value % 60:02d}"
    match = CLOCK_TIME.match(str(value).strip()) if isinstance(value, str) else None
    if not match:
        raise ValueError(f'{value!r} is not a time of day (write it as "19:00")')
    return f"{int(match[1]):02d}:{match[2]}"


TimeZoneName = Annotated[str, AfterValidator(check_timezone)]
ClockTime = Annotated[Any, AfterValidator(check_clock_time)]


class Phase(Section):
    """A wave of the campaign, e.g. teaser, launch, sustain (guide chapter 6.1)."""

    name: Annotated[str, Field(min_length=1, max_length=40)]
    start: date = Field(description="first go-live day of the phase")
    end: date = Field(description="last go-live day of the phase")
    share: Share | None = Field(
        None, description="share of all posts in this phase; default: by the phase's length"
    )
    burst: bool = Field(
        False, description="stack posts: the spacing rule does not apply in this phase"
    )

    @model_validator(mode="after")
    def _end_not_before_start(self) -> Phase:
        if self.end < self.start:
            raise ValueError(
                f"phase {self.name!r} ends ({self.end}) before it starts ({self.start})"
            )
        return self


class Approval(Section):
    """Approval steps, in business days before each go-live (weekends and public holidays of
    the creator's market, and of the brand's, are not business days)."""

    brief_sent: BusinessDays = Field(20, description="brief sent (and product shipped)")
    draft_due: BusinessDays = Field(8, description="creator's draft due")
    feedback: BusinessDays = Field(6, description="brand's consolidated feedback due")
    final_approval: BusinessDays = Field(2, description="final approval of the post")

    @model_validator(mode="after")
    def _in_order(self) -> Approval:
        steps = [(name, getattr(self, name)) for name in type(self).model_fields]
        for (first, early), (then, late) in zip(steps, steps[1:], strict=False):
            if early <= late:
                raise ValueError(
                    f"{first} ({early}) must be more business days before go-live than "
                    f"{then} ({late})"
                )
        return self


class Amplification(Section):
    """How the brand amplifies the best posts once their first results are in (chapter 6.3)."""

    results_after_hours: Annotated[int, Field(ge=1, le=720)] = Field(
        48, description="hours after go-live when a post's first results are read"
    )
    repost: bool = Field(True, description="brand reposts posts that beat the campaign median")
    newsletter_weekday: Weekday | None = Field(
        None, description="weekday the brand's newsletter goes out; none: no newsletter"
    )
    boost_share: Share = Field(0.25, description="share of posts given a paid boost (the best)")
    boost_days: Annotated[int, Field(ge=1, le=90)] = Field(7, description="length of a boost")


class Calendar(Section):
    """The content calendar: phases, spacing, holidays, approvals and posting times."""

    phases: list[Phase] = Field(
        default_factory=list, description="default: launch (first week, a burst), then sustain"
    )
    spacing_hours: Annotated[float, Field(ge=0, le=336, allow_inf_nan=False)] = Field(
        12, description="least hours between two posts in one market (outside burst phases)"
    )
    max_posts_per_day: Annotated[int, Field(ge=1, le=50)] = Field(
        3, description="most go-lives per market and local day"
    )
    holidays: HolidayRule = Field("avoid", description="public holidays: avoid, target, ignore")
    approval: Approval = Field(default_factory=Approval)
    briefs_from: date | None = Field(
        None, description="first day briefs can go out (contracts signed); default: no limit"
    )
    brand_market: CountryCode | None = Field(
        None, description="the brand team's country: its holidays are not business days either"
    )
    timezones: dict[CountryCode, TimeZoneName] = Field(
        default_factory=dict, description="IANA zone per market, replacing the reference one"
    )
    posting_times: dict[Platform, Annotated[list[ClockTime], Field(min_length=1)]] = Field(
        default_factory=dict, description="local posting times per platform, e.g. ['19:00']"
    )
    amplification: Amplification = Field(default_factory=Amplification)

    @model_validator(mode="after")
    def _phases_fit_together(self) -> Calendar:
        ordered = sorted(self.phases, key=lambda phase: phase.start)
        for before, after in zip(ordered, ordered[1:], strict=False):
            if after.start <= before.end:
                raise ValueError(
                    f"phases {before.name!r} (to {before.end}) and {after.name!r} (from "
                    f"{after.start}) overlap: each day belongs to one phase"
                )
        shares = [phase.share for phase in self.phases if phase.share is not None]
        total = sum(shares)
        if len(shares) == len(self.phases) and shares and abs(total - 1) > SHARE_TOLERANCE:
            raise ValueError(f"phase shares add up to {total:g}, they must add up to 1")
        if total > 1 + SHARE_TOLERANCE:
            raise ValueError(f"phase shares add up to {total:g}, more than 1")
        return self


def check_calendar_window(calendar: Calendar, info: ValidationInfo) -> Calendar:
    """Every phase must lie inside the campaign's window (checked once start and end are read)."""
    start, end = info.data.get("start"), info.data.get("end")
    if start is None or end is None:
        return calendar
    for number, phase in enumerate(calendar.phases):
        if phase.start < start or phase.end > end:
            raise ValueError(
                f"phases[{number}] {phase.name!r} runs {phase.start} to {phase.end}, outside the "
                f"campaign's window {start} to {end}"
            )
    return calendar


CalendarSettings = Annotated[Calendar, AfterValidator(check_calendar_window)]


class DataFiles(Section):
    """The data files a campaign uses; each defaults to the project's sample data."""

    roster: Path = Field(SAMPLE_DIR / "influencers.csv", description="creators to choose from")
    posts: Path = Field(SAMPLE_DIR / "posts.csv", description="creators' recent posts")
    follower_growth: Path = Field(SAMPLE_DIR / "follower_growth.csv")
    audience: Path = Field(SAMPLE_DIR / "audience.csv", description="audience demographics")
    follower_samples: Path = Field(SAMPLE_DIR / "follower_samples.csv")
    results: Path | None = Field(None, description="post-level results after the campaign")
    results_to_date: Path | None = Field(None, description="results so far, mid-campaign")
    pipeline: Path | None = Field(
        None, description="relationship pipeline: each creator's stage and agreed deliverables"
    )

    _resolve = field_validator("*", mode="before")(_resolve_relative_to_file)

    def named(self) -> dict[str, Path]:
        """The data files that are set, by their field name."""
        return {name: path for name, path in self if path is not None}


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
]
ShareRange = tuple[Share, Share]


def _check_share_ranges(ranges: dict[str, tuple[float, float]], what: str) -> None:
    """Each (min, max) share needs min <= max, and the minimums together cannot pass 1."""
    for key, (low, high) in ranges.items():
        if low > high:
            raise ValueError(f"{what} {key}: minimum {low:g} is above maximum {high:g}")
    lowest = sum(low for low, _ in ranges.values())
    if lowest > 1 + SHARE_TOLERANCE:
        raise ValueError(f"{what} minimums add up to {lowest:g}, more than the whole (1)")


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


def check_report_id(value: str) -> str:
    """Refuse ids whose report folder would land on a folder the project keeps for itself."""
    if value in RESERVED_IDS:
        raise ValueError(f"{value!r} is reserved: {RESERVED_IDS[value]}; choose another id")
    return value


def check_one_line(value: str) -> str:
    """Names are one line of text: a line break or another control character is refused."""
    bad = next((c for c in value if ord(c) < 32 or ord(c) == 127), None)
    if bad is not None:
        shown = {"\n": "a line break", "\r": "a carriage return", "\t": "a tab"}.get(
            bad, f"the control character U+{ord(bad):04X}"
        )
        raise ValueError(
            f"{shown} in {value!r}: names are one line (in YAML, write the name in quotes on "
            "one line, not as a block with > or |)"
        )
    return value


OneLine = Annotated[str, AfterValidator(check_one_line), Field(min_length=1, max_length=200)]
SECONDS_PER_STAGE = 600  # the default time limit of one stage, in seconds


class RunSettings(Section):
    """How ``playbook run`` runs the campaign's stages."""

    stage_timeout: Annotated[int, Field(ge=10, le=86_400)] = Field(
        SECONDS_PER_STAGE,
        description="seconds one stage may run before it is stopped and marked failed",
    )


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


class _CampaignLoader(yaml.SafeLoader):
    """A safe YAML loader where only true/false are booleans and dates stay text.

    YAML 1.1 reads ``NO`` (Norway), ``ON`` or ``y`` as booleans; in a list of markets that
    would silently turn Norway into ``False``. Dates are left to pydantic, which reports an
    impossible date such as 2027-02-30 as a field error instead of crashing the reader.
    """


_LEFT_TO_PYDANTIC = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"}
_CampaignLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _LEFT_TO_PYDANTIC]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_CampaignLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def read_yaml(path: Path) -> Any:
    """Read a YAML file safely, turning syntax errors into one-line problems.

    Only a regular file of at most :data:`MAX_CAMPAIGN_FILE_BYTES` is opened (a FIFO or a
    device would block or never end).
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError([problem(path, "", "file not found")]) from None
    except OSError as error:
        raise InputError([problem(path, "", f"cannot be read ({error.strerror})")]) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError([problem(path, "", "is a folder, not a campaign file")])
    if not stat.S_ISREG(info.st_mode):
        raise InputError([problem(path, "", "is not a regular file; give a YAML file")])
    if info.st_size > MAX_CAMPAIGN_FILE_BYTES:
        raise InputError(
            [problem(path, "", f"is {info.st_size:,} bytes: too large for a campaign file")]
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError([problem(path, "", "not UTF-8 text (save the file as UTF-8)")]) from None
    except OSError as error:
        raise InputError([problem(path, "", f"cannot be read ({error.strerror})")]) from None
    if "\x00" in text:
        raise InputError([problem(path, "", "binary content (NUL bytes), not a YAML file")])
    try:
        return yaml.load(text, Loader=_CampaignLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise InputError([problem(path, where, f"YAML syntax error: {reason}")]) from None


def load_campaign(path: str | Path) -> Campaign:
    """Read and validate a campaign file.

    Parameters
    ----------
    path : str or Path
        The YAML file. Relative paths inside it are resolved against its folder.

    Returns
    -------
    Campaign
        The validated campaign.

    Raises
    ------
    InputError
        With one line per problem, ``FILE: field.path: what is wrong (what is allowed)``.
    """
    path = Path(path)
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise InputError(
            [problem(path, "", "expected a mapping of fields (key: value) at the top")]
        )
    try:
        return Campaign.model_validate(raw, context={"base_dir": path.resolve().parent})
    except ValidationError as error:
        raise InputError(campaign_problems(path, error)) from None


def campaign_problems(path: Path, error: ValidationError) -> list[str]:
    """Turn pydantic's errors into one readable line each."""
    lines = []
    for detail in error.errors(include_url=False):
        where = field_path(detail["loc"])
        lines.append(problem(path, where, describe(detail)))
    return lines


def field_path(loc: tuple[Any, ...]) -> str:
    """``('goals', 0, 'target')`` becomes ``goals[0].target``; the schema alias is restored."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part == "[key]":
            text += " (key)"
        else:
            name = "schema" if part == "schema_version" else str(part)
            text += f".{name}" if text else name
    return text or "(top)"


def describe(detail: dict[str, Any]) -> str:
    """One pydantic error as a sentence that says what is allowed."""
    kind, message = detail["type"], detail["msg"]
    if kind == "extra_forbidden":
        return _unknown_field(detail["loc"])
    if kind == "missing":
        return "required field is missing"
    if kind == "literal_error" and detail["loc"][-1] in ("schema", "schema_version"):
        return f"unsupported schema {detail['input']!r} (this version reads schema: 1)"
    if kind == "string_pattern_mismatch" and detail["loc"][-1] == "id":
        return f"{detail['input']!r} is not a slug (lower-case letters, digits and dashes)"
    message = message.removeprefix("Value error, ")
    if kind.startswith(("greater", "less", "literal", "int_", "float_", "date_", "bool_")):
        message += f" (got {detail['input']!r})"
    return message


def _unknown_field(loc: tuple[Any, ...]) -> str:
    """Name the fields that are allowed where an unknown one was found."""
    model: type[BaseModel] = Campaign
    for part in loc[:-1]:
        if isinstance(part, int):  # an item of a list: its model was found with the list
            continue
        field = model.model_fields.get("schema_version" if part == "schema" else str(part))
        model = _section_model(getattr(field, "annotation", None)) or model
    allowed = [f.alias or name for name, f in model.model_fields.items()]
    guess = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
    hint = f"; did you mean {guess[0]!r}?" if guess else ""
    return f"unknown field (allowed: {', '.join(allowed)}){hint}"


def _section_model(annotation: Any) -> type[BaseModel] | None:
    """The model of a field: ``Goal`` for ``list[Goal]``, ``Vetting`` for ``Vetting``."""
    candidates = [annotation, *typing.get_args(annotation)]
    for candidate in candidates:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def describe_campaign(campaign: Campaign) -> str:
    """A one-line summary of a campaign for terminals and report headers."""
    return (
        f"{campaign.name} ({campaign.id}): {campaign.objective}, "
        f"{', '.join(campaign.markets)}, {campaign.budget:,.0f} {campaign.currency}, "
        f"{campaign.start} to {campaign.end}"
    )


TEMPLATE_FILE = Path(__file__).with_name("templates") / "campaign.yaml"


def write_campaign_template(name: str, folder: str | Path = ".") -> Path:
    """Write a commented campaign file ``<folder>/<name>.yaml`` that validates as written.

    Parameters
    ----------
    name : str
        The campaign id (a slug such as ``spring-launch-2027``).
    folder : str or Path
        Where to write it.

    Returns
    -------
    Path
        The new file.

    Raises
    ------
    ValueError
        When the name is not a slug.
    FileExistsError
        When the file exists already (it is never overwritten).
    """
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{1,62}", name):
        raise ValueError(f"{name!r} is not a slug: use lower-case letters, digits and dashes")
    path = Path(folder) / f"{name}.yaml"
    title = name.replace("-", " ").capitalize()
    text = TEMPLATE_FILE.read_text(encoding="utf-8").format(id=name, name=title, file=path.name)
    try:
        with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite a user's file
            handle.write(text)
    except FileExistsError:
        raise FileExistsError(f"{path} exists already; choose another name or --dir") from None
    return path
