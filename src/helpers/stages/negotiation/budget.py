"""The budget split: a mixed-integer programme picks creators and deliverables."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers.core.campaign import Campaign
from helpers.stages.negotiation.labels import SOLVER_SECONDS
from helpers.stages.negotiation.models import ShortlistPrices, offers_on_terms, price_shortlist
from helpers.stages.negotiation.rates import negotiation_rates, primary_kpi
from helpers.stages.negotiation.solver import RULE_GROUPS, solve_plan, unit_options
from helpers.text import labels
from helpers.text.i18n import Translator, translator

# --- The budget split -------------------------------------------------------------------------


@dataclass
class Allocation:
    """The outcome of :func:`allocate_budget`.

    ``status`` is ``optimal``, ``time_limit`` (the best plan found when the solver ran out of
    time), ``over_budget`` (nothing that meets the rules fits the budget), ``contradictory_rules``
    or ``no_candidates``; ``message`` says it in words for the report.
    """

    status: str
    message: str
    kpi: str
    budget: float
    spendable: float
    plan: pd.DataFrame = field(default_factory=pd.DataFrame)
    alternatives: pd.DataFrame = field(default_factory=pd.DataFrame)
    runners_up: pd.DataFrame = field(default_factory=pd.DataFrame)
    needed_budget: float | None = None

    @property
    def ok(self) -> bool:
        """True when there is a plan."""
        return self.status in ("optimal", "time_limit")

    @property
    def cost(self) -> float:
        """The plan's committed cost (campaign currency)."""
        return float(self.plan["planned_cost"].sum()) if len(self.plan) else 0.0

    @property
    def expected_kpi(self) -> float:
        """The plan's expected primary KPI (all audiences)."""
        return float(self.plan["expected_kpi"].sum()) if len(self.plan) else 0.0


def rule_problems(campaign: Campaign, offers: pd.DataFrame) -> list[str]:
    """Rules that cannot hold whatever the budget: each a sentence saying what to change (in
    the campaign's language; the campaign file's field names stay as written)."""
    _ = translator(campaign.language)
    where = _("campaign file: negotiation.rules")
    return [
        *_unknown_keys(campaign, where, _),
        *_empty_markets(campaign, offers, where, _),
        *_count_conflicts(campaign, where, _),
    ]


def _unknown_keys(campaign: Campaign, where: str, _: Translator) -> list[str]:
    """Market shares for markets the campaign does not have, and tier shares that need a tier
    the campaign does not vet."""
    rules = campaign.negotiation.rules
    lines = []
    for market in rules.market_share:
        if market not in campaign.markets:
            lines.append(
                _(
                    "{where}.market_share: {market} is not one of the campaign's markets "
                    "({markets})",
                    where=where,
                    market=market,
                    markets=", ".join(campaign.markets),
                )
            )
    for tier, (low, _high) in rules.tier_share.items():
        if tier not in campaign.vetting.tiers and low > 0:
            lines.append(
                _(
                    "{where}.tier_share: {tier} needs at least {share} of the spend but is not "
                    "one of the campaign's tiers ({tiers})",
                    where=where,
                    tier=tier,
                    share=_.percent(low, 0),
                    tiers=", ".join(campaign.vetting.tiers),
                )
            )
    return lines


def _empty_markets(campaign: Campaign, offers: pd.DataFrame, where: str, _) -> list[str]:
    """Markets the rules need creators in but that have no priced deliverable."""
    rules = campaign.negotiation.rules
    lines = []
    priced = offers[offers["committed_cost"].fillna(0) > 0] if len(offers) else offers
    for market in campaign.markets:
        present = len(priced) and (priced["market"] == market).any()
        low = rules.market_share.get(market, (0, 1))[0]
        if not present and (rules.min_creators_per_market > 0 or low > 0):
            lines.append(
                _(
                    "{where}: {market} has no shortlisted creator with a priced deliverable, but "
                    "the rules ask for at least {count} creator(s) there "
                    "(min_creators_per_market) or a share of the spend; widen vetting or set it "
                    "to 0",
                    where=where,
                    market=market,
                    count=rules.min_creators_per_market,
                )
            )
    return lines


def _count_conflicts(campaign: Campaign, where: str, _: Translator) -> list[str]:
    """Creator counts that cannot hold together: too few creators allowed in all, or per
    platform, for the minimum per market."""
    rules = campaign.negotiation.rules
    lines = []
    needed = rules.min_creators_per_market * len(campaign.markets)
    if rules.max_creators is not None and needed > rules.max_creators:
        lines.append(
            _(
                "{where}: max_creators ({max_creators}) is below min_creators_per_market "
                "({per_market}) x {markets} markets = {needed}",
                where=where,
                max_creators=rules.max_creators,
                per_market=rules.min_creators_per_market,
                markets=len(campaign.markets),
                needed=needed,
            )
        )
    limits = [rules.max_per_platform.get(p) for p in campaign.vetting.platforms]
    if all(limit is not None for limit in limits) and sum(limits) < needed:
        lines.append(
            _(
                "{where}: max_per_platform allows {allowed} creators in all, fewer than the "
                "{needed} that min_creators_per_market asks for",
                where=where,
                allowed=sum(limits),
                needed=needed,
            )
        )
    return lines


