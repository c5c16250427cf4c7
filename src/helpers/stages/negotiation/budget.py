"""The budget split: a mixed-integer programme picks creators and deliverables."""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from helpers.core.campaign import Campaign
from helpers.stages.negotiation.labels import SOLVER_SECONDS, deliverable_labels, money_text
from helpers.stages.negotiation.models import build_offers
from helpers.stages.negotiation.rates import negotiation_rates, primary_kpi
from helpers.text.i18n import translator

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


RULE_GROUPS = (
    "min_creators_per_market",
    "market_share",
    "tier_share",
    "max_per_platform",
    "max_creators",
    "max_creator_share",
)


def unit_options(offers: pd.DataFrame, rates: dict[str, float], max_units: int) -> pd.DataFrame:
    """The units the optimiser may buy: unit 1, 2 ... of each priced offer.

    A second or later unit of the same deliverable costs ``1 - repeat_discount`` of the first
    and, when the KPI is reach, reaches only ``repeat_reach`` as many new people.
    """
    usable = offers[
        offers["committed_cost"].notna()
        & (offers["committed_cost"] > 0)
        & (offers["value"].fillna(0) > 0)
    ]
    frames = []
    for unit in range(1, max_units + 1):
        repeat = unit > 1
        price = 1 - rates["repeat_discount"] if repeat else 1.0
        new_people = np.where(repeat & (usable["kpi"] == "reach"), rates["repeat_reach"], 1.0)
        frames.append(
            pd.DataFrame(
                {
                    "offer": usable.index,
                    "influencer_id": usable["influencer_id"],
                    "handle": usable["handle"],
                    "platform": usable["platform"],
                    "market": usable["market"],
                    "tier": usable["tier"].astype(str),
                    "deliverable": usable["deliverable"],
                    "unit": unit,
                    "cost": usable["committed_cost"] * price,
                    "expected_cost": usable["expected_cost"] * price,
                    "kpi_value": usable["kpi_expected"] * new_people,
                    "value": usable["value"] * new_people,
                }
            )
        )
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True)


@contextlib.contextmanager
def _quiet_solver():
    """HiGHS sometimes writes progress notes straight to the process's stdout, which would land
    in the report; send file descriptors 1 and 2 to /dev/null while it runs."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    saved = [os.dup(1), os.dup(2)]
    with open(os.devnull, "w") as sink:
        os.dup2(sink.fileno(), 1)
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for handle in saved:
                os.close(handle)


@dataclass
class _Rows:
    """Sparse constraint rows for scipy's milp, added one at a time."""

    columns: int
    entries: list[tuple[int, int, float]] = field(default_factory=list)
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)

    def add(self, cols, values, lower: float, upper: float) -> None:
        row = len(self.lower)
        self.entries += [(row, int(c), float(v)) for c, v in zip(cols, values, strict=True)]
        self.lower.append(lower)
        self.upper.append(upper)

    def constraint(self) -> LinearConstraint:
        rows, cols, values = zip(*self.entries, strict=True) if self.entries else ((), (), ())
        matrix = sparse.csr_array((values, (rows, cols)), shape=(len(self.lower), self.columns))
        return LinearConstraint(matrix, self.lower, self.upper)


