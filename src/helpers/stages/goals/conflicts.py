"""Goals that disagree with each other: a volume and a cost cap the budget cannot both meet,
two volumes that imply an impossible rate, ROI and ROAS targets that say different things."""

from __future__ import annotations

import math

import pandas as pd

from helpers.core import reference
from helpers.core.campaign import Campaign
from helpers.core.kpis import KPIS
from helpers.stages.goals.figures import _fmt, _g
from helpers.text.i18n import Translator, translator

CAPS = {"cpm": ("impressions", "reach"), "cpe": ("engagements",), "cpc": ("clicks",),
        "cpa": ("conversions", "sign_ups")}  # fmt: skip
TRIPLES = (
    ("engagements", "reach", "engagement_rate"),
    ("clicks", "impressions", "ctr"),
    ("conversions", "clicks", "conversion_rate"),
)


def goal_conflicts(
    campaign: Campaign, sheet: pd.DataFrame, _: Translator | None = None
) -> pd.DataFrame:
    """Pairs and triples of goals that pull against each other, with the arithmetic.

    - a volume target and a cost cap on the same thing: spending the whole budget at the cap
      must buy at least the volume (reach needs reach × frequency impressions), else they
      only both hold if prices come in below the cap (``conflict``); exactly the volume leaves
      no slack (``note``);
    - two volume targets and the rate between them (engagements, reach and engagement rate;
      clicks, impressions and CTR; conversions, clicks and conversion rate): the implied rate
      is compared with the rate target, or with the playbook's planning rate (``note``), and
      a rate above 100% is a ``conflict``;
    - ROI and ROAS together: ROAS = ROI + 1, the stricter one decides (``note``).

    Returns
    -------
    DataFrame
        ``goals`` (``goals[0], goals[2]``), ``severity`` (``conflict`` or ``note``) and
        ``message`` (written with the Translator ``_``, default the campaign's language).
    """
    _ = _ or translator(campaign.language)
    usable = sheet[sheet["verdict"] != "invalid"]
    rows = []
    for market, goals in usable.groupby(usable["market"].fillna(""), sort=False):
        by_kpi = {row.kpi: row for row in goals.itertuples()}
        rows += _cap_conflicts(campaign, by_kpi, market, _)
        rows += _rate_conflicts(campaign, by_kpi, _)
        rows += _return_conflicts(by_kpi, _)
    return pd.DataFrame(rows, columns=["goals", "severity", "message"])


def _return_conflicts(by_kpi: dict, _: Translator) -> list[dict[str, str]]:
    """ROI and ROAS together: ROAS = ROI + 1, so the stricter target decides."""
    if "roi" not in by_kpi or "roas" not in by_kpi:
        return []
    roi, roas = by_kpi["roi"], by_kpi["roas"]
    if math.isclose(roi.target + 1, roas.target, rel_tol=0.01):
        return []
    stricter = "roas" if roas.target > roi.target + 1 else "roi"
    return [_conflict([roi, roas], "note", _(
        "{roi_label} {roi} means {roas_label} {implied}, but the {roas_label} target "
        "is {roas}: the {stricter} target is the stricter one and decides.",
        roi_label=_(KPIS["roi"].label),
        roas_label=_(KPIS["roas"].label),
        roi=_g(roi.target, _),
        implied=_g(roi.target + 1, _),
        roas=_g(roas.target, _),
        stricter=_(KPIS[stricter].label),
    ), _)]  # fmt: skip


def _label(row, _: Translator) -> str:
    return _("suggested") if pd.isna(row.index) else f"goals[{int(row.index)}]"


def _conflict(rows: list, severity: str, message: str, _: Translator) -> dict[str, str]:
    goals = ", ".join(_label(r, _) for r in rows)
    return {"goals": goals, "severity": severity, "message": message}


def _cap_conflicts(
    campaign: Campaign, by_kpi: dict, market: str, _: Translator
) -> list[dict[str, str]]:
    """Each cost cap against the volume goals it prices (CPM and reach, CPA and conversions)."""
    share = campaign.audience.countries.get(market, 1 / len(campaign.markets)) if market else 1
    spend = {"budget": campaign.budget * share, "frequency": _planning_frequency(campaign)}
    return [
        row
        for cap_name, volume_names in CAPS.items()
        if cap_name in by_kpi
        for volume_name in volume_names
        if volume_name in by_kpi
        for row in _cap_and_volume(campaign, by_kpi[cap_name], by_kpi[volume_name], spend, _)
    ]


