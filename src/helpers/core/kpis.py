"""The KPI catalogue: every KPI a goal can name, what it means, and how it is computed from the
summed columns of a results table (guide chapter 2).

One catalogue serves every stage: goals checks targets against it, monitoring and ROI measure
results with it. Each entry is written in English, the source language; its label, definition,
formula and how-to-measure are keys of the message catalogues, so :func:`kpis` gives the same
entries in another language::

    from helpers.core.kpis import KPIS, kpi_label
    from helpers.text.i18n import translator

    KPIS["cpa"].value({"cost": 5_000, "conversions": 250})  # 20.0
    kpi_label("cpa", translator("lv"))
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from helpers.core import metrics
from helpers.text.i18n import Translator, translator

FUNNEL_STAGES = ("awareness", "consideration", "conversion", "loyalty")
#: what a KPI counts: ``fraction`` 0.035 = 3.5%, ``money`` in the campaign currency
UNITS = ("count", "fraction", "money", "ratio")
#: how a value is shown in results: ``rate`` as a percentage, ``multiple`` as 2.2x
SHOWN_AS = ("count", "rate", "money", "multiple")
_SHOWN_AS_OF_UNIT = {"count": "count", "fraction": "rate", "money": "money", "ratio": "multiple"}
ENGAGEMENT_COLUMNS = ("likes", "comments", "shares", "saves")


@dataclass(frozen=True)
class KPI:
    """One catalogue entry. Read fields as attributes (``kpi.label``) or keys (``kpi["label"]``).

    Attributes
    ----------
    name : str
        The key a campaign file's goal names it by (``engagement_rate``).
    label : str
        The name shown to people.
    definition : str
        What it counts, in a sentence.
    formula : str
        How it is computed.
    unit : str
        ``count``, ``fraction`` (0.035 = 3.5%), ``money`` (campaign currency) or ``ratio``.
    funnel_stage : str
        ``awareness``, ``consideration``, ``conversion`` or ``loyalty``.
    higher_is_better : bool
        False for costs (CPM, CPE, CPC, CPA, cost): the target is a cap.
    data_source : tuple of str
        The columns of a results table (``data/sample/results-*.csv``) it is computed from;
        empty when the results table cannot measure it.
    how_to_measure : str
        Where the number comes from when the results table has no column for it.
    numerator, denominator : str or None
        The summed columns :meth:`value` divides (``engagements`` and ``profit`` are the summed
        likes + comments + shares + saves and revenue − cost); numerator None for a KPI measured
        by hand, denominator None for a plain sum.
    scale : float
        What the numerator is multiplied by (1,000 for a CPM).
    shown_as : str
        How results show a value: ``count``, ``rate`` (a percentage), ``money`` or ``multiple``
        (ROAS 2.2x); ROI is a rate.
    """

    name: str
    label: str
    definition: str
    formula: str
    unit: str
    funnel_stage: str
    higher_is_better: bool
    data_source: tuple[str, ...]
    how_to_measure: str = ""
    numerator: str | None = None
    denominator: str | None = None
    scale: float = 1.0
    shown_as: str = "count"

    @property
    def lower_is_better(self) -> bool:
        """True for a cost: the target is a cap."""
        return not self.higher_is_better

    def value(self, totals: Mapping[str, float] | pd.Series) -> float:
        """The KPI from column totals: sum(numerator) × scale / sum(denominator); NaN when the
        denominator is zero or the KPI is measured by hand."""
        if self.numerator is None:
            return float("nan")
        top = float(totals[self.numerator]) * self.scale
        if self.denominator is None:
            return top
        return float(metrics.ratio(top, float(totals[self.denominator])))

    def __getitem__(self, name: str) -> object:
        return getattr(self, name)

    def keys(self) -> list[str]:
        """The field names, so ``dict(kpi)`` works."""
        return list(self.__dataclass_fields__)

    def get(self, name: str, default: object = None) -> object:
        """A field by name, or ``default``."""
        return getattr(self, name, default)


def _kpi(name, label, definition, formula, unit, stage, higher=True, source=(), how="",
         compute=(None, None, 1.0), shown_as=None) -> KPI:  # fmt: skip
    numerator, denominator, scale = compute
    shown = shown_as or _SHOWN_AS_OF_UNIT[unit]
    return KPI(name, label, definition, formula, unit, stage, higher, tuple(source), how,
               numerator, denominator, scale, shown)  # fmt: skip


@cache
def kpis(_: Translator) -> dict[str, KPI]:
    """The catalogue with its label, definition, formula and how-to-measure in the Translator's
    language (names, units, stages and columns are keys and stay English), in funnel order."""
    entries = [
        *_awareness(_),
        *_consideration(_),
        *_conversion(_),
        *_loyalty(_),
        *_results_columns(_),
    ]
    return {kpi.name: kpi for kpi in entries}


def _awareness(_: Translator) -> list[KPI]:
    """Awareness: who saw the content, and what seeing it cost."""
    listening = _("a social-listening tool (brand mentions against named competitors)")
    return [
    _kpi("reach",
        _("Reach"), _("accounts that saw a post, summed over posts (the same person seen on two "
        "posts counts twice; it is not unique reach)"), _("sum of reach per post"), "count",
        "awareness", source=["reach"], compute=("reach", None, 1.0)),
    _kpi("impressions",
        _("Impressions"), _("times the content was shown"), _("sum of impressions"), "count",
        "awareness", source=["impressions"], compute=("impressions", None, 1.0)),
    _kpi("views",
        _("Views"), _("video and story plays, as each platform counts them"), _("sum of views"),
        "count", "awareness", source=["views"], compute=("views", None, 1.0)),
    _kpi("video_completion_rate",
        _("Video completion rate"), _("share of video plays watched to the end"),
        _("completed plays / plays"), "fraction", "awareness",
        how=_("creator insights screenshots (average watch time and completion per video)")),
    _kpi("cpm",
        _("CPM"), _("cost per thousand impressions"), _("cost / impressions × 1,000"), "money",
        "awareness", higher=False, source=["cost", "impressions"],
        compute=("cost", "impressions", 1000.0)),
    _kpi("share_of_voice",
        _("Share of voice"), _("the brand's share of all mentions in its category"),
        _("brand mentions / mentions of the brand and its competitors"), "fraction",
        "awareness", how=listening),
    _kpi("brand_lift",
        _("Brand lift"), _("extra recall or awareness among people who saw the content"),
        _("awareness in the exposed group − awareness in a control group"), "fraction",
        "awareness", how=_("a brand-lift survey or a platform lift study")),
    ]  # fmt: skip


def _consideration(_: Translator) -> list[KPI]:
    """Consideration: who engaged, clicked or followed."""
    return [
    _kpi("engagements",
        _("Engagements"), _("likes, comments, shares and saves on the campaign posts"),
        _("likes + comments + shares + saves"), "count", "consideration",
        source=ENGAGEMENT_COLUMNS, compute=("engagements", None, 1.0)),
    _kpi("engagement_rate",
        _("Engagement rate (per reach)"), _("engagements per account reached; per reach, not "
        "per follower, so it is comparable across platforms and formats"),
        _("(likes + comments + shares + saves) / reach"), "fraction", "consideration",
        source=(*ENGAGEMENT_COLUMNS, "reach"), compute=("engagements", "reach", 1.0)),
    _kpi("cpe",
        _("CPE"), _("cost per engagement"), _("cost / engagements"), "money", "consideration",
        higher=False, source=("cost", *ENGAGEMENT_COLUMNS),
        compute=("cost", "engagements", 1.0)),
    _kpi("clicks",
        _("Clicks"), _("taps on the tracked link or sticker"), _("sum of link clicks"), "count",
        "consideration", source=["link_clicks"], compute=("link_clicks", None, 1.0)),
    _kpi("ctr",
        _("Click-through rate"), _("link clicks per impression"),
        _("link clicks / impressions"), "fraction", "consideration",
        source=["link_clicks", "impressions"], compute=("link_clicks", "impressions", 1.0)),
    _kpi("cpc",
        _("CPC"), _("cost per link click"), _("cost / link clicks"), "money", "consideration",
        higher=False, source=["cost", "link_clicks"], compute=("cost", "link_clicks", 1.0)),
    _kpi("new_followers",
        _("New followers"), _("followers the brand's own accounts gained in the campaign "
        "window"), _("followers at the end − followers at the start"), "count",
        "consideration", how=_("the brand account's follower count at the start and at the "
        "end")),
    _kpi("ugc_pieces",
        _("UGC pieces"), _("posts by people who were not paid that use the campaign hashtag or "
        "sound"), _("count of unpaid posts with the campaign hashtag or sound"), "count",
        "consideration", how=_("a hashtag or sound search on each platform (count by hand)")),
    ]  # fmt: skip


def _conversion(_: Translator) -> list[KPI]:
    """Conversion: sign-ups, orders and what they returned."""
    return [
    _kpi("sign_ups",
        _("Sign-ups"), _("attributed sign-ups, when the conversion event is a sign-up"),
        _("sum of conversions (the sign-up event)"), "count", "conversion",
        source=["conversions"], compute=("conversions", None, 1.0)),
    _kpi("code_redemptions",
        _("Code redemptions"), _("uses of the creators' discount codes"),
        _("sum of code redemptions"), "count", "conversion", source=["code_redemptions"],
        compute=("code_redemptions", None, 1.0)),
    _kpi("conversions",
        _("Conversions"), _("orders, sign-ups or installs attributed to a post by tracked link "
        "or code"), _("sum of conversions"), "count", "conversion", source=["conversions"],
        compute=("conversions", None, 1.0)),
    _kpi("conversion_rate",
        _("Conversion rate"), _("conversions per link click"), _("conversions / link clicks"),
        "fraction", "conversion", source=["conversions", "link_clicks"],
        compute=("conversions", "link_clicks", 1.0)),
    _kpi("cpa",
        _("CPA"), _("cost per acquisition (conversion)"), _("cost / conversions"), "money",
        "conversion", higher=False, source=["cost", "conversions"],
        compute=("cost", "conversions", 1.0)),
    _kpi("revenue",
        _("Revenue"), _("attributed order value"), _("sum of revenue"), "money", "conversion",
        source=["revenue"], compute=("revenue", None, 1.0)),
    _kpi("aov",
        _("Average order value"), _("attributed revenue per conversion"),
        _("revenue / conversions"), "money", "conversion", source=["revenue", "conversions"],
        compute=("revenue", "conversions", 1.0)),
    _kpi("roas",
        _("ROAS"), _("return on ad spend"), _("revenue / cost"), "ratio", "conversion",
        source=["revenue", "cost"], compute=("revenue", "cost", 1.0)),
    _kpi("roi",
        _("ROI"), _("return on investment"), _("(revenue − cost) / cost"), "ratio",
        "conversion", source=["revenue", "cost"], compute=("profit", "cost", 1.0),
        shown_as="rate"),
    ]  # fmt: skip


def _loyalty(_: Translator) -> list[KPI]:
    """Loyalty: customers who stay, read after the campaign."""
    return [
    _kpi("repeat_purchase_rate",
        _("Repeat purchase rate"), _("campaign customers who buy again within the reading "
        "window"), _("repeat buyers / campaign customers"), "fraction", "loyalty",
        how=_("the shop's order data, 60 to 90 days after the campaign")),
    _kpi("retention_rate",
        _("Retention rate (day 30)"), _("users acquired by the campaign still active on day 30"),
        _("users active on day 30 / users acquired"), "fraction", "loyalty",
        how=_("the app's or shop's cohort report, 30 days after acquisition")),
    ]  # fmt: skip


def _results_columns(_: Translator) -> list[KPI]:
    """The results table's own columns and sums, named as the results columns name them."""
    return [
    _kpi("frequency",
        _("Frequency"), _("impressions per account reached, on average"),
        _("impressions / reach"), "ratio", "awareness", source=["impressions", "reach"],
        compute=("impressions", "reach", 1.0)),
    _kpi("link_clicks",
        _("Link clicks"), _("taps on the tracked link or sticker"), _("sum of link clicks"),
        "count", "consideration", source=["link_clicks"], compute=("link_clicks", None, 1.0)),
    _kpi("cost",
        _("Cost"), _("the creators' fees for the campaign posts"), _("sum of fees"), "money",
        "conversion", higher=False, source=["cost"], compute=("cost", None, 1.0)),
    ]  # fmt: skip