def allocate_budget(
    offers: pd.DataFrame,
    campaign: Campaign,
    alternatives: int | None = 2,
    time_limit: float = SOLVER_SECONDS,
) -> Allocation:
    """Choose creators and deliverables that maximise the primary KPI within budget and rules.

    The budget after the reserve is the spend limit; costs are each offer's
    ``committed_cost`` (what the model pays at high performance). When nothing fits, the
    smallest budget that would allow a plan meeting the rules is found and reported; when the
    rules cannot hold together, the rule to relax is named. After the best plan, the
    ``alternatives`` next best line-ups of creators are found too, and the runners-up left out
    (``alternatives`` None: neither, the plan alone, as a what-if needs it). Messages are in the
    campaign's language.

    Returns
    -------
    Allocation
    """
    _ = translator(campaign.language)
    rates = negotiation_rates(campaign)
    rules = campaign.negotiation.rules
    kpi = primary_kpi(campaign)
    budget = float(campaign.budget)
    spendable = budget * (1 - rules.reserve)
    base = {"kpi": kpi, "budget": budget, "spendable": spendable}
    problems = rule_problems(campaign, offers) if len(offers) else []
    if problems:
        return Allocation("contradictory_rules", " ".join(p + "." for p in problems), **base)
    options = unit_options(offers, rates, campaign.negotiation.max_units) if len(offers) else []
    if len(options) == 0:
        return Allocation(
            "no_candidates",
            _(
                "No shortlisted creator has a priced deliverable: nothing to plan. Check the "
                "vetting stage's shortlist and the deliverables in negotiation.deliverables."
            ),
            **base,
        )
    solve = {"rules": rules, "markets": campaign.markets, "time_limit": time_limit}
    return _best_plan(options, offers, campaign, base, solve, alternatives)


def _best_plan(options, offers, campaign: Campaign, base: dict, solve: dict, alternatives):
    """Solve within the budget; the plan, the next best line-ups and the runners-up, or why
    there is no plan."""
    _ = translator(campaign.language)
    spendable = base["spendable"]
    creator_limit = campaign.negotiation.rules.max_creator_share * base["budget"]
    status, chosen, _objective = solve_plan(
        options, spend_limit=spendable, creator_limit=creator_limit, **solve
    )
    if chosen is None:
        return _why_no_plan(options, campaign, base, solve)
    plan = _plan_table(options, chosen, offers)
    allocation = Allocation(status, "", plan=plan, **base)
    if alternatives is not None:
        allocation.alternatives = _alternatives(
            options, chosen, alternatives, spendable, creator_limit, solve, _
        )
        allocation.runners_up = _runners_up(options, chosen)
    allocation.message = (
        _("The solver stopped at its time limit: this is the best plan it found, not proven best.")
        if status == "time_limit"
        else _("Best plan within the budget and rules (proven optimal).")
    )
    return allocation


def _why_no_plan(options, campaign, base, solve) -> Allocation:
    """Explain an infeasible plan: too little budget, or rules that contradict each other."""
    _ = translator(campaign.language)
    rules = campaign.negotiation.rules
    shares = (1 - rules.reserve, rules.max_creator_share)
    status, chosen, needed = solve_plan(
        options, spend_limit=None, creator_limit=None, find_budget=shares, **solve
    )
    if chosen is not None:
        cheapest = _plan_table(options, chosen, None)
        words = labels.deliverables(_)
        line_up = ", ".join(
            _("{count} {deliverable} from {handle}", count=q, deliverable=words[d], handle=h)
            for h, d, q in cheapest[["handle", "deliverable", "quantity"]].itertuples(index=False)
        )
        message = _(
            "Nothing that meets the rules fits the budget of {budget} ({spendable} after the "
            "{reserve} reserve). The cheapest plan that meets them costs {cheapest} ({line_up}) "
            "and needs a budget of at least {needed}. Raise the budget, lower the reserve, or "
            "relax the rules (fewer creators per market).",
            budget=_.money(base["budget"], campaign.currency),
            spendable=_.money(base["spendable"], campaign.currency),
            reserve=_.percent(rules.reserve, 0),
            cheapest=_.money(cheapest["planned_cost"].sum(), campaign.currency),
            line_up=line_up,
            needed=_.money(needed, campaign.currency),
        )
        return Allocation("over_budget", message, plan=pd.DataFrame(), needed_budget=needed, **base)
    culprits = []
    for group in RULE_GROUPS:
        status, chosen, _budget = solve_plan(
            options, spend_limit=None, creator_limit=None, find_budget=shares,
            skip=(group,), **solve,
        )  # fmt: skip
        if chosen is not None:
            culprits.append(group)
    hint = (
        _(
            "Relaxing {rules} would allow a plan.",
            rules=_(" or ").join(f"negotiation.rules.{g}" for g in culprits),
        )
        if culprits
        else _("Relax several of them (market and tier shares, creator counts) to allow a plan.")
    )
    return Allocation(
        "contradictory_rules",
        _(
            "The budget rules contradict each other for this shortlist: no plan can meet them "
            "all, whatever the budget. {hint}",
            hint=hint,
        ),
        **base,
    )


