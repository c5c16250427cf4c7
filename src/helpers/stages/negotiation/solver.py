"""The budget split's mixed-integer programme (``scipy.optimize.milp``, HiGHS): the units the
optimiser may buy, the constraints the rules make, and the solve."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from helpers.stages.negotiation.labels import MAIN_DELIVERABLE, SOLVER_SECONDS

RULE_GROUPS = (
    "min_creators_per_market",
    "market_share",
    "tier_share",
    "max_per_platform",
    "max_creators",
    "max_creator_share",
)

#: the programmes solved in the current :func:`same_programme_solved_once` block, by their key
_SOLVED: ContextVar[dict | None] = ContextVar("solved", default=None)


def unit_options(offers: pd.DataFrame, rates: dict[str, float], max_units: int) -> pd.DataFrame:
    """The units the optimiser may buy: unit 1, 2 ... of each priced offer.

    A second or later unit of the same deliverable costs ``1 - repeat_discount`` of the first
    and, when the KPI is reach, reaches only ``repeat_reach`` as many new people. ``add_on``
    marks an add-on (a link in bio), bought only with the creator's ``main`` deliverable.
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
                    "add_on": _flag(usable, "add_on"),
                    "main": usable["deliverable"] == usable["platform"].map(MAIN_DELIVERABLE),
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


def _flag(offers: pd.DataFrame, column: str) -> pd.Series:
    """A true/false column of the offers, False where they have none."""
    if column not in offers:
        return pd.Series(False, index=offers.index)
    return offers[column].fillna(False).astype(bool)


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
    """Sparse constraint rows for scipy's milp, added a row or a block of rows at a time."""

    columns: int
    entries: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=list)
    lower: list[np.ndarray] = field(default_factory=list)
    upper: list[np.ndarray] = field(default_factory=list)
    count: int = 0

    def add(self, cols, values, lower: float, upper: float) -> None:
        """One row: ``values`` in ``cols``, between ``lower`` and ``upper``."""
        cols = np.asarray(cols, dtype=int)
        self.add_rows(np.zeros(len(cols), dtype=int), cols, values, [lower], [upper])

    def add_rows(self, rows, cols, values, lower, upper) -> None:
        """A block of rows: entry k goes to the block's row ``rows[k]`` (from 0)."""
        self.entries.append(
            (np.asarray(rows, dtype=int) + self.count, np.asarray(cols, dtype=int),
             np.asarray(values, dtype=float))
        )  # fmt: skip
        self.lower.append(np.asarray(lower, dtype=float))
        self.upper.append(np.asarray(upper, dtype=float))
        self.count += len(self.lower[-1])

    def constraint(self) -> LinearConstraint:
        rows, cols, values = (np.concatenate(part) for part in zip(*self.entries, strict=True))
        matrix = sparse.csr_array((values, (rows, cols)), shape=(self.count, self.columns))
        return LinearConstraint(matrix, np.concatenate(self.lower), np.concatenate(self.upper))


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
    cost: np.ndarray = field(init=False)
    by_creator: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.n = len(self.options)
        self.codes, self.creators = pd.factorize(self.options["influencer_id"])
        self.m = len(self.creators)
        self.rows = _Rows(self.n + self.m + (1 if self.find_budget else 0))
        self.cost = self.options["cost"].to_numpy(float)
        self.by_creator = np.argsort(self.codes, kind="stable")  # units, creator by creator

    @property
    def units(self) -> np.ndarray:
        return np.arange(self.n)

    @property
    def budget_column(self) -> int:
        return self.n + self.m

    def per_creator(self, values: np.ndarray, extra: float | None = None):
        """Rows, columns and values of one row per creator (in creator order) holding
        ``values`` of the creator's units, and ``extra`` in the budget column when given."""
        units = self.by_creator
        rows, cols, entries = self.codes[units], units, values[units]
        if extra is not None:
            rows = np.concatenate([rows, np.arange(self.m)])
            cols = np.concatenate([cols, np.full(self.m, self.budget_column)])
            entries = np.concatenate([entries, np.full(self.m, extra)])
        return rows, cols, entries


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
    without its creator and no creator without a unit; unit 2 only after unit 1; an add-on
    (a link in bio) only with the creator's main deliverable; each
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
    reuse = _SOLVED.get()
    if reuse is not None:
        line_ups = [sorted(line_up) for line_up in exclude or []]
        key = _programme_key(options, rules, markets, spend_limit, creator_limit, line_ups,
                             find_budget, skip)  # fmt: skip
        if key in reuse:
            status, chosen, objective = reuse[key]
            return status, None if chosen is None else chosen.copy(), objective
    problem = _Problem(options, find_budget)
    _add_spend(problem, spend_limit)
    _add_links(problem, rules)
    _add_add_ons(problem)
    _add_creator_limits(problem, creator_limit, skip)
    _add_counts(problem, rules, markets, skip)
    _add_shares(problem, rules, skip)
    for line_up in exclude or []:
        sign = np.where(np.isin(problem.creators, list(line_up)), 1.0, -1.0)
        problem.rows.add(problem.n + np.arange(problem.m), sign, -np.inf, len(line_up) - 1)
    outcome = _solve(problem, time_limit)
    if reuse is not None and outcome[0] in ("optimal", "infeasible"):  # proven, whatever the time
        reuse[key] = outcome[0], None if outcome[1] is None else outcome[1].copy(), outcome[2]
    return outcome


