"""The goals page's own words: funnel stages, objectives, the SMART letters, statuses and
verdicts, each as a function of the Translator (``_ = translator(campaign.language)``) that
returns machine value -> words, like :mod:`helpers.text.labels`. Keys and statuses
(``reach``, ``pass``, ``awareness``) always stay English."""

from __future__ import annotations

from helpers.text.i18n import Translator, translator

#: the source language: texts kept in English in the tables (rate definitions, the override
#: source) are written with it and translated where they are shown
ENGLISH = translator("en")

OBJECTIVE_STAGE = {
    "awareness": "awareness",
    "engagement": "consideration",
    "conversion": "conversion",
}
PLATFORM_NAMES = {"instagram": "Instagram", "tiktok": "TikTok", "youtube": "YouTube"}
LETTERS = ("specific", "measurable", "achievable", "relevant", "time_bound")
LETTER_INITIALS = dict(zip(LETTERS, "SMART", strict=True))  # the acronym, in every language
STATUS_RANK = {"pass": 0, "warn": 1, "fail": 2}
STATUS_MARK = {"pass": "✓", "warn": "!", "fail": "✗"}


def stage_names(_: Translator) -> dict[str, str]:
    """Each funnel stage's name. Short words are shared by every stage's catalogue, so these
    are capitalised names of their own: "conversion" is already "konversiju" elsewhere."""
    return {
        "awareness": _("Awareness"),
        "consideration": _("Consideration"),
        "conversion": _("Conversion"),
        "loyalty": _("Loyalty"),
    }


def stage_at(_: Translator) -> dict[str, str]:
    """``at the awareness stage``: where a main KPI is missing."""
    return {
        "awareness": _("at the awareness stage"),
        "consideration": _("at the consideration stage"),
        "conversion": _("at the conversion stage"),
        "loyalty": _("at the loyalty stage"),
    }


def stage_kpis(_: Translator) -> dict[str, str]:
    """``an awareness KPI`` ("Reach is an awareness KPI": the article depends on the word)."""
    return {
        "awareness": _("an awareness KPI"),
        "consideration": _("a consideration KPI"),
        "conversion": _("a conversion KPI"),
        "loyalty": _("a loyalty KPI"),
    }


def objective_phrases(_: Translator) -> dict[str, str]:
    """``the awareness objective``, for the Relevant letter."""
    return {
        "awareness": _("the awareness objective"),
        "engagement": _("the engagement objective"),
        "conversion": _("the conversion objective"),
    }


def sheet_captions(_: Translator, campaign: str, currency: str) -> dict[str, str]:
    """The goal sheet's caption per objective: ``Goals of aurora-baltics-2027 (awareness,
    EUR)``."""
    values = {"campaign": campaign, "currency": currency}
    return {
        "awareness": _("Goals of {campaign} (awareness, {currency})", **values),
        "engagement": _("Goals of {campaign} (engagement, {currency})", **values),
        "conversion": _("Goals of {campaign} (conversion, {currency})", **values),
    }


def unit_names(_: Translator) -> dict[str, str]:
    """A KPI's unit (:data:`helpers.core.kpis.UNITS`) in words."""
    return {
        "count": _("count"),
        "fraction": _("fraction"),
        "money": _("money"),
        "ratio": _("ratio"),
    }


def letter_names(_: Translator) -> dict[str, str]:
    """The SMART letters' names."""
    return {
        "specific": _("Specific"),
        "measurable": _("Measurable"),
        "achievable": _("Achievable"),
        "relevant": _("Relevant"),
        "time_bound": _("Time-bound"),
    }


def status_words(_: Translator) -> dict[str, str]:
    """A letter's status in words."""
    return {"pass": _("pass"), "warn": _("warn"), "fail": _("fail")}


def severity_names(_: Translator) -> dict[str, str]:
    """How much two goals disagree: a ``conflict`` or a ``note``."""
    return {"conflict": _("conflict"), "note": _("note")}


def verdicts(_: Translator) -> dict[str, str]:
    """A goal's verdict (``pass``, ``warn``, ``fail``, ``invalid``) as the sheet says it."""
    return {
        "pass": _("SMART"),
        "warn": _("check the ! letters"),
        "fail": _("fix the ✗ letters"),
        "invalid": _("cannot be used"),
    }


def rate_names(_: Translator) -> dict[str, str]:
    """The planning rates' names."""
    return {
        "cpm": _("CPM"),
        "cpe": _("CPE"),
        "frequency": _("frequency"),
        "views_per_impression": _("views per impression"),
        "click_through_rate": _("click-through rate"),
        "conversion_rate": _("conversion rate"),
    }


def basis_names(_: Translator) -> dict[str, str]:
    """Where a planning rate comes from."""
    return {
        "benchmark": _("benchmark"),
        "assumption": _("assumption"),
        "campaign file": _("campaign file"),
    }


def brief_notes(_: Translator) -> dict[str, str]:
    """What to say in the brief about some KPIs, so everyone counts them the same way."""
    return {
        "reach": _("Say in the brief that it is summed post reach, not unique people."),
        "conversions": _(
            "Say in the brief which event counts (order, install, trial or paid subscription) "
            "and the attribution window."
        ),
        "sign_ups": _("Say in the brief which sign-up event counts and the attribution window."),
        "engagement_rate": _("Always state the denominator: here it is reach, not followers."),
    }


def rate_definitions(_: Translator) -> tuple[str, str]:
    """The CPM's and CPE's definitions (the other rates' come with the reference table)."""
    return _("cost per 1,000 impressions"), _("cost per engagement")


def override_source(_: Translator) -> str:
    """The source of a rate the campaign file sets."""
    return _("campaign file: assumptions")


def platform_list(platforms: list[str], _: Translator) -> str:
    """``Instagram, TikTok and YouTube`` (``Instagram, TikTok un YouTube``)."""
    names = [PLATFORM_NAMES.get(p, p) for p in platforms]
    if len(names) < 2:
        return "".join(names)
    return _("{items} and {last}", items=", ".join(names[:-1]), last=names[-1])


def word(mapping: dict[str, str], value: object) -> str:
    """A key in a mapping's words; an unknown key as written, None as nothing."""
    if isinstance(value, str) and value in mapping:
        return mapping[value]
    return "" if value is None else str(value)
