"""The words of the vetting stage: statuses, signals, growth events and flags as values (always
English, in the shortlist file) and as the words a marketer reads (in the campaign's language),
and the fast number texts the reasons are written with.

Words kept in tables (statuses, signals, filter steps) are written in English and marked with
``_`` for the message catalogue; they are translated where they are shown. Sentences (reasons,
notes, the finding) are written by the campaign's translator. Column names and values such as
``shortlisted`` or ``bought_spike`` always stay English.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
from babel.numbers import get_decimal_symbol, get_group_symbol

from helpers.text import labels
from helpers.text.i18n import Translator, translator

_ = translator("en")
ENGLISH = _

STATUSES = ("shortlisted", "flagged", "excluded")
COMPONENTS = ("audience_fit", "audience_quality", "engagement", "disclosure", "brand_safety")
SIGNALS = ("follower_sample", "vendor", "growth", "engagement_pattern")
CONTRACT_COLUMNS = [
    "influencer_id",
    "handle",
    "name",
    "platform",
    "market",
    "tier",
    "followers",
    "engagement_rate",
    "fake_share",
    "audience_quality",
    "audience_fit",
    "composite_score",
    "status",
    "reasons",
]
DISCOVERY_FILTERS = [
    "pass_market",
    "pass_platform",
    "pass_tier",
    "pass_audience",
    "pass_age",
    "pass_interests",
    "pass_language",
]
ER_DEFINITION = _("(likes + comments) / followers")
# What a creator may lack; ``missing_data`` names them in English, reasons in the campaign's
GAPS = (
    _("no follower sample"),
    _("no follower history"),
    _("no posts"),
    _("no audience data"),
)
# What was not checked for a creator (``not_checked``, English values in the file), by the same
# bits as the gaps: fake followers (no follower sample and no vendor figure), growth anomalies,
# disclosure and brand safety (no posts), audience fit (no audience data).
UNCHECKED = (
    _("fake followers"),
    _("growth"),
    _("disclosure and brand safety"),
    _("audience fit"),
)
# How a week's start date is written in a reason or a chart title: ISO in English (as the data
# files write them), the locale's ``dd.mm.yyyy.`` in Latvian.
WEEK_PATTERNS = {"en": "%Y-%m-%d", "lv": "%d.%m.%Y."}


def signal_names(_: Translator) -> dict[str, str]:
    """The authenticity signals (``quality_driver``, ``quality_signals``), and ``none``."""
    return {
        "follower_sample": _("follower sample"),
        "vendor": _("vendor figure"),
        "growth": _("growth"),
        "engagement_pattern": _("engagement pattern"),
        "none": _("none"),
    }


def fake_signal_names(_: Translator) -> dict[str, str]:
    """The follower model's account signals (``fake_signals``, the names of
    :data:`helpers.stages.vetting.authenticity.SIGNAL_NAMES`)."""
    return {
        "posts": _("posts"),
        "accounts followed": _("accounts followed"),
        "accounts followed per follower": _("accounts followed per follower"),
        "profile picture": _("profile picture"),
        "private account": _("private account"),
    }


def listed_in_words(values: pd.Series, names: dict[str, str]) -> pd.Series:
    """A column of comma-separated values (``quality_signals``) in words, for the page."""

    def shown(value: object) -> str:
        if not isinstance(value, str):
            return ""
        return ", ".join(words(names, part) for part in value.split(", ") if part)

    return values.astype(object).map(shown)


def not_checked_in_words(values: pd.Series, _: Translator) -> pd.Series:
    """The ``not_checked`` column in the campaign's language."""
    return listed_in_words(values, {name: _(name) for name in UNCHECKED})


def growth_events(_: Translator) -> dict[str, str]:
    """What a creator's weekly follower series shows (``growth_event``)."""
    return {
        "none": _("none"),
        "bought_spike": _("bought-follower spike?"),
        "unexplained_spike": _("unexplained spike"),
        "giveaway": _("giveaway"),
        "drop": _("sudden drop"),
    }


def engagement_flags(_: Translator) -> dict[str, str]:
    """Engagement far from the peers' (``er_flag``)."""
    return {
        "suspiciously high": _("suspiciously high"),
        "suspiciously low": _("suspiciously low"),
    }


def confidence_levels(_: Translator) -> dict[str, str]:
    """How much data the audience-quality score rests on (``confidence_level``)."""
    # capitalised: "high" and "low" are other words' adjectives in other stages' catalogues
    return {"high": _("High"), "medium": _("Medium"), "low": _("Low")}


def component_names(_: Translator) -> dict[str, str]:
    """The five parts of the composite score (the campaign's ``vetting.weights``)."""
    return {
        "audience_fit": _("audience fit"),
        "audience_quality": _("audience quality"),
        "engagement": _("engagement score"),  # "engagement" alone is "iesaisti" (per ...) elsewhere
        "disclosure": _("disclosure"),
        "brand_safety": _("brand safety"),
    }