def _cap_and_volume(
    campaign: Campaign, cap, volume, spend: dict[str, float], _: Translator
) -> list[dict[str, str]]:
    """One cap and one volume: does the budget spent at the cap buy the volume?"""
    money, budget, frequency = campaign.currency, spend["budget"], spend["frequency"]
    units = volume.target * (frequency if volume.kpi == "reach" else 1)
    per = 1000 if cap.kpi == "cpm" else 1
    bought, needed_cost = budget / cap.target * per, budget / units * per
    volume_label, cap_label = _(volume.label), _(cap.label)
    values = {
        "volume": volume_label,
        "volume_lower": volume_label.lower(),
        "target": _fmt(volume.target, volume.unit, money, _),
        "cap": cap_label,
        "cap_target": _fmt(cap.target, "money", money, _),
        "budget": _fmt(budget, "money", money, _),
        "what": _("impressions") if cap.kpi == "cpm" else volume_label.lower(),
    }
    if bought < units * 0.995:
        reach_note = _reach_note(volume, units, frequency, _) if volume.kpi == "reach" else ""
        return [_conflict([volume, cap], "conflict", _(
            "{volume} {target} and {cap} at most {cap_target} disagree: {budget} spent at "
            "the cap buys {bought} {what}{reach_note}. Both hold only if {cap} comes in "
            "at or below {needed}: lower the cap to that, or the {volume_lower} target, "
            "or raise the budget.",
            bought=_.number(bought),
            reach_note=reach_note,
            needed=_fmt(needed_cost, "money", money, _),
            **values,
        ), _)]  # fmt: skip
    if bought < units * 1.02:
        return [_conflict([volume, cap], "note", _(
            "{volume} {target} at {cap} {cap_target} takes exactly the {budget} budget: "
            "no slack. If {what} come in 10% short at full spend, {cap} is {missed} and "
            "misses; decide now which goal wins.",
            missed=_fmt(needed_cost / 0.9, "money", money, _),
            **values,
        ), _)]  # fmt: skip
    return []


def _reach_note(volume, units: float, frequency: float, _: Translator) -> str:
    """`` (reach 1,000,000 needs ~1,300,000 impressions at 1.3 per account)``."""
    return " " + _(
        "(reach {reach} needs ~{impressions} impressions at {frequency} per account)",
        reach=_.number(volume.target),
        impressions=_.number(units),
        frequency=_g(frequency, _),
    )


def _planning_frequency(campaign: Campaign) -> float:
    if campaign.assumptions.frequency is not None:
        return campaign.assumptions.frequency
    table = reference.reference_table("planning_rates")
    return float(table.loc[table["rate"] == "frequency", "value"].iloc[0])


def _rate_conflicts(campaign: Campaign, by_kpi: dict, _: Translator) -> list[dict[str, str]]:
    rows = []
    for numerator, denominator, rate_name in TRIPLES:
        if numerator not in by_kpi or denominator not in by_kpi:
            continue
        top, bottom = by_kpi[numerator], by_kpi[denominator]
        implied = top.target / bottom.target
        pair = _(
            "{top} {top_target} from {bottom} {bottom_target} means a {rate} of {implied}",
            top=_(top.label),
            top_target=_.number(top.target),
            bottom=_(bottom.label).lower(),
            bottom_target=_.number(bottom.target),
            rate=_(KPIS[rate_name].label).lower(),
            implied=_fmt(implied, "fraction", "", _),
        )
        if implied > 1:
            rows.append(
                _conflict([top, bottom], "conflict", _("{pair}, above 100%: impossible.",
                                                       pair=pair), _)
            )  # fmt: skip
        elif rate_name in by_kpi:
            rate = by_kpi[rate_name]
            if implied < rate.target * 0.995:
                rows.append(_conflict([top, bottom, rate], "note", _(
                    "{pair}, below the {target} target: hitting both volume targets exactly "
                    "misses the rate target.",
                    pair=pair,
                    target=_fmt(rate.target, "fraction", "", _),
                ), _))  # fmt: skip
        elif rate_name == "conversion_rate":
            planned = _planned_conversion_rate(campaign)
            if implied > planned:
                rows.append(_conflict([top, bottom], "note", _(
                    "{pair}; the playbook plans with {planned}. Decide whether a conversion "
                    "means an install, a trial or a paid order.",
                    pair=pair,
                    planned=_fmt(planned, "fraction", "", _),
                ), _))  # fmt: skip
    return rows


def _planned_conversion_rate(campaign: Campaign) -> float:
    if campaign.assumptions.conversion_rate is not None:
        return campaign.assumptions.conversion_rate
    table = reference.reference_table("planning_rates")
    return float(table.loc[table["rate"] == "conversion_rate", "value"].iloc[0])
