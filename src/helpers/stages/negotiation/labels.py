"""The negotiation stage's constants and its words for KPIs, quote positions and outcomes."""

from __future__ import annotations

from datetime import date

import numpy as np
from babel.dates import format_date

from helpers.core.deliverables import MAIN_DELIVERABLE  # noqa: F401  (the stage's name for it)
from helpers.text.i18n import Translator, translator

CONTRACTED_STAGES = ("contracted", "live", "completed")
OBJECTIVE_KPI = {"awareness": "reach", "engagement": "engagements", "conversion": "conversions"}
OBJECTIVE_BASIS = {"awareness": "cpm", "engagement": "cpe", "conversion": "cpm"}
OBJECTIVE_MODEL = {"awareness": "flat", "engagement": "cpe", "conversion": "hybrid"}
MODELS = ("flat", "cpm", "cpe", "cpc", "cpa", "gifting", "hybrid")
OPTIMISABLE_KPIS = ("reach", "impressions", "views", "engagements", "clicks", "conversions")
PER_THOUSAND = ("reach", "impressions", "views")


def kpi_labels(_: Translator) -> dict[str, str]:
    """What each KPI the budget split can maximise counts, in the report's language (a noun
    phrase that works as a table heading: ``people reached``)."""
    return {
        "reach": _("people reached"),
        "impressions": _("impressions"),
        "views": _("views"),
        "engagements": _("engagements"),
        "clicks": _("link clicks"),
        "conversions": _("conversions"),
    }


def kpi_units(_: Translator) -> dict[str, str]:
    """The unit a KPI is priced per, as it follows "per" (``cost per 1,000 people reached``)."""
    return {
        "reach": _("1,000 people reached"),
        "impressions": _("1,000 impressions"),
        "views": _("1,000 views"),
        "engagements": _("engagement"),
        "clicks": _("click"),
        "conversions": _("conversion"),
    }


def risk_labels(_: Translator) -> dict[str, str]:
    """Who carries the risk of each model (the values of ``risk_with``), for display."""
    return {
        "brand": _("brand"),
        "shared": _("shared"),
        "creator": _("creator"),
        "brand (no post guaranteed)": _("brand (no post guaranteed)"),
    }


def quote_position_labels(_: Translator) -> dict[str, str]:
    """Where a quote sits on the negotiation range (the values of ``quote_position``)."""
    return {
        "quote not usable": _("quote not usable"),
        "no quote": _("no quote"),
        "below our opening": _("below our opening"),
        "opening to target": _("opening to target"),
        "target to walk-away": _("target to walk-away"),
        "above walk-away": _("above walk-away"),
    }


def status_labels(_: Translator) -> dict[str, str]:
    """The budget split's outcomes (:attr:`Allocation.status`), for display."""
    return {
        "optimal": _("optimal"),
        "time_limit": _("best found in the time limit"),
        "over_budget": _("over budget"),
        "contradictory_rules": _("rules contradict each other"),
        "no_candidates": _("no candidates"),
    }


RISK_WITH = {
    "flat": "brand",
    "cpm": "shared",
    "cpe": "shared",
    "cpc": "creator",
    "cpa": "creator",
    "gifting": "brand (no post guaranteed)",
    "hybrid": "shared",
}
CONTRACTED_COLUMNS = [
    "influencer_id",
    "handle",
    "platform",
    "market",
    "deliverable",
    "quantity",
    "agreed_fee",
    "currency",
    "stage",
]
ENGLISH = translator("en")
SOLVER_SECONDS = 20.0
CREATOR_COLUMNS = (
    "influencer_id", "handle", "name", "platform", "market", "tier", "followers",
    "audience_fit", "composite_score", "past_collaborations", "fake_share_assumed",
)  # fmt: skip


def date_text(value: object, _: Translator) -> str:
    """A date in a sentence: ISO (``2024-12-31``) in English, as this stage has always written
    it, and the locale's short date elsewhere (``31.12.2024.``): the pattern is a message of
    the catalogue. A missing date is shown as it is."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return str(value)
    day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return format_date(day, _("y-MM-dd"), locale=_.locale)