def words(names: dict[str, str], value: object) -> str:
    """A value (a status, a signal, a growth event) in words, from a mapping of this module or
    :mod:`helpers.text.labels`; values the mapping does not know are shown as they are (""
    for missing ones)."""
    text = names.get(value) if isinstance(value, str) else None
    if text:
        return text
    return "" if value is None or value != value else str(value)


def shown_values(values: pd.Series, names: dict[str, str]) -> pd.Series:
    """A column of values in words, for a table on the page."""
    return values.map(lambda value: words(names, value))


def fake_share_origins(frame: pd.DataFrame, _: Translator) -> pd.Series:
    """Where each creator's fake-follower share comes from, in words: ``follower sample``, or
    ``vendor figure (HypeAuditor, 2026-11)`` naming the roster's ``authenticity_source``."""
    origin = shown_values(frame["fake_share_source"], signal_names(_)).astype(object)
    vendor = (frame["fake_share_source"].astype(str) == "vendor") & (
        frame["vendor_source"].fillna("").astype(str) != ""
    )
    origin[vendor] = origin[vendor] + " (" + frame.loc[vendor, "vendor_source"].astype(str) + ")"
    return origin


def status_in_words(frame: pd.DataFrame, _: Translator) -> pd.DataFrame:
    """The frame with its ``status`` column in words of the campaign's language (the shortlist
    file keeps English)."""
    return frame.assign(status=shown_values(frame["status"], labels.vetting_statuses(_)))


def categorical(codes: np.ndarray, categories: list[str]) -> pd.Categorical:
    """Text columns with few distinct values, built from integer codes (-1 = missing)."""
    return pd.Categorical.from_codes(np.asarray(codes, dtype=np.int64), categories=categories)


# --------------------------------------------------------------------------- number texts


@cache
def _number_signs(locale: str) -> dict[int, str] | None:
    """How to turn Python's ``1,234.5`` into the locale's (None when it writes them so)."""
    group, decimal = get_group_symbol(locale), get_decimal_symbol(locale)
    if (group, decimal) == (",", "."):
        return None
    return str.maketrans({",": group, ".": decimal})


def number_texts(values, spec: str, _: Translator = ENGLISH) -> list[str]:
    """Numbers with a format spec (``.0%``, ``,.0f``) in the language's signs: a formatter fast
    enough for the rows of a million-creator roster (Babel's is ten times slower)."""
    written = [format(value, spec) for value in values]
    signs = _number_signs(_.locale)
    return written if signs is None else [text.translate(signs) for text in written]


def number_text(value: float, spec: str, _: Translator = ENGLISH) -> str:
    """One number with a format spec, in the language's signs."""
    return number_texts([value], spec, _)[0]


def as_written(value: float, _: Translator = ENGLISH) -> str:
    """A setting as written (``0.3``, ``1.5``), with the language's decimal sign."""
    return number_text(value, "g", _)


def narrowing_texts(needed: np.ndarray, _: Translator = ENGLISH) -> list[str]:
    """The end of a fake-follower reason: how large a follower sample would narrow the
    interval to 10 points (the shortlist's ``sample_for_10_points``; inf: no sample will do,
    NaN: already that narrow, nothing said)."""
    reachable = _(", or sample about {needed} followers to narrow it to 10 points")
    floor = _(", and no sample narrows it to 10 points (the model's own error rates)")
    written = number_texts(np.where(np.isfinite(needed), needed, 0), ",.0f", _)
    return [
        reachable.replace("{needed}", text) if np.isfinite(n) else ("" if np.isnan(n) else floor)
        for text, n in zip(written, needed, strict=True)
    ]


def listed(values: list[str], _: Translator = ENGLISH) -> str:
    """Values joined with commas, or the word ``none``."""
    return ", ".join(values) if values else _("none")


def _english_ordinal(number: int) -> str:
    teen = 11 <= number % 100 <= 13
    suffix = "th" if teen else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


# how each language writes 71 as a rank: '71st' in English, '71.' in Latvian (and by default)
ORDINALS = {"en": _english_ordinal}


def ordinals(values: np.ndarray, _: Translator = ENGLISH) -> list[str]:
    """71 -> '71st' ('71.' in Latvian), 12 -> '12th', NaN -> 'no'."""
    ordinal = ORDINALS.get(_.language, lambda number: f"{number}.")
    return [_("no") if np.isnan(value) else ordinal(int(round(value))) for value in values]


def week_texts(values: np.ndarray, _: Translator = ENGLISH) -> np.ndarray:
    """Week start dates as text, in :data:`WEEK_PATTERNS`."""
    pattern = WEEK_PATTERNS[_.language]
    return np.asarray(pd.DatetimeIndex(values).strftime(pattern), dtype=object)