#: every KPI by name, its texts in English (the message keys); :func:`kpi_text` translates
KPIS: dict[str, KPI] = kpis(translator("en"))

#: names people write for a KPI, for "did you mean" hints (``link_clicks`` is also a KPI of its
#: own, the name the results columns use)
KPI_ALIASES = {
    "er": "engagement_rate",
    "engagement": "engagements",
    "click_through_rate": "ctr",
    "link_clicks": "clicks",
    "signups": "sign_ups",
    "installs": "conversions",
    "purchases": "conversions",
    "sales": "conversions",
    "cost_per_acquisition": "cpa",
    "cost_per_engagement": "cpe",
    "cost_per_click": "cpc",
    "ugc": "ugc_pieces",
    "followers": "new_followers",
    "sov": "share_of_voice",
    "completion_rate": "video_completion_rate",
    "retention": "retention_rate",
}
_TABLE_FIELDS = ("label", "definition", "formula", "unit", "funnel_stage", "higher_is_better",
                 "data_source", "how_to_measure")  # fmt: skip


def kpi_text(name: str, _: Translator) -> KPI:
    """A catalogue KPI with its label, definition, formula and how-to-measure in the
    Translator's language (the other fields are keys and stay as they are).

    Raises
    ------
    KeyError
        When the KPI is not in the catalogue.
    """
    return kpis(_)[name]


