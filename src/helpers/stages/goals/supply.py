"""The goals against the roster's supply: what the creators who pass the campaign's rules can
deliver under its budget rules, beside what the budget could buy, and which of the two limits
each goal (:mod:`helpers.core.supply` does the arithmetic)."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from helpers import report
from helpers.core import reference
from helpers.core.campaign import Campaign
from helpers.core.errors import InputError
from helpers.core.kpis import kpi_label
from helpers.core.supply import SUPPLY_KPIS, Supply, roster_supply
from helpers.stages.goals.budget import PlanningError, _rate, budget_plan, planning_rates
from helpers.stages.goals.figures import _approx
from helpers.stages.goals.reading import GoalCheck
from helpers.stages.goals.suggestions import round_target
from helpers.stages.goals.vocabulary import PLATFORM_NAMES
from helpers.text.i18n import Translator

#: the supply covers this share of the target or more: the roster is not the limit
ENOUGH = 1.0


def supply_rates(campaign: Campaign, rates: pd.DataFrame | None = None) -> dict:
    """The rates :func:`helpers.core.supply.unit_results` needs, from the goals stage's planning
    rates (frequency, click-through and conversion rates, the campaign's ``assumptions``
    applied), ``negotiation_rates.csv`` (repeat reach and discount, the campaign's
    ``negotiation.rates`` applied) and the benchmark CPM per platform in the campaign currency
    (left out when the budget cannot be priced)."""
    rates = planning_rates(campaign) if rates is None or rates.empty else rates
    table = reference.reference_table("negotiation_rates")
    repeat = dict(zip(table["rate"], table["value"].astype(float), strict=True))
    repeat |= dict(campaign.negotiation.rates)
    try:
        plan = budget_plan(campaign)
        cpm = dict(zip(plan["platform"], plan["cpm"], strict=True))
    except PlanningError:
        cpm = {}
    return {
        "frequency": _rate(rates, "frequency", "all"),
        "click_through_rate": {
            p: _rate(rates, "click_through_rate", p) for p in ("instagram", "tiktok", "youtube")
        },
        "conversion_rate": _rate(rates, "conversion_rate", "all"),
        "repeat_reach": repeat["repeat_reach"],
        "repeat_discount": repeat["repeat_discount"],
        "cpm": cpm,
    }


def goal_supply(
    campaign: Campaign,
    run_folder: str | Path | None = None,
    tables: dict[str, pd.DataFrame] | None = None,
) -> Supply | None:
    """What the roster can deliver for the campaign's goals (:class:`helpers.core.supply.Supply`).

    The roster's creators in the campaign's markets, platforms and tiers are checked against
    the rules the roster and audience table can answer; when the run folder holds vetting's
    ``shortlist.csv`` (stage 02 ran), its decision is used instead.

    Returns
    -------
    Supply or None
        None when the campaign has no readable roster (the goals are then checked against the
        budget only).
    """
    if tables is None:
        try:
            from helpers.core.data import load_campaign_data

            tables = load_campaign_data(campaign, ["roster", "audience"])
        except InputError:
            return None
    roster = tables.get("roster")
    if roster is None:
        return None
    shortlist = None
    path = Path(run_folder) / "shortlist.csv" if run_folder else None
    if path is not None and path.is_file():
        shortlist = pd.read_csv(path, keep_default_na=False, na_values=[""])
    try:
        rates = supply_rates(campaign)
    except PlanningError:
        return None
    return roster_supply(campaign, roster, rates, tables.get("audience"), shortlist)


def supply_and_coverage(check: GoalCheck, supply: Supply | None) -> tuple[float, float]:
    """What the eligible creators can deliver of the goal's KPI (in its market, if it names
    one) and its share of the target; NaN for a KPI the roster does not limit or without a
    roster."""
    if supply is None or check.kpi is None or "target" in check.errors:
        return float("nan"), float("nan")
    if check.goal.kpi not in SUPPLY_KPIS or not check.target or check.target <= 0:
        return float("nan"), float("nan")
    amount = supply.ceiling(check.goal.kpi, check.goal.market)
    return amount, amount / check.target


def _who(supply: Supply, market: str | None, _: Translator) -> tuple[str, int]:
    """``the creators who pass the campaign's rules before vetting (33)`` (or the ones on
    vetting's shortlist), and how many they are."""
    eligible = supply.eligible
    if market is not None and len(eligible):
        eligible = eligible[eligible["market"] == market]
    count = len(eligible)
    if supply.source == "shortlist":
        return _("the creators on vetting's shortlist ({count})", count=_.number(count)), count
    who = _(
        "the creators who pass the campaign's rules before vetting ({count})",
        count=_.number(count),
    )
    return who, count