def _plan_table(
    options: pd.DataFrame, chosen: np.ndarray, offers: pd.DataFrame | None
) -> pd.DataFrame:
    """Chosen units summed per creator and deliverable."""
    picked = options[chosen]
    by_offer = picked.groupby("offer")  # three passes over the groups instead of eleven
    names = ["influencer_id", "handle", "platform", "market", "tier", "deliverable"]
    sums = by_offer[["cost", "expected_cost", "kpi_value", "value"]].sum()
    plan = pd.concat(
        [
            by_offer[names].first(),
            by_offer.size().rename("quantity"),
            sums.rename(columns={"cost": "planned_cost", "kpi_value": "expected_kpi"}),
        ],
        axis=1,
    ).reset_index()
    if offers is not None:
        plan["name"] = plan["offer"].map(offers["name"])
        plan["compensation_model"] = plan["offer"].map(offers["compensation_model"])
    return plan.sort_values(["market", "handle", "deliverable"]).reset_index(drop=True)


def _alternatives(
    options, chosen, count, spendable, creator_limit, solve, _: Translator
) -> pd.DataFrame:
    """The best plan and the next best line-ups of creators, with what each would buy."""
    line_ups = [set(options.loc[chosen, "influencer_id"])]
    rows = [_plan_row(1, options, chosen, line_ups[0], line_ups[0], _)]
    for rank in range(2, count + 2):
        status, other, _objective = solve_plan(
            options, spend_limit=spendable, creator_limit=creator_limit,
            exclude=line_ups, **solve,
        )  # fmt: skip
        if other is None:
            break
        line_up = set(options.loc[other, "influencer_id"])
        rows.append(_plan_row(rank, options, other, line_up, line_ups[0], _))
        line_ups.append(line_up)
    return pd.DataFrame(rows)


def _plan_row(rank, options, chosen, line_up, best, _: Translator) -> dict:
    handles = options.drop_duplicates("influencer_id").set_index("influencer_id")["handle"]
    return {
        "plan": _("chosen") if rank == 1 else _("next best #{rank}", rank=rank - 1),
        "creators": len(line_up),
        "units": int(chosen.sum()),
        "planned_cost": float(options.loc[chosen, "cost"].sum()),
        "expected_kpi": float(options.loc[chosen, "kpi_value"].sum()),
        "added": ", ".join(sorted(handles[list(line_up - best)])),
        "dropped": ", ".join(sorted(handles[list(best - line_up)])),
    }


def _runners_up(options: pd.DataFrame, chosen: np.ndarray, count: int = 8) -> pd.DataFrame:
    """Creators left out, each with the best single unit they could have sold us."""
    hired = set(options.loc[chosen, "influencer_id"])
    first = options[(options["unit"] == 1) & ~options["influencer_id"].isin(hired)].copy()
    first["kpi_per_1000"] = first["kpi_value"] / first["cost"] * 1000
    best = first.sort_values("kpi_per_1000", ascending=False).drop_duplicates("influencer_id")
    columns = ["handle", "platform", "market", "tier", "deliverable", "cost", "kpi_value"]
    return best[[*columns, "kpi_per_1000"]].head(count).reset_index(drop=True)


def mark_selected(offers: pd.DataFrame, allocation: Allocation) -> pd.DataFrame:
    """``offers`` with the plan: ``selected``, ``quantity`` and ``planned_cost`` per offer."""
    marked = offers.copy()
    plan = allocation.plan.set_index("offer") if len(allocation.plan) else pd.DataFrame()
    quantity = plan["quantity"] if len(plan) else pd.Series(dtype=float)
    marked["quantity"] = marked.index.map(quantity).fillna(0).astype(int)
    marked["selected"] = marked["quantity"] > 0
    cost = plan["planned_cost"] if len(plan) else pd.Series(dtype=float)
    marked["planned_cost"] = marked.index.map(cost).fillna(0.0)
    return marked


def plan_campaign(
    campaign: Campaign,
    tables: dict[str, pd.DataFrame],
    shortlist: pd.DataFrame,
    alternatives: int = 2,
    time_limit: float = SOLVER_SECONDS,
    prices: ShortlistPrices | None = None,
) -> tuple[pd.DataFrame, Allocation]:
    """Price the shortlist and split the budget: ``(offers with selected, allocation)``.

    ``prices``: the shortlist already priced (:func:`.models.price_shortlist`), to share with
    the what-ifs (:func:`.summary.what_if_table`); priced here when not given.
    """
    if prices is None:
        prices = price_shortlist(campaign, shortlist, tables)
    offers = offers_on_terms(prices, campaign)
    allocation = allocate_budget(offers, campaign, alternatives, time_limit)
    return mark_selected(offers, allocation), allocation