def kpi_label(name: str, _: Translator) -> str:
    """A KPI's label in the Translator's language; a name that is not in the catalogue is shown
    as written."""
    return kpi_text(name, _).label if name in KPIS else name


def catalogue_table(_: Translator) -> pd.DataFrame:
    """The KPI catalogue as a table, one row per KPI (``link_clicks``, another name for
    ``clicks``, is left out), in funnel order; label, definition, formula and how-to-measure in
    the Translator's language, keys such as ``funnel_stage`` in English."""
    rows = [
        {"kpi": name, **{field: kpi[field] for field in _TABLE_FIELDS}}
        for name, kpi in kpis(_).items()
        if name not in KPI_ALIASES
    ]
    table = pd.DataFrame(rows)
    table["data_source"] = table["data_source"].map(lambda cols: ", ".join(cols))
    order = table["funnel_stage"].map(FUNNEL_STAGES.index)
    return table.iloc[np.argsort(order.to_numpy(), kind="stable")].reset_index(drop=True)


def suggest_kpi(name: str) -> str | None:
    """The catalogue KPI closest to a name that is not in it (aliases first), or None."""
    if name in KPI_ALIASES:
        return KPI_ALIASES[name]
    close = difflib.get_close_matches(name, [*KPIS, *KPI_ALIASES], n=1, cutoff=0.6)
    return KPI_ALIASES.get(close[0], close[0]) if close else None
