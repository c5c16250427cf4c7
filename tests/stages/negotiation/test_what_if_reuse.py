"""The what-if table against a fresh re-plan of each scenario, and the budget split's programme
built in blocks against the same programme built row by row."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.core import data
from helpers.core.campaign import load_campaign
from helpers.stages import negotiation
from helpers.stages.negotiation import solver
from helpers.stages.negotiation.labels import MAIN_DELIVERABLE
from helpers.stages.negotiation.rates import negotiation_rates

FIXTURE = Path(__file__).parents[2] / "fixtures" / "negotiation"


@pytest.fixture(scope="module")
def world():
    campaign = load_campaign(FIXTURE / "campaign.yaml")
    tables = data.load_campaign_data(campaign, ["roster", "pipeline"])
    shortlist = pd.read_csv(FIXTURE / "shortlist.csv", keep_default_na=False, na_values=[""])
    return campaign, tables, shortlist


def fresh_plan(campaign, tables, shortlist, changes: dict) -> dict:
    """A scenario re-planned from scratch, as the what-if table did it before."""
    changed = campaign.model_copy(
        update={"negotiation": campaign.negotiation.model_copy(update=changes)}
    )
    offers, allocation = negotiation.plan_campaign(changed, tables, shortlist, 0, 5.0)
    main = offers[offers["deliverable"] == offers["platform"].map(MAIN_DELIVERABLE)]
    return {
        "typical_fee": float(main["fair_fee"].median()) if len(main) else float("nan"),
        "planned_cost": allocation.cost,
        "creators": int(allocation.plan["influencer_id"].nunique()) if allocation.ok else 0,
        "deliverables": int(allocation.plan["quantity"].sum()) if allocation.ok else 0,
        "expected_kpi": allocation.expected_kpi,
        "status": allocation.status,
    }


@pytest.mark.parametrize("budget", [2000, 10])  # a plan, and nothing that fits
def test_each_what_if_row_is_a_fresh_re_plan(world, budget):
    campaign, tables, shortlist = world
    campaign = campaign.model_copy(update={"budget": budget})
    table = negotiation.what_if_table(campaign, shortlist, tables)
    scenarios = list(negotiation.WHAT_IF.values()) + [
        {"model": model}
        for model in ("flat", "hybrid", "cpm")
        if model != negotiation.compensation_model(campaign)
    ]
    assert len(table) == len(scenarios)
    for row, changes in zip(table.to_dict("records"), scenarios, strict=True):
        expected = fresh_plan(campaign, tables, shortlist, changes)
        assert {key: row[key] for key in expected} == expected
    if budget == 2000:
        assert (table["status"] == "optimal").all()
    else:
        assert set(table["status"]) <= {"over_budget", "contradictory_rules"}


@pytest.fixture(scope="module")
def problem(world):
    campaign, tables, shortlist = world
    offers = negotiation.build_offers(campaign, shortlist, tables)
    options = solver.unit_options(offers, negotiation_rates(campaign), 3)
    assert (options["unit"] > 1).any()
    return options, campaign.negotiation.rules


def row_by_row(options, rules, find_budget, creator_limit) -> solver._Rows:
    """The links and creator limits added one row at a time, as they used to be."""
    built = solver._Problem(options, find_budget)
    rows, n = solver._Rows(built.rows.columns), built.n
    groups = pd.Series(np.arange(n)).groupby(built.codes)
    for j in range(n):
        rows.add([j, n + built.codes[j]], [1, -1], -np.inf, 0)
    for code, group in groups:
        rows.add([n + code, *group], [1, *([-1] * len(group))], -np.inf, 0)
    keys = options.reset_index(drop=True).set_index(["offer", "unit"]).index
    lookup = dict(zip(keys, range(n), strict=True))
    for j, (offer, unit) in enumerate(keys):
        if unit > 1:
            rows.add([j, lookup[(offer, unit - 1)]], [1, -1], -np.inf, 0)
    for _code, group in groups:
        rows.add(group, np.ones(len(group)), -np.inf, rules.max_units_per_creator)
    cost = built.cost
    for _code, group in groups:
        if find_budget:
            rows.add([*group, n + built.m], [*cost[group], -find_budget[1]], -np.inf, 0)
        else:
            rows.add(group, cost[group], -np.inf, creator_limit)
    return rows


@pytest.mark.parametrize("find_budget", [None, (0.9, 0.4)])
def test_the_programme_in_blocks_is_the_one_built_row_by_row(problem, find_budget):
    options, rules = problem
    built = solver._Problem(options, find_budget)
    solver._add_links(built, rules)
    solver._add_creator_limits(built, 700.0, ())
    expected = row_by_row(options, rules, find_budget, 700.0).constraint()
    found = built.rows.constraint()
    assert found.A.shape == expected.A.shape
    assert (found.A != expected.A).nnz == 0
    assert np.array_equal(found.lb, expected.lb) and np.array_equal(found.ub, expected.ub)


@pytest.fixture
def solves(monkeypatch):
    """The programmes HiGHS is actually given, counted."""
    calls = []
    solve = solver._solve

    def counted(problem, time_limit):
        calls.append(problem.n)
        return solve(problem, time_limit)

    monkeypatch.setattr(solver, "_solve", counted)
    return calls


def test_the_what_if_table_reuses_the_plan_and_equal_programmes(world, solves):
    campaign, tables, shortlist = world
    offers, allocation = negotiation.plan_campaign(campaign, tables, shortlist, 0, 5.0)
    solves.clear()
    table = negotiation.what_if_table(campaign, shortlist, tables, allocation=allocation)
    # the default premiums: 3 months' organic reuse at 5% a month = 30 days' exclusivity at 15%,
    # so those two scenarios are one programme; the campaign's own plan is not solved again
    rates = negotiation_rates(campaign)
    assert 3 * rates["usage_organic_per_month"] == pytest.approx(rates["exclusivity_per_30_days"])
    assert len(table) == 7 and len(solves) == 5
    rows = table.set_index("scenario")
    assert rows.loc["as in the campaign file", "planned_cost"] == allocation.cost
    same = ["3 months of organic reuse", "30 days' exclusivity"]
    assert rows.loc[same[0]].to_dict() == rows.loc[same[1]].to_dict()
    row, expected = rows.loc["as in the campaign file"], fresh_plan(campaign, tables, shortlist, {})
    assert {key: row[key] for key in expected} == expected


def test_a_programme_is_solved_once_in_the_block_only_when_proven(
    world, problem, solves, monkeypatch
):
    options, rules = problem
    campaign = world[0]
    settings = {"rules": rules, "markets": campaign.markets, "spend_limit": 0.9 * campaign.budget}
    first = solver.solve_plan(options, creator_limit=None, **settings)
    with solver.same_programme_solved_once():
        inside = [solver.solve_plan(options, creator_limit=None, **settings) for _ in range(3)]
        other = solver.solve_plan(options, creator_limit=700.0, **settings)
    assert len(solves) == 1 + 1 + 1  # before the block, once in it, the other limit
    for status, chosen, objective in inside:
        assert status == first[0] == "optimal"
        assert np.array_equal(chosen, first[1]) and objective == first[2]
    assert other[2] <= first[2]
    solver.solve_plan(options, creator_limit=None, **settings)  # after the block: solved again
    assert len(solves) == 4

    def cut_short(problem, time_limit):
        solves.append(problem.n)
        return "time_limit", np.zeros(problem.n, dtype=bool), 0.0

    monkeypatch.setattr(solver, "_solve", cut_short)
    with solver.same_programme_solved_once():
        for _ in range(2):
            assert solver.solve_plan(options, creator_limit=None, **settings)[0] == "time_limit"
    assert len(solves) == 6  # a plan cut short by the time limit is solved again


def test_the_what_if_widget_solves_a_setting_once(world, solves):
    from helpers.stages.negotiation import widgets

    campaign, tables, shortlist = world
    widget = widgets.negotiation_what_if(campaign, shortlist, tables)
    assert len(solves) == 1  # the campaign file's plan, shown as the first what-if too
    months = widget.children[0].children[0]
    start = months.value
    months.value = start + 3
    assert len(solves) == 2
    months.value = start  # back to the campaign file's terms: solved already
    months.value = start + 3
    assert len(solves) == 2
