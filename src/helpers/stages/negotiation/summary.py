"""The stage's finding, and the plan under other deal terms."""

from __future__ import annotations

import pandas as pd

from helpers import report
from helpers.core.campaign import Campaign
from helpers.stages.negotiation.budget import Allocation, allocate_budget
from helpers.stages.negotiation.labels import MAIN_DELIVERABLE, kpi_labels
from helpers.stages.negotiation.models import ShortlistPrices, offers_on_terms, price_shortlist
from helpers.stages.negotiation.rates import compensation_model, fee_basis
from helpers.stages.negotiation.solver import same_programme_solved_once
from helpers.stages.negotiation.supply import idle_sentence
from helpers.text import labels
from helpers.text.i18n import Translator, translator

# --- The finding ------------------------------------------------------------------------------


def negotiation_summary(
    campaign: Campaign, offers: pd.DataFrame, allocation: Allocation, flagged: int = 0
) -> str:
    """The stage's finding in two or three sentences of Markdown, for the top of the report, in
    the campaign's language.

    ``flagged`` is the number of creators the vetting stage flagged for a human look: when the
    shortlist rather than the budget limits the plan, they are where to look next.
    """
    _ = translator(campaign.language)
    if not allocation.ok:
        # the message names creators (handles from the roster): escaped, they stay text
        reason = _("**No budget split.** {reason}", reason=report.text(allocation.message))
        return " ".join(line for line in (reason, _nobody_sentence(offers, flagged, _)) if line)
    lines = [
        _plan_sentence(campaign, allocation, _),
        _quotes_sentence(campaign, offers, _),
        _next_sentence(campaign, allocation, flagged, _),
    ]
    return " ".join(line for line in lines if line)


def _nobody_sentence(offers: pd.DataFrame, flagged: int, _: Translator) -> str:
    """Why there is nobody to price, and what to change: the flagged creators to look at, or
    the vetting settings that left nobody."""
    if len(offers):
        return ""
    if flagged:
        return _(
            "Nobody is shortlisted; {count} flagged at vetting wait for a look: read their "
            "reasons on the vetting page, and shortlist them by loosening the vetting setting "
            "those reasons name in the campaign file.",
            count=_.number(flagged),
        )
    return _(
        "Vetting left nobody in the running: its finding names the filter and the setting to "
        "change in the campaign file (or the roster file to add creators to)."
    )


def _plan_sentence(campaign: Campaign, allocation: Allocation, _: Translator) -> str:
    """What the plan buys, for how much, and how much of the goal it brings."""
    kpi_name = kpi_labels(_)[allocation.kpi]
    plan = allocation.plan
    target = next((g.target for g in campaign.goals if g.kpi == allocation.kpi), None)
    plan_values = {
        "creators": _.number(plan["influencer_id"].nunique()),
        "deliverables": _.number(int(plan["quantity"].sum())),
        "cost": _.money(allocation.cost, campaign.currency),
        "budget": _.money(allocation.budget, campaign.currency),
        "reserve": _.money(allocation.budget - allocation.spendable, campaign.currency),
        "result": _("{count} {kpi}", count=_.number(allocation.expected_kpi), kpi=kpi_name),
    }
    if target:
        return _(
            "**Plan: {creators} creators, {deliverables} deliverables for {cost}** of the "
            "{budget} budget ({reserve} kept in reserve), expected to bring **{result}** (goal "
            "{target}: {share} of it).",
            target=_.number(target),
            share=_.percent(allocation.expected_kpi / target, 0),
            **plan_values,
        )
    return _(
        "**Plan: {creators} creators, {deliverables} deliverables for {cost}** of the "
        "{budget} budget ({reserve} kept in reserve), expected to bring **{result}**.",
        **plan_values,
    )


def _quotes_sentence(campaign: Campaign, offers: pd.DataFrame, _: Translator) -> str:
    """Where the fair fees come from, and how many quotes sit above the walk-away point."""
    main = offers[offers["deliverable"] == offers["platform"].map(MAIN_DELIVERABLE)]
    quoted = main[main["quote_with_terms"].notna()]
    above = int((quoted["quote_position"] == "above walk-away").sum())
    what = _("impressions × CPM") if fee_basis(campaign) == "cpm" else _("engagements × CPE")
    counts = {"what": what, "above": _.number(above), "quoted": _.number(len(quoted))}
    if above == 1:
        return _(
            "Fair fees come from each creator's expected {what}, with fake followers paid "
            "nothing; {above} of {quoted} quotes sits above our walk-away point.",
            **counts,
        )
    return _(
        "Fair fees come from each creator's expected {what}, with fake followers paid "
        "nothing; {above} of {quoted} quotes sit above our walk-away point.",
        **counts,
    )


def _next_sentence(campaign: Campaign, allocation: Allocation, flagged: int, _) -> str:
    """What limits the plan when budget is left (:func:`.supply.idle_sentence`: how much is
    idle, the shortlist or the rules, and what would use it), or what the next best line-up
    would bring; empty when there is neither."""
    idle = idle_sentence(campaign, allocation, flagged, _)
    if idle:
        return idle
    if len(allocation.alternatives) > 1:
        return _runner_up_sentence(campaign, allocation, _)
    return ""