def supply_note(
    check: GoalCheck, supply: Supply, expected: float, _: Translator
) -> tuple[bool, str] | None:
    """What the roster's supply adds to the Achievable letter: ``(limits, sentence)``, or None
    when the roster does not limit this goal's KPI.

    ``limits`` is True when the roster delivers less than the budget buys and less than the
    target: the sentence then replaces the budget's (the roster, not the budget, is the limit,
    and what would lift it) and the status follows the roster's share of the target. Otherwise
    the sentence is a clause to add to the budget's, whose status stands.
    """
    amount, coverage = supply_and_coverage(check, supply)
    if not math.isfinite(coverage):
        return None
    market = check.goal.market
    who, count = _who(supply, market, _)
    values = {
        "who": who,
        "supply": _.number(_approx(amount)),
        "share": _.percent(coverage, 0),
        "target": _.number(check.target),
        "label": report.lower_label(_(check.kpi.label)),
        "expected": _.number(_approx(expected)) if math.isfinite(expected) else "–",
    }
    if count == 0:
        return True, _(
            "No creator on the roster passes the campaign's rules{market}, so nobody can deliver "
            "it: add creators to the roster, or widen vetting (markets, platforms, tiers).",
            market=" " + _("in {market}", market=market) if market else "",
        )
    roster_limits = not math.isfinite(expected) or amount < expected
    if roster_limits and coverage < ENOUGH:
        sentence = _(
            "The roster, not the budget, limits {label}: {who} can deliver about {supply}, "
            "{share} of the target of {target}; the budget could buy ~{expected}.",
            **values,
        )
        return True, sentence + " " + lift_sentence(check, supply, amount, _)
    if roster_limits:
        return False, _(
            "The roster is the tighter limit: {who} can deliver about {supply} ({times}x the "
            "target) under the campaign's rules.",
            times=_.number(coverage, 1),
            **values,
        )
    if coverage < ENOUGH:
        return False, _(
            "More budget alone would not do: {who} can deliver only about {supply} ({share} of "
            "the target).",
            **values,
        )
    return False, _("The roster is not the limit: {who} can deliver about {supply}.", **values)


def lift_sentence(check: GoalCheck, supply: Supply, amount: float, _: Translator) -> str:
    """What would lift a goal the roster limits: more creators of the group that delivers most
    per creator, the roster's creators in a tier or platform the campaign leaves out, or a
    lower target."""
    kpi, market = check.goal.kpi, check.goal.market
    gap = check.target - amount
    lower = _.number(round_target(amount))
    groups = supply.groups(kpi, market)
    if groups.empty:
        return _("Add creators to the roster, or lower the target to ~{lower}.", lower=lower)
    best = groups.iloc[0]
    values = {
        "count": _.number(max(1, math.ceil(gap / best["each"]))),
        "group": _group_name(best["tier"], best["platform"]),
        "each": _.number(_approx(best["each"])),
        "peers": _.number(int(best["creators"])),
        "lower": lower,
    }
    more = (
        _("{group} creators in {market}", group=values["group"], market=market)
        if market
        else _("{group} creators", group=values["group"])
    )
    outside = supply.outside_ceiling(kpi, market)
    widen = ""
    if len(outside) and outside["amount"].iloc[0] > 0:
        first = outside.iloc[0]
        vetting = check_settings(supply, first["tier"], first["platform"])
        widen = " " + _(
            "Widening {settings} to the roster's {group} creators ({count}) would add ~{amount}.",
            settings=vetting,
            count=_.number(int(first["creators"])),
            group=_group_name(first["tier"], first["platform"]),
            amount=_.number(_approx(first["amount"])),
        )
    return (
        _(
            "To lift it, add about {count} more {creators} to the roster (~{each} each, the "
            "median of the {peers} on it), or lower the target to ~{lower}.",
            creators=more,
            **values,
        )
        + widen
    )


