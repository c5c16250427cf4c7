"""The negotiation stage's constants and its words for KPIs, quote positions and outcomes."""

from __future__ import annotations

from helpers.text.i18n import translator

MAIN_DELIVERABLE = {"instagram": "feed_post", "tiktok": "short", "youtube": "long_video"}
CONTRACTED_STAGES = ("contracted", "live", "completed")
OBJECTIVE_KPI = {"awareness": "reach", "engagement": "engagements", "conversion": "conversions"}
OBJECTIVE_BASIS = {"awareness": "cpm", "engagement": "cpe", "conversion": "cpm"}
OBJECTIVE_MODEL = {"awareness": "flat", "engagement": "cpe", "conversion": "hybrid"}
MODELS = ("flat", "cpm", "cpe", "cpc", "cpa", "gifting", "hybrid")
OPTIMISABLE_KPIS = ("reach", "impressions", "views", "engagements", "clicks", "conversions")
PER_THOUSAND = ("reach", "impressions", "views")


def kpi_labels(language: str = "en") -> dict[str, str]:
    """What each KPI the budget split can maximise counts, in the report's language (a noun
    phrase that works as a table heading: ``people reached``)."""
    _ = translator(language)
    return {
        "reach": _("people reached"),
        "impressions": _("impressions"),
        "views": _("views"),
        "engagements": _("engagements"),
        "clicks": _("link clicks"),
        "conversions": _("conversions"),
    }


def kpi_units(language: str = "en") -> dict[str, str]:
    """The unit a KPI is priced per, as it follows "per" (``cost per 1,000 people reached``)."""
    _ = translator(language)
    return {
        "reach": _("1,000 people reached"),
        "impressions": _("1,000 impressions"),
        "views": _("1,000 views"),
        "engagements": _("engagement"),
        "clicks": _("click"),
        "conversions": _("conversion"),
    }


def deliverable_labels(language: str = "en") -> dict[str, str]:
    """Each deliverable in a marketer's words, in the report's language."""
    _ = translator(language)
    return {
        "feed_post": _("feed post"),
        "reel": _("Reel"),
        "story": _("Story set"),
        "short": _("short video"),
        "long_video": _("long video"),
        "live": _("live session"),
        "link_in_bio": _("link in bio (30 days)"),
    }


def model_labels(language: str = "en") -> dict[str, str]:
    """Each compensation model's name for report tables (``flat fee``, ``CPA / affiliate``)."""
    _ = translator(language)
    return {
        "flat": _("flat fee"),
        "cpm": _("CPM (per 1,000 impressions)"),
        "cpe": _("CPE (per engagement)"),
        "cpc": _("CPC (per link click)"),
        "cpa": _("CPA / affiliate (per sale)"),
        "gifting": _("gifting"),
        "hybrid": _("hybrid (base + bonus)"),
    }


def risk_labels(language: str = "en") -> dict[str, str]:
    """Who carries the risk of each model (the values of ``risk_with``), for display."""
    _ = translator(language)
    return {
        "brand": _("brand"),
        "shared": _("shared"),
        "creator": _("creator"),
        "brand (no post guaranteed)": _("brand (no post guaranteed)"),
    }


def quote_position_labels(language: str = "en") -> dict[str, str]:
    """Where a quote sits on the negotiation range (the values of ``quote_position``)."""
    _ = translator(language)
    return {
        "quote not usable": _("quote not usable"),
        "no quote": _("no quote"),
        "below our opening": _("below our opening"),
        "opening to target": _("opening to target"),
        "target to walk-away": _("target to walk-away"),
        "above walk-away": _("above walk-away"),
    }


def stage_labels(language: str = "en") -> dict[str, str]:
    """The relationship pipeline's stages (the values of ``stage``), for display."""
    _ = translator(language)
    return {
        "identified": _("identified"),
        "contacted": _("contacted"),
        "negotiating": _("negotiating"),
        "contracted": _("contracted"),
        "live": _("live"),
        "completed": _("completed"),
        "declined": _("declined"),
        "planned": _("planned"),
    }


def status_labels(language: str = "en") -> dict[str, str]:
    """The budget split's outcomes (:attr:`Allocation.status`), for display."""
    _ = translator(language)
    return {
        "optimal": _("optimal"),
        "time_limit": _("best found in the time limit"),
        "over_budget": _("over budget"),
        "contradictory_rules": _("rules contradict each other"),
        "no_candidates": _("no candidates"),
    }


def money_text(amount: float, currency: str, language: str = "en", decimals: int | None = 0) -> str:
    """A money figure in a sentence, always with its currency, in the one house style
    (:meth:`helpers.text.formats.Formats.money`); ``decimals=None`` shows the decimals the
    amount has, up to four (``USD 8``, ``USD 0.25``)."""
    return translator(language).money(amount, currency, decimals)


def plain_number(value: float, language: str = "en") -> str:
    """A number with only the decimals it has, up to four: ``1.3``, ``8``, ``0.1035``."""
    return translator(language).plain_number(value)


KPI_UNITS = kpi_labels()
KPI_UNIT = kpi_units()
DELIVERABLE_LABELS = deliverable_labels()
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
SOLVER_SECONDS = 20.0
CREATOR_COLUMNS = (
    "influencer_id", "handle", "name", "platform", "market", "tier", "followers",
    "audience_fit", "composite_score", "past_collaborations", "fake_share_assumed",
)  # fmt: skip
