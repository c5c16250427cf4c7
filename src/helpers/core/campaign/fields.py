"""The kinds of value a campaign file holds: platforms, tiers, country, currency and language
codes, shares, money and one-line names; and :class:`Section`, the base of every part of the
file (unknown keys are errors).
"""

from __future__ import annotations

from typing import Annotated, Literal

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
)

from helpers.core.config import RESERVED_IDS

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
