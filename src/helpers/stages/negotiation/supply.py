"""The budget the plan leaves idle, and what would unlock it.

When the budget split spends less than the budget allows, the budget is not what limits the
plan: the shortlist or the rules are. This module says which, from the solved plan
(:class:`~helpers.stages.negotiation.budget.Allocation`): how much is idle, whether every
shortlisted creator is already planned, which groups of creators (market, platform, tier) have
nobody left to add, which rules are at their limit (deliverables per creator or of one
deliverable, one creator's share of the budget, creators per platform or in all, market and
tier shares), and how many creators vetting kept out. :func:`unlocking_changes` re-solves the
plan with one rule relaxed at a time (:func:`~helpers.stages.negotiation.summary.what_if`) and
says what each would unlock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from helpers.core.campaign import Campaign
from helpers.stages.negotiation.budget import Allocation
from helpers.stages.negotiation.documents import PLATFORM_NAMES
from helpers.stages.negotiation.models import ShortlistPrices, price_shortlist
from helpers.text.i18n import Translator

#: idle budget worth a sentence: this share of the spendable budget or more
IDLE_SHARE = 0.1
#: a rule is at its limit within this share of it
AT_LIMIT = 0.98
#: more creators than this to recruit in one group is no longer a suggestion worth making
MAX_RECRUITS = 10
#: the most a relaxed share rule adds (creator, market and tier shares)
SHARE_STEP = 0.1


@dataclass
class IdleBudget:
    """What the plan leaves unspent, and why.

    ``idle`` is the spendable budget (after the reserve) the plan does not commit, ``unplanned``
    the whole budget it does not (the reserve included), ``share`` = unplanned / budget;
    ``all_planned`` says every shortlisted creator with a priced deliverable is in the plan;
    ``binding`` lists the rules at their limit (keys of :func:`rule_words`, with the value
    that binds); ``groups`` has one row per market, platform and tier in the plan
    (``creators``, ``cost``, ``kpi``, ``cost_each``, ``kpi_per_1000``, ``left_out``);
    ``recruit`` is the group where more creators would use the idle budget best (``market``,
    ``platform``, ``tier``, ``count``, ``cost_each``, ``unlocked``), or None.
    """

    idle: float
    unplanned: float
    share: float
    reserve: float
    spendable: float
    all_planned: bool
    binding: list[tuple[str, object]] = field(default_factory=list)
    groups: pd.DataFrame = field(default_factory=pd.DataFrame)
    recruit: dict | None = None

    @property
    def worth_saying(self) -> bool:
        """True when the idle budget is at least :data:`IDLE_SHARE` of the spendable one."""
        return self.idle > 0 and self.idle >= IDLE_SHARE * self.spendable


def idle_budget(campaign: Campaign, allocation: Allocation) -> IdleBudget | None:
    """The idle budget of a solved plan and what binds it; None without a plan.

    Parameters
    ----------
    campaign : Campaign
        The budget rules (``negotiation.rules``) and ``negotiation.max_units``.
    allocation : Allocation
        The solved budget split (:func:`~helpers.stages.negotiation.allocate_budget`).
    """
    if not allocation.ok:
        return None
    plan = allocation.plan
    idle = max(allocation.spendable - allocation.cost, 0.0)
    unplanned = max(allocation.budget - allocation.cost, 0.0)
    groups = _groups(plan, allocation.runners_up)
    result = IdleBudget(
        idle=idle,
        unplanned=unplanned,
        share=unplanned / allocation.budget if allocation.budget else 0.0,
        reserve=allocation.budget - allocation.spendable,
        spendable=allocation.spendable,
        all_planned=allocation.runners_up.empty,
        binding=binding_rules(campaign, allocation),
        groups=groups,
    )
    result.recruit = _recruit(groups, idle)
    return result


def _groups(plan: pd.DataFrame, runners_up: pd.DataFrame) -> pd.DataFrame:
    """The plan per market, platform and tier: creators, cost, KPI, cost per creator, KPI per
    1,000 of spend and how many shortlisted creators of the group were left out."""
    keys = ["market", "platform", "tier"]
    columns = [*keys, "creators", "cost", "kpi", "cost_each", "kpi_per_1000", "left_out"]
    if plan.empty:
        return pd.DataFrame(columns=columns)
    grouped = plan.groupby(keys, as_index=False).agg(
        creators=("influencer_id", "nunique"),
        cost=("planned_cost", "sum"),
        kpi=("expected_kpi", "sum"),
    )
    grouped["cost_each"] = grouped["cost"] / grouped["creators"]
    grouped["kpi_per_1000"] = grouped["kpi"] / grouped["cost"] * 1000
    left = runners_up.groupby(keys).size() if len(runners_up) else pd.Series(dtype=int)
    index = pd.MultiIndex.from_frame(grouped[keys])
    grouped["left_out"] = left.reindex(index).fillna(0).astype(int).to_numpy()
    return grouped.sort_values("kpi_per_1000", ascending=False).reset_index(drop=True)[columns]


def _recruit(groups: pd.DataFrame, idle: float) -> dict | None:
    """The group where more creators like the planned ones would use the idle budget best:
    the most KPI per spend among groups that need :data:`MAX_RECRUITS` or fewer to use it,
    else the group whose creators take the most each."""
    groups = groups[groups["cost_each"] > 0]
    if groups.empty or idle <= 0:
        return None
    needed = (idle / groups["cost_each"]).apply(math.ceil)
    few = groups[needed <= MAX_RECRUITS]
    best = few.iloc[0] if len(few) else groups.sort_values("cost_each").iloc[-1]
    count = max(1, math.ceil(idle / best["cost_each"]))
    return {
        "market": best["market"],
        "platform": best["platform"],
        "tier": best["tier"],
        "count": count,
        "cost_each": float(best["cost_each"]),
        "unlocked": float(min(idle, count * best["cost_each"])),
        "kpi": float(min(idle, count * best["cost_each"]) * best["kpi_per_1000"] / 1000),
    }


def binding_rules(campaign: Campaign, allocation: Allocation) -> list[tuple[str, object]]:
    """The budget rules the plan is at: ``(rule, value)`` pairs, e.g.
    ``("max_units_per_creator", 3)``, ``("max_per_platform", "tiktok")``,
    ``("market_share", "LV")``."""
    plan, rules = allocation.plan, campaign.negotiation.rules
    if plan.empty:
        return []
    found: list[tuple[str, object]] = []
    per_creator = plan.groupby("influencer_id").agg(
        units=("quantity", "sum"), cost=("planned_cost", "sum"), platform=("platform", "first")
    )
    if (per_creator["units"] >= rules.max_units_per_creator).any():
        found.append(("max_units_per_creator", rules.max_units_per_creator))
    if (plan["quantity"] >= campaign.negotiation.max_units).any():
        found.append(("max_units", campaign.negotiation.max_units))
    cap = rules.max_creator_share * allocation.budget
    if (per_creator["cost"] >= AT_LIMIT * cap).any():
        found.append(("max_creator_share", rules.max_creator_share))
    counts = per_creator["platform"].value_counts()
    for platform, limit in rules.max_per_platform.items():
        if counts.get(platform, 0) >= limit:
            found.append(("max_per_platform", platform))
    if rules.max_creators is not None and len(per_creator) >= rules.max_creators:
        found.append(("max_creators", rules.max_creators))
    spend = max(allocation.cost, 1e-9)
    for group, column in (("market_share", "market"), ("tier_share", "tier")):
        shares = plan.groupby(column)["planned_cost"].sum() / spend
        for key, (_low, high) in getattr(rules, group).items():
            if high < 1 and shares.get(key, 0.0) >= AT_LIMIT * high:
                found.append((group, key))
    return found


def vetting_held_back(campaign: Campaign, shortlist: pd.DataFrame | None) -> dict[str, object]:
    """The creators in the campaign's markets, platforms and tiers whom vetting kept out:
    ``flagged`` (a count), ``excluded`` (a count) and ``filter`` (the ``pass_*`` column that
    removes most of the excluded, None when the shortlist has no such columns)."""
    held = {"flagged": 0, "excluded": 0, "filter": None, "removed": 0}
    if shortlist is None or "status" not in shortlist:
        return held
    scope = shortlist
    for column in ("pass_market", "pass_platform", "pass_tier"):
        if column in scope:
            scope = scope[scope[column].astype(bool)]
    held["flagged"] = int((scope["status"] == "flagged").sum())
    excluded = scope[scope["status"] == "excluded"]
    held["excluded"] = len(excluded)
    filters = [c for c in excluded.columns if c.startswith("pass_")]
    if len(excluded) and filters:
        failed = ~excluded[filters].astype(bool)
        first = failed.idxmax(axis=1)[failed.any(axis=1)]
        if len(first):
            held["filter"] = first.value_counts().index[0]
            held["removed"] = int(first.value_counts().iloc[0])
    return held


def rule_words(rule: str, value: object, _: Translator) -> str:
    """A rule at its limit, in words: ``3 deliverables per creator (max_units_per_creator)``."""
    words = {
        "max_units_per_creator": _(
            "{value} deliverables per creator (negotiation.rules.max_units_per_creator)"
        ),
        "max_units": _("{value} of one deliverable per creator (negotiation.max_units)"),
        "max_creator_share": _(
            "{value} of the budget for one creator (negotiation.rules.max_creator_share)"
        ),
        "max_per_platform": _("the most creators on {value} (negotiation.rules.max_per_platform)"),
        "max_creators": _("{value} creators in all (negotiation.rules.max_creators)"),
        "market_share": _("the most spend in {value} (negotiation.rules.market_share)"),
        "tier_share": _("the most spend on {value} creators (negotiation.rules.tier_share)"),
    }
    if rule == "max_creator_share":
        value = _.percent(float(value), 0)
    elif rule == "max_per_platform":
        value = PLATFORM_NAMES.get(str(value), value)
    return words[rule].format(value=value)


def relaxed_changes(
    campaign: Campaign, idle: IdleBudget, shortlist: pd.DataFrame | None
) -> list[tuple[str, dict, pd.DataFrame | None]]:
    """One change per rule at its limit (and shortlisting the flagged creators, when vetting
    flagged some): ``(key, negotiation changes, shortlist or None)``, the changes in the form
    :func:`~helpers.stages.negotiation.summary.what_if` takes."""
    rules = campaign.negotiation.rules
    changes: list[tuple[str, dict, pd.DataFrame | None]] = []

    def relaxed(**update) -> dict:
        return {"rules": rules.model_copy(update=update)}

    for rule, value in idle.binding:
        if rule == "max_units_per_creator" and value < 20:
            changes.append((rule, relaxed(max_units_per_creator=value + 1), None))
        elif rule == "max_units" and value < 5:
            changes.append((rule, {"max_units": value + 1}, None))
        elif rule == "max_creator_share":
            share = min(1.0, rules.max_creator_share + SHARE_STEP)
            changes.append((rule, relaxed(max_creator_share=share), None))
        elif rule == "max_per_platform":
            limits = dict(rules.max_per_platform) | {value: rules.max_per_platform[value] + 1}
            changes.append((f"{rule}:{value}", relaxed(max_per_platform=limits), None))
        elif rule == "max_creators":
            changes.append((rule, relaxed(max_creators=value + 1), None))
        elif rule in ("market_share", "tier_share"):
            ranges = dict(getattr(rules, rule))
            low, high = ranges[value]
            ranges[value] = (low, min(1.0, high + SHARE_STEP))
            changes.append((f"{rule}:{value}", relaxed(**{rule: ranges}), None))
    if shortlist is not None and "status" in shortlist and (shortlist["status"] == "flagged").any():
        cleared = shortlist.copy()
        cleared.loc[cleared["status"] == "flagged", "status"] = "shortlisted"
        changes.append(("flagged", {}, cleared))
    return changes


def change_words(key: str, campaign: Campaign, held: dict, _: Translator) -> str:
    """A relaxed rule (a key of :func:`relaxed_changes`) in words: ``allow 4 deliverables per
    creator (negotiation.rules.max_units_per_creator: 4)``."""
    rules = campaign.negotiation.rules
    rule, _sep, value = key.partition(":")
    if rule == "max_units_per_creator":
        count = rules.max_units_per_creator + 1
        return _(
            "allow {count} deliverables per creator "
            "(negotiation.rules.max_units_per_creator: {count})",
            count=count,
        )
    if rule == "max_units":
        count = campaign.negotiation.max_units + 1
        return _("allow {count} of one deliverable (negotiation.max_units: {count})", count=count)
    if rule == "max_creator_share":
        share = min(1.0, rules.max_creator_share + SHARE_STEP)
        return _(
            "let one creator take {share} of the budget "
            "(negotiation.rules.max_creator_share: {value})",
            share=_.percent(share, 0),
            value=f"{share:g}",
        )
    if rule == "max_per_platform":
        return _(
            "one more creator on {platform} (negotiation.rules.max_per_platform)",
            platform=PLATFORM_NAMES.get(value, value),
        )
    if rule == "max_creators":
        return _("one more creator in all (negotiation.rules.max_creators)")
    if rule in ("market_share", "tier_share"):
        return _(
            "{share} more of the spend for {key} (negotiation.rules.{rule})",
            share=_.percent(SHARE_STEP, 0),
            key=value,
            rule=rule,
        )
    return _(
        "shortlist the creators vetting flagged ({count}), once a person has checked them",
        count=_.number(held.get("flagged", 0)),
    )


def unlocking_changes(
    campaign: Campaign,
    allocation: Allocation,
    shortlist: pd.DataFrame,
    tables: dict[str, pd.DataFrame],
    _: Translator,
    time_limit: float = 5.0,
    prices: ShortlistPrices | None = None,
) -> pd.DataFrame:
    """Re-plan with one rule relaxed at a time, and what each would unlock of the idle budget.

    Each change is re-solved with :func:`~helpers.stages.negotiation.summary.what_if` on the
    shortlist priced once (``prices``, :func:`~helpers.stages.negotiation.models.price_shortlist`,
    or here); the flagged creators, when vetting flagged some, are tried as if a person had
    cleared them (that shortlist priced on the same price book).

    Returns
    -------
    DataFrame
        One row per change, the biggest unlock first: ``change`` (in words), ``planned_cost``,
        ``unlocked`` (planned cost minus the plan's), ``expected_kpi`` and ``gained`` (expected
        KPI minus the plan's). Empty when the plan leaves no budget worth unlocking.
    """
    from helpers.stages.negotiation.summary import what_if

    columns = ["change", "planned_cost", "unlocked", "expected_kpi", "gained"]
    idle = idle_budget(campaign, allocation)
    if idle is None or not idle.worth_saying:
        return pd.DataFrame(columns=columns)
    held = vetting_held_back(campaign, shortlist)
    relaxed = relaxed_changes(campaign, idle, shortlist)
    if relaxed and prices is None:
        prices = price_shortlist(campaign, shortlist, tables)
    rows = []
    for key, changes, other in relaxed:
        chosen, priced = shortlist, prices
        if other is not None:  # the flagged creators cleared: that shortlist, on the same book
            chosen, priced = other, price_shortlist(campaign, other, tables, prices.book)
        result = what_if(campaign, chosen, tables, changes, time_limit=time_limit, prices=priced)
        if result["status"] not in ("optimal", "time_limit"):
            continue
        rows.append(
            {
                "change": change_words(key, campaign, held, _),
                "planned_cost": result["planned_cost"],
                "unlocked": result["planned_cost"] - allocation.cost,
                "expected_kpi": result["expected_kpi"],
                "gained": result["expected_kpi"] - allocation.expected_kpi,
            }
        )
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values("unlocked", ascending=False).reset_index(drop=True)


def idle_sentence(campaign: Campaign, allocation: Allocation, flagged: int, _: Translator) -> str:
    """The finding's sentence on the idle budget: how much of the budget the plan leaves
    unplanned, why (every shortlisted creator planned, the rules at their limit) and what
    would use it (more creators of the group that brings most per spend, the flagged
    creators); empty when the idle budget is under :data:`IDLE_SHARE` of the spendable one."""
    idle = idle_budget(campaign, allocation)
    if idle is None or not idle.worth_saying:
        return ""
    money = campaign.currency
    opening = _(
        "**{unplanned} ({share}) of the budget is not planned** (the {reserve} reserve included):",
        unplanned=_.money(idle.unplanned, money),
        share=_.percent(idle.share, 0),
        reserve=_.money(idle.reserve, money),
    )
    limits = "; ".join(rule_words(rule, value, _) for rule, value in idle.binding)
    if idle.all_planned:
        why = (
            _("every shortlisted creator is already in the plan, at the rules' limits: {rules}.",
              rules=limits)
            if limits
            else _("every shortlisted creator is already in the plan.")
        )  # fmt: skip
    else:
        why = (
            _("the rules stop the plan: {rules}.", rules=limits)
            if limits
            else _("the creators left out do not fit the rules.")
        )
    return " ".join(
        part for part in (opening, why, _unlock_sentence(idle, flagged, money, _)) if part
    )


def _unlock_sentence(idle: IdleBudget, flagged: int, money: str, _: Translator) -> str:
    """What would use the idle budget: more creators like the planned ones, the flagged ones."""
    parts = []
    if idle.recruit:
        recruit = idle.recruit
        parts.append(
            _(
                "Adding about {count} more {tier} {platform} creators in {market} (about {each} "
                "each in this plan) would use about {unlocked}",
                count=_.number(recruit["count"]),
                tier=recruit["tier"],
                platform=PLATFORM_NAMES.get(recruit["platform"], recruit["platform"]),
                market=recruit["market"],
                each=_.money(recruit["cost_each"], money, 0),
                unlocked=_.money(recruit["unlocked"], money, 0),
            )
        )
    if flagged:
        parts.append(
            _("the creators vetting flagged ({count}) are the next to review",
              count=_.number(flagged))
        )  # fmt: skip
    if not parts:
        return ""
    text = "; ".join(parts) + _("; the table under the plan says what relaxing each rule unlocks.")
    return text[:1].upper() + text[1:]


def idle_paragraph(
    campaign: Campaign, allocation: Allocation, shortlist: pd.DataFrame | None, _: Translator
) -> str:
    """The idle-budget section's paragraph: how much of the spendable budget is idle, whether
    anyone is left to add, and whom vetting kept out (with the setting that loosens the filter
    that removed most); empty when nothing worth saying is idle."""
    idle = idle_budget(campaign, allocation)
    if idle is None or not idle.worth_saying:
        return ""
    money = campaign.currency
    lines = [
        _(
            "**{idle} of the {spendable} to spend after the reserve is idle** ({share}).",
            idle=_.money(idle.idle, money),
            spendable=_.money(idle.spendable, money),
            share=_.percent(idle.idle / idle.spendable, 0),
        )
    ]
    if idle.all_planned:
        lines.append(
            _("No market, platform or tier has a shortlisted creator left to add to the plan.")
        )
    held = vetting_held_back(campaign, shortlist)
    if held["filter"]:
        from helpers.stages.vetting.summary import FILTER_SETTINGS, FUNNEL_STEPS

        steps = {column: text for text, column in FUNNEL_STEPS if column}
        lines.append(
            _(
                "In the campaign's markets, platforms and tiers vetting excluded {excluded} "
                "creators and flagged {flagged} for a look; the filter “{step}” "
                "removed {removed} of them. The campaign file sets it with {setting}.",
                excluded=_.number(held["excluded"]),
                removed=_.number(held["removed"]),
                step=_(steps.get(held["filter"], held["filter"])),
                setting=FILTER_SETTINGS.get(held["filter"], held["filter"]),
                flagged=_.number(held["flagged"]),
            )
        )
    return " ".join(lines)


def groups_table(campaign: Campaign, allocation: Allocation, _: Translator) -> pd.DataFrame:
    """The plan per market, platform and tier, the group that brings most per spend first:
    creators planned, what one costs, the KPI per 1,000 of spend and the shortlisted creators
    left out (0: nobody left to add there)."""
    idle = idle_budget(campaign, allocation)
    if idle is None or idle.groups.empty:
        return pd.DataFrame()
    groups = idle.groups
    return groups.assign(platform=groups["platform"].map(lambda p: PLATFORM_NAMES.get(p, p)))[
        ["market", "platform", "tier", "creators", "cost_each", "kpi_per_1000", "left_out"]
    ]