def solve_plan(
    options: pd.DataFrame,
    rules,
    markets: list[str],
    spend_limit: float | None,
    creator_limit: float | None,
    exclude: list[set[str]] | None = None,
    find_budget: tuple[float, float] | None = None,
    skip: tuple[str, ...] = (),
    time_limit: float = SOLVER_SECONDS,
) -> tuple[str, np.ndarray | None, float | None]:
    """Solve the budget split as a mixed-integer programme (``scipy.optimize.milp``, HiGHS).

    Variables: ``u_j`` = 1 when unit j is bought, ``y_i`` = 1 when creator i is hired.
    Maximise the sum of ``value_j u_j`` subject to: spend within ``spend_limit``; no unit
    without its creator and no creator without a unit; unit 2 only after unit 1; each
    creator's spend within ``creator_limit``; at most ``max_per_platform`` creators per
    platform and ``max_creators`` in all; at least ``min_creators_per_market`` in each market;
    each market's and tier's share of the spend within its [min, max].

    Parameters
    ----------
    options : DataFrame
        From :func:`unit_options`.
    rules : BudgetRules
        ``campaign.negotiation.rules``.
    markets : list of str
        The campaign's markets.
    spend_limit, creator_limit : float or None
        The budget after the reserve, and the most one creator may get (None: no limit).
    exclude : list of sets of creator ids, optional
        Creator line-ups that are not allowed again (to find the next best plans).
    find_budget : (spendable share, creator share), optional
        Instead of maximising the KPI, find the smallest budget B that allows a plan meeting
        the rules, with spend <= share x B and each creator <= creator share x B.
    skip : tuple of str
        Rule groups (see :data:`RULE_GROUPS`) to leave out, for diagnosing contradictions.

    Returns
    -------
    (status, chosen, objective)
        ``status`` is ``optimal``, ``time_limit``, ``infeasible`` or ``failed``; ``chosen`` a
        boolean array over the options (None without a solution); ``objective`` the total
        value, or the smallest budget when ``find_budget`` is given.
    """
    n = len(options)
    creator_codes, creators = pd.factorize(options["influencer_id"])
    m = len(creators)
    extra = 1 if find_budget else 0
    rows = _Rows(n + m + extra)
    cost = options["cost"].to_numpy(float)
    units = np.arange(n)
    creator_of = n + creator_codes
    budget_column = n + m
    if spend_limit is not None and not find_budget:
        rows.add(units, cost, -np.inf, spend_limit)
    if find_budget:
        rows.add([*units, budget_column], [*cost, -find_budget[0]], -np.inf, 0)
    for j in units:  # a unit only with its creator
        rows.add([j, creator_of[j]], [1, -1], -np.inf, 0)
    members = pd.Series(units).groupby(creator_codes)
    for code, group in members:  # a creator only with a unit
        rows.add([n + code, *group], [1, *([-1] * len(group))], -np.inf, 0)
    previous = options.reset_index(drop=True).set_index(["offer", "unit"]).index
    lookup = dict(zip(previous, units, strict=True))
    for j, (offer, unit) in enumerate(previous):  # unit k only after unit k - 1
        if unit > 1:
            rows.add([j, lookup[(offer, unit - 1)]], [1, -1], -np.inf, 0)
    for _code, group in members:  # a creator makes a few pieces, not everything on offer
        rows.add(group, np.ones(len(group)), -np.inf, rules.max_units_per_creator)
    if "max_creator_share" not in skip:
        for _code, group in members:
            if find_budget:
                rows.add([*group, budget_column], [*cost[group], -find_budget[1]], -np.inf, 0)
            elif creator_limit is not None:
                rows.add(group, cost[group], -np.inf, creator_limit)
    creator_platform = options.groupby(creator_codes)["platform"].first()
    creator_market = options.groupby(creator_codes)["market"].first()
    if "max_per_platform" not in skip:
        for platform, limit in rules.max_per_platform.items():
            codes = creator_platform.index[creator_platform == platform]
            if len(codes):
                rows.add(n + codes, np.ones(len(codes)), -np.inf, limit)
    if "max_creators" not in skip and rules.max_creators is not None:
        rows.add(n + np.arange(m), np.ones(m), -np.inf, rules.max_creators)
    if "min_creators_per_market" not in skip and rules.min_creators_per_market:
        for market in markets:
            codes = creator_market.index[creator_market == market]
            rows.add(n + codes, np.ones(len(codes)), rules.min_creators_per_market, np.inf)
    for group, column in (("market_share", "market"), ("tier_share", "tier")):
        if group in skip:
            continue
        for key, (low, high) in getattr(rules, group).items():
            inside = (options[column] == key).to_numpy(float)
            if low > 0:
                rows.add(units, (inside - low) * cost, 0, np.inf)
            if high < 1:
                rows.add(units, (inside - high) * cost, -np.inf, 0)
    for line_up in exclude or []:
        sign = np.where(np.isin(creators, list(line_up)), 1.0, -1.0)
        rows.add(n + np.arange(m), sign, -np.inf, len(line_up) - 1)
    if find_budget:
        objective = np.zeros(n + m + 1)
        objective[budget_column] = 1.0
    else:
        value = options["value"].to_numpy(float)
        # a hair of cost breaks ties towards the cheaper of two equally good plans
        tie = 1e-7 * value.max() / max(cost.sum(), 1.0) if n else 0.0
        objective = np.concatenate([-value + tie * cost, np.zeros(m)])
    integrality = np.concatenate([np.ones(n + m), np.zeros(extra)])
    upper = np.concatenate([np.ones(n + m), np.full(extra, np.inf)])
    with _quiet_solver():
        result = milp(
            objective,
            constraints=rows.constraint() if rows.lower else None,
            integrality=integrality,
            bounds=Bounds(np.zeros(n + m + extra), upper),
            options={"time_limit": time_limit, "mip_rel_gap": 1e-6, "disp": False},
        )
    if result.x is None:
        status = "infeasible" if result.status == 2 else "failed"
        return status, None, None
    chosen = result.x[:n] > 0.5
    status = "optimal" if result.status == 0 else "time_limit"
    if find_budget:
        return status, chosen, float(result.x[budget_column])
    return status, chosen, float(options["value"].to_numpy(float)[chosen].sum())