@contextlib.contextmanager
def same_programme_solved_once(solved: dict | None = None) -> Iterator[None]:
    """Within it, :func:`solve_plan` solves a programme it has solved before in the block (the
    same options, rules and limits: two what-ifs whose premiums come to the same prices) only
    once, and returns that outcome again. Only proven outcomes (optimal, infeasible) are kept:
    a plan cut short by the time limit is solved again.

    Parameters
    ----------
    solved : dict, optional
        The outcomes to keep them in, from block to block (a widget's, across its moves); the
        enclosing block's, or a new one, by default.
    """
    if solved is None:
        solved = _SOLVED.get()
    token = _SOLVED.set({} if solved is None else solved)
    try:
        yield
    finally:
        _SOLVED.reset(token)


def _programme_key(options: pd.DataFrame, *settings) -> str:
    """What makes a programme: every option's values, and the rules and limits (``repr``)."""
    digest = hashlib.sha256(pd.util.hash_pandas_object(options, index=True).to_numpy().tobytes())
    digest.update(repr(settings).encode())
    return digest.hexdigest()


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
    rows, n, m, units = problem.rows, problem.n, problem.m, problem.units
    none, zero = np.full(n, -np.inf), np.zeros(n)
    pairs = np.repeat(units, 2)
    columns = np.column_stack([units, n + problem.codes]).ravel()
    rows.add_rows(pairs, columns, np.tile([1.0, -1.0], n), none, zero)
    own_rows, own_units, _values = problem.per_creator(np.zeros(n))
    rows.add_rows(
        np.concatenate([np.arange(m), own_rows]),
        np.concatenate([n + np.arange(m), own_units]),
        np.concatenate([np.ones(m), -np.ones(n)]),
        np.full(m, -np.inf),
        np.zeros(m),
    )
    later = _later_units(problem.options)
    count = len(later)
    rows.add_rows(
        np.repeat(np.arange(count), 2),
        np.column_stack([later, _previous_units(problem.options, later)]).ravel(),
        np.tile([1.0, -1.0], count),
        np.full(count, -np.inf),
        np.zeros(count),
    )
    own_rows, own_units, ones = problem.per_creator(np.ones(n))
    limit = np.full(m, float(rules.max_units_per_creator))
    rows.add_rows(own_rows, own_units, ones, np.full(m, -np.inf), limit)


def _add_add_ons(problem: _Problem) -> None:
    """An add-on (a link in bio) only with its main deliverable: each add-on unit <= the
    creator's first unit of the main deliverable (never bought when there is none)."""
    options = problem.options
    if "add_on" not in options or not options["add_on"].any():
        return
    add_ons = np.flatnonzero(options["add_on"].to_numpy(bool))
    first_main = (options["main"].to_numpy(bool)) & (options["unit"].to_numpy() == 1)
    main_of = dict(zip(problem.codes[first_main], np.flatnonzero(first_main), strict=True))
    mains = np.array([main_of.get(code, -1) for code in problem.codes[add_ons]], dtype=int)
    count = len(add_ons)
    has_main = mains >= 0
    rows = np.concatenate([np.arange(count), np.flatnonzero(has_main)])
    cols = np.concatenate([add_ons, mains[has_main]])
    values = np.concatenate([np.ones(count), -np.ones(int(has_main.sum()))])
    problem.rows.add_rows(rows, cols, values, np.full(count, -np.inf), np.zeros(count))


def _later_units(options: pd.DataFrame) -> np.ndarray:
    """The unit variables of a second or later unit, in order."""
    return np.flatnonzero(options["unit"].to_numpy() > 1)


def _previous_units(options: pd.DataFrame, later: np.ndarray) -> np.ndarray:
    """For each later unit, the variable of the unit before it of the same offer."""
    keys = pd.MultiIndex.from_arrays([options["offer"], options["unit"]])
    if not keys.is_unique:  # the last of equal keys, as a lookup table has it
        last = {key: j for j, key in enumerate(keys)}
        return np.array([last[(keys[j][0], keys[j][1] - 1)] for j in later], dtype=int)
    wanted = pd.MultiIndex.from_arrays(
        [options["offer"].to_numpy()[later], options["unit"].to_numpy()[later] - 1]
    )
    previous = keys.get_indexer(wanted)
    if (previous < 0).any():
        raise KeyError(f"unit before {wanted[previous < 0][0]} is not among the options")
    return previous


def _add_creator_limits(problem: _Problem, creator_limit: float | None, skip) -> None:
    """Each creator's spend within the limit (or the creator share of the budget sought)."""
    if "max_creator_share" in skip:
        return
    m = problem.m
    if problem.find_budget:
        block = problem.per_creator(problem.cost, -problem.find_budget[1])
        problem.rows.add_rows(*block, np.full(m, -np.inf), np.zeros(m))
    elif creator_limit is not None:
        block = problem.per_creator(problem.cost)
        problem.rows.add_rows(*block, np.full(m, -np.inf), np.full(m, float(creator_limit)))


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
            constraints=rows.constraint() if rows.count else None,
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
