"""The budget split's mixed-integer programme (``scipy.optimize.milp``, HiGHS): the units the
optimiser may buy, the constraints the rules make, and the solve."""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from helpers.stages.negotiation.labels import SOLVER_SECONDS

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


@dataclass
class _Problem:
    """The programme being built: ``n`` unit variables, then ``m`` creator variables, then
    the budget variable when the smallest budget is sought."""

    options: pd.DataFrame
    find_budget: tuple[float, float] | None
    n: int = field(init=False)
    m: int = field(init=False)
    codes: np.ndarray = field(init=False)
    creators: pd.Index = field(init=False)
    rows: _Rows = field(init=False)

    def __post_init__(self) -> None:
        self.n = len(self.options)
        self.codes, self.creators = pd.factorize(self.options["influencer_id"])
        self.m = len(self.creators)
        self.rows = _Rows(self.n + self.m + (1 if self.find_budget else 0))

    @property
    def cost(self) -> np.ndarray:
        return self.options["cost"].to_numpy(float)

    @property
    def units(self) -> np.ndarray:
        return np.arange(self.n)

    @property
    def budget_column(self) -> int:
        return self.n + self.m

    @property
    def members(self):
        """The unit variables of each creator, grouped by creator code."""
        return pd.Series(self.units).groupby(self.codes)


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
    problem = _Problem(options, find_budget)
    _add_spend(problem, spend_limit)
    _add_links(problem, rules)
    _add_creator_limits(problem, creator_limit, skip)
    _add_counts(problem, rules, markets, skip)
    _add_shares(problem, rules, skip)
    for line_up in exclude or []:
        sign = np.where(np.isin(problem.creators, list(line_up)), 1.0, -1.0)
        problem.rows.add(problem.n + np.arange(problem.m), sign, -np.inf, len(line_up) - 1)
    return _solve(problem, time_limit)


def _add_spend(problem: _Problem, spend_limit: float | None) -> None:
    """Spend within the limit, or within the spendable share of the budget sought."""
    rows, cost, units = problem.rows, problem.cost, problem.units
    if spend_limit is not None and not problem.find_budget:
        rows.add(units, cost, -np.inf, spend_limit)
    if problem.find_budget:
        rows.add([*units, problem.budget_column], [*cost, -problem.find_budget[0]], -np.inf, 0)


def _add_links(problem: _Problem, rules) -> None:
    """No unit without its creator, no creator without a unit, unit k only after unit k - 1,
    and a few pieces per creator."""
    rows, n, units = problem.rows, problem.n, problem.units
    creator_of = n + problem.codes
    for j in units:
        rows.add([j, creator_of[j]], [1, -1], -np.inf, 0)
    for code, group in problem.members:
        rows.add([n + code, *group], [1, *([-1] * len(group))], -np.inf, 0)
    previous = problem.options.reset_index(drop=True).set_index(["offer", "unit"]).index
    lookup = dict(zip(previous, units, strict=True))
    for j, (offer, unit) in enumerate(previous):
        if unit > 1:
            rows.add([j, lookup[(offer, unit - 1)]], [1, -1], -np.inf, 0)
    for _code, group in problem.members:
        rows.add(group, np.ones(len(group)), -np.inf, rules.max_units_per_creator)


def _add_creator_limits(problem: _Problem, creator_limit: float | None, skip) -> None:
    """Each creator's spend within the limit (or the creator share of the budget sought)."""
    if "max_creator_share" in skip:
        return
    rows, cost = problem.rows, problem.cost
    for _code, group in problem.members:
        if problem.find_budget:
            columns = [*group, problem.budget_column]
            rows.add(columns, [*cost[group], -problem.find_budget[1]], -np.inf, 0)
        elif creator_limit is not None:
            rows.add(group, cost[group], -np.inf, creator_limit)


def _add_counts(problem: _Problem, rules, markets: list[str], skip) -> None:
    """Creators per platform, in all, and per market."""
    rows, n, options = problem.rows, problem.n, problem.options
    creator_platform = options.groupby(problem.codes)["platform"].first()
    creator_market = options.groupby(problem.codes)["market"].first()
    if "max_per_platform" not in skip:
        for platform, limit in rules.max_per_platform.items():
            codes = creator_platform.index[creator_platform == platform]
            if len(codes):
                rows.add(n + codes, np.ones(len(codes)), -np.inf, limit)
    if "max_creators" not in skip and rules.max_creators is not None:
        rows.add(n + np.arange(problem.m), np.ones(problem.m), -np.inf, rules.max_creators)
    if "min_creators_per_market" not in skip and rules.min_creators_per_market:
        for market in markets:
            codes = creator_market.index[creator_market == market]
            rows.add(n + codes, np.ones(len(codes)), rules.min_creators_per_market, np.inf)


def _add_shares(problem: _Problem, rules, skip) -> None:
    """Each market's and tier's share of the spend within its [min, max]."""
    cost = problem.cost
    for group, column in (("market_share", "market"), ("tier_share", "tier")):
        if group in skip:
            continue
        for key, (low, high) in getattr(rules, group).items():
            inside = (problem.options[column] == key).to_numpy(float)
            if low > 0:
                problem.rows.add(problem.units, (inside - low) * cost, 0, np.inf)
            if high < 1:
                problem.rows.add(problem.units, (inside - high) * cost, -np.inf, 0)


def _solve(problem: _Problem, time_limit: float) -> tuple[str, np.ndarray | None, float | None]:
    """Run HiGHS: maximise the value (a hair of cost breaks ties towards the cheaper of two
    equally good plans), or minimise the budget sought."""
    n, m, extra = problem.n, problem.m, 1 if problem.find_budget else 0
    cost = problem.cost
    if problem.find_budget:
        objective = np.zeros(n + m + 1)
        objective[problem.budget_column] = 1.0
    else:
        value = problem.options["value"].to_numpy(float)
        tie = 1e-7 * value.max() / max(cost.sum(), 1.0) if n else 0.0
        objective = np.concatenate([-value + tie * cost, np.zeros(m)])
    integrality = np.concatenate([np.ones(n + m), np.zeros(extra)])
    upper = np.concatenate([np.ones(n + m), np.full(extra, np.inf)])
    rows = problem.rows
    with _quiet_solver():
        result = milp(
            objective,
            constraints=rows.constraint() if rows.lower else None,
            integrality=integrality,
            bounds=Bounds(np.zeros(n + m + extra), upper),
            options={"time_limit": time_limit, "mip_rel_gap": 1e-6, "disp": False},
        )
    if result.x is None:
        return ("infeasible" if result.status == 2 else "failed"), None, None
    chosen = result.x[:n] > 0.5
    status = "optimal" if result.status == 0 else "time_limit"
    if problem.find_budget:
        return status, chosen, float(result.x[problem.budget_column])
    return status, chosen, float(problem.options["value"].to_numpy(float)[chosen].sum())