def rule_problems(campaign: Campaign, offers: pd.DataFrame) -> list[str]:
    """Rules that cannot hold whatever the budget: each a sentence saying what to change (in
    the campaign's language; the campaign file's field names stay as written)."""
    _ = translator(campaign.language)
    rules = campaign.negotiation.rules
    where = _("campaign file: negotiation.rules")
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
    alternatives: int = 2,
    time_limit: float = SOLVER_SECONDS,
) -> Allocation:
    """Choose creators and deliverables that maximise the primary KPI within budget and rules.

    The budget after the reserve is the spend limit; costs are each offer's
    ``committed_cost`` (what the model pays at high performance). When nothing fits, the
    smallest budget that would allow a plan meeting the rules is found and reported; when the
    rules cannot hold together, the rule to relax is named. After the best plan, the
    ``alternatives`` next best line-ups of creators are found too. Messages are in the
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
    solve = {
        "rules": rules,
        "markets": campaign.markets,
        "time_limit": time_limit,
    }
    creator_limit = rules.max_creator_share * budget
    status, chosen, _objective = solve_plan(
        options, spend_limit=spendable, creator_limit=creator_limit, **solve
    )
    if chosen is None:
        return _why_no_plan(options, campaign, base, solve)
    plan = _plan_table(options, chosen, offers)
    allocation = Allocation(status, "", plan=plan, **base)
    allocation.alternatives = _alternatives(
        options, chosen, alternatives, spendable, creator_limit, solve, campaign.language
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
    language = campaign.language
    _ = translator(language)
    rules = campaign.negotiation.rules
    shares = (1 - rules.reserve, rules.max_creator_share)
    status, chosen, needed = solve_plan(
        options, spend_limit=None, creator_limit=None, find_budget=shares, **solve
    )
    if chosen is not None:
        cheapest = _plan_table(options, chosen, None)
        labels = deliverable_labels(language)
        line_up = ", ".join(
            _("{count} {deliverable} from {handle}", count=q, deliverable=labels[d], handle=h)
            for h, d, q in cheapest[["handle", "deliverable", "quantity"]].itertuples(index=False)
        )
        message = _(
            "Nothing that meets the rules fits the budget of {budget} ({spendable} after the "
            "{reserve} reserve). The cheapest plan that meets them costs {cheapest} ({line_up}) "
            "and needs a budget of at least {needed}. Raise the budget, lower the reserve, or "
            "relax the rules (fewer creators per market).",
            budget=money_text(base["budget"], campaign.currency, language),
            spendable=money_text(base["spendable"], campaign.currency, language),
            reserve=_.percent(rules.reserve, 0),
            cheapest=money_text(cheapest["planned_cost"].sum(), campaign.currency, language),
            line_up=line_up,
            needed=money_text(needed, campaign.currency, language),
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
    plan = (
        picked.groupby("offer")
        .agg(
            influencer_id=("influencer_id", "first"),
            handle=("handle", "first"),
            platform=("platform", "first"),
            market=("market", "first"),
            tier=("tier", "first"),
            deliverable=("deliverable", "first"),
            quantity=("unit", "size"),
            planned_cost=("cost", "sum"),
            expected_cost=("expected_cost", "sum"),
            expected_kpi=("kpi_value", "sum"),
            value=("value", "sum"),
        )
        .reset_index()
    )
    if offers is not None:
        plan["name"] = plan["offer"].map(offers["name"])
        plan["compensation_model"] = plan["offer"].map(offers["compensation_model"])
    return plan.sort_values(["market", "handle", "deliverable"]).reset_index(drop=True)


def _alternatives(
    options, chosen, count, spendable, creator_limit, solve, language: str = "en"
) -> pd.DataFrame:
    """The best plan and the next best line-ups of creators, with what each would buy."""
    line_ups = [set(options.loc[chosen, "influencer_id"])]
    rows = [_plan_row(1, options, chosen, line_ups[0], line_ups[0], language)]
    for rank in range(2, count + 2):
        status, other, _objective = solve_plan(
            options, spend_limit=spendable, creator_limit=creator_limit,
            exclude=line_ups, **solve,
        )  # fmt: skip
        if other is None:
            break
        line_up = set(options.loc[other, "influencer_id"])
        rows.append(_plan_row(rank, options, other, line_up, line_ups[0], language))
        line_ups.append(line_up)
    return pd.DataFrame(rows)


def _plan_row(rank, options, chosen, line_up, best, language: str = "en") -> dict:
    _ = translator(language)
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
) -> tuple[pd.DataFrame, Allocation]:
    """Price the shortlist and split the budget: ``(offers with selected, allocation)``."""
    offers = build_offers(campaign, shortlist, tables)
    allocation = allocate_budget(offers, campaign, alternatives, time_limit)
    return mark_selected(offers, allocation), allocation