def _runner_up_sentence(campaign: Campaign, allocation: Allocation, _: Translator) -> str:
    """How the next best line-up compares with the plan."""
    runner = allocation.alternatives.iloc[1]
    change = runner["expected_kpi"] / allocation.expected_kpi - 1
    cost = _.money(runner["planned_cost"], campaign.currency)
    if abs(change) < 0.01:
        return _(
            "The next best line-up brings almost the same ({result} for {cost}): the "
            "creators it swaps are interchangeable, so let their answers decide.",
            result=_.number(runner["expected_kpi"]),
            cost=cost,
        )
    kpi_name = kpi_labels(_)[allocation.kpi]
    if change <= 0:
        return _(
            "The next best line-up would bring {change} fewer {kpi} for {cost}.",
            change=_.percent(abs(change), 1),
            kpi=kpi_name,
            cost=cost,
        )
    return _(
        "The next best line-up would bring {change} more {kpi} for {cost}.",
        change=_.percent(abs(change), 1),
        kpi=kpi_name,
        cost=cost,
    )


WHAT_IF = {
    "as in the campaign file": {},
    "3 months of organic reuse": {"usage_months": 3, "paid_usage": False},
    "3 months of paid usage": {"usage_months": 3, "paid_usage": True},
    "30 days' exclusivity": {"exclusivity_days": 30},
    "rush delivery": {"rush": True},
}


def what_if_labels(_: Translator) -> dict[str, str]:
    """The names of the :data:`WHAT_IF` scenarios in the report's language."""
    return {
        "as in the campaign file": _("as in the campaign file"),
        "3 months of organic reuse": _("3 months of organic reuse"),
        "3 months of paid usage": _("3 months of paid usage"),
        "30 days' exclusivity": _("30 days' exclusivity"),
        "rush delivery": _("rush delivery"),
    }


#: the negotiation settings a what-if may change on the shortlist priced once: the deal terms,
#: the compensation model and the budget rules (any other setting prices the shortlist anew)
ON_TERMS = frozenset(
    {"usage_months", "paid_usage", "exclusivity_days", "rush", "model", "rules", "max_units"}
)


def what_if(
    campaign: Campaign,
    shortlist: pd.DataFrame,
    tables: dict[str, pd.DataFrame],
    changes: dict[str, object],
    time_limit: float = 5.0,
    prices: ShortlistPrices | None = None,
    plan: Allocation | None = None,
) -> dict[str, object]:
    """Re-plan with other deal terms (``usage_months``, ``paid_usage``, ``exclusivity_days``,
    ``rush``, ``model``) or rules: the typical fee and what the budget buys then.

    Only the offers' terms and the budget split are redone: the results, the fees before
    premiums and the quotes do not change with them, so ``prices`` (the shortlist priced once,
    :func:`.models.price_shortlist`) is reused when given and ``changes`` keeps to
    :data:`ON_TERMS`; the plan's runners-up and the offers' sentences are not needed here.
    ``plan``, the plan already made on these terms (the page's), is used instead of solving.

    Returns
    -------
    dict
        ``typical_fee`` (median fair fee of the main deliverables), ``planned_cost``,
        ``creators``, ``deliverables``, ``expected_kpi`` and ``status``.
    """
    changed = campaign.model_copy(
        update={"negotiation": campaign.negotiation.model_copy(update=changes)}
    )
    if prices is None or not set(changes) <= ON_TERMS:
        prices = price_shortlist(changed, shortlist, tables)
    offers = offers_on_terms(prices, changed, words=False)
    allocation = plan if plan is not None else allocate_budget(offers, changed, None, time_limit)
    main = offers[offers["deliverable"] == offers["platform"].map(MAIN_DELIVERABLE)]
    return {
        "typical_fee": float(main["fair_fee"].median()) if len(main) else float("nan"),
        "planned_cost": allocation.cost,
        "creators": int(allocation.plan["influencer_id"].nunique()) if allocation.ok else 0,
        "deliverables": int(allocation.plan["quantity"].sum()) if allocation.ok else 0,
        "expected_kpi": allocation.expected_kpi,
        "status": allocation.status,
    }


def what_if_table(
    campaign: Campaign,
    shortlist: pd.DataFrame,
    tables: dict[str, pd.DataFrame],
    prices: ShortlistPrices | None = None,
    allocation: Allocation | None = None,
) -> pd.DataFrame:
    """The plan under a few other deal terms and each compensation model, side by side
    (scenario names in the campaign's language). The shortlist is priced once (``prices``, or
    here) and every scenario re-solved on its terms (:func:`what_if`), except the campaign's
    own when ``allocation`` (its plan, :func:`.budget.allocate_budget`) is given, and a
    programme that comes out the same as an earlier scenario's (two premiums of one size)."""
    _ = translator(campaign.language)
    names = what_if_labels(_)
    scenarios = {names[name]: changes for name, changes in WHAT_IF.items()}
    current = compensation_model(campaign)
    models = labels.compensation_models(_)
    for model in ("flat", "hybrid", "cpm"):
        if model != current:
            scenarios[_("model: {model}", model=models[model])] = {"model": model}
    if prices is None:
        prices = price_shortlist(campaign, shortlist, tables)
    with same_programme_solved_once():
        rows = [
            {
                "scenario": name,
                **what_if(
                    campaign, shortlist, tables, changes, prices=prices,
                    plan=None if changes else allocation,
                ),
            }
            for name, changes in scenarios.items()
        ]  # fmt: skip
    return pd.DataFrame(rows)
