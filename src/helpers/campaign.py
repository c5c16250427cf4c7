"""The campaign file: one YAML file per campaign, validated by pydantic models.

A campaign file names the brand, the markets, the money, the window, the goals, the audience
and the data to use. Paths inside it are relative to the file itself. Unknown keys are errors,
because a misspelt key that is silently ignored is a setting the marketer thinks they made.

Load one with :func:`load_campaign`; every problem is reported at once as an
:class:`~helpers.errors.InputError`, one line each: ``FILE: field.path: what is wrong``.
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import pycountry
import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from helpers.config import SAMPLE_DIR
from helpers.errors import InputError, problem

SCHEMA_VERSION = 1
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
    """Accept a language the reports are written in (see helpers.i18n)."""
    from helpers.i18n import check_language

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


class Goal(Section):
    """One goal: a KPI with a numeric target (the goals stage checks it is SMART)."""

    kpi: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")] = Field(
        description="KPI name from the catalogue in helpers.goals, e.g. reach, conversions"
    )
    target: float = Field(description="numeric target; rates as fractions (0.035 for 3.5%)")
    baseline: float | None = Field(None, description="today's value, when known")
    deadline: date | None = Field(None, description="default: the campaign's end")
    market: CountryCode | None = Field(None, description="a single market the goal is about")


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


class Vetting(Section):
    """Which creators are eligible before scoring."""

    platforms: list[Platform] = Field(default_factory=lambda: list(PLATFORMS))
    tiers: list[Tier] = Field(default_factory=lambda: list(TIERS))
    max_fake_share: Share = Field(0.3, description="highest estimated fake-follower share")


def _resolve_relative_to_file(value: Any, info: ValidationInfo) -> Any:
    """Paths in a campaign file are relative to that file, not to the working directory."""
    base_dir = (info.context or {}).get("base_dir")
    if value is None or base_dir is None:
        return value
    path = Path(value).expanduser()
    return path if path.is_absolute() else (Path(base_dir) / path).resolve()


class DataFiles(Section):
    """The data files a campaign uses; each defaults to the project's sample data."""

    roster: Path = Field(SAMPLE_DIR / "influencers.csv", description="creators to choose from")
    posts: Path = Field(SAMPLE_DIR / "posts.csv", description="creators' recent posts")
    follower_growth: Path = Field(SAMPLE_DIR / "follower_growth.csv")
    audience: Path = Field(SAMPLE_DIR / "audience.csv", description="audience demographics")
    follower_samples: Path = Field(SAMPLE_DIR / "follower_samples.csv")
    results: Path | None = Field(None, description="post-level results after the campaign")
    results_to_date: Path | None = Field(None, description="results so far, mid-campaign")

    _resolve = field_validator("*", mode="before")(_resolve_relative_to_file)

    def named(self) -> dict[str, Path]:
        """The data files that are set, by their field name."""
        return {name: path for name, path in self if path is not None}


class Campaign(Section):
    """A whole campaign file (``schema: 1``)."""

    schema_version: Literal[1] = Field(alias="schema", description="campaign file format version")
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{1,62}$")] = Field(
        description="slug: lower-case letters, digits and dashes; names the report folder"
    )
    name: Annotated[str, Field(min_length=1, max_length=200)]
    brand: Annotated[str, Field(min_length=1, max_length=200)]
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
    """Read a YAML file safely, turning syntax errors into one-line problems."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError([problem(path, "", "file not found")]) from None
    except UnicodeDecodeError:
        raise InputError([problem(path, "", "not UTF-8 text (save the file as UTF-8)")]) from None
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
        field = model.model_fields.get("schema_version" if part == "schema" else str(part))
        annotation = getattr(field, "annotation", None)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
    allowed = [f.alias or name for name, f in model.model_fields.items()]
    guess = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
    hint = f"; did you mean {guess[0]!r}?" if guess else ""
    return f"unknown field (allowed: {', '.join(allowed)}){hint}"


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