def check_settings(supply: Supply, tier: str, platform: str) -> str:
    """The campaign file's settings that leave a tier and platform out: ``vetting.tiers``,
    ``vetting.platforms`` or both."""
    settings = []
    if tier not in supply.tiers:
        settings.append("vetting.tiers")
    if platform not in supply.platforms:
        settings.append("vetting.platforms")
    return " + ".join(settings) or "vetting"


def _group_name(tier: str, platform: str) -> str:
    """``mid TikTok``: a tier and a platform, as the page names a group of creators."""
    return f"{tier} {PLATFORM_NAMES.get(platform, platform)}"


def supply_table(sheet: pd.DataFrame, supply: Supply | None, _: Translator) -> pd.DataFrame:
    """Per goal the roster limits: the target, what the budget buys, what the eligible
    creators can deliver, and which of the two is the limit (words in the Translator's
    language)."""
    columns = [_("KPI"), _("target"), _("budget buys"), _("roster can deliver"), _("limit")]
    if supply is None:
        return pd.DataFrame(columns=columns)
    usable = sheet[(sheet["verdict"] != "invalid") & sheet["supply"].notna()]
    limit = [
        _("roster") if s < e or not math.isfinite(e) else _("budget")
        for s, e in zip(usable["supply"], usable["expected"], strict=True)
    ]
    return pd.DataFrame(
        {
            columns[0]: [kpi_label(k, _) for k in usable["kpi"]],
            columns[1]: [_.number(t) for t in usable["target"]],
            columns[2]: [_.number(_approx(e)) if math.isfinite(e) else "–"
                         for e in usable["expected"]],
            columns[3]: [_.number(_approx(s)) for s in usable["supply"]],
            columns[4]: limit,
        }
    )  # fmt: skip


def creators_table(supply: Supply | None, _: Translator) -> pd.DataFrame:
    """Creators per market, platform and tier in the campaign's scope: how many, how many pass
    the campaign's rules, and the rule that stops the most of the others."""
    columns = ["market", "platform", "tier", "creators", "eligible", "held_back_by"]
    if supply is None or supply.creators.empty:
        return pd.DataFrame(columns=columns)
    names = rule_names(_)
    rows = []
    for (market, platform, tier), group in supply.creators.groupby(
        ["market", "platform", "tier"], observed=True
    ):
        failed = group.loc[~group["eligible"].astype(bool), "failed"]
        top = failed.value_counts()
        rows.append(
            {
                "market": market,
                "platform": PLATFORM_NAMES.get(platform, platform),
                "tier": tier,
                "creators": len(group),
                "eligible": int(group["eligible"].sum()),
                "held_back_by": (
                    _("{rule} ({count})", rule=names.get(top.index[0], top.index[0]),
                      count=_.number(int(top.iloc[0])))
                    if len(top) else "–"
                ),
            }
        )  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def rule_names(_: Translator) -> dict[str, str]:
    """The rules the roster can answer, and vetting's decisions, in words."""
    return {
        "interests": _("no shared interest"),
        "language": _("content not in a campaign language"),
        "audience": _("too little audience in the markets"),
        "fake_share": _("vendor's fake-follower share above the limit"),
        "vetting: excluded": _("excluded at vetting"),
        "vetting: flagged": _("flagged at vetting"),
        "vetting: not vetted": _("not vetted"),
    }
